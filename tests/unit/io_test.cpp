// Score sheets that should load: wide and long layouts, the quirks real files have (BOM,
// CRLF, `;` and tab delimiters, decimal commas, NFD text, N/A), flags, bonus and deduction,
// and the assessor filter of long files.
#include "thidua/io.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/csv_reader.hpp"
#include "io_fixture.hpp"

namespace {

using thidua::decimal;
using thidua::sheet;

thidua::scheme test_scheme() { return thidua::testing::io_test_scheme(); }

const thidua::scheme& the_scheme() {
  static const thidua::scheme s = test_scheme();
  return s;
}

sheet::value_type v(std::string_view text) { return sheet::encode(thidua::points(text)); }

std::vector<sheet::value_type> row_values(const sheet& sh, std::size_t row) {
  const auto span = sh.values(row);
  return {span.begin(), span.end()};
}

TEST(CsvWide, HappyPathDecodesEveryColumn) {
  const auto sh = thidua::parse_sheet(the_scheme(),
                                      "id,name,group,CM1,CM2,CM3,DV1,DV2,bonus,deduction,flag:ky_luat\n"
                                      "TH01,Trường Kim Đồng,Tiểu học,99.5,3,có,14.75,9,1.5,0,x\n"
                                      "TH02,Trường Lê Lợi,THCS,100,0,0,15,10,,2,\n",
                                      "scores.csv");
  ASSERT_EQ(sh.size(), 2U);
  EXPECT_EQ(sh.file, "scores.csv");
  EXPECT_EQ(sh.id(0), "TH01");
  EXPECT_EQ(sh.name(0), "Trường Kim Đồng");
  EXPECT_EQ(sh.group(0), "Tiểu học");
  EXPECT_EQ(sh.group(1), "THCS");
  EXPECT_EQ(row_values(sh, 0), (std::vector<sheet::value_type>{v("99.5"), v("3"), v("1"), v("14.75"), v("9")}));
  EXPECT_EQ(row_values(sh, 1), (std::vector<sheet::value_type>{v("100"), v("0"), v("0"), v("15"), v("10")}));
  EXPECT_EQ(sh.bonus(0), thidua::points("1.5"));
  EXPECT_EQ(sh.bonus(1), decimal{});
  EXPECT_EQ(sh.deduction(1), decimal::from_int(2));
  ASSERT_EQ(sh.flag_names(), std::vector<std::string>{"ky_luat"});
  EXPECT_TRUE(sh.flag(0, 0));
  EXPECT_FALSE(sh.flag(1, 0));
  EXPECT_EQ(sh.source_line(0), 2U);
  EXPECT_EQ(sh.source_line(1), 3U);
}

TEST(CsvWide, ColumnsInAnyOrderAndHeaderCaseInsensitive) {
  const auto sh = thidua::parse_sheet(the_scheme(), "DV2, Name ,CM3,ID,DV1,CM2,CM1,GROUP\n8,An,không,A1,10,1,95,K1\n");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.id(0), "A1");
  EXPECT_EQ(sh.name(0), "An");
  EXPECT_EQ(sh.group(0), "K1");
  EXPECT_EQ(row_values(sh, 0), (std::vector<sheet::value_type>{v("95"), v("1"), v("0"), v("10"), v("8")}));
}

TEST(CsvWide, ByteOrderMarkIsSkipped) {
  const auto sh = thidua::parse_sheet(the_scheme(), "\xEF\xBB\xBFid,CM1,CM2,CM3,DV1,DV2\nA,1,2,1,3,4\n");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.id(0), "A");
}

TEST(CsvWide, CrLfLineEnds) {
  const auto sh = thidua::parse_sheet(the_scheme(), "id,CM1,CM2,CM3,DV1,DV2\r\nA,1,2,1,3,4\r\nB,5,6,0,7,8\r\n");
  ASSERT_EQ(sh.size(), 2U);
  EXPECT_EQ(sh.id(1), "B");
  EXPECT_EQ(sh.values(1)[4], v("8"));
  EXPECT_EQ(sh.source_line(1), 3U);
}

TEST(CsvWide, LoneCrLineEnds) {
  const auto sh = thidua::parse_sheet(the_scheme(), "id,CM1,CM2,CM3,DV1,DV2\rA,1,2,1,3,4\rB,5,6,0,7,8");
  ASSERT_EQ(sh.size(), 2U);
  EXPECT_EQ(sh.values(1)[4], v("8"));
}

TEST(CsvWide, SemicolonWithDecimalComma) {
  const auto sh = thidua::parse_sheet(the_scheme(), "id;name;CM1;CM2;CM3;DV1;DV2\nA;An;97,5;2;1;7,5;6,25\n");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.name(0), "An");
  EXPECT_EQ(row_values(sh, 0), (std::vector<sheet::value_type>{v("97.5"), v("2"), v("1"), v("7.5"), v("6.25")}));
}

TEST(CsvWide, ExcelSepLineNamesTheDelimiter) {
  const auto sh =
      thidua::parse_sheet(the_scheme(), "sep=;\r\nid;name;CM1;CM2;CM3;DV1;DV2\r\nA;An, Bình;1;2;1;7,5;4\r\n");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.name(0), "An, Bình");
  EXPECT_EQ(sh.values(0)[3], v("7.5"));
  EXPECT_EQ(sh.source_line(0), 3U);
}

TEST(CsvWide, TabDelimited) {
  const auto sh =
      thidua::parse_sheet(the_scheme(), "id\tname\tCM1\tCM2\tCM3\tDV1\tDV2\nA\tAn Bình\t90\t1\t0\t7.5\t6\n");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.name(0), "An Bình");
  EXPECT_EQ(sh.values(0)[3], v("7.5"));
}

TEST(CsvWide, QuotedDecimalCommaInCommaFile) {
  const auto sh = thidua::parse_sheet(the_scheme(), "id,CM1,CM2,CM3,DV1,DV2\nA,\"98,5\",2,1,\"7,5\",\" 6 \"\n");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.values(0)[0], v("98.5"));
  EXPECT_EQ(sh.values(0)[3], v("7.5"));
  EXPECT_EQ(sh.values(0)[4], v("6"));
}

TEST(CsvWide, QuotedNewlineAndEscapedQuoteInName) {
  const auto sh = thidua::parse_sheet(the_scheme(),
                                      "id,name,CM1,CM2,CM3,DV1,DV2\n"
                                      "A,\"Trường \"\"Kim Đồng\"\"\ncơ sở 2\",1,2,1,3,4\n"
                                      "B,Bình,1,2,1,3,4\n");
  ASSERT_EQ(sh.size(), 2U);
  EXPECT_EQ(sh.name(0), "Trường \"Kim Đồng\"\ncơ sở 2");
  EXPECT_EQ(sh.source_line(0), 2U);
  EXPECT_EQ(sh.source_line(1), 4U);  // the physical line, after the quoted newline
}

TEST(CsvWide, NfdTextBecomesNfc) {
  // "Trường" and the id "Đ1" written decomposed: ư = u + U+031B, ờ = o + U+031B + U+0300.
  const std::string nfd_name = "Tru\xCC\x9Bo\xCC\x9B\xCC\x80ng";
  const std::string nfd_header_group = "Kho\xCC\x82\xCC\x81i 1";  // Khối 1
  const auto sh = thidua::parse_sheet(the_scheme(), "id,name,group,CM1,CM2,CM3,DV1,DV2\nA," + nfd_name + "," +
                                                        nfd_header_group + ",1,2,kho\xCC\x82ng,3,4\n");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.name(0), "Trường");
  EXPECT_EQ(sh.group(0), "Khối 1");
  EXPECT_EQ(sh.values(0)[2], v("0"));  // "không" in NFD is still no
}

TEST(CsvWide, NfdIdIsNormalised) {
  const auto sh = thidua::parse_sheet(the_scheme(), "id,CM1,CM2,CM3,DV1,DV2\nHo\xCC\x9B\xCC\x80ng,1,2,1,3,4\n");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.id(0), "Hờng");
  EXPECT_EQ(sh.find("Hờng"), 0);
}

TEST(CsvWide, NotApplicableAndMissing) {
  const auto sh = thidua::parse_sheet(the_scheme(),
                                      "id,CM1,CM2,CM3,DV1,DV2\n"
                                      "A,N/A,na,KAD,Không áp dụng,\n"
                                      "B,, ,x,n/a,  \n");
  ASSERT_EQ(sh.size(), 2U);
  for (std::size_t k = 0; k < 4; ++k) EXPECT_EQ(sh.values(0)[k], sheet::not_applicable) << k;
  EXPECT_EQ(sh.values(0)[4], sheet::missing);
  EXPECT_EQ(sh.values(1)[0], sheet::missing);
  EXPECT_EQ(sh.values(1)[1], sheet::missing);
  EXPECT_EQ(sh.values(1)[2], v("1"));
  EXPECT_EQ(sh.values(1)[3], sheet::not_applicable);
  EXPECT_EQ(sh.values(1)[4], sheet::missing);
}

TEST(CsvWide, YesNoSpellings) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"1", 1},     {"0", 0},     {"x", 1},         {"X", 1},   {"có", 1},       {"CÓ", 1}, {"không", 0},
      {"co", 1},    {"khong", 0}, {"yes", 1},       {"No", 0},  {"y", 1},        {"n", 0},  {"TRUE", 1},
      {"false", 0}, {"đạt", 1},   {"Không đạt", 0}, {"dat", 1}, {"khong dat", 0}};
  for (const auto& [text, expected] : cases) {
    const auto sh = thidua::parse_sheet(the_scheme(), "id,CM1,CM2,CM3,DV1,DV2\nA,1,1," + text + ",1,1\n");
    EXPECT_EQ(sh.values(0)[2], sheet::encode(decimal::from_int(expected))) << text;
  }
}

TEST(CsvWide, FlagsAndAdjustments) {
  const auto sh = thidua::parse_sheet(the_scheme(),
                                      "id,CM1,CM2,CM3,DV1,DV2,Bonus,DEDUCTION,flag:ky_luat,FLAG: sang_kien\n"
                                      "A,1,1,1,1,1,2.5,N/A,có,\n"
                                      "B,1,1,1,1,1,,1,không,1\n");
  ASSERT_EQ(sh.size(), 2U);
  ASSERT_EQ(sh.flag_names(), (std::vector<std::string>{"ky_luat", "sang_kien"}));
  EXPECT_EQ(sh.flags(0), 0b01U);
  EXPECT_EQ(sh.flags(1), 0b10U);
  EXPECT_EQ(sh.bonus(0), thidua::points("2.5"));
  EXPECT_EQ(sh.deduction(0), decimal{});
  EXPECT_EQ(sh.deduction(1), decimal::from_int(1));
}

TEST(CsvWide, PercentRoundsExtraDecimalsAndCountsAreWhole) {
  const auto sh = thidua::parse_sheet(the_scheme(), "id,CM1,CM2,CM3,DV1,DV2\nA,99.123456,2.00004,1,1,1\n");
  EXPECT_EQ(sh.values(0)[0], v("99.1235"));
  EXPECT_EQ(sh.values(0)[1], v("2"));  // 2.00004 rounds to 2.0000: a whole count
}

TEST(CsvWide, BlankLinesAndMissingFinalNewline) {
  const auto sh = thidua::parse_sheet(the_scheme(), "\n\nid,CM1,CM2,CM3,DV1,DV2\n\nA,1,2,1,3,4\n\n,,,,,\nB,1,2,1,3,4");
  ASSERT_EQ(sh.size(), 2U);
  EXPECT_EQ(sh.source_line(0), 5U);
  EXPECT_EQ(sh.source_line(1), 8U);
}

TEST(CsvWide, HeaderOnlyGivesAnEmptySheet) {
  const auto sh = thidua::parse_sheet(the_scheme(), "id,CM1,CM2,CM3,DV1,DV2\n");
  EXPECT_TRUE(sh.empty());
  EXPECT_EQ(sh.criteria_count(), 5U);
}

TEST(CsvLong, HappyPath) {
  const auto sh = thidua::parse_sheet(the_scheme(),
                                      "id,name,group,criterion,value\n"
                                      "B,Bình,K1,CM1,95\n"
                                      "A,An,K2,DV1,7.25\n"
                                      "B,,,DV1,\"7,5\"\n"
                                      "B,Bình,K1,CM3,có\n"
                                      "A,An,,CM1,N/A\n"
                                      "A,,,bonus,1.5\n"
                                      "A,,,Deduction,2\n"
                                      "B,,,flag:ky_luat,x\n"
                                      "A,,,flag:ky_luat,0\n",
                                      "long.csv");
  ASSERT_EQ(sh.size(), 2U);
  EXPECT_EQ(sh.id(0), "B");  // order of first appearance
  EXPECT_EQ(sh.id(1), "A");
  EXPECT_EQ(sh.name(0), "Bình");
  EXPECT_EQ(sh.group(0), "K1");
  EXPECT_EQ(sh.group(1), "K2");
  EXPECT_EQ(row_values(sh, 0),
            (std::vector<sheet::value_type>{v("95"), sheet::missing, v("1"), v("7.5"), sheet::missing}));
  EXPECT_EQ(row_values(sh, 1), (std::vector<sheet::value_type>{sheet::not_applicable, sheet::missing, sheet::missing,
                                                               v("7.25"), sheet::missing}));
  EXPECT_EQ(sh.bonus(1), thidua::points("1.5"));
  EXPECT_EQ(sh.deduction(1), decimal::from_int(2));
  ASSERT_EQ(sh.flag_names(), std::vector<std::string>{"ky_luat"});
  EXPECT_TRUE(sh.flag(0, 0));
  EXPECT_FALSE(sh.flag(1, 0));
  EXPECT_EQ(sh.source_line(0), 2U);
  EXPECT_EQ(sh.source_line(1), 3U);
}

TEST(CsvLong, ColumnsInAnyOrderSemicolon) {
  const auto sh = thidua::parse_sheet(the_scheme(), "Value;Criterion;ID\n8,5;DV2;X\n");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.values(0)[4], v("8.5"));
}

constexpr std::string_view assessed =
    "id,criterion,value,assessor\n"
    "A,DV1,10,tự chấm\n"
    "A,DV1,9,hội đồng\n"
    "A,DV2,8,\n"
    "A,DV2,9,Self\n"
    "B,DV1,7,TU_CHAM\n"
    "B,DV1,6,review\n";

TEST(CsvLong, AssessorFilterKeepsReviewRowsByDefault) {
  const auto sh = thidua::parse_sheet(the_scheme(), assessed);
  ASSERT_EQ(sh.size(), 2U);
  EXPECT_EQ(sh.values(0)[3], v("9"));
  EXPECT_EQ(sh.values(0)[4], v("8"));
  EXPECT_EQ(sh.values(1)[3], v("6"));
}

TEST(CsvLong, AssessorFilterSelf) {
  thidua::sheet_options options;
  options.assessor = thidua::assessor_filter::self;
  const auto sh = thidua::parse_sheet(the_scheme(), assessed, "<scores>", options);
  ASSERT_EQ(sh.size(), 2U);
  EXPECT_EQ(sh.values(0)[3], v("10"));
  EXPECT_EQ(sh.values(0)[4], v("9"));
  EXPECT_EQ(sh.values(1)[3], v("7"));
}

TEST(CsvLong, AssessorInNfdIsRecognised) {
  thidua::sheet_options options;
  options.assessor = thidua::assessor_filter::self;
  // "tự chấm" decomposed.
  const auto sh = thidua::parse_sheet(the_scheme(),
                                      "id,criterion,value,assessor\nA,DV1,3,tu\xCC\x9B\xCC\xA3 cha\xCC\x82\xCC\x81m\n",
                                      "<scores>", options);
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.values(0)[3], v("3"));
}

TEST(CsvLong, EmptyPeriodColumnIsFine) {
  const auto sh = thidua::parse_sheet(the_scheme(), "id,criterion,value,period\nA,DV1,3,\n");
  EXPECT_EQ(sh.size(), 1U);
}

class IoFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("thidua_io_test_{}_{}", ::testing::UnitTest::GetInstance()->random_seed(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& name, std::string_view content) {
    const auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::filesystem::path dir_;
};

TEST_F(IoFiles, LoadSheetReadsAFile) {
  const auto p = write("wide.csv", "\xEF\xBB\xBFid;CM1;CM2;CM3;DV1;DV2\r\nA;1;2;1;3,25;4\r\n");
  const auto sh = thidua::load_sheet(the_scheme(), p);
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.file, p.string());
  EXPECT_EQ(sh.values(0)[3], v("3.25"));
}

TEST_F(IoFiles, LoadSheetReportsAMissingFile) {
  thidua::diagnostics d;
  EXPECT_FALSE(thidua::load_sheet(the_scheme(), dir_ / "nope.csv", d).has_value());
  ASSERT_EQ(d.count(), 1U);
  EXPECT_EQ(d.items().front().code, thidua::errc::cannot_open);
  EXPECT_THROW((void)thidua::load_sheet(the_scheme(), dir_ / "nope.csv"), thidua::input_error);
}

TEST_F(IoFiles, LoadSheetOfAnEmptyFile) {
  const auto p = write("empty.csv", "");
  thidua::diagnostics d;
  EXPECT_FALSE(thidua::load_sheet(the_scheme(), p, d).has_value());
  ASSERT_EQ(d.count(), 1U);
  EXPECT_EQ(d.items().front().code, thidua::errc::empty_file);
}

TEST_F(IoFiles, SheetHasAssessor) {
  const auto both = write("both.csv", assessed);
  EXPECT_TRUE(thidua::sheet_has_assessor(both, thidua::assessor_filter::self));
  EXPECT_TRUE(thidua::sheet_has_assessor(both, thidua::assessor_filter::review));
  const auto review = write("review.csv", "id,criterion,value,assessor\nA,DV1,3,hoi_dong\n");
  EXPECT_FALSE(thidua::sheet_has_assessor(review, thidua::assessor_filter::self));
  EXPECT_TRUE(thidua::sheet_has_assessor(review, thidua::assessor_filter::review));
  const auto wide = write("wide.csv", "id,CM1,CM2,CM3,DV1,DV2\nA,1,2,1,3,4\n");
  EXPECT_FALSE(thidua::sheet_has_assessor(wide, thidua::assessor_filter::self));
  EXPECT_TRUE(thidua::sheet_has_assessor(wide, thidua::assessor_filter::review));
}

TEST(CsvWide, LargeGeneratedSheetRoundTrips) {
  // Enough rows to pass the reservation heuristic and cross any internal buffer size.
  std::string csv = "id,name,CM1,CM2,CM3,DV1,DV2\n";
  for (int i = 0; i < 5000; ++i)
    csv += fmt::format("S{},Trường số {},{},{},{},{}.25,{}\n", i, i, i % 101, i % 7, i % 2, i % 15, i % 10);
  const auto sh = thidua::parse_sheet(the_scheme(), csv);
  ASSERT_EQ(sh.size(), 5000U);
  EXPECT_EQ(sh.id(4321), "S4321");
  EXPECT_EQ(sh.name(4321), "Trường số 4321");
  EXPECT_EQ(sh.values(4321)[0], v(std::to_string(4321 % 101)));
  EXPECT_EQ(sh.values(4321)[3], v(std::to_string(4321 % 15) + ".25"));
  EXPECT_EQ(sh.source_line(4999), 5001U);
}

// Forces the reader's thread count for one test.
class ThreadsFor {
 public:
  ThreadsFor(unsigned threads) : saved_(thidua::detail::csv_parallel_settings()) {
    thidua::detail::csv_parallel_settings() = {.min_bytes = 0, .threads = threads};
  }
  ~ThreadsFor() { thidua::detail::csv_parallel_settings() = saved_; }

 private:
  thidua::detail::csv_parallelism saved_;
};

// A sheet with the awkward parts: NFD names, CRLF and LF mixed, blank lines, flags.
std::string awkward_sheet(int rows) {
  std::string csv = "id,name,group,CM1,CM2,CM3,DV1,DV2,bonus,flag:ky_luat\r\n";
  for (int i = 0; i < rows; ++i) {
    csv += fmt::format("S{},{}{},Khối {},{},{},{},{}.5,{},{},{}{}", i,
                       i % 3 == 0 ? "Tru\xCC\x9Bo\xCC\x9B\xCC\x80ng " : "Trường ", i, i % 7, i % 101, i % 5,
                       i % 2 ? "có" : "0", i % 15, i % 11 ? std::to_string(i % 10) : "N/A", i % 4 ? "" : "1.25",
                       i % 9 ? "" : "x", i % 2 ? "\r\n" : "\n");
    if (i % 500 == 0) csv += "\n";
  }
  return csv;
}

void expect_same(const sheet& a, const sheet& b) {
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(a.flag_names(), b.flag_names());
  for (std::size_t r = 0; r < a.size(); ++r) {
    ASSERT_EQ(a.id(r), b.id(r)) << r;
    ASSERT_EQ(a.name(r), b.name(r)) << r;
    ASSERT_EQ(a.group(r), b.group(r)) << r;
    ASSERT_EQ(row_values(a, r), row_values(b, r)) << r;
    ASSERT_EQ(a.bonus(r), b.bonus(r)) << r;
    ASSERT_EQ(a.flags(r), b.flags(r)) << r;
    ASSERT_EQ(a.source_line(r), b.source_line(r)) << r;
  }
}

TEST(CsvParallel, SameSheetWhateverTheThreadCount) {
  const auto csv = awkward_sheet(3000);
  const auto serial = [&] {
    ThreadsFor one(1);
    return thidua::parse_sheet(the_scheme(), csv);
  }();
  ASSERT_EQ(serial.size(), 3000U);
  EXPECT_EQ(serial.name(0), "Trường 0");
  for (unsigned threads : {2U, 3U, 8U}) {
    ThreadsFor many(threads);
    expect_same(thidua::parse_sheet(the_scheme(), csv), serial);
  }
}

TEST(CsvParallel, SameMessagesWhateverTheThreadCount) {
  // Problems in several chunks, and a duplicate id across chunks.
  auto csv = awkward_sheet(3000);
  csv += "S5,Lặp,K,1,1,1,1,1,,\n";
  csv.replace(csv.find("\nS10,") + 1, 3, "S9");
  csv.replace(csv.find("\nS2500,") + 1, 5, ",");  // an empty id late in the file
  std::vector<std::string> expected;
  {
    ThreadsFor one(1);
    thidua::diagnostics d;
    EXPECT_FALSE(thidua::parse_sheet(the_scheme(), csv, "x.csv", d).has_value());
    for (const auto& x : d.items()) expected.push_back(x.to_string());
  }
  ASSERT_EQ(expected.size(), 3U);
  EXPECT_NE(expected[0].find("subject id S9 appears twice"), std::string::npos) << expected[0];
  for (unsigned threads : {2U, 4U}) {
    ThreadsFor many(threads);
    thidua::diagnostics d;
    EXPECT_FALSE(thidua::parse_sheet(the_scheme(), csv, "x.csv", d).has_value());
    std::vector<std::string> got;
    for (const auto& x : d.items()) got.push_back(x.to_string());
    EXPECT_EQ(got, expected);
  }
}

TEST(CsvParallel, QuotedNewlinesFallBackToOneThread) {
  std::string csv = "id,name,CM1,CM2,CM3,DV1,DV2\n";
  for (int i = 0; i < 2000; ++i) csv += fmt::format("S{},\"Tên\ndòng {}\",1,2,1,3,4\n", i, i);
  ThreadsFor many(4);
  const auto sh = thidua::parse_sheet(the_scheme(), csv);
  ASSERT_EQ(sh.size(), 2000U);
  EXPECT_EQ(sh.name(1999), "Tên\ndòng 1999");
  EXPECT_EQ(sh.source_line(1999), 2U + 2U * 1999U);
}

}  // namespace
