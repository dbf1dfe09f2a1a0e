// Internal: the ranking keys of a scheme (`[ranking] order`) as one comparison, shared by
// ranking_builder::finish (sorting, ranks, quota candidates and ties at a quota's cut) and
// explain() (the first key that separates a subject from its neighbours), so that the two
// cannot disagree about what a key means.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "thidua/engine.hpp"

namespace thidua::detail {

/// The per-row values the keys read. Rows index every span.
struct ordering_view {
  const scheme* s = nullptr;
  std::span<const std::ptrdiff_t> classes;   ///< final class (lower index is better)
  std::span<const decimal> totals;           ///< published totals
  std::span<const decimal> families;         ///< published family subtotals, family_count per row
  std::size_t family_count = 0;
  std::span<const decimal> key_points;       ///< points of the criterion keys, key_count per row
  std::size_t key_count = 0;
  const sheet* labels = nullptr;             ///< ids and names
  /// Collation keys of the names by row, when the order has a `name` key; null: computed on
  /// demand for the two rows compared.
  const std::vector<std::string>* name_keys = nullptr;
};

/// The result of comparing two rows by the keys.
struct key_order {
  int order = 0;        ///< < 0: a goes first; > 0: b goes first; 0: equal on every key compared
  std::size_t key = 0;  ///< when order != 0: index into scheme::order of the key that decided
};

/// Compares rows a and b by the scheme's ranking keys, in order. With `merit_only`, the id
/// and name keys (arbitrary tie-breakers, not merit) are skipped.
key_order compare_by_keys(const ordering_view& v, std::size_t a, std::size_t b, bool merit_only = false);

/// Which slot of key_points the ranking key `key` (a criterion key) reads: criterion keys
/// are counted in scheme::order.
std::size_t criterion_key_slot(const scheme& s, std::size_t key) noexcept;

/// Reads a ranking's private arrays (for explain()).
struct ranking_access {
  static ordering_view view(const ranking& r);
  static std::span<const sheet::value_type> values(const ranking& r, std::size_t row);
  /// Index of `row` in r.display_order().
  static std::size_t position(const ranking& r, std::size_t row) { return r.position_[row]; }
  static decimal key_points(const ranking& r, std::size_t row, std::size_t slot) {
    return r.key_points_[row * r.key_count_ + slot];
  }
};

}  // namespace thidua::detail
