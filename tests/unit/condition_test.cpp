// The condition language of [[title]] rules: parsing, canonical printing, error columns,
// title references and evaluation against a fake organisation (docs/conditions.md).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "awards/condition.hpp"

namespace {

using thidua::decimal;
using thidua::points;
using namespace thidua::detail;
using kind = condition::kind;

condition parsed(std::string_view text) {
  auto r = parse_condition(text);
  EXPECT_TRUE(r) << text << ": column " << r.error.column << ": " << r.error.message;
  return r ? *r.value : condition{};
}

condition_error error_of(std::string_view text) {
  auto r = parse_condition(text);
  EXPECT_FALSE(r) << text << " parsed as " << (r ? to_string(*r.value) : "");
  return r.error;
}

// ---------------------------------------------------------------------------------------
// Parsing and printing

TEST(Condition, DesignExamplesParseAndRoundTrip) {
  const std::vector<std::string> examples = {
      "class >= tot",
      "not flag:ky_luat",
      "class = xuat_sac",
      "flag:sang_kien",
      "title:LDTT",
      "share(members, class >= hoan_thanh) = 1",
      "share(members, title:LDTT) >= 0.7",
      "count(members, title:CSTDCS) >= 1",
      "none(members, flag:ky_luat_canh_cao)",
      "all(members, class >= hoan_thanh)",
      "streak(title:CSTDCS, 3)",
      "total >= 90",
      "family:dan_van > 12.5",
      "criterion:CM1 <= 3",
      "days_absent < 40",
      "months_in_service >= 10",
      "class != khong_hoan_thanh",
      "total > -5",
  };
  for (const auto& text : examples) {
    const condition c = parsed(text);
    EXPECT_EQ(to_string(c), text);  // the examples are already canonical
    EXPECT_EQ(parsed(to_string(c)), c) << text;
  }
}

TEST(Condition, NodesCarryTheirParts) {
  const condition share = parsed("share(members, title:LDTT) >= 0.7");
  EXPECT_EQ(share.k, kind::share);
  EXPECT_EQ(share.op, cmp_op::ge);
  EXPECT_EQ(share.number, points("0.7"));
  ASSERT_EQ(share.children.size(), 1U);
  EXPECT_EQ(share.children[0].k, kind::title);
  EXPECT_EQ(share.children[0].name, "LDTT");
  EXPECT_EQ(share.children[0].column, 16U);
  EXPECT_EQ(share.children[0].name_column, 22U);

  const condition streak = parsed("streak(title:CSTDCS, 3)");
  EXPECT_EQ(streak.k, kind::streak);
  EXPECT_EQ(streak.name, "CSTDCS");
  EXPECT_EQ(streak.years, 3U);

  const condition cls = parsed("class >= tot");
  EXPECT_EQ(cls.k, kind::class_cmp);
  EXPECT_EQ(cls.name, "tot");
  EXPECT_EQ(cls.name_column, 10U);

  const condition field = parsed("days_absent < 40");
  EXPECT_EQ(field.k, kind::field_cmp);
  EXPECT_EQ(field.name, "days_absent");
  EXPECT_EQ(field.number, decimal::from_int(40));
}

TEST(Condition, CanonicalPrinting) {
  EXPECT_EQ(to_string(parsed("class>=tot")), "class >= tot");
  EXPECT_EQ(to_string(parsed("  total>90.50 ")), "total > 90.5");
  EXPECT_EQ(to_string(parsed("share( members ,title : LDTT )>=.70")), "share(members, title:LDTT) >= 0.7");
  EXPECT_EQ(to_string(parsed("((flag:a))")), "flag:a");
  EXPECT_EQ(to_string(parsed("not (flag:a)")), "not flag:a");
  EXPECT_EQ(to_string(parsed("not (flag:a or flag:b)")), "not (flag:a or flag:b)");
  EXPECT_EQ(to_string(parsed("streak(title:X,2)")), "streak(title:X, 2)");
  EXPECT_EQ(to_string(parsed("flag:a or (flag:b and flag:c)")), "flag:a or flag:b and flag:c");
  EXPECT_EQ(to_string(parsed("flag:kỷ_luật and title:LĐTT")), "flag:kỷ_luật and title:LĐTT");
}

TEST(Condition, AndBindsTighterThanOr) {
  const condition c = parsed("flag:a or flag:b and flag:c");
  ASSERT_EQ(c.k, kind::disjunction);
  ASSERT_EQ(c.children.size(), 2U);
  EXPECT_EQ(c.children[0].k, kind::flag);
  ASSERT_EQ(c.children[1].k, kind::conjunction);
  EXPECT_EQ(c.children[1].children.size(), 2U);
  EXPECT_EQ(to_string(c), "flag:a or flag:b and flag:c");

  const condition d = parsed("(flag:a or flag:b) and flag:c");
  ASSERT_EQ(d.k, kind::conjunction);
  EXPECT_EQ(d.children[0].k, kind::disjunction);
  EXPECT_EQ(to_string(d), "(flag:a or flag:b) and flag:c");
  EXPECT_EQ(parsed(to_string(d)), d);

  // not binds tighter than and.
  const condition e = parsed("not flag:a and flag:b");
  ASSERT_EQ(e.k, kind::conjunction);
  EXPECT_EQ(e.children[0].k, kind::negation);

  // Chains are n-ary; explicit grouping is kept and printed back.
  EXPECT_EQ(parsed("flag:a and flag:b and flag:c").children.size(), 3U);
  const condition g = parsed("flag:a and (flag:b and flag:c)");
  EXPECT_EQ(g.children.size(), 2U);
  EXPECT_EQ(to_string(g), "flag:a and (flag:b and flag:c)");
  EXPECT_EQ(parsed(to_string(g)), g);
}

TEST(Condition, ComplexConditionsRoundTrip) {
  const std::vector<std::string> inputs = {
      "class >= tot and not flag:ky_luat and (class = xuat_sac or flag:sang_kien)",
      "share(members, class >= tot and not flag:ky_luat) > 0.5 or count(members, title:CSTDCS) >= 2",
      "none(members, flag:ky_luat_canh_cao or flag:ky_luat_khien_trach)",
      "all(members, share(members, title:LDTT) >= 0.5)",
      "not not title:X",
      "not (title:X and title:Y) or streak(title:Z, 10)",
      "(flag:a or flag:b) or flag:c",
      "flag:a and (flag:b or flag:c and flag:d) and not (flag:e or flag:f)",
  };
  for (const auto& text : inputs) {
    const condition c = parsed(text);
    const std::string printed = to_string(c);
    EXPECT_EQ(printed, text);
    EXPECT_EQ(parsed(printed), c) << text;
    EXPECT_EQ(to_string(parsed(printed)), printed);
  }
}

// ---------------------------------------------------------------------------------------
// Errors

struct error_case {
  const char* text;
  std::size_t column;
  const char* message;
};

TEST(Condition, SyntaxErrorsNameTheColumnAndWhatWasExpected) {
  const std::vector<error_case> cases = {
      {"class >=", 9, "expected a class id after '>=', found the end of the condition"},
      {"class tot", 7, "expected a comparison operator after 'class', found 'tot'"},
      {"class", 6, "expected a comparison operator after 'class', found the end of the condition"},
      {"share(members class >= tot) > 0.5", 15, "expected ',' after 'members', found 'class'"},
      {"share(units, class >= tot) > 0.5", 7, "expected 'members' after 'share(', found 'units'"},
      {"share(members, class >= tot)", 29, "expected a comparison operator after 'share(...)', found the end of the condition"},
      {"streak(title:X)", 15, "expected ',' and a number of years after 'title:X', found ')'"},
      {"streak(flag:X, 3)", 8, "expected 'title:' after 'streak(', found 'flag'"},
      {"streak(title:X, 0)", 17, "expected a whole number of years (1 or more), found '0'"},
      {"streak(title:X, 2.5)", 17, "expected a whole number of years (1 or more), found '2.5'"},
      {"total > abc", 9, "expected a number after '>', found 'abc'"},
      {"total > 1.23456", 9, "too many decimals in '1.23456': at most 4"},
      {"(class >= tot", 14, "expected ')' to close the '(' at column 1, found the end of the condition"},
      {"(flag:a or (flag:b)", 20, "expected ')' to close the '(' at column 1, found the end of the condition"},
      {"class >= tot)", 13, "unbalanced ')': no '(' to close"},
      {")", 1, "unbalanced ')': no '(' to close"},
      {"flag:a flag:b", 8, "expected 'and', 'or' or the end of the condition, found 'flag'"},
      {"class >= tot tot", 14, "expected 'and', 'or' or the end of the condition, found 'tot'"},
      {"avg(members, flag:x) > 1", 1, "unknown function 'avg': expected share, count, none, all or streak"},
      {"flags:x", 1, "unknown prefix 'flags:': expected flag:, title:, family: or criterion:"},
      {"flag:", 6, "expected a flag name after 'flag:', found the end of the condition"},
      {"family:dan_van 12", 16, "expected a comparison operator after 'family:dan_van', found '12'"},
      {"count(members, title:X) >= 1.5", 28, "expected a whole number after >= (a count of members), found '1.5'"},
      {"flag:a and", 11, "expected a condition, found the end of the condition"},
      {"flag:a or or flag:b", 11, "expected a condition, found 'or'"},
      {"not", 4, "expected a condition after 'not', found the end of the condition"},
      {"", 1, "expected a condition, found an empty string"},
      {"class >= tot!", 13, "unexpected character '!': did you mean '!='?"},
      {"total == 3", 8, "expected a number after '=', found '='"},
      {"class >= tot & flag:a", 14, "unexpected character '&'"},
      {"share(members, ) > 0", 16, "expected a condition on the members after ',', found ')'"},
      {"title:LDTT.", 7, "'.' is not allowed in a title id, found 'LDTT.'"},
  };
  for (const auto& c : cases) {
    const auto e = error_of(c.text);
    EXPECT_EQ(e.column, c.column) << c.text;
    EXPECT_EQ(e.message, c.message) << c.text;
  }
}

TEST(Condition, ErrorColumnsCountCodePointsNotBytes) {
  // "flag:kỷ_luật" is 12 code points but 16 bytes.
  const auto e = error_of("flag:kỷ_luật and class >=");
  EXPECT_EQ(e.column, 26U);
  EXPECT_EQ(e.message, "expected a class id after '>=', found the end of the condition");

  const auto f = error_of("title:LĐTT xếp_loại");
  EXPECT_EQ(f.column, 12U);
  EXPECT_EQ(f.message, "expected 'and', 'or' or the end of the condition, found 'xếp_loại'");

  const auto g = error_of("số_ngày_nghỉ 40");
  EXPECT_EQ(g.column, 14U);
  EXPECT_EQ(g.message, "expected a comparison operator after 'số_ngày_nghỉ', found '40'");
}

// ---------------------------------------------------------------------------------------
// Title references

TEST(Condition, ReferencedTitlesSayWhoseTitleAndWhen) {
  const auto own = referenced_titles(parsed("title:LDTT and (class = xuat_sac or title:LDTT)"));
  ASSERT_EQ(own.size(), 1U);
  EXPECT_EQ(own[0], (title_ref{"LDTT", 0, false}));
  EXPECT_FALSE(own[0].over_members());

  const auto unit = referenced_titles(parsed(
      "share(members, title:LDTT) >= 0.7 and count(members, title:CSTDCS) >= 1 and title:TTLDTT"));
  ASSERT_EQ(unit.size(), 3U);
  EXPECT_EQ(unit[0], (title_ref{"LDTT", 1, false}));
  EXPECT_TRUE(unit[0].over_members());
  EXPECT_EQ(unit[1], (title_ref{"CSTDCS", 1, false}));
  EXPECT_EQ(unit[2], (title_ref{"TTLDTT", 0, false}));

  const auto hist = referenced_titles(parsed("streak(title:CSTDCS, 3) and all(members, streak(title:X, 2))"));
  ASSERT_EQ(hist.size(), 2U);
  EXPECT_EQ(hist[0], (title_ref{"CSTDCS", 0, true}));
  EXPECT_EQ(hist[1], (title_ref{"X", 1, true}));

  EXPECT_EQ(referenced_titles(parsed("all(members, none(members, title:Y))"))[0], (title_ref{"Y", 2, false}));
  EXPECT_TRUE(referenced_titles(parsed("class >= tot and flag:title")).empty());
}

// ---------------------------------------------------------------------------------------
// Evaluation

const std::vector<std::string> classes = {"xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"};

struct fake : condition_context {
  std::string cls;  // empty: not rated
  std::optional<decimal> total_;
  std::map<std::string, decimal, std::less<>> families, criteria, fields;
  std::set<std::string, std::less<>> flags, titles;
  std::map<std::string, std::size_t, std::less<>> streaks;
  std::vector<fake> members;

  static std::optional<std::ptrdiff_t> index(std::string_view id) {
    for (std::size_t i = 0; i < classes.size(); ++i) {
      if (classes[i] == id) return static_cast<std::ptrdiff_t>(i);
    }
    return std::nullopt;
  }
  static std::optional<decimal> lookup(const std::map<std::string, decimal, std::less<>>& m, std::string_view k) {
    const auto it = m.find(k);
    return it == m.end() ? std::nullopt : std::optional<decimal>(it->second);
  }

  std::optional<int> compare_class(std::string_view id) const override {
    const auto mine = index(cls), other = index(id);
    if (!mine || !other) return std::nullopt;
    return static_cast<int>(*other - *mine);  // a lower index is a better class
  }
  std::optional<decimal> total() const override { return total_; }
  std::optional<decimal> family(std::string_view id) const override { return lookup(families, id); }
  std::optional<decimal> criterion(std::string_view id) const override { return lookup(criteria, id); }
  std::optional<decimal> field(std::string_view name) const override { return lookup(fields, name); }
  bool flag(std::string_view name) const override { return flags.find(name) != flags.end(); }
  bool holds(std::string_view title) const override { return titles.find(title) != titles.end(); }
  std::size_t streak(std::string_view title) const override {
    const auto it = streaks.find(title);
    return it == streaks.end() ? 0 : it->second;
  }
  std::size_t member_count() const override { return members.size(); }
  const condition_context& member(std::size_t i) const override { return members.at(i); }
};

bool eval(std::string_view text, const condition_context& ctx) { return evaluate(parsed(text), ctx); }

fake unit_of_three() {
  fake a, b, c, unit;
  a.cls = "xuat_sac";
  a.titles = {"LDTT", "CSTDCS"};
  a.streaks = {{"CSTDCS", 3}, {"LDTT", 5}};
  a.fields = {{"days_absent", decimal::from_int(0)}};
  b.cls = "tot";
  b.titles = {"LDTT"};
  b.streaks = {{"LDTT", 1}};
  b.fields = {{"days_absent", decimal::from_int(45)}};
  c.cls = "hoan_thanh";
  c.flags = {"ky_luat_canh_cao"};
  unit.cls = "tot";
  unit.total_ = points("91.5");
  unit.members = {a, b, c};
  return unit;
}

TEST(Condition, AggregatesOverMembers) {
  const fake unit = unit_of_three();
  EXPECT_TRUE(eval("share(members, class >= hoan_thanh) = 1", unit));
  EXPECT_FALSE(eval("share(members, class >= tot) = 1", unit));
  // 2 of 3 hold LDTT: exactly 0.6666..., compared without rounding.
  EXPECT_TRUE(eval("share(members, title:LDTT) >= 0.6666", unit));
  EXPECT_FALSE(eval("share(members, title:LDTT) >= 0.6667", unit));
  EXPECT_FALSE(eval("share(members, title:LDTT) >= 0.7", unit));
  EXPECT_TRUE(eval("share(members, title:LDTT) > 0.5", unit));
  EXPECT_TRUE(eval("share(members, title:LDTT) < 5", unit));
  EXPECT_TRUE(eval("share(members, title:LDTT) > -3", unit));
  EXPECT_TRUE(eval("share(members, flag:ky_luat_canh_cao) != 0", unit));
  EXPECT_TRUE(eval("count(members, title:CSTDCS) >= 1", unit));
  EXPECT_TRUE(eval("count(members, title:CSTDCS) = 1", unit));
  EXPECT_FALSE(eval("count(members, title:CSTDCS) > 1", unit));
  EXPECT_TRUE(eval("count(members, title:LDTT) = 2", unit));
  EXPECT_FALSE(eval("none(members, flag:ky_luat_canh_cao)", unit));
  EXPECT_TRUE(eval("none(members, flag:ky_luat)", unit));
  EXPECT_TRUE(eval("all(members, class >= hoan_thanh)", unit));
  EXPECT_FALSE(eval("all(members, class >= tot)", unit));
  EXPECT_TRUE(eval("count(members, days_absent < 40) = 1", unit));  // c has no such field
  // The whole TTLDXS rule: fails on the 70% and the discipline.
  EXPECT_FALSE(eval("share(members, class >= hoan_thanh) = 1 and share(members, title:LDTT) >= 0.7 and "
                    "count(members, title:CSTDCS) >= 1 and none(members, flag:ky_luat_canh_cao)",
                    unit));
}

TEST(Condition, AggregatesOverNoMembers) {
  const fake empty;
  EXPECT_TRUE(eval("share(members, title:LDTT) = 0", empty));
  EXPECT_FALSE(eval("share(members, title:LDTT) > 0", empty));
  EXPECT_FALSE(eval("share(members, class >= hoan_thanh) = 1", empty));
  EXPECT_TRUE(eval("count(members, title:LDTT) = 0", empty));
  EXPECT_TRUE(eval("none(members, flag:ky_luat)", empty));
  EXPECT_TRUE(eval("all(members, flag:ky_luat)", empty));
}

TEST(Condition, ClassOrderingBetterIsGreater) {
  fake m;
  m.cls = "tot";
  EXPECT_TRUE(eval("class >= tot", m));
  EXPECT_TRUE(eval("class <= tot", m));
  EXPECT_TRUE(eval("class = tot", m));
  EXPECT_FALSE(eval("class != tot", m));
  EXPECT_FALSE(eval("class > tot", m));
  EXPECT_TRUE(eval("class > hoan_thanh", m));
  EXPECT_TRUE(eval("class >= khong_hoan_thanh", m));
  EXPECT_TRUE(eval("class < xuat_sac", m));
  EXPECT_FALSE(eval("class >= xuat_sac", m));
  // No class: every class comparison is false, != included.
  fake unrated;
  EXPECT_FALSE(eval("class >= khong_hoan_thanh", unrated));
  EXPECT_FALSE(eval("class != tot", unrated));
  EXPECT_TRUE(eval("not class >= tot", unrated));
}

TEST(Condition, NotAndOr) {
  fake m;
  m.flags = {"a"};
  EXPECT_TRUE(eval("flag:a", m));
  EXPECT_FALSE(eval("not flag:a", m));
  EXPECT_TRUE(eval("not flag:b", m));
  EXPECT_FALSE(eval("flag:a and flag:b", m));
  EXPECT_TRUE(eval("flag:a or flag:b", m));
  EXPECT_TRUE(eval("flag:a or flag:b and flag:c", m));     // a or (b and c)
  EXPECT_FALSE(eval("(flag:a or flag:b) and flag:c", m));
  EXPECT_TRUE(eval("not (flag:b or flag:c)", m));
  EXPECT_TRUE(eval("not not flag:a", m));
}

TEST(Condition, NumbersStreaksAndFields) {
  const fake unit = unit_of_three();
  EXPECT_TRUE(eval("total >= 91.5", unit));
  EXPECT_FALSE(eval("total > 91.5", unit));
  EXPECT_FALSE(eval("family:dan_van >= 0", unit));  // missing: comparisons are false
  fake m;
  m.families = {{"dan_van", points("12.25")}};
  m.criteria = {{"CM1", points("3")}};
  m.fields = {{"months_in_service", decimal::from_int(11)}};
  EXPECT_TRUE(eval("family:dan_van > 12.2", m));
  EXPECT_TRUE(eval("criterion:CM1 = 3", m));
  EXPECT_TRUE(eval("months_in_service >= 10", m));
  EXPECT_FALSE(eval("total >= 0", m));

  const fake& a = unit.members[0];
  const fake& b = unit.members[1];
  EXPECT_TRUE(eval("streak(title:CSTDCS, 3)", a));
  EXPECT_TRUE(eval("streak(title:CSTDCS, 1)", a));
  EXPECT_FALSE(eval("streak(title:CSTDCS, 4)", a));
  EXPECT_FALSE(eval("streak(title:CSTDCS, 1)", b));
  EXPECT_TRUE(eval("count(members, streak(title:LDTT, 1)) = 2", unit));
  // LDTT then CSTDCS for a member.
  EXPECT_TRUE(eval("title:LDTT and (class = xuat_sac or flag:sang_kien)", a));
  EXPECT_FALSE(eval("title:LDTT and (class = xuat_sac or flag:sang_kien)", b));
}

}  // namespace
