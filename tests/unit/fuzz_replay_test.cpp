// Replays every input kept in tests/fuzz/corpus through the fuzz targets' code: seeds and
// any input that once crashed stay regression tests (run under ASan/UBSan by `make test`).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../fuzz/targets.hpp"

namespace {

std::vector<std::string> corpus(const char* target) {
  std::vector<std::string> inputs;
  const std::filesystem::path dir = std::filesystem::path(THIDUA_TEST_DATA).parent_path() / "fuzz" / "corpus" / target;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    inputs.push_back(ss.str());
  }
  return inputs;
}

TEST(FuzzReplay, SchemeCorpus) {
  const auto inputs = corpus("scheme");
  ASSERT_FALSE(inputs.empty());
  for (const auto& in : inputs)
    thidua::fuzz::scheme_one(reinterpret_cast<const std::uint8_t*>(in.data()), in.size());
}

TEST(FuzzReplay, SheetCorpus) {
  const auto s = thidua::load_scheme(THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml");
  const auto inputs = corpus("sheet");
  ASSERT_FALSE(inputs.empty());
  for (const auto& in : inputs)
    thidua::fuzz::sheet_one(s, reinterpret_cast<const std::uint8_t*>(in.data()), in.size());
}

}  // namespace
