// Engine semantics, asserted on numbers worked out by hand: criterion rules, N/A
// renormalisation, family weights, caps, exact thresholds, vetoes, ranking and ties.
#include <gtest/gtest.h>

#include <thidua/thidua.hpp>

#include "engine_fixture.hpp"

namespace {

using thidua::decimal;
using thidua::points;
using thidua::sheet;

sheet::value_type v(const char* text) { return sheet::encode(points(text)); }
constexpr sheet::value_type na = sheet::not_applicable;
constexpr sheet::value_type empty = sheet::missing;

thidua::scheme school_scheme() { return thidua::testing::school_scheme(); }

std::string class_of(const thidua::ranking& r, std::size_t i) {
  return r.class_index(i) < 0 ? "-" : r.scheme().classes[static_cast<std::size_t>(r.class_index(i))].id;
}

TEST(EngineCriterion, TiersPickTheFirstReachedTier) {
  const auto s = school_scheme();
  const auto& c = s.criteria[0];
  EXPECT_EQ(thidua::score_criterion(s, c, v("99")).points, points("10"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("98.99")).points, points("8"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("95")).points, points("6"));
  const auto below = thidua::score_criterion(s, c, v("89.99"));
  EXPECT_EQ(below.points, decimal{});
  EXPECT_EQ(below.applied, thidua::criterion_score::rule::below_tiers);
  const auto t = thidua::score_criterion(s, c, v("97.5"));
  EXPECT_EQ(t.applied, thidua::criterion_score::rule::tier);
  EXPECT_EQ(t.tier, 1U);
}

TEST(EngineCriterion, TiersLowerIsBetter) {
  auto s = school_scheme();
  auto c = s.criteria[0];
  c.lower_is_better = true;
  c.tiers = {{points("0.5"), points("10")}, {points("1"), points("5")}};
  EXPECT_EQ(thidua::score_criterion(s, c, v("0.5")).points, points("10"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("0.75")).points, points("5"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("1.01")).points, decimal{});
}

TEST(EngineCriterion, LinearLowerIsBetter) {
  const auto s = school_scheme();
  const auto& c = s.criteria[1];  // full 0.5, zero 3
  EXPECT_EQ(thidua::score_criterion(s, c, v("0.5")).points, points("10"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("0")).points, points("10"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("1.75")).points, points("5"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("1")).points, points("8"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("3")).points, decimal{});
  EXPECT_EQ(thidua::score_criterion(s, c, v("7")).points, decimal{});
}

TEST(EngineCriterion, LinearHigherIsBetterRoundsWithTheSchemeRule) {
  auto s = school_scheme();
  thidua::criterion c = s.criteria[1];
  c.linear = thidua::linear_rule{points("100"), points("97")};  // 97 → 0, 100 → 10
  EXPECT_EQ(thidua::score_criterion(s, c, v("98")).points, points("3.3333"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("99")).points, points("6.6667"));  // half_up
  s.round = thidua::rounding::down;
  EXPECT_EQ(thidua::score_criterion(s, c, v("99")).points, points("6.6666"));
}

TEST(EngineCriterion, YesNoAndSpecialCells) {
  const auto s = school_scheme();
  const auto& c = s.criteria[4];
  EXPECT_EQ(thidua::score_criterion(s, c, v("1")).points, points("15"));
  EXPECT_EQ(thidua::score_criterion(s, c, v("0")).points, decimal{});
  EXPECT_EQ(thidua::score_criterion(s, c, na).applied, thidua::criterion_score::rule::not_applicable);
  EXPECT_EQ(thidua::score_criterion(s, c, empty).applied, thidua::criterion_score::rule::missing);
}

struct row {
  const char* id;
  std::vector<sheet::value_type> values;
  const char* bonus = "0";
  const char* deduction = "0";
  std::uint64_t flags = 0;
  const char* group = "Tiểu học";
  const char* name = "";
};

sheet make_sheet(const thidua::scheme& s, const std::vector<row>& rows) {
  sheet sh(s.criteria.size());
  sh.flag_index("ky_luat");
  sh.flag_index("vi_pham");
  for (const auto& r : rows)
    sh.add_subject({.id = r.id, .name = r.name, .group = r.group}, r.values, points(r.bonus), points(r.deduction),
                   r.flags);
  return sh;
}

TEST(EngineTotal, FamiliesAreRescaledToTheirWeights) {
  const auto s = school_scheme();
  // chuyên môn: 10 + 8 + 40 = 58 of 70 → 58; dân vận 12 + 15 = 27 of 30 → 27; total 85.
  const auto sh = make_sheet(s, {{"A", {v("99.5"), v("1"), v("40"), v("12"), v("1")}}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.family(0, 0), points("58"));
  EXPECT_EQ(r.family(0, 1), points("27"));
  EXPECT_EQ(r.total(0), points("85"));
  EXPECT_EQ(class_of(r, 0), "tot");
  EXPECT_EQ(r.rank(0), 1U);
}

TEST(EngineTotal, NotApplicableRenormalisesTheFamily) {
  const auto s = school_scheme();
  // CM1 N/A: chuyên môn (8 + 40) of applicable 60, rescaled to 70 → 56; dân vận 27.
  const auto sh = make_sheet(s, {{"A", {na, v("1"), v("40"), v("12"), v("1")}}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.family(0, 0), points("56"));
  EXPECT_EQ(r.total(0), points("83"));
  const auto e = thidua::explain(s, sh, r, 0);
  EXPECT_EQ(e.families[0].applicable_max, points("60"));
  EXPECT_EQ(e.families[0].raw, points("48"));
}

TEST(EngineTotal, RenormalisationRoundsOnceAndPublishesAtPrecision) {
  const auto s = school_scheme();
  // CM1 N/A: chuyên môn (10 + 39.25) / 60 × 70 = 57.458333.. → 57.4583 → published 57.46.
  const auto sh = make_sheet(s, {{"A", {na, v("0.5"), v("39.25"), v("0"), v("0")}}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.family_unrounded(0, 0), points("57.4583"));
  EXPECT_EQ(r.family(0, 0), points("57.46"));
  EXPECT_EQ(r.total_unrounded(0), points("57.4583"));
  EXPECT_EQ(r.total(0), points("57.46"));
}

TEST(EngineTotal, AWhollyNotApplicableFamilyRescalesTheRest) {
  const auto s = school_scheme();
  // dân vận all N/A: chuyên môn 58 of 70 → total 58 × 100 / 70 = 82.857142.. → 82.8571 → 82.86.
  const auto sh = make_sheet(s, {{"A", {v("99.5"), v("1"), v("40"), na, na}}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.total(0), points("82.86"));
  EXPECT_EQ(r.family(0, 1), decimal{});
}

TEST(EngineTotal, BonusAndDeductionAreCapped) {
  const auto s = school_scheme();
  const auto sh = make_sheet(s, {{"A", {v("99.5"), v("1"), v("40"), v("12"), v("1")}, "7", "2.5"},
                                 {"B", {v("99.5"), v("1"), v("40"), v("12"), v("1")}, "0", "12"}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.bonus_counted(0), points("5"));
  EXPECT_EQ(r.bonus_given(0), points("7"));
  EXPECT_EQ(r.total(0), points("87.5"));  // 85 + 5 − 2.5
  EXPECT_EQ(r.deduction_counted(1), points("10"));
  EXPECT_EQ(r.total(1), points("75"));
}

TEST(EngineTotal, TotalNeverBelowZero) {
  auto s = school_scheme();
  s.deduction_max = decimal::from_int(100);
  const auto sh = make_sheet(s, {{"A", {v("0"), v("3"), v("1"), v("0"), v("0")}, "0", "50"}});
  EXPECT_EQ(thidua::rank(s, sh).total(0), decimal{});
}

TEST(EngineClass, ExactlyNinetyReachesTheClassAndNinetyMinusAHundredthDoesNot) {
  const auto s = school_scheme();
  // chuyên môn 10 + 10 + 45 = 65; dân vận 10 + 15 = 25 → exactly 90.
  const auto sh = make_sheet(s, {{"A", {v("99"), v("0.5"), v("45"), v("10"), v("1")}},
                                 {"B", {v("99"), v("0.5"), v("45"), v("10"), v("1")}, "0", "0.01"}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.total(0), points("90"));
  EXPECT_EQ(class_of(r, 0), "xuat_sac");
  EXPECT_EQ(r.total(1), points("89.99"));
  EXPECT_EQ(class_of(r, 1), "tot");
}

TEST(EngineClass, PublishedTotalDecidesTheClassWithTheSchemeRounding) {
  auto s = school_scheme();
  // 89.995 exactly: 65 + 25 − 0.005.
  const auto sh = make_sheet(s, {{"A", {v("99"), v("0.5"), v("45"), v("10"), v("1")}, "0", "0.005"}});
  auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.total_unrounded(0), points("89.995"));
  EXPECT_EQ(r.total(0), points("90"));  // half_up
  EXPECT_EQ(class_of(r, 0), "xuat_sac");
  s.round = thidua::rounding::down;
  r = thidua::rank(s, sh);
  EXPECT_EQ(r.total(0), points("89.99"));
  EXPECT_EQ(class_of(r, 0), "tot");
  s.round = thidua::rounding::half_even;
  EXPECT_EQ(thidua::rank(s, sh).total(0), points("90"));  // 89.995 → 90.00 (9000 is even)
}

TEST(EngineClass, FamilyMinimumBlocksAClass) {
  const auto s = school_scheme();
  // chuyên môn 70, dân vận 10 + 15... use DV1 = 8.75: dân vận 23.75 < 24, total 93.75.
  const auto sh = make_sheet(s, {{"A", {v("99"), v("0.5"), v("50"), v("8.75"), v("1")}}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.total(0), points("93.75"));
  EXPECT_EQ(class_of(r, 0), "tot");
  const auto e = thidua::explain(s, sh, r, 0);
  ASSERT_EQ(e.blocked_by_family.size(), 1U);
  EXPECT_EQ(e.blocked_by_family[0].first, 0U);
  EXPECT_EQ(e.blocked_by_family[0].second, 1U);
}

TEST(EngineClass, VetoCapsOrExcludes) {
  const auto s = school_scheme();
  const std::vector<sheet::value_type> top = {v("99"), v("0.5"), v("50"), v("15"), v("1")};
  const auto sh = make_sheet(s, {{"A", top, "0", "0", 1}, {"B", top, "0", "0", 2}, {"C", top}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.class_by_score(0), 0);
  EXPECT_EQ(class_of(r, 0), "hoan_thanh");
  ASSERT_EQ(r.vetoes(0).size(), 1U);
  EXPECT_EQ(r.vetoes(0)[0], 0U);
  EXPECT_EQ(r.status(1), thidua::standing::excluded);
  EXPECT_EQ(r.class_index(1), -1);
  EXPECT_EQ(r.rank(1), 0U);
  EXPECT_EQ(class_of(r, 2), "xuat_sac");
  EXPECT_EQ(r.rank(2), 1U);
  EXPECT_EQ(r.rank(0), 2U);  // class first: capped A ranks below C
  // Display: C, A, then excluded B at the end of the block.
  EXPECT_EQ(r.display_order(), (std::vector<std::size_t>{2, 0, 1}));
}

TEST(EngineRank, CompetitionAndDenseTies) {
  auto s = school_scheme();
  s.order = {{thidua::ranking_key::kind::class_}, {thidua::ranking_key::kind::total}};
  thidua::finalize_scheme(s);
  const auto sh = make_sheet(s, {{"A", {v("99"), v("0.5"), v("40"), v("10"), v("1")}},
                                 {"B", {v("99"), v("0.5"), v("35"), v("10"), v("1")}},
                                 {"C", {v("99"), v("0.5"), v("35"), v("10"), v("1")}},
                                 {"D", {v("99"), v("0.5"), v("30"), v("10"), v("1")}}});
  auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.rank(0), 1U);
  EXPECT_EQ(r.rank(1), 2U);
  EXPECT_EQ(r.rank(2), 2U);
  EXPECT_EQ(r.rank(3), 4U);
  s.ties = thidua::tie_rule::dense;
  r = thidua::rank(s, sh);
  EXPECT_EQ(r.rank(3), 3U);
}

TEST(EngineRank, OrderedKeysBreakTies) {
  auto s = school_scheme();
  s.order = {{thidua::ranking_key::kind::class_}, {thidua::ranking_key::kind::total},
             {thidua::ranking_key::kind::family, "dan_van"}, {thidua::ranking_key::kind::criterion, "CM1"},
             {thidua::ranking_key::kind::id}};
  thidua::finalize_scheme(s);
  // All total 80. B has more dân vận; C and D tie on dân vận, D has more CM1; E and F tie on
  // everything but id.
  const auto sh = make_sheet(s, {{"A", {v("99"), v("0.5"), v("40"), v("5"), v("1")}},    // 60+20=80
                                 {"B", {v("99"), v("0.5"), v("35"), v("10"), v("1")}},   // 55+25
                                 {"C", {v("95"), v("0.5"), v("42"), v("7"), v("1")}},    // 58+22
                                 {"D", {v("97"), v("0.5"), v("40"), v("7"), v("1")}},    // 58+22
                                 {"F", {v("99"), v("0.5"), v("40"), v("5"), v("1")}}});  // = A
  const auto r = thidua::rank(s, sh);
  for (std::size_t i = 0; i < r.size(); ++i) EXPECT_EQ(r.total(i), points("80")) << i;
  EXPECT_EQ(r.rank(1), 1U);  // B
  EXPECT_EQ(r.rank(3), 2U);  // D (CM1 8 > 6)
  EXPECT_EQ(r.rank(2), 3U);  // C
  EXPECT_EQ(r.rank(0), 4U);  // A (id before F)
  EXPECT_EQ(r.rank(4), 5U);  // F
}

TEST(EngineRank, RanksAreWithinEachBlockAndBlocksSortInVietnameseOrder) {
  const auto s = school_scheme();
  const std::vector<sheet::value_type> x = {v("99"), v("0.5"), v("40"), v("10"), v("1")};
  const std::vector<sheet::value_type> y = {v("99"), v("0.5"), v("30"), v("10"), v("1")};
  const auto sh = make_sheet(s, {{"T1", y, "0", "0", 0, "Tiểu học"},
                                 {"D1", x, "0", "0", 0, "Đặc biệt"},
                                 {"M1", y, "0", "0", 0, "Mầm non"},
                                 {"T2", x, "0", "0", 0, "Tiểu học"},
                                 {"E1", x, "0", "0", 0, "Ea Kar"}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.rank(0), 2U);
  EXPECT_EQ(r.rank(3), 1U);
  EXPECT_EQ(r.rank(2), 1U);
  // Vietnamese collation: Đ sorts after D and before E; "Ea Kar" < "Mầm non" < "Tiểu học".
  EXPECT_EQ(r.display_order(), (std::vector<std::size_t>{1, 4, 2, 3, 0}));
}

TEST(EngineRank, MissingCellsCountAsZeroAndAreCounted) {
  const auto s = school_scheme();
  const auto sh = make_sheet(s, {{"A", {empty, v("0.5"), v("40"), v("10"), empty}}});
  const auto r = thidua::rank(s, sh);
  EXPECT_EQ(r.missing_count(0), 2U);
  EXPECT_EQ(r.family(0, 0), points("50"));
  EXPECT_EQ(r.family(0, 1), points("10"));
}

TEST(EngineRank, SelfScoresAreReportedBesideTheReview) {
  const auto s = school_scheme();
  const auto review = make_sheet(s, {{"A", {v("99"), v("0.5"), v("40"), v("10"), v("1")}},
                                     {"B", {v("99"), v("0.5"), v("30"), v("10"), v("1")}}});
  const auto self = make_sheet(s, {{"B", {v("99"), v("0.5"), v("35"), v("10"), v("1")}},
                                   {"Z", {v("99"), v("0.5"), v("35"), v("10"), v("1")}}});
  const auto r = thidua::rank(s, review, {.self_scores = &self});
  EXPECT_FALSE(r.self_total(0).has_value());
  ASSERT_TRUE(r.self_total(1).has_value());
  EXPECT_EQ(*r.self_total(1), points("80"));
  EXPECT_EQ(r.total(1), points("75"));
  EXPECT_EQ(r.size(), 2U);  // Z (self only) is not ranked
}

TEST(EngineBuilder, PiecesGiveTheSameRankingAsTheWholeSheet) {
  const auto s = school_scheme();
  std::vector<row> rows;
  const char* groups[] = {"Tiểu học", "Mầm non", "THCS"};
  for (int i = 0; i < 40; ++i) {
    const std::string cm3 = std::to_string(20 + (i * 7) % 31);
    const std::string dv1 = std::to_string((i * 5) % 16);
    rows.push_back({nullptr, {v("99"), v(i % 3 == 0 ? "1" : "0.5"), v(cm3.c_str()), v(dv1.c_str()), v(i % 2 ? "1" : "0")},
                    "0", "0", static_cast<std::uint64_t>(i % 11 == 0 ? 1 : (i % 13 == 0 ? 2 : 0)), groups[i % 3]});
  }
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) ids.push_back("S" + std::to_string(100 + i));
  for (int i = 0; i < 40; ++i) rows[static_cast<std::size_t>(i)].id = ids[static_cast<std::size_t>(i)].c_str();
  const auto whole = thidua::rank(s, make_sheet(s, rows));
  for (std::size_t piece : {1U, 3U, 7U, 40U}) {
    thidua::ranking_builder b(s);
    for (std::size_t at = 0; at < rows.size(); at += piece) {
      const std::vector<row> part(rows.begin() + static_cast<std::ptrdiff_t>(at),
                                  rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), at + piece)));
      b.add(make_sheet(s, part));
    }
    EXPECT_EQ(b.size(), rows.size());
    const auto r = std::move(b).finish();
    ASSERT_EQ(r.size(), whole.size());
    EXPECT_EQ(r.display_order(), whole.display_order()) << piece;
    for (std::size_t i = 0; i < r.size(); ++i) {
      EXPECT_EQ(r.id(i), whole.id(i));
      EXPECT_EQ(r.group(i), whole.group(i));
      EXPECT_EQ(r.total(i), whole.total(i));
      EXPECT_EQ(r.class_index(i), whole.class_index(i));
      EXPECT_EQ(r.rank(i), whole.rank(i)) << piece << " " << i;
      EXPECT_EQ(r.vetoes(i), whole.vetoes(i));
    }
  }
}

}  // namespace
