// Reading a scheme from TOML (toml++) into thidua::scheme. A JSON scheme (io/json_input.cpp)
// is turned into a TOML document and built here too (detail::build_scheme).
//
// This file checks what only the text can tell: TOML syntax, key names (with a suggestion
// for typos), value types, required keys, the spelling of enumerated strings, and numbers
// exact to 1/10000. What the values mean (ranges, references, sums, order) is checked by
// finalize_scheme (lib/model/scheme.cpp), so a scheme built in code gets the same rules.
// Problems are reported in file order; finalize_scheme's findings about an element whose
// values could not be read are dropped, since they would only echo the first error.
//
// Example:
//   thidua::diagnostics problems;
//   if (auto s = thidua::parse_scheme(text, "truong-hoc.toml", problems)) use(*s);
//   else for (const auto& d : problems.items()) std::cerr << d.to_string() << '\n';
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <set>
#include <system_error>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "thidua/history.hpp"  // parse_year
#include "thidua/io.hpp"
#include "core/text.hpp"  // detail::edit_distance, shared with the CSV reader
#include "io/json_input.hpp"  // detail::build_scheme, shared with the JSON reader

namespace thidua {
namespace {

using key_list = std::initializer_list<std::string_view>;

// "; did you mean 'X'?" for the closest known key within edit distance 2, else "".
std::string did_you_mean(std::string_view wrong, key_list known) {
  std::size_t best = 3;
  std::string_view found;
  for (const auto k : known) {
    const std::size_t d = detail::edit_distance(wrong, k);
    if (d < best && d < std::max(wrong.size(), k.size())) {
      best = d;
      found = k;
    }
  }
  return found.empty() ? std::string() : fmt::format("; did you mean '{}'?", found);
}

std::string in_quotes(std::string_view s) { return fmt::format("\"{}\"", s); }

definition_site site_of(const toml::source_position& p) { return {p.line, p.column}; }
definition_site site_of(const toml::node& n) { return site_of(n.source().begin); }

// One table being read: names for messages, and whether a value in it was unreadable.
struct element {
  std::string path;   // "criterion.CM1": prefix of value names in messages
  std::string table;  // "[[criterion]] CM1": the table as the author wrote it
  definition_site site;
  bool broken = false;
};

// Why finalize_scheme's findings may be echoes of a problem already reported.
struct echo_filter {
  std::set<std::pair<std::uint32_t, std::uint32_t>> broken_sites;
  bool criteria = false;  // a value of some criterion could not be read
  bool families = false;
  bool classes = false;
  bool scale = false;
  bool criterion_family_lost = false;  // a criterion whose family we could not read
  std::set<std::string> unreadable_lists;  // "families", ...: present but not an array of tables

  bool keep(const diagnostic& d) const {
    if (broken_sites.count({d.where.line, d.where.column})) return false;
    switch (d.code) {
      case errc::weights_sum: return !(criteria || families || scale);
      case errc::empty_scheme:
        if (d.where.line > 0) return !criterion_family_lost;  // a family left without criteria
        // "the scheme defines no families: ..." after [family] was written as a plain table.
        for (const auto& list : unreadable_lists)
          if (d.message.find("no " + list + ":") != std::string::npos) return false;
        return true;
      case errc::thresholds_not_descending:
      case errc::lowest_class_not_zero: return !classes;
      default: return true;
    }
  }
};

class reader {
 public:
  reader(std::string_view file, scheme& s) : file_(file), s_(s) {}

  std::vector<diagnostic> found;
  echo_filter echoes;

  void read(const toml::table& root) {
    const key_list top = {"scheme", "family",  "criterion", "bonus",  "deduction", "veto",
                          "class",  "ranking", "title",     "period", "members",   "awards"};
    for (auto&& [key, value] : root) {
      const std::string_view k = key.str();
      if (std::find(top.begin(), top.end(), k) == top.end())
        report(errc::unknown_key, key.source().begin, k, "the top level of the file", did_you_mean(k, top));
    }
    read_settings(root);
    using table = toml::table;
    for_each_table(root, "family", "families", echoes.families,
                   [&](const table& t, element& e) { read_family(t, e); });
    for_each_table(root, "criterion", "criteria", echoes.criteria,
                   [&](const table& t, element& e) { read_criterion(t, e); });
    read_cap(root, "bonus", s_.bonus_max);
    read_cap(root, "deduction", s_.deduction_max);
    bool vetoes_broken = false;  // nothing depends on vetoes being complete
    for_each_table(root, "veto", "vetoes", vetoes_broken, [&](const table& t, element& e) { read_veto(t, e); });
    for_each_table(root, "class", "classes", echoes.classes,
                   [&](const table& t, element& e) { read_class(t, e); });
    read_ranking(root);
    bool periods_broken = false;
    for_each_table(root, "period", "periods", periods_broken,
                   [&](const table& t, element& e) { read_period(t, e); });
    read_members(root);
    read_awards(root);
    read_titles(root);
  }

  // [members] scheme = "ca-nhan.toml": the individual scheme, relative to this file.
  void read_members(const toml::table& root) {
    const toml::node* n = root.get("members");
    if (!n) return;
    const toml::table* t = n->as_table();
    if (!t) {
      report(errc::wrong_type, n->source().begin, "members", "a table: write [members] and scheme = \"...\" below it");
      return;
    }
    element e{"members", "[members]", site_of(*t)};
    check_keys(*t, {"scheme"}, e.table);
    const auto file = read_string(*t, "scheme", e, true);
    if (!file) return;
    s_.sites["members.scheme"] = site_of(*t->get("scheme"));
    const auto path = relative_to_file(*file);
    // An individual scheme naming a scheme in turn would recurse: finalize_scheme rejects
    // nesting, and this depth keeps a loop of files from ever getting that far.
    static thread_local int nesting = 0;
    if (nesting > 2) return;
    diagnostics problems(std::numeric_limits<std::size_t>::max());
    ++nesting;
    auto m = load_scheme(path, problems);
    --nesting;
    if (m) {
      s_.member_scheme = std::make_shared<const scheme>(std::move(*m));
    } else {
      for (auto d : std::move(problems).take()) {
        // A file that cannot be read is reported where it is named.
        if (d.code == errc::cannot_open) d.where = at(t->get("scheme")->source().begin);
        found.push_back(std::move(d));
      }
    }
  }

  // [awards]: lương cơ sở, the date rules are selected at, presets of [[title]] rules.
  void read_awards(const toml::table& root) {
    const toml::node* n = root.get("awards");
    if (!n) return;
    const toml::table* t = n->as_table();
    if (!t) {
      report(errc::wrong_type, n->source().begin, "awards", "a table: write [awards] and its keys below it");
      return;
    }
    element e{"awards", "[awards]", site_of(*t)};
    check_keys(*t, {"base_salary", "as_of", "include", "rewards"}, e.table);
    if (auto v = read_string(*t, "rewards", e)) {
      if (*v == "highest") s_.rewards = scheme::reward_rule::highest;
      else if (*v == "each") s_.rewards = scheme::reward_rule::each;
      else
        report(errc::invalid_value, t->get("rewards")->source().begin, "awards.rewards", in_quotes(*v),
               "\"highest\" (one reward per subject: its best-paid title) or \"each\" (every title paid)");
    }
    if (const toml::node* b = t->get("base_salary")) {
      s_.sites["awards.base_salary"] = site_of(*b);
      if (const auto* i = b->as_integer()) s_.base_salary = i->get();
      else report(errc::wrong_type, b->source().begin, "awards.base_salary", "a whole number of đồng (2340000)");
    }
    if (const toml::node* d = t->get("as_of")) {
      s_.sites["awards.as_of"] = site_of(*d);
      if (auto v = date_text(*d, "awards.as_of")) s_.as_of = *v;
    }
    const toml::node* inc = t->get("include");
    if (!inc) return;
    const toml::array* files = inc->as_array();
    if (!files) {
      report(errc::wrong_type, inc->source().begin, "awards.include", "a list of files, e.g. [\"danh-hieu.toml\"]");
      return;
    }
    for (const auto& item : *files) {
      const auto* name = item.as_string();
      if (!name) {
        report(errc::wrong_type, item.source().begin, "awards.include", "a list of file names (strings)");
        continue;
      }
      include_preset(relative_to_file(name->get()), item.source().begin);
    }
  }

  // A preset: an optional [preset] table (name, source, note) and [[title]] rules.
  void include_preset(const std::filesystem::path& path, const toml::source_position& named_at) {
    diagnostics problems;
    const auto text = read_file(path, problems);
    if (!text) {
      for (auto d : std::move(problems).take()) {
        d.where = at(named_at);
        found.push_back(std::move(d));
      }
      return;
    }
    const std::string file = path.string();
    toml::table root;
    try {
      root = toml::parse(*text, std::string_view(file));
    } catch (const toml::parse_error& err) {
      const auto p = err.source().begin;
      found.push_back(make_diagnostic(errc::toml_syntax, source_position{file, p.line, p.column},
                                      std::string(err.description())));
      return;
    }
    reader inner(file, s_);
    for (auto&& [key, value] : root) {
      const std::string_view k = key.str();
      if (k != "preset" && k != "title")
        inner.report(errc::unknown_key, key.source().begin, k, "a titles preset (only [preset] and [[title]])",
                     did_you_mean(k, {"preset", "title"}));
    }
    if (const toml::node* p = root.get("preset")) {
      if (const toml::table* t = p->as_table())
        inner.check_keys(*t, {"name", "source", "note"}, "[preset]");
      else
        inner.report(errc::wrong_type, p->source().begin, "preset", "a table with name, source and note");
    }
    const std::size_t first = s_.titles.size();
    inner.read_titles(root);
    for (std::size_t k = first; k < s_.titles.size(); ++k) s_.titles[k].file = file;
    for (auto& d : inner.found) found.push_back(std::move(d));
  }

  std::filesystem::path relative_to_file(std::string_view name) const {
    const std::filesystem::path p{std::string(name)};
    if (p.is_absolute()) return p;
    return std::filesystem::path(std::string(file_)).parent_path() / p;
  }

  std::optional<std::string> date_text(const toml::node& d, const std::string& what) {
    if (const auto* text = d.as_string()) return text->get();
    if (const auto* date = d.as_date()) {
      const toml::date v = date->get();
      return fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day);
    }
    report(errc::wrong_type, d.source().begin, what, "a date such as 2024-01-01 (bare or in quotes)");
    return std::nullopt;
  }

  void read_titles(const toml::table& root) {
    bool titles_broken = false;
    for_each_table(root, "title", "titles", titles_broken, [&](const toml::table& t, element& e) { read_title(t, e); });
  }

  void read_title(const toml::table& t, element& e) {
    check_keys(t, {"id", "name", "subject", "all", "any", "quota", "reward", "source", "effective", "until"},
               e.table);
    title_rule r;
    r.site = e.site;
    if (auto v = read_string(t, "id", e, true)) r.id = *v;
    if (auto v = read_string(t, "name", e)) r.name = *v;
    if (auto v = read_string(t, "subject", e)) {
      if (*v == "unit") r.subject = title_subject::unit;
      else if (*v != "member")
        fail(e, errc::invalid_value, t.get("subject")->source().begin, e.path + ".subject", in_quotes(*v),
             "\"member\" (cá nhân) or \"unit\" (tập thể)");
    }
    read_conditions(t, "all", e, r.all);
    read_conditions(t, "any", e, r.any);
    if (auto v = read_number(t, "reward", e)) r.reward = *v;
    if (auto v = read_string(t, "source", e)) r.source = *v;
    if (const toml::node* d = t.get("effective"))
      if (auto v = date_text(*d, e.path + ".effective")) r.effective = *v;
    if (const toml::node* d = t.get("until"))
      if (auto v = date_text(*d, e.path + ".until")) r.until = *v;
    if (const toml::node* n = t.get("quota")) {
      if (const toml::table* q = n->as_table()) r.quota = read_title_quota(*q, e, site_of(*n));
      else
        fail(e, errc::wrong_type, n->source().begin, e.path + ".quota",
             "a table, e.g. { max = 0.15, of = \"title:LDTT\", per = \"unit\", round = \"down\" }");
    }
    s_.titles.push_back(std::move(r));
  }

  void read_conditions(const toml::table& t, std::string_view key, element& e, std::vector<title_condition>& out) {
    const toml::node* n = t.get(key);
    if (!n) return;
    const std::string what = e.path + "." + std::string(key);
    const auto add = [&](const toml::node& item) {
      if (const auto* text = item.as_string()) {
        std::string buffer;
        out.push_back({std::string(detail::to_nfc(text->get(), buffer)), site_of(item)});
      } else {
        fail(e, errc::wrong_type, item.source().begin, what, "a list of conditions (strings)");
      }
    };
    if (const toml::array* list = n->as_array()) {
      for (const auto& item : *list) add(item);
    } else if (n->is_string()) {
      add(*n);  // one condition without brackets
    } else {
      fail(e, errc::wrong_type, n->source().begin, what, "a list of conditions, e.g. [\"class >= tot\"]");
    }
  }

  title_quota read_title_quota(const toml::table& t, element& e, definition_site site) {
    check_keys(t, {"max", "of", "per", "round", "order"}, e.table + " quota");
    title_quota q;
    q.site = site;
    element sub = e;
    sub.path = e.path + ".quota";
    if (auto v = read_number(t, "max", sub, true)) q.max = *v;
    if (auto v = read_string(t, "of", sub)) q.of = *v;
    else q.of = "all";
    if (auto v = read_string(t, "per", sub)) {
      if (*v == "unit") q.per = title_quota::scope::unit;
      else if (*v == "block" || *v == "group") q.per = title_quota::scope::block;
      else if (*v == "all") q.per = title_quota::scope::all;
      else
        fail(sub, errc::invalid_value, t.get("per")->source().begin, sub.path + ".per", in_quotes(*v),
             "\"unit\", \"block\" or \"all\"");
    }
    if (auto v = read_string(t, "round", sub))
      if (!parse_rounding(*v, q.round))
        fail(sub, errc::invalid_value, t.get("round")->source().begin, sub.path + ".round", in_quotes(*v),
             "\"down\", \"half_up\", \"half_even\" or \"up\"");
    if (const toml::node* n = t.get("order")) {
      if (const toml::array* keys = n->as_array()) {
        for (const auto& item : *keys) {
          const auto* text = item.as_string();
          auto key = text ? parse_key(text->get()) : std::nullopt;
          if (!key) {
            fail(sub, errc::invalid_value, item.source().begin, sub.path + ".order",
                 text ? in_quotes(text->get()) : std::string("a non-string"),
                 "\"class\", \"total\", \"family:<id>\", \"criterion:<id>\", \"id\" or \"name\"");
            continue;
          }
          q.order.push_back(std::move(*key));
        }
      } else {
        fail(sub, errc::wrong_type, n->source().begin, sub.path + ".order", "a list of keys such as [\"total\", \"id\"]");
      }
    }
    if (sub.broken) e.broken = true;
    return q;
  }

  static std::optional<ranking_key> parse_key(std::string_view raw) {
    std::string nfc_buffer;
    const std::string k(detail::to_nfc(raw, nfc_buffer));
    if (k == "class") return ranking_key{ranking_key::kind::class_, {}, 0};
    if (k == "total") return ranking_key{ranking_key::kind::total, {}, 0};
    if (k == "id") return ranking_key{ranking_key::kind::id, {}, 0};
    if (k == "name") return ranking_key{ranking_key::kind::name, {}, 0};
    if (k.starts_with("family:") && k.size() > 7) return ranking_key{ranking_key::kind::family, k.substr(7), 0};
    if (k.starts_with("criterion:") && k.size() > 10) return ranking_key{ranking_key::kind::criterion, k.substr(10), 0};
    return std::nullopt;
  }

  void read_period(const toml::table& t, element& e) {
    check_keys(t, {"id", "name", "weight"}, e.table);
    period_def p;
    p.site = e.site;
    if (auto v = read_string(t, "id", e, true)) p.id = *v;
    if (auto v = read_string(t, "name", e)) p.name = *v;
    if (auto v = read_number(t, "weight", e, true)) p.weight = *v;
    s_.periods.push_back(std::move(p));
  }

 private:
  source_position at(const toml::source_position& p) const { return {std::string(file_), p.line, p.column}; }

  template <class... Args>
  void report(errc code, const toml::source_position& p, const Args&... args) {
    found.push_back(make_diagnostic(code, at(p), args...));
  }

  // A problem with a value: the element keeps its default there, so mark it.
  template <class... Args>
  void fail(element& e, errc code, const toml::source_position& p, const Args&... args) {
    e.broken = true;
    report(code, p, args...);
  }

  void check_keys(const toml::table& t, key_list known, const std::string& table_name,
                  std::string_view unsupported = {}, std::string_view why = {}) {
    for (auto&& [key, value] : t) {
      const std::string_view k = key.str();
      if (std::find(known.begin(), known.end(), k) != known.end()) continue;
      if (!unsupported.empty() && k == unsupported)
        report(errc::unsupported_feature, key.source().begin, k, why);
      else
        report(errc::unknown_key, key.source().begin, k, table_name, did_you_mean(k, known));
    }
  }

  const toml::node* need(const toml::table& t, std::string_view key, element& e, bool required) {
    const toml::node* n = t.get(key);
    if (!n && required) fail(e, errc::missing_key, to_toml(e.site), e.table, key);
    return n;
  }

  static toml::source_position to_toml(const definition_site& s) { return {s.line, s.column}; }

  std::optional<std::string> read_string(const toml::table& t, std::string_view key, element& e,
                                         bool required = false) {
    const toml::node* n = need(t, key, e, required);
    if (!n) return std::nullopt;
    if (const auto* v = n->as_string()) {
      // Ids and names are compared with score-sheet columns, which are NFC: normalise here too.
      std::string buffer;
      return std::string(detail::to_nfc(v->get(), buffer));
    }
    fail(e, errc::wrong_type, n->source().begin, e.path + "." + std::string(key), "a string (in quotes)");
    return std::nullopt;
  }

  std::optional<bool> read_bool(const toml::table& t, std::string_view key, element& e) {
    const toml::node* n = need(t, key, e, false);
    if (!n) return std::nullopt;
    if (const auto* v = n->as_boolean()) return v->get();
    fail(e, errc::wrong_type, n->source().begin, e.path + "." + std::string(key), "true or false");
    return std::nullopt;
  }

  // A TOML integer or float as an exact decimal. Floats go through their shortest decimal
  // text, so 0.25 is exactly 2500 units and 0.1 is 1000, not 0.1000000000000000055...
  std::optional<decimal> to_decimal(const toml::node& n, const std::string& what, element& e) {
    std::string text;
    if (const auto* i = n.as_integer()) {
      text = std::to_string(i->get());
    } else if (const auto* f = n.as_floating_point()) {
      const double d = f->get();
      if (!std::isfinite(d)) {
        fail(e, errc::invalid_value, n.source().begin, what, fmt::format("{}", d), "a finite number");
        return std::nullopt;
      }
      text = fmt::format("{}", d);
    } else {
      fail(e, errc::wrong_type, n.source().begin, what, "a number");
      return std::nullopt;
    }
    auto status = decimal::parse_status::ok;
    decimal value;
    if (text.find('e') != std::string::npos) {
      // Shortest form uses an exponent only below 1e-4 or from 1e16: either way no fit.
      status = std::abs(n.as_floating_point()->get()) < 1 ? decimal::parse_status::too_many_decimals
                                                          : decimal::parse_status::out_of_range;
    } else {
      const auto r = decimal::parse(text);
      status = r.status;
      value = r.value;
    }
    if (status == decimal::parse_status::too_many_decimals) {
      fail(e, errc::invalid_value, n.source().begin, what, text,
           "at most 4 decimals (thidua keeps points exact to 1/10000)");
      return std::nullopt;
    }
    if (status != decimal::parse_status::ok) {
      fail(e, errc::invalid_value, n.source().begin, what, text, "a number below 922337203685477");
      return std::nullopt;
    }
    return value;
  }

  std::optional<decimal> read_number(const toml::table& t, std::string_view key, element& e,
                                     bool required = false) {
    const toml::node* n = need(t, key, e, required);
    if (!n) return std::nullopt;
    return to_decimal(*n, e.path + "." + std::string(key), e);
  }

  // Calls `read` for each table of an array of tables such as [[criterion]].
  template <class Read>
  void for_each_table(const toml::table& root, std::string_view key, std::string_view plural, bool& broken,
                      Read read) {
    const toml::node* n = root.get(key);
    if (!n) return;
    const toml::array* list = n->as_array();
    if (!list) {
      broken = true;
      echoes.unreadable_lists.emplace(plural);
      if (key == "criterion") echoes.criterion_family_lost = true;
      report(errc::wrong_type, n->source().begin, key,
             fmt::format("an array of tables: write [[{}]] before each one", key));
      return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const toml::node& item = *list->get(i);
      const toml::table* t = item.as_table();
      if (!t) {
        broken = true;
        if (key == "criterion") echoes.criterion_family_lost = true;
        report(errc::wrong_type, item.source().begin, fmt::format("{} #{}", key, i + 1), "a table");
        continue;
      }
      // Name the element by its id from the start, so every message about it can.
      element e;
      const toml::node* id = t->get("id");
      const std::string name = id && id->is_string() ? id->as_string()->get() : fmt::format("#{}", i + 1);
      e.path = fmt::format("{}.{}", key, name);
      e.table = fmt::format("[[{}]] {}", key, name);
      e.site = site_of(*t);
      read(*t, e);
      if (e.broken) {
        broken = true;
        echoes.broken_sites.insert({e.site.line, e.site.column});
      }
    }
  }

  void read_settings(const toml::table& root) {
    const toml::node* n = root.get("scheme");
    if (!n) {
      report(errc::missing_key, toml::source_position{0, 0}, "the scheme file", "[scheme]");
      return;
    }
    const toml::table* t = n->as_table();
    if (!t) {
      report(errc::wrong_type, n->source().begin, "scheme", "a table: write [scheme] and its keys below it");
      return;
    }
    element e{"scheme", "[scheme]", site_of(*t)};
    check_keys(*t,
               {"id", "title", "subject", "scale", "precision", "rounding", "effective", "source", "missing",
                "not_applicable", "reserved_self", "period_rounding", "year"},
               e.table);
    if (auto v = read_string(*t, "id", e, true)) s_.id = *v;
    if (auto v = read_string(*t, "title", e)) s_.title = *v;
    if (auto v = read_string(*t, "source", e)) s_.source = *v;
    if (auto v = read_string(*t, "subject", e)) {
      s_.subject = *v;
      s_.sites["scheme.subject"] = site_of(*t->get("subject"));
    }
    if (const toml::node* scale = t->get("scale")) {
      s_.sites["scheme.scale"] = site_of(*scale);
      if (auto v = to_decimal(*scale, "scheme.scale", e)) s_.scale = *v;
      else echoes.scale = true;
    }
    if (const toml::node* p = t->get("precision")) {
      s_.sites["scheme.precision"] = site_of(*p);
      if (const auto* i = p->as_integer()) {
        const std::int64_t v = i->get();
        // finalize_scheme checks 0..4; here only keep the number from overflowing an int.
        if (v < -1000 || v > 1000)
          report(errc::invalid_value, p->source().begin, "scheme.precision", std::to_string(v),
                 "0 to 4 decimals for published totals");
        else
          s_.precision = static_cast<int>(v);
      } else {
        report(errc::wrong_type, p->source().begin, "scheme.precision", "an integer from 0 to 4");
      }
    }
    if (auto v = read_string(*t, "rounding", e)) {
      if (!parse_rounding(*v, s_.round))
        report(errc::invalid_value, t->get("rounding")->source().begin, "scheme.rounding", in_quotes(*v),
               "\"half_up\", \"half_even\", \"down\" or \"up\"");
    }
    if (const toml::node* d = t->get("effective")) {
      s_.sites["scheme.effective"] = site_of(*d);
      if (const auto* text = d->as_string()) {
        s_.effective = text->get();
      } else if (const auto* date = d->as_date()) {
        const toml::date v = date->get();
        s_.effective = fmt::format("{:04}-{:02}-{:02}", v.year, v.month, v.day);
      } else {
        report(errc::wrong_type, d->source().begin, "scheme.effective",
               "a date such as 2024-09-01 (bare or in quotes)");
      }
    }
    if (auto v = read_string(*t, "missing", e)) {
      if (*v == "zero") s_.missing = missing_rule::zero;
      else if (*v == "error") s_.missing = missing_rule::error;
      else
        report(errc::invalid_value, t->get("missing")->source().begin, "scheme.missing", in_quotes(*v),
               "\"zero\" (an empty cell counts 0 points) or \"error\" (an empty cell is an error)");
    }
    if (auto v = read_string(*t, "reserved_self", e)) {
      if (*v == "ignore") s_.reserved_self = reserved_self_rule::ignore;
      else if (*v == "reject") s_.reserved_self = reserved_self_rule::reject;
      else
        report(errc::invalid_value, t->get("reserved_self")->source().begin, "scheme.reserved_self", in_quotes(*v),
               "\"ignore\" (self-scores of reserved criteria are left out) or \"reject\" (they are an error)");
    }
    if (auto v = read_string(*t, "period_rounding", e)) {
      if (*v == "year" || *v == "period") s_.round_periods = *v == "period";
      else
        report(errc::invalid_value, t->get("period_rounding")->source().begin, "scheme.period_rounding",
               in_quotes(*v), "\"year\" (round once, the year total) or \"period\" (round each period total first)");
    }
    if (const toml::node* na = t->get("not_applicable")) read_not_applicable(*na);
    if (const toml::node* y = t->get("year")) {
      s_.sites["scheme.year"] = site_of(*y);
      std::optional<int> year;
      std::string shown;
      if (const auto* i = y->as_integer()) {
        shown = std::to_string(i->get());
        if (i->get() >= 1900 && i->get() <= 2999) year = static_cast<int>(i->get());
      } else if (const auto* text = y->as_string()) {
        shown = text->get();
        year = parse_year(shown);
      } else {
        shown = "a non-year";
      }
      if (year) s_.year = *year;
      else report(errc::bad_year, y->source().begin, shown);
    }
  }

  // not_applicable = "family" | "scale" | "full", or { level = "...", precision = N }.
  void read_not_applicable(const toml::node& n) {
    s_.sites["scheme.not_applicable"] = site_of(n);
    auto set_level = [&](const toml::node& v) {
      const auto* text = v.as_string();
      if (!text) {
        report(errc::wrong_type, v.source().begin, "scheme.not_applicable", "\"family\", \"scale\" or \"full\"");
        return;
      }
      const std::string& l = text->get();
      if (l == "family") s_.not_applicable.at = na_rule::level::family;
      else if (l == "scale") s_.not_applicable.at = na_rule::level::scale;
      else if (l == "full") s_.not_applicable.at = na_rule::level::full;
      else
        report(errc::invalid_value, v.source().begin, "scheme.not_applicable", in_quotes(l),
               "\"family\" (renormalise each family), \"scale\" (renormalise the whole scale) or \"full\" (an "
               "N/A criterion counts as its maximum)");
    };
    if (n.is_string()) {
      set_level(n);
      return;
    }
    const toml::table* t = n.as_table();
    if (!t) {
      report(errc::wrong_type, n.source().begin, "scheme.not_applicable",
             "a level such as \"family\", or a table { level = \"family\", precision = 2 }");
      return;
    }
    element inner{"scheme.not_applicable", "not_applicable of [scheme]", site_of(n)};
    check_keys(*t, {"level", "precision"}, inner.table);
    if (const toml::node* l = t->get("level")) set_level(*l);
    if (const toml::node* p = t->get("precision")) {
      if (const auto* i = p->as_integer(); i && i->get() >= 0 && i->get() <= 4)
        s_.not_applicable.precision = static_cast<int>(i->get());
      else
        report(errc::invalid_value, p->source().begin, "scheme.not_applicable.precision",
               fmt::format("{}", p->is_integer() ? std::to_string(p->as_integer()->get()) : std::string("(not an integer)")),
               "0 to 4 decimals for renormalised values");
    }
  }

  void read_family(const toml::table& t, element& e) {
    check_keys(t, {"id", "name", "weight"}, e.table);
    family f;
    f.site = e.site;
    if (auto v = read_string(t, "id", e, true)) f.id = *v;
    if (auto v = read_string(t, "name", e)) f.name = *v;
    if (const toml::node* w = t.get("weight")) f.weight = to_decimal(*w, e.path + ".weight", e);
    s_.families.push_back(std::move(f));
  }

  void read_criterion(const toml::table& t, element& e) {
    check_keys(t, {"id", "family", "name", "max", "input", "step", "tiers", "better", "linear", "per_failure", "reserved"},
               e.table);
    criterion c;
    c.site = e.site;
    if (auto v = read_string(t, "id", e, true)) c.id = *v;
    if (auto v = read_string(t, "family", e, true)) c.family = *v;
    else echoes.criterion_family_lost = true;
    if (auto v = read_string(t, "name", e)) c.name = *v;
    if (auto v = read_number(t, "max", e, true)) c.max = *v;
    if (auto v = read_string(t, "input", e)) {
      if (*v == "points") c.input = input_kind::points;
      else if (*v == "percent") c.input = input_kind::percent;
      else if (*v == "count") c.input = input_kind::count;
      else if (*v == "yes_no") c.input = input_kind::yes_no;
      else if (*v == "failures") c.input = input_kind::failures;
      else
        fail(e, errc::invalid_value, t.get("input")->source().begin, e.path + ".input", in_quotes(*v),
             "\"points\", \"percent\", \"count\", \"yes_no\" or \"failures\"");
    }
    if (auto v = read_number(t, "per_failure", e)) c.per_failure = *v;
    if (auto v = read_bool(t, "reserved", e)) c.reserved = *v;
    if (auto v = read_number(t, "step", e)) c.step = *v;
    if (auto v = read_string(t, "better", e)) {
      if (*v == "lower") c.lower_is_better = true;
      else if (*v != "higher")
        fail(e, errc::invalid_value, t.get("better")->source().begin, e.path + ".better", in_quotes(*v),
             "\"higher\" (tiers give points from a value of at least the threshold) or \"lower\" (at most)");
    }
    if (const toml::node* n = t.get("tiers")) read_tiers(*n, c, e);
    if (const toml::node* n = t.get("linear")) read_linear(*n, c, e);
    s_.criteria.push_back(std::move(c));
  }

  void read_tiers(const toml::node& n, criterion& c, element& e) {
    const std::string what = e.path + ".tiers";
    const toml::array* list = n.as_array();
    if (!list) {
      fail(e, errc::wrong_type, n.source().begin, what,
           "a list of [threshold, points] pairs, e.g. [[99, 10], [90, 5]]");
      return;
    }
    if (list->empty()) {
      fail(e, errc::invalid_value, n.source().begin, what, "[]", "at least one [threshold, points] pair");
      return;
    }
    for (std::size_t k = 0; k < list->size(); ++k) {
      const toml::node& item = *list->get(k);
      const toml::array* pair = item.as_array();
      if (!pair || pair->size() != 2) {
        fail(e, errc::wrong_type, item.source().begin, fmt::format("{} (tier {})", what, k + 1),
             "a pair [threshold, points], e.g. [90, 5]");
        continue;
      }
      const auto threshold = to_decimal(*pair->get(0), fmt::format("{} (tier {} threshold)", what, k + 1), e);
      const auto points = to_decimal(*pair->get(1), fmt::format("{} (tier {} points)", what, k + 1), e);
      if (threshold && points) c.tiers.push_back({*threshold, *points});
    }
  }

  void read_linear(const toml::node& n, criterion& c, element& e) {
    const toml::table* t = n.as_table();
    if (!t) {
      fail(e, errc::wrong_type, n.source().begin, e.path + ".linear",
           "a table such as { full = 100, zero = 50 }");
      return;
    }
    element inner{e.path + ".linear", "linear of " + e.table, site_of(n)};
    check_keys(*t, {"full", "zero"}, inner.table);
    const auto full = read_number(*t, "full", inner, true);
    const auto zero = read_number(*t, "zero", inner, true);
    if (full && zero) c.linear = linear_rule{*full, *zero};
    if (inner.broken) e.broken = true;
  }

  // [bonus] and [deduction]: a table with its cap.
  void read_cap(const toml::table& root, std::string_view key, std::optional<decimal>& cap) {
    const toml::node* n = root.get(key);
    if (!n) return;
    const toml::table* t = n->as_table();
    if (!t) {
      report(errc::wrong_type, n->source().begin, key,
             fmt::format("a table: write [{}] and max = ... below it", key));
      return;
    }
    element e{std::string(key), fmt::format("[{}]", key), site_of(*t)};
    check_keys(*t, {"max"}, e.table);
    if (const toml::node* m = need(*t, "max", e, true)) {
      s_.sites[e.path + ".max"] = site_of(*m);
      cap = to_decimal(*m, e.path + ".max", e);
    }
  }

  void read_veto(const toml::table& t, element& e) {
    check_keys(t, {"id", "name", "flag", "cap_class", "exclude"}, e.table);
    veto v;
    v.site = e.site;
    if (auto x = read_string(t, "id", e, true)) v.id = *x;
    if (auto x = read_string(t, "name", e)) v.name = *x;
    if (auto x = read_string(t, "flag", e)) v.flag = *x;
    if (auto x = read_string(t, "cap_class", e)) v.cap_class = *x;
    if (auto x = read_bool(t, "exclude", e)) v.exclude = *x;
    s_.vetoes.push_back(std::move(v));
  }

  void read_class(const toml::table& t, element& e) {
    check_keys(t, {"id", "name", "min", "min_family", "quota"}, e.table);
    class_def c;
    c.site = e.site;
    if (auto v = read_string(t, "id", e, true)) c.id = *v;
    if (auto v = read_string(t, "name", e)) c.name = *v;
    if (auto v = read_number(t, "min", e, true)) c.min = *v;
    if (const toml::node* n = t.get("min_family")) {
      if (const toml::table* mins = n->as_table()) {
        // toml++ keeps keys sorted; keep the author's order instead.
        std::vector<std::pair<const toml::key*, const toml::node*>> entries;
        for (auto&& [key, value] : *mins) entries.emplace_back(&key, &value);
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
          const auto pa = a.first->source().begin, pb = b.first->source().begin;
          return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
        });
        for (const auto& [key, value] : entries) {
          const std::string family(key->str());
          if (auto v = to_decimal(*value, fmt::format("{}.min_family.{}", e.path, family), e))
            c.min_family.push_back({family, *v, 0});
        }
      } else {
        fail(e, errc::wrong_type, n->source().begin, e.path + ".min_family",
             "a table of family = minimum, e.g. { dan_van = 24 }");
      }
    }
    if (const toml::node* n = t.get("quota")) {
      if (const toml::table* q = n->as_table()) c.quota = read_quota(*q, e, site_of(*n));
      else
        fail(e, errc::wrong_type, n->source().begin, e.path + ".quota",
             "a table, e.g. { max = 0.20, of = \"class:tot\", per = \"group\", round = \"down\" }");
    }
    s_.classes.push_back(std::move(c));
  }

  class_quota read_quota(const toml::table& t, element& e, definition_site site) {
    check_keys(t, {"max", "of", "per", "round", "ties"}, e.table + " quota");
    class_quota q;
    q.site = site;
    element sub = e;
    sub.path = e.path + ".quota";
    if (auto v = read_number(t, "max", sub, true)) q.max = *v;
    if (auto v = read_string(t, "of", sub, true)) q.of = *v;
    auto choice = [&](std::string_view key, std::initializer_list<std::string_view> allowed) -> std::optional<std::string> {
      auto v = read_string(t, key, sub);
      if (v && std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + fmt::format("\"{}\"", a);
        fail(sub, errc::invalid_value, t.get(key)->source().begin, sub.path + "." + std::string(key),
             fmt::format("\"{}\"", *v), "one of " + list);
        return std::nullopt;
      }
      return v;
    };
    if (auto v = choice("per", {"group", "block", "unit", "all"}))
      q.per = *v == "all" ? class_quota::scope::all : class_quota::scope::group;
    if (auto v = choice("round", {"down", "half_up", "half_even", "up"})) parse_rounding(*v, q.round);
    if (auto v = choice("ties", {"drop", "stay"})) q.ties = *v == "stay" ? class_quota::at_tie::stay : class_quota::at_tie::drop;
    if (sub.broken) e.broken = true;
    return q;
  }

  void read_ranking(const toml::table& root) {
    const toml::node* n = root.get("ranking");
    if (!n) return;
    const toml::table* t = n->as_table();
    if (!t) {
      report(errc::wrong_type, n->source().begin, "ranking", "a table: write [ranking] and its keys below it");
      return;
    }
    element e{"ranking", "[ranking]", site_of(*t)};
    check_keys(*t, {"order", "ties"}, e.table);
    if (auto v = read_string(*t, "ties", e)) {
      if (*v == "competition") s_.ties = tie_rule::competition;
      else if (*v == "dense") s_.ties = tie_rule::dense;
      else
        report(errc::invalid_value, t->get("ties")->source().begin, "ranking.ties", in_quotes(*v),
               "\"competition\" (1, 2, 2, 4) or \"dense\" (1, 2, 2, 3)");
    }
    const toml::node* order = t->get("order");
    if (!order) return;
    const toml::array* keys = order->as_array();
    if (!keys) {
      report(errc::wrong_type, order->source().begin, "ranking.order",
             "a list of keys such as [\"class\", \"total\", \"id\"]");
      return;
    }
    s_.sites["ranking.order"] = site_of(*order);
    s_.order.clear();
    for (std::size_t j = 0; j < keys->size(); ++j) {
      const toml::node& item = *keys->get(j);
      const auto* text = item.as_string();
      if (!text) {
        report(errc::wrong_type, item.source().begin, fmt::format("ranking.order (key {})", j + 1), "a string");
        continue;
      }
      std::string nfc_buffer;
      const std::string k(detail::to_nfc(text->get(), nfc_buffer));
      ranking_key key;
      if (k == "class") key.what = ranking_key::kind::class_;
      else if (k == "total") key.what = ranking_key::kind::total;
      else if (k == "id") key.what = ranking_key::kind::id;
      else if (k == "name") key.what = ranking_key::kind::name;
      else if (k.starts_with("family:") && k.size() > 7) key = {ranking_key::kind::family, k.substr(7), 0};
      else if (k.starts_with("criterion:") && k.size() > 10) key = {ranking_key::kind::criterion, k.substr(10), 0};
      else {
        report(errc::invalid_value, item.source().begin, "ranking.order", in_quotes(k),
               "\"class\", \"total\", \"family:<id>\", \"criterion:<id>\", \"id\" or \"name\"");
        continue;
      }
      s_.sites[fmt::format("ranking.order.{}", s_.order.size())] = site_of(item);
      s_.order.push_back(std::move(key));
    }
  }

  std::string_view file_;
  scheme& s_;
};

}  // namespace

namespace detail {

std::optional<scheme> build_scheme(const toml::table& root, std::string_view file_name,
                                   std::vector<diagnostic>& problems) {
  scheme s;
  s.file = std::string(file_name);
  reader r(file_name, s);
  r.read(root);

  diagnostics semantic(std::numeric_limits<std::size_t>::max());
  finalize_scheme(s, semantic);
  problems = std::move(r.found);
  for (auto& d : std::move(semantic).take())
    if (r.echoes.keep(d)) problems.push_back(std::move(d));
  if (problems.empty()) return s;
  return std::nullopt;
}

void sort_scheme_problems(std::vector<diagnostic>& all, std::string_view file_name) {
  // File order reads best; whole-file problems (line 0) first.
  // Problems of other files (the individual scheme, presets) after those of this one.
  std::stable_sort(all.begin(), all.end(), [&](const diagnostic& a, const diagnostic& b) {
    return std::tuple(a.where.file != file_name, a.where.file, a.where.line, a.where.column) <
           std::tuple(b.where.file != file_name, b.where.file, b.where.line, b.where.column);
  });
}

}  // namespace detail

std::optional<scheme> parse_scheme(std::string_view toml, std::string_view file_name, diagnostics& out) {
  toml::table root;
  try {
    root = toml::parse(toml, std::string_view(file_name));
  } catch (const toml::parse_error& e) {
    const auto p = e.source().begin;
    out.add(make_diagnostic(errc::toml_syntax, source_position{std::string(file_name), p.line, p.column},
                            std::string(e.description())));
    return std::nullopt;
  }
  std::vector<diagnostic> all;
  auto s = detail::build_scheme(root, file_name, all);
  if (s) return s;
  detail::sort_scheme_problems(all, file_name);
  for (auto& d : all) out.add(std::move(d));
  return std::nullopt;
}

scheme parse_scheme(std::string_view toml, std::string_view file_name) {
  diagnostics problems;
  auto s = parse_scheme(toml, file_name, problems);
  if (!s) throw input_error(std::move(problems));
  return std::move(*s);
}

std::optional<scheme> load_scheme(const std::filesystem::path& file, diagnostics& out) {
  const auto text = read_file(file, out);
  if (!text) return std::nullopt;
  if (detail::is_json_scheme(file, *text)) return parse_scheme_json(*text, file.string(), out);
  return parse_scheme(*text, file.string(), out);
}

scheme load_scheme(const std::filesystem::path& file) {
  diagnostics problems;
  auto s = load_scheme(file, problems);
  if (!s) throw input_error(std::move(problems));
  return std::move(*s);
}

std::optional<std::string> read_file(const std::filesystem::path& file, diagnostics& out) {
  try {
    return read_file(file);
  } catch (const input_error& e) {
    for (const auto& d : e.diagnostics()) out.add(d);
    return std::nullopt;
  }
}

std::string read_file(const std::filesystem::path& file) {
  const auto fail = [&](int error) {
    return input_error(make_diagnostic(errc::cannot_open, source_position{file.string(), 0, 0}, file.string(),
                                       std::generic_category().message(error)));
  };
  errno = 0;
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!f) throw fail(errno != 0 ? errno : ENOENT);
  std::string data;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0) data.append(buffer, n);
  // A directory opens fine on Linux and fails on the first read (EISDIR).
  if (std::ferror(f.get())) throw fail(errno != 0 ? errno : EIO);
  return data;
}

}  // namespace thidua
