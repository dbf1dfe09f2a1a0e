// audit weights, audit influence and audit diff: nominal shares and flags, the variance
// decomposition, what leaving a family or criterion out changes (checked by hand), two schemes
// on the same data through the engine, and the command line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "thidua/audit/influence.hpp"
#include "thidua/engine.hpp"
#include "thidua/io.hpp"

namespace {

using namespace thidua::audit;

const std::string sample_scheme = THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml";
const std::string sample_scores = THIDUA_EXAMPLES_DATA "/diem-hoi-dong.csv";
const std::string proposal = THIDUA_TEST_DATA "/audit/influence/truong-hoc-de-xuat.toml";

const criterion_weight& criterion_of(const weights_report& r, const std::string& id) {
  return *std::find_if(r.criteria.begin(), r.criteria.end(), [&](const auto& c) { return c.id == id; });
}

const influence_line& line_of(const std::vector<influence_line>& lines, const std::string& id) {
  return *std::find_if(lines.begin(), lines.end(), [&](const auto& l) { return l.id == id; });
}

// ------------------------------------------------------------------ audit weights

TEST(AuditWeights, SampleSharesAddUp) {
  const auto r = audit_weights(thidua::load_scheme(sample_scheme));
  EXPECT_TRUE(r.adds_up);
  EXPECT_DOUBLE_EQ(r.families_sum, 100.0);
  EXPECT_NEAR(r.criteria_sum, 100.0, 1e-9);
  EXPECT_NEAR(r.reachable_total, 100.0, 1e-9);
  ASSERT_EQ(r.families.size(), 2U);
  EXPECT_EQ(r.families[0].id, "chuyen_mon");
  EXPECT_DOUBLE_EQ(r.families[0].share_of_scale, 70.0);
  EXPECT_DOUBLE_EQ(r.families[1].share_of_scale, 30.0);
  EXPECT_DOUBLE_EQ(r.families[1].scale_factor, 1.0);
  const auto& cm1 = criterion_of(r, "CM1");
  EXPECT_DOUBLE_EQ(cm1.share_of_scale, 10.0);
  EXPECT_NEAR(cm1.share_of_family, 100.0 * 10 / 70, 1e-12);
  EXPECT_DOUBLE_EQ(cm1.smallest_step, 2.0);  // tiers 10, 8, 6, 3, 0
  EXPECT_DOUBLE_EQ(criterion_of(r, "DV2").smallest_step, 4.0);  // yes/no
  EXPECT_DOUBLE_EQ(criterion_of(r, "CM3").smallest_step, 0.25);
  for (const auto& c : r.criteria) {
    EXPECT_FALSE(c.max_unreachable || c.never_matters || c.below_precision) << c.id;
  }
  for (const auto& k : r.classes) EXPECT_TRUE(k.reachable) << k.id;
}

TEST(AuditWeights, RescaledFamiliesShowTheirFactor) {
  const auto r = audit_weights(thidua::load_scheme(proposal));  // weights 60/40 over maxima 70/30
  EXPECT_NEAR(r.families[0].scale_factor, 60.0 / 70.0, 1e-12);
  EXPECT_NEAR(r.families[1].scale_factor, 40.0 / 30.0, 1e-12);
  EXPECT_NEAR(criterion_of(r, "DV1").weight, 6 * 40.0 / 30.0, 1e-12);
  EXPECT_NEAR(criterion_of(r, "DV1").share_of_family, 20.0, 1e-12);
  EXPECT_TRUE(r.adds_up);
}

TEST(AuditWeights, FlagsUnreachableAndUselessCriteriaAndClasses) {
  const auto s = thidua::parse_scheme(R"toml([scheme]
id = "co-van-de"
scale = 20
precision = 2
[[family]]
id = "a"
[[family]]
id = "b"
[[criterion]]
id = "T1"
family = "a"
max = 10
input = "percent"
tiers = [[90, 6], [50, 3]]
[[criterion]]
id = "T0"
family = "a"
max = 4.9975
input = "percent"
tiers = [[90, 0]]
[[criterion]]
id = "P"
family = "b"
max = 5
step = 0.5
[[criterion]]
id = "TINY"
family = "b"
max = 0.0025
[[class]]
id = "tot"
min = 18
[[class]]
id = "kha"
min = 10
min_family = { a = 9 }
[[class]]
id = "dat"
min = 0
)toml");
  const auto r = audit_weights(s);
  const auto& t1 = criterion_of(r, "T1");
  EXPECT_TRUE(t1.max_unreachable);
  EXPECT_FALSE(t1.never_matters);
  EXPECT_DOUBLE_EQ(t1.best_points, 6.0);
  EXPECT_DOUBLE_EQ(t1.reachable_weight, 6.0);
  EXPECT_DOUBLE_EQ(t1.smallest_step, 3.0);
  const auto& t0 = criterion_of(r, "T0");
  EXPECT_TRUE(t0.never_matters);
  EXPECT_DOUBLE_EQ(t0.reachable_weight, 0.0);
  EXPECT_FALSE(t0.below_precision);  // never_matters says more
  const auto& tiny = criterion_of(r, "TINY");
  EXPECT_TRUE(tiny.below_precision);
  EXPECT_FALSE(tiny.max_unreachable);
  EXPECT_FALSE(criterion_of(r, "P").below_precision);
  EXPECT_DOUBLE_EQ(criterion_of(r, "P").smallest_step, 0.5);
  EXPECT_NEAR(r.reachable_total, 11.0025, 1e-12);
  EXPECT_NEAR(r.families[0].reachable, 6.0, 1e-12);
  ASSERT_EQ(r.classes.size(), 3U);
  EXPECT_FALSE(r.classes[0].reachable);  // 18 > 11.0025 (no bonus)
  EXPECT_EQ(r.classes[0].blocked_by, "total");
  EXPECT_FALSE(r.classes[1].reachable);  // family a can give 6, the class needs 9
  EXPECT_EQ(r.classes[1].blocked_by, "a");
  EXPECT_TRUE(r.classes[2].reachable);
  EXPECT_TRUE(r.adds_up);
}

// ------------------------------------------------------------------ audit influence

TEST(AuditInfluence, SampleVarianceSharesAddUpToOneHundred) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto r = audit_influence(s, thidua::load_sheet(s, sample_scores));
  EXPECT_EQ(r.subjects, 59U);
  EXPECT_EQ(r.excluded, 1U);
  EXPECT_EQ(r.blocks, 3U);
  double criteria = 0;
  for (const auto& c : r.criteria) criteria += c.variance_share;
  EXPECT_NEAR(criteria + r.extra_share, 100.0, 1e-9);
  for (const auto& f : r.families) {
    double own = 0;
    for (const auto& c : r.criteria)
      if (c.family == f.id) own += c.variance_share;
    EXPECT_NEAR(f.variance_share, own, 1e-9) << f.id;
    EXPECT_TRUE(f.removable);
    EXPECT_FALSE(f.constant);
  }
  EXPECT_DOUBLE_EQ(line_of(r.families, "chuyen_mon").nominal_share, 70.0);
  EXPECT_DOUBLE_EQ(line_of(r.families, "dan_van").nominal_share, 30.0);
  for (const auto* lines : {&r.families, &r.criteria})
    for (const auto& l : *lines) {
      EXPECT_GE(l.tau, -1.0);
      EXPECT_LE(l.tau, 1.0);
      EXPECT_LE(l.classes_changed, r.subjects);
      EXPECT_LE(l.ranks_changed, r.subjects);
    }
  // Leaving a whole family out moves more than leaving one of its criteria out.
  EXPECT_GT(line_of(r.families, "chuyen_mon").ranks_changed, line_of(r.criteria, "CM1").ranks_changed);
}

TEST(AuditInfluence, SampleSentencesNameTheFamilyAndItsNumbers) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto r = audit_influence(s, thidua::load_sheet(s, sample_scores));
  const auto& dv = line_of(r.families, "dan_van");
  const std::string sentence = influence_sentence(r, dv);
  const std::string expected = "Công tác dân vận, thực hiện quy chế dân chủ: 30% thang điểm, giải thích ";
  EXPECT_EQ(sentence.substr(0, expected.size()), expected) << sentence;
  EXPECT_NE(sentence.find("% độ phân tán tổng điểm; bỏ đi thì " + std::to_string(dv.classes_changed) + "/59 xếp loại và " +
                          std::to_string(dv.ranks_changed) + " thứ hạng thay đổi"),
            std::string::npos)
      << sentence;
  EXPECT_NE(influence_sentence(r, line_of(r.families, "chuyen_mon")).find("Công tác chuyên môn: 70% thang điểm"),
            std::string::npos);
}

// Two families of one criterion each, weights 50/50; classes giỏi ≥ 80, khá ≥ 60, đạt ≥ 0.
//        A1  B1  total  class    without B (A × 2)    without A (B × 2)
//   S1   10   6   80    giỏi     100 giỏi             60 khá   *
//   S2    6  10   80    giỏi      60 khá  *          100 giỏi
//   S3    9   5   70    khá       90 giỏi *           50 đạt   *
//   S4    5   9   70    khá       50 đạt  *           90 giỏi  *
//   S5    2   2   20    đạt       20 đạt               20 đạt
constexpr const char* two_families = R"toml([scheme]
id = "hai-nhom"
scale = 100
[[family]]
id = "A"
name = "Nhóm A"
weight = 50
[[family]]
id = "B"
name = "Nhóm B"
weight = 50
[[criterion]]
id = "A1"
family = "A"
max = 10
[[criterion]]
id = "B1"
family = "B"
max = 10
[[class]]
id = "gioi"
min = 80
[[class]]
id = "kha"
min = 60
[[class]]
id = "dat"
min = 0
)toml";

TEST(AuditInfluence, RemovingAFamilyChangesTheClassesComputedByHand) {
  const auto s = thidua::parse_scheme(two_families);
  const auto sh = thidua::parse_sheet(s, "id,group,A1,B1\nS1,K,10,6\nS2,K,6,10\nS3,K,9,5\nS4,K,5,9\nS5,K,2,2\n");
  const auto r = audit_influence(s, sh);
  ASSERT_EQ(r.subjects, 5U);
  const auto& a = line_of(r.families, "A");
  const auto& b = line_of(r.families, "B");
  EXPECT_EQ(b.classes_changed, 3U);  // S2, S3, S4
  EXPECT_EQ(a.classes_changed, 3U);  // S1, S3, S4
  // Ranks with both: 1, 1, 3, 3, 5. Without B: S1 100 (1), S3 90 (2), S2 60 (3), S4 50 (4), S5 (5).
  EXPECT_EQ(b.ranks_changed, 3U);
  // τ-b between totals (80, 80, 70, 70, 20) and (100, 60, 90, 50, 20): 7 concordant pairs,
  // 1 discordant (S2, S3), 2 pairs tied in the first: (7 − 1) ÷ √(8 × 10).
  EXPECT_NEAR(b.tau, 6.0 / std::sqrt(80.0), 1e-12);
  EXPECT_NEAR(b.tau_blocks, 6.0 / std::sqrt(80.0), 1e-12);  // the block ranks order the same way
  // Deviations of totals 16, 16, 6, 6, −44; of A's parts 18, −2, 13, −7, −22 and of B's
  // −2, 18, −7, 13, −22: both covariances are 1260 ÷ 5, half of the variance each.
  EXPECT_NEAR(a.variance_share, 50.0, 1e-9);
  EXPECT_NEAR(b.variance_share, 50.0, 1e-9);
  EXPECT_DOUBLE_EQ(r.extra_share, 0.0);
  // A family's only criterion: leaving the criterion out is leaving the family out.
  EXPECT_EQ(line_of(r.criteria, "B1").classes_changed, b.classes_changed);
  EXPECT_EQ(line_of(r.criteria, "B1").ranks_changed, b.ranks_changed);
  EXPECT_EQ(influence_sentence(r, b),
            "Nhóm B: 50% thang điểm, giải thích 50,0% độ phân tán tổng điểm; bỏ đi thì 3/5 xếp loại và 3 thứ hạng "
            "thay đổi");
}

TEST(AuditInfluence, RemovingAFamilyDropsItsMinimum) {
  // giỏi needs B ≥ 40 (of 50). Without B the minimum is gone: S3 (A1 = 9 → 90) becomes giỏi.
  std::string text = two_families;
  text.replace(text.find("min = 80\n"), 9, "min = 80\nmin_family = { B = 40 }\n");
  const auto s = thidua::parse_scheme(text);
  const auto sh = thidua::parse_sheet(s, "id,group,A1,B1\nS1,K,10,6\nS2,K,6,10\nS3,K,9,5\nS4,K,5,9\nS5,K,2,2\n");
  const auto r = audit_influence(s, sh);
  // With both: S1 (B 30) is khá, S2 giỏi, S3 khá, S4 khá, S5 đạt. Without B: S1 100 giỏi, S2 60 khá,
  // S3 90 giỏi, S4 50 đạt, S5 đạt: four classes change.
  EXPECT_EQ(line_of(r.families, "B").classes_changed, 4U);
}

TEST(AuditInfluence, RemovingACriterionRenormalisesItsFamily) {
  // One family (weight 100) of C1 (max 6) and C2 (max 4); đạt ≥ 65. X: 6, 0 → 60, chưa đạt; Y:
  // 3, 4 → 70, đạt. Without C2 the family is C1 ÷ 6 × 100: X 100 đạt, Y 50 chưa đạt.
  const auto s = thidua::parse_scheme(R"toml([scheme]
id = "mot-nhom"
scale = 100
[[family]]
id = "f"
[[criterion]]
id = "C1"
family = "f"
max = 60
[[criterion]]
id = "C2"
family = "f"
max = 40
[[class]]
id = "dat"
min = 65
[[class]]
id = "chua_dat"
min = 0
)toml");
  const auto sh = thidua::parse_sheet(s, "id,C1,C2\nX,60,0\nY,30,40\n");
  const auto r = audit_influence(s, sh);
  const auto& c2 = line_of(r.criteria, "C2");
  EXPECT_TRUE(c2.removable);
  EXPECT_EQ(c2.classes_changed, 2U);
  EXPECT_EQ(c2.ranks_changed, 2U);
  EXPECT_NEAR(c2.tau, -1.0, 1e-12);
  // The only family cannot be left out.
  EXPECT_FALSE(r.families[0].removable);
  EXPECT_NE(influence_sentence(r, r.families[0]).find("là nhóm duy nhất"), std::string::npos);
}

// Leaving a criterion out renormalises its family as the engine does when the criterion is N/A:
// the engine ranking the sample with the column set to N/A for every school changes the same
// number of classes.
TEST(AuditInfluence, LeavingACriterionOutIsWhatTheEngineDoesWithNotApplicable) {
  const auto s = thidua::load_scheme(sample_scheme);
  const std::string csv = thidua::read_file(sample_scores);
  const auto sh = thidua::parse_sheet(s, csv);
  const auto r = audit_influence(s, sh);
  const auto base = thidua::rank(s, sh);
  for (const std::string id : {"CM1", "CM6", "DV2", "DV7"}) {
    // Rewrite the column as N/A on every row.
    std::istringstream in(csv);
    std::string line, out;
    std::getline(in, line);
    std::size_t column = 0;
    for (std::size_t at = 0, k = 0;; ++k) {
      const std::size_t end = line.find(',', at);
      if (line.substr(at, end - at) == id) column = k;
      if (end == std::string::npos) break;
      at = end + 1;
    }
    out = line + "\n";
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      for (std::size_t at = 0;;) {
        const std::size_t end = line.find(',', at);
        cells.push_back(line.substr(at, end - at));
        if (end == std::string::npos) break;
        at = end + 1;
      }
      cells[column] = "N/A";
      for (std::size_t k = 0; k < cells.size(); ++k) out += (k ? "," : "") + cells[k];
      out += "\n";
    }
    const auto without = thidua::rank(s, thidua::parse_sheet(s, out));
    std::size_t changed = 0;
    for (std::size_t i = 0; i < base.size(); ++i)
      if (base.status(i) == thidua::standing::ranked && base.class_index(i) != without.class_index(i)) ++changed;
    EXPECT_EQ(line_of(r.criteria, id).classes_changed, changed) << id;
  }
}

TEST(AuditInfluence, AConstantCriterionHasNoInfluenceAndIsFlagged) {
  const auto s = thidua::parse_scheme(two_families);
  // B1 is 7 for everyone.
  const auto sh = thidua::parse_sheet(s, "id,A1,B1\nS1,10,7\nS2,6,7\nS3,9,7\nS4,5,7\n");
  const auto r = audit_influence(s, sh);
  const auto& b1 = line_of(r.criteria, "B1");
  EXPECT_TRUE(b1.constant);
  EXPECT_NEAR(b1.variance_share, 0.0, 1e-12);
  EXPECT_NEAR(b1.std_dev, 0.0, 1e-12);
  EXPECT_NEAR(b1.mean, 0.7, 1e-12);
  EXPECT_TRUE(line_of(r.families, "B").constant);
  EXPECT_NEAR(line_of(r.criteria, "A1").variance_share, 100.0, 1e-9);
  EXPECT_FALSE(line_of(r.criteria, "A1").constant);
  EXPECT_NE(influence_sentence(r, line_of(r.families, "B")).find("không phân biệt được ai"), std::string::npos);
}

TEST(AuditInfluence, BonusAndDeductionTakeTheirShare) {
  std::string text = two_families;
  text += "[bonus]\nmax = 5\n";
  const auto s = thidua::parse_scheme(text);
  // Totals 55, 55, 60, 60 (A1 + B1 constant at 10 in sum, bonus 0/0/5/5): only the bonus varies.
  const auto sh = thidua::parse_sheet(s, "id,A1,B1,bonus\nS1,5,6,0\nS2,6,5,0\nS3,5,6,5\nS4,6,5,5\n");
  const auto r = audit_influence(s, sh);
  double criteria = 0;
  for (const auto& c : r.criteria) criteria += c.variance_share;
  EXPECT_NEAR(criteria + r.extra_share, 100.0, 1e-9);
  EXPECT_NEAR(r.extra_share, 100.0, 1e-9);  // A and B cancel out: A1 + B1 = 11 for everyone
}

// ------------------------------------------------------------------ audit diff

TEST(AuditDiff, TheSameSchemeChangesNothing) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto sh = thidua::load_sheet(s, sample_scores);
  const auto r = audit_diff(s, sh, s, sh);
  EXPECT_EQ(r.subjects, 60U);
  EXPECT_EQ(r.compared, 59U);
  EXPECT_EQ(r.class_changes, 0U);
  EXPECT_EQ(r.rank_changes, 0U);
  EXPECT_TRUE(r.changed.empty());
  EXPECT_DOUBLE_EQ(r.tau, 1.0);
  EXPECT_DOUBLE_EQ(r.rho, 1.0);
  EXPECT_DOUBLE_EQ(r.weighted_rho, 1.0);
  ASSERT_EQ(r.blocks.size(), 3U);
  for (const auto& b : r.blocks) EXPECT_DOUBLE_EQ(b.tau, 1.0);
}

TEST(AuditDiff, AProposalOnTheSampleAsTheEngineRanksIt) {
  const auto a = thidua::load_scheme(sample_scheme);
  const auto b = thidua::load_scheme(proposal);
  const auto sa = thidua::load_sheet(a, sample_scores);
  const auto sb = thidua::load_sheet(b, sample_scores);
  const auto r = audit_diff(a, sa, b, sb);
  EXPECT_EQ(r.scheme_a, "truong-hoc-2024-2025");
  EXPECT_EQ(r.scheme_b, "truong-hoc-de-xuat");
  // Every number is what the engine gives under each scheme.
  const auto ra = thidua::rank(a, sa), rb = thidua::rank(b, sb);
  std::size_t classes = 0, ranks = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    const auto j = static_cast<std::size_t>(rb.find(ra.id(i)));
    classes += ra.class_index(i) != rb.class_index(j) ? 1 : 0;
    ranks += ra.rank(i) != rb.rank(j) ? 1 : 0;
  }
  EXPECT_EQ(r.class_changes, classes);
  EXPECT_EQ(r.rank_changes, ranks);
  EXPECT_GT(classes, 0U);
  EXPECT_LT(r.tau, 1.0);
  for (const auto& s : r.changed) {
    const auto i = static_cast<std::size_t>(ra.find(s.id));
    const auto j = static_cast<std::size_t>(rb.find(s.id));
    EXPECT_EQ(s.rank_a, ra.rank(i));
    EXPECT_EQ(s.rank_b, rb.rank(j));
    EXPECT_DOUBLE_EQ(s.total_a, ra.total(i).to_double());
    EXPECT_DOUBLE_EQ(s.total_b, rb.total(j).to_double());
    EXPECT_TRUE(s.class_a != s.class_b || s.rank_a != s.rank_b) << s.id;
  }
  // TH04: 89.75 (tốt) under 70/30; its dân vận is worth more under 60/40: 90.14, xuất sắc.
  const auto th04 = std::find_if(r.changed.begin(), r.changed.end(), [](const auto& s) { return s.id == "TH04"; });
  ASSERT_NE(th04, r.changed.end());
  EXPECT_EQ(th04->class_a, "tot");
  EXPECT_EQ(th04->class_b, "xuat_sac");
}

TEST(AuditDiff, SubjectsInOneSheetOnlyAreListed) {
  const auto s = thidua::parse_scheme(two_families);
  const auto sa = thidua::parse_sheet(s, "id,A1,B1\nS1,10,6\nS2,6,10\nS3,9,5\n");
  const auto sb = thidua::parse_sheet(s, "id,A1,B1\nS2,6,10\nS3,9,5\nS4,5,9\n");
  const auto r = audit_diff(s, sa, s, sb);
  EXPECT_EQ(r.subjects, 2U);
  EXPECT_EQ(r.only_a, (std::vector<std::string>{"S1"}));
  EXPECT_EQ(r.only_b, (std::vector<std::string>{"S4"}));
  // S2 was second behind S1; without S1 in B it is first.
  ASSERT_EQ(r.changed.size(), 2U);
  EXPECT_EQ(r.changed[0].id, "S2");
  EXPECT_EQ(r.changed[0].rank_a, 2U);
  EXPECT_EQ(r.changed[0].rank_b, 1U);
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

std::filesystem::path temp_dir() {
  const auto dir = std::filesystem::temp_directory_path() / ("thidua-audit-influence-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

run_result run(const std::string& args) {
  static int counter = 0;
  const auto out = temp_dir() / ("out" + std::to_string(counter)), err = temp_dir() / ("err" + std::to_string(counter++));
  const std::string cmd = std::string(THIDUA_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

TEST(AuditInfluenceCli, WeightsJsonKeys) {
  const auto r = run("audit weights --scheme " + sample_scheme + " --format json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"scheme_id", "scale", "precision", "checks", "families", "criteria", "classes"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["checks"]["adds_up"], true);
  EXPECT_EQ(j["families"][1]["share_of_scale"], 30.0);
  for (const char* key : {"id", "family", "max", "weight", "share_of_scale", "share_of_family", "best_points",
                          "reachable_weight", "smallest_step", "flags"})
    EXPECT_TRUE(j["criteria"][0].contains(key)) << key;
}

TEST(AuditInfluenceCli, InfluenceTableAndJson) {
  const std::string inputs = " --scheme " + sample_scheme + " --scores " + sample_scores;
  auto r = run("audit influence" + inputs);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("• Công tác chuyên môn: 70% thang điểm, giải thích"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("• Công tác dân vận, thực hiện quy chế dân chủ: 30% thang điểm"), std::string::npos);
  const auto file = temp_dir() / "influence.json";
  std::filesystem::remove(file);
  r = run("audit influence" + inputs + " --format json --out " + file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  const auto j = nlohmann::json::parse(slurp(file));
  for (const char* key : {"scheme_id", "subjects", "excluded", "blocks", "bonus_deduction_share", "families", "criteria"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["subjects"], 59);
  for (const char* key : {"id", "name", "nominal_share", "variance_share", "classes_changed", "ranks_changed", "tau",
                          "tau_blocks", "constant", "sentence"})
    EXPECT_TRUE(j["families"][0].contains(key)) << key;
  EXPECT_EQ(j["criteria"][0]["family"], "chuyen_mon");
}

TEST(AuditInfluenceCli, DiffPositionalAndNamedSchemesAgree) {
  const auto positional = run("audit diff " + sample_scheme + " " + proposal + " --scores " + sample_scores + " --format json");
  ASSERT_EQ(positional.status, 0) << positional.err;
  const auto named = run("audit diff --scheme " + sample_scheme + " --scheme-b " + proposal + " --scores " + sample_scores +
                         " --scores-b " + sample_scores + " --format json");
  ASSERT_EQ(named.status, 0) << named.err;
  EXPECT_EQ(positional.out, named.out);
  const auto j = nlohmann::json::parse(named.out);
  for (const char* key : {"scheme_a", "scheme_b", "subjects", "compared", "class_changes", "rank_changes", "tau", "rho",
                          "weighted_rho", "tau_blocks", "blocks", "changed", "only_in_a", "only_in_b"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["scheme_b"], "truong-hoc-de-xuat");
  const auto table = run("audit diff " + sample_scheme + " " + proposal + " --scores " + sample_scores);
  ASSERT_EQ(table.status, 0);
  EXPECT_NE(table.out.find("Các đơn vị thay đổi"), std::string::npos) << table.out;
}

TEST(AuditInfluenceCli, DiffWhenTheSheetLacksAColumnOfSchemeBIsADataError) {
  // Scheme B adds a criterion DV8 the sample sheet has no column for.
  std::string b = slurp(proposal);
  b += "\n[[criterion]]\nid = \"DV8\"\nfamily = \"dan_van\"\nmax = 2\n";
  const auto file = temp_dir() / "them-tieu-chi.toml";
  std::ofstream(file) << b;
  const auto r = run("audit diff " + sample_scheme + " " + file.string() + " --scores " + sample_scores);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("thidua.data.117"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("DV8"), std::string::npos) << r.err;
}

TEST(AuditInfluenceCli, BadUsageExitsTwo) {
  auto r = run("audit influence --scheme " + sample_scheme);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("thidua.usage.102"), std::string::npos) << r.err;
  r = run("audit weights --scheme " + sample_scheme + " --format csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("thidua.usage.101"), std::string::npos) << r.err;
  r = run("audit diff " + sample_scheme + " --scores " + sample_scores);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("thidua.usage.102"), std::string::npos) << r.err;
  r = run("audit weights --scheme /nonexistent/thang-diem.toml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("thidua.io.101"), std::string::npos) << r.err;
  for (const char* tool : {"weights", "influence", "diff"}) {
    r = run(std::string("audit ") + tool + " --help");
    EXPECT_EQ(r.status, 0) << tool;
    EXPECT_NE(r.out.find("--format"), std::string::npos) << tool;
  }
}

}  // namespace
