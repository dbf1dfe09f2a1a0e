// libFuzzer target for the CSV reader (and the engine on what parses), against the bundled
// sample scheme: ./build-fuzz/bin/fuzz_sheet tests/fuzz/corpus/sheet
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const thidua::scheme s = thidua::load_scheme(THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml");
  thidua::fuzz::sheet_one(s, data, size);
  return 0;
}
