// `thidua rank/titles/explain` with titles, on the bundled sample (examples/data): the
// members, their scores and three earlier years. The expected titles come from the sample's
// independent Python evaluator (examples/data/expected-titles.csv).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_run.hpp"

namespace {

namespace fs = std::filesystem;

using thidua_test::slurp;

fs::path work_dir() { return thidua_test::scratch_dir("thidua-titles-cli"); }
thidua_test::run_result run(const std::string& args) { return thidua_test::run_cli("thidua-titles-cli", args); }

const std::string sample = THIDUA_EXAMPLES_DATA "/";
const std::string units = "--scheme " + sample + "truong-hoc-2024-2025.toml --scores " + sample + "diem-hoi-dong.csv";
const std::string staff = " --members " + sample + "can-bo.csv --member-scores " + sample + "diem-ca-nhan.csv";
const std::string past = " --history " + sample + "lich-su.csv";

// subject/id → titles, from the independent evaluator.
std::map<std::string, std::string> expected_titles() {
  std::map<std::string, std::string> out;
  std::istringstream in(slurp(sample + "expected-titles.csv"));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto a = line.find(','), b = line.find(',', a + 1);
    out[line.substr(0, a) + "/" + line.substr(a + 1, b - a - 1)] = line.substr(b + 1);
  }
  return out;
}

std::string joined(const nlohmann::json& titles) {
  std::string s;
  for (const auto& t : titles) s += (s.empty() ? "" : " ") + t.get<std::string>();
  return s;
}

TEST(TitlesCli, RankJsonAgreesWithTheIndependentEvaluator) {
  const auto r = run("rank " + units + staff + past + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto expected = expected_titles();
  std::size_t compared = 0;
  for (const auto& u : j["results"]) {
    EXPECT_EQ(joined(u["titles"]), expected.at("unit/" + u["id"].get<std::string>())) << u["id"];
    ++compared;
  }
  for (const auto& m : j["members"]) {
    EXPECT_EQ(joined(m["titles"]), expected.at("member/" + m["id"].get<std::string>())) << m["id"];
    ++compared;
  }
  EXPECT_EQ(compared, expected.size());
  // The title list: counts agree with the holders, rewards with the base salary.
  ASSERT_EQ(j["titles"].size(), 5U);
  for (const auto& t : j["titles"]) {
    EXPECT_EQ(t["count"].get<std::size_t>(), t["holders"].size());
    EXPECT_EQ(t["reward_total"].get<std::int64_t>(), t["reward_each"].get<std::int64_t>() * t["paid"].get<std::int64_t>());
  }
  EXPECT_EQ(j["titles"][0]["id"], "LDTT");
  EXPECT_EQ(j["titles"][0]["reward_each"], 702000);
  EXPECT_EQ(j["titles"][1]["quota"]["per"], "unit");
}

TEST(TitlesCli, RevokedYearBreaksTheProvincialStreak) {
  // GV0965 holds CSTĐCS this year and in 2023–2024, but its 2022–2023 CSTĐCS was revoked.
  const auto r = run("explain " + units + staff + past + " --id GV0965");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("[KHÔNG ĐẠT] CSTD_TINH"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("✗ streak(title:CSTDCS, 3)   — 2 năm liên tiếp"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[ĐẠT] CSTDCS"), std::string::npos) << r.out;
  // GV0081 has the three years and the provincial initiative.
  const auto ok = run("explain " + units + staff + past + " --id GV0081 --format json");
  ASSERT_EQ(ok.status, 0) << ok.err;
  const auto j = nlohmann::json::parse(ok.out);  // one object: the score, then the title rules
  EXPECT_EQ(j["id"], "GV0081");
  bool provincial = false;
  for (const auto& t : j["title_rules"]) {
    if (t["id"] != "CSTD_TINH") continue;
    provincial = t["awarded"].get<bool>();
    EXPECT_GE(t["conditions"][0]["years"].get<int>(), 3) << t.dump();
  }
  EXPECT_TRUE(provincial) << ok.out;
}

TEST(TitlesCli, ExplainShowsTheShareBehindAUnitTitle) {
  // MN19: 14 of its 28 members hold LĐTT: exactly half is not "more than half".
  const auto r = run("explain " + units + staff + past + " --id MN19");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("✗ share(members, title:LDTT) > 0.5   — 14/28 thành viên (50%)"), std::string::npos) << r.out;
}

TEST(TitlesCli, TitlesCsvListsEveryHolder) {
  const auto r = run("titles " + units + staff + past + " --format csv");
  ASSERT_EQ(r.status, 0) << r.err;
  std::size_t rows = 0;
  for (char c : r.out) rows += c == '\n' ? 1 : 0;
  std::size_t holders = 0;
  for (const auto& [key, titles] : expected_titles())
    if (!titles.empty()) holders += static_cast<std::size_t>(std::count(titles.begin(), titles.end(), ' ')) + 1;
  EXPECT_EQ(rows, holders + 1);  // the header
  EXPECT_EQ(r.out.rfind("\xEF\xBB\xBFMã danh hiệu,Danh hiệu,STT", 0), 0U);
}

TEST(TitlesCli, WithoutMembersTheTitlesAreNotDecidedAndSaidSo) {
  const auto r = run("rank " + units + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("chưa xét danh hiệu"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_FALSE(j.contains("members"));
  for (const auto& u : j["results"]) EXPECT_TRUE(u["titles"].empty());
}

TEST(TitlesCli, MembersWithoutTheirScoresIsAUsageError) {
  const auto r = run("rank " + units + " --members " + sample + "can-bo.csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.102]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--member-scores"), std::string::npos) << r.err;
}

TEST(TitlesCli, RecordNeedsAStore) {
  const auto r = run("rank " + units + staff + " --record");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.102]"), std::string::npos) << r.err;
}

TEST(TitlesCli, RecordedYearIsReadBackByTheNextRun) {
  const fs::path db = work_dir() / "record.db";
  fs::remove(db);
  const auto first = run("rank " + units + staff + past + " --store " + db.string() + " --record --by tester");
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.err.find("đã ghi kết quả năm 2025"), std::string::npos) << first.err;
  const auto list = run("history list --store " + db.string() + " --year 2025 --id GV0081 --format json");
  ASSERT_EQ(list.status, 0) << list.err;
  const auto j = nlohmann::json::parse(list.out);
  std::string held;
  for (const auto& t : j["titles"]) held += (held.empty() ? "" : " ") + t["title"].get<std::string>();
  EXPECT_EQ(held, "CSTDCS CSTD_TINH LDTT");
  // Revoking this year's CSTĐCS of GV0081 is seen by the store.
  const auto revoke = run("history revoke --store " + db.string() +
                          " --year 2025 --id GV0081 --title CSTDCS --reason 'hồ sơ không đúng' --by tester");
  ASSERT_EQ(revoke.status, 0) << revoke.err;
  const auto again = run("history list --store " + db.string() + " --year 2025 --id GV0081 --format json");
  const auto k = nlohmann::json::parse(again.out);
  bool revoked = false;
  for (const auto& t : k["titles"])
    if (t["title"] == "CSTDCS") revoked = t["revoked"].get<bool>();
  EXPECT_TRUE(revoked) << again.out;
}

TEST(TitlesCli, DemoShowsSchoolAndStaffTitles) {
  const fs::path dir = work_dir() / "demo";
  fs::create_directories(dir);
  const auto r = run("demo --out-dir " + dir.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Danh hiệu thi đua năm 2025"), std::string::npos);
  EXPECT_NE(r.out.find("Đề nghị Chiến sĩ thi đua cấp tỉnh (CSTD_TINH):"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "danh-hieu.csv"));
}

}  // namespace
