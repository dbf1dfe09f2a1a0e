// thidua/awards.hpp: titles (danh hiệu thi đua) from this year's results, the members'
// results and earlier years.
//
// The scheme's `[[title]]` rules (docs/titles.md) are evaluated in dependency order (a
// title's prerequisites first, members' titles before the unit rules that count them) over
// the organisation: units with their members (the members file, scored with the individual
// scheme) and the history of earlier years (for streaks). A quota keeps the best candidates
// per unit, block or over all; a reward is a multiple of lương cơ sở.
//
// Example:
//   auto staff   = thidua::load_members("can-bo.csv");
//   auto scores  = thidua::load_sheet(*scheme.member_scheme, "diem-ca-nhan.csv");
//   auto people  = thidua::rank_members(scheme, staff, scores);
//   auto past    = thidua::load_history_csv("lich-su.csv");
//   auto titles  = thidua::award_titles(scheme, {.units = &units, .members = &people,
//                                                .staff = &staff, .past = &past});
//   for (auto t : titles.titles_of(thidua::subject_kind::unit, row)) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/engine.hpp"
#include "thidua/history.hpp"
#include "thidua/organisation.hpp"
#include "thidua/scheme.hpp"

namespace thidua {

/// Scores and ranks the members under the unit scheme's individual scheme
/// (`unit_scheme.member_scheme`), inside their units: `scores` rows are matched to `staff`
/// by id, a member's group is its unit and its flags are the members file's flags together
/// with the sheet's (a veto can read either). Members without scores are left out (not
/// rated); a score row for an id not in `staff` is thidua.data.131. The ranking's rows
/// follow `staff` order.
std::optional<ranking> rank_members(const scheme& unit_scheme, const members& staff, const sheet& scores,
                                    diagnostics& out);
ranking rank_members(const scheme& unit_scheme, const members& staff, const sheet& scores);

enum class subject_kind { unit, member };

struct award_inputs {
  /// The scheme's own subjects: the units (scheme subject "unit"), or the members when the
  /// scheme's subjects are members. Required.
  const ranking* subjects = nullptr;
  /// The members ranked with the individual scheme (rank_members), for a unit scheme.
  const ranking* members = nullptr;
  /// The members file: units, flags and numeric fields of the members.
  const thidua::members* staff = nullptr;
  /// Earlier years, for streaks (optional: without it a streak counts this year only).
  const thidua::history* past = nullptr;
};

/// How a quota decided about one candidate of a title.
struct title_quota_decision {
  std::string scope{};          ///< the unit or block id ("" for all)
  std::uint32_t position = 0;   ///< place among the scope's candidates, 1 = best
  std::uint32_t candidates = 0; ///< subjects of the scope that met the conditions
  std::uint32_t base = 0;       ///< the quota's base in the scope
  std::uint32_t limit = 0;      ///< max × base, rounded as the rule says
  bool kept = false;
};

/// How a quota went in one scope (a unit, a block, or all subjects).
struct title_quota_scope {
  std::string scope{};          ///< the unit or block id ("" for all)
  std::uint32_t base = 0;       ///< the quota's base in the scope
  std::uint32_t limit = 0;      ///< max × base, rounded as the rule says
  std::uint32_t candidates = 0; ///< subjects of the scope that met the conditions
  std::uint32_t kept = 0;       ///< candidates that keep the title: min(limit, candidates)
};

/// The titles of one year.
class awards {
 public:
  const thidua::scheme& scheme() const noexcept { return *scheme_; }
  int year() const noexcept { return scheme_->year; }

  /// Units (rows of the subjects' ranking) and members (rows of the members file, or of the
  /// members' ranking when there is no members file).
  std::size_t count(subject_kind k) const noexcept { return k == subject_kind::unit ? unit_count_ : member_ids_.size(); }
  std::string_view member_id(std::size_t i) const noexcept { return member_ids_[i]; }
  std::string_view member_name(std::size_t i) const noexcept { return member_names_[i]; }
  std::string_view member_unit(std::size_t i) const noexcept { return member_units_[i]; }
  /// The member's row in the members' ranking, -1 when not rated (no scores).
  std::ptrdiff_t member_row(std::size_t i) const noexcept { return member_rows_[i]; }
  /// The ranking that rates members (the members' or the subjects', by the scheme), or null.
  const ranking* member_ranking() const noexcept { return member_ranking_; }
  const ranking& subjects() const noexcept { return *subjects_; }
  /// Members of a unit (row of the subjects' ranking), in members-file order.
  const std::vector<std::size_t>& members_of(std::size_t unit) const noexcept { return unit_members_[unit]; }

  /// Whether the subject holds title `t` (index into scheme().titles).
  bool holds(subject_kind k, std::size_t i, std::size_t t) const noexcept {
    return (mask(k, i) >> bit_[t]) & 1U;
  }
  /// The titles a subject holds, as indices into scheme().titles, in scheme order.
  std::vector<std::size_t> titles_of(subject_kind k, std::size_t i) const;
  /// Whether the subject met the title's conditions (before its quota).
  bool eligible(subject_kind k, std::size_t i, std::size_t t) const noexcept {
    return (eligible_mask(k, i) >> bit_[t]) & 1U;
  }
  /// Holders of a title in display order (units: blocks then rank; members: their units in
  /// the units' display order, then rank inside the unit).
  std::vector<std::size_t> holders(std::size_t t) const;
  /// The quota's decision about a candidate, when the title has a quota and the subject met
  /// its conditions.
  std::optional<title_quota_decision> quota_decision(subject_kind k, std::size_t i, std::size_t t) const;
  /// Per scope with candidates (unit, block or all), in Vietnamese collation order of the
  /// scope ids: base, limit, candidates and kept.
  std::vector<title_quota_scope> quota_scopes(std::size_t t) const;

  /// The reward of one holder in đồng: multiple × base salary, rounded half up to the đồng;
  /// 0 without a reward or a base salary.
  std::int64_t reward_amount(std::size_t t) const noexcept;
  /// Whether title t is paid to subject i: always for "each"; for "highest" only the
  /// subject's best-paid title (the first in scheme order among equals).
  bool paid(subject_kind k, std::size_t i, std::size_t t) const;
  /// What the subject receives in đồng: its paid titles' rewards.
  std::int64_t reward_of(subject_kind k, std::size_t i) const;
  /// The subjects' display order (units), and members' display order.
  std::vector<std::size_t> display_order(subject_kind k) const;
  /// A subject's index by id, or -1.
  std::ptrdiff_t find(subject_kind k, std::string_view id) const;

 private:
  friend awards award_titles(const thidua::scheme&, const award_inputs&);
  friend struct awards_access;
  std::uint64_t mask(subject_kind k, std::size_t i) const noexcept {
    return k == subject_kind::unit ? unit_mask_[i] : member_mask_[i];
  }
  std::uint64_t eligible_mask(subject_kind k, std::size_t i) const noexcept {
    return k == subject_kind::unit ? unit_eligible_[i] : member_eligible_[i];
  }
  std::shared_ptr<const thidua::scheme> scheme_;
  const ranking* subjects_ = nullptr;
  const ranking* member_ranking_ = nullptr;
  const thidua::members* staff_ = nullptr;
  const thidua::history* past_ = nullptr;
  std::size_t unit_count_ = 0;
  std::vector<std::string> member_ids_, member_names_, member_units_;
  std::vector<std::ptrdiff_t> member_rows_, member_unit_row_;
  std::vector<std::vector<std::size_t>> unit_members_;
  std::vector<std::uint64_t> unit_mask_, member_mask_, unit_eligible_, member_eligible_;
  std::vector<unsigned> bit_;  // title index → bit (titles in force; ≤ 64)
  // Quota decisions: (title, kind, subject) → decision.
  struct stored_decision {
    std::size_t title = 0;
    subject_kind kind = subject_kind::member;
    std::size_t subject = 0;
    title_quota_decision decision{};
  };
  std::vector<stored_decision> decisions_;
};

/// Decides every title in force for every subject. The result points into `in` (the
/// rankings, the members and the history): they must outlive it. Throws input_error: thidua.data.129 when
/// a condition reads a flag or field no file has, thidua.data.126 when a member's unit is not
/// a unit; std::invalid_argument when a required input is missing (members for member
/// titles of a unit scheme).
awards award_titles(const scheme& s, const award_inputs& in);

/// Why a subject holds a title or not: each condition with its result and the numbers
/// behind it.
struct condition_observation {
  std::string text{};           ///< the condition as written
  bool in_any = false;          ///< from the `any` list (else `all`)
  bool holds = false;
  enum class kind { none, class_, number, members, streak } what = kind::none;
  std::string class_id{};       ///< class: the subject's class ("" when not rated)
  std::optional<decimal> value{};  ///< number: total, family, criterion or field (nullopt: missing)
  std::size_t matching = 0, of = 0;  ///< members: members for which the inner condition holds, of all
  std::size_t years = 0;        ///< streak: consecutive years held, this one included
};
struct title_explanation {
  std::size_t title = 0;        ///< index into scheme().titles
  bool conditions_met = false;
  bool awarded = false;
  std::vector<condition_observation> conditions{};
  std::optional<title_quota_decision> quota{};
  std::int64_t reward = 0;      ///< đồng, when awarded
};
/// Every title in force for the subject's kind, in scheme order.
std::vector<title_explanation> explain_titles(const awards& a, subject_kind k, std::size_t i);

}  // namespace thidua
