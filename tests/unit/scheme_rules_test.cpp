// The scoring rules real sheets use beyond the basics: proportional deductions per failure,
// reserved review points, N/A renormalisation levels, periods — from the scheme file to the
// reader and the score.
#include <gtest/gtest.h>

#include <thidua/thidua.hpp>

namespace {

using thidua::decimal;
using thidua::points;
using thidua::sheet;

const std::string base = R"([scheme]
id = "rules"
[[family]]
id = "cm"
weight = 60
[[family]]
id = "dv"
weight = 40
[[criterion]]
id = "CM1"
family = "cm"
max = 10
input = "failures"
per_failure = 0.25
[[criterion]]
id = "CM2"
family = "cm"
max = 20
[[criterion]]
id = "DV1"
family = "dv"
max = 10
[[criterion]]
id = "DV2"
family = "dv"
max = 10
reserved = true
[[class]]
id = "tot"
min = 70
[[class]]
id = "dat"
min = 0
)";

TEST(SchemeRules, FailuresCostAShareOfTheMaximumEach) {
  const auto s = thidua::parse_scheme(base);
  const auto& c = s.criteria[0];
  EXPECT_EQ(c.input, thidua::input_kind::failures);
  EXPECT_EQ(*c.per_failure, points("0.25"));
  auto pts = [&](const char* n) { return thidua::score_criterion(s, c, sheet::encode(points(n))).points; };
  EXPECT_EQ(pts("0"), points("10"));
  EXPECT_EQ(pts("1"), points("7.5"));
  EXPECT_EQ(pts("3"), points("2.5"));
  EXPECT_EQ(pts("4"), decimal{});
  EXPECT_EQ(pts("9"), decimal{});  // never below 0
  EXPECT_EQ(thidua::score_criterion(s, c, sheet::encode(points("1"))).applied,
            thidua::criterion_score::rule::failures);
}

TEST(SchemeRules, FailuresNeedAShareAndWholeCounts) {
  std::string text = base;
  text.replace(text.find("per_failure = 0.25"), 18, "per_failure = 1.5");
  try {
    thidua::parse_scheme(text, "r.toml");
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, thidua::errc::invalid_value);
    EXPECT_NE(e.first().message.find("per_failure"), std::string::npos);
  }
  const auto s = thidua::parse_scheme(base);
  try {
    thidua::parse_sheet(s, "id,CM1,CM2,DV1,DV2\nA,1.5,10,5,5\n", "f.csv");
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, thidua::errc::not_whole);
    EXPECT_EQ(e.first().where.line, 2U);
    EXPECT_EQ(e.first().where.column, 2U);
  }
}

TEST(SchemeRules, ReservedCriteriaAreClosedToSelfScores) {
  const auto s = thidua::parse_scheme(base);
  EXPECT_TRUE(s.criteria[3].reserved);
  thidua::sheet_options self;
  self.self_scores = true;
  // ignore (default): the self-score for DV2 is left out; the column may also be absent.
  auto sh = thidua::parse_sheet(s, "id,CM1,CM2,DV1,DV2\nA,0,20,10,10\n", "self.csv", self);
  EXPECT_EQ(sh.values(0)[3], sheet::missing);
  sh = thidua::parse_sheet(s, "id,CM1,CM2,DV1\nA,0,20,10\n", "self.csv", self);
  EXPECT_EQ(sh.values(0)[3], sheet::missing);
  // A review sheet must still have the column and keeps the value.
  sh = thidua::parse_sheet(s, "id,CM1,CM2,DV1,DV2\nA,0,20,10,10\n", "review.csv");
  EXPECT_EQ(sh.values(0)[3], sheet::encode(points("10")));
  // reject: a self-score for a reserved criterion is an error at its cell.
  std::string text = base;
  text.insert(text.find("[[family]]"), "reserved_self = \"reject\"\n");
  const auto strict = thidua::parse_scheme(text);
  try {
    thidua::parse_sheet(strict, "id,CM1,CM2,DV1,DV2\nA,0,20,10,10\n", "self.csv", self);
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, thidua::errc::reserved_self_score);
    EXPECT_EQ(e.first().where.line, 2U);
    EXPECT_EQ(e.first().where.column, 5U);
  }
  // An empty cell is fine even then.
  EXPECT_EQ(thidua::parse_sheet(strict, "id,CM1,CM2,DV1,DV2\nA,0,20,10,\n", "self.csv", self).size(), 1U);
}

TEST(SchemeRules, NotApplicableLevelAndPrecisionAreRead) {
  std::string text = base;
  text.insert(text.find("[[family]]"), "not_applicable = { level = \"scale\", precision = 2 }\n");
  auto s = thidua::parse_scheme(text);
  EXPECT_EQ(s.not_applicable.at, thidua::na_rule::level::scale);
  EXPECT_EQ(s.not_applicable.precision, 2);
  text = base;
  text.insert(text.find("[[family]]"), "not_applicable = \"full\"\n");
  s = thidua::parse_scheme(text);
  EXPECT_EQ(s.not_applicable.at, thidua::na_rule::level::full);
  text = base;
  text.insert(text.find("[[family]]"), "not_applicable = \"item\"\n");
  try {
    thidua::parse_scheme(text, "r.toml");
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, thidua::errc::invalid_value);
    EXPECT_EQ(e.first().where.line, 3U);
  }
}

TEST(SchemeRules, PeriodsAreReadAndFilterLongSheets) {
  std::string text = base + R"([[period]]
id = "hk1"
name = "Học kỳ I"
weight = 1
[[period]]
id = "hk2"
name = "Học kỳ II"
weight = 2
)";
  text.insert(text.find("[[family]]"), "period_rounding = \"period\"\n");
  const auto s = thidua::parse_scheme(text);
  ASSERT_EQ(s.periods.size(), 2U);
  EXPECT_EQ(s.periods[1].id, "hk2");
  EXPECT_EQ(s.periods[1].weight, points("2"));
  EXPECT_TRUE(s.round_periods);
  const std::string csv =
      "id,criterion,value,period\nA,CM1,0,hk1\nA,CM2,10,hk1\nA,DV1,5,hk1\nA,DV2,5,hk1\n"
      "A,CM1,1,hk2\nA,CM2,20,hk2\nA,DV1,6,hk2\nA,DV2,7,hk2\n";
  thidua::sheet_options hk2;
  hk2.period = "hk2";
  const auto sh = thidua::parse_sheet(s, csv, "p.csv", hk2);
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.values(0)[1], sheet::encode(points("20")));
  try {
    thidua::parse_sheet(s, csv + "A,CM1,1,hk3\n", "p.csv", hk2);
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, thidua::errc::unknown_period);
    EXPECT_EQ(e.first().where.line, 10U);
    EXPECT_NE(e.first().message.find("expected one of hk1, hk2"), std::string::npos) << e.first().message;
  }
  std::string dup = text + "[[period]]\nid = \"hk1\"\nweight = 1\n";
  try {
    thidua::parse_scheme(dup, "r.toml");
    FAIL();
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, thidua::errc::duplicate_id);
  }
}

}  // namespace

namespace {

const std::string period_scheme = R"([scheme]
id = "hk"
precision = 2
[[family]]
id = "cm"
[[criterion]]
id = "CM"
family = "cm"
max = 100
[[veto]]
id = "ky_luat"
cap_class = "tot"
[[class]]
id = "xs"
min = 90
[[class]]
id = "tot"
min = 0
[[period]]
id = "hk1"
weight = 1
[[period]]
id = "hk2"
weight = 2
)";

TEST(SchemeRules, TheYearIsTheWeightedMeanOfThePeriods) {
  const auto s = thidua::parse_scheme(period_scheme);
  const auto hk1 = thidua::parse_sheet(s, "id,CM,flag:ky_luat\nA,80,0\nB,95,0\nC,96,1\n", "hk1.csv");
  const auto hk2 = thidua::parse_sheet(s, "id,CM\nB,88\nA,95.005\nC,99\n", "hk2.csv");
  const thidua::sheet* periods[] = {&hk1, &hk2};
  const auto r = thidua::rank_periods(s, periods);
  // A: (80 + 2 × 95.005) ÷ 3 = 90.0033.. → 90.0033 → 90.00: xuất sắc.
  EXPECT_EQ(r.total_unrounded(0), points("90.0033"));
  EXPECT_EQ(r.total(0), points("90"));
  EXPECT_EQ(r.scheme().classes[static_cast<std::size_t>(r.class_index(0))].id, "xs");
  // B: (95 + 176) ÷ 3 = 90.3333; C: (96 + 198) ÷ 3 = 98, capped by the veto of period 1.
  EXPECT_EQ(r.total(1), points("90.33"));
  EXPECT_EQ(r.total(2), points("98"));
  EXPECT_EQ(r.scheme().classes[static_cast<std::size_t>(r.class_index(2))].id, "tot");
  EXPECT_EQ(r.rank(1), 1U);
  EXPECT_EQ(r.rank(0), 2U);
  EXPECT_EQ(r.rank(2), 3U);
}

TEST(SchemeRules, PeriodRoundingRoundsEachPeriodFirst) {
  std::string text = period_scheme;
  text.insert(text.find("[[family]]"), "period_rounding = \"period\"\n");
  const auto s = thidua::parse_scheme(text);
  const auto hk1 = thidua::parse_sheet(s, "id,CM\nA,89.995\n", "hk1.csv");
  const auto hk2 = thidua::parse_sheet(s, "id,CM\nA,89.995\n", "hk2.csv");
  const thidua::sheet* periods[] = {&hk1, &hk2};
  // Each period publishes 90.00, so the year is 90.00 (89.995 without period rounding).
  EXPECT_EQ(thidua::rank_periods(s, periods).total_unrounded(0), points("90"));
  const auto plain = thidua::parse_scheme(period_scheme);
  const auto p1 = thidua::parse_sheet(plain, "id,CM\nA,89.995\n", "hk1.csv");
  const thidua::sheet* same[] = {&p1, &p1};
  EXPECT_EQ(thidua::rank_periods(plain, same).total_unrounded(0), points("89.995"));
}

TEST(SchemeRules, EverySubjectNeedsEveryPeriod) {
  const auto s = thidua::parse_scheme(period_scheme);
  const auto hk1 = thidua::parse_sheet(s, "id,CM\nA,80\nB,90\n", "hk1.csv");
  const auto hk2 = thidua::parse_sheet(s, "id,CM\nA,80\nZ,90\n", "hk2.csv");
  const thidua::sheet* periods[] = {&hk1, &hk2};
  try {
    thidua::rank_periods(s, periods);
    FAIL();
  } catch (const thidua::input_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 2U);
    EXPECT_EQ(e.first().code, thidua::errc::missing_period);
    EXPECT_NE(e.first().message.find("subject B has scores for period hk1 but none for period hk2"), std::string::npos)
        << e.first().message;
    EXPECT_EQ(e.diagnostics()[1].where.file, "hk2.csv");
    EXPECT_EQ(e.diagnostics()[1].where.line, 3U);
  }
}

}  // namespace

namespace {

// dv: 20 + 10 + 10 = 40 (weight 40); cm: one 60-point criterion (weight 60).
thidua::ranking na_case(const std::string& rule) {
  const std::string text = "[scheme]\nid = \"na\"\n" + rule + R"(
[[family]]
id = "cm"
weight = 60
[[family]]
id = "dv"
weight = 40
[[criterion]]
id = "CM"
family = "cm"
max = 60
[[criterion]]
id = "DV1"
family = "dv"
max = 20
[[criterion]]
id = "DV2"
family = "dv"
max = 10
[[criterion]]
id = "DV3"
family = "dv"
max = 10
[[class]]
id = "all"
min = 0
)";
  const auto s = thidua::parse_scheme(text);
  const auto sh = thidua::parse_sheet(s, "id,CM,DV1,DV2,DV3\nA,60,15,N/A,8\n", "na.csv");
  return thidua::rank(s, sh);
}

TEST(SchemeRules, NotApplicableFamilyLevel) {
  const auto r = na_case("");
  EXPECT_EQ(r.family_unrounded(0, 1), points("30.6667"));  // 23 ÷ 30 × 40
  EXPECT_EQ(r.total_unrounded(0), points("90.6667"));
  const auto p2 = na_case("not_applicable = { level = \"family\", precision = 2 }");
  EXPECT_EQ(p2.family_unrounded(0, 1), points("30.67"));
}

TEST(SchemeRules, NotApplicableCountsFull) {
  const auto r = na_case("not_applicable = \"full\"");
  EXPECT_EQ(r.family_unrounded(0, 1), points("33"));  // 15 + 10 + 8
  EXPECT_EQ(r.total(0), points("93"));
}

TEST(SchemeRules, NotApplicableWholeScale) {
  const auto r = na_case("not_applicable = \"scale\"");
  // Applicable weight 60 + 30 = 90: cm 60 × 100 ÷ 90 = 66.6667, dv 23 × 100 ÷ 90 = 25.5556.
  EXPECT_EQ(r.family_unrounded(0, 0), points("66.6667"));
  EXPECT_EQ(r.family_unrounded(0, 1), points("25.5556"));
  EXPECT_EQ(r.total_unrounded(0), points("92.2223"));  // the families add up to the total
}

}  // namespace

namespace {

TEST(SchemeRules, SelfTotalCountsTheReviewersReservedPoints) {
  const auto s = thidua::parse_scheme(base);
  // Review: CM1 0 failures → 10, CM2 20, DV1 10, DV2 (reserved) 6 → cm 30 → 60, dv 16 of 20 → 32: 92.
  const auto review = thidua::parse_sheet(s, "id,CM1,CM2,DV1,DV2\nA,0,20,10,6\n", "review.csv");
  thidua::sheet_options opts;
  opts.self_scores = true;
  // Self: CM2 18, and DV2 claimed 10, but DV2 is reserved: left out.
  const auto self = thidua::parse_sheet(s, "id,CM1,CM2,DV1,DV2\nA,0,18,10,10\n", "self.csv", opts);
  const auto r = thidua::rank(s, review, {.self_scores = &self});
  EXPECT_EQ(r.total(0), points("92"));
  // Self total uses the reviewer's 6 for DV2: cm 28 of 30 → 56, dv 32: 88.
  ASSERT_TRUE(r.self_total(0).has_value());
  EXPECT_EQ(*r.self_total(0), points("88"));
}

}  // namespace
