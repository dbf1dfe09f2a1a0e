// Definition checks of title rules and their dependency graph (see title_rules.hpp).
#include "awards/title_rules.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/topological_sort.hpp>
#include <cctype>
#include <iterator>
#include <set>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "core/suggest.hpp"
#include "core/text.hpp"
#include "thidua/organisation.hpp"  // find_cycle over a graph of named vertices

namespace thidua::detail {

bool is_iso_date(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const auto num = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (m < 1 || m > 12 || d < 1) return false;
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

const scheme* scheme_for(const scheme& s, title_subject subject) noexcept {
  if (subject == title_subject::unit) return s.subject == "unit" ? &s : nullptr;
  return s.subject == "member" ? &s : s.member_scheme.get();
}

parsed_title parse_title(const title_rule& rule) {
  parsed_title p;
  for (const auto& c : rule.all)
    if (auto r = parse_condition(c.text)) p.all.push_back(std::move(*r.value));
  for (const auto& c : rule.any)
    if (auto r = parse_condition(c.text)) p.any.push_back(std::move(*r.value));
  return p;
}

namespace {

using detail::did_you_mean;

std::string_view subject_word(title_subject s) { return s == title_subject::unit ? "a unit" : "a member"; }

class title_checker {
 public:
  title_checker(scheme& s, diagnostics& out) : s_(s), out_(out) {}

  std::size_t run() {
    s_.title_index.clear();
    s_.title_order.clear();
    s_.titles_read_criteria = false;
    s_.titles_read_members = false;
    const std::string as_of = s_.as_of.empty() ? s_.effective : s_.as_of;
    if (!s_.as_of.empty() && !is_iso_date(s_.as_of))
      report(errc::invalid_value, at_key("awards.as_of"), "awards.as_of", quoted(s_.as_of),
             "a date such as 2025-05-31 (year-month-day)");
    // Every version's id, subject and site, whether in force or not: references may name a
    // title that is not in force this year (it is then simply not held).
    for (std::size_t k = 0; k < s_.titles.size(); ++k) {
      title_rule& t = s_.titles[k];
      if (t.id.empty()) report(errc::missing_key, at(t, t.site), fmt::format("[[title]] #{}", k + 1), "id");
      check_dates(t);
      t.in_force = as_of.empty() || ((t.effective.empty() || t.effective <= as_of) &&
                                     (t.until.empty() || as_of < t.until));
      if (!t.id.empty()) any_version_.try_emplace(t.id, k);
      if (!t.in_force || t.id.empty()) continue;
      if (t.subject == title_subject::member && s_.subject == "unit") s_.titles_read_members = true;
      if (auto [it, fresh] = s_.title_index.try_emplace(t.id, k); !fresh)
        report(errc::duplicate_id, at(t, t.site), "title", t.id,
               fmt::format("{}; two versions of a title must not be in force at the same date{}",
                           s_.titles[it->second].site.line,
                           as_of.empty() ? " (set [awards] as_of or the scheme's effective date)" : ""));
    }
    for (std::size_t k = 0; k < s_.titles.size(); ++k) check_rule(s_.titles[k]);
    if (problems_ == 0) order_rules();
    return problems_;
  }

 private:
  source_position at(const title_rule& t, definition_site site) const {
    return {t.file.empty() ? s_.file : t.file, site.line, site.column};
  }
  source_position at_key(const std::string& key) const {
    const auto it = s_.sites.find(key);
    return it == s_.sites.end() ? source_position{s_.file, 0, 0}
                                : source_position{s_.file, it->second.line, it->second.column};
  }
  static std::string quoted(std::string_view v) { return fmt::format("\"{}\"", v); }

  template <class... Args>
  void report(errc code, source_position where, const Args&... args) {
    out_.add(make_diagnostic(code, std::move(where), args...));
    ++problems_;
  }

  void check_dates(const title_rule& t) {
    for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"effective", &t.effective},
                                     {"until", &t.until}})
      if (!value->empty() && !is_iso_date(*value))
        report(errc::invalid_value, at(t, t.site), fmt::format("title.{}.{}", t.id, key), quoted(*value),
               "a date such as 2024-01-01 (year-month-day)");
    if (!t.effective.empty() && !t.until.empty() && !(t.effective < t.until))
      report(errc::invalid_value, at(t, t.site), fmt::format("title.{}.until", t.id), quoted(t.until),
             fmt::format("a date after effective = {}", t.effective));
  }

  void check_rule(title_rule& t) {
    const scheme* own = scheme_for(s_, t.subject);
    if (!own) {
      report(errc::wrong_subject, at(t, t.site), t.id,
             t.subject == title_subject::unit
                 ? std::string("a unit title (subject = \"unit\") needs a scheme whose subjects are units")
                 : std::string("a member title needs the individual scheme members are scored with: add "
                               "[members] scheme = \"<file>.toml\""));
      return;
    }
    if (t.reward && *t.reward < decimal{})
      report(errc::invalid_value, at(t, t.site), fmt::format("title.{}.reward", t.id), t.reward->to_short_string(),
             "a multiple of lương cơ sở of at least 0");
    if (t.all.empty() && t.any.empty())
      report(errc::missing_key, at(t, t.site), fmt::format("[[title]] {}", t.id), "all (or any)");
    for (const auto* list : {&t.all, &t.any})
      for (const auto& c : *list) check_condition(t, c);
    if (t.quota) check_quota(t, *t.quota);
  }

  void check_condition(const title_rule& t, const title_condition& c) {
    const auto parsed = parse_condition(c.text);
    if (!parsed) {
      // The site is the opening quote: the string's first character is one column further.
      report(errc::condition_syntax, at(t, {c.site.line, c.site.column + static_cast<std::uint32_t>(parsed.error.column)}),
             t.id, fmt::format("{} in \"{}\"", parsed.error.message, c.text));
      return;
    }
    walk(t, c, *parsed.value, 0);
  }

  // Checks the names of a condition read `depth` levels below the title's subject.
  void walk(const title_rule& t, const title_condition& c, const condition& n, std::size_t depth) {
    using k = condition::kind;
    const title_subject level = depth == 0 ? t.subject : title_subject::member;
    const scheme* sc = scheme_for(s_, level);
    const auto where = [&](std::size_t column) {
      return at(t, {c.site.line, c.site.column + static_cast<std::uint32_t>(column)});
    };
    const std::string what = fmt::format("title '{}' condition \"{}\"", t.id, c.text);
    switch (n.k) {
      case k::class_cmp:
        if (sc && sc->find_class(n.name) < 0)
          report(errc::unknown_reference, where(n.name_column), what, "class", n.name,
                 did_you_mean(n.name, sc->classes, [](const class_def& x) -> std::string_view { return x.id; }));
        break;
      case k::family_cmp:
        if (sc && sc->find_family(n.name) < 0)
          report(errc::unknown_reference, where(n.name_column), what, "family", n.name,
                 did_you_mean(n.name, sc->families, [](const family& x) -> std::string_view { return x.id; }));
        break;
      case k::criterion_cmp:
        if (t.in_force && sc == &s_) s_.titles_read_criteria = true;
        if (sc && sc->find_criterion(n.name) < 0)
          report(errc::unknown_reference, where(n.name_column), what, "criterion", n.name,
                 did_you_mean(n.name, sc->criteria, [](const criterion& x) -> std::string_view { return x.id; }));
        break;
      case k::title:
      case k::streak: {
        const auto it = any_version_.find(n.name);
        if (it == any_version_.end()) {
          report(errc::unknown_reference, where(n.name_column), what, "title", n.name,
                 did_you_mean(n.name, s_.titles, [](const title_rule& x) -> std::string_view { return x.id; }));
        } else if (s_.titles[it->second].subject != level) {
          report(errc::wrong_subject, where(n.name_column), t.id,
                 fmt::format("'{}' is a title of {}, but \"{}\" reads it for {}{}", n.name,
                             subject_word(s_.titles[it->second].subject), c.text, subject_word(level),
                             level == title_subject::unit ? ": read members' titles with share/count/none/all(members, ...)"
                                                          : ""));
        }
        break;
      }
      case k::share:
      case k::count:
      case k::none:
      case k::all:
        if (level != title_subject::unit) {
          report(errc::wrong_subject, where(n.column), t.id,
                 fmt::format("\"{}\" reads members, but {} {}", c.text,
                             depth == 0 ? "this title is for members, who have" : "members have",
                             depth == 0 ? "no members" : "no members of their own"));
          return;
        }
        if (!s_.member_scheme && s_.subject == "unit" && reads_scores(n.children.at(0)))
          report(errc::wrong_subject, where(n.column), t.id,
                 fmt::format("\"{}\" reads members' scores or classes: add [members] scheme = \"<file>.toml\"",
                             c.text));
        if (t.in_force) s_.titles_read_members = true;  // the members file must be given
        walk(t, c, n.children.at(0), depth + 1);
        break;
      default:
        for (const auto& child : n.children) walk(t, c, child, depth);
    }
  }

  static bool reads_scores(const condition& n) {
    using k = condition::kind;
    if (n.k == k::class_cmp || n.k == k::total_cmp || n.k == k::family_cmp || n.k == k::criterion_cmp) return true;
    return std::any_of(n.children.begin(), n.children.end(), [](const condition& c) { return reads_scores(c); });
  }

  void check_quota(title_rule& t, title_quota& q) {
    const auto where = at(t, q.site);
    const std::string path = fmt::format("title.{}.quota", t.id);
    if (!(q.max > decimal{}) || q.max > decimal::from_int(1))
      report(errc::invalid_value, where, path + ".max", q.max.to_short_string(),
             "a share above 0 and at most 1 (0.15 = 15%)");
    const scheme* sc = scheme_for(s_, t.subject);
    if (q.of != "all") {
      if (q.of.starts_with("title:")) {
        const std::string id = q.of.substr(6);
        const auto it = any_version_.find(id);
        if (it == any_version_.end())
          report(errc::unknown_reference, where, path + ".of", "title", id,
                 did_you_mean(id, s_.titles, [](const title_rule& x) -> std::string_view { return x.id; }));
        else if (s_.titles[it->second].subject != t.subject)
          report(errc::wrong_subject, where, t.id,
                 fmt::format("the quota's base \"{}\" is a title of {}, but this title is for {}", q.of,
                             subject_word(s_.titles[it->second].subject), subject_word(t.subject)));
        else if (id == t.id)
          report(errc::invalid_value, where, path + ".of", quoted(q.of), "another title or class: a quota over itself means nothing");
      } else if (q.of.starts_with("class:")) {
        const std::string id = q.of.substr(6);
        if (sc && sc->find_class(id) < 0)
          report(errc::unknown_reference, where, path + ".of", "class", id,
                 did_you_mean(id, sc->classes, [](const class_def& x) -> std::string_view { return x.id; }));
      } else {
        report(errc::invalid_value, where, path + ".of", quoted(q.of),
               "\"title:<id>\", \"class:<id>\" or \"all\"");
      }
    }
    if (t.subject == title_subject::unit && q.per == title_quota::scope::unit)
      report(errc::wrong_subject, where, t.id, "a quota per unit only applies to members' titles; for units use per = \"block\" or \"all\"");
    if (t.subject == title_subject::member && q.per == title_quota::scope::unit && s_.subject == "member")
      report(errc::wrong_subject, where, t.id,
             "a quota per unit needs members of units; in a scheme of members use per = \"block\" (the sheet's group) or \"all\"");
    for (auto& key : q.order) {
      if (!sc) break;
      if (key.what == ranking_key::kind::family) {
        const auto f = sc->find_family(key.ref);
        if (f < 0)
          report(errc::unknown_reference, where, path + ".order", "family", key.ref,
                 did_you_mean(key.ref, sc->families, [](const family& x) -> std::string_view { return x.id; }));
        else
          key.index = static_cast<std::size_t>(f);
      } else if (key.what == ranking_key::kind::criterion) {
        if (t.in_force && sc == &s_) s_.titles_read_criteria = true;  // points the ranking must keep
        const auto c = sc->find_criterion(key.ref);
        if (c < 0)
          report(errc::unknown_reference, where, path + ".order", "criterion", key.ref,
                 did_you_mean(key.ref, sc->criteria, [](const criterion& x) -> std::string_view { return x.id; }));
        else
          key.index = static_cast<std::size_t>(c);
      }
    }
  }

  // The dependency graph of the rules in force and its topological order.
  void order_rules() {
    organisation::graph_type g;
    std::unordered_map<std::string, organisation::vertex> vertex_of;
    for (std::size_t k = 0; k < s_.titles.size(); ++k) {
      const auto& t = s_.titles[k];
      if (!t.in_force) continue;
      vertex_of[t.id] = boost::add_vertex(organisation::node{organisation::node_kind::unit, t.id, k}, g);
    }
    std::set<std::pair<organisation::vertex, organisation::vertex>> edges;
    const auto depends = [&](const std::string& on, const std::string& rule) {
      const auto from = vertex_of.find(on), to = vertex_of.find(rule);
      if (from == vertex_of.end() || to == vertex_of.end()) return;  // not in force: never held
      // The edge reads "needs": rule → what it reads, so a cycle prints as A → B → C → A.
      if (edges.emplace(to->second, from->second).second) boost::add_edge(to->second, from->second, g);
    };
    for (std::size_t k = 0; k < s_.titles.size(); ++k) {
      const auto& t = s_.titles[k];
      if (!t.in_force) continue;
      const parsed_title p = parse_title(t);
      for (const auto* list : {&p.all, &p.any})
        for (const auto& c : *list)
          for (const auto& ref : referenced_titles(c)) depends(ref.id, t.id);
      if (t.quota && t.quota->of.starts_with("title:")) depends(t.quota->of.substr(6), t.id);
    }
    if (const auto cycle = find_cycle(g)) {
      std::string path;
      for (const auto& id : *cycle) path += (path.empty() ? "" : " → ") + id;
      const auto& first = s_.titles[s_.title_index.at(cycle->front())];
      report(errc::rule_cycle, at(first, first.site), path);
      return;
    }
    // topological_sort lists a vertex after everything it points at: prerequisites first.
    std::vector<organisation::vertex> order;
    boost::topological_sort(g, std::back_inserter(order));
    for (const auto v : order) s_.title_order.push_back(g[v].row);
  }

  scheme& s_;
  diagnostics& out_;
  std::size_t problems_ = 0;
  std::unordered_map<std::string, std::size_t> any_version_;
};

}  // namespace

std::size_t check_titles(scheme& s, diagnostics& out) { return title_checker(s, out).run(); }

}  // namespace thidua::detail
