// explain(): the trail behind every class and rank, as the emulation council must defend it.
//  - the rank reason: the neighbours above and below and the first ranking key that separates them;
//  - what it would take: the gain, the family gaps and the cheapest criteria, with the exact raw
//    change (assessor points rounded up to the step, the tier, the linear value, yes);
//  - why no gain helps: a veto cap, exclusion, a quota decision, the best class;
//  - the trail adds up: criterion contributions → family subtotals → total (the issue's "done
//    when"), for every subject of the bundled sample;
//  - `why` in the ranking JSON, for every result.
// Every closing change found by explain() is checked independently by re-ranking the sheet
// with the changed value.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thidua/thidua.hpp>

#include "cli_run.hpp"
#include "engine_fixture.hpp"
#include "generate.hpp"

namespace {

using thidua::decimal;
using thidua::explanation;
using thidua::points;
using thidua::sheet;
using obstacle = thidua::explanation::obstacle;
using kind = thidua::ranking_key::kind;

sheet::value_type v(const char* text) { return sheet::encode(points(text)); }
constexpr sheet::value_type empty = sheet::missing;

// ---------------------------------------------------------------------------------------------
// The bundled sample, ranked once with criterion points kept.

struct sample {
  thidua::scheme s;
  sheet review;
  thidua::ranking r;
};

const sample& the_sample() {
  static const std::unique_ptr<sample> data = [] {
    const std::filesystem::path dir = THIDUA_EXAMPLES_DATA;
    auto s = thidua::load_scheme(dir / "truong-hoc-2024-2025.toml");
    auto review = thidua::load_sheet(s, dir / "diem-hoi-dong.csv");
    thidua::rank_options options;
    options.keep_criterion_points = true;
    auto r = thidua::rank(s, review, options);
    return std::unique_ptr<sample>(new sample{std::move(s), std::move(review), std::move(r)});
  }();
  return *data;
}

std::size_t row_of(const thidua::ranking& r, const char* id) {
  const std::ptrdiff_t row = r.find(id);
  EXPECT_GE(row, 0) << id;
  return static_cast<std::size_t>(row);
}

std::string class_id(const thidua::scheme& s, std::ptrdiff_t k) {
  return k < 0 ? "-" : s.classes[static_cast<std::size_t>(k)].id;
}

std::string criterion_id(const thidua::scheme& s, const explanation::criterion_gain& g) {
  return s.criteria[g.criterion].id;
}

// ---------------------------------------------------------------------------------------------
// Rank reason

TEST(ExplainRank, NeighboursAndTheFirstKeyThatSeparatesThem) {
  const auto& d = the_sample();
  const auto& s = d.s;
  {
    // MN03 (tot, 91.75) after MN02 (xuat_sac, 90.00): the class decides, not the total.
    const auto e = thidua::explain(d.r, row_of(d.r, "MN03"));
    ASSERT_TRUE(e.above && e.below);
    EXPECT_EQ(d.r.id(e.above->row), "MN02");
    EXPECT_EQ(e.above->rank, 6U);
    EXPECT_FALSE(e.above->tied);
    EXPECT_EQ(s.order[e.above->key].what, kind::class_);
    EXPECT_EQ(class_id(s, e.above->class_value), "tot");
    EXPECT_EQ(class_id(s, e.above->neighbour_class), "xuat_sac");
    EXPECT_EQ(d.r.id(e.below->row), "MN05");
    EXPECT_EQ(s.order[e.below->key].what, kind::total);
    EXPECT_EQ(e.below->value, points("91.75"));
    EXPECT_EQ(e.below->neighbour_value, points("89.03"));
  }
  {
    // TH06 and TH10 both 88.75: dân vận decides (26.50 vs 26.25).
    const auto e = thidua::explain(d.r, row_of(d.r, "TH06"));
    ASSERT_TRUE(e.above && e.below);
    EXPECT_EQ(d.r.id(e.above->row), "TH04");
    EXPECT_EQ(thidua::to_string(s.order[e.above->key]), "total");
    EXPECT_EQ(e.above->value, points("88.75"));
    EXPECT_EQ(e.above->neighbour_value, points("89.75"));
    EXPECT_EQ(d.r.id(e.below->row), "TH10");
    EXPECT_EQ(e.below->key, 2U);
    EXPECT_EQ(thidua::to_string(s.order[e.below->key]), "family:dan_van");
    EXPECT_EQ(e.below->value, points("26.5"));
    EXPECT_EQ(e.below->neighbour_value, points("26.25"));
  }
  {
    // THCS07 (89.996 → 90.00) below THCS10 on the total, above THCS01 (90.00, dân vận 26) on CM3.
    const auto e = thidua::explain(d.r, row_of(d.r, "THCS07"));
    ASSERT_TRUE(e.above && e.below);
    EXPECT_EQ(d.r.id(e.above->row), "THCS10");
    EXPECT_EQ(thidua::to_string(s.order[e.above->key]), "total");
    EXPECT_EQ(e.above->value, points("90"));
    EXPECT_EQ(e.above->neighbour_value, points("90.25"));
    EXPECT_EQ(d.r.id(e.below->row), "THCS01");
    EXPECT_EQ(e.below->key, 3U);
    EXPECT_EQ(thidua::to_string(s.order[e.below->key]), "criterion:CM3");
    EXPECT_EQ(e.below->value, points("13.5"));
    EXPECT_EQ(e.below->neighbour_value, points("12.5"));
  }
  {
    // THCS13 after THCS04: equal total and dân vận, CM3 12.25 vs 12.5.
    const auto e = thidua::explain(d.r, row_of(d.r, "THCS13"));
    ASSERT_TRUE(e.above);
    EXPECT_EQ(d.r.id(e.above->row), "THCS04");
    EXPECT_EQ(thidua::to_string(s.order[e.above->key]), "criterion:CM3");
    EXPECT_EQ(e.above->value, points("12.25"));
    EXPECT_EQ(e.above->neighbour_value, points("12.5"));
  }
  {
    // The top of a block has no neighbour above; an excluded subject has none at all.
    const auto top = thidua::explain(d.r, row_of(d.r, "MN04"));
    EXPECT_FALSE(top.above);
    EXPECT_TRUE(top.below);
    const auto last = thidua::explain(d.r, row_of(d.r, "THCS11"));  // last ranked; THCS17 is excluded
    EXPECT_TRUE(last.above);
    EXPECT_FALSE(last.below);
    const auto excluded = thidua::explain(d.r, row_of(d.r, "THCS17"));
    EXPECT_FALSE(excluded.above);
    EXPECT_FALSE(excluded.below);
  }
}

// One family, one criterion: the total is the points.
thidua::scheme one_criterion_scheme(std::vector<thidua::ranking_key> order) {
  thidua::scheme s;
  s.id = "r";
  s.families = {{.id = "chuyen_mon", .name = "Chuyên môn"}};
  s.criteria = {{.id = "CM1", .family = "chuyen_mon", .name = "Chất lượng", .max = decimal::from_int(100)}};
  s.classes = {{.id = "tot", .name = "Tốt", .min = decimal::from_int(80)}, {.id = "dat", .name = "Đạt", .min = {}}};
  s.order = std::move(order);
  thidua::finalize_scheme(s);
  return s;
}

TEST(ExplainRank, TiedNeighboursAndTheTextKeys) {
  for (const kind last : {kind::id, kind::name}) {
    const auto s = one_criterion_scheme({{kind::class_}, {kind::total}, {last}});
    sheet sh(1);
    const sheet::value_type a[] = {v("85")};
    sh.add_subject({.id = "B", .name = "Trường An", .group = "X"}, a);
    sh.add_subject({.id = "A", .name = "Trường Bình", .group = "X"}, a);
    thidua::rank_options o;
    o.keep_criterion_points = true;
    const auto r = thidua::rank(s, sh, o);
    const auto e = thidua::explain(r, 0);  // B
    if (last == kind::id) {
      // id: A before B.
      ASSERT_TRUE(e.above);
      EXPECT_EQ(r.id(e.above->row), "A");
      EXPECT_FALSE(e.above->tied);
      EXPECT_EQ(e.above->key, 2U);
      EXPECT_EQ(e.rank, 2U);
    } else {
      // name (Vietnamese collation): Trường An before Trường Bình.
      ASSERT_TRUE(e.below);
      EXPECT_EQ(r.id(e.below->row), "A");
      EXPECT_EQ(e.below->key, 2U);
      EXPECT_EQ(s.order[e.below->key].what, kind::name);
      EXPECT_EQ(e.rank, 1U);
    }
  }
  // Without a text key, equal subjects share the rank and are listed by id.
  const auto s = one_criterion_scheme({{kind::class_}, {kind::total}});
  sheet sh(1);
  const sheet::value_type a[] = {v("85")}, b[] = {v("81")};
  sh.add_subject({.id = "B", .name = "B", .group = "X"}, a);
  sh.add_subject({.id = "A", .name = "A", .group = "X"}, a);
  sh.add_subject({.id = "C", .name = "C", .group = "X"}, b);
  const auto r = thidua::rank(s, sh);
  const auto e = thidua::explain(s, sh, r, 0);  // B, listed after A
  ASSERT_TRUE(e.above && e.below);
  EXPECT_TRUE(e.above->tied);
  EXPECT_EQ(r.id(e.above->row), "A");
  EXPECT_EQ(e.above->rank, 1U);
  EXPECT_EQ(e.rank, 1U);
  EXPECT_FALSE(e.below->tied);
  EXPECT_EQ(r.id(e.below->row), "C");
  EXPECT_EQ(e.below->rank, 3U);
  EXPECT_EQ(e.below->value, points("85"));
  EXPECT_EQ(s.order[e.below->key].what, kind::total);
  EXPECT_EQ(e.below->neighbour_value, points("81"));
}

// ---------------------------------------------------------------------------------------------
// What it would take

thidua::scheme school_scheme() { return thidua::testing::school_scheme(); }

struct ranked {
  thidua::scheme s;
  sheet sh;
  thidua::ranking r;
};

ranked rank_rows(const std::vector<std::vector<sheet::value_type>>& rows, std::uint64_t flags_of_last = 0) {
  ranked out{school_scheme(), sheet(5), {}};
  out.sh.flag_index("ky_luat");
  out.sh.flag_index("vi_pham");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string id = "S" + std::to_string(i);
    out.sh.add_subject({.id = id, .name = id, .group = "A"}, rows[i], {}, {},
                       i + 1 == rows.size() ? flags_of_last : 0);
  }
  thidua::rank_options o;
  o.keep_criterion_points = true;
  out.r = thidua::rank(out.s, out.sh, o);
  return out;
}

TEST(ExplainNext, GainAndCheapestCriteriaWithExactRawChanges) {
  // CM1 97% → tier 2 (8); CM2 1.0% → 10 × 2 ÷ 2.5 = 8; CM3 44.75; DV1 14; DV2 yes (15).
  // chuyên môn 60.75, dân vận 29, total 89.75: 0.25 short of xuất sắc.
  const auto d = rank_rows({{v("97"), v("1"), v("44.75"), v("14"), v("1")}});
  const auto e = thidua::explain(d.r, 0);
  EXPECT_EQ(class_id(d.s, e.final_class), "tot");
  EXPECT_EQ(e.next.blocked, obstacle::none);
  EXPECT_EQ(class_id(d.s, e.next.target), "xuat_sac");
  EXPECT_EQ(e.next.gain, points("0.25"));
  EXPECT_TRUE(e.next.family_gaps.empty());
  EXPECT_FALSE(e.next.quota_applies);
  const auto& c = e.next.criteria;
  ASSERT_EQ(c.size(), 4U);  // DV2 is at its maximum
  // Cheapest first, by the share of the maximum the change adds: CM3 0.25/50, DV1 0.25/15,
  // CM2 0.25/10, CM1 2/10.
  EXPECT_EQ(criterion_id(d.s, c[0]), "CM3");
  EXPECT_TRUE(c[0].closes);
  EXPECT_EQ(c[0].from, points("44.75"));
  EXPECT_EQ(c[0].to, points("45"));
  EXPECT_EQ(c[0].total_gain, points("0.25"));
  EXPECT_EQ(c[0].new_total, points("90"));
  EXPECT_EQ(c[0].max_gain, points("5.25"));
  EXPECT_EQ(criterion_id(d.s, c[1]), "DV1");
  EXPECT_EQ(c[1].to, points("14.25"));
  // Linear, lower is better. Classes compare the published total, so 89.995 (→ 90.00, half
  // up) is enough: 8 + 0.245 points, 4 × (3 − v) ≥ 8.245, v ≤ 0.93875 → 0.9387 (8.2452).
  EXPECT_EQ(criterion_id(d.s, c[2]), "CM2");
  EXPECT_TRUE(c[2].closes);
  EXPECT_EQ(c[2].from, points("1"));
  EXPECT_EQ(c[2].to, points("0.9387"));
  EXPECT_EQ(c[2].new_points, points("8.2452"));
  EXPECT_EQ(c[2].total_gain, points("0.2452"));
  EXPECT_EQ(c[2].new_total, points("90"));
  EXPECT_EQ(criterion_id(d.s, c[3]), "CM1");  // the next tier: 97 → 99 (tier 1, 10 points)
  EXPECT_TRUE(c[3].closes);
  EXPECT_EQ(c[3].from, points("97"));
  EXPECT_EQ(c[3].to, points("99"));
  EXPECT_EQ(c[3].to_tier, 0U);
  EXPECT_EQ(c[3].new_points, points("10"));
  EXPECT_EQ(c[3].total_gain, points("2"));
  EXPECT_EQ(c[3].new_total, points("91.75"));
}

TEST(ExplainNext, AssessorPointsRoundUpToTheStepAndPublishedRoundingCounts) {
  // CM2 1.025% → 4 × 1.975 = 7.9: total 89.65, 0.35 short. Assessor points move in steps of
  // 0.25: +0.5. The linear value only needs the published total to reach 90.00 (half up):
  // 89.995 − 89.65 = 0.345 → 7.9 + 0.345 = 8.245 → v ≤ 0.93875 → 0.9387 (8.2452, total 89.9952).
  const auto d = rank_rows({{v("97"), v("1.025"), v("44.75"), v("14"), v("1")}});
  const auto e = thidua::explain(d.r, 0);
  EXPECT_EQ(e.total, points("89.65"));
  EXPECT_EQ(e.next.gain, points("0.35"));
  const auto& c = e.next.criteria;
  ASSERT_EQ(c.size(), 4U);
  EXPECT_EQ(criterion_id(d.s, c[0]), "CM3");
  EXPECT_EQ(c[0].to, points("45.25"));       // 0.35 rounded up to the step 0.25
  EXPECT_EQ(c[0].total_gain, points("0.5"));
  EXPECT_EQ(c[0].new_total, points("90.15"));
  EXPECT_EQ(criterion_id(d.s, c[1]), "DV1");
  EXPECT_EQ(c[1].to, points("14.5"));
  EXPECT_EQ(criterion_id(d.s, c[2]), "CM2");
  EXPECT_EQ(c[2].to, points("0.9387"));
  EXPECT_EQ(c[2].new_points, points("8.2452"));
  EXPECT_EQ(c[2].new_total, points("90"));
  EXPECT_EQ(criterion_id(d.s, c[3]), "CM1");
}

TEST(ExplainNext, FamilyGapYesNoAndCriteriaThatCannotCloseAlone) {
  // Full chuyên môn (70), DV1 15, DV2 no: dân vận 15 < 24 and total 85 < 90. Only DV2 (yes)
  // closes both; nothing else has headroom.
  auto d = rank_rows({{v("99"), v("0.5"), v("50"), v("15"), v("0")}});
  auto e = thidua::explain(d.r, 0);
  EXPECT_EQ(e.next.gain, points("5"));
  ASSERT_EQ(e.next.family_gaps.size(), 1U);
  EXPECT_EQ(d.s.families[e.next.family_gaps[0].family].id, "dan_van");
  EXPECT_EQ(e.next.family_gaps[0].needs, points("24"));
  EXPECT_EQ(e.next.family_gaps[0].has, points("15"));
  ASSERT_EQ(e.next.criteria.size(), 1U);
  EXPECT_EQ(criterion_id(d.s, e.next.criteria[0]), "DV2");
  EXPECT_TRUE(e.next.criteria[0].closes);
  EXPECT_EQ(e.next.criteria[0].from, points("0"));
  EXPECT_EQ(e.next.criteria[0].to, points("1"));
  EXPECT_EQ(e.next.criteria[0].new_total, points("100"));

  // An empty cell (missing, 0 points) can be filled; criteria that cannot close alone come
  // after, by what they can add. CM1 88% (below tiers), CM2 3% (0), CM3 empty, DV1 9, DV2
  // yes: total 24 (khong_hoan_thanh), 26 short of hoàn thành.
  d = rank_rows({{v("88"), v("3"), empty, v("9"), v("1")}});
  e = thidua::explain(d.r, 0);
  EXPECT_EQ(class_id(d.s, e.next.target), "hoan_thanh");
  EXPECT_EQ(e.next.gain, points("26"));
  const auto& c = e.next.criteria;
  ASSERT_EQ(c.size(), 4U);
  EXPECT_EQ(criterion_id(d.s, c[0]), "CM3");  // the only one that closes alone: empty → 26
  EXPECT_TRUE(c[0].closes);
  EXPECT_FALSE(c[0].has_from);
  EXPECT_EQ(c[0].to, points("26"));
  EXPECT_EQ(criterion_id(d.s, c[1]), "CM1");  // +10
  EXPECT_FALSE(c[1].closes);
  EXPECT_EQ(c[1].max_gain, points("10"));
  EXPECT_EQ(criterion_id(d.s, c[2]), "CM2");  // +10, after CM1 in scheme order
  EXPECT_EQ(c[2].max_gain, points("10"));
  EXPECT_EQ(criterion_id(d.s, c[3]), "DV1");  // +6
  EXPECT_EQ(c[3].max_gain, points("6"));
}

TEST(ExplainNext, VetoExclusionAndBestClassSayWhyNoGainHelps) {
  // Capped by ky_luat: 95 by score, hoan_thanh; the next class (tot) is out of reach.
  auto d = rank_rows({{v("99"), v("0.5"), v("45"), v("15"), v("1")}}, 1);
  auto e = thidua::explain(d.r, 0);
  EXPECT_EQ(class_id(d.s, e.class_by_score), "xuat_sac");
  EXPECT_EQ(class_id(d.s, e.final_class), "hoan_thanh");
  EXPECT_EQ(e.next.blocked, obstacle::veto);
  EXPECT_EQ(class_id(d.s, e.next.target), "tot");
  EXPECT_EQ(d.s.vetoes[e.next.veto].id, "ky_luat");
  EXPECT_TRUE(e.next.criteria.empty());
  // A capped subject whose score is below the cap can still climb up to it.
  d = rank_rows({{v("88"), v("3"), v("10"), v("10"), v("1")}}, 1);  // 35: khong_hoan_thanh
  e = thidua::explain(d.r, 0);
  EXPECT_EQ(e.next.blocked, obstacle::none);
  EXPECT_EQ(class_id(d.s, e.next.target), "hoan_thanh");
  EXPECT_EQ(e.next.gain, points("15"));
  // Excluded.
  d = rank_rows({{v("99"), v("0.5"), v("45"), v("15"), v("1")}}, 2);
  e = thidua::explain(d.r, 0);
  EXPECT_EQ(e.next.blocked, obstacle::excluded);
  EXPECT_EQ(e.next.target, -1);
  EXPECT_TRUE(e.next.criteria.empty());
  // Best class.
  d = rank_rows({{v("99"), v("0.5"), v("45"), v("15"), v("1")}});
  e = thidua::explain(d.r, 0);
  EXPECT_EQ(class_id(d.s, e.final_class), "xuat_sac");
  EXPECT_EQ(e.next.blocked, obstacle::best_class);
  EXPECT_TRUE(e.next.criteria.empty());
}

TEST(ExplainNext, AQuotaDecisionIsShownAndTheGainOnlyMovesUpTheCandidates) {
  thidua::scheme s;
  s.id = "quota";
  s.families = {{.id = "chuyen_mon", .name = "Chuyên môn"}, {.id = "dan_van", .name = "Dân vận"}};
  s.criteria = {{.id = "CM", .family = "chuyen_mon", .name = "CM", .max = decimal::from_int(80)},
                {.id = "DV", .family = "dan_van", .name = "DV", .max = decimal::from_int(20)}};
  s.classes = {{.id = "xuat_sac", .name = "Xuất sắc", .min = decimal::from_int(90),
                .quota = thidua::class_quota{.max = points("0.2"), .of = "class:tot"}},
               {.id = "tot", .name = "Tốt", .min = decimal::from_int(70)},
               {.id = "khong", .name = "Không hoàn thành", .min = {}}};
  s.order = {{kind::class_}, {kind::total}, {kind::id}};
  thidua::finalize_scheme(s);
  // 5 reach xuất sắc (95..91), 10 tốt (80): base 13 → 2.6 → 2 kept.
  sheet sh(2);
  const char* totals[] = {"95", "94", "93", "92", "91"};
  for (int i = 0; i < 5; ++i) {
    const sheet::value_type x[] = {sheet::encode(points(totals[i]) - points("20")), v("20")};
    sh.add_subject({.id = "S" + std::to_string(i), .name = "S", .group = "A"}, x);
  }
  for (int i = 0; i < 10; ++i) {
    const sheet::value_type x[] = {v("60"), v("20")};
    sh.add_subject({.id = "T" + std::to_string(i), .name = "T", .group = "A"}, x);
  }
  thidua::rank_options o;
  o.keep_criterion_points = true;
  const auto r = thidua::rank(s, sh, o);
  auto e = thidua::explain(r, 2);  // S2, 93: third candidate, demoted
  EXPECT_EQ(class_id(s, e.final_class), "tot");
  EXPECT_EQ(e.next.blocked, obstacle::quota);
  EXPECT_EQ(class_id(s, e.next.target), "xuat_sac");
  EXPECT_EQ(e.next.gain, decimal{});
  ASSERT_TRUE(e.next.quota);
  EXPECT_EQ(e.next.quota->position, 3U);
  EXPECT_EQ(e.next.quota->limit, 2U);
  EXPECT_TRUE(e.next.quota->demoted);
  ASSERT_EQ(e.next.criteria.size(), 1U);  // CM 73 → 80 could move it up the candidates
  EXPECT_FALSE(e.next.criteria[0].closes);
  EXPECT_EQ(e.next.criteria[0].max_gain, points("7"));
  // A tốt subject that has not reached xuất sắc: the gain, and the note that a quota applies.
  e = thidua::explain(r, 5);
  EXPECT_EQ(e.next.blocked, obstacle::none);
  EXPECT_EQ(e.next.gain, points("10"));
  EXPECT_TRUE(e.next.quota_applies);
  ASSERT_EQ(e.next.criteria.size(), 1U);
  EXPECT_TRUE(e.next.criteria[0].closes);
  EXPECT_EQ(e.next.criteria[0].to, points("69.995"));  // no step: 89.995 publishes as 90.00

  std::ostringstream text;
  thidua::write_explanation_text(text, r, thidua::explain(r, 2));
  EXPECT_NE(text.str().find("vượt tỷ lệ: vị trí 3/5 ứng viên, tối đa 2"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("có thể đưa lên trước trong thứ tự ứng viên"), std::string::npos) << text.str();
}

// ---------------------------------------------------------------------------------------------
// The sample: exact next-class requirements, and every change checked by re-ranking.

TEST(ExplainSample, Th06NeedsOneAndAQuarterCheapestFirst) {
  const auto& d = the_sample();
  const auto e = thidua::explain(d.r, row_of(d.r, "TH06"));
  EXPECT_EQ(e.next.gain, points("1.25"));
  const auto& c = e.next.criteria;
  std::vector<std::string> ids;
  for (const auto& g : c) ids.push_back(criterion_id(d.s, g) + (g.closes ? "+" : ""));
  EXPECT_EQ(ids, (std::vector<std::string>{"CM3+", "CM7+", "CM5+", "CM6+", "DV4", "DV7", "CM8", "DV1", "DV5", "DV6"}));
  ASSERT_GE(c.size(), 4U);
  EXPECT_EQ(c[0].to, points("14"));    // 12.75 + 1.25, on the 0.25 grid
  EXPECT_EQ(c[1].to, points("7.75"));  // 6.5 + 1.25
  EXPECT_EQ(c[2].to, points("8"));     // 6.5 + 1.25 rounded up to the step 0.5
  EXPECT_EQ(c[2].total_gain, points("1.5"));
  EXPECT_EQ(c[3].from, points("98.41"));
  EXPECT_EQ(c[3].to, points("100"));   // CM6: tier 1
  EXPECT_EQ(c[3].to_tier, 0U);
}

TEST(ExplainSample, Mn03NeedsHalfAPointOfDanVan) {
  const auto& d = the_sample();
  const auto e = thidua::explain(d.r, row_of(d.r, "MN03"));
  EXPECT_EQ(e.next.gain, decimal{});
  ASSERT_EQ(e.next.family_gaps.size(), 1U);
  EXPECT_EQ(e.next.family_gaps[0].has, points("23.5"));
  std::vector<std::string> ids;
  for (const auto& g : e.next.criteria) ids.push_back(criterion_id(d.s, g) + (g.closes ? "+" : ""));
  EXPECT_EQ(ids, (std::vector<std::string>{"DV1+", "DV4+", "DV5+", "DV6+", "DV3+", "DV7+", "CM3", "CM5", "CM7"}));
  EXPECT_EQ(e.next.criteria[5].from, points("1"));  // DV7: 1 model → 2 (tier 3 → tier 2)
  EXPECT_EQ(e.next.criteria[5].to, points("2"));
  EXPECT_EQ(e.next.criteria[5].to_tier, 1U);
}

// Raw value that gives criterion c its best points.
sheet::value_type best_value(const thidua::criterion& c) {
  if (c.input == thidua::input_kind::yes_no) return v("1");
  if (c.input == thidua::input_kind::points) return sheet::encode(c.max);
  if (c.input == thidua::input_kind::failures) return v("0");
  if (!c.tiers.empty()) return sheet::encode(c.tiers.front().threshold);
  return sheet::encode(c.linear->full);
}

TEST(ExplainSample, EveryChangeIsConfirmedByRerankingAndIsTheSmallest) {
  const auto& d = the_sample();
  sheet work = d.review;
  std::size_t checked = 0;
  for (std::size_t row = 0; row < d.r.size(); ++row) {
    const auto e = thidua::explain(d.r, row);
    if (e.next.blocked != obstacle::none) continue;
    const auto target = e.next.target;
    for (const auto& g : e.next.criteria) {
      const auto& c = d.s.criteria[g.criterion];
      auto& cell = work.values(row)[g.criterion];
      const sheet::value_type saved = cell;
      auto rerank = [&](sheet::value_type value) {
        cell = value;
        auto again = thidua::rank(d.s, work);
        cell = saved;
        return again;
      };
      SCOPED_TRACE(std::string(d.r.id(row)) + " " + c.id);
      if (g.closes) {
        const auto after = rerank(sheet::encode(g.to));
        EXPECT_LE(after.class_by_score(row), target);
        EXPECT_EQ(after.total(row), g.new_total);
        EXPECT_EQ(after.total_unrounded(row) - d.r.total_unrounded(row), g.total_gain);
        // One notch less does not do it.
        decimal less = g.to;
        if (c.input == thidua::input_kind::points) less = g.to - c.step.value_or(decimal::from_units(1));
        else if (c.input == thidua::input_kind::failures) less = g.to + decimal::from_int(1);
        else if (!c.tiers.empty() && g.to_tier + 1 < c.tiers.size() && c.tiers[g.to_tier + 1].points > g.points)
          less = c.tiers[g.to_tier + 1].threshold;
        else if (c.linear) less = c.linear->full < c.linear->zero ? g.to + decimal::from_units(1) : g.to - decimal::from_units(1);
        if (less != g.to && (!g.has_from || less != g.from)) {
          EXPECT_GT(rerank(sheet::encode(less)).class_by_score(row), target) << less.to_short_string();
        }
        ++checked;
      } else {
        const auto best = rerank(best_value(c));
        EXPECT_GT(best.class_by_score(row), target);
        EXPECT_EQ(best.total_unrounded(row) - d.r.total_unrounded(row), g.max_gain);
      }
    }
  }
  EXPECT_GT(checked, 50U);
}

// ---------------------------------------------------------------------------------------------
// The trail adds up (the "done when").

TEST(ExplainSample, ContributionsAddUpToFamiliesAndFamiliesToTheTotal) {
  const auto& d = the_sample();
  for (std::size_t row = 0; row < d.r.size(); ++row) {
    SCOPED_TRACE(std::string(d.r.id(row)));
    const auto e = thidua::explain(d.r, row);
    ASSERT_TRUE(e.complete);
    decimal families;
    for (std::size_t f = 0; f < d.s.families.size(); ++f) {
      decimal sum;
      for (std::size_t c : d.s.families[f].criteria) sum += e.contributions[c];
      EXPECT_EQ(sum, e.families[f].subtotal);
      EXPECT_EQ(sum, d.r.family_unrounded(row, f));
      EXPECT_EQ(e.families[f].subtotal.rounded(d.s.precision, d.s.round), d.r.family(row, f));
      families += e.families[f].subtotal;
    }
    EXPECT_EQ(families, e.families_sum);
    EXPECT_EQ(e.families_scaled, e.families_sum);  // no family is wholly N/A in the sample
    EXPECT_EQ(std::max(decimal{}, e.families_scaled + e.bonus_counted - e.deduction_counted), e.total_unrounded);
    EXPECT_EQ(e.total_unrounded, d.r.total_unrounded(row));
    EXPECT_EQ(e.bonus_counted, d.r.bonus_counted(row));
    EXPECT_EQ(e.deduction_counted, d.r.deduction_counted(row));
  }
  // MN16: CM4 N/A, chuyên môn 57.75 of 65 → 62.1923; the contributions are apportioned.
  const auto e = thidua::explain(d.r, row_of(d.r, "MN16"));
  EXPECT_EQ(e.families[0].subtotal, points("62.1923"));
  EXPECT_EQ(e.contributions[3], decimal{});            // CM4, N/A
  EXPECT_EQ(e.contributions[2], points("13.4615"));    // CM3 12.5 × 70 ÷ 65 = 13.4615…
}

TEST(ExplainTrail, AWhollyNotApplicableFamilyAddsTheRescalingStep) {
  const auto s = school_scheme();
  sheet sh(5);
  const sheet::value_type a[] = {v("99"), v("0.5"), v("40"), sheet::not_applicable, sheet::not_applicable};
  sh.add_subject({.id = "A", .name = "A", .group = "X"}, a, points("2"), points("1"));
  const auto r = thidua::rank(s, sh);
  const auto e = thidua::explain(s, sh, r, 0);
  EXPECT_EQ(e.families_sum, points("60"));
  EXPECT_EQ(e.families_scaled, points("85.7143"));  // 60 × 100 ÷ 70
  EXPECT_EQ(e.total_unrounded, points("86.7143"));
  decimal sum;
  for (std::size_t c = 0; c < 3; ++c) sum += e.contributions[c];
  EXPECT_EQ(sum, e.families[0].subtotal);
  std::ostringstream text;
  thidua::write_explanation_text(text, r, e);
  EXPECT_NE(text.str().find("Các nhóm: 60 → quy về thang 100 (có nhóm không áp dụng toàn bộ): 85.7143"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("Tổng điểm: 85.7143 + 2 − 1 = 86.7143 → làm tròn"), std::string::npos) << text.str();
}

// ---------------------------------------------------------------------------------------------
// The two overloads, and rankings built in pieces.

void expect_same(const explanation& a, const explanation& b) {
  EXPECT_EQ(a.total_unrounded, b.total_unrounded);
  EXPECT_EQ(a.contributions, b.contributions);
  ASSERT_EQ(a.criteria.size(), b.criteria.size());
  for (std::size_t c = 0; c < a.criteria.size(); ++c) EXPECT_EQ(a.criteria[c].points, b.criteria[c].points);
  EXPECT_EQ(a.next.gain, b.next.gain);
  ASSERT_EQ(a.next.criteria.size(), b.next.criteria.size());
  for (std::size_t k = 0; k < a.next.criteria.size(); ++k) {
    EXPECT_EQ(a.next.criteria[k].criterion, b.next.criteria[k].criterion);
    EXPECT_EQ(a.next.criteria[k].to, b.next.criteria[k].to);
  }
  EXPECT_EQ(a.above.has_value(), b.above.has_value());
  EXPECT_EQ(a.below.has_value(), b.below.has_value());
}

TEST(ExplainOverloads, WithoutTheSheetEqualsWithTheSheetAndPiecesEqualTheWhole) {
  const auto& d = the_sample();
  thidua::rank_options keep;
  keep.keep_criterion_points = true;
  thidua::ranking_builder b(d.s, keep);
  for (std::size_t first = 0; first < d.review.size(); first += 7) {
    sheet piece(d.s.criteria.size());
    for (const auto& f : d.review.flag_names()) piece.flag_index(f);
    for (std::size_t row = first; row < std::min(first + 7, d.review.size()); ++row)
      piece.add_subject({d.review.id(row), d.review.name(row), d.review.group(row)}, d.review.values(row),
                        d.review.bonus(row), d.review.deduction(row), d.review.flags(row));
    b.add(piece);
  }
  const auto pieces = std::move(b).finish(keep);
  ASSERT_TRUE(pieces.keeps_criterion_points());
  for (std::size_t row = 0; row < d.r.size(); ++row) {
    SCOPED_TRACE(std::string(d.r.id(row)));
    const auto with_sheet = thidua::explain(d.s, d.review, d.r, row);
    expect_same(with_sheet, thidua::explain(d.r, row));
    expect_same(with_sheet, thidua::explain(pieces, row));
  }
  // Without kept points: what the ranking holds.
  const auto plain = thidua::rank(d.s, d.review);
  EXPECT_FALSE(plain.keeps_criterion_points());
  const auto e = thidua::explain(plain, row_of(plain, "MN03"));
  EXPECT_FALSE(e.complete);
  EXPECT_TRUE(e.criteria.empty());
  EXPECT_TRUE(e.next.criteria.empty());
  EXPECT_EQ(e.total, points("91.75"));
  EXPECT_EQ(e.next.gain, decimal{});
  ASSERT_EQ(e.next.family_gaps.size(), 1U);
  ASSERT_TRUE(e.above);
  EXPECT_EQ(plain.id(e.above->row), "MN02");
}

// ---------------------------------------------------------------------------------------------
// Writers

TEST(ExplainWriters, TextShowsTheReasonsWithIds) {
  const auto& d = the_sample();
  std::ostringstream out;
  thidua::write_explanation_text(out, d.r, thidua::explain(d.r, row_of(d.r, "MN03")));
  const std::string t = out.str();
  for (const char* expected : {
           "DV1  Thực hiện quy chế dân chủ ở cơ sở: điểm chấm 5.25 → 5.25/6 (vào tổng: 5.25)",
           "Cộng: 23.5/30 → 23.50 (vào tổng: 23.5)",
           "Tổng điểm: 68.25 + 23.5 + 0 − 0 = 91.75 → làm tròn 2 chữ số (half_up): 91.75",
           "Chưa đạt Hoàn thành xuất sắc nhiệm vụ (xuat_sac): Công tác dân vận (dan_van) 23.50 < 24",
           "Ngay trên: MN02 Trường Mầm non Hoa Mai, hạng 6 — khác đầu tiên ở xếp loại (class): MN02 Hoàn thành "
           "xuất sắc nhiệm vụ (xuat_sac) xếp trước MN03 Hoàn thành tốt nhiệm vụ (tot)",
           "Ngay dưới: MN05 Trường Mầm non Vành Khuyên, hạng 8 — khác đầu tiên ở tổng điểm (total): MN03 91.75 "
           "xếp trước MN05 89.03",
           "Để đạt Hoàn thành xuất sắc nhiệm vụ (xuat_sac): tổng điểm đã đủ (91.75 ≥ 90); Công tác dân vận "
           "(dan_van) cần thêm 0.50 (23.50 → 24):",
           "DV1 +0.5 điểm: 5.25 → 5.75/6 → tổng +0.5 = 92.25",
           "DV3 +1 điểm: 96.3 → ≥ 100 (mức 1: 4 → 5/5 điểm) → tổng +1 = 92.75",
           "CM3 còn 0.75 điểm (14.25 → 15/15) → tổng tối đa +0.75",
       })
    EXPECT_NE(t.find(expected), std::string::npos) << expected << "\n" << t;
  out.str("");
  thidua::write_explanation_text(out, d.r, thidua::explain(d.r, row_of(d.r, "TH06")));
  EXPECT_NE(out.str().find("Để đạt Hoàn thành xuất sắc nhiệm vụ (xuat_sac) cần thêm 1.25 điểm (90 − 88.75):"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("CM5 +1.5 điểm: 6.5 → 8/8 → tổng +1.5 = 90.25"), std::string::npos) << out.str();
  out.str("");
  thidua::write_explanation_text(out, d.r, thidua::explain(d.r, row_of(d.r, "TH15")));
  EXPECT_NE(out.str().find("Điểm cao hơn không giúp lên Hoàn thành tốt nhiệm vụ (tot): Có viên chức bị kỷ luật từ "
                           "khiển trách trở lên (ky_luat) giới hạn xếp loại tối đa Hoàn thành nhiệm vụ (hoan_thanh)."),
            std::string::npos)
      << out.str();
  out.str("");
  thidua::write_explanation_text(out, d.r, thidua::explain(d.r, row_of(d.r, "MN04")));
  EXPECT_NE(out.str().find("Đã ở xếp loại cao nhất, Hoàn thành xuất sắc nhiệm vụ (xuat_sac): không cần thêm điểm."),
            std::string::npos)
      << out.str();
  out.str("");
  thidua::write_explanation_text(out, d.r, thidua::explain(d.r, row_of(d.r, "THCS17")));
  EXPECT_NE(out.str().find("Không đủ điều kiện xếp loại vì Để xảy ra vi phạm nghiêm trọng"), std::string::npos)
      << out.str();
}

TEST(ExplainWriters, RankJsonHasWhyForEveryResult) {
  const auto& d = the_sample();
  std::ostringstream out;
  thidua::write_json(out, d.r);
  const auto doc = nlohmann::ordered_json::parse(out.str());
  ASSERT_EQ(doc["results"].size(), 60U);
  for (const auto& res : doc["results"]) {
    SCOPED_TRACE(res["id"].get<std::string>());
    ASSERT_TRUE(res.contains("why"));
    const auto& why = res["why"];
    EXPECT_TRUE(why["class"].contains("reason"));
    EXPECT_TRUE(why["next_class"].contains("status"));
    const bool excluded = res["status"] == "excluded";
    EXPECT_EQ(why.contains("rank"), !excluded);
    const std::string status = why["next_class"]["status"];
    if (status == "possible" || status == "quota") {
      EXPECT_TRUE(why["next_class"]["criteria"].is_array());
    }
    EXPECT_EQ(res.begin().key(), "id");
    EXPECT_EQ((--res.end()).key(), "why");  // appended after every earlier key
  }
  // MN03, as docs/json.md shows it.
  for (const auto& res : doc["results"]) {
    if (res["id"] != "MN03") continue;
    const auto& why = res["why"];
    EXPECT_EQ(why["class"]["reason"], "family_minimum");
    EXPECT_EQ(why["class"]["blocked_by_family"][0]["has"], 23.5);
    EXPECT_EQ(why["rank"]["above"]["key"], "class");
    EXPECT_EQ(why["rank"]["above"]["value"], "tot");
    EXPECT_EQ(why["rank"]["above"]["neighbour_value"], "xuat_sac");
    EXPECT_EQ(why["rank"]["below"]["key"], "total");
    EXPECT_EQ(why["rank"]["below"]["neighbour_value"], 89.03);
    EXPECT_EQ(why["next_class"]["class"], "xuat_sac");
    EXPECT_EQ(why["next_class"]["gain"], 0.0);
    EXPECT_EQ(why["next_class"]["families"][0]["family"], "dan_van");
    EXPECT_EQ(why["next_class"]["criteria"][0]["id"], "DV1");
    EXPECT_EQ(why["next_class"]["criteria"][0]["to"], 5.75);
    EXPECT_EQ(why["next_class"]["criteria"][4]["tier"], 1);
  }
  // A ranking without kept points still explains the class, the rank and the gain.
  std::ostringstream plain;
  thidua::write_json(plain, thidua::rank(d.s, d.review));
  const auto p = nlohmann::json::parse(plain.str());
  for (const auto& res : p["results"]) {
    ASSERT_TRUE(res.contains("why"));
    EXPECT_FALSE(res["why"]["next_class"].contains("criteria"));
  }
}

TEST(ExplainWriters, StreamedRankJsonIsTheWholeDocumentDumped) {
  // write_json prints one result at a time; the bytes are those of dumping the whole document.
  const auto& d = the_sample();
  std::ostringstream out;
  thidua::write_json(out, d.r);
  EXPECT_EQ(nlohmann::ordered_json::parse(out.str()).dump(2) + "\n", out.str());
  const auto s = one_criterion_scheme({{kind::class_}, {kind::total}});
  std::ostringstream none;
  thidua::write_json(none, thidua::rank(s, sheet(1)));
  EXPECT_EQ(nlohmann::ordered_json::parse(none.str()).dump(2) + "\n", none.str());
  EXPECT_NE(none.str().find("\"results\": []"), std::string::npos) << none.str();
}

TEST(ExplainWriters, RankJsonRenderedInParallelBatchesKeepsTheOrderAndTheBytes) {
  // Past a few hundred results write_json renders batches on several threads: the document
  // is still the whole one dumped, with the results in display order.
  const thidua::scheme s = thidua::bench::make_scheme(12);
  const thidua::ranking r = thidua::rank(s, thidua::bench::make_sheet(s, 3'000, 7, 11), {.keep_criterion_points = true});
  std::ostringstream out;
  thidua::write_json(out, r);
  const auto doc = nlohmann::ordered_json::parse(out.str());
  EXPECT_EQ(doc.dump(2) + "\n", out.str());
  ASSERT_EQ(doc["results"].size(), r.size());
  std::size_t wrong = 0;
  for (std::size_t k = 0; k < r.size(); ++k)
    if (doc["results"][k]["id"] != std::string(r.id(r.display_order()[k]))) ++wrong;
  EXPECT_EQ(wrong, 0U);
  // And each result is the one its explanation gives (the `why` of the last one, rendered alone).
  const std::size_t last = r.display_order().back();
  std::ostringstream alone;
  thidua::write_explanation_json(alone, r, thidua::explain(r, last));
  EXPECT_EQ(nlohmann::ordered_json::parse(alone.str())["why"], doc["results"].back()["why"]);
}

// The command line: `rank --format json` keeps the criterion points, `explain --format json`
// prints the whole explanation.
std::string run_cli(const std::string& args) {
  const std::string cmd = std::string("'") + THIDUA_CLI + "' " + args + " 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  std::string out;
  if (!pipe) return out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) out.append(buffer, n);
  return out;
}

TEST(ExplainWriters, CommandLineJson) {
  const std::string data = std::string(THIDUA_EXAMPLES_DATA) + "/";
  const std::string inputs =
      "--scheme " + data + "truong-hoc-2024-2025.toml --scores " + data + "diem-hoi-dong.csv --format json";
  const auto ranked = nlohmann::json::parse(run_cli("rank " + inputs));
  ASSERT_EQ(ranked["results"].size(), 60U);
  for (const auto& res : ranked["results"]) {
    ASSERT_TRUE(res.contains("why"));
    if (res["why"]["next_class"]["status"] == "possible") {
      EXPECT_TRUE(res["why"]["next_class"].contains("criteria")) << res["id"];
    }
  }
  const auto e = nlohmann::json::parse(run_cli("explain " + inputs + " --id MN16"));
  EXPECT_EQ(e["why"]["next_class"]["gain"], 3.56);
  EXPECT_EQ(e["criteria"][2]["contribution"], "13.4615");
  EXPECT_EQ(e["families_sum"], "86.4423");
  EXPECT_EQ(e["families_scaled"], "86.4423");
}

TEST(ExplainWriters, CommandLineWhyLevels) {
  // --why brief drops the criteria lists, --why none the whole `why`; everything else is the
  // full document's, key for key.
  const std::string data = std::string(THIDUA_EXAMPLES_DATA) + "/";
  const std::string inputs =
      "rank --scheme " + data + "truong-hoc-2024-2025.toml --scores " + data + "diem-hoi-dong.csv --format json";
  const auto full = nlohmann::ordered_json::parse(run_cli(inputs));
  const auto brief = nlohmann::ordered_json::parse(run_cli(inputs + " --why brief"));
  const auto none = nlohmann::ordered_json::parse(run_cli(inputs + " --why none"));
  ASSERT_EQ(full["results"].size(), 60U);
  ASSERT_EQ(brief["results"].size(), 60U);
  ASSERT_EQ(none["results"].size(), 60U);
  EXPECT_EQ(nlohmann::ordered_json::parse(run_cli(inputs + " --why full")), full);
  std::size_t with_criteria = 0;
  for (std::size_t k = 0; k < 60; ++k) {
    auto expected_none = full["results"][k];
    expected_none.erase("why");
    EXPECT_EQ(none["results"][k], expected_none) << k;
    auto expected_brief = full["results"][k];
    if (expected_brief["why"]["next_class"].contains("criteria")) {
      ++with_criteria;
      expected_brief["why"]["next_class"].erase("criteria");
    }
    EXPECT_EQ(brief["results"][k], expected_brief) << k;
  }
  EXPECT_GT(with_criteria, 30U);  // the sample has many subjects a higher score would lift
  EXPECT_EQ(none["scheme"], full["scheme"]);
  // Bad uses are usage errors (exit 2, thidua.usage.101), and nothing is printed.
  const auto bad = thidua_test::run_cli("why", inputs + " --why some");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("thidua.usage.101"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("expected full, brief or none"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty());
  const auto table = thidua_test::run_cli(
      "why", "rank --scheme " + data + "truong-hoc-2024-2025.toml --scores " + data + "diem-hoi-dong.csv --why none");
  EXPECT_EQ(table.status, 2);
  EXPECT_NE(table.err.find("--why is for --format json"), std::string::npos) << table.err;
}

}  // namespace
