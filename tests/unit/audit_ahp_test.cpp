// AHP (include/thidua/audit/ahp.hpp, docs/audit.md): published examples, random-index
// tables, the matrix reader's errors with ids and positions, reciprocity tolerance, group
// AHP, the inconsistency ranking, --write-scheme and the command line.
//
// Published values used:
//  - Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process. European
//    Journal of Operational Research 48(1), 9-26: the house example — criteria matrix (8 × 8)
//    with priorities .173 .054 .188 .018 .031 .036 .167 .333, λmax = 9.669, C.I. = 0.238,
//    C.R. = 0.169; and the houses compared on "size of house" (.754 .181 .065, λmax 3.136,
//    C.I. .068, C.R. .117), "yard space" (.674 .101 .226, 3.086, .043, .074), "modern
//    facilities" (.747 .060 .193, 3.197, .099, .170) and "general condition" (.2 .4 .4, 3, 0).
//  - Saaty, T. L. (2008). Decision making with the analytic hierarchy process. Int. J. Services
//    Sciences 1(1), 83-98, Table 2 "Which drink is consumed more in the U.S.?": eigenvector
//    .177 .019 .042 .116 .190 .129 .327, C.R. = .022.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "thidua/audit/ahp.hpp"
#include "thidua/io.hpp"

namespace {

namespace fs = std::filesystem;
using thidua::audit::ahp;
using thidua::audit::ahp_options;
using thidua::audit::pairwise_matrix;
using thidua::audit::parse_pairwise;

const std::string ahp_data = THIDUA_TEST_DATA "/audit/ahp/";

std::string slurp_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path ahp_temp(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("thidua-ahp-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

// The diagnostics parse_pairwise reports for `csv` (none: an empty list).
std::vector<thidua::diagnostic> problems_of(const std::string& csv) {
  thidua::diagnostics out;
  const auto m = parse_pairwise(csv, "m.csv", out);
  EXPECT_EQ(m.has_value(), out.empty());
  return out.items();
}

void expect_problem(const std::string& csv, std::string_view id, std::uint32_t line, std::uint32_t column,
                    const std::string& text = "") {
  const auto p = problems_of(csv);
  ASSERT_FALSE(p.empty()) << csv;
  EXPECT_EQ(p[0].id(), id) << p[0].to_string();
  EXPECT_EQ(p[0].where.file, "m.csv");
  EXPECT_EQ(p[0].where.line, line) << p[0].to_string();
  EXPECT_EQ(p[0].where.column, column) << p[0].to_string();
  if (!text.empty()) {
    EXPECT_NE(p[0].message.find(text), std::string::npos) << p[0].message;
  }
}

void expect_weights(const std::vector<double>& got, const std::vector<double>& published, double tolerance = 0.0005) {
  ASSERT_EQ(got.size(), published.size());
  double sum = 0;
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_NEAR(got[k], published[k], tolerance) << "element " << k + 1;
    sum += got[k];
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

// ------------------------------------------------------------------ published examples

TEST(AuditAhp, SaatyHouseCriteriaMatchesPublished) {
  const auto m = thidua::audit::load_pairwise(ahp_data + "saaty-house-criteria.csv");
  ASSERT_EQ(m.n, 8U);
  EXPECT_EQ(m.labels.front(), "size");
  EXPECT_EQ(m.labels.back(), "financing");
  const auto r = ahp(m);
  expect_weights(r.weights, {0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333});
  EXPECT_NEAR(r.lambda_max, 9.669, 0.0005);
  EXPECT_NEAR(r.ci, 0.238, 0.0005);
  EXPECT_NEAR(r.cr, 0.169, 0.0005);
  EXPECT_EQ(r.random_index, 1.41);
  EXPECT_EQ(r.ri_from, thidua::audit::ri_origin::table);
  EXPECT_FALSE(r.consistent);
  // The judgment Saaty's own discussion points at: neighborhood (3) vs general condition (7) = 6.
  ASSERT_FALSE(r.inconsistent.empty());
  EXPECT_EQ(r.inconsistent[0].row, 2U);
  EXPECT_EQ(r.inconsistent[0].column, 6U);
  EXPECT_EQ(r.inconsistent[0].value, 6.0);
  EXPECT_LT(r.inconsistent[0].cr_if_changed, 0.10);  // changing it alone makes the matrix acceptable
  EXPECT_LT(r.inconsistent[0].consistent_value, 1.0);
}

TEST(AuditAhp, SaatyDrinksMatchesPublished) {
  const auto r = ahp(thidua::audit::load_pairwise(ahp_data + "saaty-drinks.csv"));
  ASSERT_EQ(r.n, 7U);
  EXPECT_EQ(r.labels[4], "sodas");
  expect_weights(r.weights, {0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327});
  EXPECT_NEAR(r.cr, 0.022, 0.0005);
  EXPECT_TRUE(r.consistent);
  // The same matrix against Saaty's 2008 table (RI(7) = 1.35) still gives .022.
  ahp_options o;
  o.ri_table = "saaty2008";
  const auto r2 = ahp(thidua::audit::load_pairwise(ahp_data + "saaty-drinks.csv"), o);
  EXPECT_EQ(r2.random_index, 1.35);
  EXPECT_NEAR(r2.cr, 0.022, 0.0005);
}

TEST(AuditAhp, SaatyHouseAlternativesMatchPublished) {
  const auto size = ahp(thidua::audit::load_pairwise(ahp_data + "saaty-house-size.csv"));
  expect_weights(size.weights, {0.754, 0.181, 0.065});
  EXPECT_NEAR(size.lambda_max, 3.136, 0.0005);
  EXPECT_NEAR(size.ci, 0.068, 0.0005);
  EXPECT_NEAR(size.cr, 0.117, 0.0005);
  EXPECT_FALSE(size.consistent);
  EXPECT_TRUE(size.labels.empty());

  const auto modern = ahp(parse_pairwise("1,8,6\n1/8,1,1/5\n1/6,5,1\n"));
  expect_weights(modern.weights, {0.747, 0.060, 0.193});
  EXPECT_NEAR(modern.lambda_max, 3.197, 0.0005);
  EXPECT_NEAR(modern.ci, 0.099, 0.0005);
  EXPECT_NEAR(modern.cr, 0.170, 0.0005);

  const auto condition = ahp(parse_pairwise("1,1/2,1/2\n2,1,1\n2,1,1\n"));
  expect_weights(condition.weights, {0.2, 0.4, 0.4}, 1e-12);
  EXPECT_NEAR(condition.lambda_max, 3.0, 1e-12);
  EXPECT_EQ(condition.ci, 0.0);
  EXPECT_EQ(condition.cr, 0.0);
  EXPECT_TRUE(condition.inconsistent.empty());
}

TEST(AuditAhp, RoundedReciprocalsInASemicolonFileGiveThePublishedYard) {
  // BOM, sep=;, decimal commas and 0,33 for 1/3: the yard-space matrix of Saaty (1990).
  const auto m = thidua::audit::load_pairwise(ahp_data + "saaty-house-yard-rounded.csv");
  ASSERT_EQ(m.n, 3U);
  EXPECT_EQ(m.labels, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_DOUBLE_EQ(m.at(1, 2), 1.0 / 3.0);  // 0,33 taken as the exact reciprocal of 3
  EXPECT_DOUBLE_EQ(m.at(2, 1), 3.0);
  const auto r = ahp(m);
  expect_weights(r.weights, {0.674, 0.101, 0.226});
  EXPECT_NEAR(r.lambda_max, 3.086, 0.0005);
  EXPECT_NEAR(r.ci, 0.043, 0.0005);
  EXPECT_NEAR(r.cr, 0.074, 0.0005);
}

TEST(AuditAhp, GeometricMeanWeightsAreNormalisedRowMeans) {
  const auto r = ahp(parse_pairwise("1,6,8\n1/6,1,4\n1/8,1/4,1\n"));
  const double g0 = std::cbrt(48.0), g1 = std::cbrt(4.0 / 6.0), g2 = std::cbrt(1.0 / 32.0);
  const double s = g0 + g1 + g2;
  expect_weights(r.weights_geometric, {g0 / s, g1 / s, g2 / s}, 1e-12);
}

// ------------------------------------------------------------------ random indices

TEST(AuditAhp, RandomIndexTablesAreThePublishedOnes) {
  const auto* saaty = thidua::audit::find_ri_table("saaty");
  ASSERT_NE(saaty, nullptr);
  EXPECT_EQ(saaty->values, (std::vector<double>{0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48,
                                                1.56, 1.57, 1.59}));
  const auto* s2008 = thidua::audit::find_ri_table("saaty2008");
  ASSERT_NE(s2008, nullptr);
  EXPECT_EQ(s2008->values, (std::vector<double>{0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49}));
  const auto* al = thidua::audit::find_ri_table("alonso-lamata");
  ASSERT_NE(al, nullptr);
  EXPECT_EQ(al->values.size(), 15U);
  EXPECT_EQ(al->values[2], 0.5245);
  EXPECT_EQ(al->values[14], 1.5838);
  EXPECT_EQ(thidua::audit::ri_tables().front().name, "saaty");  // the default
  EXPECT_EQ(thidua::audit::find_ri_table("noble"), nullptr);
  for (const auto& t : thidua::audit::ri_tables()) EXPECT_FALSE(t.source.empty()) << t.name;
  // Alonso & Lamata's fit: (1.7699 n − 4.3513)/(n − 1); close to their simulated values.
  EXPECT_NEAR(thidua::audit::alonso_lamata_ri(16), (1.7699 * 16 - 4.3513) / 15, 1e-15);
  EXPECT_NEAR(thidua::audit::alonso_lamata_ri(15), 1.5838, 0.005);
  EXPECT_EQ(thidua::audit::alonso_lamata_ri(2), 0.0);
}

// A matrix of size n from weights 1..n with one judgment off, so CI > 0.
pairwise_matrix nearly_consistent(std::size_t n) {
  pairwise_matrix m;
  m.n = n;
  m.cells.resize(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) m.cells[i * n + j] = static_cast<double>(i + 1) / static_cast<double>(j + 1);
  m.cells[n - 1] = 2;  // a_1n = 2 instead of 1/n
  m.cells[(n - 1) * n] = 0.5;
  return m;
}

TEST(AuditAhp, SizesBeyondATableUseTheAlonsoLamataFormula) {
  const auto m16 = nearly_consistent(16);
  const auto r = ahp(m16);  // saaty: n = 1..15
  EXPECT_EQ(r.ri_from, thidua::audit::ri_origin::formula);
  EXPECT_NEAR(r.random_index, (1.7699 * 16 - 4.3513) / 15, 1e-12);
  EXPECT_NEAR(r.cr, r.ci / r.random_index, 1e-15);
  EXPECT_GT(r.ci, 0.0);
  ahp_options o;
  o.ri_table = "saaty2008";  // n = 1..10
  const auto r11 = ahp(nearly_consistent(11), o);
  EXPECT_EQ(r11.ri_from, thidua::audit::ri_origin::formula);
  EXPECT_NEAR(r11.random_index, (1.7699 * 11 - 4.3513) / 10, 1e-12);
  const auto r10 = ahp(nearly_consistent(10), o);
  EXPECT_EQ(r10.ri_from, thidua::audit::ri_origin::table);
  EXPECT_EQ(r10.random_index, 1.49);
  o.ri_table = "alonso-lamata";
  EXPECT_EQ(ahp(nearly_consistent(4), o).random_index, 0.8815);
  EXPECT_EQ(ahp(nearly_consistent(30), o).ri_from, thidua::audit::ri_origin::formula);
  o.ri_table = "nope";
  EXPECT_THROW(ahp(nearly_consistent(3), o), std::invalid_argument);
}

TEST(AuditAhp, OneAndTwoElementsAreConsistentByConvention) {
  const auto one = ahp(parse_pairwise("1\n"));
  EXPECT_EQ(one.weights, std::vector<double>{1.0});
  EXPECT_EQ(one.lambda_max, 1.0);
  EXPECT_EQ(one.cr, 0.0);
  EXPECT_EQ(one.ri_from, thidua::audit::ri_origin::convention);
  EXPECT_TRUE(one.consistent);
  const auto two = ahp(parse_pairwise(",a,b\na,1,3\nb,1/3,1\n"));
  expect_weights(two.weights, {0.75, 0.25}, 1e-12);
  EXPECT_NEAR(two.lambda_max, 2.0, 1e-12);
  EXPECT_EQ(two.ci, 0.0);
  EXPECT_EQ(two.cr, 0.0);
  EXPECT_EQ(two.random_index, 0.0);
  EXPECT_EQ(two.ri_from, thidua::audit::ri_origin::convention);
  EXPECT_TRUE(two.consistent);
  EXPECT_TRUE(two.inconsistent.empty());
}

// ------------------------------------------------------------------ the reader and its errors

TEST(AuditAhpErrors, LayoutsWithAndWithoutLabels) {
  const char* plain = "1,2\n1/2,1\n";
  const char* both = "tiêu chí,A,B\nA,1,2\nB,1/2,1\n";
  const char* row_only = "A;B\n1;2\n0,5;1\n";
  const char* column_only = "A\t1\t2\nB\t1/2\t1\n";
  for (const char* csv : {plain, both, row_only, column_only}) {
    const auto m = parse_pairwise(csv, "m.csv");
    ASSERT_EQ(m.n, 2U) << csv;
    EXPECT_EQ(m.at(0, 1), 2.0) << csv;
    EXPECT_EQ(m.at(1, 0), 0.5) << csv;
    if (csv != plain) {
      EXPECT_EQ(m.labels, (std::vector<std::string>{"A", "B"})) << csv;
    } else {
      EXPECT_TRUE(m.labels.empty());
    }
  }
  // NFD labels come back in NFC; positions: a label column moves the judgments one cell right.
  const auto nfd = parse_pairwise(",Chuye\xCC\x82n,B\nChuye\xCC\x82n,1,2\nB,1/2,1\n", "m.csv");
  EXPECT_EQ(nfd.labels[0], "Chuyên");
  EXPECT_EQ(nfd.first_column, 2U);
  EXPECT_EQ(nfd.row_lines, (std::vector<std::uint32_t>{2, 3}));
  expect_problem(",Chuye\xCC\x82n,B\nChuye\xCC\x82n,1,x\nB,1,1\n", "thidua.data.134", 2, 3,
                 "row 1 (Chuyên), column 2 (B) = \"x\" is not a judgment");
}

TEST(AuditAhpErrors, NotSquare) {
  expect_problem("1,3\n1/3,1,5\n", "thidua.data.132", 2, 3, "row 2 has 3 judgments but the matrix has 2 rows");
  expect_problem("1,3,5\n1/3,1,3\n", "thidua.data.132", 1, 3, "row 1 has 3 judgments but the matrix has 2 rows");
  expect_problem("1,3\n1/3\n", "thidua.data.132", 2, 2, "row 2 has 1 judgments");
  expect_problem(",A,B\n", "thidua.data.132", 1, 0, "no rows of judgments");
}

TEST(AuditAhpErrors, NotReciprocalNamesBothCells) {
  expect_problem("1,3,5\n1/3,1,3\n1/5,0.5,1\n", "thidua.data.133", 3, 2,
                 "row 2, column 3 is 3 but row 3, column 2 is 0.5: expected 1/3");
  expect_problem(",A,B\nA,1,1/4\nB,2,1\n", "thidua.data.133", 3, 2,
                 "row 1 (A), column 2 (B) is 1/4 but row 2 (B), column 1 (A) is 2: expected 4");
  expect_problem("1,3\n3,1\n", "thidua.data.133", 2, 1, "expected 1/3");
  expect_problem("1,2\n1/2,2\n", "thidua.data.133", 2, 2, "row 2, column 2 is 2: the diagonal must be 1");
  // The same problem in the CLI's file, with its position.
  thidua::diagnostics out;
  EXPECT_FALSE(thidua::audit::load_pairwise(ahp_data + "not-reciprocal.csv", out));
  ASSERT_EQ(out.count(), 1U);
  EXPECT_EQ(out.items()[0].to_string(),
            "[thidua.data.133] " + ahp_data +
                "not-reciprocal.csv:4:3: row 2 (B), column 3 (C) is 3 but row 3 (C), column 2 (B) is 0.5: expected 1/3");
}

TEST(AuditAhpErrors, BadCells) {
  expect_problem("1,0\n1,1\n", "thidua.data.134", 1, 2, "row 1, column 2 = 0 is zero");
  expect_problem("1,-2\n-1/2,1\n", "thidua.data.134", 1, 2, "= -2 is negative");
  expect_problem("1,NaN\n1,1\n", "thidua.data.134", 1, 2, "= NaN is not a finite number");
  expect_problem("1,2\ninf,1\n", "thidua.data.134", 2, 1, "= inf is not a finite number");
  expect_problem("1,abc\n1,1\n", "thidua.data.134", 1, 2, "= \"abc\" is not a judgment");
  expect_problem("1,1/0\n1,1\n", "thidua.data.134", 1, 2, "= 1/0 divides by zero");
  expect_problem("1,,3\n1,1,1\n1/3,1,1\n", "thidua.data.134", 1, 2, "row 1, column 2 is empty");
  expect_problem("1,1e3\n1,1\n", "thidua.data.134", 1, 2, "is not a judgment");
  // Every bad cell is reported, not just the first.
  EXPECT_EQ(problems_of("1,0,x\n1,1,-1\n1,1,1\n").size(), 3U);
}

TEST(AuditAhpErrors, Labels) {
  expect_problem(",A,B\nA,1,2\nC,1/2,1\n", "thidua.data.135", 3, 1,
                 "the label column says \"C\" on row 2 but the label row says \"B\" in column 2");
  expect_problem(",A,A\nA,1,2\nA,1/2,1\n", "thidua.data.135", 1, 3, "label \"A\" appears twice");
  expect_problem(",A,B,C\nA,1,2\nB,1/2,1\n", "thidua.data.135", 1, 4, "the label row names 3 elements");
  expect_problem("A,B,C\n1,2\n1/2,1\n", "thidua.data.135", 1, 3, "expected 2 labels");
}

TEST(AuditAhpErrors, FileProblemsReuseTheCommonIds) {
  expect_problem("", "thidua.data.101", 0, 0);
  expect_problem("\xEF\xBB\xBF\n\n", "thidua.data.101", 0, 0);
  expect_problem(",A\xFF,B\nA,1,2\nB,1/2,1\n", "thidua.data.102", 1, 2);
  expect_problem("1,\"2\n1/2,1\n", "thidua.data.115", 1, 2);
  thidua::diagnostics out;
  EXPECT_FALSE(thidua::audit::load_pairwise(ahp_data + "no-such-matrix.csv", out));
  ASSERT_EQ(out.count(), 1U);
  EXPECT_EQ(out.items()[0].id(), "thidua.io.101");
  try {
    (void)thidua::audit::load_pairwise(ahp_data + "no-such-matrix.csv");
    FAIL() << "expected input_error";
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().id(), "thidua.io.101");
  }
}

TEST(AuditAhpErrors, InMemoryMatricesAreCheckedToo) {
  pairwise_matrix m;
  m.n = 2;
  m.cells = {1, 3, 0.5, 1};
  try {
    (void)ahp(m);
    FAIL() << "expected input_error";
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().id(), "thidua.data.133");
    EXPECT_NE(e.first().message.find("row 1, column 2 is 3 but row 2, column 1 is 1/2: expected 1/3"), std::string::npos)
        << e.first().message;
  }
  m.cells = {1, std::nan(""), 1, 1};
  EXPECT_THROW((void)ahp(m), thidua::input_error);
  m.cells = {1, 2, 0.5};
  try {
    (void)ahp(m);
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().id(), "thidua.data.132");
  }
}

// ------------------------------------------------------------------ reciprocity tolerance

TEST(AuditAhpTolerance, RoundedReciprocalsAreAccepted) {
  // |a·b − 1| ≤ 0.01, or the smaller one is 1/(the other) rounded to the decimals written (≥ 2).
  for (const char* ok : {"0.33", "0.333", "\"0,33\"", "0.3366"}) {
    const auto p = problems_of(std::string("1,3\n") + ok + ",1\n");
    EXPECT_TRUE(p.empty()) << ok << ": " << (p.empty() ? "" : p[0].message);
  }
  for (const char* ok : {"0.14", "0.143", "0.1429"}) EXPECT_TRUE(problems_of(std::string("1,7\n") + ok + ",1\n").empty()) << ok;
  for (const char* ok : {"0.13", "0.12", "0.125"}) EXPECT_TRUE(problems_of(std::string("1,8\n") + ok + ",1\n").empty()) << ok;
  EXPECT_TRUE(problems_of("1,0.11\n9,1\n").empty());
  EXPECT_TRUE(problems_of("1,1.5\n0.67,1\n").empty());  // 1.005
  EXPECT_TRUE(problems_of("1.01,2\n0.5,0.99\n").empty());  // a diagonal within 0.01
}

TEST(AuditAhpTolerance, TypingMistakesAreRejected) {
  for (const char* bad : {"0.3", "0.34", "0.3367", "0.5", "3"})
    EXPECT_EQ(problems_of(std::string("1,3\n") + bad + ",1\n").size(), 1U) << bad;
  EXPECT_EQ(problems_of("1,8\n0.11,1\n").size(), 1U);   // 0.88, and 1/8 rounds to 0.13
  EXPECT_EQ(problems_of("1,7\n0.15,1\n").size(), 1U);   // 1.05
  EXPECT_EQ(problems_of("1.02,2\n0.5,1\n").size(), 1U); // diagonal
}

TEST(AuditAhpTolerance, TheJudgmentAtLeastOneIsKeptAsWritten) {
  const auto m = parse_pairwise("1,0.33,1.5\n3,1,2\n0.67,0.5,1\n");
  EXPECT_DOUBLE_EQ(m.at(1, 0), 3.0);
  EXPECT_DOUBLE_EQ(m.at(0, 1), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(m.at(0, 2), 1.5);
  EXPECT_DOUBLE_EQ(m.at(2, 0), 1.0 / 1.5);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) EXPECT_DOUBLE_EQ(m.at(i, j) * m.at(j, i), 1.0);
}

// ------------------------------------------------------------------ group AHP

TEST(AuditAhpGroup, GeometricMeanOfTwoExperts) {
  // a: x/y 2, x/z 4, y/z 2. b (labels y, x, z in its own order): x/y 8, x/z 1, y/z 2.
  const auto a = thidua::audit::load_pairwise(ahp_data + "expert-a.csv");
  const auto b = thidua::audit::load_pairwise(ahp_data + "expert-b.csv");
  EXPECT_EQ(b.labels, (std::vector<std::string>{"y", "x", "z"}));
  const auto g = thidua::audit::group_geometric_mean({a, b});
  EXPECT_EQ(g.labels, (std::vector<std::string>{"x", "y", "z"}));
  EXPECT_EQ(g.experts, 2U);
  // By hand: x/y = √(2·8) = 4, x/z = √(4·1) = 2, y/z = √(2·2) = 2.
  EXPECT_NEAR(g.at(0, 1), 4.0, 1e-12);
  EXPECT_NEAR(g.at(0, 2), 2.0, 1e-12);
  EXPECT_NEAR(g.at(1, 2), 2.0, 1e-12);
  EXPECT_NEAR(g.at(1, 0), 0.25, 1e-12);
  EXPECT_NEAR(g.at(2, 1), 0.5, 1e-12);
  const auto r = ahp(g);
  const auto by_hand = ahp(parse_pairwise("1,4,2\n1/4,1,2\n1/2,1/2,1\n"));
  expect_weights(r.weights, by_hand.weights, 1e-12);
  EXPECT_NEAR(r.cr, by_hand.cr, 1e-12);
  EXPECT_EQ(r.experts, 2U);
}

TEST(AuditAhpGroup, ExpertsMustCompareTheSameElements) {
  const auto a = parse_pairwise(",x,y\nx,1,2\ny,1/2,1\n", "a.csv");
  const auto c = parse_pairwise(",x,w\nx,1,2\nw,1/2,1\n", "c.csv");
  try {
    (void)thidua::audit::group_geometric_mean({a, c});
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().id(), "thidua.data.135");
    EXPECT_EQ(e.first().where.file, "c.csv");
    EXPECT_NE(e.first().message.find("labels w are not in the first matrix (x, y)"), std::string::npos)
        << e.first().message;
  }
  const auto big = parse_pairwise("1,2,2\n1/2,1,1\n1/2,1,1\n", "big.csv");
  try {
    (void)thidua::audit::group_geometric_mean({a, big});
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().id(), "thidua.data.132");
    EXPECT_EQ(e.first().where.file, "big.csv");
  }
}

// ------------------------------------------------------------------ inconsistency ranking

TEST(AuditAhpInconsistency, ThePlantedJudgmentComesFirstAndItsValueRestoresConsistency) {
  // Consistent with weights 8 : 4 : 2 : 1, except a_14 = 1/2 (it should be 8).
  const auto m = parse_pairwise(",a,b,c,d\na,1,2,4,1/2\nb,1/2,1,2,4\nc,1/4,1/2,1,2\nd,2,1/4,1/2,1\n");
  const auto r = ahp(m);
  EXPECT_GT(r.cr, 0.10);
  ASSERT_EQ(r.inconsistent.size(), 3U);
  const auto& first = r.inconsistent[0];
  EXPECT_EQ(first.row, 0U);
  EXPECT_EQ(first.column, 3U);
  EXPECT_EQ(first.value, 0.5);
  EXPECT_NEAR(first.error, first.value * r.weights[3] / r.weights[0], 1e-15);
  EXPECT_NEAR(first.implied_value, r.weights[0] / r.weights[3], 1e-15);
  EXPECT_NEAR(first.consistent_value, 8.0, 1e-9);
  EXPECT_LT(first.cr_if_changed, 1e-12);
  for (std::size_t k = 1; k < r.inconsistent.size(); ++k) {
    EXPECT_LE(std::fabs(std::log(r.inconsistent[k].error)), std::fabs(std::log(r.inconsistent[k - 1].error)));
    EXPECT_GT(r.inconsistent[k].cr_if_changed, 1e-6);  // no other single change repairs it
  }
  ahp_options o;
  o.top_inconsistent = 1;
  EXPECT_EQ(ahp(m, o).inconsistent.size(), 1U);
}

TEST(AuditAhpInconsistency, AConsistentMatrixListsNothing) {
  const auto r = ahp(parse_pairwise("1,2,4,8\n1/2,1,2,4\n1/4,1/2,1,2\n1/8,1/4,1/2,1\n"));
  expect_weights(r.weights, {8.0 / 15, 4.0 / 15, 2.0 / 15, 1.0 / 15}, 1e-12);
  EXPECT_NEAR(r.lambda_max, 4.0, 1e-12);
  EXPECT_LT(r.cr, 1e-12);
  EXPECT_TRUE(r.inconsistent.empty());
}

// ------------------------------------------------------------------ --write-scheme

TEST(AuditAhpScheme, FamilyWeightsLandInACopyThatLoads) {
  const fs::path out = ahp_temp("families.toml");
  fs::remove(out);
  const auto m = thidua::audit::load_pairwise(ahp_data + "families.csv");
  const auto r = ahp(m);
  const auto plan = thidua::audit::write_scheme_with_weights(ahp_data + "scheme.toml", m, r.weights, out);
  EXPECT_EQ(plan.what, thidua::audit::scheme_weights::level::families);
  EXPECT_EQ(plan.ids, (std::vector<std::string>{"chuyen_mon", "dan_van", "phong_trao"}));
  const auto s = thidua::load_scheme(out);
  thidua::decimal sum;
  for (std::size_t f = 0; f < 3; ++f) {
    ASSERT_TRUE(s.families[f].weight.has_value());
    EXPECT_EQ(*s.families[f].weight, plan.values[f]);
    EXPECT_NEAR(s.families[f].weight->to_double(), 100 * r.weights[f], 0.0001);
    sum += *s.families[f].weight;
  }
  EXPECT_EQ(sum, thidua::decimal::from_int(100));  // exact
  // Everything but the three numbers is byte-identical: comments, order, spacing.
  const std::string before = slurp_file(ahp_data + "scheme.toml"), after = slurp_file(out);
  EXPECT_NE(after.find("weight = " + plan.values[0].to_short_string() + "   # to be derived by AHP\n"),
            std::string::npos)
      << after;
  std::string expected = before;
  for (const auto& [from, k] : {std::pair<std::string, std::size_t>{"weight = 50", 0}, {"weight = 30", 1},
                                {"weight = 20", 2}})
    expected.replace(expected.find(from), from.size(), "weight = " + plan.values[k].to_short_string());
  EXPECT_EQ(after, expected);
  // The in-memory copy says the same.
  const auto copy = thidua::audit::with_weights(thidua::load_scheme(ahp_data + "scheme.toml"), plan);
  for (std::size_t f = 0; f < 3; ++f) EXPECT_EQ(copy.families[f].weight, s.families[f].weight);
}

TEST(AuditAhpScheme, CriterionMaximaFollowTheStepsAndScaleTheTiers) {
  const fs::path out = ahp_temp("criteria.toml");
  fs::remove(out);
  const auto m = thidua::audit::load_pairwise(ahp_data + "criteria-cm.csv");
  const auto r = ahp(m);
  const auto plan = thidua::audit::write_scheme_with_weights(ahp_data + "scheme.toml", m, r.weights, out);
  EXPECT_EQ(plan.what, thidua::audit::scheme_weights::level::criteria);
  EXPECT_EQ(plan.family, "chuyen_mon");
  const auto s = thidua::load_scheme(out);
  const auto& cm1 = s.criteria[static_cast<std::size_t>(s.find_criterion("CM1"))];
  const auto& cm2 = s.criteria[static_cast<std::size_t>(s.find_criterion("CM2"))];
  const auto& cm3 = s.criteria[static_cast<std::size_t>(s.find_criterion("CM3"))];
  // The family's share is its weight, 50; CM1 has step 0.5, so every max is on a 0.5 grid.
  EXPECT_EQ(cm1.max + cm2.max + cm3.max, thidua::decimal::from_int(50));
  for (const auto* c : {&cm1, &cm2, &cm3}) EXPECT_EQ(c->max.units() % 5000, 0) << c->id;
  EXPECT_NEAR(cm1.max.to_double(), 50 * r.weights[0], 0.5);
  EXPECT_EQ(cm1.max, plan.values[0]);
  // Tiers scaled by new max ÷ old max (10): the best tier still gives the maximum.
  ASSERT_EQ(cm2.tiers.size(), 3U);
  EXPECT_EQ(cm2.tiers[0].points, cm2.max);
  EXPECT_EQ(cm2.tiers[1].points, thidua::mul_div(thidua::decimal::from_int(6), cm2.max, thidua::decimal::from_int(10),
                                                 thidua::rounding::half_up));
  EXPECT_EQ(s.families[0].weight, std::optional<thidua::decimal>(thidua::decimal::from_int(50)));  // untouched
}

TEST(AuditAhpScheme, MissingFamilyWeightsAreAdded) {
  const fs::path out = ahp_temp("unweighted.toml");
  const auto m = parse_pairwise(",a,b\na,1,4\nb,1/4,1\n", "ab.csv");
  const auto r = ahp(m);
  (void)thidua::audit::write_scheme_with_weights(ahp_data + "scheme-unweighted.toml", m, r.weights, out);
  const auto s = thidua::load_scheme(out);
  EXPECT_EQ(s.families[0].weight, std::optional<thidua::decimal>(thidua::decimal::from_int(80)));
  EXPECT_EQ(s.families[1].weight, std::optional<thidua::decimal>(thidua::decimal::from_int(20)));
  EXPECT_NE(slurp_file(out).find("{ id = \"a\", weight = 80, name = \"Nhóm A\" }"), std::string::npos) << slurp_file(out);
  // A standard [[family]] table gets its own line after the id.
  const std::string toml =
      "[scheme]\nid = \"x\"\nscale = 10\n[[family]]\nid = \"a\"\n[[family]]\nid = \"b\"\n"
      "[[criterion]]\nid = \"A1\"\nfamily = \"a\"\nmax = 5\n[[criterion]]\nid = \"B1\"\nfamily = \"b\"\nmax = 5\n"
      "[[class]]\nid = \"c\"\nname = \"C\"\nmin = 0";
  thidua::audit::scheme_weights plan;
  plan.ids = {"a", "b"};
  plan.values = {thidua::points("7.5"), thidua::points("2.5")};
  const std::string rewritten = thidua::audit::rewrite_scheme_text(toml, "x.toml", plan);
  EXPECT_NE(rewritten.find("[[family]]\nid = \"a\"\nweight = 7.5\n[[family]]\nid = \"b\"\nweight = 2.5\n"),
            std::string::npos)
      << rewritten;
}

TEST(AuditAhpScheme, LabelsMustBeTheSchemesFamiliesOrOneFamilysCriteria) {
  const auto s = thidua::load_scheme(ahp_data + "scheme.toml");
  const auto expect_labels_error = [&](const std::string& csv, const std::string& text, std::uint32_t column) {
    const auto m = parse_pairwise(csv, "w.csv");
    try {
      (void)thidua::audit::plan_weights(s, m, ahp(m).weights);
      FAIL() << csv;
    } catch (const thidua::input_error& e) {
      EXPECT_EQ(e.first().id(), "thidua.data.135");
      EXPECT_EQ(e.first().where.file, "w.csv");
      EXPECT_EQ(e.first().where.column, column) << e.first().to_string();
      EXPECT_NE(e.first().message.find(text), std::string::npos) << e.first().message;
    }
  };
  expect_labels_error(",chuyen_mon,dan_van\nchuyen_mon,1,2\ndan_van,1/2,1\n", "missing: phong_trao", 0 + 2);
  expect_labels_error(",chuyen_mon,dan_van,xyz\nchuyen_mon,1,2,2\ndan_van,1/2,1,2\nxyz,1/2,1/2,1\n",
                      "not among them (or repeated): xyz", 4);
  expect_labels_error(",CM1,DV1\nCM1,1,2\nDV1,1/2,1\n", "every criterion of family chuyen_mon (CM1, CM2, CM3)", 3);
  expect_labels_error(",p,q\np,1,2\nq,1/2,1\n", "none of the labels (p, q)", 2);
  const auto unlabelled = parse_pairwise("1,2\n1/2,1\n", "w.csv");
  try {
    (void)thidua::audit::plan_weights(s, unlabelled, {0.5, 0.5});
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().id(), "thidua.data.135");
    EXPECT_NE(e.first().message.find("the matrix has no labels"), std::string::npos);
  }
  // Names work as well as ids.
  const auto by_name = parse_pairwise(
      ",Công tác chuyên môn,Công tác dân vận,Phong trào thi đua\nCông tác chuyên môn,1,1,1\n"
      "Công tác dân vận,1,1,1\nPhong trào thi đua,1,1,1\n",
      "names.csv");
  const auto plan = thidua::audit::plan_weights(s, by_name, ahp(by_name).weights);
  // 100 / 3 on a 0.0001 grid: 33.3334 + 33.3333 + 33.3333 (the remainder to the first in scheme order).
  EXPECT_EQ(plan.values, (std::vector<thidua::decimal>{thidua::points("33.3334"), thidua::points("33.3333"),
                                                       thidua::points("33.3333")}));
}

// ------------------------------------------------------------------ writer and command line

TEST(AuditAhpWriter, JsonHasTheContractKeys) {
  std::ostringstream out;
  thidua::audit::write_ahp(out, ahp(thidua::audit::load_pairwise(ahp_data + "saaty-house-criteria.csv")),
                           thidua::output_format::json);
  const auto j = nlohmann::json::parse(out.str());
  for (const char* key : {"weights", "weights_geometric", "lambda_max", "ci", "cr", "random_index", "ri_table",
                          "consistent", "labels", "n", "inconsistent_judgments"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["weights"].size(), 8U);
  EXPECT_EQ(j["ri_table"]["name"], "saaty");
  EXPECT_EQ(j["ri_table"]["values"].size(), 15U);
  EXPECT_FALSE(j["ri_table"]["source"].get<std::string>().empty());
  EXPECT_EQ(j["consistent"], false);
  EXPECT_EQ(j["random_index"], 1.41);
  const auto& first = j["inconsistent_judgments"][0];
  EXPECT_EQ(first["row"], 3);  // 1-based in JSON
  EXPECT_EQ(first["column"], 7);
  EXPECT_EQ(first["labels"], (nlohmann::json{"neighborhood", "condition"}));
  for (const char* key : {"value", "consistent_value", "cr_if_changed"}) EXPECT_TRUE(first.contains(key)) << key;
}

TEST(AuditAhpWriter, TableAndCsvInVietnamese) {
  const auto r = ahp(thidua::audit::load_pairwise(ahp_data + "saaty-house-criteria.csv"));
  std::ostringstream table;
  thidua::audit::write_ahp(table, r, thidua::output_format::table);
  for (const char* text : {"Trọng số (vectơ riêng)", "Trọng số (trung bình nhân)", "λmax = 9.6689", "CI   = 0.2384",
                           "CR   = 0.1691", "Không nhất quán", "Bảng RI saaty (n = 1..15): 0, 0, 0.58",
                           "hàng neighborhood, cột condition: 6"})
    EXPECT_NE(table.str().find(text), std::string::npos) << text << "\n" << table.str();
  std::ostringstream csv;
  thidua::audit::write_ahp(csv, r, thidua::output_format::csv);
  EXPECT_EQ(csv.str().substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.str().find("financing,0.333189,"), std::string::npos) << csv.str();
  std::ostringstream two;
  thidua::audit::write_ahp(two, ahp(parse_pairwise("1,3\n1/3,1\n")), thidua::output_format::table);
  EXPECT_NE(two.str().find("theo quy ước CI = CR = 0"), std::string::npos) << two.str();
  std::ostringstream big;
  thidua::audit::write_ahp(big, ahp(nearly_consistent(16)), thidua::output_format::table);
  EXPECT_NE(big.str().find("theo công thức Alonso–Lamata"), std::string::npos) << big.str();
  EXPECT_NE(big.str().find("bảng saaty chỉ có đến n = 15"), std::string::npos) << big.str();
}

struct cli_result {
  int status = -1;
  std::string out, err;
};

cli_result run_cli(const std::string& args) {
  static int counter = 0;
  const fs::path out = ahp_temp("out" + std::to_string(counter)), err = ahp_temp("err" + std::to_string(counter++));
  const std::string cmd = std::string(THIDUA_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int raw = std::system(cmd.c_str());
  cli_result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp_file(out);
  r.err = slurp_file(err);
  return r;
}

TEST(AuditAhpCli, JsonContract) {
  const auto r = run_cli("audit ahp " + ahp_data + "saaty-drinks.csv --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"weights", "weights_geometric", "lambda_max", "ci", "cr", "random_index", "ri_table",
                          "consistent"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["consistent"], true);
  EXPECT_NEAR(j["weights"][6].get<double>(), 0.327, 0.0005);
  const auto al = run_cli("audit ahp " + ahp_data + "saaty-drinks.csv --format json --ri alonso-lamata");
  ASSERT_EQ(al.status, 0) << al.err;
  EXPECT_EQ(nlohmann::json::parse(al.out)["random_index"], 1.3417);
}

TEST(AuditAhpCli, BadMatrixExitsTwoWithIdAndWritesNothing) {
  const fs::path out = ahp_temp("never.json");
  fs::remove(out);
  const auto r = run_cli("audit ahp " + ahp_data + "not-reciprocal.csv --format json --out " + out.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("[thidua.data.133] " + ahp_data + "not-reciprocal.csv:4:3:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(r.out.empty());
  const auto unknown = run_cli("audit ahp " + ahp_data + "saaty-drinks.csv --ri noble");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("[thidua.usage.101]"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("saaty, saaty2008 or alonso-lamata"), std::string::npos) << unknown.err;
  const auto none = run_cli("audit ahp");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("[thidua.usage.102]"), std::string::npos) << none.err;
  const auto missing_to = run_cli("audit ahp " + ahp_data + "families.csv --write-scheme " + ahp_data + "scheme.toml");
  EXPECT_EQ(missing_to.status, 2);
  EXPECT_NE(missing_to.err.find("--to OUT.toml"), std::string::npos) << missing_to.err;
}

TEST(AuditAhpCli, GroupAndWriteScheme) {
  const auto g = run_cli("audit ahp " + ahp_data + "expert-a.csv " + ahp_data + "expert-b.csv");
  ASSERT_EQ(g.status, 0) << g.err;
  EXPECT_NE(g.out.find("trung bình nhân của 2 ma trận"), std::string::npos) << g.out;
  const fs::path to = ahp_temp("cli-scheme.toml");
  fs::remove(to);
  const auto w = run_cli("audit ahp " + ahp_data + "families.csv --write-scheme " + ahp_data + "scheme.toml --to " +
                         to.string() + " --format json");
  ASSERT_EQ(w.status, 0) << w.err;
  EXPECT_NE(w.err.find("đã ghi trọng số các nhóm tiêu chí"), std::string::npos) << w.err;
  const auto s = thidua::load_scheme(to);
  const auto j = nlohmann::json::parse(w.out);
  EXPECT_NEAR(s.families[0].weight->to_double(), 100 * j["weights"][0].get<double>(), 0.0001);
  const auto help = run_cli("audit ahp --help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("--write-scheme"), std::string::npos);
}

}  // namespace
