// Internal: turning one subject's raw values into points, subtotals and a total.
// Shared by rank() and explain() so that both always agree.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "thidua/engine.hpp"

namespace thidua::detail {

/// Per-family working values for one subject.
struct family_sum {
  decimal raw;             ///< sum of points of applicable criteria
  decimal applicable_max;  ///< sum of maxima of applicable criteria
  decimal subtotal;        ///< renormalised and rescaled to the family's share (1/10000 exact)
  bool applicable = false; ///< false when every criterion of the family is N/A
};

struct subject_score {
  std::vector<family_sum> families;
  decimal families_sum;        ///< Σ family subtotals
  decimal families_scaled;     ///< families_sum, rescaled to the scale when a whole family is N/A
  decimal applicable_weight;   ///< not_applicable = "scale": the scale's weight of applicable criteria
  decimal total_unrounded;     ///< families + bonus − deduction, not below 0
  decimal total;               ///< published
  decimal bonus_counted, deduction_counted;
  std::uint32_t missing = 0;
};

/// Scores one subject. `points_out`, when non-null, receives every criterion's score.
void score_subject(const scheme& s, std::span<const sheet::value_type> values, decimal bonus,
                   decimal deduction, subject_score& out,
                   std::vector<criterion_score>* points_out = nullptr);

/// A family's subtotal: raw ÷ applicable max × share, rounded once to 1/10000 (exact, and
/// equal to raw, when share == applicable max).
decimal family_subtotal(const scheme& s, decimal raw, decimal applicable_max, decimal share) noexcept;

/// The subtotal family `f` gets with `raw` points, in the subject's context (its applicable
/// maxima, and for not_applicable = "scale" its applicable weight): renormalised by the
/// scheme's N/A rule and rounded to its precision when anything was N/A. finish_subject and
/// explain's apportionment of contributions both use it, so they always add up.
decimal family_value(const scheme& s, std::size_t f, decimal raw, const subject_score& sc) noexcept;

/// From `out.families[*].raw` and `.applicable_max` (already summed) to the subtotals, the
/// total and the counted bonus and deduction. score_subject ends with it; explain() calls it
/// on changed sums to see what a change to one criterion would do.
void finish_subject(const scheme& s, decimal bonus, decimal deduction, subject_score& out);

/// The class the published total and family subtotals reach (index into s.classes).
/// `blocked`, when non-null, receives the better classes a family minimum blocked.
/// Classes better than `from` are not considered (a subject dropped by a quota below it).
std::size_t class_for(const scheme& s, decimal total, std::span<const decimal> published_families,
                      std::vector<std::pair<std::size_t, std::size_t>>* blocked = nullptr, std::size_t from = 0);

}  // namespace thidua::detail
