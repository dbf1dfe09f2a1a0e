// libFuzzer target for the scheme parser: ./build-fuzz/bin/fuzz_scheme tests/fuzz/corpus/scheme
#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  thidua::fuzz::scheme_one(data, size);
  return 0;
}
