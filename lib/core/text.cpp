// UTF-8 helpers for the CSV reader (see text.hpp). ICU does the Unicode work; the ASCII
// paths avoid it because a country file has ~100 million numeric cells.
#include "core/text.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace thidua::detail {
namespace {

const icu::Normalizer2& nfc_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || n == nullptr) throw std::runtime_error("ICU: no NFC normaliser available");
  return *n;
}

std::vector<UChar32> code_points(std::string_view s) {
  std::vector<UChar32> out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  std::int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(p, i, length, c);
    out.push_back(c);
  }
  return out;
}

}  // namespace

bool is_ascii(std::string_view s) noexcept {
  // Eight bytes at a time: the common case is a long ASCII header or label.
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) return false;
  }
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  return true;
}

std::size_t invalid_utf8_offset(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  std::int32_t i = 0;
  while (i < length) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(p, i, length, c);
    if (c < 0) return static_cast<std::size_t>(start);
  }
  return std::string_view::npos;
}

std::string_view to_nfc(std::string_view s, std::string& buffer) {
  if (is_ascii(s)) return s;
  const auto& nfc = nfc_instance();
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(s.data(), static_cast<std::int32_t>(s.size()));
  if (nfc.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return s;
  status = U_ZERO_ERROR;
  buffer.clear();
  icu::StringByteSink<std::string> sink(&buffer, static_cast<std::int32_t>(s.size()));
  nfc.normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return s;  // only on invalid input, which callers rule out first
  return buffer;
}

std::string fold_case(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (auto& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  std::string buffer;
  const auto normalised = to_nfc(s, buffer);
  auto u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(normalised.data(), static_cast<std::int32_t>(normalised.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  // Folding can leave decomposed sequences in rare cases; normalise again to compare safely.
  std::string again;
  const auto n = to_nfc(out, again);
  return n.data() == out.data() ? out : std::string(n);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const auto x = code_points(a);
  const auto y = code_points(b);
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

}  // namespace thidua::detail
