// Internal: ranking subjects whose totals were computed elsewhere (the year from periods),
// with the same classification, vetoes, quotas and ranking as rank().
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "thidua/engine.hpp"

namespace thidua::detail {

struct precomputed_row {
  decimal total_unrounded;            ///< published total = this, rounded with the scheme's rule
  std::vector<decimal> families;      ///< unrounded family subtotals
  decimal bonus_counted, deduction_counted;
  std::uint32_t missing = 0;
  std::uint64_t flags = 0;            ///< in the labels sheet's flag order
  std::vector<decimal> key_points;    ///< points of the criteria ranking keys read (criterion:X), in key order
  std::vector<decimal> period_totals; ///< the period totals averaged (rank_periods), in scheme order
};

/// `labels` (ids, names, groups, flag names) has one row per entry of `rows`.
ranking rank_precomputed(const scheme& s, sheet labels, std::span<const precomputed_row> rows,
                         const rank_options& options);

}  // namespace thidua::detail
