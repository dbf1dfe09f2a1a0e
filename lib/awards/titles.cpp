// Titles: members scored with the individual scheme, then every title rule evaluated in the
// dependency order finalize_scheme computed, with quotas and rewards (awards.hpp).
#include "thidua/awards.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "awards/condition.hpp"
#include "awards/title_rules.hpp"
#include "core/collate.hpp"
#include "core/text.hpp"

namespace thidua {

// ------------------------------------------------------------------------ members' scores

std::optional<ranking> rank_members(const scheme& unit_scheme, const members& staff, const sheet& scores,
                                    diagnostics& out) {
  if (!unit_scheme.member_scheme)
    throw std::invalid_argument("rank_members: the scheme has no individual scheme ([members] scheme)");
  const scheme& ms = *unit_scheme.member_scheme;
  if (scores.criteria_count() != ms.criteria.size())
    throw std::invalid_argument("rank_members: the scores sheet was not read with the individual scheme");
  const std::size_t before = out.count();
  for (std::size_t row = 0; row < scores.size(); ++row) {
    if (staff.find(scores.id(row)) >= 0) continue;
    std::string hint;
    std::size_t best = 3;
    for (const auto& m : staff) {
      const std::size_t d = detail::edit_distance(scores.id(row), m.id);
      if (d < best) {
        best = d;
        hint = fmt::format("; did you mean {}?", m.id);
      }
    }
    out.add(make_diagnostic(errc::unknown_member, source_position{scores.file, scores.source_line(row), 1},
                            std::string(scores.id(row)), staff.file.empty() ? std::string("(members)") : staff.file,
                            hint));
  }
  if (out.count() != before) return std::nullopt;

  // Flags: the members file's and the sheet's, under one list of names.
  sheet merged(ms.criteria.size());
  for (const auto& f : scores.flag_names()) merged.flag_index(f);
  for (const auto& f : staff.flag_names()) merged.flag_index(f);
  std::vector<std::size_t> sheet_flag(scores.flag_names().size()), staff_flag(staff.flag_names().size());
  for (std::size_t f = 0; f < sheet_flag.size(); ++f) sheet_flag[f] = merged.flag_index(scores.flag_names()[f]);
  for (std::size_t f = 0; f < staff_flag.size(); ++f) staff_flag[f] = merged.flag_index(staff.flag_names()[f]);
  merged.file = scores.file;
  for (std::size_t i = 0; i < staff.size(); ++i) {
    const member_record& m = staff[i];
    const std::ptrdiff_t row = scores.find(m.id);
    if (row < 0) continue;
    const auto r = static_cast<std::size_t>(row);
    std::uint64_t flags = 0;
    for (std::size_t f = 0; f < sheet_flag.size(); ++f)
      if (scores.flag(r, f)) flags |= std::uint64_t{1} << sheet_flag[f];
    for (std::size_t f = 0; f < staff_flag.size(); ++f)
      if ((m.flags >> f) & 1U) flags |= std::uint64_t{1} << staff_flag[f];
    const std::string_view name = m.name.empty() ? scores.name(r) : std::string_view(m.name);
    merged.add_subject({m.id, name, m.unit}, scores.values(r), scores.bonus(r), scores.deduction(r), flags,
                       scores.source_line(r));
  }
  // Members are few: keep their criterion points, so explain and criterion: conditions
  // work without the sheet.
  return rank(ms, merged, rank_options{.self_scores = nullptr, .keep_criterion_points = true});
}

ranking rank_members(const scheme& unit_scheme, const members& staff, const sheet& scores) {
  diagnostics problems;
  auto r = rank_members(unit_scheme, staff, scores, problems);
  if (!r) throw input_error(std::move(problems));
  return std::move(*r);
}

// ------------------------------------------------------------------------ evaluation

namespace {

// Orders scopes (unit or block ids) the way Vietnamese readers expect.
struct collation_less {
  bool operator()(const std::string& a, const std::string& b) const {
    const std::string ka = detail::collation_key(a), kb = detail::collation_key(b);
    return ka != kb ? ka < kb : a < b;
  }
};

using detail::condition;
using detail::parse_title;

constexpr std::size_t not_rated = static_cast<std::size_t>(-1);

// What a condition reads about one subject, from the awards being built.
class subject_context final : public detail::condition_context {
 public:
  struct shared {
    const awards* a = nullptr;
    const scheme* s = nullptr;
    const std::vector<std::uint64_t>* unit_mask = nullptr;
    const std::vector<std::uint64_t>* member_mask = nullptr;
    const std::vector<unsigned>* bit = nullptr;
    const std::vector<subject_context>* members = nullptr;  // every member's context
    const std::vector<std::vector<std::size_t>>* unit_members = nullptr;
    const std::vector<std::ptrdiff_t>* member_rows = nullptr;
  };

  subject_context(const shared* sh, subject_kind k, std::size_t i) : sh_(sh), kind_(k), index_(i) {}

  std::optional<int> compare_class(std::string_view id) const override {
    const ranking* r = rating();
    const std::size_t row = rated_row();
    if (!r || row == not_rated) return std::nullopt;
    const std::ptrdiff_t mine = r->class_index(row);
    const std::ptrdiff_t other = r->scheme().find_class(id);
    if (mine < 0 || other < 0) return std::nullopt;
    return mine < other ? 1 : (mine == other ? 0 : -1);  // classes are listed best first
  }
  std::optional<decimal> total() const override {
    const ranking* r = rating();
    const std::size_t row = rated_row();
    if (!r || row == not_rated || r->status(row) == standing::excluded) return std::nullopt;
    return r->total(row);
  }
  std::optional<decimal> family(std::string_view id) const override {
    const ranking* r = rating();
    const std::size_t row = rated_row();
    const std::ptrdiff_t f = r ? r->scheme().find_family(id) : -1;
    if (!r || row == not_rated || f < 0 || r->status(row) == standing::excluded) return std::nullopt;
    return r->family(row, static_cast<std::size_t>(f));
  }
  std::optional<decimal> criterion(std::string_view id) const override {
    const ranking* r = rating();
    const std::size_t row = rated_row();
    const std::ptrdiff_t c = r ? r->scheme().find_criterion(id) : -1;
    if (!r || row == not_rated || c < 0) return std::nullopt;
    const explanation e = explain(*r, row);
    if (!e.complete) return std::nullopt;
    const auto& score = e.criteria[static_cast<std::size_t>(c)];
    if (score.applied == criterion_score::rule::not_applicable) return std::nullopt;
    return score.points;
  }
  std::optional<decimal> field(std::string_view name) const override {
    const members* staff = staff_of();
    if (!staff || kind_ != subject_kind::member) return std::nullopt;
    const std::ptrdiff_t f = staff->find_field(name);
    const std::ptrdiff_t row = staff_row();
    if (f < 0 || row < 0) return std::nullopt;
    return staff->field(static_cast<std::size_t>(row), static_cast<std::size_t>(f));
  }
  bool flag(std::string_view name) const override {
    if (kind_ == subject_kind::member) {
      if (const members* staff = staff_of(); staff && staff_row() >= 0) {
        const std::ptrdiff_t f = staff->find_flag(name);
        if (f >= 0 && staff->flag(static_cast<std::size_t>(staff_row()), static_cast<std::size_t>(f))) return true;
      }
    }
    const ranking* r = rating();
    const std::size_t row = rated_row();
    if (!r || row == not_rated) return false;
    const std::ptrdiff_t f = r->labels().find_flag(name);
    return f >= 0 && r->labels().flag(row, static_cast<std::size_t>(f));
  }
  bool holds(std::string_view title) const override {
    const std::ptrdiff_t t = sh_->s->find_title(title);
    if (t < 0) return false;  // not in force this year
    const auto& masks = kind_ == subject_kind::unit ? *sh_->unit_mask : *sh_->member_mask;
    return (masks[index_] >> (*sh_->bit)[static_cast<std::size_t>(t)]) & 1U;
  }
  std::size_t streak(std::string_view title) const override {
    if (!holds(title)) return 0;
    const history* past = awards_past();
    if (!past || sh_->s->year == 0) return 1;
    return 1 + static_cast<std::size_t>(past->streak_before(id(), title, sh_->s->year));
  }
  std::size_t member_count() const override {
    return kind_ == subject_kind::unit ? (*sh_->unit_members)[index_].size() : 0;
  }
  const condition_context& member(std::size_t i) const override {
    return (*sh_->members)[(*sh_->unit_members)[index_][i]];
  }

  std::string_view id() const {
    if (kind_ == subject_kind::member) return sh_->a->member_id(index_);
    return sh_->a->subjects().id(index_);
  }

 private:
  const ranking* rating() const {
    return kind_ == subject_kind::unit ? &sh_->a->subjects() : sh_->a->member_ranking();
  }
  std::size_t rated_row() const {
    if (kind_ == subject_kind::unit) return index_;
    const std::ptrdiff_t r = (*sh_->member_rows)[index_];
    return r < 0 ? not_rated : static_cast<std::size_t>(r);
  }
  const members* staff_of() const;
  std::ptrdiff_t staff_row() const;
  const history* awards_past() const;

  const shared* sh_;
  subject_kind kind_;
  std::size_t index_;
};

}  // namespace

// The awards' private parts the context reads.
struct awards_access {
  static const members* staff(const awards& a) { return a.staff_; }
  static const history* past(const awards& a) { return a.past_; }
};

namespace {

const members* subject_context::staff_of() const { return awards_access::staff(*sh_->a); }
std::ptrdiff_t subject_context::staff_row() const {
  // Members are the members file's rows when there is one.
  return awards_access::staff(*sh_->a) ? static_cast<std::ptrdiff_t>(index_) : -1;
}
const history* subject_context::awards_past() const { return awards_access::past(*sh_->a); }

// Walks a condition for the flags and fields it reads at each level.
void collect_names(const condition& c, std::size_t depth, std::vector<std::pair<std::size_t, const condition*>>& out) {
  using k = condition::kind;
  if (c.k == k::flag || c.k == k::field_cmp) out.emplace_back(depth, &c);
  const bool aggregate = c.k == k::share || c.k == k::count || c.k == k::none || c.k == k::all;
  for (const auto& child : c.children) collect_names(child, aggregate ? depth + 1 : depth, out);
}

std::int64_t round_limit(decimal max, std::size_t base, rounding mode) {
  const decimal exact = decimal::from_units(max.units() * static_cast<std::int64_t>(base));
  return exact.rounded(0, mode).units() / decimal::units_per_point;
}

}  // namespace

std::vector<std::size_t> awards::titles_of(subject_kind k, std::size_t i) const {
  std::vector<std::size_t> out;
  for (std::size_t t = 0; t < scheme_->titles.size(); ++t)
    if (scheme_->titles[t].in_force && holds(k, i, t)) out.push_back(t);
  return out;
}

std::vector<std::size_t> awards::display_order(subject_kind k) const {
  if (k == subject_kind::unit) return subjects_->display_order();
  std::vector<std::size_t> out;
  out.reserve(member_ids_.size());
  const auto by_rank = [&](std::vector<std::size_t>& list) {
    std::stable_sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
      const std::ptrdiff_t ra = member_rows_[a], rb = member_rows_[b];
      const std::uint32_t pa = ra < 0 ? UINT32_MAX : member_ranking_->rank(static_cast<std::size_t>(ra));
      const std::uint32_t pb = rb < 0 ? UINT32_MAX : member_ranking_->rank(static_cast<std::size_t>(rb));
      const std::uint32_t qa = pa == 0 ? UINT32_MAX - 1 : pa, qb = pb == 0 ? UINT32_MAX - 1 : pb;
      if (qa != qb) return qa < qb;
      return member_ids_[a] < member_ids_[b];
    });
  };
  if (scheme_->subject == "member") {
    // The subjects are the members: the ranking's own display order.
    for (std::size_t row : subjects_->display_order()) out.push_back(row);
    return out;
  }
  std::vector<bool> placed(member_ids_.size(), false);
  for (std::size_t unit : subjects_->display_order()) {
    auto list = unit_members_[unit];
    by_rank(list);
    for (std::size_t m : list) {
      out.push_back(m);
      placed[m] = true;
    }
  }
  for (std::size_t m = 0; m < member_ids_.size(); ++m)
    if (!placed[m]) out.push_back(m);
  return out;
}

std::vector<std::size_t> awards::holders(std::size_t t) const {
  const subject_kind k = scheme_->titles[t].subject == title_subject::unit ? subject_kind::unit : subject_kind::member;
  std::vector<std::size_t> out;
  for (std::size_t i : display_order(k))
    if (holds(k, i, t)) out.push_back(i);
  return out;
}

std::optional<title_quota_decision> awards::quota_decision(subject_kind k, std::size_t i, std::size_t t) const {
  for (const auto& d : decisions_)
    if (d.title == t && d.kind == k && d.subject == i) return d.decision;
  return std::nullopt;
}

std::vector<title_quota_scope> awards::quota_scopes(std::size_t t) const {
  std::vector<title_quota_scope> out;
  std::unordered_map<std::string, std::size_t> seen;
  for (const auto& d : decisions_) {
    if (d.title != t) continue;
    const auto [it, fresh] = seen.try_emplace(d.decision.scope, out.size());
    if (fresh)
      out.push_back({d.decision.scope, d.decision.base, d.decision.limit, d.decision.candidates, 0});
    if (d.decision.kept) ++out[it->second].kept;
  }
  return out;
}

std::int64_t awards::reward_amount(std::size_t t) const noexcept {
  const auto& r = scheme_->titles[t].reward;
  if (!r || scheme_->base_salary <= 0) return 0;
  // multiple × salary exactly (128-bit inside mul_div), then to the đồng, half up.
  const decimal amount = mul_div(*r, decimal::from_int(scheme_->base_salary), decimal::from_int(1), rounding::half_up);
  return amount.rounded(0, rounding::half_up).units() / decimal::units_per_point;
}

bool awards::paid(subject_kind k, std::size_t i, std::size_t t) const {
  if (!holds(k, i, t)) return false;
  if (scheme_->rewards == scheme::reward_rule::each) return true;
  std::ptrdiff_t best = -1;
  for (std::size_t u : titles_of(k, i))
    if (best < 0 || reward_amount(u) > reward_amount(static_cast<std::size_t>(best))) best = static_cast<std::ptrdiff_t>(u);
  return best == static_cast<std::ptrdiff_t>(t);
}

std::int64_t awards::reward_of(subject_kind k, std::size_t i) const {
  std::int64_t sum = 0;
  for (std::size_t t : titles_of(k, i))
    if (paid(k, i, t)) sum += reward_amount(t);
  return sum;
}

std::ptrdiff_t awards::find(subject_kind k, std::string_view id) const {
  if (k == subject_kind::unit) return subjects_->find(id);
  for (std::size_t i = 0; i < member_ids_.size(); ++i)
    if (member_ids_[i] == id) return static_cast<std::ptrdiff_t>(i);
  return -1;
}

awards award_titles(const scheme& s, const award_inputs& in) {
  if (!in.subjects) throw std::invalid_argument("award_titles: award_inputs::subjects is required");
  if (s.titles_read_criteria && !in.subjects->keeps_criterion_points())
    throw std::invalid_argument(
        "award_titles: a title reads criterion: points: rank with rank_options::keep_criterion_points");
  awards a;
  a.scheme_ = std::make_shared<const scheme>(s);
  const scheme& sc = *a.scheme_;
  a.subjects_ = in.subjects;
  a.staff_ = in.staff;
  a.past_ = in.past;
  const bool units_are_members = sc.subject == "member";
  a.unit_count_ = units_are_members ? 0 : in.subjects->size();
  a.member_ranking_ = units_are_members ? in.subjects : in.members;

  const bool member_titles = std::any_of(sc.titles.begin(), sc.titles.end(), [](const title_rule& t) {
    return t.in_force && t.subject == title_subject::member;
  });
  bool reads_members = member_titles;
  for (const auto& t : sc.titles)
    if (t.in_force)
      for (const auto* list : {&t.all, &t.any})
        for (const auto& c : *list)
          if (auto p = detail::parse_condition(c.text))
            for (const auto& ref : detail::referenced_titles(*p.value)) reads_members |= ref.depth > 0;
  if (!units_are_members && reads_members && !in.staff)
    throw std::invalid_argument("award_titles: the titles read members: award_inputs::staff (the members file) is required");
  if (!units_are_members && member_titles && !in.members)
    throw std::invalid_argument("award_titles: member titles need award_inputs::members (rank_members)");

  // Members: the members file's rows, or the ranking's rows when the subjects are members.
  diagnostics problems;
  if (in.staff) {
    for (const auto& m : *in.staff) {
      a.member_ids_.push_back(m.id);
      a.member_names_.push_back(m.name);
      a.member_units_.push_back(m.unit);
      const ranking* r = a.member_ranking_;
      a.member_rows_.push_back(r ? r->find(m.id) : -1);
    }
  } else if (units_are_members) {
    for (std::size_t row = 0; row < in.subjects->size(); ++row) {
      a.member_ids_.emplace_back(in.subjects->id(row));
      a.member_names_.emplace_back(in.subjects->name(row));
      a.member_units_.emplace_back(in.subjects->group(row));
      a.member_rows_.push_back(static_cast<std::ptrdiff_t>(row));
    }
  }
  // The organisation: every member in a unit of the sheet (Boost graph, docs/organisation.md).
  a.unit_members_.assign(a.unit_count_, {});
  if (!units_are_members && in.staff) {
    if (auto org = build_organisation(in.subjects->labels(), *in.staff, problems)) {
      for (std::size_t unit = 0; unit < a.unit_count_; ++unit)
        a.unit_members_[unit] = org->member_rows(in.subjects->id(unit));
    }
  }

  // Every flag and field a condition reads must be a column somewhere.
  std::size_t bit = 0;
  a.bit_.assign(sc.titles.size(), 0);
  for (std::size_t t = 0; t < sc.titles.size(); ++t) {
    const title_rule& rule = sc.titles[t];
    if (!rule.in_force) continue;
    a.bit_[t] = static_cast<unsigned>(bit++);
    for (const auto* list : {&rule.all, &rule.any})
      for (const auto& text : *list) {
        const auto parsed = detail::parse_condition(text.text);
        if (!parsed) continue;
        std::vector<std::pair<std::size_t, const condition*>> names;
        collect_names(*parsed.value, 0, names);
        for (const auto& [depth, node] : names) {
          const bool member_level = depth > 0 || rule.subject == title_subject::member;
          const bool is_flag = node->k == condition::kind::flag;
          bool found = false;
          std::vector<std::string> columns;
          std::string file;
          if (member_level && in.staff) {
            const auto& list2 = is_flag ? in.staff->flag_names() : in.staff->field_names();
            found |= std::find(list2.begin(), list2.end(), node->name) != list2.end();
            columns.insert(columns.end(), list2.begin(), list2.end());
            file = in.staff->file;
          }
          const ranking* rated = member_level ? a.member_ranking_ : in.subjects;
          if (is_flag && rated) {
            const auto& flags = rated->labels().flag_names();
            found |= std::find(flags.begin(), flags.end(), node->name) != flags.end();
            columns.insert(columns.end(), flags.begin(), flags.end());
            if (file.empty()) file = rated->labels().file;
          }
          if (found) continue;
          std::string hint;
          std::size_t best = 3;
          for (const auto& col : columns) {
            const std::size_t d = detail::edit_distance(node->name, col);
            if (d < best) {
              best = d;
              hint = fmt::format("; did you mean {}{}?", is_flag ? "flag:" : "", col);
            }
          }
          const std::string rule_file = rule.file.empty() ? sc.file : rule.file;
          problems.add(make_diagnostic(
              errc::unknown_condition_name, source_position{file, 1, 0}, rule.id,
              fmt::format("{}:{}:{}", rule_file, text.site.line, text.site.column + node->column),
              fmt::format("{}{}", is_flag ? "flag:" : "", node->name),
              file.empty() ? std::string(member_level ? "the members file" : "the units sheet") : file, hint));
        }
      }
  }
  if (bit > 64) throw std::invalid_argument("award_titles: more than 64 titles in force");
  if (!problems.empty()) throw input_error(std::move(problems));

  a.unit_mask_.assign(a.unit_count_, 0);
  a.unit_eligible_.assign(a.unit_count_, 0);
  a.member_mask_.assign(a.member_ids_.size(), 0);
  a.member_eligible_.assign(a.member_ids_.size(), 0);

  subject_context::shared sh;
  sh.a = &a;
  sh.s = &sc;
  sh.unit_mask = &a.unit_mask_;
  sh.member_mask = &a.member_mask_;
  sh.bit = &a.bit_;
  sh.unit_members = &a.unit_members_;
  sh.member_rows = &a.member_rows_;
  std::vector<subject_context> member_ctx, unit_ctx;
  member_ctx.reserve(a.member_ids_.size());
  for (std::size_t i = 0; i < a.member_ids_.size(); ++i) member_ctx.emplace_back(&sh, subject_kind::member, i);
  for (std::size_t i = 0; i < a.unit_count_; ++i) unit_ctx.emplace_back(&sh, subject_kind::unit, i);
  sh.members = &member_ctx;

  for (const std::size_t t : sc.title_order) {
    const title_rule& rule = sc.titles[t];
    const auto p = parse_title(rule);
    const bool unit_rule = rule.subject == title_subject::unit;
    auto& ctx = unit_rule ? unit_ctx : member_ctx;
    auto& eligible = unit_rule ? a.unit_eligible_ : a.member_eligible_;
    auto& held = unit_rule ? a.unit_mask_ : a.member_mask_;
    const std::uint64_t flag = std::uint64_t{1} << a.bit_[t];
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < ctx.size(); ++i) {
      bool ok = std::all_of(p.all.begin(), p.all.end(), [&](const condition& c) { return evaluate(c, ctx[i]); });
      if (ok && !p.any.empty())
        ok = std::any_of(p.any.begin(), p.any.end(), [&](const condition& c) { return evaluate(c, ctx[i]); });
      if (!ok) continue;
      eligible[i] |= flag;
      candidates.push_back(i);
    }
    if (!rule.quota) {
      for (std::size_t i : candidates) held[i] |= flag;
      continue;
    }
    // The quota: group by scope, count the base, keep the best `limit` of each scope.
    const title_quota& q = *rule.quota;
    const subject_kind kind = unit_rule ? subject_kind::unit : subject_kind::member;
    const ranking* rated = unit_rule ? in.subjects : a.member_ranking_;
    const auto rated_row = [&](std::size_t i) -> std::ptrdiff_t {
      return unit_rule ? static_cast<std::ptrdiff_t>(i) : a.member_rows_[i];
    };
    // The scope's id, viewed in storage that outlives the quota (no copies per subject).
    const auto scope_of = [&](std::size_t i) -> std::string_view {
      if (q.per == title_quota::scope::all) return {};
      if (q.per == title_quota::scope::unit) return a.member_units_[i];
      // block: a unit's group, or a member's unit's group
      if (unit_rule || units_are_members) return in.subjects->group(i);
      const std::ptrdiff_t u = in.subjects->find(a.member_units_[i]);
      return u < 0 ? std::string_view() : in.subjects->group(static_cast<std::size_t>(u));
    };
    const auto in_base = [&](std::size_t i) {
      if (q.of == "all") return true;
      if (q.of.starts_with("title:")) return ctx[i].holds(std::string_view(q.of).substr(6));
      return ctx[i].compare_class(std::string_view(q.of).substr(6)) == 0;
    };
    // Scopes are grouped by hash, then visited in Vietnamese collation order (each scope's
    // key computed once: collation is the costly part at country scale).
    std::unordered_map<std::string_view, std::uint32_t> base;
    for (std::size_t i = 0; i < ctx.size(); ++i)
      if (in_base(i)) ++base[scope_of(i)];
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_scope;
    for (std::size_t i : candidates) by_scope[scope_of(i)].push_back(i);
    std::vector<std::tuple<std::string, std::string, std::vector<std::size_t>>> groups;  // key, scope, candidates
    groups.reserve(by_scope.size());
    for (auto& [scope, list] : by_scope)
      groups.emplace_back(detail::collation_key(scope), std::string(scope), std::move(list));
    std::sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) {
      return std::tie(std::get<0>(x), std::get<1>(x)) < std::tie(std::get<0>(y), std::get<1>(y));
    });
    const std::vector<ranking_key> order =
        q.order.empty() ? std::vector<ranking_key>{{ranking_key::kind::total, {}, 0}} : q.order;
    const auto better = [&](std::size_t x, std::size_t y) {
      const std::ptrdiff_t rx = rated_row(x), ry = rated_row(y);
      for (const auto& key : order) {
        int c = 0;
        const auto cmp_dec = [&](std::optional<decimal> vx, std::optional<decimal> vy) {
          if (vx == vy) return 0;
          if (!vx) return -1;
          if (!vy) return 1;
          return *vx > *vy ? 1 : -1;
        };
        switch (key.what) {
          case ranking_key::kind::class_: {
            const std::ptrdiff_t cx = rx < 0 ? -1 : rated->class_index(static_cast<std::size_t>(rx));
            const std::ptrdiff_t cy = ry < 0 ? -1 : rated->class_index(static_cast<std::size_t>(ry));
            if (cx != cy) c = cx < 0 ? -1 : (cy < 0 ? 1 : (cx < cy ? 1 : -1));
            break;
          }
          case ranking_key::kind::total: c = cmp_dec(ctx[x].total(), ctx[y].total()); break;
          case ranking_key::kind::family: c = cmp_dec(ctx[x].family(key.ref), ctx[y].family(key.ref)); break;
          case ranking_key::kind::criterion: c = cmp_dec(ctx[x].criterion(key.ref), ctx[y].criterion(key.ref)); break;
          case ranking_key::kind::id: {
            const auto ix = ctx[x].id(), iy = ctx[y].id();
            if (ix != iy) c = ix < iy ? 1 : -1;
            break;
          }
          case ranking_key::kind::name: {
            const std::string nx(unit_rule ? in.subjects->name(x) : std::string_view(a.member_names_[x]));
            const std::string ny(unit_rule ? in.subjects->name(y) : std::string_view(a.member_names_[y]));
            if (nx != ny) c = collation_less{}(nx, ny) ? 1 : (collation_less{}(ny, nx) ? -1 : 0);
            break;
          }
        }
        if (c != 0) return c > 0;
      }
      return ctx[x].id() < ctx[y].id();  // the last resort: the id, ascending
    };
    for (auto& [key, scope, list] : groups) {
      std::stable_sort(list.begin(), list.end(), better);
      const auto found = base.find(scope);
      const std::uint32_t b = found == base.end() ? 0 : found->second;
      const auto limit = static_cast<std::uint32_t>(std::max<std::int64_t>(0, round_limit(q.max, b, q.round)));
      for (std::size_t pos = 0; pos < list.size(); ++pos) {
        const bool kept = pos < limit;
        if (kept) held[list[pos]] |= flag;
        a.decisions_.push_back({t, kind, list[pos],
                                {scope, static_cast<std::uint32_t>(pos + 1), static_cast<std::uint32_t>(list.size()), b,
                                 limit, kept}});
      }
    }
  }
  return a;
}

// ------------------------------------------------------------------------ explanation

namespace {

condition_observation observe(const condition& c, const detail::condition_context& ctx, const scheme& sc) {
  using k = condition::kind;
  condition_observation o;
  o.holds = evaluate(c, ctx);
  switch (c.k) {
    case k::class_cmp: {
      o.what = condition_observation::kind::class_;
      // The subject's class id: find the class that compares equal.
      (void)sc;
      break;
    }
    case k::total_cmp: o.what = condition_observation::kind::number; o.value = ctx.total(); break;
    case k::family_cmp: o.what = condition_observation::kind::number; o.value = ctx.family(c.name); break;
    case k::criterion_cmp: o.what = condition_observation::kind::number; o.value = ctx.criterion(c.name); break;
    case k::field_cmp: o.what = condition_observation::kind::number; o.value = ctx.field(c.name); break;
    case k::share:
    case k::count:
    case k::none:
    case k::all: {
      o.what = condition_observation::kind::members;
      o.of = ctx.member_count();
      for (std::size_t i = 0; i < o.of; ++i) o.matching += evaluate(c.children.at(0), ctx.member(i)) ? 1 : 0;
      break;
    }
    case k::streak: o.what = condition_observation::kind::streak; o.years = ctx.streak(c.name); break;
    default: break;
  }
  return o;
}

}  // namespace

std::vector<title_explanation> explain_titles(const awards& a, subject_kind kind, std::size_t i) {
  const scheme& sc = a.scheme();
  // A context over the final titles: the same reading as the evaluation had when the rule
  // ran, because a rule only reads titles decided before it.
  subject_context::shared sh;
  std::vector<std::uint64_t> unit_mask(a.count(subject_kind::unit)), member_mask(a.count(subject_kind::member));
  std::vector<unsigned> bits(sc.titles.size(), 0);
  unsigned next_bit = 0;
  for (std::size_t t = 0; t < sc.titles.size(); ++t)
    if (sc.titles[t].in_force) bits[t] = next_bit++;
  for (std::size_t u = 0; u < unit_mask.size(); ++u)
    for (std::size_t t = 0; t < sc.titles.size(); ++t)
      if (sc.titles[t].in_force && a.holds(subject_kind::unit, u, t)) unit_mask[u] |= std::uint64_t{1} << bits[t];
  for (std::size_t m = 0; m < member_mask.size(); ++m)
    for (std::size_t t = 0; t < sc.titles.size(); ++t)
      if (sc.titles[t].in_force && a.holds(subject_kind::member, m, t)) member_mask[m] |= std::uint64_t{1} << bits[t];
  std::vector<std::vector<std::size_t>> unit_members(a.count(subject_kind::unit));
  for (std::size_t u = 0; u < unit_members.size(); ++u) unit_members[u] = a.members_of(u);
  std::vector<std::ptrdiff_t> rows(a.count(subject_kind::member));
  for (std::size_t m = 0; m < rows.size(); ++m) rows[m] = a.member_row(m);
  sh.a = &a;
  sh.s = &sc;
  sh.unit_mask = &unit_mask;
  sh.member_mask = &member_mask;
  sh.bit = &bits;
  sh.unit_members = &unit_members;
  sh.member_rows = &rows;
  std::vector<subject_context> members;
  for (std::size_t m = 0; m < rows.size(); ++m) members.emplace_back(&sh, subject_kind::member, m);
  sh.members = &members;
  const subject_context self(&sh, kind, i);

  std::vector<title_explanation> out;
  const title_subject wanted = kind == subject_kind::unit ? title_subject::unit : title_subject::member;
  for (std::size_t t = 0; t < sc.titles.size(); ++t) {
    const title_rule& rule = sc.titles[t];
    if (!rule.in_force || rule.subject != wanted) continue;
    title_explanation e;
    e.title = t;
    e.conditions_met = a.eligible(kind, i, t);
    e.awarded = a.holds(kind, i, t);
    const auto p = parse_title(rule);
    for (std::size_t j = 0; j < p.all.size(); ++j) {
      auto o = observe(p.all[j], self, sc);
      o.text = rule.all[j].text;
      e.conditions.push_back(std::move(o));
    }
    for (std::size_t j = 0; j < p.any.size(); ++j) {
      auto o = observe(p.any[j], self, sc);
      o.text = rule.any[j].text;
      o.in_any = true;
      e.conditions.push_back(std::move(o));
    }
    for (auto& o : e.conditions) {
      if (o.what != condition_observation::kind::class_) continue;
      const ranking* r = kind == subject_kind::unit ? &a.subjects() : a.member_ranking();
      const std::ptrdiff_t row = kind == subject_kind::unit ? static_cast<std::ptrdiff_t>(i) : a.member_row(i);
      if (r && row >= 0 && r->class_index(static_cast<std::size_t>(row)) >= 0)
        o.class_id = r->scheme().classes[static_cast<std::size_t>(r->class_index(static_cast<std::size_t>(row)))].id;
    }
    e.quota = a.quota_decision(kind, i, t);
    if (e.awarded) e.reward = a.reward_amount(t);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace thidua
