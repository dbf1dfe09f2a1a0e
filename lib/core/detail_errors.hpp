// Internal helpers around the error catalogue.
#pragma once
#include <vector>

#include "thidua/error.hpp"

namespace thidua::detail {
/// Every error code, in catalogue order (for tests and docs checks).
std::vector<errc> all_error_codes();
}  // namespace thidua::detail
