// Every `thidua audit` tool on the bundled sample (examples/data), as an auditor runs it: the
// table and the JSON, exit status 0, and the keys docs/audit.md promises.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_run.hpp"

namespace {

namespace fs = std::filesystem;

using thidua_test::slurp;

thidua_test::run_result run(const std::string& args) { return thidua_test::run_cli("thidua-audit-sample", args); }

const std::string sample = THIDUA_EXAMPLES_DATA "/";
const std::string scheme = " --scheme " + sample + "truong-hoc-2024-2025.toml";
const std::string scores = " --scores " + sample + "diem-hoi-dong.csv";

struct tool_case {
  std::string args;
  std::vector<std::string> keys;  // top-level JSON keys that must be there
};

class AuditSampleCli : public ::testing::TestWithParam<tool_case> {};

TEST_P(AuditSampleCli, TableAndJsonOnTheSample) {
  const auto& c = GetParam();
  const auto table = run(c.args);
  ASSERT_EQ(table.status, 0) << c.args << "\n" << table.err;
  EXPECT_GT(table.out.size(), 100U);
  const auto json = run(c.args + " --format json");
  ASSERT_EQ(json.status, 0) << json.err;
  const auto j = nlohmann::json::parse(json.out);
  for (const auto& k : c.keys) EXPECT_TRUE(j.contains(k)) << c.args << ": no key " << k;
}

INSTANTIATE_TEST_SUITE_P(
    EveryTool, AuditSampleCli,
    ::testing::Values(
        tool_case{"audit weights" + scheme, {}},
        tool_case{"audit influence" + scheme + scores, {}},
        tool_case{"audit ahp " + sample + "ahp-dan-van.csv",
                  {"weights", "weights_geometric", "lambda_max", "ci", "cr", "random_index", "ri_table", "consistent"}},
        tool_case{"audit objective" + scheme + scores, {"criteria", "scheme", "entropy", "critic", "std_dev", "merec"}},
        tool_case{"audit sensitivity" + scheme + scores, {}},
        tool_case{"audit smaa" + scheme + scores + " --samples 2000 --seed 7", {}},
        tool_case{"audit diff " + sample + "truong-hoc-2024-2025.toml " + sample + "truong-hoc-2024-2025.toml" + scores, {}},
        tool_case{"audit methods" + scheme + scores, {}}));

TEST(AuditSampleCliAhp, TheSampleMatrixIsConsistentAndWritesIntoTheScheme) {
  const auto r = run("audit ahp " + sample + "ahp-dan-van.csv --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["consistent"].get<bool>());
  EXPECT_NEAR(j["cr"].get<double>(), 0.015, 0.001);
  ASSERT_EQ(j["weights"].size(), 7U);
  const fs::path to = fs::temp_directory_path() / ("thidua-ahp-sample-" + std::to_string(::getpid()) + ".toml");
  const auto w = run("audit ahp " + sample + "ahp-dan-van.csv --write-scheme " + sample +
                     "truong-hoc-2024-2025.toml --to " + to.string());
  ASSERT_EQ(w.status, 0) << w.err;
  ASSERT_TRUE(fs::exists(to));
  fs::remove(to);
}

TEST(AuditSampleCliSmaa, TheSeedMakesTheRunRepeatable) {
  const std::string args = "audit smaa" + scheme + scores + " --samples 1000 --seed 42 --format json";
  const auto a = run(args + " --threads 1"), b = run(args + " --threads 2");
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
}

TEST(AuditSampleCli, UnknownToolIsAUsageError) {
  const auto r = run("audit nonsense");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.101]"), std::string::npos) << r.err;
}

}  // namespace
