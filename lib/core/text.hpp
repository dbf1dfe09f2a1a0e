// Small UTF-8 helpers shared by the readers: validation, NFC normalisation, case folding and
// an edit distance for "did you mean" suggestions. Everything has an ASCII fast path: ICU is
// only called for text with bytes >= 0x80, which in a score sheet is names and labels.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace thidua::detail {

/// True when every byte is below 0x80.
bool is_ascii(std::string_view s) noexcept;

/// 0-based offset of the first byte that is not valid UTF-8, or npos when all of it is.
std::size_t invalid_utf8_offset(std::string_view s) noexcept;

/// `s` in NFC. Returns `s` itself when it already is (ASCII always is); otherwise the
/// normalised text is written to `buffer` and a view of it returned. `s` must be valid UTF-8.
std::string_view to_nfc(std::string_view s, std::string& buffer);

/// NFC plus Unicode case folding, for case-insensitive comparisons ("Không" == "KHÔNG").
std::string fold_case(std::string_view s);

/// Levenshtein distance between two UTF-8 strings, counted in code points.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// `s` without leading and trailing spaces and tabs.
constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace thidua::detail
