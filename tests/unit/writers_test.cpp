// Writers render what the engine decided: aligned Vietnamese tables, the JSON contract,
// Excel-safe CSV, and the Vietnamese explanation.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thidua/thidua.hpp>

namespace {

using thidua::decimal;
using thidua::points;
using thidua::sheet;

thidua::scheme small_scheme() {
  thidua::scheme s;
  s.id = "w";
  s.title = "Bảng kiểm thử";
  s.families = {{.id = "chuyen_mon", .name = "Công tác chuyên môn, nghiệp vụ"}};
  s.criteria = {{.id = "CM1", .family = "chuyen_mon", .name = "Chất lượng", .max = decimal::from_int(100)}};
  s.bonus_max = decimal::from_int(5);
  s.vetoes = {{.id = "vi_pham", .name = "Vi phạm", .exclude = true}};
  s.classes = {{.id = "tot", .name = "Tốt", .min = decimal::from_int(80)},
               {.id = "dat", .name = "Đạt", .min = {}}};
  thidua::finalize_scheme(s);
  return s;
}

thidua::ranking small_ranking(const thidua::scheme& s) {
  sheet sh(1);
  sh.flag_index("vi_pham");
  const sheet::value_type a[] = {sheet::encode(points("85.5"))};
  const sheet::value_type b[] = {sheet::encode(points("70"))};
  const sheet::value_type c[] = {sheet::encode(points("99"))};
  sh.add_subject({.id = "A", .name = "Trường Tiểu học Kim Đồng", .group = "Tiểu học"}, a, points("7"));
  sh.add_subject({.id = "B", .name = "=cmd|' /C calc'!A0", .group = "Tiểu học"}, b);
  sh.add_subject({.id = "C", .name = "Trường C", .group = "Tiểu học"}, c, {}, {}, 1);
  return thidua::rank(s, sh);
}

TEST(Writers, DisplayWidthCountsLettersNotBytes) {
  EXPECT_EQ(thidua::display_width("Kim Đồng"), 8U);
  EXPECT_EQ(thidua::display_width("Ho\xCC\x9B\xCC\x80"), 2U);  // "Hờ" in NFD: marks take no column
  EXPECT_EQ(thidua::display_width("学校"), 4U);                   // wide characters take two
  EXPECT_EQ(thidua::display_width(""), 0U);
}

TEST(Writers, TableAlignsColumnsByDisplayWidth) {
  const auto s = small_scheme();
  const auto r = small_ranking(s);
  std::ostringstream out;
  thidua::write_table(out, r);
  const std::string t = out.str();
  EXPECT_NE(t.find("Khối thi đua: Tiểu học — 3 đơn vị"), std::string::npos) << t;
  EXPECT_NE(t.find("Công tác chuyên môn"), std::string::npos);  // short family name
  EXPECT_EQ(t.find("nghiệp vụ"), std::string::npos);
  // Every data row puts the total at the same display column.
  std::istringstream lines(t);
  std::string line;
  std::vector<std::size_t> at;
  while (std::getline(lines, line)) {
    for (const char* total : {"90.50", "70.00", "99.00"}) {
      const auto p = line.rfind(total);  // the total, not an equal family subtotal
      if (p != std::string::npos) at.push_back(thidua::display_width(line.substr(0, p)));
    }
  }
  ASSERT_EQ(at.size(), 3U) << t;
  EXPECT_EQ(at[0], at[1]);
  EXPECT_EQ(at[1], at[2]);
  EXPECT_NE(t.find("Không đủ điều kiện xếp loại"), std::string::npos);
  EXPECT_NE(t.find("điểm thưởng 7 tính tối đa 5"), std::string::npos);
}

TEST(Writers, JsonHasTheContractKeysAndNullsForExcluded) {
  const auto s = small_scheme();
  const auto r = small_ranking(s);
  std::ostringstream out;
  thidua::write_json(out, r);
  const auto j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j["results"].size(), 3U);
  EXPECT_EQ(j["results"][0]["id"], "A");
  EXPECT_EQ(j["results"][0]["total"], 90.5);
  EXPECT_EQ(j["results"][0]["total_text"], "90.50");
  EXPECT_EQ(j["results"][0]["families"]["chuyen_mon"], 85.5);
  EXPECT_EQ(j["results"][0]["bonus"]["counted"], 5.0);
  EXPECT_EQ(j["results"][2]["id"], "C");
  EXPECT_TRUE(j["results"][2]["class"].is_null());
  EXPECT_TRUE(j["results"][2]["rank"].is_null());
  EXPECT_EQ(j["results"][2]["status"], "excluded");
  EXPECT_TRUE(j["results"][2]["titles"].is_array());
}

TEST(Writers, CsvNeutralisesFormulas) {
  const auto s = small_scheme();
  const auto r = small_ranking(s);
  std::ostringstream out;
  thidua::write_csv(out, r);
  const std::string csv = out.str();
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0U);
  EXPECT_NE(csv.find(",'=cmd|' /C calc'!A0,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("Tiểu học,1,A,Trường Tiểu học Kim Đồng,85.50,5.00,90.50,Tốt,tot,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("Tiểu học,,C,"), std::string::npos) << csv;  // excluded: no rank
}

TEST(Writers, ExplanationShowsEveryStep) {
  const auto s = small_scheme();
  sheet sh(1);
  const sheet::value_type a[] = {sheet::encode(points("85.5"))};
  sh.add_subject({.id = "A", .name = "Trường A", .group = "Tiểu học"}, a, points("7"));
  const auto r = thidua::rank(s, sh);
  std::ostringstream out;
  thidua::write_explanation_text(out, r, thidua::explain(s, sh, r, 0));
  const std::string t = out.str();
  EXPECT_NE(t.find("CM1  Chất lượng: điểm chấm 85.5 → 85.5/100"), std::string::npos) << t;
  EXPECT_NE(t.find("Thưởng (bonus): 7 (tối đa 5) → 5"), std::string::npos) << t;
  EXPECT_NE(t.find("Tổng điểm: 85.5 + 5 = 90.5 → làm tròn 2 chữ số (half_up): 90.50"), std::string::npos) << t;
  EXPECT_NE(t.find("Theo điểm: 90.50 ≥ 80 → Tốt"), std::string::npos) << t;
}

}  // namespace
