// rank() and ranking_builder: score every subject (in parallel: rows are independent),
// classify, then rank inside each emulation block by the scheme's ordered keys.
//
// A sheet may come whole (rank) or in pieces (ranking_builder::add): scoring and
// classification need only the row, so each piece is scored as it arrives and only its
// results and labels are kept; ranking needs every subject of a block and waits for finish().
//
// Determinism: each row's numbers depend only on that row; blocks are ordered by
// Vietnamese collation of their names and subjects inside a block by the ranking keys and
// finally by id, so neither row order, piece size nor thread count changes the output.
#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/collate.hpp"
#include "engine/ordering.hpp"
#include "engine/precomputed.hpp"
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

std::vector<quota_decision> ranking::quota_decisions(std::size_t i) const {
  std::vector<quota_decision> out;
  auto it = std::lower_bound(quota_.begin(), quota_.end(), static_cast<std::uint32_t>(i),
                             [](const auto& entry, std::uint32_t row) { return entry.first < row; });
  for (; it != quota_.end() && it->first == i; ++it) out.push_back(it->second);
  return out;
}

std::optional<decimal> ranking::self_total(std::size_t i) const noexcept {
  if (self_total_.empty() || self_total_[i] == no_self_total) return std::nullopt;
  return decimal::from_units(self_total_[i]);
}

struct ranking_builder::state {
  ranking r;
  sheet labels;
  std::vector<std::size_t> key_criteria;       // criteria that ranking keys read (criterion:X)
  std::vector<std::size_t> reserved;           // criteria only the reviewer scores
  std::vector<sheet::value_type> reserved_values;  // their reviewed values, per row
};

ranking_builder::ranking_builder(const scheme& s, const rank_options& options) : state_(std::make_unique<state>()) {
  ranking& r = state_->r;
  r.scheme_ = std::make_shared<const scheme>(s);
  r.family_count_ = s.families.size();
  r.keep_values_ = options.keep_criterion_points;
  for (const auto& k : s.order)
    if (k.what == ranking_key::kind::criterion) state_->key_criteria.push_back(k.index);
  r.key_count_ = state_->key_criteria.size();
  for (std::size_t c = 0; c < s.criteria.size(); ++c)
    if (s.criteria[c].reserved) state_->reserved.push_back(c);
}

ranking_builder::ranking_builder(ranking_builder&&) noexcept = default;
ranking_builder& ranking_builder::operator=(ranking_builder&&) noexcept = default;
ranking_builder::~ranking_builder() = default;

std::size_t ranking_builder::size() const noexcept { return state_->r.size_; }

void ranking_builder::add(const sheet& piece) {
  ranking& r = state_->r;
  const scheme& s = *r.scheme_;
  const std::size_t base = r.size_, n = piece.size(), nf = s.families.size();
  const std::size_t total_rows = base + n;
  resize(total_rows);
  const auto& key_criteria = state_->key_criteria;
  auto& key_points = r.key_points_;
  const std::size_t nc = s.criteria.size();
  if (piece.criteria_count() != nc)
    throw std::invalid_argument("ranking_builder::add: the piece has " + std::to_string(piece.criteria_count()) +
                                " criteria, the scheme " + std::to_string(nc));
  if (r.keep_values_) r.values_.resize(total_rows * nc);
  const auto& reserved = state_->reserved;
  state_->reserved_values.resize(total_rows * reserved.size(), sheet::missing);

  // Which flag of the piece triggers each veto (-1: no such column, never triggers).
  std::vector<std::ptrdiff_t> veto_flag(s.vetoes.size());
  for (std::size_t v = 0; v < s.vetoes.size(); ++v)
    veto_flag[v] = piece.find_flag(s.vetoes[v].flag.empty() ? s.vetoes[v].id : s.vetoes[v].flag);

  parallel_rows(n, [&](std::size_t begin, std::size_t end) {
    detail::subject_score sc;
    std::vector<decimal> published(nf), exact(nf);
    for (std::size_t p = begin; p < end; ++p) {
      const std::size_t i = base + p;
      const auto values = piece.values(p);
      if (r.keep_values_) std::copy(values.begin(), values.end(), r.values_.begin() + static_cast<std::ptrdiff_t>(i * nc));
      for (std::size_t k = 0; k < reserved.size(); ++k) state_->reserved_values[i * reserved.size() + k] = values[reserved[k]];
      detail::score_subject(s, values, piece.bonus(p), piece.deduction(p), sc);
      for (std::size_t f = 0; f < nf; ++f) exact[f] = sc.families[f].subtotal;
      for (std::size_t k = 0; k < key_criteria.size(); ++k)
        key_points[i * key_criteria.size() + k] =
            score_criterion(s, s.criteria[key_criteria[k]], values[key_criteria[k]]).points;
      std::uint64_t vetoed = 0;
      for (std::size_t v = 0; v < s.vetoes.size(); ++v)
        if (veto_flag[v] >= 0 && piece.flag(p, static_cast<std::size_t>(veto_flag[v]))) vetoed |= std::uint64_t{1} << v;
      commit_row(i, sc.total_unrounded, exact, piece.bonus(p), sc.bonus_counted, piece.deduction(p),
                 sc.deduction_counted, sc.missing, vetoed, published);
    }
  });
  state_->labels.append_labels(piece);
  r.size_ = total_rows;
}

void ranking_builder::resize(std::size_t total_rows) {
  ranking& r = state_->r;
  const std::size_t nf = r.family_count_;
  r.total_.resize(total_rows);
  r.total_exact_.resize(total_rows);
  r.families_.resize(total_rows * nf);
  r.families_exact_.resize(total_rows * nf);
  r.bonus_given_.resize(total_rows);
  r.bonus_counted_.resize(total_rows);
  r.deduction_given_.resize(total_rows);
  r.deduction_counted_.resize(total_rows);
  r.status_.resize(total_rows, standing::ranked);
  r.class_.resize(total_rows);
  r.class_by_score_.resize(total_rows);
  r.missing_.resize(total_rows);
  r.veto_mask_.resize(total_rows, 0);
  r.key_points_.resize(total_rows * state_->key_criteria.size());
}

// Stores one subject's numbers and decides its class: the published total and family
// subtotals against the thresholds and family minimums, then the vetoes. Shared by add()
// and the year built from periods, so both classify alike. Thread-safe for distinct rows.
void ranking_builder::commit_row(std::size_t i, decimal total_exact, std::span<const decimal> families_exact,
                                 decimal bonus_given, decimal bonus_counted, decimal deduction_given,
                                 decimal deduction_counted, std::uint32_t missing, std::uint64_t vetoed,
                                 std::span<decimal> published) {
  ranking& r = state_->r;
  const scheme& s = *r.scheme_;
  const std::size_t nf = s.families.size();
  r.total_exact_[i] = total_exact;
  r.total_[i] = total_exact.rounded(s.precision, s.round);
  for (std::size_t f = 0; f < nf; ++f) {
    r.families_exact_[i * nf + f] = families_exact[f];
    published[f] = families_exact[f].rounded(s.precision, s.round);
    r.families_[i * nf + f] = published[f];
  }
  r.bonus_given_[i] = bonus_given;
  r.bonus_counted_[i] = bonus_counted;
  r.deduction_given_[i] = deduction_given;
  r.deduction_counted_[i] = deduction_counted;
  r.missing_[i] = missing;
  auto cls = static_cast<std::ptrdiff_t>(detail::class_for(s, r.total_[i], published));
  r.class_by_score_[i] = cls;
  r.veto_mask_[i] = vetoed;
  for (std::size_t v = 0; v < s.vetoes.size(); ++v) {
    if (!((vetoed >> v) & 1U)) continue;
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

void ranking_builder::add_precomputed(const sheet& labels, std::span<const detail::precomputed_row> rows) {
  ranking& r = state_->r;
  const scheme& s = *r.scheme_;
  const std::size_t base = r.size_, nf = s.families.size(), nk = state_->key_criteria.size();
  resize(base + rows.size());
  std::vector<std::ptrdiff_t> veto_flag(s.vetoes.size());
  for (std::size_t v = 0; v < s.vetoes.size(); ++v)
    veto_flag[v] = labels.find_flag(s.vetoes[v].flag.empty() ? s.vetoes[v].id : s.vetoes[v].flag);
  std::vector<decimal> published(nf);
  r.period_count_ = rows.empty() ? 0 : rows.front().period_totals.size();
  r.period_totals_.resize((base + rows.size()) * r.period_count_);
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const auto& y = rows[j];
    std::copy(y.period_totals.begin(), y.period_totals.end(),
              r.period_totals_.begin() + static_cast<std::ptrdiff_t>((base + j) * r.period_count_));
    std::uint64_t vetoed = 0;
    for (std::size_t v = 0; v < s.vetoes.size(); ++v)
      if (veto_flag[v] >= 0 && ((y.flags >> veto_flag[v]) & 1U)) vetoed |= std::uint64_t{1} << v;
    for (std::size_t k = 0; k < nk; ++k) r.key_points_[(base + j) * nk + k] = y.key_points[k];
    commit_row(base + j, y.total_unrounded, y.families, y.bonus_counted, y.bonus_counted, y.deduction_counted,
               y.deduction_counted, y.missing, vetoed, published);
  }
  state_->labels.append_labels(labels);
  r.size_ = base + rows.size();
}

namespace detail {
ranking rank_precomputed(const scheme& s, sheet labels, std::span<const precomputed_row> rows,
                         const rank_options& options) {
  rank_options without_values = options;
  without_values.keep_criterion_points = false;  // there is no single sheet of values
  ranking_builder builder(s, without_values);
  builder.add_precomputed(labels, rows);
  return std::move(builder).finish(options);
}
}  // namespace detail

ranking ranking_builder::finish(const rank_options& options) && {
  ranking r = std::move(state_->r);
  const sheet& sh = state_->labels;
  const scheme& s = *r.scheme_;
  const std::size_t n = r.size_, nf = s.families.size();
  r.rank_.assign(n, 0);

  // Collation keys only when a key needs them.
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

  // Compare two ranked rows by the scheme's keys (engine/ordering.hpp): negative when a goes
  // first. With `merit_only`, the id and name keys (arbitrary tie-breakers, not merit) are skipped.
  detail::ordering_view view;
  view.s = &s;
  view.classes = r.class_;
  view.totals = r.total_;
  view.families = r.families_;
  view.family_count = nf;
  view.key_points = r.key_points_;
  view.key_count = r.key_count_;
  view.labels = &sh;
  view.name_keys = by_name ? &name_keys : nullptr;
  auto compare = [&view](std::size_t a, std::size_t b, bool merit_only = false) -> int {
    return detail::compare_by_keys(view, a, b, merit_only).order;
  };

  // Class quotas, best class first: a subject dropped from one class may meet the quota of
  // the next. Candidates are taken in ranking order; the base is counted on the result.
  const bool any_quota =
      std::any_of(s.classes.begin(), s.classes.end(), [](const class_def& c) { return c.quota.has_value(); });
  if (any_quota) {
    r.class_before_quota_ = r.class_;
    std::vector<std::size_t> all_rows;
    for (std::size_t k = 0; k < s.classes.size(); ++k) {
      if (!s.classes[k].quota) continue;
      const class_quota& q = *s.classes[k].quota;
      auto decide = [&](std::span<const std::size_t> scope) {
        std::vector<std::size_t> cand;
        std::uint32_t b0 = 0;
        for (std::size_t i : scope) {
          if (r.status_[i] != standing::ranked) continue;
          if (r.class_[i] == static_cast<std::ptrdiff_t>(k)) cand.push_back(i);
          else if (q.of_class_index < 0 || r.class_[i] == q.of_class_index) ++b0;
        }
        if (cand.empty()) return;
        std::sort(cand.begin(), cand.end(), [&](std::size_t a, std::size_t b) {
          const int c = compare(a, b);
          return c != 0 ? c < 0 : sh.id(a) < sh.id(b);
        });
        const std::size_t c = cand.size();
        // Where each candidate lands if dropped, and how many landings join the base.
        std::vector<std::size_t> landing(c);
        std::vector<std::uint32_t> joins_base(c + 1, 0);
        for (std::size_t j = 0; j < c; ++j)
          landing[j] = detail::class_for(s, r.total_[cand[j]],
                                         std::span<const decimal>(r.families_.data() + cand[j] * nf, nf), nullptr,
                                         k + 1);
        for (std::size_t j = c; j-- > 0;)
          joins_base[j] = joins_base[j + 1] +
                          (q.of_class_index < 0 || landing[j] == static_cast<std::size_t>(q.of_class_index) ? 1 : 0);
        auto base_if_kept = [&](std::size_t kept_count) {
          // With of = "all", kept and dropped candidates are all classified subjects.
          return q.of_class_index < 0 ? b0 + static_cast<std::uint32_t>(c) : b0 + joins_base[kept_count];
        };
        auto limit_of = [&](std::uint32_t base) {
          const decimal exact = decimal::from_units(q.max.units() * static_cast<std::int64_t>(base));
          return static_cast<std::uint32_t>(exact.rounded(0, q.round).units() / decimal::units_per_point);
        };
        std::size_t kept = c;
        while (kept > 0 && kept > limit_of(base_if_kept(kept))) --kept;
        std::size_t tie_first = c, tie_last = c;  // the tie group at the cut, if any
        if (kept > 0 && kept < c && compare(cand[kept - 1], cand[kept], true) == 0) {
          tie_first = kept - 1;
          while (tie_first > 0 && compare(cand[tie_first - 1], cand[kept], true) == 0) --tie_first;
          tie_last = kept + 1;
          while (tie_last < c && compare(cand[tie_last], cand[kept - 1], true) == 0) ++tie_last;
          kept = q.ties == class_quota::at_tie::drop ? tie_first : tie_last;
        }
        const std::uint32_t base = base_if_kept(kept);
        for (std::size_t j = 0; j < c; ++j) {
          quota_decision d;
          d.quota_class = k;
          d.position = static_cast<std::uint32_t>(j + 1);
          d.candidates = static_cast<std::uint32_t>(c);
          d.base = base;
          d.limit = limit_of(base);
          d.kept = static_cast<std::uint32_t>(kept);
          d.demoted = j >= kept;
          d.tie_at_cut = j >= tie_first && j < tie_last;
          if (d.demoted) r.class_[cand[j]] = static_cast<std::ptrdiff_t>(landing[j]);
          r.quota_.emplace_back(static_cast<std::uint32_t>(cand[j]), d);
        }
      };
      if (q.per == class_quota::scope::all) {
        if (all_rows.empty()) {
          all_rows.resize(n);
          std::iota(all_rows.begin(), all_rows.end(), 0);
        }
        decide(all_rows);
      } else {
        for (std::size_t g = 0; g < ng; ++g)
          decide(std::span<const std::size_t>(rows.data() + start[g], start[g + 1] - start[g]));
      }
    }
    std::stable_sort(r.quota_.begin(), r.quota_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }

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

  // Blocks are independent: sort them on all cores, each block by one thread.
  auto rank_block = [&](std::size_t g) {
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
  };
  parallel_rows(ng, [&](std::size_t begin, std::size_t end) {
    for (std::size_t g = begin; g < end; ++g) rank_block(g);
  });
  r.order_.reserve(n);
  for (std::size_t g : group_order)
    r.order_.insert(r.order_.end(), rows.begin() + static_cast<std::ptrdiff_t>(start[g]),
                    rows.begin() + static_cast<std::ptrdiff_t>(start[g + 1]));
  r.position_.resize(n);
  for (std::size_t k = 0; k < n; ++k) r.position_[r.order_[k]] = static_cast<std::uint32_t>(k);

  r.labels_ = std::make_shared<const sheet>(std::move(state_->labels));
  if (options.self_scores != nullptr) {
    const sheet& self = *options.self_scores;
    r.self_total_.assign(n, no_self_total);
    detail::subject_score sc;
    const auto& reserved = state_->reserved;
    std::vector<sheet::value_type> values(s.criteria.size());
    for (std::size_t j = 0; j < self.size(); ++j) {
      const std::ptrdiff_t i = r.find(self.id(j));
      if (i < 0) continue;
      // Reserved criteria count the reviewer's points: the difference shows only where the
      // unit's own scoring differed.
      std::copy(self.values(j).begin(), self.values(j).end(), values.begin());
      const auto row = static_cast<std::size_t>(i);
      if (state_->reserved_values.size() == n * reserved.size())
        for (std::size_t k = 0; k < reserved.size(); ++k) values[reserved[k]] = state_->reserved_values[row * reserved.size() + k];
      detail::score_subject(s, values, self.bonus(j), self.deduction(j), sc);
      r.self_total_[static_cast<std::size_t>(i)] = sc.total.units();
    }
  }
  return r;
}

ranking rank(const scheme& s, const sheet& sh, const rank_options& options) {
  ranking_builder builder(s, options);
  builder.add(sh);
  return std::move(builder).finish(options);
}

}  // namespace thidua
