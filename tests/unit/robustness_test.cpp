// Bad input never crashes: seeded mutations of real files (bytes flipped, inserted, deleted,
// lines cut) fed to the scheme and sheet parsers either parse or fail with an input_error
// carrying an id and a position — never another exception, never a sanitizer report.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <thidua/thidua.hpp>

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string mutate(std::string text, std::mt19937_64& rng) {
  const char specials[] = {'"', ',', ';', '\t', '\n', '\r', '=', '[', ']', '{', '}', '\xC3', '\x80', '\xFF', '\0',
                           '.', '-', '9', 'N'};
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < edits && !text.empty(); ++k) {
    const std::size_t at = rng() % text.size();
    switch (rng() % 4) {
      case 0: text[at] = specials[rng() % sizeof specials]; break;
      case 1: text.insert(at, 1, specials[rng() % sizeof specials]); break;
      case 2: text.erase(at, 1 + rng() % 8); break;
      default: text.resize(at); break;  // a file cut short
    }
  }
  return text;
}

TEST(Robustness, MutatedSchemesParseOrFailCleanly) {
  const std::string original = slurp(THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml");
  ASSERT_FALSE(original.empty());
  std::mt19937_64 rng(20241125);
  int failed = 0;
  for (int round = 0; round < 300; ++round) {
    const std::string text = mutate(original, rng);
    try {
      (void)thidua::parse_scheme(text, "mutated.toml");
    } catch (const thidua::input_error& e) {
      ++failed;
      ASSERT_FALSE(e.diagnostics().empty());
      EXPECT_TRUE(e.first().id().starts_with("thidua.")) << e.what();
    }
  }
  EXPECT_GT(failed, 50);  // the mutations do break things
}

TEST(Robustness, MutatedSheetsParseOrFailCleanly) {
  const auto s = thidua::load_scheme(THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml");
  const std::string original = slurp(THIDUA_EXAMPLES_DATA "/diem-hoi-dong.csv");
  std::mt19937_64 rng(7);
  int failed = 0;
  for (int round = 0; round < 300; ++round) {
    const std::string text = mutate(original, rng);
    try {
      const auto sh = thidua::parse_sheet(s, text, "mutated.csv");
      (void)thidua::rank(s, sh);  // whatever parses also ranks
    } catch (const thidua::input_error& e) {
      ++failed;
      ASSERT_FALSE(e.diagnostics().empty());
      const auto& d = e.first();
      EXPECT_TRUE(d.id().starts_with("thidua.data.")) << e.what();
      EXPECT_EQ(d.where.file, "mutated.csv");
    }
  }
  EXPECT_GT(failed, 50);
}

}  // namespace
