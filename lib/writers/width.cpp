// Display width of UTF-8 text, for aligned tables: Vietnamese in NFC is one column per
// letter, but NFD input or combining tone marks must not push columns out of line.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "thidua/writers.hpp"

namespace thidua {

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(s.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0) {
      ++width;  // an invalid byte shows as one replacement character
      continue;
    }
    const auto category = u_charType(c);
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR) continue;
    const auto ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    width += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return width;
}

}  // namespace thidua
