// What the fuzz targets run on one input, shared by the libFuzzer binaries
// (tests/fuzz/fuzz_*.cpp, built with -DTHIDUA_FUZZ=ON and clang) and by the unit test that
// replays every kept input (tests/unit/fuzz_replay_test.cpp), so a crash found once stays a
// regression test. An input may parse or fail with input_error; anything else escapes and
// is a bug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <thidua/thidua.hpp>

namespace thidua::fuzz {

inline void scheme_one(const std::uint8_t* data, std::size_t size) {
  try {
    (void)parse_scheme(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
  } catch (const input_error&) {
  }
}

/// Parses `data` as a score sheet of `s`, and ranks and explains what parses.
inline void sheet_one(const scheme& s, const std::uint8_t* data, std::size_t size) {
  try {
    const sheet sh = parse_sheet(s, std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv");
    const ranking r = rank(s, sh);
    if (r.size() > 0) (void)explain(s, sh, r, 0);
  } catch (const input_error&) {
  }
}

}  // namespace thidua::fuzz
