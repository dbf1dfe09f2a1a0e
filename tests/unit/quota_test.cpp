// Class quotas: "xuất sắc at most 20% of the number rated tốt", with the base counted on the
// final result (after demotions), the stated rounding, ties at the cut, scopes.
#include <gtest/gtest.h>

#include <thidua/thidua.hpp>

namespace {

using thidua::class_quota;
using thidua::decimal;
using thidua::points;
using thidua::sheet;

// One criterion, total = its points. Classes 90 / 70 / 50 / 0.
thidua::scheme quota_scheme(class_quota q) {
  thidua::scheme s;
  s.id = "quota";
  s.families = {{.id = "chuyen_mon", .name = "Chuyên môn"}, {.id = "dan_van", .name = "Dân vận"}};
  s.criteria = {{.id = "CM", .family = "chuyen_mon", .name = "CM", .max = decimal::from_int(80)},
                {.id = "DV", .family = "dan_van", .name = "DV", .max = decimal::from_int(20)}};
  s.classes = {{.id = "xuat_sac", .name = "Xuất sắc", .min = decimal::from_int(90), .quota = q},
               {.id = "tot", .name = "Tốt", .min = decimal::from_int(70)},
               {.id = "hoan_thanh", .name = "Hoàn thành", .min = decimal::from_int(50)},
               {.id = "khong", .name = "Không hoàn thành", .min = {}}};
  s.vetoes = {{.id = "vi_pham", .name = "Vi phạm", .exclude = true}};
  s.order = {{thidua::ranking_key::kind::class_}, {thidua::ranking_key::kind::total}, {thidua::ranking_key::kind::id}};
  thidua::finalize_scheme(s);
  return s;
}

class_quota twenty_percent_of_tot() {
  return {.max = points("0.2"), .of = "class:tot", .per = class_quota::scope::group, .round = thidua::rounding::down};
}

struct subject {
  std::string id;
  const char* total;  // split as CM = total − 20, DV = 20 (or DV given)
  const char* group = "A";
  std::uint64_t flags = 0;
  const char* dv = "20";
};

thidua::ranking rank_all(const thidua::scheme& s, const std::vector<subject>& list) {
  sheet sh(2);
  sh.flag_index("vi_pham");
  for (const auto& x : list) {
    const decimal cm = points(x.total) - points(x.dv);
    const sheet::value_type v[] = {sheet::encode(cm), sheet::encode(points(x.dv))};
    sh.add_subject({.id = x.id, .name = x.id, .group = x.group}, v, {}, {}, x.flags);
  }
  return thidua::rank(s, sh);
}

std::string cls(const thidua::ranking& r, std::size_t i) {
  return r.class_index(i) < 0 ? "-" : r.scheme().classes[static_cast<std::size_t>(r.class_index(i))].id;
}

std::vector<subject> block(std::vector<const char*> totals, const char* group = "A", const char* prefix = "S") {
  std::vector<subject> v;
  for (std::size_t i = 0; i < totals.size(); ++i)
    v.push_back({prefix + std::to_string(10 + i), totals[i], group});
  return v;
}

TEST(Quota, BaseIsCountedAfterDemotions) {
  const auto s = quota_scheme(twenty_percent_of_tot());
  // 5 reach xuất sắc, 10 tốt. Keeping 2 gives base 13 → 2.6 → 2; keeping 3 gives 12 → 2.
  auto list = block({"95", "94", "93", "92", "91"});
  for (int i = 0; i < 10; ++i) list.push_back({"T" + std::to_string(10 + i), "80"});
  const auto r = rank_all(s, list);
  EXPECT_EQ(cls(r, 0), "xuat_sac");
  EXPECT_EQ(cls(r, 1), "xuat_sac");
  EXPECT_EQ(cls(r, 2), "tot");
  EXPECT_EQ(cls(r, 4), "tot");
  EXPECT_EQ(r.class_before_quota(2), 0);
  const auto d = r.quota_decisions(2);
  ASSERT_EQ(d.size(), 1U);
  EXPECT_TRUE(d[0].demoted);
  EXPECT_EQ(d[0].position, 3U);
  EXPECT_EQ(d[0].candidates, 5U);
  EXPECT_EQ(d[0].base, 13U);
  EXPECT_EQ(d[0].limit, 2U);
  EXPECT_EQ(d[0].kept, 2U);
  EXPECT_FALSE(r.quota_decisions(0)[0].demoted);
  EXPECT_TRUE(r.quota_decisions(5).empty());  // a tốt subject was never a candidate
  // Ranks follow the final classes: the two xuất sắc, then 93, 92, 91 at the top of tốt.
  EXPECT_EQ(r.rank(2), 3U);
  EXPECT_EQ(r.rank(5), 6U);
}

TEST(Quota, AQuotaThatRoundsToZeroDropsEveryone) {
  const auto s = quota_scheme(twenty_percent_of_tot());
  auto list = block({"95"});
  list.push_back({"T1", "80"});
  list.push_back({"T2", "80"});
  const auto r = rank_all(s, list);  // keep 1: base 2 → 0.4 → 0; keep 0: base 3 → 0.6 → 0
  EXPECT_EQ(cls(r, 0), "tot");
  EXPECT_EQ(r.quota_decisions(0)[0].limit, 0U);
}

TEST(Quota, RoundingIsTheSchemes) {
  auto q = twenty_percent_of_tot();
  q.round = thidua::rounding::half_up;
  auto list = block({"95", "94", "93"});
  for (int i = 0; i < 10; ++i) list.push_back({"T" + std::to_string(10 + i), "80"});
  // keep 3: base 10 → 2 < 3; keep 2: base 11 → 2.2 → 2 ✓
  auto r = rank_all(quota_scheme(q), list);
  EXPECT_EQ(r.quota_decisions(0)[0].kept, 2U);
  // 7 tốt: keep 2: base 8 → 1.6 → half_up 2 ✓ ; down would give 1 (keep 1: base 9 → 1.8 → 1).
  list.resize(3 + 7);
  r = rank_all(quota_scheme(q), list);
  EXPECT_EQ(r.quota_decisions(0)[0].kept, 2U);
  r = rank_all(quota_scheme(twenty_percent_of_tot()), list);
  EXPECT_EQ(r.quota_decisions(0)[0].kept, 1U);
  q.round = thidua::rounding::up;  // keep 3: base 7 → 1.4 → 2 < 3; keep 2: 8 → 1.6 → 2 ✓
  r = rank_all(quota_scheme(q), list);
  EXPECT_EQ(r.quota_decisions(0)[0].kept, 2U);
}

TEST(Quota, TiesAtTheCutAllDropOrAllStay) {
  auto list = block({"95", "93", "93", "91"});
  for (int i = 0; i < 10; ++i) list.push_back({"T" + std::to_string(10 + i), "80"});
  // Without the tie rule the cut is after 2 (base 12 → 2), between the two 93s.
  auto r = rank_all(quota_scheme(twenty_percent_of_tot()), list);
  EXPECT_EQ(cls(r, 0), "xuat_sac");
  EXPECT_EQ(cls(r, 1), "tot");
  EXPECT_EQ(cls(r, 2), "tot");
  EXPECT_TRUE(r.quota_decisions(1)[0].tie_at_cut);
  EXPECT_FALSE(r.quota_decisions(0)[0].tie_at_cut);
  EXPECT_EQ(r.quota_decisions(0)[0].kept, 1U);
  auto q = twenty_percent_of_tot();
  q.ties = class_quota::at_tie::stay;
  r = rank_all(quota_scheme(q), list);
  EXPECT_EQ(cls(r, 1), "xuat_sac");
  EXPECT_EQ(cls(r, 2), "xuat_sac");
  EXPECT_EQ(cls(r, 3), "tot");
  EXPECT_EQ(r.quota_decisions(3)[0].kept, 3U);  // over the limit of 2: the scheme said so
  EXPECT_EQ(r.quota_decisions(3)[0].limit, 2U);
}

TEST(Quota, PerGroupOrOverAll) {
  auto list = block({"95", "94"}, "A", "A");
  for (int i = 0; i < 5; ++i) list.push_back({"TA" + std::to_string(i), "80", "A"});
  auto b = block({"99"}, "B", "B");
  for (auto& x : b) list.push_back(x);
  for (int i = 0; i < 5; ++i) list.push_back({"TB" + std::to_string(i), "80", "B"});
  // Per group: A keeps 1 (keep 1: base 6 → 1.2 → 1), B keeps 1 (keep 1: base 5 → 1).
  auto r = rank_all(quota_scheme(twenty_percent_of_tot()), list);
  EXPECT_EQ(cls(r, 0), "xuat_sac");
  EXPECT_EQ(cls(r, 1), "tot");
  EXPECT_EQ(cls(r, 7), "xuat_sac");
  // Over all: 3 candidates, 10 tốt: keep 2 (base 11 → 2): 99 (B) and 95 (A) stay.
  auto q = twenty_percent_of_tot();
  q.per = class_quota::scope::all;
  r = rank_all(quota_scheme(q), list);
  EXPECT_EQ(cls(r, 7), "xuat_sac");
  EXPECT_EQ(cls(r, 0), "xuat_sac");
  EXPECT_EQ(cls(r, 1), "tot");
  EXPECT_EQ(r.quota_decisions(7)[0].position, 1U);
}

TEST(Quota, OfAllClassifiedSubjects) {
  const class_quota q{.max = points("0.3"), .of = "all", .round = thidua::rounding::down};
  auto list = block({"95", "94", "93", "92", "91"});
  for (int i = 0; i < 5; ++i) list.push_back({"T" + std::to_string(i), "60"});
  list.push_back({"X", "99", "A", 1});  // excluded: not classified, not counted
  const auto r = rank_all(quota_scheme(q), list);
  EXPECT_EQ(r.quota_decisions(0)[0].base, 10U);
  EXPECT_EQ(r.quota_decisions(0)[0].kept, 3U);
  EXPECT_EQ(cls(r, 3), "tot");
  EXPECT_TRUE(r.quota_decisions(10).empty());
}

TEST(Quota, EmptySheetAndNoCandidates) {
  const auto s = quota_scheme(twenty_percent_of_tot());
  EXPECT_EQ(rank_all(s, {}).size(), 0U);
  const auto r = rank_all(s, block({"80", "60"}));
  EXPECT_TRUE(r.quota_decisions(0).empty());
  EXPECT_EQ(cls(r, 0), "tot");
}

TEST(Quota, DemotedSubjectLandsOnTheBestClassItStillQualifiesFor) {
  thidua::scheme s = quota_scheme(twenty_percent_of_tot());
  s.classes[1].min_family = {{.family = "dan_van", .min = decimal::from_int(15)}};
  thidua::finalize_scheme(s);
  auto list = block({"95"});
  list[0].dv = "10";  // 95 with dân vận 10: xuất sắc has no family minimum, tốt needs 15
  list.push_back({"T1", "80"});
  const auto r = rank_all(s, list);
  EXPECT_EQ(cls(r, 0), "hoan_thanh");
}

TEST(Quota, SchemeFileSyntaxAndChecks) {
  const std::string head = R"([scheme]
id = "q"
[[family]]
id = "f"
[[criterion]]
id = "C"
family = "f"
max = 100
)";
  const auto s = thidua::parse_scheme(head + R"([[class]]
id = "xs"
min = 90
quota = { max = 0.15, of = "class:tot", per = "all", round = "half_up", ties = "stay" }
[[class]]
id = "tot"
min = 0
)");
  ASSERT_TRUE(s.classes[0].quota.has_value());
  EXPECT_EQ(s.classes[0].quota->max, points("0.15"));
  EXPECT_EQ(s.classes[0].quota->of_class_index, 1);
  EXPECT_EQ(s.classes[0].quota->per, class_quota::scope::all);
  EXPECT_EQ(s.classes[0].quota->round, thidua::rounding::half_up);
  EXPECT_EQ(s.classes[0].quota->ties, class_quota::at_tie::stay);

  auto first_error = [&](const std::string& classes) {
    try {
      thidua::parse_scheme(head + classes, "q.toml");
    } catch (const thidua::input_error& e) {
      return e.first();
    }
    return thidua::diagnostic{};
  };
  auto d = first_error("[[class]]\nid = \"xs\"\nmin = 90\nquota = { max = 1.5, of = \"all\" }\n[[class]]\nid = \"t\"\nmin = 0\n");
  EXPECT_EQ(d.code, thidua::errc::invalid_value);
  EXPECT_EQ(d.where.line, 12U);
  d = first_error("[[class]]\nid = \"xs\"\nmin = 90\nquota = { max = 0.2, of = \"class:tt\" }\n[[class]]\nid = \"tot\"\nmin = 0\n");
  EXPECT_EQ(d.code, thidua::errc::unknown_reference);
  EXPECT_NE(d.message.find("did you mean 'tot'"), std::string::npos) << d.message;
  d = first_error("[[class]]\nid = \"xs\"\nmin = 90\nquota = { max = 0.2, of = \"all\", per = \"province\" }\n[[class]]\nid = \"t\"\nmin = 0\n");
  EXPECT_EQ(d.code, thidua::errc::invalid_value);
  EXPECT_EQ(d.where.line, 12U);
  d = first_error("[[class]]\nid = \"xs\"\nmin = 90\nquota = { max = 0.2, of = \"all\", share = 1 }\n[[class]]\nid = \"t\"\nmin = 0\n");
  EXPECT_EQ(d.code, thidua::errc::unknown_key);
}

}  // namespace
