// thidua/engine.hpp: from (scheme, sheet) to a ranking. Pure functions: no I/O, no globals.
//
// For each subject: criterion points (tiers, linear, assessor points, yes/no), family
// subtotals renormalised over applicable criteria and rescaled to the family weight, capped
// bonus and deduction, the total rounded to the scheme's precision, the class (thresholds,
// per-family minimums, vetoes), and the rank inside its emulation block by the scheme's
// ordered keys. Classes and ranks compare the published (rounded) values, as a council
// reading the printed table would. The result is the same whatever the row order or thread
// count.
//
// Example:
//   auto r = thidua::rank(scheme, sheet);
//   for (std::size_t i : r.display_order())
//     std::cout << r.id(i) << ' ' << r.total(i).to_string(2) << ' ' << r.rank(i) << '\n';
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/decimal.hpp"
#include "thidua/scheme.hpp"
#include "thidua/scores.hpp"

namespace thidua {

/// How one criterion's raw value became points.
struct criterion_score {
  enum class rule {
    points,          ///< assessor points, taken as given
    tier,            ///< tier `tier` applied
    below_tiers,     ///< no tier reached: 0 points
    linear,          ///< linear between zero and full
    yes, no,         ///< yes_no
    failures,        ///< `raw` recorded failures, each costing per_failure of the maximum
    not_applicable,  ///< left out, family renormalised
    missing,         ///< empty cell, counted as 0 (missing = "zero")
  };
  rule applied = rule::points;
  decimal raw;                  ///< the value in the sheet (meaningless for N/A, missing)
  decimal points;               ///< points given (0 for N/A and missing)
  std::size_t tier = 0;         ///< for rule::tier
};

/// Scores one criterion. Exact except `linear`, rounded to 1/10000 with the scheme's rule.
criterion_score score_criterion(const scheme& s, const criterion& c, sheet::value_type value) noexcept;

/// How a class quota decided about one subject that reached the class (before the quota).
struct quota_decision {
  std::size_t quota_class = 0;  ///< the class whose quota this is (index into scheme().classes)
  std::uint32_t position = 0;   ///< the subject's place among the candidates, 1 = best
  std::uint32_t candidates = 0; ///< subjects of the scope that reached the class before the quota
  std::uint32_t base = 0;       ///< the quota's base, counted on the final result
  std::uint32_t limit = 0;      ///< max × base, rounded as the scheme says
  std::uint32_t kept = 0;       ///< candidates that kept the class
  bool demoted = false;         ///< this subject dropped to a lower class
  bool tie_at_cut = false;      ///< the cut fell inside a tie and the scheme's `ties` rule applied
};

/// The status of a subject after classification.
enum class standing {
  ranked,    ///< classified and ranked
  excluded,  ///< a veto with exclude = true: not classified nor ranked
};

struct rank_options {
  /// Self-scores (tự chấm) to compare with: each subject's self total is computed and
  /// reported beside the ranked total. Subjects only in `self_scores` are not ranked.
  const sheet* self_scores = nullptr;
  /// Keep every criterion's score in the ranking, so that `explain(ranking, row)` (and the
  /// `why` of the JSON writer, with its list of criteria) work without the sheet.
  ///
  /// Memory: the ranking keeps each subject's raw sheet values, one 32-bit integer per
  /// criterion (the sheet's own layout: 400 MB for 2,000,000 subjects × 50 criteria), and
  /// recomputes the points with score_criterion on demand (same function, same result). Off
  /// by default, so that a country-size rank_file keeps only results and labels. Read by
  /// ranking_builder's constructor (finish() ignores it).
  bool keep_criterion_points = false;
};

namespace detail {
struct ranking_access;  // internal (lib/engine/ordering.hpp)
}

/// The result of a year-end ranking. Rows are in the sheet's order; `display_order()` gives
/// blocks in Vietnamese collation order and subjects by rank inside each block.
class ranking {
 public:
  const thidua::scheme& scheme() const noexcept { return *scheme_; }
  std::size_t size() const noexcept { return size_; }

  std::string_view id(std::size_t i) const noexcept { return labels_->id(i); }
  std::string_view name(std::size_t i) const noexcept { return labels_->name(i); }
  std::string_view group(std::size_t i) const noexcept { return labels_->group(i); }

  /// Published total (rounded to the scheme's precision).
  decimal total(std::size_t i) const noexcept { return total_[i]; }
  /// Total before the final rounding (1/10000 exact).
  decimal total_unrounded(std::size_t i) const noexcept { return total_exact_[i]; }
  /// Published family subtotal (rounded to the scheme's precision).
  decimal family(std::size_t i, std::size_t f) const noexcept { return families_[i * family_count_ + f]; }
  /// Family subtotal before rounding, after renormalisation and weighting.
  decimal family_unrounded(std::size_t i, std::size_t f) const noexcept {
    return families_exact_[i * family_count_ + f];
  }
  /// Bonus and deduction as given and as counted (after the caps).
  decimal bonus_given(std::size_t i) const noexcept { return bonus_given_[i]; }
  decimal bonus_counted(std::size_t i) const noexcept { return bonus_counted_[i]; }
  decimal deduction_given(std::size_t i) const noexcept { return deduction_given_[i]; }
  decimal deduction_counted(std::size_t i) const noexcept { return deduction_counted_[i]; }

  standing status(std::size_t i) const noexcept { return status_[i]; }
  /// Class index into scheme().classes, or -1 when excluded.
  std::ptrdiff_t class_index(std::size_t i) const noexcept { return class_[i]; }
  /// The class the score alone reached (before vetoes), or -1 when excluded.
  std::ptrdiff_t class_by_score(std::size_t i) const noexcept { return class_by_score_[i]; }
  /// Vetoes that applied (indices into scheme().vetoes), in scheme order.
  std::vector<std::size_t> vetoes(std::size_t i) const;
  /// The period totals the year total is the weighted mean of (rank_periods; empty
  /// otherwise), in scheme order: published when period_rounding = "period", else unrounded.
  std::span<const decimal> period_totals(std::size_t i) const noexcept {
    if (period_count_ == 0) return {};
    return {period_totals_.data() + i * period_count_, period_count_};
  }
  /// Quota decisions about this subject, best class first (empty when no quota applied).
  std::vector<quota_decision> quota_decisions(std::size_t i) const;
  /// Class before quotas (after vetoes), or -1 when excluded.
  std::ptrdiff_t class_before_quota(std::size_t i) const noexcept {
    return class_before_quota_.empty() ? class_[i] : class_before_quota_[i];
  }
  /// Rank inside the block (1-based), 0 when excluded.
  std::uint32_t rank(std::size_t i) const noexcept { return rank_[i]; }
  /// Criteria left empty and counted as 0.
  std::uint32_t missing_count(std::size_t i) const noexcept { return missing_[i]; }
  /// Self-score total when self-scores were given for this subject.
  std::optional<decimal> self_total(std::size_t i) const noexcept;

  /// Rows sorted for display: blocks in collation order, then rank, then id; excluded
  /// subjects at the end of their block.
  const std::vector<std::size_t>& display_order() const noexcept { return order_; }
  /// Row of a subject id or -1.
  std::ptrdiff_t find(std::string_view id) const { return labels_->find(id); }
  /// The subjects' labels and flags (a sheet without values): flag(row, find_flag(name)).
  const sheet& labels() const noexcept { return *labels_; }

  /// True when ranked with rank_options::keep_criterion_points: explain(*this, row) then
  /// gives the whole explanation without the sheet.
  bool keeps_criterion_points() const noexcept { return keep_values_; }

 private:
  friend class ranking_builder;
  friend struct detail::ranking_access;
  std::shared_ptr<const thidua::scheme> scheme_;
  std::shared_ptr<const sheet> labels_;  // ids, names and groups (values not kept)
  std::size_t size_ = 0, family_count_ = 0;
  std::vector<decimal> total_, total_exact_, families_, families_exact_;
  std::vector<decimal> bonus_given_, bonus_counted_, deduction_given_, deduction_counted_;
  std::vector<standing> status_;
  std::vector<std::ptrdiff_t> class_, class_by_score_;
  std::vector<std::uint32_t> rank_, missing_;
  std::vector<std::uint64_t> veto_mask_;    // bit v: scheme().vetoes[v] applied
  std::vector<std::ptrdiff_t> class_before_quota_;  // empty when the scheme has no quota
  std::vector<std::pair<std::uint32_t, quota_decision>> quota_;  // by row, then class
  std::vector<std::int64_t> self_total_;    // INT64_MIN when none
  std::vector<std::size_t> order_;
  std::vector<std::uint32_t> position_;     // row → its index in order_
  std::size_t key_count_ = 0;               // ranking keys that read a criterion's points
  std::size_t period_count_ = 0;            // scheme periods when ranked by rank_periods
  std::vector<decimal> period_totals_;      // period totals used in the year mean, per row
  std::vector<decimal> key_points_;         // their points, per row (key_count_ per row)
  bool keep_values_ = false;                // rank_options::keep_criterion_points
  std::vector<sheet::value_type> values_;   // raw values, criteria.size() per row, when kept
};

/// Scores, classifies and ranks every subject of `sh` under `s`.
ranking rank(const scheme& s, const sheet& sh, const rank_options& options = {});

/// Builds a ranking from a sheet given in pieces (read_sheet_chunks in io.hpp), so that a
/// country-size sheet never has to be held whole: each piece is scored and classified when
/// it is added and only its results and labels are kept. Ranks are given by finish().
/// The result is identical to rank() on the concatenated sheet.
///
/// Example:
///   thidua::ranking_builder b(scheme);
///   thidua::read_sheet_chunks(scheme, "country.csv", problems, {}, 65536,
///                             [&](thidua::sheet&& piece) { b.add(piece); });
///   thidua::ranking r = std::move(b).finish();
///
/// `options.keep_criterion_points` is read here, because add() needs it; finish() reads
/// `self_scores` from its own argument (rank() passes the same options to both).
namespace detail {
struct precomputed_row;
ranking rank_precomputed(const scheme& s, sheet labels, std::span<const precomputed_row> rows,
                         const rank_options& options);
}  // namespace detail

class ranking_builder {
 public:
  explicit ranking_builder(const scheme& s, const rank_options& options = {});
  ranking_builder(ranking_builder&&) noexcept;
  ranking_builder& operator=(ranking_builder&&) noexcept;
  ~ranking_builder();

  /// Scores every row of `piece` (on all cores) and keeps results and labels.
  /// Pieces must share the flag columns (same names, same order).
  void add(const sheet& piece);
  /// Number of subjects added so far.
  std::size_t size() const noexcept;
  /// Ranks inside blocks and returns the ranking. `options.self_scores` is matched by id.
  ranking finish(const rank_options& options = {}) &&;

 private:
  friend ranking detail::rank_precomputed(const scheme&, sheet, std::span<const detail::precomputed_row>,
                                          const rank_options&);
  void resize(std::size_t total_rows);
  void commit_row(std::size_t i, decimal total_exact, std::span<const decimal> families_exact, decimal bonus_given,
                  decimal bonus_counted, decimal deduction_given, decimal deduction_counted, std::uint32_t missing,
                  std::uint64_t vetoed, std::span<decimal> published);
  void add_precomputed(const sheet& labels, std::span<const detail::precomputed_row> rows);

  struct state;
  std::unique_ptr<state> state_;
};

/// The year from period sheets (one per `[[period]]` of the scheme, in scheme order): each
/// period is scored on its own and the year total and family subtotals are the weighted mean
/// of the period values, rounded once to 1/10000 (from the published period values when
/// the scheme says period_rounding = "period"). A veto flag in any period applies; classes,
/// quotas and ranks follow from the year values. Every subject must be in every period
/// (input_error thidua.data.125 otherwise). Self-scores, when given, are one year sheet.
ranking rank_periods(const scheme& s, std::span<const sheet* const> periods, const rank_options& options = {});

/// Line-by-line account of one subject's score: every criterion's raw value, rule, points
/// and contribution to the total, family subtotals before and after renormalisation, bonus
/// and deduction before and after their caps, the total before and after rounding; then why
/// the class (threshold, family minimum, veto, quota), why the rank (the neighbours just
/// above and below in the block and the first ranking key that separates them) and what it
/// would take to reach the next better class (the gain, the family gaps and the criteria
/// that can give it, cheapest first). docs/explain.md shows it on the sample.
struct explanation {
  struct family_line {
    std::size_t family = 0;
    decimal raw;              ///< sum of points of applicable criteria
    decimal applicable_max;   ///< sum of maxima of applicable criteria
    decimal share;            ///< the family's share of the scale (weight or max)
    decimal subtotal;         ///< raw ÷ applicable_max × share, 1/10000 exact
    decimal published;        ///< subtotal rounded to the scheme's precision
  };
  std::size_t row = 0;
  /// False when explained from a ranking that did not keep criterion points: `criteria`,
  /// `contributions` and `families` are then empty and so is `next.criteria`; the class and
  /// rank reasons and the next class's gain and family gaps are still filled.
  bool complete = true;
  std::vector<criterion_score> criteria;  ///< in scheme order
  /// Each criterion's part of its family's subtotal (scheme order; 0 for N/A): points ×
  /// share ÷ applicable max, apportioned so that a family's contributions add up exactly to
  /// its `subtotal` (each within 1/10000 of the exact quotient; equal to the points when
  /// the family is not renormalised nor rescaled).
  std::vector<decimal> contributions;
  std::vector<family_line> families;
  decimal families_sum;     ///< Σ family subtotals
  /// families_sum, or rescaled to the scale when a whole family is N/A (× scale ÷ the
  /// applicable families' shares, rounded once to 1/10000)
  decimal families_scaled;
  decimal bonus_given, bonus_counted, deduction_given, deduction_counted;
  /// total_unrounded = max(0, families_scaled + bonus_counted − deduction_counted)
  decimal total_unrounded, total;
  std::ptrdiff_t class_by_score = -1, final_class = -1;
  /// Classes above class_by_score that the total reached but a family minimum blocked:
  /// (class index, family index).
  std::vector<std::pair<std::size_t, std::size_t>> blocked_by_family;
  std::vector<std::size_t> vetoes;
  std::vector<quota_decision> quotas;     ///< as ranking::quota_decisions
  standing status = standing::ranked;
  std::uint32_t rank = 0;

  /// Why the rank: a neighbour in the block's ranking order.
  struct neighbour {
    std::size_t row = 0;          ///< the neighbour's row in the ranking
    std::uint32_t rank = 0;       ///< its rank
    bool tied = false;            ///< equal on every ranking key: the same rank
    std::size_t key = 0;          ///< when !tied: index into scheme().order of the first key that differs
    /// The values of that key, this subject's and the neighbour's: published total or family
    /// subtotal, or criterion points (total/family/criterion keys).
    decimal value, neighbour_value;
    std::ptrdiff_t class_value = -1, neighbour_class = -1;  ///< for the class key
    // id and name keys: the texts are r.id/r.name of `row` and of the neighbour.
  };
  std::optional<neighbour> above, below;  ///< none at the top/bottom of the block, or excluded

  /// What it would take to reach the next better class.
  enum class obstacle {
    none,        ///< a higher score can do it: see gain, family_gaps, criteria
    best_class,  ///< already in the best class: nothing to gain
    excluded,    ///< excluded by a veto: no score changes that
    veto,        ///< a veto caps the class below the next one (`veto`)
    quota,       ///< the score reaches the class but its quota dropped the subject (`quota`)
  };
  struct family_gap {
    std::size_t family = 0;
    decimal needs, has;           ///< the class's minimum, the published subtotal
  };
  /// A criterion with headroom (N/A criteria excluded).
  struct criterion_gain {
    std::size_t criterion = 0;
    decimal points;               ///< points now
    decimal best;                 ///< the most its rule can give (max; the best tier's points)
    decimal max_gain;             ///< what reaching `best` adds to the unrounded total (exact)
    bool closes = false;          ///< on its own it reaches the next class (by score)
    // When closes: the smallest raw change that does.
    bool has_from = false;        ///< false when the cell is empty (missing)
    decimal from, to;             ///< raw value now → needed (assessor points rounded up to the
                                  ///< step; a tier's threshold; the linear value; 1 for yes)
    std::size_t to_tier = 0;      ///< tiers: the tier reached (index)
    decimal new_points;           ///< points after the change
    decimal total_gain;           ///< what the change adds to the unrounded total
    decimal new_total;            ///< the published total after the change
  };
  struct next_class_need {
    obstacle blocked = obstacle::none;
    std::ptrdiff_t target = -1;   ///< the next better class; -1 for best_class and excluded
    decimal gain;                 ///< published total still needed: max(0, target min − total)
    std::vector<family_gap> family_gaps;  ///< the target's family minimums not met
    std::size_t veto = 0;         ///< obstacle::veto: which veto (index into scheme().vetoes)
    std::optional<quota_decision> quota;  ///< obstacle::quota: the decision that dropped it
    bool quota_applies = false;   ///< the target has a quota: reaching it by score may not be enough
    /// Cheapest first: the criteria that close the gap alone, by the share of their maximum
    /// the change adds (smaller first); then the others by max_gain (larger first); ties in
    /// scheme order. Empty for best_class, excluded and veto.
    std::vector<criterion_gain> criteria;
  };
  next_class_need next;
};

/// Explains the subject at `row` of `sh` (as ranked in `r`, which must come from the same
/// scheme and sheet).
explanation explain(const scheme& s, const sheet& sh, const ranking& r, std::size_t row);

/// Explains the subject at `row` of `r` without the sheet. Whole when `r` kept criterion
/// points (rank_options::keep_criterion_points); otherwise `complete` is false and only the
/// parts a ranking holds are filled (see explanation::complete).
explanation explain(const ranking& r, std::size_t row);

}  // namespace thidua
