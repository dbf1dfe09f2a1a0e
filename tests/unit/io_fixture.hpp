// The scheme the CSV reader tests read against: five criteria, one of each input kind, two
// weighted families, optional bonus and deduction. Shared by io_test, io_errors_test and
// io_stream_test so that all three test the same columns.
#pragma once

#include <thidua/thidua.hpp>

namespace thidua::testing {

inline scheme io_test_scheme(bool adjustments = true, missing_rule missing = missing_rule::zero) {
  scheme s;
  s.id = "io-test";
  s.missing = missing;
  s.families.push_back({.id = "chuyen_mon", .name = "Công tác chuyên môn", .weight = decimal::from_int(70)});
  s.families.push_back({.id = "dan_van", .name = "Công tác dân vận", .weight = decimal::from_int(30)});
  s.criteria.push_back(
      {.id = "CM1",
       .family = "chuyen_mon",
       .name = "Huy động",
       .max = decimal::from_int(10),
       .input = input_kind::percent,
       .tiers = {{decimal::from_int(99), decimal::from_int(10)}, {decimal::from_int(90), decimal::from_int(5)}}});
  s.criteria.push_back({.id = "CM2",
                        .family = "chuyen_mon",
                        .name = "Sáng kiến",
                        .max = decimal::from_int(10),
                        .input = input_kind::count,
                        .linear = linear_rule{decimal::from_int(3), decimal::from_int(0)}});
  s.criteria.push_back(
      {.id = "CM3", .family = "chuyen_mon", .name = "Kiểm định", .max = decimal::from_int(10), .input = input_kind::yes_no});
  s.criteria.push_back(
      {.id = "DV1", .family = "dan_van", .name = "Dân chủ", .max = decimal::from_int(15), .step = points("0.25")});
  s.criteria.push_back({.id = "DV2", .family = "dan_van", .name = "Dân vận", .max = decimal::from_int(10)});
  if (adjustments) {
    s.bonus_max = decimal::from_int(5);
    s.deduction_max = decimal::from_int(10);
  }
  s.classes.push_back({.id = "tot", .name = "Tốt", .min = decimal::from_int(70)});
  s.classes.push_back({.id = "chua_dat", .name = "Chưa đạt", .min = decimal{}});
  finalize_scheme(s);
  return s;
}

}  // namespace thidua::testing
