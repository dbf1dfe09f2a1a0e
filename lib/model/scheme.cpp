// The semantic rules of a scheme, and the cross-reference indices the engine reads.
//
// finalize_scheme is the one place a scheme's rules are checked, whether it was read from
// TOML (lib/io/scheme_toml.cpp only checks syntax, types and key names) or built in code.
// It reports every problem it finds, each at the definition site of the element concerned
// (or, for scheme-level settings, at the position the TOML loader recorded in `s.sites`),
// then fills the indices: criterion/family/class maps, criterion.family_index,
// family.criteria and family.max, class minimums' and vetoes' indices, ranking key indices.
//
// Example:
//   thidua::diagnostics problems;
//   if (!thidua::finalize_scheme(s, problems))
//     for (const auto& d : problems.items()) std::cerr << d.to_string() << '\n';
#include "thidua/scheme.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "awards/title_rules.hpp"  // the checks of [[title]] rules
#include "core/suggest.hpp"
#include "core/text.hpp"  // detail::edit_distance, shared with the CSV reader

namespace thidua {
namespace {

using detail::did_you_mean;

std::string in_quotes(std::string_view s) { return fmt::format("\"{}\"", s); }

// An element's name in messages: its id, or its position in the list when it has none.
std::string label(const std::string& id, std::size_t index) {
  return id.empty() ? fmt::format("#{}", index + 1) : id;
}

// Wide score sheets use these column names, so a criterion cannot be called that.
constexpr std::string_view reserved_columns[] = {"id",       "name",  "group",  "bonus", "deduction",
                                                 "criterion", "value", "period", "assessor"};

class checker {
 public:
  checker(scheme& s, diagnostics& out) : s_(s), out_(out) {}

  bool run() {
    reset();
    check_settings();
    check_not_empty();
    index_ids();
    for (std::size_t i = 0; i < s_.criteria.size(); ++i) check_criterion(i);
    check_families();
    check_classes();
    check_vetoes();
    check_ranking();
    check_periods();
    check_members_scheme();
    if (s_.year != 0 && (s_.year < 1900 || s_.year > 2999))
      report(errc::bad_year, at_key("scheme.year"), std::to_string(s_.year));
    if (s_.base_salary < 0)
      report(errc::invalid_value, at_key("awards.base_salary"), "awards.base_salary", std::to_string(s_.base_salary),
             "lương cơ sở in đồng, at least 0");
    problems_ += detail::check_titles(s_, out_);
    return problems_ == 0;
  }

 private:
  source_position at(const definition_site& site) const { return {s_.file, site.line, site.column}; }

  // Where a scheme-level key was written, or the whole file when unknown.
  source_position at_key(const std::string& key) const {
    const auto it = s_.sites.find(key);
    return it == s_.sites.end() ? source_position{s_.file, 0, 0} : at(it->second);
  }

  template <class... Args>
  void report(errc code, source_position where, const Args&... args) {
    out_.add(make_diagnostic(code, std::move(where), args...));
    ++problems_;
  }

  std::string line_of(const definition_site& site) const {
    return site.line > 0 ? std::to_string(site.line) : std::string("? (built in code)");
  }

  // finalize_scheme may run twice on the same scheme: start the derived data afresh.
  void reset() {
    s_.criterion_index.clear();
    s_.family_index.clear();
    s_.class_index.clear();
    for (auto& f : s_.families) {
      f.criteria.clear();
      f.max = decimal{};
    }
  }

  void check_settings() {
    if (s_.scale <= decimal{})
      report(errc::invalid_value, at_key("scheme.scale"), "scheme.scale", s_.scale.to_short_string(),
             "a number above 0");
    if (s_.precision < 0 || s_.precision > decimal::digits)
      report(errc::invalid_value, at_key("scheme.precision"), "scheme.precision", std::to_string(s_.precision),
             "0 to 4 decimals for published totals");
    if (s_.subject != "unit" && s_.subject != "member")
      report(errc::invalid_value, at_key("scheme.subject"), "scheme.subject", in_quotes(s_.subject),
             "\"unit\" (tập thể) or \"member\" (cá nhân)");
    if (!s_.effective.empty() && !detail::is_iso_date(s_.effective))
      report(errc::invalid_value, at_key("scheme.effective"), "scheme.effective", in_quotes(s_.effective),
             "a date such as 2024-09-01 (year-month-day)");
    if (s_.bonus_max && *s_.bonus_max < decimal{})
      report(errc::invalid_value, at_key("bonus.max"), "bonus.max", s_.bonus_max->to_short_string(),
             "a number of at least 0");
    if (s_.deduction_max && *s_.deduction_max < decimal{})
      report(errc::invalid_value, at_key("deduction.max"), "deduction.max", s_.deduction_max->to_short_string(),
             "a number of at least 0");
  }

  void check_not_empty() {
    const source_position whole{s_.file, 0, 0};
    if (s_.families.empty()) report(errc::empty_scheme, whole, "families: add at least one [[family]]");
    if (s_.criteria.empty()) report(errc::empty_scheme, whole, "criteria: add at least one [[criterion]]");
    if (s_.classes.empty())
      report(errc::empty_scheme, whole, "classes: add at least one [[class]], the last one with min = 0");
  }

  // Checks an id and records it; the first definition of a duplicated id wins.
  template <class Element>
  void index_list(std::vector<Element>& list, std::string_view kind, id_index* index) {
    id_index first;
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto& e = list[i];
      if (!check_id(e.id, kind, i, e.site)) continue;
      if (e.name.empty()) e.name = e.id;
      const auto [it, inserted] = first.try_emplace(e.id, i);
      if (!inserted) {
        report(errc::duplicate_id, at(e.site), kind, e.id, line_of(list[it->second].site));
      }
    }
    if (index) *index = std::move(first);
  }

  bool check_id(const std::string& id, std::string_view kind, std::size_t i, const definition_site& site) {
    const std::string what = fmt::format("{}.{}.id", kind, label(id, i));
    if (id.empty()) {
      report(errc::invalid_value, at(site), what, "\"\"", "a non-empty id");
      return false;
    }
    const bool control = std::any_of(id.begin(), id.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (control || id.front() == ' ' || id.back() == ' ') {
      report(errc::invalid_value, at(site), what, in_quotes(id),
             "an id without control characters or surrounding spaces");
      return false;
    }
    return true;
  }

  void index_ids() {
    index_list(s_.families, "family", &s_.family_index);
    index_list(s_.criteria, "criterion", &s_.criterion_index);
    index_list(s_.classes, "class", &s_.class_index);
    index_list(s_.vetoes, "veto", nullptr);
    for (std::size_t i = 0; i < s_.criteria.size(); ++i) {
      const auto& c = s_.criteria[i];
      const bool reserved = std::find(std::begin(reserved_columns), std::end(reserved_columns), c.id) !=
                            std::end(reserved_columns);
      if (reserved || c.id.starts_with("flag:"))
        report(errc::invalid_value, at(c.site), fmt::format("criterion.{}.id", c.id), in_quotes(c.id),
               "an id that is not a score-sheet column name (id, name, group, bonus, deduction, "
               "criterion, value, period, assessor, flag:...)");
    }
  }

  void check_criterion(std::size_t i) {
    auto& c = s_.criteria[i];
    const auto where = at(c.site);
    const std::string path = "criterion." + label(c.id, i);
    const std::string input(to_string(c.input));

    if (const auto f = s_.family_index.find(c.family); f != s_.family_index.end()) {
      c.family_index = f->second;
      auto& fam = s_.families[f->second];
      fam.criteria.push_back(i);
      fam.max += c.max;
    } else {
      report(errc::unknown_reference, where, fmt::format("criterion '{}'", label(c.id, i)), "family", c.family,
             did_you_mean(c.family, s_.families, [](const family& x) -> std::string_view { return x.id; }));
    }

    if (c.max <= decimal{})
      report(errc::invalid_value, where, path + ".max", c.max.to_short_string(), "a number above 0");

    const bool has_tiers = !c.tiers.empty();
    const bool has_linear = c.linear.has_value();
    switch (c.input) {
      case input_kind::points:
        if (has_tiers)
          report(errc::invalid_value, where, path + ".tiers", describe_tiers(c),
                 "no tiers: input = \"points\" takes the assessor's points as given; use input = "
                 "\"percent\" or \"count\" to turn a value into points");
        if (has_linear)
          report(errc::invalid_value, where, path + ".linear", describe_linear(*c.linear),
                 "no linear rule: input = \"points\" takes the assessor's points as given; use input = "
                 "\"percent\" or \"count\" to turn a value into points");
        if (c.step) check_step(c, path);
        break;
      case input_kind::yes_no:
        if (has_tiers)
          report(errc::invalid_value, where, path + ".tiers", describe_tiers(c),
                 "no tiers: input = \"yes_no\" gives the maximum for yes and 0 for no");
        if (has_linear)
          report(errc::invalid_value, where, path + ".linear", describe_linear(*c.linear),
                 "no linear rule: input = \"yes_no\" gives the maximum for yes and 0 for no");
        if (c.step)
          report(errc::invalid_value, where, path + ".step", c.step->to_short_string(),
                 "no step: input = \"yes_no\" gives the maximum for yes and 0 for no");
        break;
      case input_kind::percent:
      case input_kind::count:
        if (c.step)
          report(errc::invalid_value, where, path + ".step", c.step->to_short_string(),
                 fmt::format("no step: a step applies to assessor points (input = \"points\"), and this "
                             "criterion's points come from its {} rule",
                             has_linear ? "linear" : "tiers"));
        if (!has_tiers && !has_linear) {
          report(errc::missing_scoring_rule, where, c.id, input,
                 c.input == input_kind::percent
                     ? " (e.g. tiers = [[99, 10], [95, 6]] or linear = { full = 100, zero = 50 })"
                     : " (e.g. tiers = [[3, 10], [1, 5]] or linear = { full = 3, zero = 0 })");
        } else if (has_tiers && has_linear) {
          report(errc::invalid_value, where, path + ".linear", describe_linear(*c.linear),
                 "either tiers or linear, not both");
        }
        if (has_tiers) check_tiers(c, path);
        if (has_linear) check_linear(c, path);
        break;
      case input_kind::failures:
        if (has_tiers || has_linear || c.step)
          report(errc::invalid_value, where, path, has_tiers ? "tiers" : has_linear ? "linear" : "step",
                 "only per_failure: input = \"failures\" loses per_failure of the maximum per recorded failure");
        if (!c.per_failure)
          report(errc::missing_key, where, fmt::format("[[criterion]] {}", c.id), "per_failure");
        else if (!(*c.per_failure > decimal{}) || *c.per_failure > decimal::from_int(1))
          report(errc::invalid_value, where, path + ".per_failure", c.per_failure->to_short_string(),
                 "a share of the maximum between 0 and 1, e.g. 0.25 for 25% per failure");
        break;
    }
    if (c.per_failure && c.input != input_kind::failures)
      report(errc::invalid_value, where, path + ".per_failure", c.per_failure->to_short_string(),
             "per_failure only with input = \"failures\"");
    if (c.lower_is_better && !has_tiers)
      report(errc::invalid_value, where, path + ".better", "\"lower\"",
             "better = \"lower\" only with tiers (a linear rule states its direction itself: full < zero "
             "means lower is better)");
  }

  void check_step(const criterion& c, const std::string& path) {
    if (*c.step <= decimal{}) {
      report(errc::invalid_value, at(c.site), path + ".step", c.step->to_short_string(), "a number above 0");
    } else if (c.max > decimal{} && c.max.units() % c.step->units() != 0) {
      report(errc::invalid_value, at(c.site), path + ".step", c.step->to_short_string(),
             fmt::format("a step that divides the maximum {} (so the maximum can be given)",
                         c.max.to_short_string()));
    }
  }

  static std::string describe_tiers(const criterion& c) {
    std::string s = "[";
    for (std::size_t k = 0; k < c.tiers.size(); ++k)
      s += fmt::format("{}[{}, {}]", k ? ", " : "", c.tiers[k].threshold.to_short_string(),
                       c.tiers[k].points.to_short_string());
    return s + "]";
  }

  static std::string describe_linear(const linear_rule& l) {
    return fmt::format("{{ full = {}, zero = {} }}", l.full.to_short_string(), l.zero.to_short_string());
  }

  void check_tiers(const criterion& c, const std::string& path) {
    const auto where = at(c.site);
    const bool percent = c.input == input_kind::percent;
    for (std::size_t k = 0; k < c.tiers.size(); ++k) {
      const tier& t = c.tiers[k];
      const std::string shown = fmt::format("[{}, {}] (tier {})", t.threshold.to_short_string(),
                                            t.points.to_short_string(), k + 1);
      if (t.points < decimal{} || t.points > c.max)
        report(errc::tiers_not_monotone, where, c.id,
               fmt::format("tier {} gives {} points, outside 0 to the criterion's maximum {}", k + 1,
                           t.points.to_short_string(), c.max.to_short_string()));
      if (t.threshold < decimal{} || (percent && t.threshold > decimal::from_int(100)))
        report(errc::invalid_value, where, path + ".tiers", shown,
               percent ? "a threshold between 0 and 100 (a percent)" : "a threshold of at least 0");
      if (k == 0) continue;
      const tier& prev = c.tiers[k - 1];
      if (!c.lower_is_better && !(t.threshold < prev.threshold))
        report(errc::tiers_not_monotone, where, c.id,
               fmt::format("tier {} has threshold {} after tier {} with threshold {}: thresholds must be "
                           "strictly descending, best tier first (a value of at least the threshold "
                           "gets the points)",
                           k + 1, t.threshold.to_short_string(), k, prev.threshold.to_short_string()));
      if (c.lower_is_better && !(t.threshold > prev.threshold))
        report(errc::tiers_not_monotone, where, c.id,
               fmt::format("tier {} has threshold {} after tier {} with threshold {}: with better = "
                           "\"lower\" thresholds must be strictly ascending, best tier first (a value of at "
                           "most the threshold gets the points)",
                           k + 1, t.threshold.to_short_string(), k, prev.threshold.to_short_string()));
      if (t.points > prev.points)
        report(errc::tiers_not_monotone, where, c.id,
               fmt::format("tier {} gives {} points, more than tier {} before it ({}): a worse tier must "
                           "not give more points",
                           k + 1, t.points.to_short_string(), k, prev.points.to_short_string()));
    }
  }

  void check_linear(const criterion& c, const std::string& path) {
    const auto where = at(c.site);
    const linear_rule& l = *c.linear;
    const std::string shown = describe_linear(l);
    if (l.full == l.zero)
      report(errc::invalid_value, where, path + ".linear", shown,
             "full and zero to differ (full < zero means lower values are better)");
    if (l.full < decimal{} || l.zero < decimal{})
      report(errc::invalid_value, where, path + ".linear", shown, "full and zero of at least 0");
    else if (c.input == input_kind::percent &&
             (l.full > decimal::from_int(100) || l.zero > decimal::from_int(100)))
      report(errc::invalid_value, where, path + ".linear", shown, "full and zero between 0 and 100 (a percent)");
  }

  void check_families() {
    std::size_t weighted = 0;
    for (const auto& f : s_.families) {
      // Duplicates and invalid ids are reported already; their criteria go to the first one.
      const auto indexed = s_.family_index.find(f.id);
      if (f.criteria.empty() && indexed != s_.family_index.end() && indexed->second == index_of(f))
        report(errc::empty_scheme, at(f.site),
               fmt::format("criteria in family '{}': give it at least one [[criterion]] with family = \"{}\"",
                           f.id, f.id));
      if (f.weight) {
        ++weighted;
        if (*f.weight <= decimal{})
          report(errc::invalid_value, at(f.site), fmt::format("family.{}.weight", f.id),
                 f.weight->to_short_string(), "a number above 0");
      }
    }
    if (s_.families.empty() || s_.scale <= decimal{}) return;

    if (weighted == s_.families.size()) {
      decimal sum;
      std::string terms;
      for (const auto& f : s_.families) {
        sum += *f.weight;
        terms += fmt::format("{}{} {}", terms.empty() ? "" : " + ", f.id, f.weight->to_short_string());
      }
      if (sum != s_.scale)
        report(errc::weights_sum, at(s_.families.front().site), fmt::format("the family weights ({})", terms),
               sum.to_short_string(), s_.scale.to_short_string());
    } else if (weighted == 0) {
      if (s_.criteria.empty()) return;
      decimal sum;
      std::string terms;
      for (const auto& c : s_.criteria) {
        sum += c.max;
        terms += fmt::format("{}{} {}", terms.empty() ? "" : " + ", c.id, c.max.to_short_string());
      }
      if (s_.criteria.size() > 8) terms = fmt::format("{} criteria", s_.criteria.size());
      if (sum != s_.scale)
        report(errc::weights_sum, at(s_.criteria.front().site),
               fmt::format("no family has a weight, so the criteria maxima ({})", terms), sum.to_short_string(),
               s_.scale.to_short_string());
    } else {
      // Half-weighted schemes are ambiguous: is an unweighted family worth its raw points
      // or what is left of the scale? Ask the author to say it.
      const auto first_weighted =
          std::find_if(s_.families.begin(), s_.families.end(), [](const family& f) { return f.weight.has_value(); });
      for (const auto& f : s_.families)
        if (!f.weight)
          report(errc::invalid_value, at(f.site), fmt::format("family.{}.weight", f.id), "(none)",
                 fmt::format("a weight, because family '{}' has one: give every family a weight (adding "
                             "up to the scale) or none (then the criteria maxima add up to the scale)",
                             first_weighted->id));
    }
  }

  std::size_t index_of(const family& f) const { return static_cast<std::size_t>(&f - s_.families.data()); }

  void check_classes() {
    const decimal best_total = s_.scale + s_.bonus_max.value_or(decimal{});
    for (std::size_t k = 0; k < s_.classes.size(); ++k) {
      auto& c = s_.classes[k];
      const auto where = at(c.site);
      const std::string path = "class." + label(c.id, k);
      if (k > 0 && !(c.min < s_.classes[k - 1].min))
        report(errc::thresholds_not_descending, where, c.id, c.min.to_short_string(),
               s_.classes[k - 1].min.to_short_string());
      if (c.min > best_total)
        report(errc::invalid_value, where, path + ".min", c.min.to_short_string(),
               fmt::format("at most {} (the scale{}), or no total can reach it", best_total.to_short_string(),
                           s_.bonus_max ? " plus the bonus maximum" : ""));
      for (auto& m : c.min_family) {
        const auto f = s_.family_index.find(m.family);
        if (f == s_.family_index.end()) {
          report(errc::unknown_reference, where, fmt::format("class '{}' (min_family)", c.id), "family", m.family,
                 did_you_mean(m.family, s_.families, [](const family& x) -> std::string_view { return x.id; }));
          continue;
        }
        m.family_index = f->second;
        const decimal share = family_share(s_, f->second);
        if (m.min < decimal{} || m.min > share)
          report(errc::invalid_value, where, fmt::format("{}.min_family.{}", path, m.family), m.min.to_short_string(),
                 fmt::format("between 0 and the family's share of the scale, {}", share.to_short_string()));
      }
    }
    for (std::size_t k = 0; k < s_.classes.size(); ++k) check_quota(s_.classes[k], k);
    if (!s_.classes.empty()) {
      const auto& last = s_.classes.back();
      if (last.min != decimal{} || !last.min_family.empty())
        report(errc::lowest_class_not_zero, at(last.site), last.id,
               last.min_family.empty() ? last.min.to_short_string()
                                       : last.min.to_short_string() + " and a per-family minimum");
    }
  }

  void check_quota(class_def& c, std::size_t k) {
    if (!c.quota) return;
    class_quota& q = *c.quota;
    const auto where = at(q.site.line ? q.site : c.site);
    const std::string path = "class." + label(c.id, k) + ".quota";
    if (!(q.max > decimal{}) || q.max > decimal::from_int(1))
      report(errc::invalid_value, where, path + ".max", q.max.to_short_string(),
             "a share between 0 and 1, e.g. 0.2 for 20%");
    if (k + 1 == s_.classes.size())
      report(errc::invalid_value, where, path, "a quota on the lowest class",
             "a quota on a class that has a class below it to drop to");
    q.of_class_index = -1;
    if (q.of == "all") return;
    if (!q.of.starts_with("class:")) {
      report(errc::invalid_value, where, path + ".of", fmt::format("\"{}\"", q.of),
             "\"class:<id>\" (subjects holding that class) or \"all\" (every classified subject)");
      return;
    }
    const std::string base = q.of.substr(6);
    const auto found = s_.class_index.find(base);
    if (found == s_.class_index.end()) {
      report(errc::unknown_reference, where, fmt::format("the quota of class '{}'", c.id), "class", base,
             did_you_mean(base, s_.classes, [](const class_def& x) -> std::string_view { return x.id; }));
      return;
    }
    if (found->second == k)
      report(errc::invalid_value, where, path + ".of", fmt::format("\"{}\"", q.of),
             "another class: a quota of a class over itself means nothing");
    q.of_class_index = static_cast<std::ptrdiff_t>(found->second);
  }

  // The individual scheme members are scored with: finalized, for members, not nested.
  void check_members_scheme() {
    const scheme* m = s_.member_scheme.get();
    if (!m) return;
    const auto where = at_key("members.scheme");
    if (s_.subject != "unit")
      report(errc::invalid_value, where, "members.scheme", in_quotes(m->id),
             "no individual scheme: this scheme's subjects are already members");
    if (m->subject != "member")
      report(errc::invalid_value, where, "members.scheme", in_quotes(m->id),
             "a scheme with subject = \"member\" (cá nhân)");
    if (m->member_scheme || !m->titles.empty())
      report(errc::invalid_value, where, "members.scheme", in_quotes(m->id),
             "an individual scheme without [members] nor [[title]]: titles go in the unit scheme");
    if (m->class_index.size() != m->classes.size())
      report(errc::invalid_value, where, "members.scheme", in_quotes(m->id), "a finalized scheme (finalize_scheme)");
  }

  void check_periods() {
    std::map<std::string, std::uint32_t> seen;
    for (std::size_t k = 0; k < s_.periods.size(); ++k) {
      const period_def& p = s_.periods[k];
      const auto where = at(p.site);
      if (p.id.empty()) report(errc::missing_key, where, fmt::format("[[period]] #{}", k + 1), "id");
      else if (auto [it, fresh] = seen.try_emplace(p.id, p.site.line); !fresh)
        report(errc::duplicate_id, where, "period", p.id, std::to_string(it->second));
      if (!(p.weight > decimal{}))
        report(errc::invalid_value, where, fmt::format("period.{}.weight", p.id), p.weight.to_short_string(),
               "a weight above 0 (year = Σ weight × period total ÷ Σ weight)");
    }
  }

  void check_vetoes() {
    // The engine keeps the vetoes that hit a subject in one 64-bit mask.
    if (s_.vetoes.size() > 64)
      report(errc::invalid_value, at(s_.vetoes[64].site), "veto", fmt::format("{} vetoes", s_.vetoes.size()),
             "at most 64 vetoes");
    for (std::size_t k = 0; k < s_.vetoes.size(); ++k) {
      auto& v = s_.vetoes[k];
      const auto where = at(v.site);
      const std::string path = "veto." + label(v.id, k);
      if (v.flag.empty()) v.flag = v.id;
      if (v.cap_class && v.exclude)
        report(errc::invalid_value, where, path, fmt::format("cap_class = \"{}\" and exclude = true", *v.cap_class),
               "either cap_class or exclude = true, not both");
      if (!v.cap_class && !v.exclude)
        report(errc::invalid_value, where, path, "neither cap_class nor exclude",
               "cap_class = \"<class id>\" (the best class a vetoed subject may get) or exclude = true "
               "(not classified nor ranked)");
      if (v.cap_class) {
        const auto c = s_.class_index.find(*v.cap_class);
        if (c == s_.class_index.end())
          report(errc::unknown_reference, where, fmt::format("veto '{}'", v.id), "class", *v.cap_class,
                 did_you_mean(*v.cap_class, s_.classes, [](const class_def& x) -> std::string_view { return x.id; }));
        else
          v.cap_class_index = c->second;
      }
    }
  }

  void check_ranking() {
    if (s_.order.empty())
      report(errc::invalid_value, at_key("ranking.order"), "ranking.order", "[]",
             "at least one key, e.g. [\"class\", \"total\", \"id\"]");
    std::set<std::string> seen;
    for (std::size_t j = 0; j < s_.order.size(); ++j) {
      auto& k = s_.order[j];
      const std::string key_site = fmt::format("ranking.order.{}", j);
      const auto where = at_key(s_.sites.count(key_site) ? key_site : std::string("ranking.order"));
      const std::string shown = to_string(k);
      if (!seen.insert(shown).second)
        report(errc::invalid_value, where, "ranking.order", fmt::format("\"{}\" twice", shown),
               "each key at most once");
      if (k.what == ranking_key::kind::family) {
        if (const auto f = s_.family_index.find(k.ref); f != s_.family_index.end())
          k.index = f->second;
        else
          report(errc::unknown_reference, where, fmt::format("ranking key \"{}\"", shown), "family", k.ref,
                 did_you_mean(k.ref, s_.families, [](const family& x) -> std::string_view { return x.id; }));
      } else if (k.what == ranking_key::kind::criterion) {
        if (const auto c = s_.criterion_index.find(k.ref); c != s_.criterion_index.end())
          k.index = c->second;
        else
          report(errc::unknown_reference, where, fmt::format("ranking key \"{}\"", shown), "criterion", k.ref,
                 did_you_mean(k.ref, s_.criteria, [](const criterion& x) -> std::string_view { return x.id; }));
      }
    }
  }

  scheme& s_;
  diagnostics& out_;
  std::size_t problems_ = 0;
};

std::ptrdiff_t lookup(const id_index& index, std::string_view id) noexcept {
  const auto it = index.find(id);  // heterogeneous: no std::string built
  return it == index.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
}

}  // namespace

std::string_view to_string(input_kind k) noexcept {
  switch (k) {
    case input_kind::points: return "points";
    case input_kind::percent: return "percent";
    case input_kind::count: return "count";
    case input_kind::yes_no: return "yes_no";
    case input_kind::failures: return "failures";
  }
  return "points";
}

std::string to_string(const ranking_key& k) {
  switch (k.what) {
    case ranking_key::kind::class_: return "class";
    case ranking_key::kind::total: return "total";
    case ranking_key::kind::family: return "family:" + k.ref;
    case ranking_key::kind::criterion: return "criterion:" + k.ref;
    case ranking_key::kind::id: return "id";
    case ranking_key::kind::name: return "name";
  }
  return "total";
}

std::ptrdiff_t scheme::find_criterion(std::string_view wanted) const noexcept {
  return lookup(criterion_index, wanted);
}
std::ptrdiff_t scheme::find_family(std::string_view wanted) const noexcept { return lookup(family_index, wanted); }
std::ptrdiff_t scheme::find_class(std::string_view wanted) const noexcept { return lookup(class_index, wanted); }

std::ptrdiff_t scheme::find_title(std::string_view wanted) const noexcept { return lookup(title_index, wanted); }

std::string_view to_string(title_subject s) noexcept { return s == title_subject::unit ? "unit" : "member"; }

decimal family_share(const scheme& s, std::size_t family_index) noexcept {
  const family& f = s.families[family_index];
  return f.weight ? *f.weight : f.max;
}

bool finalize_scheme(scheme& s, diagnostics& out) { return checker(s, out).run(); }

void finalize_scheme(scheme& s) {
  diagnostics problems;
  if (!finalize_scheme(s, problems)) throw input_error(std::move(problems));
}

}  // namespace thidua
