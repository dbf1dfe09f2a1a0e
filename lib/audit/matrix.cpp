// The decision matrix and the helpers every audit tool shares (matrix.hpp).
#include "audit/matrix.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "engine/scoring.hpp"

namespace thidua::audit::detail {

namespace {

decimal to_decimal(double v) { return decimal::from_units(std::llround(v * static_cast<double>(decimal::units_per_point))); }

}  // namespace

std::int64_t published_units(const scheme& s, double value) {
  return to_decimal(value).rounded(s.precision, s.round).units();
}

decision_matrix build_matrix(const scheme& s, const sheet& sh, const ranking& r) {
  decision_matrix d;
  d.s = &s;
  const std::size_t n = sh.size(), m = s.criteria.size();
  d.x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  d.w = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(m));
  d.extra = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  d.engine_total = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  d.family_of.resize(m);
  for (std::size_t c = 0; c < m; ++c) {
    const auto& cr = s.criteria[c];
    d.family_of[c] = cr.family_index;
    const family& f = s.families[cr.family_index];
    d.w(static_cast<Eigen::Index>(c)) = family_share(s, cr.family_index).to_double() * cr.max.to_double() / f.max.to_double();
  }
  std::unordered_map<std::string, std::uint32_t> block_index;
  std::vector<criterion_score> points;
  ::thidua::detail::subject_score sc;
  std::vector<bool> na(m);
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    ::thidua::detail::score_subject(s, sh.values(i), sh.bonus(i), sh.deduction(i), sc, &points);
    for (std::size_t c = 0; c < m; ++c) {
      na[c] = points[c].applied == criterion_score::rule::not_applicable &&
              s.not_applicable.at != na_rule::level::full;
      d.x(row, static_cast<Eigen::Index>(c)) =
          na[c] ? 0.0 : points[c].points.to_double() / s.criteria[c].max.to_double();
    }
    // Impute N/A so that x w reproduces the renormalisation (see matrix.hpp).
    const auto mean_over = [&](auto&& in) {
      double sw = 0, swx = 0;
      for (std::size_t c = 0; c < m; ++c)
        if (!na[c] && in(c)) {
          sw += d.w(static_cast<Eigen::Index>(c));
          swx += d.w(static_cast<Eigen::Index>(c)) * d.x(row, static_cast<Eigen::Index>(c));
        }
      return sw > 0 ? std::optional<double>(swx / sw) : std::nullopt;
    };
    if (s.not_applicable.at == na_rule::level::scale) {
      const auto all = mean_over([](std::size_t) { return true; });
      for (std::size_t c = 0; c < m; ++c)
        if (na[c]) d.x(row, static_cast<Eigen::Index>(c)) = all.value_or(0.0);
    } else if (s.not_applicable.at == na_rule::level::family) {
      std::vector<std::optional<double>> fam(s.families.size());
      double share_sum = 0, share_x = 0;
      for (std::size_t f = 0; f < s.families.size(); ++f) {
        fam[f] = mean_over([&](std::size_t c) { return d.family_of[c] == f; });
        if (fam[f]) {
          share_sum += family_share(s, f).to_double();
          share_x += family_share(s, f).to_double() * *fam[f];
        }
      }
      const double across = share_sum > 0 ? share_x / share_sum : 0.0;
      for (std::size_t c = 0; c < m; ++c)
        if (na[c]) d.x(row, static_cast<Eigen::Index>(c)) = fam[d.family_of[c]].value_or(across);
    }
    d.extra(row) = (sc.bonus_counted - sc.deduction_counted).to_double();
    d.engine_total(row) = sc.total_unrounded.to_double();
    const std::string group(sh.group(i));
    const auto [it, fresh] = block_index.try_emplace(group, static_cast<std::uint32_t>(d.block_names.size()));
    if (fresh) d.block_names.push_back(group);
    d.block.push_back(it->second);
    d.ids.emplace_back(sh.id(i));
    d.names.emplace_back(sh.name(i));
    const std::ptrdiff_t rr = r.find(sh.id(i));
    const auto ri = static_cast<std::size_t>(rr < 0 ? 0 : rr);
    d.excluded.push_back(rr >= 0 && r.status(ri) == standing::excluded);
    std::ptrdiff_t cap = -1;
    if (rr >= 0)
      for (std::size_t v : r.vetoes(ri))
        if (s.vetoes[v].cap_class) cap = std::max(cap, static_cast<std::ptrdiff_t>(s.vetoes[v].cap_class_index));
    d.cap.push_back(cap);
    d.engine_class.push_back(rr >= 0 ? r.class_index(ri) : -1);
    d.engine_rank.push_back(rr >= 0 ? r.rank(ri) : 0);
  }
  return d;
}

Eigen::VectorXd totals(const decision_matrix& d, const Eigen::VectorXd& w) {
  return (d.x * w + d.extra).cwiseMax(0.0);
}

Eigen::VectorXd family_subtotals(const decision_matrix& d, std::size_t i, const Eigen::VectorXd& w) {
  Eigen::VectorXd f = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(d.s->families.size()));
  for (std::size_t c = 0; c < d.criteria(); ++c)
    f(static_cast<Eigen::Index>(d.family_of[c])) +=
        w(static_cast<Eigen::Index>(c)) * d.x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c));
  return f;
}

std::ptrdiff_t class_at(const decision_matrix& d, std::size_t i, const Eigen::VectorXd& w) {
  if (d.excluded[i]) return -1;
  const scheme& s = *d.s;
  const Eigen::VectorXd fam = family_subtotals(d, i, w);
  std::vector<decimal> published(s.families.size());
  double sum = 0;
  for (std::size_t f = 0; f < published.size(); ++f) {
    published[f] = decimal::from_units(published_units(s, fam(static_cast<Eigen::Index>(f))));
    sum += fam(static_cast<Eigen::Index>(f));
  }
  const double total = std::max(0.0, sum + d.extra(static_cast<Eigen::Index>(i)));
  auto k = static_cast<std::ptrdiff_t>(
      ::thidua::detail::class_for(s, decimal::from_units(published_units(s, total)), published));
  if (d.cap[i] >= 0) k = std::max(k, d.cap[i]);
  return k;
}

outcome evaluate(const decision_matrix& d, const Eigen::VectorXd& w) {
  outcome o;
  o.total = totals(d, w);
  const std::size_t n = d.subjects();
  o.published.resize(n);
  o.cls.resize(n);
  o.rank.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    o.published[i] = published_units(*d.s, o.total(static_cast<Eigen::Index>(i)));
    o.cls[i] = class_at(d, i, w);
  }
  for (const auto& members : blocks_of(d)) {
    std::vector<std::size_t> order;
    for (std::size_t i : members)
      if (!d.excluded[i]) order.push_back(i);
    const auto better = [&](std::size_t a, std::size_t b) {
      if (o.cls[a] != o.cls[b]) return o.cls[a] < o.cls[b];
      return o.published[a] > o.published[b];
    };
    std::stable_sort(order.begin(), order.end(), better);
    for (std::size_t k = 0; k < order.size(); ++k) {
      const bool tied = k > 0 && !better(order[k - 1], order[k]) && !better(order[k], order[k - 1]);
      o.rank[order[k]] = tied ? o.rank[order[k - 1]] : static_cast<std::uint32_t>(k + 1);
    }
  }
  return o;
}

std::vector<std::vector<std::size_t>> blocks_of(const decision_matrix& d) {
  std::vector<std::vector<std::size_t>> out(d.block_names.size());
  for (std::size_t i = 0; i < d.subjects(); ++i) out[d.block[i]].push_back(i);
  return out;
}

namespace {

std::vector<std::size_t> all_or(const Eigen::VectorXd& a, const std::vector<std::size_t>& subset) {
  if (!subset.empty()) return subset;
  std::vector<std::size_t> all(static_cast<std::size_t>(a.size()));
  std::iota(all.begin(), all.end(), 0);
  return all;
}

// Average ranks, 1 = largest value.
std::vector<double> average_ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] > v[b]; });
  std::vector<double> rank(v.size());
  for (std::size_t k = 0; k < order.size();) {
    std::size_t e = k;
    while (e + 1 < order.size() && v[order[e + 1]] == v[order[k]]) ++e;
    const double avg = (static_cast<double>(k + 1) + static_cast<double>(e + 1)) / 2.0;
    for (std::size_t j = k; j <= e; ++j) rank[order[j]] = avg;
    k = e + 1;
  }
  return rank;
}

// Merge sort counting swaps (Knight 1966), for τ-b in O(n log n).
std::uint64_t merge_count(std::vector<double>& v, std::vector<double>& buffer, std::size_t lo, std::size_t hi) {
  if (hi - lo < 2) return 0;
  const std::size_t mid = lo + (hi - lo) / 2;
  std::uint64_t swaps = merge_count(v, buffer, lo, mid) + merge_count(v, buffer, mid, hi);
  std::size_t a = lo, b = mid, k = lo;
  while (a < mid && b < hi) {
    if (v[b] < v[a]) {
      swaps += mid - a;
      buffer[k++] = v[b++];
    } else {
      buffer[k++] = v[a++];
    }
  }
  while (a < mid) buffer[k++] = v[a++];
  while (b < hi) buffer[k++] = v[b++];
  std::copy(buffer.begin() + static_cast<std::ptrdiff_t>(lo), buffer.begin() + static_cast<std::ptrdiff_t>(hi),
            v.begin() + static_cast<std::ptrdiff_t>(lo));
  return swaps;
}

// Σ t(t−1)/2 over runs of equal values of a sorted vector.
std::uint64_t tied_pairs(const std::vector<double>& sorted) {
  std::uint64_t pairs = 0;
  for (std::size_t k = 0; k < sorted.size();) {
    std::size_t e = k;
    while (e + 1 < sorted.size() && sorted[e + 1] == sorted[k]) ++e;
    const std::uint64_t t = e - k + 1;
    pairs += t * (t - 1) / 2;
    k = e + 1;
  }
  return pairs;
}

}  // namespace

double kendall_tau_b(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const std::vector<std::size_t>& subset) {
  const auto idx = all_or(a, subset);
  const std::size_t n = idx.size();
  if (n < 2) return 1.0;
  std::vector<std::pair<double, double>> p(n);
  for (std::size_t k = 0; k < n; ++k)
    p[k] = {a(static_cast<Eigen::Index>(idx[k])), b(static_cast<Eigen::Index>(idx[k]))};
  std::sort(p.begin(), p.end());
  const std::uint64_t n0 = static_cast<std::uint64_t>(n) * (n - 1) / 2;
  // Ties in a (n1) and joint ties (n3), from the sort by (a, b).
  std::uint64_t n1 = 0, n3 = 0;
  for (std::size_t k = 0; k < n;) {
    std::size_t e = k;
    while (e + 1 < n && p[e + 1].first == p[k].first) ++e;
    const std::uint64_t t = e - k + 1;
    n1 += t * (t - 1) / 2;
    for (std::size_t j = k; j <= e;) {
      std::size_t f = j;
      while (f + 1 <= e && p[f + 1].second == p[j].second) ++f;
      const std::uint64_t u = f - j + 1;
      n3 += u * (u - 1) / 2;
      j = f + 1;
    }
    k = e + 1;
  }
  std::vector<double> second(n), buffer(n);
  for (std::size_t k = 0; k < n; ++k) second[k] = p[k].second;
  const std::uint64_t swaps = merge_count(second, buffer, 0, n);
  const std::uint64_t n2 = tied_pairs(second);
  const double concordant_minus_discordant =
      static_cast<double>(n0) - static_cast<double>(n1) - static_cast<double>(n2) + static_cast<double>(n3) -
      2.0 * static_cast<double>(swaps);
  const double denom = std::sqrt(static_cast<double>(n0 - n1) * static_cast<double>(n0 - n2));
  if (denom == 0) return 1.0;  // a constant ranking agrees with anything: no pair to disagree on
  return concordant_minus_discordant / denom;
}

double spearman_rho(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const std::vector<std::size_t>& subset) {
  const auto idx = all_or(a, subset);
  const std::size_t n = idx.size();
  if (n < 2) return 1.0;
  std::vector<double> va(n), vb(n);
  for (std::size_t k = 0; k < n; ++k) {
    va[k] = a(static_cast<Eigen::Index>(idx[k]));
    vb[k] = b(static_cast<Eigen::Index>(idx[k]));
  }
  const auto ra = average_ranks(va), rb = average_ranks(vb);
  const double mean = (static_cast<double>(n) + 1.0) / 2.0;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t k = 0; k < n; ++k) {
    sab += (ra[k] - mean) * (rb[k] - mean);
    saa += (ra[k] - mean) * (ra[k] - mean);
    sbb += (rb[k] - mean) * (rb[k] - mean);
  }
  if (saa == 0 || sbb == 0) return 1.0;
  return sab / std::sqrt(saa * sbb);
}

double weighted_spearman(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const std::vector<std::size_t>& subset) {
  const auto idx = all_or(a, subset);
  const std::size_t n = idx.size();
  if (n < 2) return 1.0;
  std::vector<double> va(n), vb(n);
  for (std::size_t k = 0; k < n; ++k) {
    va[k] = a(static_cast<Eigen::Index>(idx[k]));
    vb[k] = b(static_cast<Eigen::Index>(idx[k]));
  }
  const auto ra = average_ranks(va), rb = average_ranks(vb);
  const double nn = static_cast<double>(n);
  double sum = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double diff = ra[k] - rb[k];
    sum += diff * diff * ((nn - ra[k] + 1) + (nn - rb[k] + 1));
  }
  return 1.0 - 6.0 * sum / (nn * nn * nn * nn + nn * nn * nn - nn * nn - nn);
}

}  // namespace thidua::audit::detail
