// The `thidua` command as a user runs it: exit status, messages with id and position,
// whole-or-nothing output files, the JSON contract, Excel-safe CSV.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include "cli_run.hpp"

namespace {

namespace fs = std::filesystem;

using thidua_test::run_result;
using thidua_test::slurp;

// Runs the thidua binary with `args` (already shell-quoted where needed).
run_result run(const std::string& args) { return thidua_test::run_cli("thidua-cli-test", args); }

const std::string data = THIDUA_TEST_DATA "/cli/";
const std::string sample = THIDUA_EXAMPLES_DATA "/";

fs::path temp_file(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("thidua-cli-out-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

TEST(Cli, RankJsonFollowsTheContract) {
  const auto r = run("rank --scheme " + data + "scheme.toml --scores " + data + "scores.csv --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["scheme"]["id"], "cli-test");
  ASSERT_EQ(j["results"].size(), 4U);
  for (const auto& res : j["results"])
    for (const char* key : {"id", "name", "group", "total", "families", "class", "rank", "titles"})
      EXPECT_TRUE(res.contains(key)) << key;
  // Khối A: A2 95 (bonus 6 capped at 5), A1 90, A3 92.5 capped to hoan_thanh by the veto.
  EXPECT_EQ(j["results"][0]["id"], "A2");
  EXPECT_EQ(j["results"][0]["total"], 95.0);
  EXPECT_EQ(j["results"][0]["rank"], 1);
  EXPECT_EQ(j["results"][0]["class"], "xuat_sac");
  EXPECT_EQ(j["results"][1]["id"], "A1");
  EXPECT_EQ(j["results"][1]["total"], 90.0);
  EXPECT_EQ(j["results"][2]["id"], "A3");
  EXPECT_EQ(j["results"][2]["total"], 92.5);
  EXPECT_EQ(j["results"][2]["class"], "hoan_thanh");
  EXPECT_EQ(j["results"][2]["class_by_score"], "xuat_sac");
  EXPECT_EQ(j["results"][2]["vetoes"][0], "ky_luat");
  EXPECT_EQ(j["results"][2]["rank"], 3);
  EXPECT_EQ(j["results"][2]["families"]["dan_van"], 27.0);
  EXPECT_EQ(j["results"][3]["id"], "B1");
  EXPECT_EQ(j["results"][3]["group"], "Khối B");
  EXPECT_EQ(j["results"][3]["rank"], 1);
  EXPECT_EQ(j["results"][3]["class"], "tot");
}

TEST(Cli, CsvIsExcelSafe) {
  const fs::path out = temp_file("ranking.csv");
  fs::remove(out);
  const auto r = run("rank --scheme " + data + "scheme.toml --scores " + data + "scores.csv --format csv --out " +
                     out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string csv = slurp(out);
  ASSERT_GE(csv.size(), 3U);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("\r\n"), std::string::npos);
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://x\"\")\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",\"'+Trường, có dấu phẩy\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'@Trường B,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos);
}

TEST(Cli, TableShowsVietnameseLabels) {
  const auto r = run("rank --scheme " + data + "scheme.toml --scores " + data + "scores.csv");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Khối thi đua: Khối A"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Hoàn thành xuất sắc nhiệm vụ"), std::string::npos);
  EXPECT_NE(r.out.find("Trường Tiểu học Kim Đồng"), std::string::npos);
}

TEST(Cli, SelfScoresShowTheDifference) {
  const auto r = run("rank --scheme " + data + "scheme.toml --scores " + data + "scores.csv --self-scores " + data +
                     "self.csv --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["results"][1]["id"], "A1");
  EXPECT_EQ(j["results"][1]["self_total"], 100.0);
  EXPECT_EQ(j["results"][1]["self_difference"], -10.0);
  EXPECT_FALSE(j["results"][2].contains("self_total"));  // A3 has no self-score
}

TEST(Cli, BadDataExitsTwoWithIdAndPositionAndWritesNothing) {
  const fs::path out = temp_file("never.json");
  fs::remove(out);
  const auto r = run("rank --scheme " + data + "scheme.toml --scores " + data + "bad.csv --format json --out " +
                     out.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.data.112] " + data + "bad.csv:3:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[thidua.data.108] " + data + "bad.csv:4:4:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(r.out.empty());
}

TEST(Cli, FailedRunLeavesAnExistingOutputUntouched) {
  const fs::path out = temp_file("kept.json");
  { std::ofstream(out) << "previous"; }
  const auto r = run("rank --scheme " + data + "scheme.toml --scores " + data + "bad.csv --format json --out " +
                     out.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(slurp(out), "previous");
}

TEST(Cli, ValidateReportsEveryProblem) {
  const auto r = run("validate --scheme " + data + "scheme.toml --scores " + data + "bad.csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("thidua.data.112"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("thidua.data.108"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 problems found"), std::string::npos) << r.err;
  const auto ok = run("validate --scheme " + data + "scheme.toml --scores " + data + "scores.csv");
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("4 subjects in 2 blocks: OK"), std::string::npos) << ok.out;
}

TEST(Cli, UsageErrorsExitTwo) {
  auto r = run("rank --scheme " + data + "scheme.toml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.102]"), std::string::npos) << r.err;
  r = run("rank --scheme " + data + "scheme.toml --scores " + data + "scores.csv --format pdf");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.101]"), std::string::npos) << r.err;
  r = run("rank --bogus");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.101]"), std::string::npos) << r.err;
  r = run("frobnicate");
  EXPECT_EQ(r.status, 2);
  r = run("rank --scheme /nonexistent/s.toml --scores x.csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.io.101]"), std::string::npos) << r.err;
  r = run("explain --scheme " + data + "scheme.toml --scores " + data + "scores.csv --id NOPE");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.103]"), std::string::npos) << r.err;
}

TEST(Cli, HelpForEachCommand) {
  for (const char* c : {"rank", "explain", "validate", "demo"}) {
    const auto r = run(std::string(c) + " --help");
    EXPECT_EQ(r.status, 0) << c;
    EXPECT_NE(r.out.find("thidua " + std::string(c)), std::string::npos) << r.out;
  }
}

TEST(Cli, ExplainTracesTheNumbers) {
  const auto r = run("explain --scheme " + data + "scheme.toml --scores " + data + "scores.csv --id A3");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("CM1"), std::string::npos);
  EXPECT_NE(r.out.find("92.50"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Có viên chức bị kỷ luật (ky_luat) → tối đa Hoàn thành nhiệm vụ"), std::string::npos) << r.out;
  const auto j = run("explain --scheme " + data + "scheme.toml --scores " + data + "scores.csv --id A3 --format json");
  ASSERT_EQ(j.status, 0) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["criteria"][0]["points"], 66.5);
  EXPECT_EQ(doc["deduction"]["counted"], 1.0);
}

TEST(Cli, PeriodsFromOneFileEachOrOneLongFile) {
  // year = (HK I + 2 × HK II) ÷ 3: A (84 + 186) ÷ 3 = 90, B (96 + 172) ÷ 3 = 89.33.
  for (const std::string& inputs : std::vector<std::string>{"--period hk1=" + data + "hk1.csv --period hk2=" + data + "hk2.csv",
                                   "--scores " + data + "periods-long.csv"}) {
    const auto r = run("rank --scheme " + data + "periods.toml " + inputs + " --format json");
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["results"][0]["id"], "A");
    EXPECT_EQ(j["results"][0]["total"], 90.0);
    EXPECT_EQ(j["results"][0]["class"], "xuat_sac");
    EXPECT_EQ(j["results"][1]["total_unrounded"], "89.3333");
    EXPECT_EQ(j["results"][1]["periods"]["hk2"], "86.0000");
    const auto e = run("explain --scheme " + data + "periods.toml " + inputs + " --id B");
    ASSERT_EQ(e.status, 0) << e.err;
    EXPECT_NE(e.out.find("Cả năm: (96 × 1 + 86 × 2) ÷ 3 = 89.3333"), std::string::npos) << e.out;
  }
  const auto missing = run("rank --scheme " + data + "periods.toml --period hk1=" + data + "hk1.csv");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("[thidua.usage.101] --period hk2=FILE is missing"), std::string::npos) << missing.err;
}

}  // namespace
