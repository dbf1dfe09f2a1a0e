// A department system ranking its schools without any file: the scheme and the scores are
// built in memory (e.g. from its own database), then ranked and printed as JSON.
//
// Run: ./build/bin/embed_in_memory
// ctest runs it and checks that it succeeds; its checks below make it fail loudly if the
// library ever disagrees with the numbers worked out by hand.
#include <cstdlib>
#include <iostream>
#include <thidua/thidua.hpp>

int main() {
  using thidua::decimal;
  using thidua::points;

  thidua::scheme s;
  s.id = "vi-du-trong-bo-nho";
  s.title = "Ví dụ: chấm điểm thi đua trong bộ nhớ";
  s.families.push_back({.id = "chuyen_mon", .name = "Công tác chuyên môn", .weight = decimal::from_int(70)});
  s.families.push_back({.id = "dan_van", .name = "Công tác dân vận", .weight = decimal::from_int(30)});
  s.criteria.push_back({.id = "CM1", .family = "chuyen_mon", .name = "Chất lượng giáo dục",
                        .max = decimal::from_int(50), .step = points("0.25")});
  s.criteria.push_back({.id = "CM2", .family = "chuyen_mon", .name = "Tỷ lệ học sinh ra lớp",
                        .max = decimal::from_int(20), .input = thidua::input_kind::percent,
                        .tiers = {{points("99"), points("20")}, {points("95"), points("15")}}});
  s.criteria.push_back({.id = "DV1", .family = "dan_van", .name = "Thực hiện quy chế dân chủ ở cơ sở",
                        .max = decimal::from_int(10), .step = points("0.5")});
  s.classes.push_back({.id = "xuat_sac", .name = "Hoàn thành xuất sắc nhiệm vụ", .min = decimal::from_int(90)});
  s.classes.push_back({.id = "tot", .name = "Hoàn thành tốt nhiệm vụ", .min = decimal::from_int(70)});
  s.classes.push_back({.id = "khong_hoan_thanh", .name = "Không hoàn thành nhiệm vụ", .min = {}});
  thidua::finalize_scheme(s);  // throws thidua::input_error if the scheme is inconsistent

  thidua::sheet sh(s.criteria.size());
  using thidua::sheet;
  const sheet::value_type a[] = {sheet::encode(points("48.5")), sheet::encode(points("99.2")), sheet::encode(points("9"))};
  const sheet::value_type b[] = {sheet::encode(points("40")), sheet::encode(points("96")), sheet::encode(points("10"))};
  sh.add_subject({.id = "TH01", .name = "Trường Tiểu học Kim Đồng", .group = "Tiểu học"}, a);
  sh.add_subject({.id = "TH02", .name = "Trường Tiểu học Lê Lợi", .group = "Tiểu học"}, b);

  const thidua::ranking r = thidua::rank(s, sh);
  thidua::write_json(std::cout, r);

  // TH01: chuyên môn (48.5 + 20) / 70 × 70 = 68.5; dân vận 9 / 10 × 30 = 27; total 95.5.
  // TH02: (40 + 15) = 55; 10 / 10 × 30 = 30; total 85.
  const bool ok = r.total(0) == points("95.5") && r.total(1) == points("85") && r.rank(0) == 1 &&
                  r.rank(1) == 2 && s.classes[static_cast<std::size_t>(r.class_index(0))].id == "xuat_sac" &&
                  s.classes[static_cast<std::size_t>(r.class_index(1))].id == "tot";
  if (!ok) std::cerr << "embed_in_memory: unexpected ranking\n";
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
