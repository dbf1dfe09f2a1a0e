// Scoring: raw value → criterion points → family subtotal → total.
//
// All arithmetic is in 1/10000 of a point. The only divisions are the linear rule, the
// renormalisation over applicable criteria (raw ÷ applicable max × share) and the
// rescaling of a partly N/A scale; each is rounded once to 1/10000 with the scheme's rule.
#include "engine/scoring.hpp"

#include <algorithm>

namespace thidua {

criterion_score score_criterion(const scheme& s, const criterion& c, sheet::value_type value) noexcept {
  criterion_score out;
  if (value == sheet::not_applicable) {
    out.applied = criterion_score::rule::not_applicable;
    return out;
  }
  if (value == sheet::missing) {
    out.applied = criterion_score::rule::missing;
    return out;
  }
  const decimal v = sheet::decode(value);
  out.raw = v;
  switch (c.input) {
    case input_kind::points:
      out.applied = criterion_score::rule::points;
      out.points = v;
      return out;
    case input_kind::yes_no:
      out.applied = v > decimal{} ? criterion_score::rule::yes : criterion_score::rule::no;
      out.points = v > decimal{} ? c.max : decimal{};
      return out;
    case input_kind::failures: {
      // Each failure costs a share of the maximum, exactly; never below 0.
      out.applied = criterion_score::rule::failures;
      const decimal per = mul_div(c.max, *c.per_failure, decimal::from_int(1), s.round);
      const decimal lost = decimal::from_units(per.units() * (v.units() / decimal::units_per_point));
      out.points = lost >= c.max ? decimal{} : c.max - lost;
      return out;
    }
    case input_kind::percent:
    case input_kind::count:
      break;
  }
  if (!c.tiers.empty()) {
    for (std::size_t t = 0; t < c.tiers.size(); ++t) {
      const bool reached = c.lower_is_better ? v <= c.tiers[t].threshold : v >= c.tiers[t].threshold;
      if (reached) {
        out.applied = criterion_score::rule::tier;
        out.tier = t;
        out.points = c.tiers[t].points;
        return out;
      }
    }
    out.applied = criterion_score::rule::below_tiers;
    return out;
  }
  if (c.linear) {
    out.applied = criterion_score::rule::linear;
    const decimal full = c.linear->full, zero = c.linear->zero;
    if (full > zero) {  // higher is better
      if (v >= full) out.points = c.max;
      else if (v <= zero) out.points = {};
      else out.points = mul_div(c.max, v - zero, full - zero, s.round);
    } else {  // lower is better
      if (v <= full) out.points = c.max;
      else if (v >= zero) out.points = {};
      else out.points = mul_div(c.max, zero - v, zero - full, s.round);
    }
  }
  return out;
}

namespace detail {

void score_subject(const scheme& s, std::span<const sheet::value_type> values, decimal bonus,
                   decimal deduction, subject_score& out, std::vector<criterion_score>* points_out) {
  const std::size_t nf = s.families.size();
  out.families.assign(nf, family_sum{});
  out.missing = 0;
  if (points_out) points_out->clear();
  for (std::size_t i = 0; i < s.criteria.size(); ++i) {
    const criterion& c = s.criteria[i];
    criterion_score cs = score_criterion(s, c, values[i]);
    // not_applicable = "full": an N/A criterion counts as its maximum.
    const bool full = cs.applied == criterion_score::rule::not_applicable && s.not_applicable.at == na_rule::level::full;
    if (full) cs.points = c.max;
    if (points_out) points_out->push_back(cs);
    if (cs.applied == criterion_score::rule::not_applicable && !full) continue;
    if (cs.applied == criterion_score::rule::missing) ++out.missing;
    family_sum& f = out.families[c.family_index];
    f.raw += cs.points;
    f.applicable_max += c.max;
  }
  finish_subject(s, bonus, deduction, out);
}

decimal family_subtotal(const scheme& s, decimal raw, decimal applicable_max, decimal share) noexcept {
  // Exact when nothing is N/A and the family is not rescaled (share == applicable max).
  return share == applicable_max ? raw : mul_div(raw, share, applicable_max, s.round);
}

decimal family_value(const scheme& s, std::size_t f, decimal raw, const subject_score& sc) noexcept {
  const family_sum& fs = sc.families[f];
  const decimal share = family_share(s, f), family_max = s.families[f].max;
  const int places = s.not_applicable.precision;
  if (s.not_applicable.at == na_rule::level::scale) {
    // Each criterion keeps its weight in the scale; the whole scale is renormalised.
    const decimal weighted = share == family_max ? raw : mul_div(raw, share, family_max, s.round);
    if (sc.applicable_weight == s.scale || sc.applicable_weight == decimal{}) return weighted;
    return mul_div(weighted, s.scale, sc.applicable_weight, s.round).rounded(places, s.round);
  }
  const decimal v = family_subtotal(s, raw, fs.applicable_max, share);
  return fs.applicable_max == family_max ? v : v.rounded(places, s.round);
}

void finish_subject(const scheme& s, decimal bonus, decimal deduction, subject_score& out) {
  const std::size_t nf = s.families.size();
  const bool whole_scale = s.not_applicable.at == na_rule::level::scale;
  out.applicable_weight = {};
  if (whole_scale)
    for (std::size_t f = 0; f < nf; ++f) {
      const decimal share = family_share(s, f), family_max = s.families[f].max;
      const decimal applicable = out.families[f].applicable_max;
      out.applicable_weight += share == family_max ? applicable : mul_div(applicable, share, family_max, s.round);
    }
  decimal sum, applicable_share, full_share;
  for (std::size_t f = 0; f < nf; ++f) {
    family_sum& fs = out.families[f];
    const decimal share = family_share(s, f);
    full_share += share;
    fs.applicable = fs.applicable_max != decimal{};
    fs.subtotal = {};
    if (!fs.applicable) continue;  // the whole family is N/A
    fs.subtotal = family_value(s, f, fs.raw, out);
    sum += fs.subtotal;
    applicable_share += share;
  }
  out.families_sum = sum;
  // A family wholly N/A: the remaining families are rescaled to the whole scale (the
  // "scale" rule has done so already).
  if (!whole_scale && applicable_share != decimal{} && applicable_share != full_share)
    sum = mul_div(sum, s.scale, applicable_share, s.round);
  out.families_scaled = sum;

  out.bonus_counted = s.bonus_max ? std::min(bonus, *s.bonus_max) : decimal{};
  out.deduction_counted = s.deduction_max ? std::min(deduction, *s.deduction_max) : decimal{};
  out.total_unrounded = std::max(decimal{}, sum + out.bonus_counted - out.deduction_counted);
  out.total = out.total_unrounded.rounded(s.precision, s.round);
}

std::size_t class_for(const scheme& s, decimal total, std::span<const decimal> published_families,
                      std::vector<std::pair<std::size_t, std::size_t>>* blocked, std::size_t from) {
  for (std::size_t k = from; k < s.classes.size(); ++k) {
    const class_def& cl = s.classes[k];
    if (total < cl.min) continue;
    bool ok = true;
    for (const family_minimum& m : cl.min_family) {
      if (published_families[m.family_index] < m.min) {
        ok = false;
        if (blocked) blocked->emplace_back(k, m.family_index);
      }
    }
    if (ok) return k;
  }
  return s.classes.size() - 1;  // finalize_scheme guarantees the last class has min 0
}

}  // namespace detail
}  // namespace thidua
