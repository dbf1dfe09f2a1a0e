// The bundled sample (examples/data) loaded whole: the schools ranked, the staff scored and
// ranked, the earlier years, and the titles. Shared by the tests that need all of it
// (titles, workbook, report), so each builds it the same way.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <thidua/thidua.hpp>

namespace thidua::testing {

struct titled_sample {
  scheme s;
  std::optional<sheet> unit_scores, self_scores;
  std::optional<ranking> units;
  std::optional<members> staff;
  std::optional<sheet> scores;  ///< the members' scores (individual scheme)
  std::optional<ranking> people;
  std::optional<history> past;
  std::optional<awards> titles;  ///< points into the above: never copy or move a loaded sample
};

struct titled_sample_options {
  bool keep_points = false;  ///< rank the schools with criterion points kept
  bool self_scores = false;  ///< read diem-tu-cham.csv and rank with it
  bool award = true;         ///< decide the titles
};

/// Loads the sample into `x` in place (rankings and titles point into it).
inline void fill_titled_sample(titled_sample& target, const titled_sample_options& o = {}) {
  titled_sample* x = &target;
  const std::string dir = THIDUA_EXAMPLES_DATA;
  x->s = load_scheme(dir + "/truong-hoc-2024-2025.toml");
  x->unit_scores = load_sheet(x->s, dir + "/diem-hoi-dong.csv");
  rank_options ranking_options;
  ranking_options.keep_criterion_points = o.keep_points;
  if (o.self_scores) {
    x->self_scores = load_sheet(x->s, dir + "/diem-tu-cham.csv");
    ranking_options.self_scores = &*x->self_scores;
  }
  x->units = rank(x->s, *x->unit_scores, ranking_options);
  x->staff = load_members(dir + "/can-bo.csv");
  x->scores = load_sheet(*x->s.member_scheme, dir + "/diem-ca-nhan.csv");
  x->people = rank_members(x->s, *x->staff, *x->scores);
  x->past = load_history_csv(dir + "/lich-su.csv");
  if (o.award)
    x->titles = award_titles(x->s, {.subjects = &*x->units, .members = &*x->people, .staff = &*x->staff, .past = &*x->past});
}

inline std::unique_ptr<titled_sample> load_titled_sample(const titled_sample_options& o = {}) {
  auto x = std::make_unique<titled_sample>();
  fill_titled_sample(*x, o);
  return x;
}

}  // namespace thidua::testing
