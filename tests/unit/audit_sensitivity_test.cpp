// audit sensitivity: the intervals and first changes, checked against brute force (the weights
// rebuilt here from the documented formula, every outcome from detail::evaluate on a grid of t
// and right at the reported change), a case solved by hand, the writers and the command line.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "audit/matrix.hpp"
#include "thidua/audit/sensitivity.hpp"
#include "thidua/engine.hpp"
#include "thidua/io.hpp"

namespace {

using namespace thidua::audit;
namespace det = thidua::audit::detail;

const std::string sample_scheme = THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml";
const std::string sample_scores = THIDUA_EXAMPLES_DATA "/diem-hoi-dong.csv";

// ------------------------------------------------------------------ brute force

// w(t): the moved weights × t, the others × (S − t·w_A) ÷ (S − w_A).
Eigen::VectorXd weights_at(const det::decision_matrix& d, const std::vector<bool>& moved, double t) {
  const double S = d.w.sum();
  double wa = 0;
  for (Eigen::Index c = 0; c < d.w.size(); ++c)
    if (moved[static_cast<std::size_t>(c)]) wa += d.w(c);
  Eigen::VectorXd w = d.w;
  for (Eigen::Index c = 0; c < d.w.size(); ++c)
    w(c) = moved[static_cast<std::size_t>(c)] ? t * d.w(c) : d.w(c) * (S - t * wa) / (S - wa);
  return w;
}

struct brute {
  const det::decision_matrix& d;
  std::size_t top;
  det::outcome nominal;
  std::vector<std::vector<std::size_t>> blocks;  // non-excluded rows per block
  std::vector<std::pair<std::size_t, std::size_t>> neighbours;  // (ahead, just behind)

  brute(const det::decision_matrix& dm, std::size_t k) : d(dm), top(k), nominal(det::evaluate(dm, dm.w)) {
    for (const auto& members : det::blocks_of(d)) {
      std::vector<std::size_t> in;
      for (std::size_t i : members)
        if (!d.excluded[i]) in.push_back(i);
      blocks.push_back(in);
      // Neighbours: a subject of one rank group and one of the next group.
      std::vector<std::uint32_t> ranks;
      for (std::size_t i : in) ranks.push_back(nominal.rank[i]);
      std::sort(ranks.begin(), ranks.end());
      ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
      for (std::size_t g = 0; g + 1 < ranks.size(); ++g)
        for (std::size_t a : in)
          for (std::size_t b : in)
            if (nominal.rank[a] == ranks[g] && nominal.rank[b] == ranks[g + 1]) neighbours.emplace_back(a, b);
    }
  }

  static std::vector<std::vector<std::size_t>> sets(const det::outcome& o, const std::vector<std::vector<std::size_t>>& blocks,
                                                    std::uint32_t k) {
    std::vector<std::vector<std::size_t>> out;
    for (const auto& b : blocks) {
      std::vector<std::size_t> s;
      for (std::size_t i : b)
        if (o.rank[i] <= k) s.push_back(i);
      out.push_back(s);
    }
    return out;
  }

  // What changed at t, bit by bit: 1 classes, 2 top-k, 4 a neighbour swap, 8 first place.
  unsigned changes(const std::vector<bool>& moved, double t) const {
    const det::outcome o = det::evaluate(d, weights_at(d, moved, t));
    unsigned mask = 0;
    for (std::size_t i = 0; i < d.subjects(); ++i)
      if (o.cls[i] != nominal.cls[i]) mask |= 1U;
    if (sets(o, blocks, static_cast<std::uint32_t>(top)) != sets(nominal, blocks, static_cast<std::uint32_t>(top))) mask |= 2U;
    for (const auto& [a, b] : neighbours)
      if (o.rank[b] < o.rank[a]) mask |= 4U;
    if (sets(o, blocks, 1) != sets(nominal, blocks, 1)) mask |= 8U;
    return mask;
  }
  // Which quantity: 0 classes, 1 top-k, 2 neighbour swap, 3 first place. True when changed at t.
  bool changed(int what, const std::vector<bool>& moved, double t) const {
    return (changes(moved, t) >> what) & 1U;
  }
};

std::vector<bool> moved_of(const thidua::scheme& s, const weight_sensitivity& w) {
  std::vector<bool> moved(s.criteria.size(), false);
  for (std::size_t c = 0; c < s.criteria.size(); ++c)
    moved[c] = w.what == weight_sensitivity::kind::criterion ? s.criteria[c].id == w.id
                                                             : s.families[s.criteria[c].family_index].id == w.id;
  return moved;
}

// Grid of relative changes on one side: geometric from |end|·1e-6 to the end.
std::vector<double> grid(double end, int points) {
  std::vector<double> g;
  for (int k = 0; k <= points; ++k) g.push_back(end * std::pow(1e-6, 1.0 - static_cast<double>(k) / points));
  return g;
}

// The first grid change on a side (relative change) of each quantity, NaN when none.
std::array<double, 4> first_on_grid(const brute& b, const std::vector<bool>& moved, double end, int points) {
  std::array<double, 4> first;
  first.fill(std::nan(""));
  unsigned seen = 0;
  for (double delta : grid(end, points)) {
    const unsigned mask = b.changes(moved, 1.0 + delta) & ~seen;
    for (int what = 0; what < 4; ++what)
      if ((mask >> what) & 1U) first[static_cast<std::size_t>(what)] = delta;
    seen |= mask;
    if (seen == 15U) break;
  }
  return first;
}

// A reported change on one side agrees with brute force: no grid change before it, the outcome
// has changed right at it and not just before it. No reported change: none on the grid.
void check_side(const brute& b, int what, const std::vector<bool>& moved, const std::optional<double>& change,
                double end, double grid_first, const std::string& where) {
  if (!change) {
    EXPECT_TRUE(std::isnan(grid_first)) << where << ": brute force changes at " << grid_first;
    return;
  }
  const double c = *change;
  ASSERT_TRUE(end > 0 ? c >= -1e-12 : c <= 1e-12) << where << " " << c;
  if (!std::isnan(grid_first)) {
    EXPECT_LE(std::abs(c), std::abs(grid_first) + 1e-9) << where;
  }
  const double dir = end > 0 ? 1.0 : -1.0;
  EXPECT_TRUE(b.changed(what, moved, 1.0 + c + dir * 1e-9)) << where << ": no change at " << c;
  if (std::abs(c) > 2e-9) {
    EXPECT_FALSE(b.changed(what, moved, 1.0 + c - dir * 1e-9)) << where << ": changed before " << c;
  }
}

// Every weight of the report against brute force.
void check_report(const thidua::scheme& s, const thidua::sheet& sh, const sensitivity_report& r, int points) {
  const auto ranking = thidua::rank(s, sh);
  const auto d = det::build_matrix(s, sh, ranking);
  const brute b(d, r.top);
  for (const auto& w : r.weights) {
    if (w.fixed) continue;
    const auto moved = moved_of(s, w);
    const std::string id = w.id;
    const auto low = first_on_grid(b, moved, w.min_change, points);
    const auto high = first_on_grid(b, moved, w.max_change, points);
    check_side(b, 0, moved, w.classes_low.change, w.min_change, low[0], id + " classes low");
    check_side(b, 0, moved, w.classes_high.change, w.max_change, high[0], id + " classes high");
    check_side(b, 1, moved, w.top_low.change, w.min_change, low[1], id + " top low");
    check_side(b, 1, moved, w.top_high.change, w.max_change, high[1], id + " top high");
    // Swap and first place: the nearest of both sides.
    for (int what : {2, 3}) {
      const auto& e = what == 2 ? w.swap : w.first;
      const double l = low[static_cast<std::size_t>(what)], h = high[static_cast<std::size_t>(what)];
      const std::string where = id + (what == 2 ? " swap" : " first");
      if (!e.change) {
        EXPECT_TRUE(std::isnan(l) && std::isnan(h)) << where << " " << l << " " << h;
        continue;
      }
      const double c = *e.change;
      if (!std::isnan(l)) {
        EXPECT_LE(std::abs(c), std::abs(l) + 1e-9) << where;
      }
      if (!std::isnan(h)) {
        EXPECT_LE(std::abs(c), std::abs(h) + 1e-9) << where;
      }
      const double dir = c >= 0 ? 1.0 : -1.0;
      EXPECT_TRUE(b.changed(what, moved, 1.0 + c + dir * 1e-9)) << where << " at " << c;
      if (std::abs(c) > 2e-9) {
        EXPECT_FALSE(b.changed(what, moved, 1.0 + c - dir * 1e-9)) << where << " before " << c;
      }
    }
  }
}

// Two criteria A, B (max 50 each) in one family; X = (50, 20), Y = (30, 45) in one block.
const char* two_scheme = R"toml([scheme]
id = "hai"
scale = 100
[[family]]
id = "f"
[[criterion]]
id = "A"
family = "f"
max = 50
[[criterion]]
id = "B"
family = "f"
max = 50
[[class]]
id = "tot"
min = 70
[[class]]
id = "dat"
min = 0
)toml";

// ------------------------------------------------------------------ by hand

TEST(AuditSensitivity, TwoSubjectsByHand) {
  const auto s = thidua::parse_scheme(two_scheme);
  const auto sh = thidua::parse_sheet(s, "id,name,group,A,B\nX,X,K,50,20\nY,Y,K,30,45\n");
  const auto r = audit_sensitivity(s, sh, {.top = 1});
  ASSERT_EQ(r.weights.size(), 3U);  // A, B, and the family (fixed: the whole scale)
  const auto find = [&](const std::string& id) {
    return *std::find_if(r.weights.begin(), r.weights.end(), [&](const auto& w) { return w.id == id; });
  };
  const auto& a = find("A");
  // w_A = 50t, w_B = 100 − 50t: T_X = 40 + 30t, T_Y = 90 − 15t (t ∈ [0, 2]).
  EXPECT_DOUBLE_EQ(a.min_change, -1.0);
  EXPECT_NEAR(a.max_change, 1.0, 1e-12);
  EXPECT_FALSE(a.fixed);
  // X at 70.00: published ≥ 70.00 needs T ≥ 69.99495 (1/10000, then half up to 0.01).
  ASSERT_TRUE(a.classes_low.change);
  EXPECT_NEAR(*a.classes_low.change, (69.99495 - 40) / 30 - 1, 1e-9);
  EXPECT_EQ(a.classes_low.subject, "X");
  EXPECT_EQ(a.classes_low.class_before, 0);
  EXPECT_EQ(a.classes_low.class_after, 1);
  // Y drops below 70 when 90 − 15t < 69.99495.
  ASSERT_TRUE(a.classes_high.change);
  EXPECT_NEAR(*a.classes_high.change, (90 - 69.99495) / 15 - 1, 1e-9);
  EXPECT_EQ(a.classes_high.subject, "Y");
  // First place: Y stops being strictly ahead when its published total falls to X's: Y drops to
  // 73.33 when T_Y < 73.33495, while X has reached 73.33 (T_X ≥ 73.32495) before that.
  ASSERT_TRUE(a.first.change);
  EXPECT_NEAR(*a.first.change, (90 - 73.33495) / 15 - 1, 1e-9);
  EXPECT_EQ(a.first.before, std::vector<std::string>{"Y"});
  auto after = a.first.after;
  std::sort(after.begin(), after.end());
  EXPECT_EQ(after, (std::vector<std::string>{"X", "Y"}));
  // X strictly ahead: X reaches 73.34 (T_X ≥ 73.33495) while Y is at 73.33.
  ASSERT_TRUE(a.swap.change);
  EXPECT_NEAR(*a.swap.change, (73.33495 - 40) / 30 - 1, 1e-9);
  EXPECT_EQ(a.swap.subject, "X");
  EXPECT_EQ(a.swap.other, "Y");
  // top-1 is the first place here.
  ASSERT_TRUE(a.top_high.change);
  EXPECT_NEAR(*a.top_high.change, *a.first.change, 1e-12);
  EXPECT_FALSE(a.top_low.change);  // lowering A only widens Y's lead
  EXPECT_NEAR(*a.fragility, (40 - 69.99495) / 30 + 1, 1e-9);
  EXPECT_TRUE(find("f").fixed);
  EXPECT_EQ(r.weights.back().id, "f");  // fixed weights last
  check_report(s, sh, r, 200);
}

TEST(AuditSensitivity, NothingChangesInTheWholeRange) {
  // Z dominates W on both criteria and both are far from the threshold.
  const auto s = thidua::parse_scheme(two_scheme);
  const auto sh = thidua::parse_sheet(s, "id,name,group,A,B\nZ,Z,K,45,45\nW,W,K,10,10\n");
  const auto r = audit_sensitivity(s, sh);
  for (const auto& w : r.weights) {
    EXPECT_FALSE(w.fragility) << w.id;
    EXPECT_FALSE(w.classes_low.change || w.classes_high.change || w.top_low.change || w.top_high.change ||
                 w.swap.change || w.first.change)
        << w.id;
  }
  std::ostringstream table;
  write_sensitivity(table, r, thidua::output_format::table);
  EXPECT_NE(table.str().find("không đổi trong toàn miền"), std::string::npos);
  check_report(s, sh, r, 100);
}

// Two families with a family minimum, a veto cap, ties, two blocks, bonus and deduction.
TEST(AuditSensitivity, SmallCaseAgainstBruteForce) {
  const auto s = thidua::parse_scheme(R"toml([scheme]
id = "nho"
scale = 100
precision = 1
[[family]]
id = "cm"
weight = 60
[[family]]
id = "dv"
weight = 40
[[criterion]]
id = "C1"
family = "cm"
max = 10
[[criterion]]
id = "C2"
family = "cm"
max = 20
[[criterion]]
id = "D1"
family = "dv"
max = 5
[[criterion]]
id = "D2"
family = "dv"
max = 5
[bonus]
max = 3
[deduction]
max = 5
[[veto]]
id = "kl"
cap_class = "tot"
[[class]]
id = "xs"
min = 85
min_family = { dv = 34 }
[[class]]
id = "tot"
min = 70
[[class]]
id = "ht"
min = 0
)toml");
  const auto sh = thidua::parse_sheet(s,
                                      "id,name,group,C1,C2,D1,D2,bonus,deduction,flag:kl\n"
                                      "A1,a1,K1,9,18,4.5,4,0,0,0\n"
                                      "A2,a2,K1,10,15,5,4.5,1,0,0\n"
                                      "A3,a3,K1,8,19,4,5,0,0,1\n"
                                      "A4,a4,K1,8,19,4,5,0,0,0\n"
                                      "A5,a5,K1,6,12,3,3,0,2,0\n"
                                      "B1,b1,K2,7,14,5,5,0,0,0\n"
                                      "B2,b2,K2,10,10,2,3,2,0,0\n"
                                      "B3,b3,K2,5,20,3.5,3.5,0,0,0\n");
  for (std::size_t top : {1U, 2U, 3U}) {
    const auto r = audit_sensitivity(s, sh, {.top = top});
    ASSERT_EQ(r.weights.size(), 6U);
    check_report(s, sh, r, 150);
  }
}

// Random small cases: two families, a family minimum, bonus, a veto cap, N/A cells, values on a
// coarse grid so that ties and equal totals are common, precision 0 to 2, every rounding mode. THIDUA_SENSITIVITY_CASES
// runs more of them.
TEST(AuditSensitivity, RandomCasesAgainstBruteForce) {
  const char* env = std::getenv("THIDUA_SENSITIVITY_CASES");
  const int cases = env != nullptr ? std::atoi(env) : 4;
  std::uint64_t state = 2025;
  const auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  const char* modes[] = {"half_up", "half_even", "down", "up"};
  for (int round = 0; round < cases; ++round) {
    const int precision = static_cast<int>(next(3));
    std::string text = "[scheme]\nid = \"r\"\nscale = 100\nprecision = " + std::to_string(precision) +
                       "\nrounding = \"" + modes[next(4)] + "\"\n[[family]]\nid = \"a\"\nweight = 60\n" +
                       "[[family]]\nid = \"b\"\nweight = 40\n";
    const std::size_t criteria = 2 + next(3);
    std::string header = "id,name,group";
    for (std::size_t c = 0; c < criteria; ++c) {
      text += "[[criterion]]\nid = \"K" + std::to_string(c) + "\"\nfamily = \"" + (c % 2 == 0 ? "a" : "b") +
              "\"\nmax = 10\n";
      header += ",K" + std::to_string(c);
    }
    text += "[bonus]\nmax = 3\n[[veto]]\nid = \"kl\"\ncap_class = \"y\"\n"
            "[[class]]\nid = \"x\"\nmin = 80\nmin_family = { b = 30 }\n[[class]]\nid = \"y\"\nmin = 60\n"
            "[[class]]\nid = \"z\"\nmin = 0\n";
    header += ",bonus,flag:kl";
    const auto s = thidua::parse_scheme(text);
    std::string csv = header + "\n";
    const std::size_t subjects = 3 + next(8);
    for (std::size_t i = 0; i < subjects; ++i) {
      csv += "S" + std::to_string(i) + ",s,G" + std::to_string(next(2));
      for (std::size_t c = 0; c < criteria; ++c)
        csv += next(12) == 0 ? std::string(",N/A") : "," + std::to_string(4 + next(7));
      csv += next(4) == 0 ? ",1.5" : ",0";
      csv += next(6) == 0 ? ",1\n" : ",0\n";
    }
    const auto sh = thidua::parse_sheet(s, csv);
    const auto r = audit_sensitivity(s, sh, {.top = 1 + next(2)});
    SCOPED_TRACE(text + csv);
    check_report(s, sh, r, 60);
  }
}

TEST(AuditSensitivity, SampleAgainstBruteForce) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto sh = thidua::load_sheet(s, sample_scores);
  const auto r = audit_sensitivity(s, sh);
  ASSERT_EQ(r.weights.size(), s.criteria.size() + s.families.size());
  EXPECT_EQ(r.subjects, 59U);  // one school excluded by a veto
  EXPECT_EQ(r.blocks, 3U);
  // Sorted by fragility.
  for (std::size_t k = 1; k < r.weights.size(); ++k)
    if (r.weights[k].fragility) {
      ASSERT_TRUE(r.weights[k - 1].fragility);
      EXPECT_LE(*r.weights[k - 1].fragility, *r.weights[k].fragility);
    }
  check_report(s, sh, r, 80);
}

TEST(AuditSensitivity, ThreadsDoNotChangeTheReport) {
  const auto s = thidua::load_scheme(sample_scheme);
  const auto sh = thidua::load_sheet(s, sample_scores);
  std::ostringstream one, four;
  write_sensitivity(one, audit_sensitivity(s, sh, {.top = 3, .threads = 1}), thidua::output_format::json);
  write_sensitivity(four, audit_sensitivity(s, sh, {.top = 3, .threads = 4}), thidua::output_format::json);
  EXPECT_EQ(one.str(), four.str());
}

TEST(AuditSensitivity, JsonKeys) {
  const auto s = thidua::parse_scheme(two_scheme);
  const auto sh = thidua::parse_sheet(s, "id,name,group,A,B\nX,X,K,50,20\nY,Y,K,30,45\n");
  std::ostringstream out;
  write_sensitivity(out, audit_sensitivity(s, sh), thidua::output_format::json);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["tool"], "sensitivity");
  EXPECT_EQ(j["top"], 3);
  const auto& ws = j["weights"];
  const auto& w = *std::find_if(ws.begin(), ws.end(), [](const auto& x) { return x["id"] == "A"; });
  EXPECT_EQ(w["kind"], "criterion");
  EXPECT_EQ(w["family"], "f");
  EXPECT_DOUBLE_EQ(w["nominal"].get<double>(), 50.0);
  EXPECT_DOUBLE_EQ(w["range"]["min"].get<double>(), -1.0);
  EXPECT_EQ(w["classes"]["lower"]["subject"], "X");
  EXPECT_EQ(w["classes"]["lower"]["from"], "tot");
  EXPECT_EQ(w["classes"]["lower"]["to"], "dat");
  EXPECT_TRUE(w["top"]["lower"].is_null());  // the block has fewer than 3 subjects
  EXPECT_EQ(w["neighbour_swap"]["overtaking"], "X");
  EXPECT_EQ(w["first_place"]["after"].size(), 2U);
  EXPECT_TRUE(j["weights"][2]["fixed"].get<bool>());
  EXPECT_THROW(write_sensitivity(out, audit_sensitivity(s, sh), thidua::output_format::csv), std::invalid_argument);
}

// ------------------------------------------------------------------ command line

struct run_result {
  int status = -1;
  std::string out, err;
};

run_result run(const std::string& args) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() / ("thidua-sensitivity-test-" + std::to_string(::getpid()));
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

TEST(AuditSensitivityCli, TableJsonAndUsage) {
  const std::string inputs = " --scheme " + sample_scheme + " --scores " + sample_scores;
  auto r = run("audit sensitivity" + inputs + " --top 2");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Giữ mọi xếp loại"), std::string::npos);
  EXPECT_NE(r.out.find("Giữ top-2"), std::string::npos);
  EXPECT_NE(r.out.find("Thay đổi đầu tiên"), std::string::npos);
  const auto file = std::filesystem::temp_directory_path() / ("thidua-sensitivity-" + std::to_string(::getpid()) + ".json");
  r = run("audit sensitivity" + inputs + " --format json --out " + file.string());
  ASSERT_EQ(r.status, 0) << r.err;
  std::ifstream in(file);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["weights"].size(), 17U);
  std::filesystem::remove(file);
  EXPECT_EQ(run("audit sensitivity --scheme " + sample_scheme).status, 2);
  EXPECT_EQ(run("audit sensitivity" + inputs + " --top 0").status, 2);
  EXPECT_EQ(run("audit sensitivity" + inputs + " --format csv").status, 2);
  r = run("audit sensitivity --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--top"), std::string::npos);
}

}  // namespace
