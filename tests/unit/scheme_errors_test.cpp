// Schemes that must be rejected: one test per scheme error id (thidua.scheme.101-114), each
// checking the id, the line and column, and the gist of the message; then the finer rules of
// finalize_scheme, the io errors of load_scheme, and a scheme with many problems at once.
#include <gtest/gtest.h>

#include <filesystem>

#include "thidua/io.hpp"

namespace {

using thidua::errc;

// A valid scheme; each test breaks one thing. Line numbers below refer to this text.
constexpr std::string_view minimal_toml = R"toml([scheme]
id = "mini"

[[family]]
id = "chung"

[[criterion]]
id = "A"
family = "chung"
max = 60
[[criterion]]
id = "B"
family = "chung"
max = 40
input = "count"
tiers = [[3, 40], [1, 20]]

[[class]]
id = "dat"
min = 50
[[class]]
id = "chua_dat"
min = 0
)toml";

// minimal_toml with the first `from` replaced by `to`.
std::string with(std::string_view from, std::string_view to) {
  std::string text(minimal_toml);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::vector<thidua::diagnostic> problems(std::string_view text) {
  thidua::diagnostics out;
  const auto s = thidua::parse_scheme(text, "bad.toml", out);
  EXPECT_FALSE(s.has_value());
  EXPECT_EQ(out.count(), out.items().size());
  return out.items();
}

// Asserts the first problem: id, position and a piece of the message.
void expect_first(const std::vector<thidua::diagnostic>& found, errc code, std::uint32_t line,
                  std::uint32_t column, std::string_view text) {
  ASSERT_FALSE(found.empty());
  const auto& d = found.front();
  EXPECT_EQ(d.code, code) << d.to_string();
  EXPECT_EQ(d.where.file, "bad.toml");
  EXPECT_EQ(d.where.line, line) << d.to_string();
  EXPECT_EQ(d.where.column, column) << d.to_string();
  EXPECT_NE(d.message.find(text), std::string::npos) << d.to_string();
}

TEST(SchemeErrors, MinimalSchemeIsValid) {
  thidua::diagnostics out;
  EXPECT_TRUE(thidua::parse_scheme(minimal_toml, "ok.toml", out).has_value());
  EXPECT_TRUE(out.empty()) << out.items().front().to_string();
}

// thidua.scheme.101
TEST(SchemeErrors, TomlSyntax) {
  const auto found = problems(with("[[family]]", "[[family]"));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::toml_syntax, 4, 10, "");
  EXPECT_EQ(found.front().id(), "thidua.scheme.101");
}

TEST(SchemeErrors, TomlSyntaxInvalidUtf8KeepsItsPosition) {
  const auto found = problems(with("id = \"chung\"", "id = \"ch\xFFng\""));
  expect_first(found, errc::toml_syntax, 5, 8, "utf-8");  // where toml++ stops
}

TEST(SchemeErrors, TomlSyntaxRedefinedTable) {
  const auto found = problems(std::string(minimal_toml) + "[scheme]\nid = \"again\"\n");
  expect_first(found, errc::toml_syntax, 24, 1, "scheme");
}

// thidua.scheme.102
TEST(SchemeErrors, MissingKey) {
  const auto found = problems(with("max = 60", "name = \"Chuyên cần\""));
  // Only the missing key: the weights then not adding up would just echo it.
  ASSERT_EQ(found.size(), 1U) << found.back().to_string();
  expect_first(found, errc::missing_key, 7, 1, "[[criterion]] A needs the key 'max'");
  EXPECT_EQ(found.front().id(), "thidua.scheme.102");
}

TEST(SchemeErrors, MissingSchemeTable) {
  const auto found = problems(with("[scheme]\nid = \"mini\"\n", "\n\n"));
  expect_first(found, errc::missing_key, 0, 0, "'[scheme]'");
}

TEST(SchemeErrors, MissingClassMinAndId) {
  const auto found = problems(with("id = \"dat\"\nmin = 50", "name = \"Đạt\"\n"));
  ASSERT_EQ(found.size(), 2U);
  expect_first(found, errc::missing_key, 18, 1, "[[class]] #1 needs the key 'id'");
  EXPECT_NE(found[1].message.find("'min'"), std::string::npos);
}

// thidua.scheme.103
TEST(SchemeErrors, WrongType) {
  const auto found = problems(with("max = 60", "max = \"60\""));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::wrong_type, 10, 7, "'criterion.A.max' must be a number");
  EXPECT_EQ(found.front().id(), "thidua.scheme.103");
}

TEST(SchemeErrors, WrongTypeOfTables) {
  expect_first(problems(with("[[family]]", "[family]")), errc::wrong_type, 4, 1,
               "'family' must be an array of tables");
  expect_first(problems(with("id = \"mini\"", "id = \"mini\"\nprecision = 2.0")), errc::wrong_type, 3, 13,
               "an integer");
  expect_first(problems(with("[[3, 40], [1, 20]]", "[[3, 40], [1]]")), errc::wrong_type, 16, 19,
               "a pair [threshold, points]");
  expect_first(problems(with("id = \"mini\"", "id = \"mini\"\neffective = 2024-09-01T08:00:00")),
               errc::wrong_type, 3, 13, "a date");
}

// thidua.scheme.104
TEST(SchemeErrors, UnknownKeyWithSuggestion) {
  const auto found = problems(with("max = 60", "max = 60\nnmae = \"x\""));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::unknown_key, 11, 1, "unknown key 'nmae' in [[criterion]] A; did you mean 'name'?");
  EXPECT_EQ(found.front().id(), "thidua.scheme.104");
}

TEST(SchemeErrors, UnknownKeyWithoutSuggestion) {
  const auto found = problems(with("id = \"mini\"", "id = \"mini\"\nhieu_truong = \"x\""));
  expect_first(found, errc::unknown_key, 3, 1, "unknown key 'hieu_truong' in [scheme]");
  EXPECT_EQ(found.front().message.find("did you mean"), std::string::npos);
}

TEST(SchemeErrors, UnknownTopLevelTable) {
  const auto found = problems(std::string(minimal_toml) + "[[criteria]]\nid = \"C\"\n");
  expect_first(found, errc::unknown_key, 24, 3, "'criteria' in the top level of the file; did you mean 'criterion'?");
}

TEST(SchemeErrors, UnknownKeyInLinear) {
  const auto found = problems(with("tiers = [[3, 40], [1, 20]]", "linear = { full = 3, zeor = 0 }"));
  ASSERT_GE(found.size(), 2U);
  expect_first(found, errc::missing_key, 16, 10, "linear of [[criterion]] B needs the key 'zero'");
  EXPECT_EQ(found[1].code, errc::unknown_key);
  EXPECT_NE(found[1].message.find("did you mean 'zero'?"), std::string::npos);
}

// thidua.scheme.105
TEST(SchemeErrors, DuplicateId) {
  const auto found = problems(std::string(minimal_toml) + "[[family]]\nid = \"chung\"\n");
  ASSERT_EQ(found.size(), 1U) << found.back().to_string();
  expect_first(found, errc::duplicate_id, 24, 1, "duplicate family id 'chung' (first defined at line 4)");
  EXPECT_EQ(found.front().id(), "thidua.scheme.105");
}

TEST(SchemeErrors, DuplicateCriterionAndClass) {
  const auto found = problems(with("id = \"B\"", "id = \"A\"") + "[[class]]\nid = \"dat\"\nmin = 0\n");
  std::vector<errc> codes;
  for (const auto& d : found) codes.push_back(d.code);
  EXPECT_NE(std::find(codes.begin(), codes.end(), errc::duplicate_id), codes.end());
  expect_first(found, errc::duplicate_id, 11, 1, "duplicate criterion id 'A' (first defined at line 7)");
  const auto dup_class = std::find_if(found.begin(), found.end(), [](const thidua::diagnostic& d) {
    return d.message.find("duplicate class id 'dat' (first defined at line 18)") != std::string::npos;
  });
  ASSERT_NE(dup_class, found.end());
  EXPECT_EQ(dup_class->where.line, 24U);
}

// thidua.scheme.106
TEST(SchemeErrors, UnknownReference) {
  const auto found = problems(with("family = \"chung\"\nmax = 60", "family = \"chnug\"\nmax = 60"));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::unknown_reference, 7, 1,
               "criterion 'A' refers to unknown family 'chnug'; did you mean 'chung'?");
  EXPECT_EQ(found.front().id(), "thidua.scheme.106");
}

TEST(SchemeErrors, UnknownReferencesElsewhere) {
  auto found = problems(std::string(minimal_toml) + "[[veto]]\nid = \"kl\"\ncap_class = \"dta\"\n");
  expect_first(found, errc::unknown_reference, 24, 1, "veto 'kl' refers to unknown class 'dta'; did you mean 'dat'?");

  found = problems(with("min = 50", "min = 50\nmin_family = { chun = 10 }"));
  expect_first(found, errc::unknown_reference, 18, 1, "unknown family 'chun'; did you mean 'chung'?");

  found = problems(std::string(minimal_toml) + "[ranking]\norder = [\"total\", \"criterion:C\", \"family:x\"]\n");
  ASSERT_EQ(found.size(), 2U);
  expect_first(found, errc::unknown_reference, 25, 19, "ranking key \"criterion:C\" refers to unknown criterion 'C'");
  EXPECT_EQ(found[1].where.column, 34U);
}

// thidua.scheme.107
TEST(SchemeErrors, ThresholdsNotDescending) {
  const auto found = problems(with("min = 50", "min = 0"));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::thresholds_not_descending, 21, 1,
               "class 'chua_dat' has min 0 but the class above it has min 0");
  EXPECT_EQ(found.front().id(), "thidua.scheme.107");
}

// thidua.scheme.108
TEST(SchemeErrors, TiersNotMonotone) {
  const auto found = problems(with("[[3, 40], [1, 20]]", "[[1, 20], [3, 40]]"));
  ASSERT_EQ(found.size(), 2U);
  expect_first(found, errc::tiers_not_monotone, 11, 1,
               "criterion 'B': tier 2 has threshold 3 after tier 1 with threshold 1: thresholds must be strictly "
               "descending");
  EXPECT_EQ(found.front().id(), "thidua.scheme.108");
  EXPECT_EQ(found[1].code, errc::tiers_not_monotone);
  EXPECT_NE(found[1].message.find("tier 2 gives 40 points, more than tier 1 before it (20)"), std::string::npos);
}

TEST(SchemeErrors, TiersLowerIsBetterMustAscend) {
  const auto found = problems(with("input = \"count\"", "input = \"count\"\nbetter = \"lower\""));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::tiers_not_monotone, 11, 1, "strictly ascending");
}

TEST(SchemeErrors, TierPointsAboveMaximum) {
  const auto found = problems(with("[[3, 40], [1, 20]]", "[[3, 45], [1, 20]]"));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::tiers_not_monotone, 11, 1,
               "criterion 'B': tier 1 gives 45 points, outside 0 to the criterion's maximum 40");
}

TEST(SchemeErrors, TiersEqualThresholds) {
  const auto found = problems(with("[[3, 40], [1, 20]]", "[[3, 40], [3, 20]]"));
  expect_first(found, errc::tiers_not_monotone, 11, 1, "tier 2 has threshold 3 after tier 1 with threshold 3");
}

// thidua.scheme.109
TEST(SchemeErrors, WeightsSumOfMaxima) {
  const auto found = problems(with("max = 60", "max = 50"));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::weights_sum, 7, 1,
               "no family has a weight, so the criteria maxima (A 50 + B 40) add up to 90, expected the scale 100");
  EXPECT_EQ(found.front().id(), "thidua.scheme.109");
}

TEST(SchemeErrors, WeightsSumOfWeights) {
  const auto found = problems(std::string(with("id = \"chung\"", "id = \"chung\"\nweight = 60")) +
                              "[[family]]\nid = \"dv\"\nweight = 30\n[[criterion]]\nid = \"DV1\"\nfamily = \"dv\"\n"
                              "max = 10\n");
  ASSERT_EQ(found.size(), 1U) << found.back().to_string();
  expect_first(found, errc::weights_sum, 4, 1,
               "the family weights (chung 60 + dv 30) add up to 90, expected the scale 100");
}

// thidua.scheme.110
TEST(SchemeErrors, InvalidValue) {
  const auto found = problems(with("id = \"mini\"", "id = \"mini\"\nprecision = 7"));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::invalid_value, 3, 13, "'scheme.precision' = 7: expected 0 to 4 decimals");
  EXPECT_EQ(found.front().id(), "thidua.scheme.110");
}

TEST(SchemeErrors, InvalidSettings) {
  expect_first(problems(with("id = \"mini\"", "id = \"mini\"\nsubject = \"school\"")), errc::invalid_value, 3, 11,
               "\"unit\" (tập thể) or \"member\" (cá nhân)");
  expect_first(problems(with("id = \"mini\"", "id = \"mini\"\nrounding = \"nearest\"")), errc::invalid_value, 3,
               12, "'scheme.rounding' = \"nearest\"");
  expect_first(problems(with("id = \"mini\"", "id = \"mini\"\neffective = \"2024-02-30\"")), errc::invalid_value, 3,
               13, "a date such as 2024-09-01");
  expect_first(problems(with("id = \"mini\"", "id = \"mini\"\nmissing = \"skip\"")), errc::invalid_value, 3, 11,
               "'scheme.missing'");
  expect_first(problems(with("id = \"mini\"", "id = \"mini\"\nscale = 0")), errc::invalid_value, 3, 9,
               "'scheme.scale' = 0: expected a number above 0");
  expect_first(problems(std::string(minimal_toml) + "[bonus]\nmax = -1\n"), errc::invalid_value, 25, 7,
               "'bonus.max' = -1");
  expect_first(problems(std::string(minimal_toml) + "[ranking]\nties = \"olympic\"\n"), errc::invalid_value, 25, 8,
               "\"competition\" (1, 2, 2, 4) or \"dense\"");
}

TEST(SchemeErrors, NumbersMustBeExactToFourDecimals) {
  auto found = problems(with("max = 60", "max = 60.00001"));
  ASSERT_EQ(found.size(), 1U) << found.back().to_string();
  expect_first(found, errc::invalid_value, 10, 7,
               "'criterion.A.max' = 60.00001: expected at most 4 decimals (thidua keeps points exact to 1/10000)");
  found = problems(with("max = 60", "max = 0.00001"));
  expect_first(found, errc::invalid_value, 10, 7, "'criterion.A.max' = 1e-05: expected at most 4 decimals");
  found = problems(with("max = 60", "max = 1e20"));
  expect_first(found, errc::invalid_value, 10, 7, "'criterion.A.max' = 1e+20");
  found = problems(with("max = 60", "max = nan"));
  expect_first(found, errc::invalid_value, 10, 7, "a finite number");
}

TEST(SchemeErrors, InvalidCriterionValues) {
  expect_first(problems(with("max = 60", "max = 60\nstep = 0.7")), errc::invalid_value, 7, 1,
               "'criterion.A.step' = 0.7: expected a step that divides the maximum 60");
  expect_first(problems(with("max = 60", "max = 60\nstep = 0")), errc::invalid_value, 7, 1, "a number above 0");
  expect_first(problems(with("max = 60", "max = 60\ntiers = [[1, 60]]")), errc::invalid_value, 7, 1,
               "no tiers: input = \"points\"");
  expect_first(problems(with("input = \"count\"", "input = \"count\"\nstep = 1")), errc::invalid_value, 11, 1,
               "'criterion.B.step' = 1: expected no step");
  expect_first(problems(with("input = \"count\"", "input = \"yes_no\"")), errc::invalid_value, 11, 1,
               "no tiers: input = \"yes_no\"");
  expect_first(problems(with("input = \"count\"", "input = \"percent\"\nlinear = { full = 100, zero = 50 }")),
               errc::invalid_value, 11, 1, "either tiers or linear, not both");
  expect_first(problems(with("input = \"count\"", "input = \"ratio\"")), errc::invalid_value, 15, 9,
               "\"points\", \"percent\", \"count\", \"yes_no\" or \"failures\"");
  expect_first(problems(with("tiers = [[3, 40], [1, 20]]", "linear = { full = 2, zero = 2 }")), errc::invalid_value,
               11, 1, "full and zero to differ");
  expect_first(problems(with("tiers = [[3, 40], [1, 20]]", "tiers = []")), errc::invalid_value, 16, 9,
               "at least one [threshold, points] pair");
  expect_first(problems(with("id = \"B\"", "id = \"bonus\"")), errc::invalid_value, 11, 1,
               "not a score-sheet column name");
  expect_first(problems(with("tiers = [[3, 40], [1, 20]]", "linear = { full = 3, zero = 0 }\nbetter = \"lower\"")),
               errc::invalid_value, 11, 1, "better = \"lower\" only with tiers");
}

TEST(SchemeErrors, PercentTiersWithinHundred) {
  const auto found = problems(with("input = \"count\"\ntiers = [[3, 40], [1, 20]]",
                                   "input = \"percent\"\ntiers = [[120, 40], [90, 20]]"));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::invalid_value, 11, 1, "a threshold between 0 and 100 (a percent)");
}

TEST(SchemeErrors, MixedWeights) {
  const auto found = problems(std::string(with("id = \"chung\"", "id = \"chung\"\nweight = 100")) +
                              "[[family]]\nid = \"dv\"\n[[criterion]]\nid = \"DV1\"\nfamily = \"dv\"\nmax = 10\n");
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::invalid_value, 25, 1,
               "'family.dv.weight' = (none): expected a weight, because family 'chung' has one");
}

TEST(SchemeErrors, InvalidClassValues) {
  expect_first(problems(with("min = 50", "min = 106")), errc::invalid_value, 18, 1,
               "'class.dat.min' = 106: expected at most 100 (the scale)");
  expect_first(problems(with("min = 50", "min = 50\nmin_family = { chung = 101 }")), errc::invalid_value, 18, 1,
               "'class.dat.min_family.chung' = 101: expected between 0 and the family's share of the scale, 100");
}

TEST(SchemeErrors, VetoNeedsExactlyOneEffect) {
  expect_first(problems(std::string(minimal_toml) + "[[veto]]\nid = \"kl\"\n"), errc::invalid_value, 24, 1,
               "'veto.kl' = neither cap_class nor exclude");
  expect_first(problems(std::string(minimal_toml) + "[[veto]]\nid = \"kl\"\ncap_class = \"dat\"\nexclude = true\n"),
               errc::invalid_value, 24, 1, "either cap_class or exclude = true, not both");
  expect_first(problems(std::string(minimal_toml) + "[[veto]]\nid = \"kl\"\nexclude = \"yes\"\n"),
               errc::wrong_type, 26, 11, "true or false");
}

TEST(SchemeErrors, RankingKeys) {
  auto found = problems(std::string(minimal_toml) + "[ranking]\norder = [\"class\", \"total\", \"class\"]\n");
  expect_first(found, errc::invalid_value, 25, 28,
               "'ranking.order' = \"class\" twice: expected each key at most once");
  found = problems(std::string(minimal_toml) + "[ranking]\norder = [\"total\", \"score\"]\n");
  expect_first(found, errc::invalid_value, 25, 19, "\"family:<id>\"");
  found = problems(std::string(minimal_toml) + "[ranking]\norder = []\n");
  expect_first(found, errc::invalid_value, 25, 9, "at least one key");
}

// thidua.scheme.111
TEST(SchemeErrors, MissingScoringRule) {
  const auto found = problems(with("tiers = [[3, 40], [1, 20]]", "name = \"Sáng kiến\""));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::missing_scoring_rule, 11, 1,
               "criterion 'B' has input = \"count\" and needs either 'tiers' or 'linear'");
  EXPECT_EQ(found.front().id(), "thidua.scheme.111");
}

// thidua.scheme.112
TEST(SchemeErrors, LowestClassNotZero) {
  const auto found = problems(with("min = 0", "min = 10"));
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::lowest_class_not_zero, 21, 1, "the last class 'chua_dat' has min 10: it must be 0");
  EXPECT_EQ(found.front().id(), "thidua.scheme.112");
}

TEST(SchemeErrors, LowestClassWithFamilyMinimum) {
  const auto found = problems(with("min = 0", "min = 0\nmin_family = { chung = 5 }"));
  expect_first(found, errc::lowest_class_not_zero, 21, 1, "has min 0 and a per-family minimum");
}

TEST(SchemeErrors, QuotaOnTheLowestClass) {
  const auto found = problems(with("min = 0", "min = 0\nquota = { max = 0.20, of = \"all\" }"));
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found.front().code, errc::invalid_value);
  EXPECT_NE(found.front().message.find("a quota on the lowest class"), std::string::npos) << found.front().message;
}

// thidua.scheme.113
// Titles and periods are read: a member title in a unit scheme without its individual scheme
// is thidua.scheme.117, and a period without its weight is a missing key.
TEST(SchemeErrors, MemberTitleWithoutIndividualSchemeAndPeriodWithoutWeight) {
  const auto found = problems(std::string(minimal_toml) +
                              "[[title]]\nid = \"LDTT\"\nall = [\"class >= dat\"]\n[[period]]\nid = \"hk1\"\n");
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found[0].code, errc::wrong_subject);
  EXPECT_EQ(found[0].where.line, 24U);
  EXPECT_NE(found[0].message.find("[members] scheme"), std::string::npos) << found[0].message;
  EXPECT_EQ(found[1].code, errc::missing_key);  // the period lacks its weight
  EXPECT_EQ(found[1].where.line, 27U);
}

// thidua.scheme.114
TEST(SchemeErrors, EmptyScheme) {
  std::string text(minimal_toml);
  text.erase(text.find("[[class]]"));
  const auto found = problems(text);
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::empty_scheme, 0, 0, "the scheme defines no classes");
  EXPECT_EQ(found.front().id(), "thidua.scheme.114");
}

TEST(SchemeErrors, EmptySchemeReportsEachMissingList) {
  const auto found = problems("[scheme]\nid = \"empty\"\n");
  ASSERT_EQ(found.size(), 3U);
  EXPECT_NE(found[0].message.find("no families"), std::string::npos);
  EXPECT_NE(found[1].message.find("no criteria"), std::string::npos);
  EXPECT_NE(found[2].message.find("no classes"), std::string::npos);
}

TEST(SchemeErrors, FamilyWithoutCriteria) {
  const auto found = problems(std::string(minimal_toml) + "[[family]]\nid = \"le\"\n");
  ASSERT_EQ(found.size(), 1U);
  expect_first(found, errc::empty_scheme, 24, 1, "no criteria in family 'le'");
}

// Several problems in one file: all of them, in file order.
TEST(SchemeErrors, ReportsEveryProblem) {
  constexpr std::string_view text = R"toml([scheme]
id = "nhieu-loi"
precision = 5
colour = "blue"

[[family]]
id = "chuyen_mon"
[[family]]
id = "dan_van"

[[criterion]]
id = "CM1"
family = "chuyen_mom"
max = 50
[[criterion]]
id = "DV1"
family = "dan_van"
max = "50"

[[veto]]
id = "kl"

[[class]]
id = "tot"
min = 70
[[class]]
id = "kha"
min = 80
[[class]]
id = "yeu"
min = 0

[ranking]
order = ["class", "family:dan_vn"]
)toml";
  const auto found = problems(text);
  std::vector<std::pair<errc, std::uint32_t>> got;
  for (const auto& d : found) got.emplace_back(d.code, d.where.line);
  const std::vector<std::pair<errc, std::uint32_t>> expected = {
      {errc::invalid_value, 3},               // precision 5
      {errc::unknown_key, 4},                 // colour
      {errc::empty_scheme, 6},                // chuyen_mon has no criteria (CM1 misspells it)
      {errc::unknown_reference, 11},          // chuyen_mom
      {errc::wrong_type, 18},                 // max = "50"
      {errc::invalid_value, 20},              // veto without effect
      {errc::thresholds_not_descending, 26},  // kha above tot
      {errc::unknown_reference, 34},          // family:dan_vn
  };
  EXPECT_EQ(got, expected);
  for (const auto& d : found) EXPECT_EQ(d.where.file, "bad.toml");
  // The throwing form carries the same list.
  try {
    (void)thidua::parse_scheme(text, "bad.toml");
    FAIL() << "expected input_error";
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.diagnostics().size(), found.size());
    EXPECT_EQ(e.first().code, errc::invalid_value);
    EXPECT_NE(std::string(e.what()).find("[thidua.scheme.110] bad.toml:3:13:"), std::string::npos) << e.what();
  }
}

TEST(SchemeErrors, InMemoryProblemsHaveNoPosition) {
  thidua::scheme s;
  s.families.push_back({.id = "f", .name = "F"});
  s.families.push_back({.id = "f", .name = "F again"});
  s.criteria.push_back({.id = "A", .family = "f", .name = "A", .max = thidua::decimal::from_int(100)});
  s.classes.push_back({.id = "tot", .name = "Tốt", .min = thidua::decimal::from_int(50)});
  thidua::diagnostics out;
  EXPECT_FALSE(thidua::finalize_scheme(s, out));
  ASSERT_EQ(out.count(), 2U);
  EXPECT_EQ(out.items()[0].code, errc::duplicate_id);
  EXPECT_NE(out.items()[0].message.find("built in code"), std::string::npos);
  EXPECT_EQ(out.items()[1].code, errc::lowest_class_not_zero);
  EXPECT_EQ(out.items()[1].where.line, 0U);
  EXPECT_EQ(out.items()[1].where.file, "");
}

// thidua.io.101
TEST(SchemeErrors, CannotOpen) {
  const std::filesystem::path missing = "/nonexistent-thidua-dir/scheme.toml";
  thidua::diagnostics out;
  EXPECT_FALSE(thidua::load_scheme(missing, out).has_value());
  ASSERT_EQ(out.count(), 1U);
  EXPECT_EQ(out.items()[0].code, errc::cannot_open);
  EXPECT_EQ(out.items()[0].where.file, missing.string());
  EXPECT_NE(out.items()[0].message.find("No such file or directory"), std::string::npos);
  EXPECT_THROW((void)thidua::load_scheme(missing), thidua::input_error);
  try {
    (void)thidua::read_file(std::filesystem::temp_directory_path());
    FAIL() << "a directory is not a file";
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, errc::cannot_open);
    EXPECT_NE(e.first().message.find("Is a directory"), std::string::npos) << e.what();
  }
}

}  // namespace
