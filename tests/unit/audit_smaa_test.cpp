// audit smaa: the weight samplers (simplex marginals, order, box), cases with an exact answer
// (a split of the simplex known in closed form), determinism (seed, thread count, batch size),
// the writers and the command line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "audit/matrix.hpp"
#include "audit/sampling.hpp"
#include "thidua/engine.hpp"
#include "thidua/audit/smaa.hpp"
#include "thidua/io.hpp"

namespace {

using namespace thidua::audit;
namespace det = thidua::audit::detail;

const std::string sample_scheme = THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml";
const std::string sample_scores = THIDUA_EXAMPLES_DATA "/diem-hoi-dong.csv";

// ------------------------------------------------------------------ samplers

TEST(AuditSmaaSampling, SimplexMarginalsAreBeta1KMinus1) {
  // Each coordinate of a uniform point of the k-simplex is Beta(1, k − 1): mean 1/k, variance
  // (k − 1) / (k² (k + 1)); P(v > 1/2) = (1/2)^(k − 1). Normalised uniforms would fail these.
  constexpr std::size_t k = 5, n = 40'000;
  std::vector<double> v(k), sum(k, 0.0), sum2(k, 0.0);
  std::size_t over_half = 0;
  for (std::size_t s = 0; s < n; ++s) {
    det::sample_rng rng(7, s);
    det::uniform_simplex(rng, v);
    EXPECT_NEAR(std::accumulate(v.begin(), v.end(), 0.0), 1.0, 1e-12);
    for (std::size_t j = 0; j < k; ++j) {
      ASSERT_GE(v[j], 0.0);
      sum[j] += v[j];
      sum2[j] += v[j] * v[j];
    }
    over_half += v[0] > 0.5 ? 1 : 0;
  }
  const double mean = 1.0 / k, var = (k - 1.0) / (k * k * (k + 1.0));
  for (std::size_t j = 0; j < k; ++j) {
    const double m = sum[j] / n, s2 = sum2[j] / n - m * m;
    EXPECT_NEAR(m, mean, 4 * std::sqrt(var / n)) << j;
    EXPECT_NEAR(s2, var, 0.05 * var) << j;
  }
  const double p = std::pow(0.5, k - 1);
  EXPECT_NEAR(static_cast<double>(over_half) / n, p, 4 * std::sqrt(p * (1 - p) / n));
}

TEST(AuditSmaaSampling, StreamsDependOnlyOnSeedAndIndex) {
  det::sample_rng a(42, 1000), b(42, 1000), c(42, 1001), d(43, 1000);
  const auto x = a.next();
  EXPECT_EQ(x, b.next());
  EXPECT_NE(x, c.next());
  EXPECT_NE(x, d.next());
  det::sample_rng e(1, 2);
  for (int k = 0; k < 1000; ++k) {
    const auto u = e.below(3);
    EXPECT_LT(u, 3U);
    const double f = e.uniform();
    EXPECT_GT(f, 0.0);
    EXPECT_LE(f, 1.0);
  }
}

det::weight_model model(det::sampling_mode mode, bool tree) {
  det::weight_model m;
  // Family 0: 30, 20, 20, 10 (two equal); family 1: 15, 5.
  m.nominal = {30, 20, 20, 10, 15, 5};
  m.family_of = {0, 0, 0, 0, 1, 1};
  m.families = 2;
  m.scale = 100;
  m.tree = tree;
  m.mode = mode;
  m.spread = 0.25;
  return m;
}

TEST(AuditSmaaSampling, OrderModeRespectsTheOrderInEverySample) {
  for (const bool tree : {true, false}) {
    const det::weight_sampler sampler(model(det::sampling_mode::order, tree));
    std::vector<double> w(6);
    std::size_t second_ahead = 0;
    for (std::uint64_t s = 0; s < 4000; ++s) {
      sampler.draw(3, s, w);
      EXPECT_NEAR(std::accumulate(w.begin(), w.end(), 0.0), 100.0, 1e-9);
      EXPECT_GE(w[0], w[1]);
      EXPECT_GE(w[0], w[2]);
      EXPECT_GE(w[1], w[3]);
      EXPECT_GE(w[2], w[3]);
      EXPECT_GE(w[4], w[5]);
      if (tree) {
        EXPECT_GE(w[0] + w[1] + w[2] + w[3], w[4] + w[5]);  // family 0 outweighs family 1
      } else {
        EXPECT_GE(w[4], w[3]);  // 15 > 10 across families
      }
      second_ahead += w[1] > w[2] ? 1 : 0;
    }
    // Equal nominal weights (20, 20): either may be ahead, half the time each.
    EXPECT_NEAR(static_cast<double>(second_ahead) / 4000, 0.5, 4 * std::sqrt(0.25 / 4000));
  }
}

TEST(AuditSmaaSampling, AroundModeStaysInTheBox) {
  const det::weight_sampler flat(model(det::sampling_mode::around, false));
  const auto nominal = model(det::sampling_mode::around, false).nominal;
  std::vector<double> w(6), mean(6, 0.0);
  std::size_t rejected = 0;
  constexpr std::size_t n = 4000;
  for (std::uint64_t s = 0; s < n; ++s) {
    bool fell_back = true;
    rejected += flat.draw(11, s, w, &fell_back);
    EXPECT_FALSE(fell_back);
    EXPECT_NEAR(std::accumulate(w.begin(), w.end(), 0.0), 100.0, 1e-9);
    for (std::size_t c = 0; c < 6; ++c) {
      EXPECT_GE(w[c], 0.75 * nominal[c] - 1e-9) << c;
      EXPECT_LE(w[c], 1.25 * nominal[c] + 1e-9) << c;
      mean[c] += w[c] / n;
    }
  }
  EXPECT_GT(rejected, 0U);  // the sum constraint rejects some draws
  // The box is symmetric around the nominal point and so is the slice: means near nominal.
  for (std::size_t c = 0; c < 6; ++c) EXPECT_NEAR(mean[c], nominal[c], 0.02 * nominal[c]) << c;
  // Tree: the family shares within ±25% of 80/20, the shares within each family likewise.
  const det::weight_sampler tree(model(det::sampling_mode::around, true));
  for (std::uint64_t s = 0; s < 1000; ++s) {
    tree.draw(11, s, w);
    const double f1 = w[4] + w[5];
    EXPECT_GE(f1, 0.75 * 20 - 1e-9);
    EXPECT_LE(f1, 1.25 * 20 + 1e-9);
    EXPECT_GE(w[4] / f1, 0.75 * 0.75 - 1e-9);
    EXPECT_LE(w[4] / f1, 1.25 * 0.75 + 1e-9);
  }
}

TEST(AuditSmaaSampling, PublisherMatchesTheMatrixRounding) {
  for (const auto mode : {thidua::rounding::half_up, thidua::rounding::half_even, thidua::rounding::down, thidua::rounding::up})
    for (int precision : {0, 1, 2, 4}) {
      thidua::scheme s;
      s.precision = precision;
      s.round = mode;
      const det::publisher p(s);
      for (double v : {0.0, 0.004999, 0.005, 0.015, 89.99499, 89.995, 89.99500001, 12.345, 12.355, 7.5, 8.5, 99.99995}) {
        const auto expected = thidua::decimal::from_units(std::llround(v * 10000.0)).rounded(precision, mode).units();
        EXPECT_EQ(p(v), expected) << v << " " << precision;
      }
    }
}

// ------------------------------------------------------------------ exact answers

// `criteria` criteria of max 10 in one family (scale 10 × criteria), one class.
thidua::scheme flat_scheme(std::size_t criteria) {
  std::string text = "[scheme]\nid = \"t\"\nscale = " + std::to_string(10 * criteria) + "\n[[family]]\nid = \"f\"\n";
  for (std::size_t c = 0; c < criteria; ++c)
    text += "[[criterion]]\nid = \"C" + std::to_string(c + 1) + "\"\nfamily = \"f\"\nmax = 10\n";
  text += "[[class]]\nid = \"dat\"\nmin = 0\n";
  return thidua::parse_scheme(text);
}

double sigma(double p, std::size_t n) { return std::sqrt(p * (1 - p) / static_cast<double>(n)); }

const smaa_subject& subject(const smaa_report& r, const std::string& id) {
  return *std::find_if(r.subjects.begin(), r.subjects.end(), [&](const auto& s) { return s.id == id; });
}

TEST(AuditSmaa, TwoOppositeSubjectsAreFirstHalfTheTime) {
  const auto s = flat_scheme(2);
  const auto sh = thidua::parse_sheet(s, "id,name,group,C1,C2\nX,X,K,10,0\nY,Y,K,0,10\n");
  smaa_options o;
  o.samples = 20'000;
  o.seed = 5;
  const auto r = audit_smaa(s, sh, o);
  const auto& x = subject(r, "X");
  const auto& y = subject(r, "Y");
  ASSERT_EQ(x.acceptability.size(), 2U);
  EXPECT_NEAR(x.acceptability[0], 0.5, 3 * sigma(0.5, o.samples));
  // Each sample puts one first and the other second (ties, |w1 − w2| < 0.005, are ~1e-4).
  EXPECT_NEAR(x.acceptability[0] + y.acceptability[0], 1.0, 1e-3);
  EXPECT_NEAR(x.acceptability[1], y.acceptability[0], 1e-3);
  EXPECT_DOUBLE_EQ(x.beyond, 0.0);
  // X is first when w1 > 10: w1 uniform on (10, 20), mean 15 (sd 10/√12).
  ASSERT_EQ(x.central_weights.size(), 2U);
  EXPECT_NEAR(x.central_weights[0], 15.0, 4 * (10 / std::sqrt(12.0)) / std::sqrt(static_cast<double>(o.samples) / 2.0));
  EXPECT_NEAR(x.central_weights[0] + x.central_weights[1], 20.0, 1e-6);
  ASSERT_TRUE(x.confidence);
  EXPECT_EQ(*x.confidence, 1.0);
  EXPECT_EQ(x.central_rank, 1U);
  // Pairwise winning: P(X ahead of Y) ≈ 1/2, the diagonal is 0.
  ASSERT_EQ(r.blocks.size(), 1U);
  const auto& b = r.blocks[0];
  ASSERT_EQ(b.pair_subjects.size(), 2U);
  EXPECT_EQ(b.winning[0], 0.0);
  EXPECT_NEAR(b.winning[1], 0.5, 3 * sigma(0.5, o.samples));
  EXPECT_NEAR(b.winning[1] + b.winning[2], 1.0, 1e-3);
}

TEST(AuditSmaa, ThreeSubjectsOnALineSplit) {
  // w = (10u, 10(1 − u)) with u uniform: A = 10u, B = 10(1 − u), C = 6 whatever u.
  // First: A when u > 0.6, B when u < 0.4, C between. A second when 0.5 < u < 0.6, else third
  // or first. P(A ahead of C) = 0.4.
  const auto s = flat_scheme(2);
  const auto sh = thidua::parse_sheet(s, "id,name,group,C1,C2\nA,A,K,10,0\nB,B,K,0,10\nC,C,K,6,6\n");
  smaa_options o;
  o.samples = 20'000;
  o.seed = 99;
  const auto r = audit_smaa(s, sh, o);
  const auto& a = subject(r, "A");
  const auto& c = subject(r, "C");
  const double tol = 3 * sigma(0.5, o.samples);
  EXPECT_NEAR(a.acceptability[0], 0.4, tol);
  EXPECT_NEAR(a.acceptability[1], 0.1, tol);
  EXPECT_NEAR(a.acceptability[2], 0.5, tol);
  EXPECT_NEAR(c.acceptability[0], 0.2, tol);
  EXPECT_NEAR(c.acceptability[1], 0.8, tol);
  // Central weights: A first for u in (0.6, 1): mean u = 0.8; C for u in (0.4, 0.6): 0.5.
  EXPECT_NEAR(a.central_weights[0], 16.0, 0.1);
  EXPECT_NEAR(c.central_weights[0], 10.0, 0.1);
  EXPECT_EQ(*c.confidence, 1.0);
  const auto& b = r.blocks[0];
  const auto pos = [&](const std::string& id) {
    return static_cast<std::size_t>(std::find_if(b.pair_subjects.begin(), b.pair_subjects.end(),
                                                 [&](std::size_t k) { return r.subjects[k].id == id; }) -
                                    b.pair_subjects.begin());
  };
  const std::size_t n = b.pair_subjects.size();
  EXPECT_NEAR(b.winning[pos("A") * n + pos("C")], 0.4, tol);
  EXPECT_NEAR(b.winning[pos("C") * n + pos("A")], 0.6, tol);
}

TEST(AuditSmaa, ThreeCriteriaHexagonArea) {
  // Three criteria, subjects e1, e2, e3 and C = (0.4, 0.4, 0.4). C is first when every weight
  // share is below 0.4: by inclusion–exclusion 1 − 3(0.6)² + 3(0.2)² = 0.04 of the simplex.
  const auto s = flat_scheme(3);
  const auto sh = thidua::parse_sheet(s, "id,name,group,C1,C2,C3\nE1,e,K,10,0,0\nE2,e,K,0,10,0\nE3,e,K,0,0,10\nC,c,K,4,4,4\n");
  smaa_options o;
  o.samples = 20'000;
  o.seed = 2024;
  o.threads = 2;
  const auto r = audit_smaa(s, sh, o);
  EXPECT_NEAR(subject(r, "C").acceptability[0], 0.04, 3 * sigma(0.04, o.samples));
  for (const char* e : {"E1", "E2", "E3"}) EXPECT_NEAR(subject(r, e).acceptability[0], 0.32, 3 * sigma(0.32, o.samples));
  // By symmetry C's central weights are equal shares.
  for (double w : subject(r, "C").central_weights) EXPECT_NEAR(w, 10.0, 0.3);
}

TEST(AuditSmaa, ClassesComeBeforeTotals) {
  // Y has the higher total in most samples but misses the family minimum of the top class.
  const auto s = thidua::parse_scheme(R"toml([scheme]
id = "lop"
scale = 100
[[family]]
id = "a"
weight = 50
[[family]]
id = "b"
weight = 50
[[criterion]]
id = "A"
family = "a"
max = 10
[[criterion]]
id = "B"
family = "b"
max = 10
[[class]]
id = "xs"
min = 1
min_family = { b = 10 }
[[class]]
id = "ht"
min = 0
)toml");
  const auto sh = thidua::parse_sheet(s, "id,name,group,A,B\nX,X,K,0,5\nY,Y,K,10,0\n");
  smaa_options o;
  o.samples = 2000;
  const auto r = audit_smaa(s, sh, o);
  // Family shares (φ_a, φ_b) uniform: X's b subtotal is 50 φ_b, at least 10 when φ_b ≥ 0.2
  // (80% of samples): X is then xs and first, though Y's total 100 φ_a may be larger; Y
  // (b = 0) is never xs. Otherwise Y (total ≥ 80) is ahead of X (total < 10).
  EXPECT_NEAR(subject(r, "X").acceptability[0], 0.8, 4 * sigma(0.8, o.samples));
  EXPECT_NEAR(subject(r, "Y").acceptability[0], 0.2, 4 * sigma(0.8, o.samples));
}

// The batched products, packed keys and partial ranking against a plain loop: every sample's
// weights from the same sampler, the outcome from detail::evaluate, ranks counted one by one.
TEST(AuditSmaa, MatchesAPlainLoopOverSamples) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto sh = thidua::load_sheet(s, sample_scores);
  smaa_options o;
  o.samples = 300;
  o.seed = 77;
  o.ranks = 5;
  o.pairs = 4;
  o.batch = 64;
  const auto r = audit_smaa(s, sh, o);
  const auto ranking = thidua::rank(s, sh);
  const auto d = det::build_matrix(s, sh, ranking);
  det::weight_model m;
  m.nominal.assign(d.w.data(), d.w.data() + d.w.size());
  m.family_of = d.family_of;
  m.families = s.families.size();
  m.scale = s.scale.to_double();
  const det::weight_sampler sampler(m);
  std::vector<std::vector<std::size_t>> counts(d.subjects(), std::vector<std::size_t>(5, 0));
  std::vector<std::vector<double>> central(d.subjects(), std::vector<double>(d.criteria(), 0.0));
  std::vector<double> w(d.criteria());
  for (std::uint64_t k = 0; k < o.samples; ++k) {
    sampler.draw(o.seed, k, w);
    const auto out = det::evaluate(d, Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size())));
    for (std::size_t i = 0; i < d.subjects(); ++i) {
      if (d.excluded[i] || out.rank[i] > 5) continue;
      ++counts[i][out.rank[i] - 1];
      if (out.rank[i] == 1)
        for (std::size_t c = 0; c < w.size(); ++c) central[i][c] += w[c];
    }
  }
  for (std::size_t i = 0; i < d.subjects(); ++i) {
    const auto& subj = subject(r, d.ids[i]);
    if (d.excluded[i]) {
      EXPECT_TRUE(subj.excluded);
      continue;
    }
    ASSERT_EQ(subj.acceptability.size(), 5U);
    for (std::size_t q = 0; q < 5; ++q)
      EXPECT_EQ(std::lround(subj.acceptability[q] * 300), static_cast<long>(counts[i][q])) << d.ids[i] << " rank " << q + 1;
    if (counts[i][0] > 0) {
      ASSERT_EQ(subj.central_weights.size(), d.criteria());
      for (std::size_t c = 0; c < d.criteria(); ++c)
        EXPECT_NEAR(subj.central_weights[c], central[i][c] / static_cast<double>(counts[i][0]), 1e-6) << d.ids[i];
    }
  }
}

// ------------------------------------------------------------------ determinism

std::string json_of(const smaa_report& r) {
  std::ostringstream out;
  write_smaa(out, r, thidua::output_format::json);
  return out.str();
}

TEST(AuditSmaa, SameOutputWhateverTheThreadsOrBatches) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto sh = thidua::load_sheet(s, sample_scores);
  smaa_options o;
  o.samples = 600;
  o.seed = 123;
  o.threads = 1;
  const std::string one = json_of(audit_smaa(s, sh, o));
  o.threads = 4;
  EXPECT_EQ(json_of(audit_smaa(s, sh, o)), one);
  o.batch = 37;
  o.threads = 3;
  EXPECT_EQ(json_of(audit_smaa(s, sh, o)), one);
  o.seed = 124;
  EXPECT_NE(json_of(audit_smaa(s, sh, o)), one);
  for (const auto mode : {smaa_mode::around, smaa_mode::order}) {
    o.mode = mode;
    o.tree = mode == smaa_mode::order;
    o.threads = 1;
    const std::string a = json_of(audit_smaa(s, sh, o));
    o.threads = 2;
    EXPECT_EQ(json_of(audit_smaa(s, sh, o)), a);
  }
}

TEST(AuditSmaa, SampleReport) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto sh = thidua::load_sheet(s, sample_scores);
  smaa_options o;
  o.samples = 500;
  o.seed = 1;
  o.ranks = 0;
  std::size_t calls = 0, last = 0;
  const auto r = audit_smaa(s, sh, o, [&](std::size_t done, std::size_t total) {
    ++calls;
    EXPECT_EQ(total, 500U);
    EXPECT_GT(done, last);
    last = done;
  });
  EXPECT_GE(calls, 1U);
  EXPECT_EQ(last, 500U);
  ASSERT_EQ(r.subjects.size(), 60U);
  ASSERT_EQ(r.blocks.size(), 3U);
  std::size_t excluded = 0;
  for (const auto& b : r.blocks) {
    // Each rank is held by someone in every sample (with ties, by several): Σ_i b_i^1 ≥ 1.
    double first = 0;
    for (std::size_t k : b.subjects) {
      const auto& subj = r.subjects[k];
      if (subj.excluded) {
        ++excluded;
        EXPECT_TRUE(subj.acceptability.empty());
        continue;
      }
      // Every rank counted (ranks = 0): the shares add up to 1.
      EXPECT_NEAR(std::accumulate(subj.acceptability.begin(), subj.acceptability.end(), 0.0), 1.0, 1e-9) << subj.id;
      EXPECT_DOUBLE_EQ(subj.beyond, 0.0);
      first += subj.acceptability[0];
      if (!subj.central_weights.empty()) {
        EXPECT_NEAR(std::accumulate(subj.central_weights.begin(), subj.central_weights.end(), 0.0), 100.0, 1e-6);
      }
    }
    EXPECT_GE(first, 1.0 - 1e-12);
    EXPECT_EQ(b.winning.size(), b.pair_subjects.size() * b.pair_subjects.size());
    EXPECT_EQ(b.pair_subjects.size(), std::min<std::size_t>(10, b.subjects.size()));
  }
  EXPECT_EQ(excluded, 1U);
  std::ostringstream table;
  write_smaa(table, r, thidua::output_format::table);
  EXPECT_NE(table.str().find("Hạt giống (seed): 1"), std::string::npos);
  EXPECT_NE(table.str().find("Khối thi đua: Mầm non"), std::string::npos);
  EXPECT_NE(table.str().find("Cặp tranh chấp nhất"), std::string::npos);
  const auto j = nlohmann::json::parse(json_of(r));
  EXPECT_EQ(j["tool"], "smaa");
  EXPECT_EQ(j["seed"], 1);
  EXPECT_EQ(j["samples"], 500);
  EXPECT_EQ(j["mode"], "simplex");
  EXPECT_EQ(j["levels"], "tree");
  EXPECT_EQ(j["criteria"].size(), 15U);
  EXPECT_TRUE(j["blocks"][0]["subjects"][0].contains("acceptability"));
  EXPECT_TRUE(j["blocks"][0]["winning"].contains("matrix"));
  EXPECT_THROW(write_smaa(table, r, thidua::output_format::csv), std::invalid_argument);
}

TEST(AuditSmaa, BadOptionsThrow) {
  const auto s = flat_scheme(2);
  const auto sh = thidua::parse_sheet(s, "id,name,group,C1,C2\nX,X,K,10,0\n");
  smaa_options o;
  o.samples = 0;
  EXPECT_THROW(audit_smaa(s, sh, o), std::invalid_argument);
  o.samples = 10;
  o.spread = -1;
  EXPECT_THROW(audit_smaa(s, sh, o), std::invalid_argument);
  smaa_mode m{};
  EXPECT_TRUE(parse_smaa_mode("order", m));
  EXPECT_EQ(m, smaa_mode::order);
  EXPECT_FALSE(parse_smaa_mode("random", m));
}

// ------------------------------------------------------------------ command line

struct run_result {
  int status = -1;
  std::string out, err;
};

run_result run(const std::string& args) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() / ("thidua-smaa-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto out = dir / ("out" + std::to_string(counter)), err = dir / ("err" + std::to_string(counter++));
  const int raw = std::system((std::string(THIDUA_CLI) + " " + args + " >" + out.string() + " 2>" + err.string()).c_str());
  const auto slurp = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

TEST(AuditSmaaCli, SeedThreadsFormatsAndUsage) {
  const std::string inputs = " --scheme " + sample_scheme + " --scores " + sample_scores + " --samples 300";
  auto a = run("audit smaa" + inputs + " --seed 7 --threads 1 --format json");
  auto b = run("audit smaa" + inputs + " --seed 7 --threads 2 --format json");
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.err, "");  // no progress line when standard error is not a terminal
  EXPECT_EQ(nlohmann::json::parse(a.out)["seed"], 7);
  auto t = run("audit smaa" + inputs + " --mode around --spread 0.1 --flat");
  ASSERT_EQ(t.status, 0) << t.err;
  EXPECT_NE(t.out.find("Hạt giống (seed): "), std::string::npos);  // a random seed, printed
  EXPECT_NE(t.out.find("±10%"), std::string::npos);
  EXPECT_EQ(run("audit smaa" + inputs + " --mode random").status, 2);
  EXPECT_EQ(run("audit smaa" + inputs + " --spread 0.3").status, 2);  // not --mode around
  t = run("audit smaa --help");
  EXPECT_EQ(t.status, 0);
  EXPECT_NE(t.out.find("--seed"), std::string::npos);
}

}  // namespace
