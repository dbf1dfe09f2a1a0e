// The school scheme the engine and explain tests share: two families, weights 70/30 equal
// to their maxima, one criterion of each kind, bonus, deduction, a capping and an excluding
// veto, classes 90/70/50/0 with xuat_sac needing dan_van >= 24.
#pragma once

#include <thidua/thidua.hpp>

namespace thidua::testing {

inline scheme school_scheme() {
  using thidua::points;
  scheme s;
  s.id = "test";
  s.families = {{.id = "chuyen_mon", .name = "Công tác chuyên môn", .weight = decimal::from_int(70)},
                {.id = "dan_van", .name = "Công tác dân vận", .weight = decimal::from_int(30)}};
  s.criteria = {
      {.id = "CM1", .family = "chuyen_mon", .name = "Huy động", .max = decimal::from_int(10),
       .input = input_kind::percent,
       .tiers = {{points("99"), points("10")}, {points("97"), points("8")}, {points("95"), points("6")},
                 {points("90"), points("3")}}},
      {.id = "CM2", .family = "chuyen_mon", .name = "Bỏ học", .max = decimal::from_int(10),
       .input = input_kind::percent, .linear = linear_rule{points("0.5"), points("3")}},
      {.id = "CM3", .family = "chuyen_mon", .name = "Chất lượng", .max = decimal::from_int(50), .step = points("0.25")},
      {.id = "DV1", .family = "dan_van", .name = "Dân chủ", .max = decimal::from_int(15), .step = points("0.25")},
      {.id = "DV2", .family = "dan_van", .name = "Công khai", .max = decimal::from_int(15),
       .input = input_kind::yes_no},
  };
  s.bonus_max = decimal::from_int(5);
  s.deduction_max = decimal::from_int(10);
  s.vetoes = {{.id = "ky_luat", .name = "Kỷ luật", .cap_class = "hoan_thanh"},
              {.id = "vi_pham", .name = "Vi phạm nghiêm trọng", .exclude = true}};
  s.classes = {{.id = "xuat_sac", .name = "Xuất sắc", .min = decimal::from_int(90),
                .min_family = {{.family = "dan_van", .min = decimal::from_int(24)}}},
               {.id = "tot", .name = "Tốt", .min = decimal::from_int(70)},
               {.id = "hoan_thanh", .name = "Hoàn thành", .min = decimal::from_int(50)},
               {.id = "khong_hoan_thanh", .name = "Không hoàn thành", .min = {}}};
  finalize_scheme(s);
  return s;
}

}  // namespace thidua::testing
