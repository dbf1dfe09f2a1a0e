// The error catalogue: ids are unique, documented, and messages render with positions.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thidua/error.hpp>

#include "core/detail_errors.hpp"

namespace {

std::string read_doc(const char* path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Errors, EveryIdIsUniqueAndDocumented) {
  const std::string doc = read_doc(THIDUA_DOCS_DIR "/errors.md");
  ASSERT_FALSE(doc.empty());
  std::set<std::string_view> seen;
  for (thidua::errc code : thidua::detail::all_error_codes()) {
    const auto id = thidua::error_id(code);
    EXPECT_TRUE(seen.insert(id).second) << id;
    EXPECT_NE(doc.find("| " + std::string(id) + " |"), std::string::npos) << id << " is not in docs/errors.md";
    EXPECT_FALSE(thidua::error_title(code).empty());
  }
}

TEST(Errors, DiagnosticRendersIdFileLineColumn) {
  const auto d = thidua::make_diagnostic(thidua::errc::exceeds_maximum, {"scores.csv", 57, 4}, "DV2", "18.5", "15");
  EXPECT_EQ(d.to_string(), "[thidua.data.112] scores.csv:57:4: DV2 = 18.5 exceeds its maximum 15");
  EXPECT_EQ(d.id(), "thidua.data.112");
}

TEST(Errors, InputErrorKeepsEveryDiagnostic) {
  thidua::diagnostics all(2);
  all.add(thidua::make_diagnostic(thidua::errc::empty_id, {"a.csv", 2, 1}));
  all.add(thidua::make_diagnostic(thidua::errc::empty_id, {"a.csv", 3, 1}));
  all.add(thidua::make_diagnostic(thidua::errc::empty_id, {"a.csv", 4, 1}));
  EXPECT_EQ(all.count(), 3U);
  EXPECT_EQ(all.items().size(), 2U);  // storage limit
  const thidua::input_error e(all.items(), all.count());
  EXPECT_EQ(e.total_count(), 3U);
  EXPECT_STREQ(e.what(), "[thidua.data.111] a.csv:2:1: the row has no subject id");
}

}  // namespace
