// The progress bar of long commands: its line (counts, rate, time left) and that it appears
// only on a terminal and never with --quiet.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include "progress.hpp"

namespace {

using thidua::cli::progress_line;
using thidua::cli::progress_unit;

TEST(ProgressLine, ShowsBarPercentCountsRateAndTimeLeft) {
  const std::string line = progress_line("SMAA", 2'500, 10'000, 2.0, progress_unit::items, "mẫu", 100);
  EXPECT_EQ(line, "SMAA  [█████░░░░░░░░░░░░░░░]  25%  2.500/10.000 mẫu  1.250 mẫu/s  còn 0:06");
}

TEST(ProgressLine, BytesInDecimalUnitsWithVietnameseComma) {
  const std::string line = progress_line("Xếp hạng", 1'500'000'000, 3'000'000'000, 5.0, progress_unit::bytes, "", 100);
  EXPECT_NE(line.find("50%"), std::string::npos) << line;
  EXPECT_NE(line.find("1,5 GB/3,0 GB"), std::string::npos) << line;
  EXPECT_NE(line.find("300,0 MB/s"), std::string::npos) << line;
  EXPECT_NE(line.find("còn 0:05"), std::string::npos) << line;
}

TEST(ProgressLine, UnknownTotalHasNoBarNorTimeLeft) {
  const std::string line = progress_line("Nhập", 42, 0, 1.0, progress_unit::items, "dòng", 100);
  EXPECT_EQ(line, "Nhập  42 dòng  42 dòng/s");
}

TEST(ProgressLine, HoursAndNarrowTerminals) {
  const std::string line = progress_line("SMAA", 1, 10'000, 1.0, progress_unit::items, "mẫu", 40);
  EXPECT_NE(line.find("còn 2:46:39"), std::string::npos) << line;
  EXPECT_NE(line.find("[░░░░░░░░░░]"), std::string::npos) << line;  // 10 cells when narrow
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the CLI under a pseudo-terminal (util-linux `script`), so that isatty() holds, and
// returns what the terminal showed.
std::string on_terminal(const std::string& args) {
  const auto dir = std::filesystem::temp_directory_path() / ("thidua-progress-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto screen = dir / "screen";
  const std::string cmd = "script -qec \"" + std::string(THIDUA_CLI) + " " + args + " --out " + (dir / "out").string() +
                          "\" /dev/null </dev/null >" + screen.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
  std::string shown = slurp(screen);
  std::filesystem::remove_all(dir);
  return shown;
}

const std::string smaa_args = "audit smaa --scheme " THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml --scores "
                              THIDUA_EXAMPLES_DATA "/diem-hoi-dong.csv --samples 400000 --seed 1";

TEST(ProgressBar, DrawnOnATerminalAndClearedAtTheEnd) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "util-linux script is not installed";
  const std::string shown = on_terminal(smaa_args);
  EXPECT_NE(shown.find("SMAA  ["), std::string::npos) << shown;
  EXPECT_NE(shown.find("mẫu/s"), std::string::npos);
  // The last thing on the terminal is the cleared line: nothing of the bar stays.
  EXPECT_EQ(shown.substr(shown.size() - 4), "\r\x1b[K");
}

TEST(ProgressBar, NothingWithQuietOrWhenNotATerminal) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "util-linux script is not installed";
  EXPECT_EQ(on_terminal(smaa_args + " --quiet"), "");
  const auto err = std::filesystem::temp_directory_path() / ("thidua-progress-err-" + std::to_string(::getpid()));
  const std::string cmd = std::string(THIDUA_CLI) + " " + smaa_args + " >/dev/null 2>" + err.string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_EQ(slurp(err), "");
  std::filesystem::remove(err);
}

}  // namespace
