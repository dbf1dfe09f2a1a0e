// Score sheets from .xlsx (lib/io/xlsx_reader.cpp): values, positions and error ids, with
// workbooks written by LibreOffice and hand-made ones for what real writers do on their own
// (tests/data/xlsx/make-fixtures.sh regenerates both).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thidua/thidua.hpp>
#include <unistd.h>
#include <vector>

#include "io/xlsx_reader.hpp"
#include "io_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace thidua;

const std::string xlsx_dir = THIDUA_TEST_DATA "/xlsx/";
const std::string sample_dir = THIDUA_EXAMPLES_DATA "/";

sheet::value_type v(std::string_view text) { return sheet::encode(points(text)); }

struct loaded {
  std::optional<sheet> sh;
  diagnostics problems;
};

loaded load(const std::string& file, const sheet_options& options = {}, const scheme& s = thidua::testing::io_test_scheme()) {
  loaded r;
  r.sh = load_sheet(s, file, r.problems, options);
  return r;
}

/// "id@Sheet!C12" for each diagnostic, to compare whole lists at once.
std::vector<std::string> positions(const diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.items())
    out.push_back(std::string(x.id()) + "@" + x.where.sheet + "!" + column_letters(x.where.column) +
                  std::to_string(x.where.line));
  return out;
}

std::string messages(const diagnostics& d) {
  std::string s;
  for (const auto& x : d.items()) s += x.to_string() + "\n";
  return s;
}

// --- numbers -------------------------------------------------------------------------

TEST(XlsxNumber, WrittenAsExcelShowsThem) {
  using detail::excel_number_text;
  EXPECT_EQ(excel_number_text("7.0999999999999996"), "7.1");
  EXPECT_EQ(excel_number_text("97.340000000000003"), "97.34");
  EXPECT_EQ(excel_number_text("0.30000000000000004"), "0.3");
  EXPECT_EQ(excel_number_text("12"), "12");
  EXPECT_EQ(excel_number_text("0.25"), "0.25");
  EXPECT_EQ(excel_number_text("-2.5"), "-2.5");
  EXPECT_EQ(excel_number_text("100"), "100");
  EXPECT_EQ(excel_number_text("9.5E1"), "95");
  EXPECT_EQ(excel_number_text("1.0000000000000001E1"), "10");
  EXPECT_EQ(excel_number_text("1E-5"), "0.00001");
  EXPECT_EQ(excel_number_text("-0"), "0");
  EXPECT_EQ(excel_number_text("123456789012345678"), "123456789012346000");  // 15 significant digits
  EXPECT_EQ(excel_number_text("1E+25"), "1E+25");
  EXPECT_EQ(excel_number_text("2.5E-30"), "2.5E-30");
  EXPECT_EQ(excel_number_text("abc"), "abc");  // not a number: left for the reader to reject
  EXPECT_EQ(excel_number_text(""), "");
}

// --- workbooks written by LibreOffice ------------------------------------------------

TEST(XlsxReader, LibreOfficeSheetReadsAsItsCsv) {
  const auto from_xlsx = load(xlsx_dir + "diem.xlsx");
  ASSERT_TRUE(from_xlsx.sh) << messages(from_xlsx.problems);
  // The CSV reader takes the first line for the header: its title and names rows are blanked.
  std::ifstream in(xlsx_dir + "diem.csv", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string csv = text.str();
  for (int line = 0; line < 2; ++line) {
    const auto start = line == 0 ? 0 : csv.find('\n') + 1;
    csv.erase(start, csv.find('\n', start) - start);
  }
  diagnostics d;
  const auto from_csv = parse_sheet(thidua::testing::io_test_scheme(), csv, "diem.csv", d);
  ASSERT_TRUE(from_csv) << messages(d);

  const sheet& x = *from_xlsx.sh;
  ASSERT_EQ(x.size(), 4U);
  ASSERT_EQ(x.size(), from_csv->size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    SCOPED_TRACE(std::string(x.id(i)));
    EXPECT_EQ(x.id(i), from_csv->id(i));
    EXPECT_EQ(x.name(i), from_csv->name(i));
    EXPECT_EQ(x.group(i), from_csv->group(i));
    EXPECT_TRUE(std::equal(x.values(i).begin(), x.values(i).end(), from_csv->values(i).begin()));
    EXPECT_EQ(x.bonus(i), from_csv->bonus(i));
    EXPECT_EQ(x.deduction(i), from_csv->deduction(i));
    EXPECT_EQ(x.flags(i), from_csv->flags(i));
    // Worksheet rows are CSV lines: the CSV has them in the same places.
    EXPECT_EQ(x.source_line(i), from_csv->source_line(i));
  }
  EXPECT_EQ(x.name(1), "Trường Tiểu học Lê Lợi, cơ sở 2");
  EXPECT_EQ(x.values(1)[4], v("7.1"));  // DV2
  EXPECT_EQ(x.source_line(0), 4U);      // below the title and the row of criterion names
  EXPECT_EQ(x.source_line(3), 8U);      // after the empty row 7
  EXPECT_EQ(x.file, xlsx_dir + "diem.xlsx!Điểm");
}

TEST(XlsxReader, ErrorsNameTheSheetAndCell) {
  const auto r = load(xlsx_dir + "diem-loi.xlsx");
  EXPECT_FALSE(r.sh);
  EXPECT_EQ(positions(r.problems), (std::vector<std::string>{"thidua.data.112@Điểm!D7", "thidua.data.123@Điểm!F7",
                                                             "thidua.data.110@Điểm!D8", "thidua.data.112@Điểm!H8"}))
      << messages(r.problems);
  const auto& first = r.problems.items().front();
  EXPECT_EQ(first.code, errc::exceeds_maximum);
  EXPECT_NE(first.to_string().find("diem-loi.xlsx!Điểm!D7: "), std::string::npos) << first.to_string();
  EXPECT_NE(first.to_string().find("15.5"), std::string::npos) << first.to_string();
}

TEST(XlsxReader, SampleRanksAsFromCsv) {
  const scheme s = load_scheme(sample_dir + "truong-hoc-2024-2025.toml");
  const sheet csv = load_sheet(s, sample_dir + "diem-hoi-dong.csv");
  const sheet xlsx = load_sheet(s, xlsx_dir + "diem-hoi-dong.xlsx");
  ASSERT_EQ(xlsx.size(), 60U);
  const ranking a = rank(s, csv), b = rank(s, xlsx);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(std::string(a.id(i)));
    EXPECT_EQ(a.id(i), b.id(i));
    EXPECT_EQ(a.name(i), b.name(i));
    EXPECT_EQ(a.total(i), b.total(i));
    EXPECT_EQ(a.class_index(i), b.class_index(i));
    EXPECT_EQ(a.rank(i), b.rank(i));
  }
  for (std::size_t i = 0; i < csv.size(); ++i)
    EXPECT_TRUE(std::equal(csv.values(i).begin(), csv.values(i).end(), xlsx.values(i).begin())) << csv.id(i);
}

TEST(XlsxReader, MembersAndHistoryReadAsFromCsv) {
  // The staff list and earlier years as an office keeps them in Excel (LibreOffice saved the
  // sample's CSV files): the same records, lines being worksheet rows.
  const members csv = load_members(sample_dir + "can-bo.csv");
  const members xlsx = load_members(xlsx_dir + "can-bo.xlsx");
  ASSERT_EQ(xlsx.size(), csv.size());
  EXPECT_EQ(xlsx.flag_names(), csv.flag_names());
  EXPECT_EQ(xlsx.field_names(), csv.field_names());
  EXPECT_EQ(xlsx.sheet, "Cán bộ");
  EXPECT_EQ(xlsx.unit_column, csv.unit_column);
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const auto &a = csv[i], &b = xlsx[i];
    EXPECT_TRUE(a.id == b.id && a.name == b.name && a.unit == b.unit && a.flags == b.flags && a.fields == b.fields &&
                a.line == b.line)
        << a.id;
  }
  const history h_csv = load_history_csv(sample_dir + "lich-su.csv");
  const history h_xlsx = load_history_csv(xlsx_dir + "lich-su.xlsx!Lịch sử");
  ASSERT_EQ(h_xlsx.entries().size(), h_csv.entries().size());
  for (std::size_t i = 0; i < h_csv.entries().size(); ++i) {
    const auto &a = h_csv.entries()[i], &b = h_xlsx.entries()[i];
    EXPECT_TRUE(a.year == b.year && a.id == b.id && a.title == b.title && a.class_id == b.class_id &&
                a.revoked == b.revoked && a.reason == b.reason && a.line == b.line)
        << a.id << " " << a.year;
  }
}

TEST(XlsxReader, MembersErrorsNameTheSheetAndCell) {
  diagnostics d;
  EXPECT_FALSE(load_members(xlsx_dir + "can-bo-loi.xlsx", d));
  EXPECT_EQ(positions(d), std::vector<std::string>{"thidua.data.114@Sai!D3"}) << messages(d);
  ASSERT_EQ(d.items().size(), 1U);
  EXPECT_NE(d.items()[0].to_string().find("can-bo-loi.xlsx!Sai!D3: flag:ky_luat = \"có lẽ\" is not yes/no"),
            std::string::npos)
      << d.items()[0].to_string();
  diagnostics missing_sheet;
  EXPECT_FALSE(load_history_csv(xlsx_dir + "lich-su.xlsx!Năm trước", missing_sheet));
  ASSERT_FALSE(missing_sheet.items().empty());
  EXPECT_EQ(missing_sheet.items()[0].id(), "thidua.data.137") << messages(missing_sheet);
  EXPECT_THROW((void)load_members(xlsx_dir + "can-bo-loi.xlsx"), input_error);
}

TEST(XlsxReader, DigestOfASheetIsTheWorkbookUnderTheNameGiven) {
  // rank --record and history import digest what they read: for `file.xlsx!Sheet`, the name
  // as given (the sheet is part of what was read) and the workbook's bytes.
  const std::string given = xlsx_dir + "can-bo.xlsx!Cán bộ";
  std::ifstream in(xlsx_dir + "can-bo.xlsx", std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string contents = bytes.str();
  const std::string expected =
      sha256_hex(given + std::string(1, '\0') + std::to_string(contents.size()) + std::string(1, '\0') + contents);
  EXPECT_EQ(inputs_digest({given}), expected);
  EXPECT_NE(inputs_digest({given}), inputs_digest({xlsx_dir + "can-bo.xlsx"}));
}

TEST(XlsxReader, PairwiseMatrixReadsAsFromCsv) {
  // An AHP matrix filled in Excel, fractions typed as text ('1/3): the same matrix and the
  // same weights as the CSV.
  const audit::pairwise_matrix csv = audit::load_pairwise(sample_dir + "ahp-dan-van.csv");
  const audit::pairwise_matrix xlsx = audit::load_pairwise(xlsx_dir + "ahp-dan-van.xlsx");
  EXPECT_EQ(xlsx.labels, csv.labels);
  EXPECT_EQ(xlsx.cells, csv.cells);
  EXPECT_EQ(xlsx.row_lines, csv.row_lines);
  EXPECT_EQ(audit::ahp(xlsx).weights, audit::ahp(csv).weights);
}

TEST(XlsxReader, ChunkedReadingGivesTheWorksheetAsOnePiece) {
  const scheme s = load_scheme(sample_dir + "truong-hoc-2024-2025.toml");
  diagnostics d;
  std::vector<sheet> pieces;
  EXPECT_TRUE(read_sheet_chunks(s, xlsx_dir + "diem-hoi-dong.xlsx", d, {}, 10,
                                [&](sheet&& piece) { pieces.push_back(std::move(piece)); }))
      << messages(d);
  ASSERT_EQ(pieces.size(), 1U);
  EXPECT_EQ(pieces[0].size(), 60U);
  EXPECT_EQ(pieces[0].file, xlsx_dir + "diem-hoi-dong.xlsx!diem-hoi-dong");
  // rank_file goes through read_sheet_chunks.
  const ranking r = rank_file(s, xlsx_dir + "diem-hoi-dong.xlsx");
  EXPECT_EQ(r.size(), 60U);
}

// --- hand-made workbooks -------------------------------------------------------------

TEST(XlsxReader, EveryKindOfCell) {
  const auto r = load(xlsx_dir + "tay.xlsx");
  ASSERT_TRUE(r.sh) << messages(r.problems);
  const sheet& sh = *r.sh;
  ASSERT_EQ(sh.size(), 4U);
  EXPECT_EQ(sh.file, xlsx_dir + "tay.xlsx!Điểm");
  const auto ky_luat = sh.find_flag("ky_luat");
  ASSERT_GE(ky_luat, 0);

  // Row 5: shared strings, NFD group, 17-digit numbers, booleans, a formula's value.
  EXPECT_EQ(sh.id(0), "X01");
  EXPECT_EQ(sh.name(0), "Trường Tiểu học Kim Đồng");
  EXPECT_EQ(sh.group(0), "Tiểu học");  // NFC
  EXPECT_EQ(sh.source_line(0), 5U);
  EXPECT_EQ(sh.values(0)[0], v("97.34"));
  EXPECT_EQ(sh.values(0)[1], v("3"));
  EXPECT_EQ(sh.values(0)[2], v("1"));  // CM3 yes/no from a boolean cell
  EXPECT_EQ(sh.values(0)[3], v("12.25"));
  EXPECT_EQ(sh.values(0)[4], v("7.1"));
  EXPECT_EQ(sh.bonus(0), points("1.5"));
  EXPECT_FALSE(sh.flag(0, static_cast<std::size_t>(ky_luat)));

  // Row 6, no references: rich text without its phonetic run, a string formula's value.
  EXPECT_EQ(sh.id(1), "X02");
  EXPECT_EQ(sh.source_line(1), 6U);
  EXPECT_EQ(sh.name(1), "Trường Tiểu học Lê Lợi");
  EXPECT_EQ(sh.group(1), "Tiểu học");
  EXPECT_EQ(sh.values(1)[0], v("100"));
  EXPECT_EQ(sh.values(1)[2], v("0"));
  EXPECT_EQ(sh.values(1)[3], v("15"));
  EXPECT_EQ(sh.deduction(1), points("2.5"));
  EXPECT_TRUE(sh.flag(1, static_cast<std::size_t>(ky_luat)));

  // Row 7: a name with a quote and a comma, cells with and without references, a gap.
  EXPECT_EQ(sh.name(2), "Trường \"Ánh Dương\", cơ sở 1");
  EXPECT_EQ(sh.group(2), "THCS");
  EXPECT_EQ(sh.values(2)[0], v("95"));
  EXPECT_EQ(sh.values(2)[1], v("1"));
  EXPECT_EQ(sh.values(2)[3], v("0.25"));
  EXPECT_EQ(sh.values(2)[4], sheet::missing);

  // Row 8: OOXML escapes, N/A, 1.0000000000000001E1.
  EXPECT_EQ(sh.name(3), "Trường THCS Nguyễn_Du");
  EXPECT_EQ(sh.values(3)[2], sheet::not_applicable);
  EXPECT_EQ(sh.values(3)[3], v("10"));
}

TEST(XlsxReader, SheetChosenByName) {
  for (const std::string name : {"Tự chấm", "tự CHẤM", "T\xE1\xBB\xB1 cha\xCC\x82\xCC\x81m"}) {  // exact, any case, NFD
    SCOPED_TRACE(name);
    const auto r = load(xlsx_dir + "tay.xlsx!" + name);
    ASSERT_TRUE(r.sh) << messages(r.problems);
    ASSERT_EQ(r.sh->size(), 1U);
    EXPECT_EQ(r.sh->values(0)[0], v("99"));
    EXPECT_EQ(r.sh->values(0)[3], v("14"));
    EXPECT_EQ(r.sh->file, xlsx_dir + "tay.xlsx!Tự chấm");
  }
  const auto named_first = load(xlsx_dir + "tay.xlsx!Điểm");
  ASSERT_TRUE(named_first.sh) << messages(named_first.problems);
  EXPECT_EQ(named_first.sh->size(), 4U);
}

TEST(XlsxReader, UnknownSheetListsTheSheets) {
  const auto r = load(xlsx_dir + "tay.xlsx!Sheet3");
  EXPECT_FALSE(r.sh);
  ASSERT_EQ(r.problems.count(), 1U);
  const auto& d = r.problems.items().front();
  EXPECT_EQ(d.code, errc::unknown_sheet);
  EXPECT_EQ(d.id(), "thidua.data.137");
  EXPECT_NE(d.message.find("Sheet3"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("Điểm, Tự chấm"), std::string::npos) << d.message;
}

TEST(XlsxReader, CellErrorsAndFormulasWithoutValue) {
  const auto r = load(xlsx_dir + "loi-o.xlsx");
  EXPECT_FALSE(r.sh);
  // The #N/A in the title row (B1) is above the header and not read; the reader's own
  // complaints about the emptied cells are not repeated.
  EXPECT_EQ(positions(r.problems), (std::vector<std::string>{"thidua.data.139@Điểm!D3", "thidua.data.138@Điểm!H3",
                                                             "thidua.data.138@Điểm!H4"}))
      << messages(r.problems);
  const auto& items = r.problems.items();
  EXPECT_NE(items[0].to_string().find("loi-o.xlsx!Điểm!D3: "), std::string::npos) << items[0].to_string();
  EXPECT_NE(items[0].message.find("#DIV/0!"), std::string::npos) << items[0].message;
  EXPECT_NE(items[0].message.find("a number for criterion CM1"), std::string::npos) << items[0].message;
  EXPECT_NE(items[1].message.find("=SUM(G3:G3)"), std::string::npos) << items[1].message;
}

TEST(XlsxReader, LongLayoutAndAssessors) {
  const std::string file = xlsx_dir + "dai.xlsx";
  EXPECT_TRUE(sheet_has_assessor(file, assessor_filter::self));
  EXPECT_TRUE(sheet_has_assessor(file, assessor_filter::review));

  const auto review = load(file);
  ASSERT_TRUE(review.sh) << messages(review.problems);
  ASSERT_EQ(review.sh->size(), 2U);
  EXPECT_EQ(review.sh->values(0)[0], v("99"));
  EXPECT_EQ(review.sh->values(0)[3], v("14.5"));
  EXPECT_EQ(review.sh->values(1)[4], v("7.1"));

  const auto self = load(file, sheet_options{.assessor = assessor_filter::self, .self_scores = true});
  ASSERT_TRUE(self.sh) << messages(self.problems);
  ASSERT_EQ(self.sh->size(), 1U);
  EXPECT_EQ(self.sh->values(0)[3], v("15"));
}

TEST(XlsxReader, BrokenWorkbooksAreReportedNotCrashedOn) {
  for (const std::string name : {"khong-phai-zip.xlsx", "thieu-workbook.xlsx", "xml-hong.xlsx",
                                 "chuoi-chung-sai.xlsx", "o-sai.xlsx"}) {
    SCOPED_TRACE(name);
    const auto r = load(xlsx_dir + name);
    EXPECT_FALSE(r.sh);
    ASSERT_EQ(r.problems.count(), 1U) << messages(r.problems);
    EXPECT_EQ(r.problems.items().front().id(), "thidua.data.136") << messages(r.problems);
    EXPECT_EQ(r.problems.items().front().where.file, xlsx_dir + name);
  }
  // A missing .xlsx is a file that cannot be opened, like a missing CSV.
  const auto missing = load(xlsx_dir + "khong-co.xlsx");
  EXPECT_FALSE(missing.sh);
  ASSERT_EQ(missing.problems.count(), 1U);
  EXPECT_EQ(missing.problems.items().front().code, errc::cannot_open);
}

TEST(XlsxReader, OversizedPartsStopWithBadWorkbook) {
  auto& limits = detail::xlsx_limit_settings();
  const auto saved = limits;
  limits.max_part_bytes = 1000;  // tay.xlsx's worksheet inflates to more
  const auto r = load(xlsx_dir + "tay.xlsx");
  limits = saved;
  EXPECT_FALSE(r.sh);
  ASSERT_EQ(r.problems.count(), 1U);
  EXPECT_EQ(r.problems.items().front().code, errc::bad_workbook);
  EXPECT_NE(r.problems.items().front().message.find("larger than 1000 bytes"), std::string::npos)
      << messages(r.problems);
}

TEST(XlsxReader, RowsParsedInBatchesReadTheSame) {
  // Batches of one row each, against the whole sheet at once: the same sheet and messages.
  auto& limits = detail::xlsx_limit_settings();
  const auto saved = limits;
  for (const std::string name : {"tay.xlsx", "tay.xlsx!Tự chấm", "diem.xlsx", "diem-loi.xlsx", "loi-o.xlsx"}) {
    SCOPED_TRACE(name);
    limits.row_batch_bytes = 1;
    const auto small = load(xlsx_dir + name);
    limits = saved;
    const auto whole = load(xlsx_dir + name);
    EXPECT_EQ(messages(small.problems), messages(whole.problems));
    ASSERT_EQ(small.sh.has_value(), whole.sh.has_value());
    if (!whole.sh) continue;
    ASSERT_EQ(small.sh->size(), whole.sh->size());
    for (std::size_t i = 0; i < whole.sh->size(); ++i) {
      EXPECT_EQ(small.sh->id(i), whole.sh->id(i));
      EXPECT_EQ(small.sh->name(i), whole.sh->name(i));
      EXPECT_EQ(small.sh->source_line(i), whole.sh->source_line(i));
      EXPECT_TRUE(std::equal(small.sh->values(i).begin(), small.sh->values(i).end(), whole.sh->values(i).begin()));
    }
  }
}

TEST(XlsxReader, RecognisedByZipSignatureWithoutExtension) {
  const fs::path copy = fs::temp_directory_path() / ("thidua-xlsx-" + std::to_string(::getpid()) + ".scores");
  fs::copy_file(xlsx_dir + "diem.xlsx", copy, fs::copy_options::overwrite_existing);
  const auto r = load(copy.string());
  fs::remove(copy);
  ASSERT_TRUE(r.sh) << messages(r.problems);
  EXPECT_EQ(r.sh->size(), 4U);
}

TEST(XlsxReader, ValidateAndRankFromTheCommandLine) {
  const fs::path dir = fs::temp_directory_path() / ("thidua-xlsx-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto run = [&](const std::string& args, std::string& out) {
    const std::string cmd = std::string(THIDUA_CLI) + " " + args + " >" + (dir / "out").string() + " 2>&1";
    const int raw = std::system(cmd.c_str());
    std::ifstream in(dir / "out");
    std::stringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  };
  const std::string scheme_file = sample_dir + "truong-hoc-2024-2025.toml";
  std::string out;
  EXPECT_EQ(run("validate --scheme " + scheme_file + " --scores " + xlsx_dir + "diem-hoi-dong.xlsx", out), 0) << out;
  std::string from_csv, from_xlsx;
  EXPECT_EQ(run("rank --scheme " + scheme_file + " --scores " + sample_dir + "diem-hoi-dong.csv --format json", from_csv),
            0);
  EXPECT_EQ(run("rank --scheme " + scheme_file + " --scores " + xlsx_dir + "diem-hoi-dong.xlsx --format json",
                from_xlsx),
            0)
      << from_xlsx;
  EXPECT_EQ(from_csv, from_xlsx);
  // A bad workbook: exit status 2 and the position with the sheet.
  EXPECT_EQ(run("validate --scheme " + scheme_file + " --scores " + xlsx_dir + "diem-loi.xlsx", out), 2) << out;
  EXPECT_NE(out.find("diem-loi.xlsx!Điểm"), std::string::npos) << out;
  fs::remove_all(dir);
}

}  // namespace
