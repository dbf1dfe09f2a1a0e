// How far one weight can move (include/thidua/audit/sensitivity.hpp, docs/audit.md).
//
// Weight A (a criterion, or every criterion of a family) at t × nominal, the others rescaled:
// a family subtotal is fa + fb·t and an unclipped total ua + ub·t, with
//   fa = Σ_{c∉A} w_c x_c · S ÷ (S − w_A),   fb = Σ_{c∈A} w_c x_c − Σ_{c∉A} w_c x_c · w_A ÷ (S − w_A).
// A subject's key (class, published total) is piecewise constant in t. It can change only
//   - where a total or family subtotal crosses a class threshold or family minimum, each
//     threshold taken at the published precision (the smallest value publishing at least
//     the minimum): a "flip", solved in closed form per subject and condition;
//   - where its published total steps (crosses a rounding boundary).
// The published order of two subjects of the same class can change only while their totals
// are within one published step of each other (1.01 steps, to absorb the 1/10000 rounding):
// a window around the crossing of their two lines, solved in closed form. So the first t at
// which a pair's relation satisfies a predicate is found by checking just after each flip of
// either subject and each step of either total inside the window, in order, and refining the
// first hit by bisection on the rounded comparison itself.
//
// What is searched, per weight and direction (up from t = 1 to S ÷ w_A, down to 0):
//   classes    per subject, just after each of its flips;
//   swaps      pairs (a, b) with b in the group of equals just below a's: first t with b ahead;
//   first      the block's first set F changes iff some i ∈ F is no longer strictly ahead of
//              some j ∉ F, or two members of F stop being equal (keys form a total preorder);
//   top-k      the set K of rank ≤ k changes iff some i ∈ K is no longer strictly ahead of some
//              j ∉ K, or (only when equal keys straddle rank k, |K| > k) some member of K gets
//              k members of K strictly ahead: checked at every candidate of the pairs inside K.
// Pairs are visited in order of the earliest time anything can happen to them, and skipped
// once that is beyond the best found so far.
#include "thidua/audit/sensitivity.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <numeric>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "audit/matrix.hpp"
#include "audit/sampling.hpp"
#include "thidua/engine.hpp"

namespace thidua::audit {

namespace {

using Eigen::Index;
constexpr double eps = 1e-9;          // checks happen this far past a candidate time
constexpr int total_bits = 40;         // key = (classes − class) << 40 | published total
constexpr std::size_t max_candidates = 200'000;  // per pair: a safety bound, far above what data need

Index ix(std::size_t k) { return static_cast<Index>(k); }

struct block_info {
  std::string name;
  std::vector<std::size_t> members;  // ranked matrix rows, in display order
};

struct context {
  const scheme& s;
  const detail::decision_matrix& d;
  detail::publisher publish;
  double scale = 0;
  double step = 0;  // one published step, in points
  std::size_t top = 3;
  std::vector<block_info> blocks;
  std::vector<std::int64_t> class_min;
  std::vector<std::vector<std::pair<std::size_t, std::int64_t>>> class_family_min;
  std::vector<double> class_edge;                                      // NaN: min ≤ 0
  std::vector<std::vector<std::pair<std::size_t, double>>> family_edge;  // per class

  context(const scheme& sc, const detail::decision_matrix& dm) : s(sc), d(dm), publish(sc) {}
};

// One weight's search.
class weight_search {
 public:
  weight_search(const context& cx, const std::vector<bool>& moved, double moved_weight)
      : cx_(cx), n_(cx.d.subjects()), f_(cx.s.families.size()) {
    const double S = cx.scale, wa = moved_weight;
    t_end_[1] = S / wa;
    t_end_[0] = 0;
    const double q = S / (S - wa), r = wa / (S - wa);
    fa_.assign(n_ * f_, 0.0);
    fb_.assign(n_ * f_, 0.0);
    ua_.assign(n_, 0.0);
    ub_.assign(n_, 0.0);
    for (std::size_t i = 0; i < n_; ++i) {
      for (std::size_t c = 0; c < cx.d.criteria(); ++c) {
        const double v = cx.d.w(ix(c)) * cx.d.x(ix(i), ix(c));
        const std::size_t k = i * f_ + cx.d.family_of[c];
        if (moved[c]) {
          fb_[k] += v;
        } else {
          fa_[k] += v * q;
          fb_[k] -= v * r;
        }
      }
      ua_[i] = cx.d.extra(ix(i));
      for (std::size_t f = 0; f < f_; ++f) {
        ua_[i] += fa_[i * f_ + f];
        ub_[i] += fb_[i * f_ + f];
      }
    }
    nominal_.assign(n_, 0);
    for (std::size_t i = 0; i < n_; ++i)
      if (!cx.d.excluded[i]) nominal_[i] = key(i, 1.0);
    build_flips();
  }

  void run(weight_sensitivity& out) {
    for (int side = 0; side < 2; ++side) {
      classes(side, side == 0 ? out.classes_low : out.classes_high);
      top_sets(side, side == 0 ? out.top_low : out.top_high);
    }
    sensitivity_event swap[2], first[2];
    for (int side = 0; side < 2; ++side) {
      swaps(side, swap[side]);
      firsts(side, first[side]);
    }
    out.swap = nearest(swap[0], swap[1]);
    out.first = nearest(first[0], first[1]);
  }

  // The key of matrix row i at t: (classes − class) << 40 | published total; larger = better.
  std::int64_t key(std::size_t i, double t) const {
    const std::size_t C = cx_.class_min.size();
    double sum = 0;
    for (std::size_t f = 0; f < f_; ++f) sum += fa_[i * f_ + f] + fb_[i * f_ + f] * t;
    const std::int64_t published = cx_.publish(std::max(0.0, sum + cx_.d.extra(ix(i))));
    std::size_t k = C - 1;
    for (std::size_t c = 0; c < C; ++c) {
      if (published < cx_.class_min[c]) continue;
      bool ok = true;
      for (const auto& [f, min] : cx_.class_family_min[c])
        if (cx_.publish(fa_[i * f_ + f] + fb_[i * f_ + f] * t) < min) {
          ok = false;
          break;
        }
      if (ok) {
        k = c;
        break;
      }
    }
    if (cx_.d.cap[i] >= 0) k = std::max(k, static_cast<std::size_t>(cx_.d.cap[i]));
    return (static_cast<std::int64_t>(C - k) << total_bits) + published;
  }
  std::ptrdiff_t class_of(std::int64_t key) const {
    return static_cast<std::ptrdiff_t>(cx_.class_min.size()) - static_cast<std::ptrdiff_t>(key >> total_bits);
  }

 private:
  static int dir_of(int side) { return side == 0 ? -1 : 1; }
  // a comes before b moving away from 1 on this side.
  static bool before(int side, double a, double b) { return side == 0 ? a > b : a < b; }
  double clamp_to(int side, double t) const { return side == 0 ? std::max(t, t_end_[0]) : std::min(t, t_end_[1]); }
  double past(int side, double t) const { return clamp_to(side, t + dir_of(side) * eps); }
  bool within(int side, double t, double limit) const { return !before(side, limit, t); }

  static sensitivity_event nearest(const sensitivity_event& a, const sensitivity_event& b) {
    if (!a.change) return b;
    if (!b.change) return a;
    return std::abs(*b.change) < std::abs(*a.change) ? b : a;
  }

  // Between `good` (pred false) and `bad` (pred true): the first t where pred holds.
  template <class Pred>
  double refine(double good, double bad, Pred&& pred) const {
    for (int k = 0; k < 200; ++k) {
      const double mid = good + (bad - good) / 2;
      if (mid == good || mid == bad || std::abs(bad - good) <= 1e-14 * std::max(1.0, std::abs(bad))) break;
      if (pred(mid)) bad = mid;
      else good = mid;
    }
    return bad;
  }

  void build_flips() {
    for (int side = 0; side < 2; ++side) {
      auto& times = flips_[side];
      auto& begin = flip_begin_[side];
      begin.assign(n_ + 1, 0);
      std::vector<double> mine;
      for (std::size_t i = 0; i < n_; ++i) {
        begin[i] = times.size();
        if (cx_.d.excluded[i]) continue;
        mine.clear();
        const auto add = [&](double a, double b, double edge) {
          if (b == 0 || std::isnan(edge)) return;
          const double t = (edge - a) / b;
          const bool ok = side == 0 ? (t <= 1 + 1e-12 && t >= t_end_[0]) : (t >= 1 - 1e-12 && t <= t_end_[1]);
          if (ok) mine.push_back(t);
        };
        for (std::size_t c = 0; c < cx_.class_edge.size(); ++c) {
          add(ua_[i], ub_[i], cx_.class_edge[c]);
          for (const auto& [f, edge] : cx_.family_edge[c]) add(fa_[i * f_ + f], fb_[i * f_ + f], edge);
        }
        std::sort(mine.begin(), mine.end(), [&](double a, double b) { return before(side, a, b); });
        times.insert(times.end(), mine.begin(), mine.end());
      }
      begin[n_] = times.size();
    }
  }
  std::span<const double> flips(int side, std::size_t i) const {
    return {flips_[side].data() + flip_begin_[side][i], flip_begin_[side][i + 1] - flip_begin_[side][i]};
  }

  // The next time after t (on this side) at which row i's published total changes, or nullopt.
  std::optional<double> next_step(int side, std::size_t i, double t) const {
    const double slope = ub_[i] * dir_of(side);
    if (slope == 0) return std::nullopt;
    const double u = ua_[i] + ub_[i] * t;
    const std::int64_t p = cx_.publish(std::max(0.0, u + 0.0));
    double target;
    if (slope > 0) {
      target = edge(p + cx_.publish.step);
    } else {
      if (u <= 0 || p <= 0) return std::nullopt;
      target = edge(p);
    }
    double at = (target - ua_[i]) / ub_[i];
    if (before(side, at, t)) at = t;
    return at;
  }
  double edge(std::int64_t units) const {
    const auto it = edges_.find(units);
    if (it != edges_.end()) return it->second;
    const double e = cx_.publish.lower_edge(units);
    edges_.emplace(units, e);
    return e;
  }

  using span_list = std::vector<std::pair<double, double>>;  // [near, far] in side order

  // Where the published totals of a and b may be equal or one step apart: their unclipped
  // totals within 1.01 published steps of each other, or both below 1.01 steps (clipped at
  // 0). At most two intervals on this side, in side order; empty when the lines are the same
  // (identical totals publish identically: only flips can separate them).
  span_list window(int side, std::size_t a, std::size_t b) const {
    span_list out;
    const double d0 = ua_[b] - ua_[a], d1 = ub_[b] - ub_[a];
    if (d0 == 0 && d1 == 0) return out;
    const double h = 1.01 * cx_.step;
    // {t : c0 + c1 t < bound} ∩ [l, u]
    const auto below = [](double c0, double c1, double bound, double& l, double& u) {
      if (c1 == 0) {
        if (!(c0 < bound)) u = -std::numeric_limits<double>::infinity();
        return;
      }
      const double t = (bound - c0) / c1;
      if (c1 > 0) u = std::min(u, t);
      else l = std::max(l, t);
    };
    const double lo_end = side == 1 ? 1.0 : t_end_[0], hi_end = side == 1 ? t_end_[1] : 1.0;
    std::vector<std::pair<double, double>> parts;  // ascending [l, u]
    double l1 = lo_end, u1 = hi_end;
    below(d0, d1, h, l1, u1);
    below(-d0, -d1, h, l1, u1);
    if (l1 <= u1) parts.emplace_back(l1, u1);
    double l2 = lo_end, u2 = hi_end;
    below(ua_[a], ub_[a], h, l2, u2);
    below(ua_[b], ub_[b], h, l2, u2);
    if (l2 <= u2) parts.emplace_back(l2, u2);
    std::sort(parts.begin(), parts.end());
    if (parts.size() == 2 && parts[1].first <= parts[0].second) {
      parts[0].second = std::max(parts[0].second, parts[1].second);
      parts.pop_back();
    }
    if (side == 0) {
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) out.emplace_back(it->second, it->first);
    } else {
      out = parts;
    }
    return out;
  }

  // The earliest time (on this side) anything can happen between a and b.
  std::optional<double> earliest(int side, std::size_t a, std::size_t b) const {
    std::optional<double> best;
    const auto consider = [&](double t) {
      if (!best || before(side, t, *best)) best = t;
    };
    if (auto fa = flips(side, a); !fa.empty()) consider(fa.front());
    if (auto fb = flips(side, b); !fb.empty()) consider(fb.front());
    if (const auto w = window(side, a, b); !w.empty()) consider(w.front().first);
    return best;
  }

  // The next step of row i at or after `from` that lies inside one of the intervals, moving
  // `k` (the interval index) forward as needed.
  std::optional<double> step_in(int side, std::size_t i, const span_list& w, std::size_t& k, double from) const {
    while (k < w.size()) {
      const double start = before(side, from, w[k].first) ? w[k].first : from;
      const auto s = next_step(side, i, start);
      if (!s) return std::nullopt;
      if (!before(side, w[k].second, *s)) return s;
      ++k;
    }
    return std::nullopt;
  }

  // The candidate times of a pair, in side order, up to `limit`: flips of a and b anywhere,
  // steps of a and b inside their window. Calls visit(t) for each; stops when it returns true.
  template <class Visit>
  void walk_pair(int side, std::size_t a, std::size_t b, double limit, Visit&& visit) const {
    const auto fa = flips(side, a), fb = flips(side, b);
    std::size_t ka = 0, kb = 0, wa = 0, wb = 0;
    const span_list w = window(side, a, b);
    std::optional<double> sa, sb;
    if (!w.empty()) {
      sa = step_in(side, a, w, wa, w.front().first);
      sb = step_in(side, b, w, wb, w.front().first);
    }
    for (std::size_t guard = 0; guard < max_candidates; ++guard) {
      int pick = -1;
      double t = 0;
      const auto offer = [&](int which, std::optional<double> v) {
        if (v && (pick < 0 || before(side, *v, t))) {
          pick = which;
          t = *v;
        }
      };
      offer(0, ka < fa.size() ? std::optional<double>(fa[ka]) : std::nullopt);
      offer(1, kb < fb.size() ? std::optional<double>(fb[kb]) : std::nullopt);
      offer(2, sa);
      offer(3, sb);
      if (pick < 0 || !within(side, t, limit)) return;
      if (visit(t)) return;
      const double after = past(side, t);
      switch (pick) {
        case 0: ++ka; break;
        case 1: ++kb; break;
        case 2: sa = after == t ? std::nullopt : step_in(side, a, w, wa, after); break;
        case 3: sb = after == t ? std::nullopt : step_in(side, b, w, wb, after); break;
      }
    }
  }

  // The first t (on this side, up to limit) at which pred(key_a, key_b) holds.
  template <class Pred>
  std::optional<double> first_for_pair(int side, std::size_t a, std::size_t b, double limit, Pred&& pred) const {
    double good = 1.0;
    std::optional<double> found;
    const auto holds = [&](double t) { return pred(key(a, t), key(b, t)); };
    walk_pair(side, a, b, limit, [&](double t) {
      const double e = past(side, t);
      if (holds(e)) {
        found = refine(good, e, holds);
        return true;
      }
      good = e;
      return false;
    });
    return found;
  }

  // Subjects of a block by their key at t: the set of rank ≤ k (competition ranks).
  std::vector<std::size_t> top_set(const std::vector<std::size_t>& members, double t, std::size_t k) const {
    std::vector<std::int64_t> keys;
    for (std::size_t i : members) keys.push_back(key(i, t));
    std::vector<std::size_t> out;
    for (std::size_t a = 0; a < members.size(); ++a) {
      std::size_t better = 0;
      for (std::size_t b = 0; b < members.size(); ++b) better += keys[b] > keys[a] ? 1 : 0;
      if (better < k) out.push_back(members[a]);
    }
    return out;
  }
  std::vector<std::string> ids(const std::vector<std::size_t>& rows) const {
    std::vector<std::string> out;
    for (std::size_t i : rows) out.push_back(cx_.d.ids[i]);
    return out;
  }
  std::vector<std::size_t> nominal_order(const block_info& b) const {
    std::vector<std::size_t> order = b.members;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return nominal_[x] > nominal_[y]; });
    return order;
  }
  std::size_t nominal_better(const std::vector<std::size_t>& order, std::size_t pos) const {
    std::size_t better = 0;
    while (better < pos && nominal_[order[better]] > nominal_[order[pos]]) ++better;
    return better;
  }

  static void set_change(sensitivity_event& e, double t) { e.change = t - 1.0; }

  // ------------------------------------------------------------------ the four searches

  void classes(int side, sensitivity_event& out) const {
    double best = t_end_[side];
    bool any = false;
    std::size_t who = 0;
    for (std::size_t i = 0; i < n_; ++i) {
      if (cx_.d.excluded[i]) continue;
      const std::ptrdiff_t nominal = class_of(nominal_[i]);
      const auto changed = [&](double t) { return class_of(key(i, t)) != nominal; };
      double good = 1.0;
      for (double t : flips(side, i)) {
        if (!within(side, t, best)) break;
        const double e = past(side, t);
        if (changed(e)) {
          const double at = refine(good, e, changed);
          if (!any || before(side, at, best)) {
            best = at;
            who = i;
            any = true;
          }
          break;
        }
        good = e;
      }
    }
    if (!any) return;
    set_change(out, best);
    out.subject = cx_.d.ids[who];
    out.block = cx_.d.block_names[cx_.d.block[who]];
    out.class_before = class_of(nominal_[who]);
    out.class_after = class_of(key(who, best));
  }

  struct pair_task {
    double earliest;
    std::size_t a, b;  // a nominally ahead of (or equal to) b
    std::size_t block;
    int kind;          // 0: b gets strictly ahead; 1: a no longer strictly ahead; 2: no longer equal
  };

  template <class OnHit>
  void run_tasks(int side, std::vector<pair_task>& tasks, double& best, bool& any, OnHit&& on_hit) const {
    std::sort(tasks.begin(), tasks.end(),
              [&](const pair_task& x, const pair_task& y) { return before(side, x.earliest, y.earliest); });
    for (const pair_task& task : tasks) {
      if (before(side, best, task.earliest)) break;
      std::optional<double> at;
      switch (task.kind) {
        case 0: at = first_for_pair(side, task.a, task.b, best, [](std::int64_t ka, std::int64_t kb) { return kb > ka; }); break;
        case 1: at = first_for_pair(side, task.a, task.b, best, [](std::int64_t ka, std::int64_t kb) { return !(ka > kb); }); break;
        default: at = first_for_pair(side, task.a, task.b, best, [](std::int64_t ka, std::int64_t kb) { return ka != kb; }); break;
      }
      if (at && (!any || before(side, *at, best))) {
        best = *at;
        any = true;
        on_hit(task);
      }
    }
  }

  void add_task(std::vector<pair_task>& tasks, int side, std::size_t a, std::size_t b, std::size_t block, int kind) const {
    if (auto e = earliest(side, a, b)) tasks.push_back({*e, a, b, block, kind});
  }

  void swaps(int side, sensitivity_event& out) const {
    std::vector<pair_task> tasks;
    for (std::size_t bk = 0; bk < cx_.blocks.size(); ++bk) {
      const auto order = nominal_order(cx_.blocks[bk]);
      // Groups of equal keys; pairs between a group and the next.
      std::vector<std::size_t> start;
      for (std::size_t p = 0; p < order.size(); ++p)
        if (p == 0 || nominal_[order[p]] != nominal_[order[p - 1]]) start.push_back(p);
      start.push_back(order.size());
      for (std::size_t g = 0; g + 2 < start.size(); ++g)
        for (std::size_t p = start[g]; p < start[g + 1]; ++p)
          for (std::size_t q = start[g + 1]; q < start[g + 2]; ++q) add_task(tasks, side, order[p], order[q], bk, 0);
    }
    double best = t_end_[side];
    bool any = false;
    pair_task hit{};
    run_tasks(side, tasks, best, any, [&](const pair_task& t) { hit = t; });
    if (!any) return;
    set_change(out, best);
    out.block = cx_.blocks[hit.block].name;
    out.subject = cx_.d.ids[hit.b];
    out.other = cx_.d.ids[hit.a];
  }

  void firsts(int side, sensitivity_event& out) const {
    std::vector<pair_task> tasks;
    for (std::size_t bk = 0; bk < cx_.blocks.size(); ++bk) {
      const auto order = nominal_order(cx_.blocks[bk]);
      if (order.size() < 2) continue;
      std::size_t f = 1;
      while (f < order.size() && nominal_[order[f]] == nominal_[order[0]]) ++f;
      for (std::size_t p = 0; p < f; ++p) {
        for (std::size_t q = p + 1; q < f; ++q) add_task(tasks, side, order[p], order[q], bk, 2);
        for (std::size_t q = f; q < order.size(); ++q) add_task(tasks, side, order[p], order[q], bk, 1);
      }
    }
    double best = t_end_[side];
    bool any = false;
    std::size_t block = 0;
    run_tasks(side, tasks, best, any, [&](const pair_task& t) { block = t.block; });
    if (!any) return;
    set_change(out, best);
    const block_info& b = cx_.blocks[block];
    out.block = b.name;
    out.before = ids(top_set(b.members, 1.0, 1));
    out.after = ids(top_set(b.members, best, 1));
  }

  void top_sets(int side, sensitivity_event& out) const {
    const std::size_t k = cx_.top;
    std::vector<pair_task> tasks;
    struct straddle {
      std::size_t block;
      std::vector<std::size_t> inside;
    };
    std::vector<straddle> straddles;
    for (std::size_t bk = 0; bk < cx_.blocks.size(); ++bk) {
      const auto order = nominal_order(cx_.blocks[bk]);
      if (order.size() <= k) continue;
      std::size_t in = 0;
      while (in < order.size() && nominal_better(order, in) < k) ++in;
      for (std::size_t p = 0; p < in; ++p)
        for (std::size_t q = in; q < order.size(); ++q) add_task(tasks, side, order[p], order[q], bk, 1);
      if (in > k) straddles.push_back({bk, std::vector<std::size_t>(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(in))});
    }
    double best = t_end_[side];
    bool any = false;
    std::size_t block = 0;
    run_tasks(side, tasks, best, any, [&](const pair_task& t) { block = t.block; });
    // Equal keys across rank k: some member of K gets k members of K strictly ahead.
    for (const straddle& st : straddles) {
      const auto broken = [&](double t) {
        std::vector<std::int64_t> keys;
        for (std::size_t i : st.inside) keys.push_back(key(i, t));
        for (std::size_t a = 0; a < keys.size(); ++a) {
          std::size_t better = 0;
          for (std::size_t b = 0; b < keys.size(); ++b) better += keys[b] > keys[a] ? 1 : 0;
          if (better >= k) return true;
        }
        return false;
      };
      std::vector<double> candidates;
      for (std::size_t x = 0; x < st.inside.size(); ++x)
        for (std::size_t y = x + 1; y < st.inside.size(); ++y)
          walk_pair(side, st.inside[x], st.inside[y], best, [&](double t) {
            candidates.push_back(t);
            return candidates.size() >= max_candidates;
          });
      std::sort(candidates.begin(), candidates.end(), [&](double a, double b) { return before(side, a, b); });
      double good = 1.0;
      for (double t : candidates) {
        if (!within(side, t, best)) break;
        const double e = past(side, t);
        if (broken(e)) {
          const double at = refine(good, e, broken);
          if (!any || before(side, at, best)) {
            best = at;
            block = st.block;
            any = true;
          }
          break;
        }
        good = e;
      }
    }
    if (!any) return;
    set_change(out, best);
    const block_info& b = cx_.blocks[block];
    out.block = b.name;
    out.before = ids(top_set(b.members, 1.0, k));
    out.after = ids(top_set(b.members, best, k));
  }

  const context& cx_;
  std::size_t n_, f_;
  double t_end_[2] = {0, 1};
  std::vector<double> fa_, fb_, ua_, ub_;
  std::vector<std::int64_t> nominal_;
  std::vector<double> flips_[2];
  std::vector<std::size_t> flip_begin_[2];
  mutable std::unordered_map<std::int64_t, double> edges_;
};

double fragility_of(const weight_sensitivity& w) {
  double best = std::numeric_limits<double>::infinity();
  for (const auto* e : {&w.classes_low, &w.classes_high, &w.top_low, &w.top_high, &w.swap, &w.first})
    if (e->change) best = std::min(best, std::abs(*e->change));
  return best;
}

}  // namespace

sensitivity_report audit_sensitivity(const scheme& s, const sheet& sh, const sensitivity_options& options) {
  if (options.top == 0) throw std::invalid_argument("audit_sensitivity: top must be at least 1");
  const ranking r = rank(s, sh);
  const detail::decision_matrix d = detail::build_matrix(s, sh, r);
  context cx(s, d);
  cx.scale = d.w.sum();
  cx.step = static_cast<double>(cx.publish.step) / 10000.0;
  cx.top = options.top;
  for (const auto& cl : s.classes) {
    cx.class_min.push_back(cl.min.units());
    cx.class_edge.push_back(cl.min.units() > 0 ? cx.publish.lower_edge(cl.min.units()) : std::nan(""));
    std::vector<std::pair<std::size_t, std::int64_t>> mins;
    std::vector<std::pair<std::size_t, double>> edges;
    for (const auto& fm : cl.min_family) {
      mins.emplace_back(fm.family_index, fm.min.units());
      if (fm.min.units() > 0) edges.emplace_back(fm.family_index, cx.publish.lower_edge(fm.min.units()));
    }
    cx.class_family_min.push_back(std::move(mins));
    cx.family_edge.push_back(std::move(edges));
  }
  const auto& order = r.display_order();
  for (std::size_t at = 0; at < order.size();) {
    const std::string_view group = r.group(order[at]);
    block_info b;
    b.name = std::string(group);
    for (; at < order.size() && r.group(order[at]) == group; ++at)
      if (!d.excluded[order[at]]) b.members.push_back(order[at]);
    if (!b.members.empty()) cx.blocks.push_back(std::move(b));
  }

  sensitivity_report rep;
  rep.scheme_id = s.id;
  rep.scheme_title = s.title;
  rep.scale = s.scale.to_double();
  rep.top = options.top;
  rep.blocks = cx.blocks.size();
  for (const auto& b : cx.blocks) rep.subjects += b.members.size();
  for (const auto& cl : s.classes) {
    rep.class_ids.push_back(cl.id);
    rep.class_names.push_back(cl.name);
  }

  // The weights: every criterion, then every family.
  struct job {
    weight_sensitivity w;
    std::vector<bool> moved;
    double moved_weight = 0;
  };
  std::vector<job> jobs;
  const std::size_t m = d.criteria();
  for (std::size_t c = 0; c < m; ++c) {
    job j;
    j.w.what = weight_sensitivity::kind::criterion;
    j.w.id = s.criteria[c].id;
    j.w.name = s.criteria[c].name;
    j.w.family = s.families[s.criteria[c].family_index].id;
    j.moved.assign(m, false);
    j.moved[c] = true;
    jobs.push_back(std::move(j));
  }
  for (std::size_t f = 0; f < s.families.size(); ++f) {
    job j;
    j.w.what = weight_sensitivity::kind::family;
    j.w.id = s.families[f].id;
    j.w.name = s.families[f].name;
    j.moved.assign(m, false);
    for (std::size_t c = 0; c < m; ++c) j.moved[c] = d.family_of[c] == f;
    jobs.push_back(std::move(j));
  }
  for (auto& j : jobs) {
    for (std::size_t c = 0; c < m; ++c)
      if (j.moved[c]) j.moved_weight += d.w(ix(c));
    j.w.nominal = j.moved_weight;
    j.w.min_change = -1.0;
    j.w.fixed = !(j.moved_weight < cx.scale * (1 - 1e-12));
    j.w.max_change = j.w.fixed ? 0.0 : cx.scale / j.moved_weight - 1.0;
  }

  std::atomic<std::size_t> next{0};
  std::mutex lock;
  std::exception_ptr failure;
  const auto work = [&] {
    try {
      for (std::size_t k; (k = next.fetch_add(1)) < jobs.size();) {
        job& j = jobs[k];
        if (j.w.fixed || j.moved_weight <= 0) continue;
        weight_search search(cx, j.moved, j.moved_weight);
        search.run(j.w);
        for (auto* e : {&j.w.classes_low, &j.w.classes_high, &j.w.top_low, &j.w.top_high, &j.w.swap, &j.w.first})
          if (e->change) e->weight = (1.0 + *e->change) * j.moved_weight;
        const double fr = fragility_of(j.w);
        if (std::isfinite(fr)) j.w.fragility = fr;
      }
    } catch (...) {
      const std::lock_guard guard(lock);
      if (!failure) failure = std::current_exception();
    }
  };
  unsigned threads = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, jobs.size()));
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& th : pool) th.join();
  }
  if (failure) std::rethrow_exception(failure);

  std::vector<std::size_t> idx(jobs.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  const auto rank_of = [&](std::size_t k) {
    const auto& w = jobs[k].w;
    return std::pair(w.fixed ? 2 : (w.fragility ? 0 : 1), w.fragility.value_or(0.0));
  };
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return rank_of(a) < rank_of(b); });
  for (std::size_t k : idx) rep.weights.push_back(std::move(jobs[k].w));
  return rep;
}

}  // namespace thidua::audit
