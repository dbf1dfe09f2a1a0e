// Schemes that should load: the design's example scheme read from TOML with every field
// checked (exact decimals, weights, tiers, linear rules, vetoes, classes, ranking keys),
// TOML details (dates, floats, defaults, BOM), files on disk, and a scheme built in code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "thidua/io.hpp"

namespace {

using thidua::decimal;
using thidua::points;

// The example of design.md, without class quotas and titles (not supported yet).
constexpr std::string_view example_toml = R"toml([scheme]
id = "truong-hoc-2024-2025"
title = "Chấm điểm thi đua các trường học năm học 2024–2025"
subject = "unit"              # unit (tập thể) | member (cá nhân)
scale = 100
precision = 2                 # decimals of published totals
rounding = "half_up"
effective = "2024-09-01"
source = "Kế hoạch 01-KHPH/BDV-PGDĐT, mục II.7"   # where the rules come from

[[family]]
id = "chuyen_mon"
name = "Công tác chuyên môn"
weight = 70                   # optional: share of the scale this family is rescaled to
[[family]]
id = "dan_van"
name = "Công tác dân vận, thực hiện quy chế dân chủ"
weight = 30

[[criterion]]
id = "CM1"
family = "chuyen_mon"
name = "Huy động trẻ trong độ tuổi ra lớp"
max = 10
input = "percent"             # points (default) | percent | count | yes_no
tiers = [[99, 10], [97, 8], [95, 6], [90, 3]]   # value at least X gives Y points; else 0
[[criterion]]
id = "CM2"
family = "chuyen_mon"
name = "Tỷ lệ học sinh bỏ học"
max = 10
input = "percent"
linear = { full = 0.5, zero = 3.0 }             # lower is better here: <=0.5 → 10, >=3 → 0
[[criterion]]
id = "DV1"
family = "dan_van"
name = "Thực hiện quy chế dân chủ ở cơ sở"
max = 15
step = 0.25                   # assessor points must be multiples of 0.25

[bonus]
max = 5
[deduction]
max = 10

[[veto]]
id = "ky_luat"
name = "Có viên chức bị kỷ luật từ khiển trách trở lên"
cap_class = "hoan_thanh"      # or: exclude = true

[[class]]                     # best first
id = "xuat_sac"
name = "Hoàn thành xuất sắc nhiệm vụ"
min = 90
min_family = { dan_van = 24 } # optional extra condition
[[class]]
id = "tot"
name = "Hoàn thành tốt nhiệm vụ"
min = 70
[[class]]
id = "hoan_thanh"
name = "Hoàn thành nhiệm vụ"
min = 50
[[class]]
id = "khong_hoan_thanh"
name = "Không hoàn thành nhiệm vụ"
min = 0

[ranking]
order = ["class", "total", "family:dan_van", "criterion:CM1", "id"]
ties = "competition"          # 1,2,2,4 ; or "dense"
)toml";

TEST(SchemeToml, ExampleSettings) {
  const auto s = thidua::parse_scheme(example_toml, "truong-hoc.toml");
  EXPECT_EQ(s.file, "truong-hoc.toml");
  EXPECT_EQ(s.id, "truong-hoc-2024-2025");
  EXPECT_EQ(s.title, "Chấm điểm thi đua các trường học năm học 2024–2025");
  EXPECT_EQ(s.subject, "unit");
  EXPECT_EQ(s.scale, decimal::from_int(100));
  EXPECT_EQ(s.precision, 2);
  EXPECT_EQ(s.round, thidua::rounding::half_up);
  EXPECT_EQ(s.effective, "2024-09-01");
  EXPECT_EQ(s.source, "Kế hoạch 01-KHPH/BDV-PGDĐT, mục II.7");
  EXPECT_EQ(s.missing, thidua::missing_rule::zero);
  ASSERT_TRUE(s.bonus_max.has_value());
  EXPECT_EQ(*s.bonus_max, decimal::from_int(5));
  ASSERT_TRUE(s.deduction_max.has_value());
  EXPECT_EQ(*s.deduction_max, decimal::from_int(10));
}

TEST(SchemeToml, ExampleFamilies) {
  const auto s = thidua::parse_scheme(example_toml, "truong-hoc.toml");
  ASSERT_EQ(s.families.size(), 2U);
  const auto& cm = s.families[0];
  EXPECT_EQ(cm.id, "chuyen_mon");
  EXPECT_EQ(cm.name, "Công tác chuyên môn");
  ASSERT_TRUE(cm.weight.has_value());
  EXPECT_EQ(*cm.weight, decimal::from_int(70));
  EXPECT_EQ(cm.max, decimal::from_int(20));
  EXPECT_EQ(cm.criteria, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(cm.site.line, 11U);
  EXPECT_EQ(cm.site.column, 1U);
  const auto& dv = s.families[1];
  EXPECT_EQ(dv.id, "dan_van");
  EXPECT_EQ(*dv.weight, decimal::from_int(30));
  EXPECT_EQ(dv.max, decimal::from_int(15));
  EXPECT_EQ(dv.criteria, (std::vector<std::size_t>{2}));
  EXPECT_EQ(thidua::family_share(s, 0), decimal::from_int(70));
  EXPECT_EQ(thidua::family_share(s, 1), decimal::from_int(30));
  EXPECT_EQ(s.find_family("dan_van"), 1);
  EXPECT_EQ(s.find_family("dân vận"), -1);
}

TEST(SchemeToml, ExampleCriteria) {
  const auto s = thidua::parse_scheme(example_toml, "truong-hoc.toml");
  ASSERT_EQ(s.criteria.size(), 3U);

  const auto& cm1 = s.criteria[0];
  EXPECT_EQ(cm1.id, "CM1");
  EXPECT_EQ(cm1.family, "chuyen_mon");
  EXPECT_EQ(cm1.family_index, 0U);
  EXPECT_EQ(cm1.name, "Huy động trẻ trong độ tuổi ra lớp");
  EXPECT_EQ(cm1.max, decimal::from_int(10));
  EXPECT_EQ(cm1.input, thidua::input_kind::percent);
  EXPECT_FALSE(cm1.lower_is_better);
  EXPECT_FALSE(cm1.step.has_value());
  EXPECT_FALSE(cm1.linear.has_value());
  ASSERT_EQ(cm1.tiers.size(), 4U);
  const int expected[4][2] = {{99, 10}, {97, 8}, {95, 6}, {90, 3}};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(cm1.tiers[k].threshold, decimal::from_int(expected[k][0])) << "tier " << k + 1;
    EXPECT_EQ(cm1.tiers[k].points, decimal::from_int(expected[k][1])) << "tier " << k + 1;
  }
  EXPECT_EQ(cm1.site.line, 20U);

  const auto& cm2 = s.criteria[1];
  EXPECT_EQ(cm2.id, "CM2");
  EXPECT_EQ(cm2.input, thidua::input_kind::percent);
  EXPECT_TRUE(cm2.tiers.empty());
  ASSERT_TRUE(cm2.linear.has_value());
  EXPECT_EQ(cm2.linear->full.units(), 5000);  // 0.5 exactly
  EXPECT_EQ(cm2.linear->zero, decimal::from_int(3));

  const auto& dv1 = s.criteria[2];
  EXPECT_EQ(dv1.id, "DV1");
  EXPECT_EQ(dv1.family_index, 1U);
  EXPECT_EQ(dv1.input, thidua::input_kind::points);
  ASSERT_TRUE(dv1.step.has_value());
  EXPECT_EQ(dv1.step->units(), 2500);  // 0.25 exactly, not 0.2499999...
  EXPECT_EQ(*dv1.step, points("0.25"));
  EXPECT_EQ(dv1.max, decimal::from_int(15));

  EXPECT_EQ(s.find_criterion("CM1"), 0);
  EXPECT_EQ(s.find_criterion("DV1"), 2);
  EXPECT_EQ(s.find_criterion("DV2"), -1);
  EXPECT_EQ(thidua::to_string(cm1.input), "percent");
  EXPECT_EQ(thidua::to_string(dv1.input), "points");
}

TEST(SchemeToml, ExampleVetoesAndClasses) {
  const auto s = thidua::parse_scheme(example_toml, "truong-hoc.toml");
  ASSERT_EQ(s.vetoes.size(), 1U);
  const auto& v = s.vetoes[0];
  EXPECT_EQ(v.id, "ky_luat");
  EXPECT_EQ(v.name, "Có viên chức bị kỷ luật từ khiển trách trở lên");
  EXPECT_EQ(v.flag, "ky_luat");  // defaults to the id
  ASSERT_TRUE(v.cap_class.has_value());
  EXPECT_EQ(*v.cap_class, "hoan_thanh");
  EXPECT_EQ(v.cap_class_index, 2U);
  EXPECT_FALSE(v.exclude);

  ASSERT_EQ(s.classes.size(), 4U);
  const char* ids[] = {"xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"};
  const int mins[] = {90, 70, 50, 0};
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(s.classes[k].id, ids[k]);
    EXPECT_EQ(s.classes[k].min, decimal::from_int(mins[k]));
    EXPECT_EQ(s.find_class(ids[k]), static_cast<std::ptrdiff_t>(k));
  }
  EXPECT_EQ(s.classes[0].name, "Hoàn thành xuất sắc nhiệm vụ");
  ASSERT_EQ(s.classes[0].min_family.size(), 1U);
  EXPECT_EQ(s.classes[0].min_family[0].family, "dan_van");
  EXPECT_EQ(s.classes[0].min_family[0].min, decimal::from_int(24));
  EXPECT_EQ(s.classes[0].min_family[0].family_index, 1U);
  EXPECT_TRUE(s.classes[3].min_family.empty());
  EXPECT_EQ(s.find_class("gioi"), -1);
}

TEST(SchemeToml, ExampleRanking) {
  const auto s = thidua::parse_scheme(example_toml, "truong-hoc.toml");
  using kind = thidua::ranking_key::kind;
  ASSERT_EQ(s.order.size(), 5U);
  EXPECT_EQ(s.order[0].what, kind::class_);
  EXPECT_EQ(s.order[1].what, kind::total);
  EXPECT_EQ(s.order[2].what, kind::family);
  EXPECT_EQ(s.order[2].ref, "dan_van");
  EXPECT_EQ(s.order[2].index, 1U);
  EXPECT_EQ(s.order[3].what, kind::criterion);
  EXPECT_EQ(s.order[3].ref, "CM1");
  EXPECT_EQ(s.order[3].index, 0U);
  EXPECT_EQ(s.order[4].what, kind::id);
  std::vector<std::string> shown;
  for (const auto& k : s.order) shown.push_back(thidua::to_string(k));
  EXPECT_EQ(shown, (std::vector<std::string>{"class", "total", "family:dan_van", "criterion:CM1", "id"}));
  EXPECT_EQ(thidua::to_string(thidua::ranking_key{kind::name, {}, 0}), "name");
  EXPECT_EQ(s.ties, thidua::tie_rule::competition);
}

// A small valid scheme; tests below change one thing in it.
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

TEST(SchemeToml, Defaults) {
  const auto s = thidua::parse_scheme(minimal_toml);
  EXPECT_EQ(s.file, "<scheme>");
  EXPECT_EQ(s.subject, "unit");
  EXPECT_EQ(s.scale, decimal::from_int(100));
  EXPECT_EQ(s.precision, 2);
  EXPECT_EQ(s.round, thidua::rounding::half_up);
  EXPECT_EQ(s.effective, "");
  EXPECT_FALSE(s.bonus_max.has_value());
  EXPECT_FALSE(s.deduction_max.has_value());
  EXPECT_TRUE(s.vetoes.empty());
  EXPECT_EQ(s.ties, thidua::tie_rule::competition);
  ASSERT_EQ(s.order.size(), 3U);  // class, total, id
  EXPECT_EQ(thidua::to_string(s.order[0]), "class");
  EXPECT_EQ(thidua::to_string(s.order[2]), "id");
  // Unweighted: a family's share is its criteria maxima.
  EXPECT_FALSE(s.families[0].weight.has_value());
  EXPECT_EQ(thidua::family_share(s, 0), decimal::from_int(100));
  // Names default to ids.
  EXPECT_EQ(s.families[0].name, "chung");
  EXPECT_EQ(s.criteria[0].name, "A");
  EXPECT_EQ(s.criteria[1].input, thidua::input_kind::count);
}

TEST(SchemeToml, OtherSettings) {
  std::string text(minimal_toml);
  text.replace(text.find("id = \"mini\"\n"), 12,
               "id = \"mini\"\nsubject = \"member\"\nprecision = 1\nrounding = \"half_even\"\n"
               "effective = 2025-01-15\nmissing = \"error\"\n");
  text += "[ranking]\norder = [\"total\", \"name\"]\nties = \"dense\"\n"
          "[[veto]]\nid = \"vang\"\nflag = \"vang_40_ngay\"\nexclude = true\n";
  const auto s = thidua::parse_scheme(text);
  EXPECT_EQ(s.subject, "member");
  EXPECT_EQ(s.precision, 1);
  EXPECT_EQ(s.round, thidua::rounding::half_even);
  EXPECT_EQ(s.effective, "2025-01-15");  // a TOML date, stored as ISO text
  EXPECT_EQ(s.missing, thidua::missing_rule::error);
  EXPECT_EQ(s.ties, thidua::tie_rule::dense);
  ASSERT_EQ(s.order.size(), 2U);
  EXPECT_EQ(s.order[1].what, thidua::ranking_key::kind::name);
  ASSERT_EQ(s.vetoes.size(), 1U);
  EXPECT_EQ(s.vetoes[0].flag, "vang_40_ngay");
  EXPECT_TRUE(s.vetoes[0].exclude);
  EXPECT_FALSE(s.vetoes[0].cap_class.has_value());
}

TEST(SchemeToml, FloatsBecomeExactDecimals) {
  std::string text(minimal_toml);
  text.replace(text.find("max = 60"), 8, "max = 59.9");
  text.replace(text.find("max = 40"), 8, "max = 40.1");
  text.replace(text.find("[[3, 40], [1, 20]]"), 18, "[[2.5, 40.1], [0.0001, 0.3]]");
  const auto s = thidua::parse_scheme(text);
  EXPECT_EQ(s.criteria[0].max.units(), 599000);
  EXPECT_EQ(s.criteria[1].max.units(), 401000);
  EXPECT_EQ(s.criteria[1].tiers[0].threshold.units(), 25000);
  EXPECT_EQ(s.criteria[1].tiers[1].threshold.units(), 1);
  EXPECT_EQ(s.criteria[1].tiers[1].points.units(), 3000);
  EXPECT_EQ(s.families[0].max, decimal::from_int(100));  // 59.9 + 40.1, exactly
}

TEST(SchemeToml, LowerIsBetterTiers) {
  std::string text(minimal_toml);
  text.replace(text.find("tiers = [[3, 40], [1, 20]]"), 26, "better = \"lower\"\ntiers = [[1, 40], [3, 20]]");
  const auto s = thidua::parse_scheme(text);
  EXPECT_TRUE(s.criteria[1].lower_is_better);
  EXPECT_EQ(s.criteria[1].tiers[0].threshold, decimal::from_int(1));
}

TEST(SchemeToml, ByteOrderMarkAndCrlf) {
  std::string text = "\xEF\xBB\xBF";
  for (char c : minimal_toml) {
    if (c == '\n') text += '\r';
    text += c;
  }
  const auto s = thidua::parse_scheme(text);
  EXPECT_EQ(s.id, "mini");
  EXPECT_EQ(s.criteria[1].site.line, 11U);
}

TEST(SchemeToml, InlineTablesInArrays) {
  const auto s = thidua::parse_scheme(R"toml(scheme = { id = "x", scale = 10 }
family = [{ id = "f" }]
criterion = [{ id = "A", family = "f", max = 10 }]
class = [{ id = "tot", min = 8 }, { id = "con_lai", min = 0 }]
)toml");
  EXPECT_EQ(s.criteria[0].max, decimal::from_int(10));
  EXPECT_EQ(s.classes[0].site.line, 4U);
}

TEST(SchemeToml, LoadFromFile) {
  const auto dir = std::filesystem::temp_directory_path() / "thidua-scheme-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "truong-hoc.toml";
  {
    std::ofstream f(path, std::ios::binary);
    f << example_toml;
  }
  const auto s = thidua::load_scheme(path);
  EXPECT_EQ(s.file, path.string());
  EXPECT_EQ(s.criteria.size(), 3U);
  thidua::diagnostics problems;
  EXPECT_TRUE(thidua::load_scheme(path, problems).has_value());
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(thidua::read_file(path), example_toml);
  std::filesystem::remove_all(dir);
}

// What a department system builds in memory gets the same checks and indices.
thidua::scheme in_memory_scheme() {
  thidua::scheme s;
  s.id = "demo";
  s.families.push_back({.id = "chuyen_mon", .name = "Công tác chuyên môn", .weight = decimal::from_int(60)});
  s.families.push_back({.id = "dan_van", .name = "Công tác dân vận", .weight = decimal::from_int(40)});
  s.criteria.push_back({.id = "CM1", .family = "chuyen_mon", .name = "Chuyên môn", .max = decimal::from_int(10),
                        .step = points("0.5")});
  s.criteria.push_back({.id = "DV1", .family = "dan_van", .name = "Dân vận", .max = decimal::from_int(10),
                        .input = thidua::input_kind::percent,
                        .linear = thidua::linear_rule{decimal::from_int(100), decimal::from_int(50)}});
  s.criteria.push_back({.id = "CM2", .family = "chuyen_mon", .name = "Kiểm định", .max = decimal::from_int(5),
                        .input = thidua::input_kind::yes_no});
  s.bonus_max = decimal::from_int(5);
  s.vetoes.push_back({.id = "ky_luat", .name = "Kỷ luật", .flag = "", .cap_class = "dat"});
  s.classes.push_back({.id = "tot", .name = "Tốt", .min = decimal::from_int(80),
                       .min_family = {{.family = "dan_van", .min = decimal::from_int(30)}}});
  s.classes.push_back({.id = "dat", .name = "Đạt", .min = decimal::from_int(50)});
  s.classes.push_back({.id = "chua_dat", .name = "Chưa đạt", .min = {}});
  s.order = {{thidua::ranking_key::kind::class_, {}, 0},
             {thidua::ranking_key::kind::total, {}, 0},
             {thidua::ranking_key::kind::family, "dan_van", 0},
             {thidua::ranking_key::kind::criterion, "CM2", 0},
             {thidua::ranking_key::kind::name, {}, 0}};
  return s;
}

TEST(SchemeInMemory, FinalizeFillsIndices) {
  auto s = in_memory_scheme();
  thidua::diagnostics problems;
  ASSERT_TRUE(thidua::finalize_scheme(s, problems)) << problems.items().front().to_string();
  EXPECT_EQ(s.families[0].criteria, (std::vector<std::size_t>{0, 2}));  // file (list) order
  EXPECT_EQ(s.families[0].max, decimal::from_int(15));
  EXPECT_EQ(s.families[1].max, decimal::from_int(10));
  EXPECT_EQ(s.criteria[1].family_index, 1U);
  EXPECT_EQ(s.criteria[2].family_index, 0U);
  EXPECT_EQ(s.vetoes[0].flag, "ky_luat");
  EXPECT_EQ(s.vetoes[0].cap_class_index, 1U);
  EXPECT_EQ(s.classes[0].min_family[0].family_index, 1U);
  EXPECT_EQ(s.order[2].index, 1U);
  EXPECT_EQ(s.order[3].index, 2U);
  EXPECT_EQ(s.find_criterion("CM2"), 2);
  EXPECT_EQ(s.find_family("dan_van"), 1);
  EXPECT_EQ(s.find_class("chua_dat"), 2);
}

TEST(SchemeInMemory, FinalizeTwiceGivesTheSameIndices) {
  auto s = in_memory_scheme();
  thidua::finalize_scheme(s);
  thidua::finalize_scheme(s);
  EXPECT_EQ(s.families[0].criteria, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(s.families[0].max, decimal::from_int(15));
}

TEST(SchemeInMemory, ThrowingFinalizeCarriesEveryProblem) {
  auto s = in_memory_scheme();
  s.criteria[0].family = "chuyen_mn";
  s.classes[1].min = decimal::from_int(90);
  try {
    thidua::finalize_scheme(s);
    FAIL() << "expected input_error";
  } catch (const thidua::input_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 2U);
    EXPECT_EQ(e.diagnostics()[0].code, thidua::errc::unknown_reference);
    EXPECT_NE(e.diagnostics()[0].message.find("did you mean 'chuyen_mon'?"), std::string::npos);
    EXPECT_EQ(e.diagnostics()[0].where.line, 0U);  // built in code: no position
    EXPECT_EQ(e.diagnostics()[1].code, thidua::errc::thresholds_not_descending);
    EXPECT_EQ(e.total_count(), 2U);
  }
}

}  // namespace
