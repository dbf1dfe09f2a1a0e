// Objective weights (entropy, CRITIC, standard deviation, MEREC) and aggregation methods
// (weighted product, TOPSIS, VIKOR): each reproduces a published worked example (source next to
// each test), then the conventions for degenerate data, then the audits on the bundled sample
// and through the command line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "audit/mcdm.hpp"
#include "thidua/audit/objective.hpp"
#include "thidua/engine.hpp"
#include "thidua/io.hpp"

namespace {

using namespace thidua::audit::detail;

Eigen::MatrixXd matrix(std::initializer_list<std::initializer_list<double>> rows) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.begin()->size()));
  Eigen::Index i = 0;
  for (const auto& row : rows) {
    Eigen::Index j = 0;
    for (double v : row) m(i, j++) = v;
    ++i;
  }
  return m;
}

Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(v.size()));
  Eigen::Index k = 0;
  for (double x : v) out(k++) = x;
  return out;
}

void expect_near(const Eigen::VectorXd& got, const Eigen::VectorXd& want, double tolerance, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (Eigen::Index k = 0; k < got.size(); ++k) EXPECT_NEAR(got(k), want(k), tolerance) << what << " [" << k << "]";
}

// ------------------------------------------------------------------ entropy

// Zavadskas, Cavallaro, Podvezko, Ubarte & Kaklauskas (2017), "MCDM Assessment of a Healthy and
// Safe Built Environment According to Sustainable Development Principles", Sustainability 9(5),
// 702, doi:10.3390/su9050702: Table 4 (21 Vilnius neighbourhoods, the five economic criteria)
// and Table 8, column "Entropy" (weights 0.1879, 0.2970, 0.0308, 0.2196, 0.2648). The paper
// prints these five values against permuted criterion labels; by the data 0.0308 belongs to
// housing prices, the most homogeneous column. Below, the published values in Table 4's column
// order: housing price, population density, single-family density, blocks of flats, jobs.
TEST(AuditObjectiveEntropy, ReproducesZavadskas2017) {
  const std::vector<std::vector<double>> columns = {
      {1888.34, 1154.10, 676.10, 1080.61, 1222.06, 1190.30, 1711.44, 967.13, 854.64, 950.14, 1136.80,
       1243.52, 1601.00, 2221.89, 1055.02, 1481.19, 1205.37, 1175.03, 1582.93, 2153.47, 1612.65},
      {504.40, 9697.32, 1580.99, 9215.44, 6817.50, 3019.13, 4840.00, 758.42, 793.16, 91.12, 4031.22,
       1472.46, 834.41, 4321.56, 7121.14, 757.93, 2072.43, 5893.20, 5455.29, 4103.33, 4917.31},
      {44.62, 106.59, 76.90, 39.26, 11.50, 54.66, 116.04, 40.54, 89.03, 19.11, 74.88,
       48.84, 97.48, 186.22, 55.00, 70.87, 38.54, 22.80, 23.18, 256.30, 188.78},
      {3.60, 42.20, 14.79, 86.58, 12.75, 14.17, 33.54, 6.18, 8.22, 1.04, 13.29,
       7.68, 9.37, 40.67, 41.36, 5.03, 11.55, 31.60, 27.65, 72.59, 56.09},
      {18.20, 9.30, 2.00, 4.60, 7.20, 7.20, 94.60, 21.50, 11.00, 41.70, 10.70,
       6.00, 7.70, 49.20, 9.20, 22.30, 9.50, 7.30, 37.90, 10.40, 21.50}};
  Eigen::MatrixXd x(21, 5);
  for (Eigen::Index j = 0; j < 5; ++j)
    for (Eigen::Index i = 0; i < 21; ++i) x(i, j) = columns[static_cast<std::size_t>(j)][static_cast<std::size_t>(i)];
  expect_near(entropy_weights(x), vec({0.0308, 0.2196, 0.1879, 0.2648, 0.2970}), 1e-4, "entropy");
}

TEST(AuditObjectiveEntropy, ZeroCellsCountZeroAndAnAllZeroColumnWeighsNothing) {
  // Column 0: {1, 0} → p = {1, 0}, e = 0 (0 · ln 0 = 0), d = 1. Column 1: {1, 1}, e = 1.
  // Column 2 all zero: e = 1 by convention. Only column 0 carries information.
  expect_near(entropy_weights(matrix({{1, 1, 0}, {0, 1, 0}})), vec({1, 0, 0}), 1e-12, "entropy");
  // Nothing informative at all: equal weights.
  expect_near(entropy_weights(matrix({{1, 0}, {1, 0}})), vec({0.5, 0.5}), 1e-12, "degenerate");
}

// ------------------------------------------------------------------ CRITIC

// Krishnan, Kasim, Hamid & Ghazali (2021), "A Modified CRITIC Method to Estimate the Objective
// Weights of Decision Criteria", Symmetry 13(6), 973, doi:10.3390/sym13060973: Table 1 (five
// smartphones; price, thickness and mass are cost criteria), Table 2 (σ of the normalised
// columns) and Table 5, column "CRITIC" (the original method of Diakoulaki et al. 1995).
TEST(AuditObjectiveCritic, ReproducesKrishnan2021) {
  const Eigen::MatrixXd x = matrix({{649, 4.7, 326, 7.1, 143},
                                    {749, 5.5, 401, 7.3, 192},
                                    {740, 5.7, 520, 7.6, 171},
                                    {400, 5.7, 520, 11.1, 179},
                                    {600, 5.5, 538, 8.9, 152}});
  const std::vector<bool> cost = {true, false, false, true, true};
  const critic_result c = critic_weights(x, cost);
  expect_near(c.sigma, vec({0.4062, 0.4147, 0.4394, 0.4161, 0.4063}), 5.1e-5, "sigma");
  expect_near(c.weights, vec({0.1872, 0.1838, 0.1691, 0.2599, 0.2000}), 5.1e-5, "weights");
}

TEST(AuditObjectiveCritic, AConstantCriterionWeighsNothingAndIsLeftOutOfTheOthers) {
  const Eigen::MatrixXd with = matrix({{1, 5, 2}, {2, 5, 9}, {4, 5, 3}, {3, 5, 1}});
  const Eigen::MatrixXd without = matrix({{1, 2}, {2, 9}, {4, 3}, {3, 1}});
  const auto a = critic_weights(with).weights, b = critic_weights(without).weights;
  EXPECT_EQ(a(1), 0.0);
  EXPECT_NEAR(a(0), b(0), 1e-12);  // adding a constant column changes nothing
  EXPECT_NEAR(a(2), b(1), 1e-12);
}

// ------------------------------------------------------------------ standard deviation

// Mukhametzyanov (2021), "Specific character of objective methods for determining weights of
// criteria in MCDM problems: Entropy, CRITIC, SD", Decision Making: Applications in Management
// and Engineering 4(2), 76–105, doi:10.31181/dmame210402076i: Table 1 (DM-1 and DM-2, eight
// alternatives × five criteria; criteria 2 and 5 are cost criteria), Table 2 block "SD".
TEST(AuditObjectiveStdDev, ReproducesMukhametzyanov2021) {
  const std::vector<bool> cost = {false, true, false, false, true};
  const Eigen::MatrixXd dm1 = matrix({{71, 4500, 150, 1056, 478},
                                      {85, 5800, 145, 2680, 564},
                                      {76, 5600, 135, 1230, 620},
                                      {74, 4200, 160, 1480, 448},
                                      {82, 6200, 183, 1350, 615},
                                      {81, 6000, 178, 2065, 580},
                                      {80, 5900, 160, 1650, 610},
                                      {85, 6500, 140, 1650, 667}});
  expect_near(std_dev_weights(dm1, cost), vec({0.210, 0.203, 0.207, 0.183, 0.196}), 5.1e-4, "DM-1");
  const Eigen::MatrixXd dm2 = matrix({{83, 5322, 170, 1682, 500},
                                      {84, 6021, 155, 2140, 513},
                                      {76, 4219, 155, 1613, 454},
                                      {73, 6154, 157, 2047, 582},
                                      {78, 5453, 173, 2136, 598},
                                      {82, 6030, 174, 1238, 587},
                                      {80, 4344, 172, 1365, 507},
                                      {77, 6114, 158, 1585, 592}});
  expect_near(std_dev_weights(dm2, cost), vec({0.175, 0.206, 0.231, 0.195, 0.192}), 5.1e-4, "DM-2");
  // Table 4, row "Max-Min": σ of DM-1's normalised columns.
  expect_near(critic_weights(dm1, cost).sigma, vec({0.366, 0.354, 0.361, 0.319, 0.341}), 5.1e-4, "sigma");
}

// ------------------------------------------------------------------ MEREC

// Keshavarz-Ghorabaee, Amiri, Zavadskas, Turskis & Antucheviciene (2021), "Determination of
// Objective Weights Using a New Method Based on the Removal Effects of Criteria (MEREC)",
// Symmetry 13(4), 525, doi:10.3390/sym13040525. Section 4.1, illustrative example: Table 2
// (input; C1, C2 benefit, C3, C4 cost), Table 3 (normalised), S_i (Step 3) and the weights of
// Step 6: 0.5752, 0.0141, 0.4016, 0.0091.
TEST(AuditObjectiveMerec, ReproducesTheIllustrativeExample) {
  const Eigen::MatrixXd x =
      matrix({{450, 8000, 54, 145}, {10, 9100, 2, 160}, {100, 8200, 31, 153}, {220, 9300, 1, 162}, {5, 8400, 23, 158}});
  const merec_result r = merec_weights(x, {false, false, true, true});
  EXPECT_NEAR(r.normalised(0, 0), 0.011, 5e-4);
  EXPECT_NEAR(r.normalised(1, 0), 0.500, 5e-4);
  EXPECT_NEAR(r.normalised(0, 3), 0.895, 5e-4);
  expect_near(r.s, vec({0.77, 0.71, 0.65, 1.09, 0.21}), 5e-3, "S");
  EXPECT_NEAR(r.s_removed(0, 0), 0.03, 5e-3);
  EXPECT_NEAR(r.s_removed(3, 1), 1.08, 5e-3);
  expect_near(r.weights, vec({0.5752, 0.0141, 0.4016, 0.0091}), 5e-5, "weights");
}

// The same paper, Section 4.2: Table 5 (input, ten alternatives × seven criteria; C1–C3 benefit,
// C4–C7 cost) and Table 6, column "MEREC" (three decimals).
TEST(AuditObjectiveMerec, ReproducesTheComparativeExample) {
  const Eigen::MatrixXd x = matrix({{23, 264, 2.37, 0.05, 167, 8900, 8.71},
                                    {20, 220, 2.2, 0.04, 171, 9100, 8.23},
                                    {17, 231, 1.98, 0.15, 192, 10800, 9.91},
                                    {12, 210, 1.73, 0.2, 195, 12300, 10.21},
                                    {15, 243, 2, 0.14, 187, 12600, 9.34},
                                    {14, 222, 1.89, 0.13, 180, 13200, 9.22},
                                    {21, 262, 2.43, 0.06, 160, 10300, 8.93},
                                    {20, 256, 2.6, 0.07, 163, 11400, 8.44},
                                    {19, 266, 2.1, 0.06, 157, 11200, 9.04},
                                    {8, 218, 1.94, 0.11, 190, 13400, 10.11}});
  const merec_result r = merec_weights(x, {false, false, false, true, true, true, true});
  expect_near(r.weights, vec({0.324, 0.055, 0.086, 0.368, 0.044, 0.077, 0.045}), 5.1e-4, "weights");
}

TEST(AuditObjectiveMerec, AConstantCriterionHasNoRemovalEffect) {
  const merec_result r = merec_weights(matrix({{1, 2}, {1, 1}, {1, 1.5}}));
  EXPECT_EQ(r.effect(0), 0.0);
  EXPECT_NEAR(r.weights(1), 1.0, 1e-12);
}

// ------------------------------------------------------------------ TOPSIS

// Tzeng & Huang (2011), Multiple Attribute Decision Making: Methods and Applications, CRC Press,
// the TOPSIS worked example (four alternatives; durability, capacity, reliability, all benefit;
// weights 0.3, 0.4, 0.3): relative closeness 0.5037, 0.6581, 0.7482, 0.3340.
TEST(AuditMethodsTopsis, ReproducesTzengHuang2011) {
  const Eigen::MatrixXd x = matrix({{5, 8, 4}, {7, 6, 8}, {8, 8, 6}, {7, 4, 6}});
  expect_near(topsis(x, vec({0.3, 0.4, 0.3})), vec({0.5037, 0.6581, 0.7482, 0.3340}), 5.1e-5, "closeness");
}

TEST(AuditMethodsTopsis, NothingVariesGivesOneHalf) {
  expect_near(topsis(matrix({{1, 0}, {1, 0}}), vec({0.5, 0.5})), vec({0.5, 0.5}), 0, "closeness");
}

// ------------------------------------------------------------------ VIKOR

// Opricovic & Tzeng (2004), "Compromise solution by MCDM methods: A comparative analysis of
// VIKOR and TOPSIS", European Journal of Operational Research 156(2), 445–455,
// doi:10.1016/S0377-2217(03)00020-1: the numerical example (three alternatives; risk is a cost
// criterion, altitude a benefit; equal weights; v = 0.5). S = 0.5, 0.375, 0.5; R = 0.5, 0.25,
// 0.5; Q = 1, 0, 1; A2 is the compromise solution with both conditions met.
TEST(AuditMethodsVikor, ReproducesOpricovicTzeng2004) {
  const Eigen::MatrixXd x = matrix({{1, 3000}, {2, 3750}, {5, 4500}});
  const vikor_result v = vikor(x, vec({0.5, 0.5}), 0.5, {true, false});
  expect_near(v.s, vec({0.5, 0.375, 0.5}), 1e-12, "S");
  expect_near(v.r, vec({0.5, 0.25, 0.5}), 1e-12, "R");
  expect_near(v.q, vec({1, 0, 1}), 1e-12, "Q");
  const vikor_choice c = vikor_compromise(v);
  EXPECT_TRUE(c.acceptable_advantage);
  EXPECT_TRUE(c.acceptable_stability);
  EXPECT_EQ(c.compromise, (std::vector<std::size_t>{1}));
}

// Opricovic & Tzeng (2007), "Extended VIKOR method in comparison with outranking methods",
// European Journal of Operational Research 178(2), 514–529, doi:10.1016/j.ejor.2006.01.020:
// six hydro-power alternatives × eight criteria (cost, homes relocated, reservoir area, villages
// displaced are minimised), equal weights; Q, S and R to three decimals; A5 is the compromise.
TEST(AuditMethodsVikor, ReproducesOpricovicTzeng2007) {
  const Eigen::MatrixXd x = matrix({{4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41},
                                    {5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41},
                                    {5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42},
                                    {5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36},
                                    {5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04},
                                    {4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36}});
  const vikor_result v =
      vikor(x, Eigen::VectorXd::Constant(8, 1.0 / 8.0), 0.5, {false, true, false, false, true, true, true, false});
  expect_near(v.q, vec({0.991, 1.0, 0.473, 0.670, 0.0, 0.578}), 1e-3, "Q");
  expect_near(v.s, vec({0.692, 0.700, 0.290, 0.423, 0.280, 0.346}), 1e-3, "S");
  expect_near(v.r, vec({0.125, 0.125, 0.121, 0.125, 0.067, 0.125}), 1e-3, "R");
  const vikor_choice c = vikor_compromise(v);
  EXPECT_TRUE(c.acceptable_advantage);
  EXPECT_TRUE(c.acceptable_stability);
  EXPECT_EQ(c.compromise, (std::vector<std::size_t>{4}));
}

// Tzeng & Huang (2011), the VIKOR example on the TOPSIS data above: S = 0.6, 0.3, 0.15, 0.65;
// R = 0.3, 0.2, 0.15, 0.4; Q = 0.75, 0.25, 0, 1. A3 is best but Q(A2) − Q(A3) = 0.25 < 1/3
// (C1 fails), so the compromise set is {A3, A2}.
TEST(AuditMethodsVikor, ReproducesTzengHuang2011WithoutAcceptableAdvantage) {
  const Eigen::MatrixXd x = matrix({{5, 8, 4}, {7, 6, 8}, {8, 8, 6}, {7, 4, 6}});
  const vikor_result v = vikor(x, vec({0.3, 0.4, 0.3}));
  expect_near(v.s, vec({0.6, 0.3, 0.15, 0.65}), 1e-12, "S");
  expect_near(v.r, vec({0.3, 0.2, 0.15, 0.4}), 1e-12, "R");
  expect_near(v.q, vec({0.75, 0.25, 0, 1}), 1e-12, "Q");
  const vikor_choice c = vikor_compromise(v);
  EXPECT_FALSE(c.acceptable_advantage);
  EXPECT_TRUE(c.acceptable_stability);
  EXPECT_EQ(c.compromise, (std::vector<std::size_t>{2, 1}));
  // Restricted to a block {A1, A4}: J = 2, DQ = 1, Q(A4) − Q(A1) = 0.25 < 1: both.
  EXPECT_EQ(vikor_compromise(v, {0, 3}).compromise, (std::vector<std::size_t>{0, 3}));
}

// ------------------------------------------------------------------ weighted product

TEST(AuditMethodsProduct, ComputedByHand) {
  // √(1 × 0.25) = 0.5, √(0.5 × 0.5) = 0.5; 0.4^0.75 × 1^0.25 = 0.5029...
  expect_near(weighted_product(matrix({{1, 0.25}, {0.5, 0.5}}), vec({0.5, 0.5}), 1e-6), vec({0.5, 0.5}), 1e-12, "wpm");
  EXPECT_NEAR(weighted_product(matrix({{0.4, 1}}), vec({0.75, 0.25}), 1e-6)(0), std::pow(0.4, 0.75), 1e-12);
  // A zero counts as the floor: √(1e-6 × 1) = 0.001.
  EXPECT_NEAR(weighted_product(matrix({{0, 1}}), vec({0.5, 0.5}), 1e-6)(0), 1e-3, 1e-15);
}

// ------------------------------------------------------------------ the audits on the sample

const std::string sample_scheme = THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml";
const std::string sample_scores = THIDUA_EXAMPLES_DATA "/diem-hoi-dong.csv";

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

TEST(AuditObjective, SampleWeightsEachAddUpToOneHundred) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto sh = thidua::load_sheet(s, sample_scores);
  const auto r = thidua::audit::audit_objective(s, sh);
  EXPECT_EQ(r.subjects, 59U);  // 60 schools, one excluded by a veto
  ASSERT_EQ(r.criteria.size(), 15U);
  EXPECT_EQ(r.criteria[0], "CM1");
  EXPECT_NEAR(r.scheme[0], 10.0, 1e-9);
  EXPECT_NEAR(r.scheme[2], 15.0, 1e-9);
  for (const auto* method : {&r.scheme, &r.entropy, &r.critic, &r.std_dev, &r.merec}) {
    EXPECT_NEAR(sum(*method), 100.0, 1e-9);
    for (double w : *method) EXPECT_GE(w, 0.0);
  }
  for (bool c : r.constant) EXPECT_FALSE(c);
  std::vector<std::string> keys;
  for (const auto& c : r.conventions) keys.push_back(c.first);
  for (const char* k : {"data", "entropy", "critic", "std_dev", "merec"})
    EXPECT_NE(std::find(keys.begin(), keys.end(), k), keys.end()) << k;
}

TEST(AuditObjective, AConstantCriterionGetsNoObjectiveWeight) {
  const auto s = thidua::parse_scheme(R"toml([scheme]
id = "hang-so"
scale = 10
[[family]]
id = "f"
[[criterion]]
id = "A"
family = "f"
max = 4
[[criterion]]
id = "B"
family = "f"
max = 3
[[criterion]]
id = "C"
family = "f"
max = 3
[[class]]
id = "dat"
min = 5
[[class]]
id = "chua"
min = 0
)toml");
  const auto sh = thidua::parse_sheet(s, "id,A,B,C\nX,4,3,1\nY,2,3,2\nZ,1,3,3\nW,3,3,0\n");
  const auto r = thidua::audit::audit_objective(s, sh);
  EXPECT_TRUE(r.constant[1]);
  EXPECT_FALSE(r.constant[0]);
  EXPECT_EQ(r.entropy[1], 0.0);
  EXPECT_EQ(r.critic[1], 0.0);
  EXPECT_EQ(r.std_dev[1], 0.0);
  EXPECT_EQ(r.merec[1], 0.0);
}

TEST(AuditMethods, SampleCorrelationsAgainstTheWeightedSum) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto sh = thidua::load_sheet(s, sample_scores);
  const auto r = thidua::audit::audit_methods(s, sh);
  ASSERT_EQ(r.methods.size(), 4U);
  EXPECT_EQ(r.methods[0].id, "wsm");
  EXPECT_EQ(r.methods[1].id, "wpm");
  EXPECT_EQ(r.methods[2].id, "topsis");
  EXPECT_EQ(r.methods[3].id, "vikor");
  EXPECT_EQ(r.ids.size(), 59U);
  EXPECT_EQ(r.blocks.size(), 3U);
  EXPECT_NEAR(sum(r.weights), 100.0, 1e-9);
  const auto& wsm = r.methods[0];
  EXPECT_DOUBLE_EQ(wsm.tau, 1.0);
  EXPECT_EQ(wsm.moved, 0U);
  // The weighted sum is the official total without bonus and deduction, over the scale.
  const auto ranked = thidua::rank(s, sh);
  for (std::size_t i = 0; i < r.ids.size(); ++i) {
    const auto row = static_cast<std::size_t>(ranked.find(r.ids[i]));
    const double official = ranked.total_unrounded(row).to_double() - ranked.bonus_counted(row).to_double() +
                            ranked.deduction_counted(row).to_double();
    EXPECT_NEAR(wsm.score[i] * 100.0, official, 2e-4) << r.ids[i];
  }
  for (const auto& m : r.methods) {
    for (double c : {m.tau, m.rho, m.weighted_rho, m.tau_blocks}) {
      EXPECT_GE(c, -1.0);
      EXPECT_LE(c, 1.0);
    }
    EXPECT_EQ(m.blocks.size(), 3U);
    EXPECT_LE(m.movers.size(), 5U);
    for (std::size_t k = 1; k < m.movers.size(); ++k) {
      const auto shift = [](const thidua::audit::rank_move& mv) {
        return std::abs(static_cast<long>(mv.rank) - static_cast<long>(mv.rank_wsm));
      };
      EXPECT_GE(shift(m.movers[k - 1]), shift(m.movers[k]));
    }
  }
  // VIKOR: lower Q is better, so its best subject in a block has rank 1.
  const auto& vik = r.methods[3];
  for (const auto& b : r.vikor_blocks) {
    ASSERT_FALSE(b.compromise.empty());
    EXPECT_EQ(vik.rank[b.compromise[0]], 1U) << b.name;
  }
}

TEST(AuditMethods, ADominanceChainRanksTheSameUnderEveryMethod) {
  const auto s = thidua::parse_scheme(R"toml([scheme]
id = "chuoi"
scale = 10
[[family]]
id = "f"
[[criterion]]
id = "A"
family = "f"
max = 5
[[criterion]]
id = "B"
family = "f"
max = 5
[[class]]
id = "dat"
min = 5
[[class]]
id = "chua"
min = 0
)toml");
  // Each subject is better than the next on both criteria, and P clearly: VIKOR's Q is 0, 0.5,
  // 0.75, 1 (Q(Q) − Q(P) = 0.5 ≥ 1/3, C1 holds), so P alone is its compromise.
  const auto sh = thidua::parse_sheet(s, "id,A,B\nP,5,5\nQ,3,3\nR,2,2\nS,1,1\n");
  const auto r = thidua::audit::audit_methods(s, sh);
  for (const auto& m : r.methods) {
    EXPECT_DOUBLE_EQ(m.tau, 1.0) << m.id;
    EXPECT_EQ(m.moved, 0U) << m.id;
    EXPECT_EQ(m.rank, (std::vector<std::uint32_t>{1, 2, 3, 4})) << m.id;
  }
  ASSERT_EQ(r.vikor_blocks.size(), 1U);
  EXPECT_EQ(r.vikor_blocks[0].compromise, (std::vector<std::size_t>{0}));
}

// ------------------------------------------------------------------ command line

struct run_result {
  int status = -1;
  std::string out, err;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

run_result run(const std::string& args) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() / ("thidua-audit-objective-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto out = dir / ("out" + std::to_string(counter)), err = dir / ("err" + std::to_string(counter++));
  const std::string cmd = std::string(THIDUA_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

const std::string inputs = " --scheme " + sample_scheme + " --scores " + sample_scores;

TEST(AuditObjectiveCli, JsonKeys) {
  const auto r = run("audit objective" + inputs + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"criteria", "scheme", "entropy", "critic", "std_dev", "merec", "conventions"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["criteria"].size(), 15U);
  EXPECT_EQ(j["criteria"][0], "CM1");
  EXPECT_EQ(j["scheme"][0], 10.0);
  EXPECT_TRUE(j["conventions"].contains("merec"));
}

TEST(AuditObjectiveCli, TableIsVietnamese) {
  const auto r = run("audit objective" + inputs);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Trọng số khách quan"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Quy ước"), std::string::npos);
  EXPECT_NE(r.out.find("10,00%"), std::string::npos);
}

TEST(AuditMethodsCli, JsonKeysAndTable) {
  auto r = run("audit methods" + inputs + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"criteria", "weights", "subjects", "methods", "vikor_compromise", "conventions"})
    EXPECT_TRUE(j.contains(key)) << key;
  ASSERT_EQ(j["methods"].size(), 4U);
  EXPECT_EQ(j["methods"][3]["id"], "vikor");
  for (const char* key : {"id", "group", "wsm", "wpm", "topsis", "vikor_q", "vikor_s", "vikor_r", "rank"})
    EXPECT_TRUE(j["subjects"][0].contains(key)) << key;
  r = run("audit methods" + inputs);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("nghiệm thỏa hiệp"), std::string::npos) << r.out;
}

TEST(AuditMethodsCli, BadUsageExitsTwo) {
  auto r = run("audit methods --scheme " + sample_scheme);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("thidua.usage.102"), std::string::npos) << r.err;
  r = run("audit objective" + inputs + " --format csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("thidua.usage.101"), std::string::npos) << r.err;
  r = run("audit objective --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--scores"), std::string::npos);
}

}  // namespace
