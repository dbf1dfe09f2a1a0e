// Internal: "; did you mean 'X'?" for names the scheme checks (classes, families, criteria,
// titles), shared by finalize_scheme and the title rule checks.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/text.hpp"

namespace thidua::detail {

/// "; did you mean 'X'?" for the closest of `candidates` (ids through `id_of`) within edit
/// distance 2, else "".
template <class Range, class Id>
std::string did_you_mean(std::string_view wrong, const Range& candidates, Id id_of) {
  std::size_t best = 3;
  std::string_view found;
  for (const auto& c : candidates) {
    const std::string_view id = id_of(c);
    if (id.empty() || id == wrong) continue;
    const std::size_t d = edit_distance(wrong, id);
    // A distance as long as the word itself is no resemblance ("x" vs "id").
    if (d < best && d < std::max(wrong.size(), id.size())) {
      best = d;
      found = id;
    }
  }
  return found.empty() ? std::string() : fmt::format("; did you mean '{}'?", found);
}

}  // namespace thidua::detail
