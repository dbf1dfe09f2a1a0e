// explain(): the same computation as rank(), kept line by line for one subject, then the
// reasons: why the class, why the rank (engine/ordering.hpp, the keys rank() sorts by) and
// what it would take to reach the next better class (each candidate change is run through
// the same scoring code, engine/scoring.hpp, so the numbers are the ones a re-ranking would
// give).
#include <algorithm>
#include <stdexcept>

#include "engine/ordering.hpp"
#include "engine/scoring.hpp"
#include "thidua/engine.hpp"

namespace thidua {
namespace {

__extension__ using int128 = __int128;

using detail::ranking_access;
using rule = criterion_score::rule;

// Criteria lines, their contributions, family lines, bonus, deduction and totals.
void fill_score(explanation& e, const scheme& s, std::span<const sheet::value_type> values, decimal bonus,
                decimal deduction, detail::subject_score& sc) {
  detail::score_subject(s, values, bonus, deduction, sc, &e.criteria);
  e.contributions.assign(s.criteria.size(), decimal{});
  for (std::size_t f = 0; f < s.families.size(); ++f) {
    const auto& fs = sc.families[f];
    const decimal share = family_share(s, f);
    e.families.push_back({f, fs.raw, fs.applicable_max, share, fs.subtotal, fs.subtotal.rounded(s.precision, s.round)});
    if (!fs.applicable) continue;
    // Cumulative apportionment: each criterion gets subtotal(points so far) − subtotal(points
    // before it), so the family's contributions add up exactly to its subtotal.
    decimal cumulative, before;
    for (std::size_t c : s.families[f].criteria) {
      if (e.criteria[c].applied == rule::not_applicable && s.not_applicable.at != na_rule::level::full) continue;
      cumulative += e.criteria[c].points;
      const decimal upto = detail::family_value(s, f, cumulative, sc);
      e.contributions[c] = upto - before;
      before = upto;
    }
  }
  e.families_sum = sc.families_sum;
  e.families_scaled = sc.families_scaled;
  e.bonus_given = bonus;
  e.bonus_counted = sc.bonus_counted;
  e.deduction_given = deduction;
  e.deduction_counted = sc.deduction_counted;
  e.total_unrounded = sc.total_unrounded;
  e.total = sc.total;
}

// Class reason, from the ranking's published values.
void fill_class(explanation& e, const scheme& s, const ranking& r, std::size_t row) {
  e.status = r.status(row);
  e.vetoes = r.vetoes(row);
  e.quotas = r.quota_decisions(row);
  if (e.status != standing::ranked) return;
  std::vector<decimal> published(s.families.size());
  for (std::size_t f = 0; f < published.size(); ++f) published[f] = r.family(row, f);
  e.class_by_score = static_cast<std::ptrdiff_t>(detail::class_for(s, r.total(row), published, &e.blocked_by_family));
  e.final_class = r.class_index(row);
  e.rank = r.rank(row);
}

// Rank reason: the neighbours just above and below in the block and the first key that
// separates them.
void fill_rank(explanation& e, const scheme& s, const ranking& r, std::size_t row) {
  if (e.status != standing::ranked) return;
  const detail::ordering_view view = ranking_access::view(r);
  const auto& order = r.display_order();
  const std::size_t pos = ranking_access::position(r, row);
  auto neighbour_at = [&](std::size_t other, bool above) {
    explanation::neighbour nb;
    nb.row = other;
    nb.rank = r.rank(other);
    const detail::key_order ko = above ? detail::compare_by_keys(view, other, row) : detail::compare_by_keys(view, row, other);
    if (ko.order == 0) {
      nb.tied = true;
      return nb;
    }
    nb.key = ko.key;
    const ranking_key& k = s.order[ko.key];
    switch (k.what) {
      case ranking_key::kind::class_:
        nb.class_value = r.class_index(row);
        nb.neighbour_class = r.class_index(other);
        break;
      case ranking_key::kind::total:
        nb.value = r.total(row);
        nb.neighbour_value = r.total(other);
        break;
      case ranking_key::kind::family:
        nb.value = r.family(row, k.index);
        nb.neighbour_value = r.family(other, k.index);
        break;
      case ranking_key::kind::criterion: {
        const std::size_t slot = detail::criterion_key_slot(s, ko.key);
        nb.value = ranking_access::key_points(r, row, slot);
        nb.neighbour_value = ranking_access::key_points(r, other, slot);
        break;
      }
      case ranking_key::kind::id:
      case ranking_key::kind::name:
        break;  // the texts are the ranking's ids and names
    }
    return nb;
  };
  auto same_block_ranked = [&](std::size_t other) {
    return r.status(other) == standing::ranked && r.group(other) == r.group(row);
  };
  if (pos > 0 && same_block_ranked(order[pos - 1])) e.above = neighbour_at(order[pos - 1], true);
  if (pos + 1 < order.size() && same_block_ranked(order[pos + 1])) e.below = neighbour_at(order[pos + 1], false);
}

// The most points a criterion's rule can give.
decimal best_points(const criterion& c) {
  if ((c.input == input_kind::percent || c.input == input_kind::count) && !c.tiers.empty()) return c.tiers.front().points;
  return c.max;
}

// What a change of one criterion's points does: the same code as rank() on the changed sums.
class what_if {
 public:
  what_if(const scheme& s, const explanation& e, const detail::subject_score& sc, decimal bonus, decimal deduction)
      : s_(s), e_(e), sc_(sc), bonus_(bonus), deduction_(deduction), published_(s.families.size()) {}

  struct outcome {
    decimal unrounded, total;
    std::size_t class_index = 0;  // by score
  };
  outcome with(std::size_t c, decimal new_points) {
    scratch_ = sc_;
    scratch_.families[s_.criteria[c].family_index].raw += new_points - e_.criteria[c].points;
    detail::finish_subject(s_, bonus_, deduction_, scratch_);
    for (std::size_t f = 0; f < published_.size(); ++f)
      published_[f] = scratch_.families[f].subtotal.rounded(s_.precision, s_.round);
    return {scratch_.total_unrounded, scratch_.total, detail::class_for(s_, scratch_.total, published_)};
  }

 private:
  const scheme& s_;
  const explanation& e_;
  const detail::subject_score& sc_;
  decimal bonus_, deduction_;
  detail::subject_score scratch_;
  std::vector<decimal> published_;
};

// The smallest raw change of criterion c that alone reaches class `target`; fills g when found.
bool smallest_change(const scheme& s, const criterion& c, const criterion_score& cs, std::size_t ci,
                     std::size_t target, what_if& w, explanation::criterion_gain& g) {
  auto reaches = [&](decimal p) { return w.with(ci, p).class_index <= target; };
  g.has_from = cs.applied != rule::missing;
  g.from = g.has_from ? cs.raw : decimal{};
  switch (c.input) {
    case input_kind::points: {
      // Assessor points on the step's grid: the points needed, rounded up to the step.
      const decimal step = c.step && *c.step > decimal{} ? *c.step : decimal::from_units(1);
      const std::int64_t room = (g.best - cs.points).units();
      const std::int64_t steps = (room + step.units() - 1) / step.units();
      auto at = [&](std::int64_t k) { return std::min(g.best, cs.points + decimal::from_units(k * step.units())); };
      if (!reaches(at(steps))) return false;
      std::int64_t lo = 1, hi = steps;  // reaches(at(hi))
      while (lo < hi) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (reaches(at(mid))) hi = mid;
        else lo = mid + 1;
      }
      g.new_points = at(lo);
      g.to = g.new_points;
      return true;
    }
    case input_kind::yes_no:
      if (!reaches(c.max)) return false;
      g.new_points = c.max;
      g.to = decimal::from_int(1);
      return true;
    case input_kind::failures: {
      // Fewer failures: the most failures (closest to the present count) that still suffice.
      const decimal per = mul_div(c.max, c.per_failure.value_or(decimal::from_int(1)), decimal::from_int(1), s.round);
      std::int64_t worst = per > decimal{} ? (c.max.units() + per.units() - 1) / per.units() : 0;  // 0 points from here
      if (g.has_from) worst = std::min(worst, cs.raw.units() / decimal::units_per_point - 1);
      for (std::int64_t k = worst; k >= 0; --k) {
        const decimal p = score_criterion(s, c, static_cast<sheet::value_type>(k * decimal::units_per_point)).points;
        if (p <= cs.points || !reaches(p)) continue;
        g.new_points = p;
        g.to = decimal::from_int(k);
        return true;
      }
      return false;
    }
    case input_kind::percent:
    case input_kind::count:
      break;
  }
  if (!c.tiers.empty()) {
    // The worst tier that suffices (tiers are listed best first).
    for (std::size_t t = c.tiers.size(); t-- > 0;) {
      if (c.tiers[t].points <= cs.points) continue;
      if (!reaches(c.tiers[t].points)) continue;
      g.new_points = c.tiers[t].points;
      g.to = c.tiers[t].threshold;
      g.to_tier = t;
      return true;
    }
    return false;
  }
  if (!c.linear) return false;
  // Linear: the value closest to the present one whose points suffice (1/10000 steps).
  const decimal full = c.linear->full, zero = c.linear->zero;
  auto points_at = [&](std::int64_t units) {
    return score_criterion(s, c, static_cast<sheet::value_type>(units)).points;
  };
  const std::int64_t one = 1;
  if (full > zero) {  // higher is better: smallest value in [lo, full]
    std::int64_t lo = g.has_from ? std::max(cs.raw.units() + one, zero.units()) : zero.units();
    std::int64_t hi = full.units();
    if (lo > hi || !reaches(points_at(hi))) return false;
    while (lo < hi) {
      const std::int64_t mid = lo + (hi - lo) / 2;
      if (reaches(points_at(mid))) hi = mid;
      else lo = mid + 1;
    }
    g.to = decimal::from_units(lo);
  } else {  // lower is better: largest value in [full, hi]
    std::int64_t lo = full.units();
    std::int64_t hi = g.has_from ? std::min(cs.raw.units() - one, zero.units()) : zero.units();
    if (lo > hi || !reaches(points_at(lo))) return false;
    while (lo < hi) {
      const std::int64_t mid = hi - (hi - lo) / 2;
      if (reaches(points_at(mid))) lo = mid;
      else hi = mid - 1;
    }
    g.to = decimal::from_units(lo);
  }
  g.new_points = points_at(g.to.units());
  return true;
}

// What it would take to reach the next better class.
void fill_next(explanation& e, const scheme& s, const ranking& r, std::size_t row, const detail::subject_score* sc,
               decimal bonus, decimal deduction) {
  auto& n = e.next;
  if (e.status == standing::excluded) {
    n.blocked = explanation::obstacle::excluded;
    return;
  }
  if (e.final_class <= 0) {
    n.blocked = explanation::obstacle::best_class;
    return;
  }
  const auto target = static_cast<std::size_t>(e.final_class - 1);
  n.target = static_cast<std::ptrdiff_t>(target);
  const class_def& tc = s.classes[target];
  n.gain = std::max(decimal{}, tc.min - r.total(row));
  for (const family_minimum& m : tc.min_family)
    if (r.family(row, m.family_index) < m.min) n.family_gaps.push_back({m.family_index, m.min, r.family(row, m.family_index)});
  n.quota_applies = tc.quota.has_value();
  for (std::size_t v : e.vetoes) {
    const veto& ve = s.vetoes[v];
    if (!ve.exclude && ve.cap_class && ve.cap_class_index > target) {
      n.blocked = explanation::obstacle::veto;
      n.veto = v;
      return;
    }
  }
  for (const quota_decision& d : e.quotas) {
    if (d.quota_class == target && d.demoted) {
      n.blocked = explanation::obstacle::quota;
      n.quota = d;
    }
  }
  if (sc == nullptr) return;

  what_if w(s, e, *sc, bonus, deduction);
  for (std::size_t ci = 0; ci < s.criteria.size(); ++ci) {
    const criterion& c = s.criteria[ci];
    const criterion_score& cs = e.criteria[ci];
    if (cs.applied == rule::not_applicable) continue;
    explanation::criterion_gain g;
    g.criterion = ci;
    g.points = cs.points;
    g.best = best_points(c);
    if (g.best <= cs.points) continue;
    g.max_gain = w.with(ci, g.best).unrounded - sc->total_unrounded;
    // Under a quota decision the score already reaches the class: a change can only move
    // the subject up the candidates' order, so nothing "closes" on its own.
    if (n.blocked == explanation::obstacle::none && smallest_change(s, c, cs, ci, target, w, g)) {
      g.closes = true;
      const auto after = w.with(ci, g.new_points);
      g.total_gain = after.unrounded - sc->total_unrounded;
      g.new_total = after.total;
    } else {
      g.has_from = false;
      g.from = g.to = decimal{};
    }
    n.criteria.push_back(g);
  }
  // Cheapest first: closers by the share of their maximum the change adds, then the others
  // by what they can add; ties in scheme order.
  std::stable_sort(n.criteria.begin(), n.criteria.end(), [&](const auto& a, const auto& b) {
    if (a.closes != b.closes) return a.closes;
    if (a.closes) {
      const int128 lhs = static_cast<int128>((a.new_points - a.points).units()) * s.criteria[b.criterion].max.units();
      const int128 rhs = static_cast<int128>((b.new_points - b.points).units()) * s.criteria[a.criterion].max.units();
      if (lhs != rhs) return lhs < rhs;
      return a.criterion < b.criterion;
    }
    if (a.max_gain != b.max_gain) return a.max_gain > b.max_gain;
    return a.criterion < b.criterion;
  });
}

explanation explain_with_values(const scheme& s, const ranking& r, std::size_t row,
                                std::span<const sheet::value_type> values, decimal bonus, decimal deduction) {
  explanation e;
  e.row = row;
  detail::subject_score sc;
  fill_score(e, s, values, bonus, deduction, sc);
  fill_class(e, s, r, row);
  fill_rank(e, s, r, row);
  fill_next(e, s, r, row, &sc, bonus, deduction);
  return e;
}

}  // namespace

explanation explain(const scheme& s, const sheet& sh, const ranking& r, std::size_t row) {
  return explain_with_values(s, r, row, sh.values(row), sh.bonus(row), sh.deduction(row));
}

explanation explain(const ranking& r, std::size_t row) {
  if (row >= r.size()) throw std::out_of_range("explain: row " + std::to_string(row) + " of " + std::to_string(r.size()));
  const scheme& s = r.scheme();
  if (r.keeps_criterion_points())
    return explain_with_values(s, r, row, ranking_access::values(r, row), r.bonus_given(row), r.deduction_given(row));
  // Without the criterion points: what the ranking holds.
  explanation e;
  e.row = row;
  e.complete = false;
  e.bonus_given = r.bonus_given(row);
  e.bonus_counted = r.bonus_counted(row);
  e.deduction_given = r.deduction_given(row);
  e.deduction_counted = r.deduction_counted(row);
  e.total_unrounded = r.total_unrounded(row);
  e.total = r.total(row);
  fill_class(e, s, r, row);
  fill_rank(e, s, r, row);
  fill_next(e, s, r, row, nullptr, e.bonus_given, e.deduction_given);
  return e;
}

}  // namespace thidua
