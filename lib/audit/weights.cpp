// audit_weights: the nominal weights as the scheme defines them (thidua/audit/influence.hpp,
// docs/audit.md "Nominal weights").
#include <algorithm>
#include <cmath>

#include "thidua/audit/influence.hpp"

namespace thidua::audit {

namespace {

constexpr double tolerance = 1e-9;

// The most points a criterion's rule can give, in its own points.
double best_points(const criterion& c) {
  if (!c.tiers.empty()) {
    decimal best{};
    for (const auto& t : c.tiers) best = std::max(best, t.points);
    return best.to_double();
  }
  return c.max.to_double();
}

// The smallest non-zero change of points one step of the rule makes, in its own points.
double smallest_step(const criterion& c) {
  const double unit = 1.0 / static_cast<double>(decimal::units_per_point);
  switch (c.input) {
    case input_kind::points: return c.step ? c.step->to_double() : unit;
    case input_kind::yes_no: return c.max.to_double();
    case input_kind::failures: return c.per_failure ? c.per_failure->to_double() * c.max.to_double() : unit;
    case input_kind::percent:
    case input_kind::count:
      if (!c.tiers.empty()) {
        std::vector<double> levels{0.0};
        for (const auto& t : c.tiers) levels.push_back(t.points.to_double());
        std::sort(levels.begin(), levels.end());
        double gap = 0;
        for (std::size_t k = 1; k < levels.size(); ++k) {
          const double g = levels[k] - levels[k - 1];
          if (g > 0 && (gap == 0 || g < gap)) gap = g;
        }
        return gap;
      }
      return unit;  // linear: points are rounded to 1/10000
  }
  return unit;
}

decimal to_decimal(double v) {
  return decimal::from_units(std::llround(v * static_cast<double>(decimal::units_per_point)));
}

}  // namespace

weights_report audit_weights(const scheme& s) {
  weights_report r;
  r.scheme_id = s.id;
  r.scheme_title = s.title;
  r.scale = s.scale.to_double();
  r.precision = s.precision;
  r.bonus_max = s.bonus_max ? s.bonus_max->to_double() : 0.0;
  r.deduction_max = s.deduction_max ? s.deduction_max->to_double() : 0.0;
  const double unit_published = std::pow(10.0, -s.precision);

  for (std::size_t f = 0; f < s.families.size(); ++f) {
    const family& fam = s.families[f];
    family_weight fw;
    fw.id = fam.id;
    fw.name = fam.name;
    fw.weight = family_share(s, f).to_double();
    fw.share_of_scale = 100.0 * fw.weight / r.scale;
    fw.criteria_max = fam.max.to_double();
    fw.scale_factor = fw.criteria_max > 0 ? fw.weight / fw.criteria_max : 0.0;
    r.families_sum += fw.weight;
    double shares = 0;
    for (std::size_t c : fam.criteria) {
      const criterion& cr = s.criteria[c];
      fw.criteria.push_back(cr.id);
      shares += 100.0 * cr.max.to_double() / fw.criteria_max;
    }
    if (std::abs(shares - 100.0) > 1e-6) r.adds_up = false;
    r.families.push_back(std::move(fw));
  }

  for (const criterion& cr : s.criteria) {
    const family_weight& fw = r.families[cr.family_index];
    criterion_weight cw;
    cw.id = cr.id;
    cw.name = cr.name;
    cw.family = fw.id;
    cw.max = cr.max.to_double();
    cw.weight = fw.scale_factor * cw.max;
    cw.share_of_scale = 100.0 * cw.weight / r.scale;
    cw.share_of_family = 100.0 * cw.max / fw.criteria_max;
    cw.best_points = best_points(cr);
    cw.reachable_weight = fw.scale_factor * cw.best_points;
    cw.smallest_step = fw.scale_factor * smallest_step(cr);
    cw.max_unreachable = cw.best_points < cw.max - tolerance;
    cw.never_matters = cw.best_points <= tolerance;
    cw.below_precision = !cw.never_matters && cw.reachable_weight < unit_published - tolerance;
    r.criteria_sum += cw.weight;
    r.reachable_total += cw.reachable_weight;
    r.families[cr.family_index].reachable += cw.reachable_weight;
    r.criteria.push_back(std::move(cw));
  }
  if (std::abs(r.families_sum - r.scale) > 1e-6 || std::abs(r.criteria_sum - r.scale) > 1e-6) r.adds_up = false;

  // The best published total: every criterion at its best, the largest bonus.
  const decimal best_total = to_decimal(r.reachable_total + r.bonus_max).rounded(s.precision, s.round);
  for (const class_def& k : s.classes) {
    class_reach cr;
    cr.id = k.id;
    cr.name = k.name;
    cr.min = k.min.to_double();
    if (k.min > best_total) {
      cr.reachable = false;
      cr.blocked_by = "total";
    }
    for (const auto& m : k.min_family) {
      if (!cr.reachable) break;
      const decimal best = to_decimal(r.families[m.family_index].reachable).rounded(s.precision, s.round);
      if (m.min > best) {
        cr.reachable = false;
        cr.blocked_by = m.family;
      }
    }
    r.classes.push_back(std::move(cr));
  }
  return r;
}

}  // namespace thidua::audit
