// Internal: Vietnamese collation (ICU), so blocks and names sort as a Vietnamese reader
// expects ("Đ" after "D", tones after the base letter), independent of byte order.
#pragma once

#include <string>
#include <string_view>

namespace thidua::detail {

/// A byte string whose memcmp order is the Vietnamese collation order of `utf8`.
/// Equal keys mean equal text under collation; callers break such ties by bytes.
std::string collation_key(std::string_view utf8);

}  // namespace thidua::detail
