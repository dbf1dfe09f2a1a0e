// The commands that write the files people open: `rank --format xlsx|html`, `--audit`,
// `template`, and `demo` writing the workbook and the report. What is inside the workbook
// and the report is tested in xlsx_writer_test.cpp and html_report_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli_run.hpp"

namespace {

namespace fs = std::filesystem;

using thidua_test::slurp;

fs::path scratch() { return thidua_test::scratch_dir("thidua-report-cli"); }
thidua_test::run_result run(const std::string& args) { return thidua_test::run_cli("thidua-report-cli", args); }

const std::string cli_data = THIDUA_TEST_DATA "/cli/";
const std::string sample = THIDUA_EXAMPLES_DATA "/";
const std::string small = "--scheme " + cli_data + "scheme.toml --scores " + cli_data + "scores.csv";

TEST(ReportCli, CsvTemplateIsTheHeaderTheReaderExpects) {
  const auto r = run("template --scheme " + cli_data + "scheme.toml --format csv");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "\xEF\xBB\xBFid,name,group,CM1,DV1,bonus,deduction,flag:ky_luat\r\n");
}

TEST(ReportCli, XlsxTemplateAndSummaryAreZipWorkbooks) {
  const fs::path mau = scratch() / "mau.xlsx", tong = scratch() / "tong.xlsx";
  ASSERT_EQ(run("template --scheme " + cli_data + "scheme.toml --out " + mau.string()).status, 0);
  const auto r = run("rank " + small + " --format xlsx --out " + tong.string());
  ASSERT_EQ(r.status, 0) << r.err;
  for (const auto& f : {mau, tong}) {
    const std::string bytes = slurp(f);
    ASSERT_GT(bytes.size(), 1000U) << f;
    EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4)) << f;  // a zip: the .xlsx container
  }
  // Redirected standard output takes the workbook as well.
  const auto piped = run("rank " + small + " --format xlsx");
  ASSERT_EQ(piped.status, 0) << piped.err;
  EXPECT_EQ(piped.out.substr(0, 2), "PK");
}

TEST(ReportCli, HtmlReportWithAuditsIsWrittenWhole) {
  const fs::path html = scratch() / "bao-cao.html";
  const auto r = run("rank " + small + " --format html --audit influence,sensitivity,smaa --samples 500 --out " +
                     html.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string page = slurp(html);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_NE(page.find("Trường Tiểu học Kim Đồng"), std::string::npos);
  EXPECT_NE(page.find("</html>"), std::string::npos);
  // The same seed gives the same report, byte for byte.
  const fs::path again = scratch() / "again.html";
  ASSERT_EQ(run("rank " + small + " --format html --audit all --samples 500 --out " + again.string()).status, 0);
  EXPECT_EQ(slurp(again), page);
}

TEST(ReportCli, BadFormatsAndAuditsAreUsageErrors) {
  auto r = run("rank " + small + " --format pdf");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.101] --format pdf: expected table, json, csv, xlsx or html"), std::string::npos)
      << r.err;
  r = run("rank " + small + " --audit all");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.101] --audit: the audits are shown in the HTML report"), std::string::npos)
      << r.err;
  r = run("rank " + small + " --format html --audit smaa,tornado");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("expected a comma-separated list of influence, sensitivity, smaa, or all"), std::string::npos);
  r = run("titles " + small + " --format xlsx");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--format xlsx: expected table, json or csv"), std::string::npos) << r.err;
  r = run("template --scheme " + cli_data + "scheme.toml --format html");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("expected xlsx or csv"), std::string::npos);
  r = run("template --format csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.usage.102] thidua template needs --scheme FILE"), std::string::npos) << r.err;
}

TEST(ReportCli, BadInputLeavesNoWorkbookBehind) {
  const fs::path tong = scratch() / "never.xlsx";
  const auto r = run("rank --scheme " + cli_data + "scheme.toml --scores " + cli_data +
                     "bad.csv --format xlsx --out " + tong.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_FALSE(fs::exists(tong));
  for (const auto& e : fs::directory_iterator(scratch()))
    EXPECT_EQ(e.path().filename().string().find("never.xlsx."), std::string::npos) << "temporary file left";
}

TEST(ReportCli, DemoWritesTheWorkbookAndTheReport) {
  const fs::path dir = scratch() / "demo";
  const auto r = run("demo --quiet --out-dir " + dir.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(slurp(dir / "tong-hop.xlsx").substr(0, 2), "PK");
  const std::string page = slurp(dir / "bao-cao.html");
  EXPECT_NE(page.find("SMAA"), std::string::npos);
  EXPECT_NE(r.out.find("bao-cao.html"), std::string::npos);
}

}  // namespace
