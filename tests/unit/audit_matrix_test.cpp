// The auditors' decision matrix (lib/audit/matrix.hpp): at the nominal weights it must give
// back the engine's totals, classes and ranks, or no audit figure can be trusted; and the
// rank correlations against published values.
#include <gtest/gtest.h>

#include <cmath>

#include "audit/matrix.hpp"
#include "thidua/engine.hpp"
#include "thidua/io.hpp"

namespace {

using namespace thidua::audit::detail;

TEST(AuditMatrix, ReproducesTheEngineOnTheSample) {
  const auto s = thidua::load_scheme(THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml");
  const auto sh = thidua::load_sheet(s, THIDUA_EXAMPLES_DATA "/diem-hoi-dong.csv");
  const auto r = thidua::rank(s, sh);
  const auto d = build_matrix(s, sh, r);
  ASSERT_EQ(d.subjects(), 60U);
  ASSERT_EQ(d.criteria(), s.criteria.size());
  EXPECT_NEAR(d.w.sum(), 100.0, 1e-9);
  EXPECT_NEAR(d.w(0), 10.0, 1e-12);  // CM1: max 10 in a family whose maxima add up to its weight
  const Eigen::VectorXd t = totals(d, d.w);
  for (std::size_t i = 0; i < d.subjects(); ++i) {
    // Exact up to the 1/10000 rounding of renormalised subtotals (N/A cells).
    EXPECT_NEAR(t(static_cast<Eigen::Index>(i)), d.engine_total(static_cast<Eigen::Index>(i)), 2e-4) << d.ids[i];
    EXPECT_GE(d.x.row(static_cast<Eigen::Index>(i)).minCoeff(), 0.0);
    EXPECT_LE(d.x.row(static_cast<Eigen::Index>(i)).maxCoeff(), 1.0);
  }
  const outcome o = evaluate(d, d.w);
  std::size_t excluded = 0;
  for (std::size_t i = 0; i < d.subjects(); ++i) {
    EXPECT_EQ(o.cls[i], d.engine_class[i]) << d.ids[i];
    excluded += d.excluded[i] ? 1 : 0;
    // The engine breaks ties with further keys; ours share a rank. Untied ranks agree.
    EXPECT_LE(o.rank[i], d.engine_rank[i]) << d.ids[i];
  }
  EXPECT_GE(excluded, 1U);  // the sample has a school excluded by a veto
  EXPECT_EQ(d.block_names.size(), 3U);
}

TEST(AuditMatrix, NotApplicableIsImputedAsTheFamilyRenormalises) {
  // One family of two criteria (max 6 and 4); the second N/A: the family is 5/6 of its share.
  auto s = thidua::parse_scheme(R"toml([scheme]
id = "na"
scale = 10
[[family]]
id = "f"
[[criterion]]
id = "A"
family = "f"
max = 6
[[criterion]]
id = "B"
family = "f"
max = 4
[[class]]
id = "dat"
min = 5
[[class]]
id = "chua"
min = 0
)toml");
  const auto sh = thidua::parse_sheet(s, "id,A,B\nX,5,N/A\nY,3,4\n");
  const auto r = thidua::rank(s, sh);
  const auto d = build_matrix(s, sh, r);
  EXPECT_NEAR(d.x(0, 1), 5.0 / 6.0, 1e-12);
  const Eigen::VectorXd t = totals(d, d.w);
  EXPECT_NEAR(t(0), 5.0 / 6.0 * 10.0, 1e-9);  // 8.3333, as the engine renormalises
  EXPECT_NEAR(t(0), d.engine_total(0), 1e-4);
  EXPECT_NEAR(t(1), 7.0, 1e-12);
}

// Published values: SciPy's documentation examples (scipy.stats.kendalltau, spearmanr).
TEST(AuditCorrelation, KendallTauBWithTies) {
  Eigen::VectorXd a(5), b(5);
  a << 12, 2, 1, 12, 2;
  b << 1, 4, 7, 1, 0;
  EXPECT_NEAR(kendall_tau_b(a, b), -0.47140452079103173, 1e-12);
}

TEST(AuditCorrelation, SpearmanRhoWithTies) {
  Eigen::VectorXd a(5), b(5);
  a << 1, 2, 3, 4, 5;
  b << 5, 6, 7, 8, 7;
  EXPECT_NEAR(spearman_rho(a, b), 0.8207826816681233, 1e-12);
}

TEST(AuditCorrelation, WeightedSpearmanExtremesAndTopWeighting) {
  Eigen::VectorXd a(3), b(3);
  a << 3, 2, 1;
  EXPECT_NEAR(weighted_spearman(a, a), 1.0, 1e-12);
  b << 1, 2, 3;
  EXPECT_NEAR(weighted_spearman(a, b), -1.0, 1e-12);  // 1 − 6·32/96
  // Swapping the top two costs more than swapping the bottom two (n = 4).
  Eigen::VectorXd base(4), top(4), bottom(4);
  base << 4, 3, 2, 1;
  top << 3, 4, 2, 1;
  bottom << 4, 3, 1, 2;
  EXPECT_LT(weighted_spearman(base, top), weighted_spearman(base, bottom));
  EXPECT_NEAR(spearman_rho(base, top), spearman_rho(base, bottom), 1e-12);
}

TEST(AuditCorrelation, KendallMatchesBruteForceOnRandomData) {
  std::uint64_t state = 42;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>((state >> 33) % 7);  // many ties
  };
  for (int round = 0; round < 20; ++round) {
    const Eigen::Index n = 30;
    Eigen::VectorXd a(n), b(n);
    for (Eigen::Index k = 0; k < n; ++k) {
      a(k) = next();
      b(k) = next();
    }
    double c = 0, ta = 0, tb = 0;
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = i + 1; j < n; ++j) {
        const double da = a(i) - a(j), db = b(i) - b(j);
        c += (da > 0) - (da < 0) == (db > 0) - (db < 0) && da != 0 ? 1 : (da != 0 && db != 0 ? -1 : 0);
        ta += da != 0;
        tb += db != 0;
      }
    EXPECT_NEAR(kendall_tau_b(a, b), c / std::sqrt(ta * tb), 1e-12) << round;
  }
}

}  // namespace
