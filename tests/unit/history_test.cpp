// The history module (include/thidua/history.hpp, docs/history.md): year cells, the
// in-memory history (replacement, revocation, streaks), the history CSV and its errors, the
// digests, the SQLite store (schema versions, migration, transactions that fail, are killed
// or run at once in two processes) and `thidua history` on the command line.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thidua/history.hpp>
#include <tuple>
#include <vector>

namespace {

namespace fs = std::filesystem;
using thidua::history;
using thidua::history_entry;
using thidua::history_store;
using thidua::input_error;

const std::string data_dir = THIDUA_TEST_DATA "/history/";

// ---------------------------------------------------------------------------------------
// Helpers

/// A fresh folder per test, removed afterwards.
class HistoryStore : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("thidua-history-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path file(const std::string& name) const { return dir_ / name; }
  fs::path dir_;
};

using HistoryCli = HistoryStore;

/// Expects `f` to throw input_error whose first diagnostic has `id`, `line`, `column`.
template <class F>
thidua::diagnostic expect_error(F&& f, std::string_view id, std::uint32_t line = 0, std::uint32_t column = 0) {
  try {
    f();
  } catch (const input_error& e) {
    EXPECT_EQ(e.first().id(), id) << e.what();
    EXPECT_EQ(e.first().where.line, line) << e.what();
    EXPECT_EQ(e.first().where.column, column) << e.what();
    return e.first();
  }
  ADD_FAILURE() << "expected input_error " << id;
  return {};
}

/// The diagnostics of a history CSV given as text.
std::vector<thidua::diagnostic> csv_problems(const std::string& csv) {
  thidua::diagnostics out;
  const auto h = thidua::parse_history_csv(csv, "h.csv", out);
  EXPECT_FALSE(h.has_value());
  return out.items();
}

/// The only problem of a history CSV: its id, line, cell.
thidua::diagnostic one_problem(const std::string& csv, std::string_view id, std::uint32_t line, std::uint32_t column) {
  const auto all = csv_problems(csv);
  EXPECT_EQ(all.size(), 1U) << csv;
  if (all.empty()) return {};
  EXPECT_EQ(all[0].id(), id) << all[0].to_string();
  EXPECT_EQ(all[0].where.file, "h.csv");
  EXPECT_EQ(all[0].where.line, line) << all[0].to_string();
  EXPECT_EQ(all[0].where.column, column) << all[0].to_string();
  return all[0];
}

using entry_tuple = std::tuple<int, std::string, std::string, std::string, bool, std::string>;

/// A history's entries as sorted tuples (year, id, title, class, revoked, reason), to compare.
std::vector<entry_tuple> contents(const history& h) {
  std::vector<entry_tuple> v;
  for (const auto& e : h.entries()) v.emplace_back(e.year, e.id, e.title, e.class_id, e.revoked, e.reason);
  std::sort(v.begin(), v.end());
  return v;
}

history_entry title_entry(int year, std::string id, std::string title, bool revoked = false, std::string reason = "") {
  history_entry e;
  e.year = year;
  e.id = std::move(id);
  e.title = std::move(title);
  e.revoked = revoked;
  e.reason = std::move(reason);
  return e;
}

history_entry class_entry(int year, std::string id, std::string cls) {
  history_entry e;
  e.year = year;
  e.id = std::move(id);
  e.class_id = std::move(cls);
  return e;
}

/// `n` results and titles for one year: results U0000.., every third one a CSTDCS.
struct year_data {
  std::vector<thidua::recorded_result> results;
  std::vector<thidua::recorded_title> titles;
};

year_data make_year(std::size_t n, const std::string& cls = "tot") {
  year_data d;
  for (std::size_t i = 0; i < n; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "U%04zu", i);
    thidua::recorded_result r;
    r.subject = i % 2 == 0 ? "unit" : "member";
    r.id = id;
    r.name = "Đơn vị " + std::to_string(i);
    r.group = "Khối " + std::to_string(i % 3);
    r.class_id = cls;
    r.total = std::to_string(80 + i % 20) + ".25";
    r.rank = static_cast<std::uint32_t>(i + 1);
    d.results.push_back(r);
    if (i % 3 == 0) d.titles.push_back({id, "CSTDCS"});
  }
  return d;
}

thidua::run_info info_for(int year, const std::string& by = "tester") {
  thidua::run_info info;
  info.year = year;
  info.scheme_id = "truong-hoc";
  info.scheme_title = "Thi đua trường học";
  info.inputs_sha256 = std::string(64, 'a');
  info.run_by = by;
  info.command = "thidua rank --record";
  return info;
}

/// Runs SQL on a file with the raw SQLite API (not through thidua), for hand-built stores.
void raw_sql(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

/// The first column of the first row of a query, as text.
std::string raw_query(const fs::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "<cannot open>";
  }
  sqlite3_stmt* stmt = nullptr;
  std::string out = "<error>";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, 0);
      out = text == nullptr ? "<null>" : reinterpret_cast<const char*>(text);
    } else if (rc == SQLITE_DONE) {
      out = "<no row>";
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

std::string integrity(const fs::path& file) { return raw_query(file, "PRAGMA integrity_check"); }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---------------------------------------------------------------------------------------
// Years

TEST(HistoryYear, AcceptsYearsAndSchoolYears) {
  EXPECT_EQ(thidua::parse_year("2024"), 2024);
  EXPECT_EQ(thidua::parse_year(" 2024 "), 2024);
  EXPECT_EQ(thidua::parse_year("2023-2024"), 2024);
  EXPECT_EQ(thidua::parse_year("2023\xE2\x80\x93" "2024"), 2024);  // en dash
  EXPECT_EQ(thidua::parse_year("2023 - 2024"), 2024);
  EXPECT_EQ(thidua::parse_year("2023 \xE2\x80\x93 2024"), 2024);
  EXPECT_EQ(thidua::parse_year("1900"), 1900);
  EXPECT_EQ(thidua::parse_year("2999"), 2999);
  EXPECT_EQ(thidua::parse_year("1900-1901"), 1901);
  EXPECT_EQ(thidua::parse_year("2998-2999"), 2999);
}

TEST(HistoryYear, RejectsEverythingElse) {
  for (const char* bad : {"", " ", "24", "202", "20245", "1899", "3000", "abcd", "2024.0", "-2024", "2024-",
                          "2023-2025", "2024-2023", "2023-2023", "1899-1900", "2999-3000", "2023/2024", "2023--2024",
                          "2023-2024x", "x2023-2024", "2023 2024", "2023\xE2\x80\x94" "2024" /* em dash */,
                          "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x94" /* full-width 2024 */, "2023-24"})
    EXPECT_EQ(thidua::parse_year(bad), std::nullopt) << '"' << bad << '"';
}

// ---------------------------------------------------------------------------------------
// The in-memory history

TEST(HistoryIndex, StreakCountsConsecutiveHeldYears) {
  history h;
  for (int y : {2019, 2020, 2021, 2022, 2023}) h.add(title_entry(y, "GV01", "CSTDCS"));
  h.add(title_entry(2023, "GV02", "CSTDCS"));
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2024), 5);
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2022), 3);
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2025), 0);  // not held in 2024
  EXPECT_EQ(h.streak_before("GV01", "LDTT", 2024), 0);
  EXPECT_EQ(h.streak_before("GV02", "CSTDCS", 2024), 1);
  EXPECT_EQ(h.streak_before("GV03", "CSTDCS", 2024), 0);
  EXPECT_TRUE(h.held("GV01", "CSTDCS", 2019));
  EXPECT_FALSE(h.held("GV01", "CSTDCS", 2018));
  EXPECT_EQ(h.years(), (std::vector<int>{2019, 2020, 2021, 2022, 2023}));
  EXPECT_EQ(h.size(), 6U);
}

TEST(HistoryIndex, RevokedYearBreaksTheStreakAndStaysRevoked) {
  history h;
  for (int y : {2020, 2021, 2022, 2023}) h.add(title_entry(y, "GV01", "CSTDCS"));
  ASSERT_EQ(h.streak_before("GV01", "CSTDCS", 2024), 4);
  h.add(title_entry(2022, "GV01", "CSTDCS", true, "hồ sơ sai"));
  EXPECT_TRUE(h.revoked("GV01", "CSTDCS", 2022));
  EXPECT_FALSE(h.held("GV01", "CSTDCS", 2022));
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2024), 1);  // 2023 only: 2022 breaks it
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2022), 2);  // 2021, 2020
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2023), 0);
  // Adding the title again, not revoked, does not undo the revocation.
  h.add(title_entry(2022, "GV01", "CSTDCS"));
  EXPECT_TRUE(h.revoked("GV01", "CSTDCS", 2022));
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2024), 1);
  EXPECT_EQ(h.size(), 4U);  // replaced in place, not added
  const auto it = std::find_if(h.entries().begin(), h.entries().end(), [](const history_entry& e) { return e.year == 2022; });
  ASSERT_NE(it, h.entries().end());
  EXPECT_EQ(it->reason, "hồ sơ sai");
  // A second revocation replaces the reason.
  h.add(title_entry(2022, "GV01", "CSTDCS", true, "lý do khác"));
  EXPECT_EQ(it->reason, "lý do khác");
}

TEST(HistoryIndex, ClassesAreKeptPerSubjectAndYear) {
  history h;
  h.add(class_entry(2023, "TH01", "hoan_thanh_tot"));
  history_entry both = title_entry(2024, "GV01", "CSTDCS");
  both.class_id = "xuat_sac";
  h.add(both);
  EXPECT_EQ(h.class_in("TH01", 2023), "hoan_thanh_tot");
  EXPECT_EQ(h.class_in("TH01", 2024), "");
  EXPECT_EQ(h.class_in("GV01", 2024), "xuat_sac");
  EXPECT_TRUE(h.held("GV01", "CSTDCS", 2024));
  // A later class-only entry replaces the class, without a new entry.
  h.add(class_entry(2024, "GV01", "tot"));
  EXPECT_EQ(h.class_in("GV01", 2024), "tot");
  EXPECT_EQ(h.size(), 2U);
  EXPECT_EQ(h.entries()[1].class_id, "tot");
  // A title-only entry for the same key keeps the class.
  h.add(title_entry(2024, "GV01", "CSTDCS"));
  EXPECT_EQ(h.class_in("GV01", 2024), "tot");
  h.add(class_entry(2023, "TH01", "hoan_thanh"));
  EXPECT_EQ(h.class_in("TH01", 2023), "hoan_thanh");
  EXPECT_EQ(h.size(), 2U);
  EXPECT_FALSE(h.held("TH01", "", 2023));
}

TEST(HistoryIndex, RejectsEntriesWithoutIdOrContent) {
  history h;
  EXPECT_THROW(h.add(title_entry(2024, "", "CSTDCS")), std::invalid_argument);
  EXPECT_THROW(h.add(class_entry(2024, "GV01", "")), std::invalid_argument);
  EXPECT_TRUE(h.empty());
}

// ---------------------------------------------------------------------------------------
// The history CSV

TEST(HistoryCsv, ReadsAGoodFile) {
  const history h = thidua::load_history_csv(data_dir + "good.csv");
  EXPECT_EQ(h.file, data_dir + "good.csv");
  ASSERT_EQ(h.size(), 7U);
  const auto& e = h.entries();
  // BOM, ';', CRLF, header case, an unnamed trailing column, a school year with an en dash
  // and spaces, a quoted cell holding the delimiter, NFD text (normalised), a blank line.
  EXPECT_EQ(e[0].year, 2021);
  EXPECT_EQ(e[0].id, "GV0001");
  EXPECT_EQ(e[0].title, "CSTDCS");
  EXPECT_EQ(e[0].class_id, "xuat_sac");
  EXPECT_EQ(e[0].line, 2U);
  EXPECT_EQ(e[1].year, 2022);
  EXPECT_FALSE(e[1].revoked);
  EXPECT_EQ(e[2].year, 2023);
  EXPECT_TRUE(e[2].revoked);
  EXPECT_EQ(e[2].reason, "hồ sơ sáng kiến; không đúng");  // NFC
  EXPECT_EQ(e[2].line, 4U);
  EXPECT_EQ(e[3].year, 2024);
  EXPECT_EQ(e[3].class_id, "tot");
  EXPECT_EQ(e[4].id, "GV0002");
  EXPECT_EQ(e[4].line, 7U);
  EXPECT_EQ(e[6].id, "TH01");
  EXPECT_EQ(e[6].title, "");
  EXPECT_EQ(e[6].class_id, "hoan_thanh_xuat_sac");
  EXPECT_EQ(e[6].line, 9U);

  EXPECT_EQ(h.streak_before("GV0001", "CSTDCS", 2025), 1);  // 2023 revoked
  EXPECT_EQ(h.streak_before("GV0001", "CSTDCS", 2023), 2);
  EXPECT_TRUE(h.revoked("GV0001", "CSTDCS", 2023));
  EXPECT_TRUE(h.held("GV0002", "CSTDCS", 2024));
  EXPECT_EQ(h.class_in("GV0001", 2022), "xuat_sac");
  EXPECT_EQ(h.class_in("GV0001", 2024), "tot");
  EXPECT_EQ(h.class_in("TH01", 2023), "hoan_thanh_xuat_sac");
  EXPECT_EQ(h.years(), (std::vector<int>{2021, 2022, 2023, 2024}));
}

TEST(HistoryCsv, EveryProblemOfAFileWithPositions) {
  thidua::diagnostics out;
  const auto h = thidua::load_history_csv(data_dir + "bad.csv", out);
  EXPECT_FALSE(h.has_value());
  ASSERT_EQ(out.count(), 3U);
  const auto& d = out.items();
  EXPECT_EQ(d[0].id(), "thidua.data.130");
  EXPECT_EQ(d[0].where.file, data_dir + "bad.csv");
  EXPECT_EQ(d[0].where.line, 3U);
  EXPECT_EQ(d[0].where.column, 1U);
  EXPECT_NE(d[0].message.find("2023-2025"), std::string::npos) << d[0].message;
  EXPECT_EQ(d[1].id(), "thidua.data.118");
  EXPECT_EQ(d[1].where.line, 4U);
  EXPECT_EQ(d[1].where.column, 3U);
  EXPECT_EQ(d[2].id(), "thidua.data.116");
  EXPECT_EQ(d[2].where.line, 5U);
  EXPECT_EQ(d[2].where.column, 3U);
  EXPECT_NE(d[2].message.find("first on line 2"), std::string::npos) << d[2].message;
  EXPECT_NE(d[2].message.find("GV0001"), std::string::npos) << d[2].message;
  // The throwing form carries the same list.
  try {
    (void)thidua::load_history_csv(data_dir + "bad.csv");
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.total_count(), 3U);
    EXPECT_EQ(e.first().id(), "thidua.data.130");
  }
}

TEST(HistoryCsv, FileErrors) {
  expect_error([] { (void)thidua::load_history_csv(data_dir + "no-such-file.csv"); }, "thidua.io.101");
  one_problem("", "thidua.data.101", 0, 0);
  one_problem("\xEF\xBB\xBF\r\n  \r\n", "thidua.data.101", 0, 0);
  one_problem("year,id,title\n2024,\"GV01,CSTDCS\n", "thidua.data.115", 2, 2);
  one_problem("year,id,title\n2024,GV\xFF" "01,CSTDCS\n", "thidua.data.102", 2, 2);
}

TEST(HistoryCsv, HeaderErrors) {
  one_problem("year,title\n2024,CSTDCS\n", "thidua.data.103", 1, 0);
  auto all = csv_problems("year,id,titel\n2024,GV01,CSTDCS\n");
  ASSERT_EQ(all.size(), 2U);  // the unknown column, and no title (or class) column
  EXPECT_EQ(all[0].id(), "thidua.data.104");
  EXPECT_EQ(all[0].where.line, 1U);
  EXPECT_EQ(all[0].where.column, 3U);
  EXPECT_NE(all[0].message.find("did you mean title?"), std::string::npos) << all[0].message;
  EXPECT_EQ(all[1].id(), "thidua.data.117");
  const auto far = one_problem("year,id,title,diem\n2024,GV01,CSTDCS,9\n", "thidua.data.104", 1, 4);
  EXPECT_NE(far.message.find("year, id, title, class"), std::string::npos) << far.message;
  const auto dup = one_problem("year,id,Title,TITLE\n2024,GV01,CSTDCS,LDTT\n", "thidua.data.105", 1, 4);
  EXPECT_NE(dup.message.find("first in column 3"), std::string::npos) << dup.message;
  // A misspelt year column: the unknown column (with a suggestion) and the missing year.
  all = csv_problems("yaer,id,title\n2024,GV01,CSTDCS\n");
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[0].id(), "thidua.data.104");
  EXPECT_EQ(all[0].where.column, 1U);
  EXPECT_NE(all[0].message.find("did you mean year?"), std::string::npos) << all[0].message;
  EXPECT_EQ(all[1].id(), "thidua.data.117");
  all = csv_problems("id,title\nGV01,CSTDCS\n");
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].id(), "thidua.data.117");
  EXPECT_EQ(all[0].where.line, 1U);
  EXPECT_NE(all[0].message.find("year"), std::string::npos);
  all = csv_problems("year,id,name\n2024,GV01,An\n");  // neither title nor class
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].id(), "thidua.data.117");
  EXPECT_NE(all[0].message.find("title"), std::string::npos);
}

TEST(HistoryCsv, RowErrors) {
  const std::string header = "year,id,title,class,revoked,reason\n";
  one_problem(header + "2024,GV01,CSTDCS,tot,,\n2024,GV02,LDTT\n", "thidua.data.107", 3, 0);
  const auto year = one_problem(header + "2024,GV01,CSTDCS,,,\n2023-2025,GV02,LDTT,,,\n", "thidua.data.130", 3, 1);
  EXPECT_NE(year.message.find("'2023-2025'"), std::string::npos) << year.message;
  one_problem(header + ",GV02,LDTT,,,\n", "thidua.data.130", 2, 1);  // an empty year
  one_problem(header + "2024,,LDTT,,,\n", "thidua.data.111", 2, 2);
  const auto flag = one_problem(header + "2024,GV01,LDTT,,maybe,\n", "thidua.data.114", 2, 5);
  EXPECT_NE(flag.message.find("revoked"), std::string::npos) << flag.message;
  one_problem(header + "2024,GV01,,,,\n", "thidua.data.118", 2, 3);          // neither title nor class
  one_problem(header + "2024,GV01,,tot,x,sai\n", "thidua.data.118", 2, 3);   // revokes no title
  one_problem("year,id,class\n2024,GV01,\n", "thidua.data.118", 2, 3);       // no title column: the class cell
  const auto dup = one_problem(header + "2024,GV01,CSTDCS,,,\n2024,GV02,CSTDCS,,,\n2023-2024,GV01,CSTDCS,,,\n",
                               "thidua.data.116", 4, 3);
  EXPECT_NE(dup.message.find("first on line 2"), std::string::npos) << dup.message;
  // The same class on two rows of a year is fine; two different classes are not.
  const auto cls = one_problem(header + "2024,GV01,CSTDCS,tot,,\n2024,GV01,LDTT,tot,,\n2024,GV01,,kha,,\n",
                               "thidua.data.116", 4, 4);
  EXPECT_NE(cls.message.find("first on line 2"), std::string::npos) << cls.message;
  // Every problem is reported, not just the first.
  const auto all = csv_problems(header + "20x4,GV01,A,,,\n2024,,B,,,\n2024,GV03,C,,bad,\n");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].id(), "thidua.data.130");
  EXPECT_EQ(all[1].id(), "thidua.data.111");
  EXPECT_EQ(all[2].id(), "thidua.data.114");
  EXPECT_EQ(all[2].where.line, 4U);
}

TEST(HistoryCsv, RevokedAcceptsTheYesNoWordsOfFlags) {
  const auto h = thidua::parse_history_csv(
      "year;id;title;revoked\n2020;A;T;có\n2021;A;T;KHÔNG\n2022;A;T;x\n2023;A;T;0\n2024;A;T;N/A\n2019;A;T;yes\n");
  EXPECT_TRUE(h.revoked("A", "T", 2020));
  EXPECT_TRUE(h.held("A", "T", 2021));
  EXPECT_TRUE(h.revoked("A", "T", 2022));
  EXPECT_TRUE(h.held("A", "T", 2023));
  EXPECT_TRUE(h.held("A", "T", 2024));
  EXPECT_TRUE(h.revoked("A", "T", 2019));
  EXPECT_EQ(h.streak_before("A", "T", 2025), 2);
  expect_error([] { (void)thidua::parse_history_csv("year,id,title\n2024,GV01,\n", "x.csv"); }, "thidua.data.118", 2, 3);
}

// ---------------------------------------------------------------------------------------
// Digests

TEST(HistoryDigest, Sha256OfKnownVectors) {
  EXPECT_EQ(thidua::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(thidua::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(HistoryStore, InputsDigestFollowsItsDefinition) {
  const fs::path a = file("a.csv"), b = file("b.toml");
  std::ofstream(a, std::ios::binary) << "id,x\nA,1\n";
  std::ofstream(b, std::ios::binary) << std::string("id = \"s\"\0z", 10);
  const std::string nul(1, '\0');
  const std::string expected = thidua::sha256_hex(a.string() + nul + "9" + nul + "id,x\nA,1\n" + b.string() + nul +
                                                  "10" + nul + std::string("id = \"s\"\0z", 10));
  EXPECT_EQ(thidua::inputs_digest({a, b}), expected);
  EXPECT_NE(thidua::inputs_digest({b, a}), expected);  // order matters
  EXPECT_EQ(thidua::inputs_digest({}), thidua::sha256_hex(""));
  const auto d = expect_error([&] { (void)thidua::inputs_digest({a, file("missing.csv")}); }, "thidua.io.101");
  EXPECT_EQ(d.where.file, file("missing.csv").string());
  expect_error([&] { (void)thidua::inputs_digest({dir_}); }, "thidua.io.101");  // a folder
}

// ---------------------------------------------------------------------------------------
// The store

TEST_F(HistoryStore, CreateRecordAndReload) {
  const fs::path db = file("h.db");
  auto store = history_store::open(db);
  EXPECT_EQ(store.version(), 2);
  EXPECT_EQ(store.path(), db);
  EXPECT_TRUE(store.load().empty());
  EXPECT_TRUE(store.runs().empty());
  const year_data y = make_year(10);
  const auto run = store.record(info_for(2024), y.results, y.titles);
  EXPECT_EQ(run, 1);
  const history h = store.load();
  EXPECT_EQ(h.size(), 14U);  // 10 classes, 4 titles
  for (const auto& r : y.results) EXPECT_EQ(h.class_in(r.id, 2024), "tot") << r.id;
  for (const auto& t : y.titles) EXPECT_TRUE(h.held(t.id, "CSTDCS", 2024)) << t.id;
  EXPECT_FALSE(h.held("U0001", "CSTDCS", 2024));
  EXPECT_EQ(h.streak_before("U0003", "CSTDCS", 2025), 1);
  // A second handle on the same file sees the same store.
  const history again = history_store::open(db).load();
  EXPECT_EQ(contents(again), contents(h));

  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].id, 1);
  EXPECT_EQ(runs[0].kind, "rank");
  EXPECT_EQ(runs[0].info.year, 2024);
  EXPECT_EQ(runs[0].info.scheme_id, "truong-hoc");
  EXPECT_EQ(runs[0].info.scheme_title, "Thi đua trường học");
  EXPECT_EQ(runs[0].info.inputs_sha256, std::string(64, 'a'));
  EXPECT_EQ(runs[0].info.run_by, "tester");
  EXPECT_EQ(runs[0].info.command, "thidua rank --record");
  EXPECT_FALSE(runs[0].info.host.empty());
  EXPECT_EQ(runs[0].info.recorded_at.size(), 20U);  // 2026-01-31T10:00:00Z
  EXPECT_EQ(runs[0].info.recorded_at.back(), 'Z');
  EXPECT_EQ(runs[0].results, 10U);
  EXPECT_EQ(runs[0].titles, 4U);
  // The stored rows keep every field.
  EXPECT_EQ(raw_query(db, "SELECT name || '|' || grp || '|' || total || '|' || rank || '|' || subject FROM results "
                          "WHERE id = 'U0003'"),
            "Đơn vị 3|Khối 0|83.25|4|member");
  EXPECT_EQ(integrity(db), "ok");
}

TEST_F(HistoryStore, RecordingAYearAgainReplacesIt) {
  auto store = history_store::open(file("h.db"));
  const year_data y2023 = make_year(6, "kha"), first = make_year(9), second = make_year(4, "xuat_sac");
  store.record(info_for(2023), y2023.results, y2023.titles);
  store.record(info_for(2024), first.results, first.titles);
  store.record(info_for(2024), second.results, {{"U0001", "LDTT"}});
  const history h = store.load();
  EXPECT_EQ(h.class_in("U0001", 2024), "xuat_sac");
  EXPECT_EQ(h.class_in("U0008", 2024), "");       // not in the second record
  EXPECT_FALSE(h.held("U0000", "CSTDCS", 2024));   // replaced
  EXPECT_TRUE(h.held("U0001", "LDTT", 2024));
  EXPECT_EQ(h.class_in("U0005", 2023), "kha");    // another year: untouched
  EXPECT_TRUE(h.held("U0003", "CSTDCS", 2023));
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 3U);
  EXPECT_EQ(runs[1].results, 0U);  // nothing of the first 2024 record is left
  EXPECT_EQ(runs[1].titles, 0U);
  EXPECT_EQ(runs[2].results, 4U);
  EXPECT_EQ(runs[2].titles, 1U);
}

TEST_F(HistoryStore, RevokeIsKeptAndBreaksTheStreak) {
  auto store = history_store::open(file("h.db"));
  for (int year : {2021, 2022, 2023}) store.record(info_for(year), {}, {{"GV01", "CSTDCS"}, {"GV02", "CSTDCS"}});
  ASSERT_EQ(store.load().streak_before("GV01", "CSTDCS", 2024), 3);
  store.revoke(2022, "GV01", "CSTDCS", "hồ sơ sáng kiến không đúng", "phongGD");
  history h = store.load();
  EXPECT_TRUE(h.revoked("GV01", "CSTDCS", 2022));
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2024), 1);
  EXPECT_EQ(h.streak_before("GV02", "CSTDCS", 2024), 3);
  const auto it = std::find_if(h.entries().begin(), h.entries().end(),
                               [](const history_entry& e) { return e.revoked; });
  ASSERT_NE(it, h.entries().end());
  EXPECT_EQ(it->reason, "hồ sơ sáng kiến không đúng");
  EXPECT_EQ(raw_query(file("h.db"), "SELECT revoked_by FROM titles WHERE revoked = 1"), "phongGD");
  EXPECT_EQ(raw_query(file("h.db"), "SELECT length(revoked_at) FROM titles WHERE revoked = 1"), "20");

  // Recording 2022 again (with the title) and importing it again do not restore it.
  store.record(info_for(2022), {}, {{"GV01", "CSTDCS"}, {"GV03", "LDTT"}});
  history again;
  again.add(title_entry(2022, "GV01", "CSTDCS"));
  store.import(again, info_for(0));
  h = store.load();
  EXPECT_TRUE(h.revoked("GV01", "CSTDCS", 2022));
  EXPECT_TRUE(h.held("GV03", "LDTT", 2022));
  EXPECT_FALSE(h.held("GV02", "CSTDCS", 2022));  // replaced by the new 2022 record
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2024), 1);

  // Revoking it again, or revoking what the store does not hold: thidua.usage.104.
  auto d = expect_error([&] { store.revoke(2022, "GV01", "CSTDCS", "again", "x"); }, "thidua.usage.104");
  EXPECT_NE(d.message.find("already revoked"), std::string::npos) << d.message;
  d = expect_error([&] { store.revoke(2024, "GV01", "CSTDCS", "r", "x"); }, "thidua.usage.104");
  EXPECT_NE(d.message.find("GV01"), std::string::npos) << d.message;
  expect_error([&] { store.revoke(2023, "GV09", "CSTDCS", "r", "x"); }, "thidua.usage.104");
  expect_error([&] { store.revoke(2023, "GV01", "LDTT", "r", "x"); }, "thidua.usage.104");
  EXPECT_EQ(raw_query(file("h.db"), "SELECT count(*) FROM titles WHERE revoked = 1"), "1");
}

TEST_F(HistoryStore, ImportsAHistoryFile) {
  const history past = thidua::load_history_csv(data_dir + "good.csv");
  auto store = history_store::open(file("h.db"));
  thidua::run_info info;
  info.run_by = "importer";
  const auto run = store.import(past, info);
  const history h = store.load();
  EXPECT_EQ(h.streak_before("GV0001", "CSTDCS", 2025), 1);
  EXPECT_TRUE(h.revoked("GV0001", "CSTDCS", 2023));
  EXPECT_EQ(h.class_in("GV0001", 2021), "xuat_sac");
  EXPECT_EQ(h.class_in("TH01", 2023), "hoan_thanh_xuat_sac");
  // Same titles, revocations, reasons and classes as the file.
  std::vector<entry_tuple> expected_titles, got_titles;
  for (const auto& e : past.entries())
    if (!e.title.empty()) expected_titles.emplace_back(e.year, e.id, e.title, "", e.revoked, e.revoked ? e.reason : "");
  for (const auto& e : h.entries())
    if (!e.title.empty()) got_titles.emplace_back(e.year, e.id, e.title, "", e.revoked, e.reason);
  std::sort(expected_titles.begin(), expected_titles.end());
  std::sort(got_titles.begin(), got_titles.end());
  EXPECT_EQ(got_titles, expected_titles);
  for (const auto& e : past.entries()) EXPECT_EQ(h.class_in(e.id, e.year), past.class_in(e.id, e.year)) << e.id;
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].id, run);
  EXPECT_EQ(runs[0].kind, "import");
  EXPECT_EQ(runs[0].info.year, 0);
  EXPECT_EQ(runs[0].titles, 6U);
  EXPECT_EQ(runs[0].results, 4U);  // classes of (GV0001, 2021/2022/2024) and (TH01, 2023)
  // Importing a year out of range is refused and changes nothing.
  history wrong;
  wrong.add(title_entry(1800, "A", "T"));
  expect_error([&] { store.import(wrong, info); }, "thidua.data.130");
  EXPECT_EQ(store.runs().size(), 1U);
  expect_error([&] { store.record(info_for(0), {}, {}); }, "thidua.data.130");
}

TEST_F(HistoryStore, MigratesAVersion1Store) {
  const fs::path db = file("v1.db");
  raw_sql(db, R"sql(
    CREATE TABLE runs(id INTEGER PRIMARY KEY, kind TEXT, year INTEGER, scheme_id TEXT, scheme_title TEXT,
                      inputs_sha256 TEXT, run_by TEXT, host TEXT, recorded_at TEXT);
    CREATE TABLE results(run_id, year, subject, id, name, grp, class_id, total, rank, PRIMARY KEY(year, subject, id));
    CREATE TABLE titles(run_id, year, id, title, PRIMARY KEY(year, id, title));
    INSERT INTO runs VALUES(1, 'rank', 2023, 'truong-hoc', 'Thi đua', 'abc', 'old', 'pc', '2023-06-01T00:00:00Z');
    INSERT INTO results VALUES(1, 2023, 'unit', 'TH01', 'Trường 1', 'Tiểu học', 'xuat_sac', '95.5', 1);
    INSERT INTO titles VALUES(1, 2023, 'GV01', 'CSTDCS');
    INSERT INTO titles VALUES(1, 2022, 'GV01', 'CSTDCS');
    PRAGMA user_version = 1;
  )sql");
  ASSERT_EQ(raw_query(db, "PRAGMA user_version"), "1");
  auto store = history_store::open(db);
  EXPECT_EQ(store.version(), 2);
  EXPECT_EQ(raw_query(db, "PRAGMA user_version"), "2");
  history h = store.load();
  EXPECT_EQ(h.class_in("TH01", 2023), "xuat_sac");
  EXPECT_EQ(h.streak_before("GV01", "CSTDCS", 2024), 2);
  EXPECT_FALSE(h.revoked("GV01", "CSTDCS", 2023));  // the new column's default
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0].info.run_by, "old");
  EXPECT_EQ(runs[0].info.command, "");
  EXPECT_EQ(runs[0].results, 1U);
  EXPECT_EQ(runs[0].titles, 2U);
  // The new columns work.
  store.revoke(2023, "GV01", "CSTDCS", "sai", "x");
  EXPECT_EQ(store.load().streak_before("GV01", "CSTDCS", 2024), 0);
  EXPECT_EQ(raw_query(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'titles_streak'"), "1");
  // Opening again does not migrate twice.
  EXPECT_EQ(history_store::open(db).version(), 2);
  EXPECT_EQ(integrity(db), "ok");
}

TEST_F(HistoryStore, AFailedMigrationChangesNothing) {
  const fs::path db = file("broken-v1.db");
  // Version 1 without the titles table: the migration fails half-way and is rolled back.
  raw_sql(db, "CREATE TABLE runs(id INTEGER PRIMARY KEY, kind TEXT); PRAGMA user_version = 1;");
  const auto d = expect_error([&] { (void)history_store::open(db); }, "thidua.io.103");
  EXPECT_NE(d.message.find("titles"), std::string::npos) << d.message;
  EXPECT_EQ(raw_query(db, "PRAGMA user_version"), "1");
  EXPECT_EQ(raw_query(db, "SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'command'"), "0");
}

TEST_F(HistoryStore, RefusesANewerStore) {
  const fs::path db = file("v99.db");
  raw_sql(db, "CREATE TABLE future(x); PRAGMA user_version = 99;");
  const auto d = expect_error([&] { (void)history_store::open(db); }, "thidua.io.104");
  EXPECT_EQ(d.where.file, db.string());
  EXPECT_NE(d.message.find("99"), std::string::npos) << d.message;
  EXPECT_EQ(raw_query(db, "PRAGMA user_version"), "99");  // untouched
  EXPECT_EQ(raw_query(db, "SELECT count(*) FROM sqlite_schema"), "1");
}

TEST_F(HistoryStore, RefusesFilesThatAreNotStores) {
  const fs::path garbage = file("garbage.db");
  std::ofstream(garbage, std::ios::binary) << std::string(4096, 'x');
  auto d = expect_error([&] { (void)history_store::open(garbage); }, "thidua.io.103");
  EXPECT_EQ(d.where.file, garbage.string());
  EXPECT_NE(d.message.find("not a database"), std::string::npos) << d.message;
  EXPECT_EQ(slurp(garbage), std::string(4096, 'x'));
  // Another program's SQLite database (tables, no schema version) is left alone.
  const fs::path other = file("other.db");
  raw_sql(other, "CREATE TABLE contacts(name TEXT);");
  d = expect_error([&] { (void)history_store::open(other); }, "thidua.io.103");
  EXPECT_NE(d.message.find("not a thidua history store"), std::string::npos) << d.message;
  EXPECT_EQ(raw_query(other, "SELECT count(*) FROM sqlite_schema"), "1");
  // A folder that does not exist.
  expect_error([&] { (void)history_store::open(file("no/such/dir/h.db")); }, "thidua.io.103");
}

TEST_F(HistoryStore, AFailedWriteLeavesTheStoreUnchanged) {
  const fs::path db = file("h.db");
  auto store = history_store::open(db);
  const year_data before_data = make_year(30, "kha");
  store.record(info_for(2024), before_data.results, before_data.titles);
  const auto before = contents(store.load());
  const auto runs_before = store.runs().size();
  const year_data big = make_year(1000, "xuat_sac");
  std::size_t calls = 0;
  EXPECT_THROW(store.record(info_for(2024), big.results, {},
                            [&](std::size_t rows) {
                              calls = rows;
                              if (rows == 500) throw std::runtime_error("hook");
                            }),
               std::runtime_error);
  EXPECT_EQ(calls, 500U);
  EXPECT_EQ(contents(store.load()), before);
  EXPECT_EQ(store.runs().size(), runs_before);
  // The store is still usable afterwards, and the hook sees every row.
  calls = 0;
  store.record(info_for(2025), big.results, big.titles, [&](std::size_t rows) { calls = rows; });
  EXPECT_EQ(calls, 1000U + big.titles.size());
  EXPECT_EQ(store.load().class_in("U0999", 2025), "xuat_sac");
  EXPECT_EQ(integrity(db), "ok");
}

TEST_F(HistoryStore, AKilledWriteLeavesTheStoreUnchanged) {
  const fs::path db = file("h.db");
  std::vector<entry_tuple> before;
  {
    auto store = history_store::open(db);
    const year_data y = make_year(20, "kha");
    store.record(info_for(2024), y.results, y.titles);
    before = contents(store.load());
  }  // closed before fork: a child must not inherit an open SQLite connection
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      auto store = history_store::open(db);
      const year_data big = make_year(1000, "xuat_sac");
      store.record(info_for(2024), big.results, big.titles, [](std::size_t rows) {
        if (rows == 500) ::raise(SIGKILL);
      });
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(4);  // not killed: the hook did not run
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  auto store = history_store::open(db);
  EXPECT_EQ(contents(store.load()), before);
  EXPECT_EQ(store.runs().size(), 1U);
  EXPECT_EQ(integrity(db), "ok");
}

TEST_F(HistoryStore, TwoProcessesWritingAtOnce) {
  const fs::path db = file("h.db");
  (void)history_store::open(db);  // created (and closed) before the children start
  constexpr int records = 20;
  std::vector<pid_t> children;
  for (int k = 0; k < 2; ++k) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        auto store = history_store::open(db, 30000);
        for (int i = 0; i < records; ++i) {
          const year_data y = make_year(40, k == 0 ? "tot" : "kha");
          store.record(info_for(2000 + 100 * k + i, "writer" + std::to_string(k)), y.results, y.titles);
        }
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    children.push_back(child);
  }
  for (const pid_t child : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer failed";
  }
  auto store = history_store::open(db);
  const auto runs = store.runs();
  ASSERT_EQ(runs.size(), 2U * records);
  std::vector<int> years;
  for (const auto& r : runs) {
    years.push_back(r.info.year);
    EXPECT_EQ(r.results, 40U);
    EXPECT_EQ(r.titles, 14U);
    EXPECT_EQ(r.info.run_by, r.info.year < 2100 ? "writer0" : "writer1");
  }
  std::sort(years.begin(), years.end());
  for (int i = 0; i < records; ++i) {
    EXPECT_EQ(years[static_cast<std::size_t>(i)], 2000 + i);
    EXPECT_EQ(years[static_cast<std::size_t>(records + i)], 2100 + i);
  }
  const history h = store.load();
  EXPECT_EQ(h.years().size(), 2U * records);
  EXPECT_EQ(h.class_in("U0039", 2019), "tot");
  EXPECT_EQ(h.class_in("U0039", 2119), "kha");
  EXPECT_EQ(h.streak_before("U0000", "CSTDCS", 2020), 20);
  EXPECT_EQ(integrity(db), "ok");
}

// ---------------------------------------------------------------------------------------
// The command line

struct run_result {
  int status = -1;
  std::string out, err;
};

run_result run_cli(const fs::path& dir, const std::string& args) {
  static int counter = 0;
  const fs::path out = dir / ("out" + std::to_string(counter)), err = dir / ("err" + std::to_string(counter++));
  const std::string cmd = std::string(THIDUA_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int raw = std::system(cmd.c_str());
  run_result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

TEST_F(HistoryCli, ImportListRevokeList) {
  const std::string db = file("thidua.db").string();
  const std::string csv = data_dir + "good.csv";
  auto r = run_cli(dir_, "history import --store " + db + " " + csv + " --by phongGD");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "Đã nhập 7 dòng lịch sử (2021–2024) vào " + db + ".\n");

  r = run_cli(dir_, "history list --store " + db + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = nlohmann::ordered_json::parse(r.out);  // ordered: the keys' order is part of the contract
  ASSERT_EQ(j["titles"].size(), 6U);
  EXPECT_EQ(j["titles"][0].dump(), R"({"year":2021,"id":"GV0001","title":"CSTDCS","class":"xuat_sac","revoked":false})");
  EXPECT_EQ(j["titles"][2]["year"], 2023);
  EXPECT_EQ(j["titles"][2]["revoked"], true);
  EXPECT_EQ(j["titles"][2]["reason"], "hồ sơ sáng kiến; không đúng");
  EXPECT_EQ(j["titles"][4].dump(), R"({"year":2024,"id":"GV0002","title":"CSTDCS","revoked":false})");
  ASSERT_EQ(j["runs"].size(), 1U);
  EXPECT_EQ(j["runs"][0]["kind"], "import");
  EXPECT_EQ(j["runs"][0]["run_by"], "phongGD");
  EXPECT_EQ(j["runs"][0]["inputs_sha256"], thidua::inputs_digest({csv}));
  EXPECT_EQ(j["runs"][0]["titles"], 6);
  EXPECT_NE(j["runs"][0]["command"].get<std::string>().find("history import"), std::string::npos);

  r = run_cli(dir_, "history revoke --store " + db +
                        " --year 2023-2024 --id GV0002 --title LDTT --reason 'hồ sơ sai' --by sogd");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("LDTT"), std::string::npos) << r.out;

  r = run_cli(dir_, "history list --store " + db + " --format json --year 2024 --id GV0002");
  ASSERT_EQ(r.status, 0) << r.err;
  j = nlohmann::ordered_json::parse(r.out);
  ASSERT_EQ(j["titles"].size(), 2U);
  EXPECT_EQ(j["titles"][0]["title"], "CSTDCS");
  EXPECT_EQ(j["titles"][0]["revoked"], false);
  EXPECT_EQ(j["titles"][1].dump(),
            R"({"year":2024,"id":"GV0002","title":"LDTT","revoked":true,"reason":"hồ sơ sai"})");

  r = run_cli(dir_, "history list --store " + db + " --year 2024");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("thu hồi: hồ sơ sai"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 danh hiệu"), std::string::npos) << r.out;

  // CSV: Excel-friendly and readable again by import.
  r = run_cli(dir_, "history list --store " + db + " --format csv --id GV0002");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "\xEF\xBB\xBFyear,id,title,class,revoked,reason\r\n2024,GV0002,CSTDCS,,0,\r\n"
                   "2024,GV0002,LDTT,,1,hồ sơ sai\r\n");
  const auto back = thidua::parse_history_csv(r.out);
  EXPECT_TRUE(back.revoked("GV0002", "LDTT", 2024));

  r = run_cli(dir_, "history runs --store " + db);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("phongGD"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(thidua::inputs_digest({csv}).substr(0, 12)), std::string::npos) << r.out;
}

TEST_F(HistoryCli, ErrorsExitWith2) {
  const std::string db = file("thidua.db").string();
  // Reading commands do not create a store.
  auto r = run_cli(dir_, "history list --store " + db);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.io.103] " + db + ": history store " + db + ": no such file"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(db));
  (void)history_store::open(db);
  r = run_cli(dir_, "history revoke --store " + db + " --year 2024 --id GV9999 --title CSTDCS --reason x");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.104]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("GV9999"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");

  r = run_cli(dir_, "history list --format json");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.102] thidua history list needs --store DB"), std::string::npos) << r.err;

  r = run_cli(dir_, "history revoke --store " + db + " --year 2024 --id GV01 --title CSTDCS");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.102] thidua history revoke needs --reason TEXT"), std::string::npos) << r.err;

  r = run_cli(dir_, "history revoke --store " + db + " --year 24 --id GV01 --title T --reason x");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.101] --year 24"), std::string::npos) << r.err;

  r = run_cli(dir_, "history import --store " + db + " " + data_dir + "bad.csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.data.130] " + data_dir + "bad.csv:3:1: '2023-2025' is not a year"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("[thidua.data.116] " + data_dir + "bad.csv:5:3"), std::string::npos) << r.err;

  const fs::path garbage = file("garbage.db");
  std::ofstream(garbage, std::ios::binary) << std::string(2048, 'z');
  r = run_cli(dir_, "history list --store " + garbage.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.io.103]"), std::string::npos) << r.err;

  r = run_cli(dir_, "history frobnicate");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.101]"), std::string::npos) << r.err;

  for (const char* sub : {"import", "list", "revoke", "runs"}) {
    r = run_cli(dir_, std::string("history ") + sub + " --help");
    EXPECT_EQ(r.status, 0) << sub;
    EXPECT_NE(r.out.find(std::string("thidua history ") + sub), std::string::npos) << r.out;
  }
}

}  // namespace
