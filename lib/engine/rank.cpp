// rank(): score every subject (in parallel: rows are independent), classify, then rank
// inside each emulation block by the scheme's ordered keys.
//
// Determinism: each row's numbers depend only on that row; blocks are ordered by
// Vietnamese collation of their names and subjects inside a block by the ranking keys and
// finally by id, so neither row order nor thread count changes the output.
#include <algorithm>
#include <cstring>
#include <numeric>
#include <thread>

#include "core/collate.hpp"
#include "engine/scoring.hpp"
#include "thidua/engine.hpp"

namespace thidua {
namespace {

constexpr std::int64_t no_self_total = INT64_MIN;

// Runs body(begin, end) over [0, n) on up to the machine's cores, in contiguous chunks.
template <class Body>
void parallel_rows(std::size_t n, Body body) {
  const std::size_t min_chunk = 8192;
  std::size_t threads = std::max(1U, std::thread::hardware_concurrency());
  threads = std::min(threads, (n + min_chunk - 1) / min_chunk);
  if (threads <= 1) {
    body(std::size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  const std::size_t chunk = (n + threads - 1) / threads;
  for (std::size_t t = 1; t < threads; ++t) {
    const std::size_t b = t * chunk, e = std::min(n, b + chunk);
    if (b < e) pool.emplace_back([&body, b, e] { body(b, e); });
  }
  body(0, std::min(n, chunk));
  for (auto& th : pool) th.join();
}

}  // namespace

std::vector<std::size_t> ranking::vetoes(std::size_t i) const {
  std::vector<std::size_t> v;
  for (std::size_t k = 0; k < scheme_->vetoes.size(); ++k)
    if ((veto_mask_[i] >> k) & 1U) v.push_back(k);
  return v;
}

std::optional<decimal> ranking::self_total(std::size_t i) const noexcept {
  if (self_total_.empty() || self_total_[i] == no_self_total) return std::nullopt;
  return decimal::from_units(self_total_[i]);
}

ranking rank(const scheme& s, const sheet& sh, const rank_options& options) {
  ranking r;
  r.scheme_ = std::make_shared<const scheme>(s);
  r.labels_ = std::make_shared<const sheet>(sh.labels_only());
  const std::size_t n = sh.size(), nf = s.families.size();
  r.size_ = n;
  r.family_count_ = nf;
  r.total_.resize(n);
  r.total_exact_.resize(n);
  r.families_.resize(n * nf);
  r.families_exact_.resize(n * nf);
  r.bonus_given_.resize(n);
  r.bonus_counted_.resize(n);
  r.deduction_given_.resize(n);
  r.deduction_counted_.resize(n);
  r.status_.assign(n, standing::ranked);
  r.class_.resize(n);
  r.class_by_score_.resize(n);
  r.rank_.assign(n, 0);
  r.missing_.resize(n);
  r.veto_mask_.assign(n, 0);

  // Which sheet flag triggers each veto (-1: the sheet has no such column, never triggers).
  std::vector<std::ptrdiff_t> veto_flag(s.vetoes.size());
  for (std::size_t v = 0; v < s.vetoes.size(); ++v)
    veto_flag[v] = sh.find_flag(s.vetoes[v].flag.empty() ? s.vetoes[v].id : s.vetoes[v].flag);

  // Criterion points that ranking keys read (criterion:X), kept per row.
  std::vector<std::size_t> key_criteria;
  for (const auto& k : s.order)
    if (k.what == ranking_key::kind::criterion) key_criteria.push_back(k.index);
  std::vector<decimal> key_points(n * key_criteria.size());

  parallel_rows(n, [&](std::size_t begin, std::size_t end) {
    detail::subject_score sc;
    std::vector<decimal> published(nf);
    for (std::size_t i = begin; i < end; ++i) {
      const auto values = sh.values(i);
      detail::score_subject(s, values, sh.bonus(i), sh.deduction(i), sc);
      r.total_[i] = sc.total;
      r.total_exact_[i] = sc.total_unrounded;
      for (std::size_t f = 0; f < nf; ++f) {
        r.families_exact_[i * nf + f] = sc.families[f].subtotal;
        published[f] = sc.families[f].subtotal.rounded(s.precision, s.round);
        r.families_[i * nf + f] = published[f];
      }
      r.bonus_given_[i] = sh.bonus(i);
      r.bonus_counted_[i] = sc.bonus_counted;
      r.deduction_given_[i] = sh.deduction(i);
      r.deduction_counted_[i] = sc.deduction_counted;
      r.missing_[i] = sc.missing;
      for (std::size_t k = 0; k < key_criteria.size(); ++k)
        key_points[i * key_criteria.size() + k] =
            score_criterion(s, s.criteria[key_criteria[k]], values[key_criteria[k]]).points;

      auto cls = static_cast<std::ptrdiff_t>(detail::class_for(s, sc.total, published));
      r.class_by_score_[i] = cls;
      for (std::size_t v = 0; v < s.vetoes.size(); ++v) {
        if (veto_flag[v] < 0 || !sh.flag(i, static_cast<std::size_t>(veto_flag[v]))) continue;
        r.veto_mask_[i] |= std::uint64_t{1} << v;
        if (s.vetoes[v].exclude) r.status_[i] = standing::excluded;
        else if (s.vetoes[v].cap_class) cls = std::max(cls, static_cast<std::ptrdiff_t>(s.vetoes[v].cap_class_index));
      }
      if (r.status_[i] == standing::excluded) {
        r.class_[i] = -1;
        r.class_by_score_[i] = -1;
      } else {
        r.class_[i] = cls;
      }
    }
  });

  // Collation keys only when a key or the block order needs them.
  const bool by_name = std::any_of(s.order.begin(), s.order.end(),
                                   [](const ranking_key& k) { return k.what == ranking_key::kind::name; });
  std::vector<std::string> name_keys;
  if (by_name) {
    name_keys.resize(n);
    for (std::size_t i = 0; i < n; ++i) name_keys[i] = detail::collation_key(sh.name(i));
  }

  // Rows of each block (counting sort by group index keeps it linear).
  const std::size_t ng = sh.groups().size();
  std::vector<std::size_t> start(ng + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++start[sh.group_index(i) + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::size_t> rows(n);
  {
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) rows[fill[sh.group_index(i)]++] = i;
  }

  // Compare two ranked rows by the scheme's keys: negative when a goes first.
  auto compare = [&](std::size_t a, std::size_t b) -> int {
    std::size_t ck = 0;
    for (const ranking_key& k : s.order) {
      switch (k.what) {
        case ranking_key::kind::class_:
          if (r.class_[a] != r.class_[b]) return r.class_[a] < r.class_[b] ? -1 : 1;
          break;
        case ranking_key::kind::total:
          if (r.total_[a] != r.total_[b]) return r.total_[a] > r.total_[b] ? -1 : 1;
          break;
        case ranking_key::kind::family: {
          const decimal fa = r.families_[a * nf + k.index], fb = r.families_[b * nf + k.index];
          if (fa != fb) return fa > fb ? -1 : 1;
          break;
        }
        case ranking_key::kind::criterion: {
          const decimal pa = key_points[a * key_criteria.size() + ck];
          const decimal pb = key_points[b * key_criteria.size() + ck];
          ++ck;
          if (pa != pb) return pa > pb ? -1 : 1;
          break;
        }
        case ranking_key::kind::id: {
          const int c = sh.id(a).compare(sh.id(b));
          if (c != 0) return c;
          break;
        }
        case ranking_key::kind::name: {
          const int c = name_keys[a].compare(name_keys[b]);
          if (c != 0) return c;
          break;
        }
      }
    }
    return 0;
  };

  std::vector<std::size_t> group_order(ng);
  std::iota(group_order.begin(), group_order.end(), 0);
  {
    std::vector<std::string> group_keys(ng);
    for (std::size_t g = 0; g < ng; ++g) group_keys[g] = detail::collation_key(sh.groups()[g]);
    std::sort(group_order.begin(), group_order.end(), [&](std::size_t a, std::size_t b) {
      if (group_keys[a] != group_keys[b]) return group_keys[a] < group_keys[b];
      return sh.groups()[a] < sh.groups()[b];
    });
  }

  r.order_.reserve(n);
  for (std::size_t g : group_order) {
    auto first = rows.begin() + static_cast<std::ptrdiff_t>(start[g]);
    auto last = rows.begin() + static_cast<std::ptrdiff_t>(start[g + 1]);
    auto excluded = std::stable_partition(first, last, [&](std::size_t i) { return r.status_[i] == standing::ranked; });
    std::sort(first, excluded, [&](std::size_t a, std::size_t b) {
      const int c = compare(a, b);
      return c != 0 ? c < 0 : sh.id(a) < sh.id(b);  // ties shown in id order
    });
    std::sort(excluded, last, [&](std::size_t a, std::size_t b) { return sh.id(a) < sh.id(b); });
    std::uint32_t position = 0, current = 0, dense = 0;
    for (auto it = first; it != excluded; ++it) {
      ++position;
      if (it == first || compare(*(it - 1), *it) != 0) {
        ++dense;
        current = s.ties == tie_rule::dense ? dense : position;
      }
      r.rank_[*it] = current;
    }
    r.order_.insert(r.order_.end(), first, last);
  }

  if (options.self_scores != nullptr) {
    const sheet& self = *options.self_scores;
    r.self_total_.assign(n, no_self_total);
    detail::subject_score sc;
    for (std::size_t j = 0; j < self.size(); ++j) {
      const std::ptrdiff_t i = sh.find(self.id(j));
      if (i < 0) continue;
      detail::score_subject(s, self.values(j), self.bonus(j), self.deduction(j), sc);
      r.self_total_[static_cast<std::size_t>(i)] = sc.total.units();
    }
  }
  return r;
}

}  // namespace thidua
