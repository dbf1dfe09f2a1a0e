// Golden tests: `thidua demo` on the bundled sample (examples/data) must print the same
// table and write the same xep-hang.json and xep-hang.csv, byte for byte, as the files
// committed in tests/data/golden/.
//
// After a deliberate change to the output (a new column, a new JSON key, different
// wording), regenerate the golden files and review the diff before committing them:
//
//   scripts/update-golden.sh            # rebuilds build-golden/, reruns the demo, rewrites
//   git diff tests/data/golden/         # every changed line must be intended
//
// The golden totals, classes and ranks were checked against the sample's independent
// scorer (python3 examples/data/generate_sample.py --report) and by hand for the special
// rows listed in examples/data/README.md. A change to a number is a change to the engine
// and needs the same scrutiny: never regenerate just to make this test pass.
//
// The demo also writes danh-hieu.csv, the proposal list of titles.
//
// The demo runs with its working folder set to a fresh temporary folder and `--out-dir
// out`, so the last line it prints ("Đã ghi: out/xep-hang.json, out/xep-hang.csv, out/danh-hieu.csv") does not
// depend on where the test runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path golden_dir = fs::path(THIDUA_TEST_DATA) / "golden";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start + 1));  // keeps "\r\n" / "\n" visible
    start = end + 1;
  }
  return lines;
}

/// Shows a line with its line end spelt out, so "\r\n" vs "\n" and trailing spaces show.
std::string visible(std::string line) {
  std::string out;
  for (const char c : line) {
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

/// "" when equal; otherwise a unified-diff-like hint at the first differing line, with two
/// lines of context, and how to regenerate the golden file if the change is intended.
std::string first_difference(const std::string& expected, const std::string& actual, const std::string& name) {
  if (expected == actual) return {};
  const auto a = split_lines(expected), b = split_lines(actual);
  std::size_t k = 0;
  while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
  std::ostringstream out;
  out << "--- golden/" << name << " (" << a.size() << " lines, " << expected.size() << " bytes)\n"
      << "+++ actual " << name << " (" << b.size() << " lines, " << actual.size() << " bytes)\n"
      << "@@ first difference at line " << (k + 1) << " @@\n";
  for (std::size_t c = k >= 2 ? k - 2 : 0; c < k; ++c) out << "  " << visible(a[c]) << '\n';
  if (k < a.size()) out << "- " << visible(a[k]) << '\n';
  else out << "- (end of file)\n";
  if (k < b.size()) out << "+ " << visible(b[k]) << '\n';
  else out << "+ (end of file)\n";
  if (k < a.size() && k < b.size()) {
    std::size_t col = 0;
    while (col < a[k].size() && col < b[k].size() && a[k][col] == b[k][col]) ++col;
    out << "  (lines differ from byte " << (col + 1) << ")\n";
  }
  out << "If the change is intended: scripts/update-golden.sh, then review git diff tests/data/golden/";
  return out.str();
}

struct demo_run {
  int status = -1;
  std::string out, err;        // what the demo printed
  bool has_json = false, has_csv = false, has_titles = false;
  std::string json, csv, titles;  // the files it wrote
};

/// Runs `thidua demo --out-dir out` inside a fresh temporary folder (once per process),
/// keeps what it printed and wrote, and removes the folder.
const demo_run& run_demo() {
  static const demo_run result = [] {
    demo_run r;
    const fs::path dir = fs::temp_directory_path() / ("thidua-golden-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string cmd = "cd '" + dir.string() + "' && '" + std::string(THIDUA_CLI) +
                            "' demo --out-dir out >stdout.txt 2>stderr.txt";
    const int raw = std::system(cmd.c_str());
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(dir / "stdout.txt");
    r.err = slurp(dir / "stderr.txt");
    r.has_json = fs::exists(dir / "out" / "xep-hang.json");
    r.has_csv = fs::exists(dir / "out" / "xep-hang.csv");
    r.json = slurp(dir / "out" / "xep-hang.json");
    r.csv = slurp(dir / "out" / "xep-hang.csv");
    r.has_titles = fs::exists(dir / "out" / "danh-hieu.csv");
    r.titles = slurp(dir / "out" / "danh-hieu.csv");
    std::error_code ec;
    fs::remove_all(dir, ec);
    return r;
  }();
  return result;
}

void expect_golden(const std::string& actual, const std::string& golden_name) {
  const fs::path golden = golden_dir / golden_name;
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing: run scripts/update-golden.sh";
  const std::string difference = first_difference(slurp(golden), actual, golden_name);
  if (!difference.empty()) ADD_FAILURE() << "output differs from the golden file\n" << difference;
}

TEST(GoldenDemo, RunsAndWritesItsFiles) {
  const auto& r = run_demo();
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.has_json);
  EXPECT_TRUE(r.has_csv);
  EXPECT_TRUE(r.has_titles);
}

TEST(GoldenDemo, JsonMatchesTheGoldenFile) {
  const auto& r = run_demo();
  ASSERT_EQ(r.status, 0) << r.err;
  expect_golden(r.json, "xep-hang.json");
}

TEST(GoldenDemo, CsvMatchesTheGoldenFile) {
  const auto& r = run_demo();
  ASSERT_EQ(r.status, 0) << r.err;
  expect_golden(r.csv, "xep-hang.csv");
}

// The proposal list: its titles were checked against the sample's independent evaluator
// (examples/data/expected-titles.csv; TitleSample and TitlesCli tests check that too).
TEST(GoldenDemo, TitlesCsvMatchesTheGoldenFile) {
  const auto& r = run_demo();
  ASSERT_EQ(r.status, 0) << r.err;
  expect_golden(r.titles, "danh-hieu.csv");
}

TEST(GoldenDemo, TableMatchesTheGoldenFile) {
  const auto& r = run_demo();
  ASSERT_EQ(r.status, 0) << r.err;
  expect_golden(r.out, "demo-table.txt");
}

// The helper itself: a failure message must point at the right line.
TEST(GoldenDiff, PointsAtTheFirstDifferingLine) {
  EXPECT_EQ(first_difference("a\nb\n", "a\nb\n", "x"), "");
  const std::string d = first_difference("a\nb\nc\nd\n", "a\nb\nC\nd\n", "x");
  EXPECT_NE(d.find("first difference at line 3"), std::string::npos) << d;
  EXPECT_NE(d.find("- c\\n"), std::string::npos) << d;
  EXPECT_NE(d.find("+ C\\n"), std::string::npos) << d;
  const std::string crlf = first_difference("a\r\n", "a\n", "x");
  EXPECT_NE(crlf.find("- a\\r\\n"), std::string::npos) << crlf;
  const std::string shorter = first_difference("a\nb\n", "a\n", "x");
  EXPECT_NE(shorter.find("+ (end of file)"), std::string::npos) << shorter;
}

}  // namespace
