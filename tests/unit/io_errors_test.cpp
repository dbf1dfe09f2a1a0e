// Score sheets that must be rejected: one test per data error (thidua.data.101–121), each
// checking the id, the position (line, 1-based cell number) and the message, and a test that
// every problem of a file is reported, not only the first.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "io_fixture.hpp"
#include "thidua/io.hpp"

namespace {

using thidua::decimal;
using thidua::errc;

thidua::scheme test_scheme(bool adjustments = true, thidua::missing_rule missing = thidua::missing_rule::zero) {
  return thidua::testing::io_test_scheme(adjustments, missing);
}

const thidua::scheme& the_scheme() {
  static const thidua::scheme s = test_scheme();
  return s;
}

constexpr std::string_view header = "id,name,CM1,CM2,CM3,DV1,DV2\n";

/// Parses `csv` expecting failure; returns every diagnostic.
std::vector<thidua::diagnostic> problems(std::string_view csv, const thidua::scheme& s = the_scheme(),
                                         const thidua::sheet_options& options = {}) {
  thidua::diagnostics d;
  const auto sh = thidua::parse_sheet(s, csv, "diem.csv", d, options);
  EXPECT_FALSE(sh.has_value());
  EXPECT_FALSE(d.empty());
  return d.items();
}

/// Checks that the first problem is `code` at line:column with `text` in its message.
void expect_first(const std::vector<thidua::diagnostic>& all, errc code, std::uint32_t line, std::uint32_t column,
                  std::string_view text) {
  ASSERT_FALSE(all.empty());
  const auto& d = all.front();
  EXPECT_EQ(d.code, code) << d.to_string();
  EXPECT_EQ(d.where.file, "diem.csv");
  EXPECT_EQ(d.where.line, line) << d.to_string();
  EXPECT_EQ(d.where.column, column) << d.to_string();
  EXPECT_NE(d.message.find(text), std::string::npos) << d.to_string();
}

std::string wide(std::string_view rows) { return std::string(header) + std::string(rows); }

TEST(CsvErrors, EmptyFile101) {
  expect_first(problems(""), errc::empty_file, 0, 0, "expected a header row");
  expect_first(problems("\xEF\xBB\xBF\r\n\r\n  \n"), errc::empty_file, 0, 0, "the file is empty");
  EXPECT_EQ(problems("").front().id(), "thidua.data.101");
}

TEST(CsvErrors, InvalidUtf8_102) {
  expect_first(problems(wide("A,Tr\xFFng,1,1,1,1,1\n")), errc::invalid_utf8, 2, 2, "at byte 3 of the cell");
  // Latin-1 in the header too.
  expect_first(problems("id,t\xEAn,CM1,CM2,CM3,DV1,DV2\n"), errc::invalid_utf8, 1, 2, "at byte 2");
}

TEST(CsvErrors, MissingIdColumn103) {
  expect_first(problems("name,CM1,CM2,CM3,DV1,DV2\nAn,1,1,1,1,1\n"), errc::missing_id_column, 1, 0,
               "found: name, CM1, CM2, CM3, DV1, DV2");
}

TEST(CsvErrors, UnknownColumn104) {
  expect_first(problems("id,CM1,CM2,CM3,DV1,DV2,DV7\n"), errc::unknown_column, 1, 7,
               "unknown column DV7; did you mean DV1?");
  expect_first(problems("id,CM1,CM2,CM3,dv1,DV2\n"), errc::unknown_column, 1, 5, "did you mean DV1?");
  expect_first(problems("id,CM1,CM2,CM3,DV1,DV2,Ghi chú\n"), errc::unknown_column, 1, 7, "unknown column Ghi chú");
  expect_first(problems("id,CM1,CM2,CM3,DV1,DV2,nmae\n"), errc::unknown_column, 1, 7, "did you mean name?");
  // bonus without a [bonus] section in the scheme.
  const auto plain = test_scheme(false);
  expect_first(problems("id,CM1,CM2,CM3,DV1,DV2,bonus\n", plain), errc::unknown_column, 1, 7, "no [bonus] section");
  // Data under an empty header cell.
  expect_first(problems("id,CM1,CM2,CM3,DV1,DV2,\nA,1,1,1,1,1,9\n"), errc::unknown_column, 2, 7, "empty header");
  // Long layout: a criterion cell naming nothing.
  expect_first(problems("id,criterion,value\nA,DV3,1\n"), errc::unknown_column, 2, 2, "did you mean DV1?");
}

TEST(CsvErrors, DuplicateColumn105) {
  expect_first(problems("id,CM1,CM2,CM3,DV1,DV2,DV1\n"), errc::duplicate_column, 1, 7,
               "column DV1 appears twice (first in column 5)");
  expect_first(problems("ID,CM1,CM2,CM3,DV1,DV2,id\n"), errc::duplicate_column, 1, 7, "first in column 1");
}

TEST(CsvErrors, DuplicateSubject106) {
  expect_first(problems(wide("A,An,1,1,1,1,1\nB,Bình,1,1,1,1,1\nA,An,1,1,1,1,1\n")), errc::duplicate_subject, 4, 1,
               "subject id A appears twice (first on line 2)");
  // The same id in NFC and NFD is the same subject.
  expect_first(problems(wide("H\xE1\xBB\x9Dng,,1,1,1,1,1\nHo\xCC\x9B\xCC\x80ng,,1,1,1,1,1\n")), errc::duplicate_subject,
               3, 1, "first on line 2");
}

TEST(CsvErrors, RaggedRow107) {
  expect_first(problems(wide("A,An,1,1,1,1\n")), errc::ragged_row, 2, 0, "the row has 6 cells, expected 7");
  expect_first(problems(wide("A,An,1,1,1,1,1,\n")), errc::ragged_row, 2, 0, "has 8 cells");
}

TEST(CsvErrors, NotANumber108) {
  expect_first(problems(wide("A,An,1,1,1,abc,1\n")), errc::not_a_number, 2, 6, "DV1 = \"abc\" is not a number");
  expect_first(problems(wide("A,An,1,1,1,1.2.3,1\n")), errc::not_a_number, 2, 6, "\"1.2.3\"");
  expect_first(problems("id,CM1,CM2,CM3,DV1,DV2,bonus\nA,1,1,1,1,1,x\n"), errc::not_a_number, 2, 7, "bonus = \"x\"");
}

TEST(CsvErrors, NegativeValue109) {
  expect_first(problems(wide("A,An,1,1,1,-1,1\n")), errc::negative_value, 2, 6, "DV1 = -1 is negative");
  expect_first(problems("id,CM1,CM2,CM3,DV1,DV2,deduction\nA,1,1,1,1,1,-2\n"), errc::negative_value, 2, 7,
               "deduction = -2");
  expect_first(problems(wide("A,An,1,-3,1,1,1\n")), errc::negative_value, 2, 4, "CM2 = -3");
}

TEST(CsvErrors, OffStep110) {
  expect_first(problems(wide("A,An,1,1,1,7.3,1\n")), errc::off_step, 2, 6,
               "DV1 = 7.3 is not a multiple of its step 0.25");
}

TEST(CsvErrors, EmptyId111) {
  expect_first(problems(wide(",An,1,1,1,1,1\n")), errc::empty_id, 2, 1, "no subject id");
  expect_first(problems("id,criterion,value\n ,DV1,1\n"), errc::empty_id, 2, 1, "no subject id");
}

TEST(CsvErrors, ExceedsMaximum112) {
  expect_first(problems(wide("A,An,1,1,1,15.25,1\n")), errc::exceeds_maximum, 2, 6,
               "DV1 = 15.25 exceeds its maximum 15");
  expect_first(problems(wide("A,An,100.5,1,1,1,1\n")), errc::exceeds_maximum, 2, 3,
               "CM1 = 100.5 exceeds its maximum 100");
}

TEST(CsvErrors, TooManyDecimals113) {
  expect_first(problems(wide("A,An,1,1,1,1,1.23456\n")), errc::too_many_decimals, 2, 7,
               "DV2 = 1.23456 has more than 4");
}

TEST(CsvErrors, BadFlagValue114) {
  expect_first(problems(wide("A,An,1,1,có lẽ,1,1\n")), errc::bad_flag_value, 2, 5, "CM3 = \"có lẽ\" is not yes/no");
  expect_first(problems("id,CM1,CM2,CM3,DV1,DV2,flag:ky_luat\nA,1,1,1,1,1,2\n"), errc::bad_flag_value, 2, 7,
               "flag:ky_luat = \"2\"");
}

TEST(CsvErrors, UnterminatedQuote115) {
  expect_first(problems(wide("A,An,1,1,1,1,1\nB,\"Bình,1,1,1,1,1\nC,x,1,1,1,1,1\n")), errc::unterminated_quote, 3, 2,
               "never closes");
}

TEST(CsvErrors, DuplicateEntry116) {
  expect_first(problems("id,criterion,value\nA,DV1,1\nA,DV2,2\nA,DV1,3\n"), errc::duplicate_entry, 4, 2,
               "subject A has DV1 twice (first on line 2)");
  expect_first(problems("id,criterion,value\nA,bonus,1\nA,BONUS,3\n"), errc::duplicate_entry, 3, 2, "has bonus twice");
}

TEST(CsvErrors, MissingColumn117) {
  expect_first(problems("id,CM1,CM2,CM3,DV1\nA,1,1,1,1\n"), errc::missing_column, 1, 0,
               "the scheme's criterion DV2 has no column");
}

TEST(CsvErrors, MissingValue118) {
  const auto strict = test_scheme(true, thidua::missing_rule::error);
  expect_first(problems(wide("A,An,1,1,1,,1\n"), strict), errc::missing_value, 2, 6, "DV1 is empty");
  // Long layout: a criterion with no row at all.
  const auto all = problems("id,criterion,value\nA,CM1,1\nA,CM2,1\nA,CM3,1\nA,DV1,1\n", strict);
  expect_first(all, errc::missing_value, 2, 0, "DV2 is empty");
}

TEST(CsvErrors, InconsistentLabel119) {
  expect_first(problems("id,name,criterion,value\nA,An,DV1,1\nA,,DV2,1\nA,Ân,CM1,1\n"), errc::inconsistent_label, 4, 2,
               "subject A has name \"Ân\" here but \"An\" on line 2");
}

TEST(CsvErrors, UnsupportedData120) {
  expect_first(problems("id,criterion,value,assessor\nA,DV1,1,giáo viên\n"), errc::unsupported_data, 2, 4,
               "assessor \"giáo viên\" is not known");
}

TEST(CsvErrors, ValueOutOfRange121) {
  expect_first(problems(wide("A,An,1,300000,1,1,1\n")), errc::value_out_of_range, 2, 4, "CM2 = 300000 is too large");
  expect_first(problems(wide("A,An,1,99999999999999999999,1,1,1\n")), errc::value_out_of_range, 2, 4, "is too large");
}

TEST(CsvErrors, NotWhole123) {
  expect_first(problems(wide("A,An,1,2.5,1,1,1\n")), errc::not_whole, 2, 4, "CM2 = 2.5 is not a whole number");
}

TEST(CsvErrors, UnknownPeriod124) {
  // The scheme defines no period: any period value is an error, reported once.
  const auto periods = problems("id,criterion,value,period\nA,DV1,1,HK1\nA,DV2,1,HK2\n");
  expect_first(periods, errc::unknown_period, 2, 4, "period \"HK1\" is not known: the scheme defines no [[period]]");
  EXPECT_EQ(periods.size(), 1U);
}

TEST(CsvErrors, EveryProblemIsReported) {
  const auto all = problems(
      "id,name,CM1,CM2,CM3,DV1,DV2,DV7\n"
      "A,An,101,1,1,1,1,\n"
      "B,Bình,1,x,1,7.3,1,\n"
      "A,An,1,1,1,1,1,\n"
      ",Cường,1,1,maybe,1,1,\n"
      "D,Dũng,1,1,1,1\n");
  std::vector<std::pair<errc, std::uint32_t>> seen;
  for (const auto& d : all) seen.emplace_back(d.code, d.where.line);
  const std::vector<std::pair<errc, std::uint32_t>> expected = {
      {errc::unknown_column, 1},    {errc::exceeds_maximum, 2}, {errc::not_a_number, 3}, {errc::off_step, 3},
      {errc::duplicate_subject, 4}, {errc::bad_flag_value, 5},  {errc::empty_id, 5},     {errc::ragged_row, 6}};
  EXPECT_EQ(seen, expected);
}

TEST(CsvErrors, ThrowingFormCarriesTheWholeList) {
  try {
    (void)thidua::parse_sheet(the_scheme(), wide("A,An,1,1,1,-1,1\nB,Bình,1,1,1,16,1\n"), "diem.csv");
    FAIL() << "expected input_error";
  } catch (const thidua::input_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 2U);
    EXPECT_EQ(e.total_count(), 2U);
    EXPECT_EQ(e.first().code, errc::negative_value);
    EXPECT_NE(std::string(e.what()).find("[thidua.data.109] diem.csv:2:6:"), std::string::npos) << e.what();
  }
}

TEST(CsvErrors, StorageLimitStillCounts) {
  std::string csv(header);
  for (int i = 0; i < 50; ++i) csv += fmt::format("S{},,1,1,1,99,1\n", i);
  thidua::diagnostics d(10);
  EXPECT_FALSE(thidua::parse_sheet(the_scheme(), csv, "diem.csv", d).has_value());
  EXPECT_EQ(d.count(), 50U);
  EXPECT_EQ(d.items().size(), 10U);
}

}  // namespace
