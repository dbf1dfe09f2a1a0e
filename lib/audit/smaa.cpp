// SMAA-2 over the scheme's weights (include/thidua/audit/smaa.hpp, docs/audit.md).
//
// Per batch of B samples: the weights W (m × B, criteria grouped by family), then per tile of
// whole blocks the totals T = X W (+ bonus − deduction), one matrix product per family when a
// class has a family minimum (their sum is the total), else one; then every subject's key
// (class, published total) and a partial ranking of each block per sample (nth_element of the
// best `ranks`). Counts are integers and the central weights are summed in fixed point, so
// the merged result does not depend on which thread did which batch.
#include "thidua/audit/smaa.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "audit/matrix.hpp"
#include "audit/sampling.hpp"
#include "thidua/engine.hpp"

namespace thidua::audit {

std::string_view to_string(smaa_mode m) noexcept {
  switch (m) {
    case smaa_mode::simplex: return "simplex";
    case smaa_mode::around: return "around";
    case smaa_mode::order: return "order";
  }
  return "simplex";
}

bool parse_smaa_mode(std::string_view text, smaa_mode& out) noexcept {
  if (text == "simplex") out = smaa_mode::simplex;
  else if (text == "around") out = smaa_mode::around;
  else if (text == "order") out = smaa_mode::order;
  else return false;
  return true;
}

namespace {

using Eigen::Index;
constexpr double share_units = 1e9;         // central weights: shares of the scale in 1e-9
constexpr std::size_t tile_rows = 1024;     // subjects per matrix product (whole blocks)
constexpr int total_bits = 36;              // published total in the low bits of a key (< 6.8 million points)

Index ix(std::size_t k) { return static_cast<Index>(k); }

// Everything the workers read: the ranked subjects grouped by block, in nominal order.
struct problem {
  std::size_t n = 0, m = 0, families = 0;
  Eigen::MatrixXd x;                          // n × m, columns grouped by family (perm)
  Eigen::VectorXd extra;                      // n
  std::vector<std::size_t> perm;              // column → criterion index
  std::vector<std::size_t> family_begin;      // families + 1 column offsets
  std::vector<std::ptrdiff_t> cap;            // n
  std::vector<std::size_t> block_begin;       // blocks + 1 row offsets
  std::vector<std::size_t> pair_count;        // per block
  std::vector<std::size_t> pair_offset;       // per block, into the wins counts
  std::vector<std::pair<std::size_t, std::size_t>> tiles;  // [begin, end) block ranges
  std::size_t ranks = 1;                      // counted ranks (≤ largest block)
  bool need_families = false;
  // Classes: published total ≥ min, and per family: value ≥ the smallest value publishing
  // at least the family minimum (family index, value).
  std::vector<std::int64_t> class_min;
  std::vector<std::vector<std::pair<std::size_t, double>>> class_family_min;
};

struct accumulator {
  std::vector<std::uint64_t> rank_count;  // n × ranks
  std::vector<std::int64_t> central;      // n × m, criterion order
  std::vector<std::uint64_t> wins;
  std::uint64_t rejected = 0, fallback = 0;
};

// Ranks one block for one sample and counts. keys[i] for the block's rows, larger = better.
// Keys and row numbers are packed into one unsigned integer (key above, the complement of the
// row below, so that equal keys keep row order) when the block has at most 2^20 rows.
struct block_ranker {
  static constexpr int row_bits = 20;
  std::vector<std::uint64_t> packed;
  std::vector<std::pair<std::int64_t, std::uint32_t>> items;  // larger blocks

  template <class OnRank>
  void rank(const std::int64_t* keys, std::size_t count, std::size_t ranks, OnRank&& on_rank) {
    const std::size_t top = std::min(ranks, count);
    if (count <= (std::size_t{1} << row_bits)) {
      constexpr std::uint64_t mask = (std::uint64_t{1} << row_bits) - 1;
      packed.resize(count);
      for (std::size_t i = 0; i < count; ++i)
        packed[i] = static_cast<std::uint64_t>(keys[i]) << row_bits | (mask - i);
      const auto mid = packed.begin() + static_cast<std::ptrdiff_t>(top);
      if (top < count) std::nth_element(packed.begin(), mid - 1, packed.end(), std::greater<>());
      std::sort(packed.begin(), mid, std::greater<>());
      const auto row = [&](std::size_t k) { return static_cast<std::uint32_t>(mask - (packed[k] & mask)); };
      const auto key = [&](std::size_t k) { return packed[k] >> row_bits; };
      emit(top, count, on_rank, row, key);
      return;
    }
    items.resize(count);
    for (std::size_t i = 0; i < count; ++i) items[i] = {keys[i], static_cast<std::uint32_t>(i)};
    const auto better = [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
    const auto mid = items.begin() + static_cast<std::ptrdiff_t>(top);
    if (top < count) std::nth_element(items.begin(), mid - 1, items.end(), better);
    std::sort(items.begin(), mid, better);
    emit(top, count, on_rank, [&](std::size_t k) { return items[k].second; }, [&](std::size_t k) { return items[k].first; });
  }

  // Competition ranks of the first `top` (sorted) and of those after them tied with the last.
  template <class OnRank, class Row, class Key>
  static void emit(std::size_t top, std::size_t count, OnRank& on_rank, Row&& row, Key&& key) {
    std::size_t r = 1;
    for (std::size_t k = 0; k < top; ++k) {
      if (k > 0 && key(k) != key(k - 1)) r = k + 1;
      on_rank(row(k), r);
    }
    for (std::size_t k = top; k < count; ++k)
      if (key(k) == key(top - 1)) on_rank(row(k), r);
  }
};

problem make_problem(const scheme& s, const detail::decision_matrix& d, const std::vector<std::size_t>& rows,
                     const std::vector<std::size_t>& block_begin, std::size_t ranks, std::size_t pairs) {
  problem p;
  p.n = rows.size();
  p.m = d.criteria();
  p.families = s.families.size();
  p.block_begin = block_begin;
  for (std::size_t f = 0; f < p.families; ++f) {
    p.family_begin.push_back(p.perm.size());
    for (std::size_t c = 0; c < p.m; ++c)
      if (d.family_of[c] == f) p.perm.push_back(c);
  }
  p.family_begin.push_back(p.perm.size());
  p.x.resize(ix(p.n), ix(p.m));
  p.extra.resize(ix(p.n));
  for (std::size_t k = 0; k < p.n; ++k) {
    for (std::size_t c = 0; c < p.m; ++c) p.x(ix(k), ix(c)) = d.x(ix(rows[k]), ix(p.perm[c]));
    p.extra(ix(k)) = d.extra(ix(rows[k]));
    p.cap.push_back(d.cap[rows[k]]);
  }
  std::size_t largest = 1;
  const std::size_t blocks = block_begin.size() - 1;
  std::size_t offset = 0;
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t size = block_begin[b + 1] - block_begin[b];
    largest = std::max(largest, size);
    const std::size_t k = pairs == 0 ? size : std::min(pairs, size);
    p.pair_count.push_back(k);
    p.pair_offset.push_back(offset);
    offset += k * k;
  }
  p.ranks = ranks == 0 ? largest : std::min(ranks, largest);
  for (std::size_t b = 0; b < blocks;) {
    std::size_t e = b + 1;
    while (e < blocks && block_begin[e + 1] - block_begin[b] <= tile_rows) ++e;
    p.tiles.emplace_back(b, e);
    b = e;
  }
  const detail::publisher publish(s);
  for (const auto& cl : s.classes) {
    p.class_min.push_back(cl.min.units());
    std::vector<std::pair<std::size_t, double>> mins;
    for (const auto& fm : cl.min_family)
      if (fm.min.units() > 0) mins.emplace_back(fm.family_index, publish.lower_edge(fm.min.units()));
    p.need_families = p.need_families || !mins.empty();  // no minimum above 0: nothing to check
    p.class_family_min.push_back(std::move(mins));
  }
  return p;
}

// One worker's batches: weights, products, keys, partial ranking, counts.
class worker {
 public:
  worker(const scheme& s, const problem& p, const detail::weight_sampler& sampler, const smaa_options& o,
         accumulator& acc)
      : p_(p), sampler_(sampler), o_(o), acc_(acc), publish_(s) {}

  void run_batch(std::uint64_t first, std::size_t count) {
    const std::size_t m = p_.m;
    w_.resize(ix(m), ix(count));
    shares_.resize(m * count);
    std::vector<double> draw(m);
    const double scale = sampler_.model().scale;
    for (std::size_t j = 0; j < count; ++j) {
      bool fell_back = false;
      acc_.rejected += sampler_.draw(o_.seed, first + j, draw, &fell_back);
      acc_.fallback += fell_back ? 1 : 0;
      for (std::size_t c = 0; c < m; ++c) {
        w_(ix(c), ix(j)) = draw[p_.perm[c]];
        shares_[j * m + c] = std::llround(draw[c] / scale * share_units);
      }
    }
    for (const auto& [b0, b1] : p_.tiles) tile(b0, b1, count);
  }

 private:
  void tile(std::size_t b0, std::size_t b1, std::size_t count) {
    const std::size_t r0 = p_.block_begin[b0], rows = p_.block_begin[b1] - r0;
    const std::size_t cells = rows * count;
    grow(keys_, cells);
    if (!p_.need_families) {
      grow(total_, cells);
      Eigen::Map<Eigen::MatrixXd> t(total_.data(), ix(rows), ix(count));
      t.noalias() = p_.x.middleRows(ix(r0), ix(rows)) * w_;
      for (std::size_t j = 0; j < count; ++j)
        for (std::size_t i = 0; i < rows; ++i)
          keys_[j * rows + i] = key(r0 + i, std::max(0.0, total_[j * rows + i] + p_.extra(ix(r0 + i))), nullptr, 0);
    } else {
      grow(family_, cells * p_.families);
      for (std::size_t f = 0; f < p_.families; ++f) {
        Eigen::Map<Eigen::MatrixXd> t(family_.data() + f * cells, ix(rows), ix(count));
        const std::size_t c0 = p_.family_begin[f], width = p_.family_begin[f + 1] - c0;
        t.noalias() = p_.x.block(ix(r0), ix(c0), ix(rows), ix(width)) * w_.middleRows(ix(c0), ix(width));
      }
      for (std::size_t j = 0; j < count; ++j)
        for (std::size_t i = 0; i < rows; ++i) {
          const std::size_t cell = j * rows + i;
          double sum = 0;
          for (std::size_t f = 0; f < p_.families; ++f) sum += family_[f * cells + cell];
          keys_[cell] = key(r0 + i, std::max(0.0, sum + p_.extra(ix(r0 + i))), family_.data() + cell, cells);
        }
    }
    for (std::size_t j = 0; j < count; ++j)
      for (std::size_t b = b0; b < b1; ++b) count_block(b, r0, rows, j);
  }

  // (class, published total) as one integer: larger is better.
  std::int64_t key(std::size_t row, double total, const double* family, std::size_t stride) const {
    const std::int64_t published = publish_(total);
    const std::size_t classes = p_.class_min.size();
    std::size_t k = classes - 1;
    for (std::size_t c = 0; c < classes; ++c) {
      if (published < p_.class_min[c]) continue;
      bool ok = true;
      for (const auto& [f, edge] : p_.class_family_min[c])
        if (family[f * stride] < edge) {
          ok = false;
          break;
        }
      if (ok) {
        k = c;
        break;
      }
    }
    if (p_.cap[row] >= 0) k = std::max(k, static_cast<std::size_t>(p_.cap[row]));
    return (static_cast<std::int64_t>(classes - k) << total_bits) + published;
  }

  void count_block(std::size_t b, std::size_t r0, std::size_t rows, std::size_t j) {
    const std::size_t begin = p_.block_begin[b], size = p_.block_begin[b + 1] - begin;
    const std::int64_t* keys = keys_.data() + j * rows + (begin - r0);
    const std::size_t m = p_.m, ranks = p_.ranks;
    ranker_.rank(keys, size, ranks, [&](std::uint32_t local, std::size_t r) {
      const std::size_t row = begin + local;
      ++acc_.rank_count[row * ranks + (r - 1)];
      if (r == 1) {
        std::int64_t* central = acc_.central.data() + row * m;
        const std::int64_t* share = shares_.data() + j * m;
        for (std::size_t c = 0; c < m; ++c) central[c] += share[c];
      }
    });
    const std::size_t k = p_.pair_count[b];
    std::uint64_t* wins = acc_.wins.data() + p_.pair_offset[b];
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t c = a + 1; c < k; ++c) {
        if (keys[a] > keys[c]) ++wins[a * k + c];
        else if (keys[c] > keys[a]) ++wins[c * k + a];
      }
  }

  template <class T>
  static void grow(std::vector<T>& v, std::size_t n) {
    if (v.size() < n) v.resize(n);
  }

  const problem& p_;
  const detail::weight_sampler& sampler_;
  const smaa_options& o_;
  accumulator& acc_;
  detail::publisher publish_;
  Eigen::MatrixXd w_;
  std::vector<std::int64_t> shares_, keys_;
  std::vector<double> total_, family_;
  block_ranker ranker_;
};

}  // namespace

smaa_report audit_smaa(const scheme& s, const sheet& sh, const smaa_options& o, const smaa_progress& progress) {
  if (o.samples == 0 || o.samples > 1'000'000'000) throw std::invalid_argument("audit_smaa: samples must be 1 to 10^9");
  if (!std::isfinite(o.spread) || o.spread < 0) throw std::invalid_argument("audit_smaa: spread must be a finite value ≥ 0");
  if (o.batch == 0) throw std::invalid_argument("audit_smaa: batch must be at least 1");
  // Keys pack (class, published total) into 44 bits.
  const decimal most = s.scale + s.bonus_max.value_or(decimal{});
  if (s.classes.size() >= 256 || most.units() >= (std::int64_t{1} << total_bits))
    throw std::invalid_argument("audit_smaa: at most 255 classes and totals below 6,800,000 points");

  const ranking r = rank(s, sh);
  const detail::decision_matrix d = detail::build_matrix(s, sh, r);
  smaa_report rep;
  rep.scheme_id = s.id;
  rep.scheme_title = s.title;
  rep.scale = s.scale.to_double();
  rep.options = o;
  for (std::size_t c = 0; c < s.criteria.size(); ++c) {
    rep.criteria.push_back(s.criteria[c].id);
    rep.criterion_names.push_back(s.criteria[c].name);
    rep.criterion_family.push_back(s.criteria[c].family_index);
    rep.nominal.push_back(d.w(ix(c)));
  }
  for (const auto& f : s.families) {
    rep.families.push_back(f.id);
    rep.family_names.push_back(f.name);
  }

  // Subjects in display order; the ranked ones, block by block, become the problem's rows.
  std::vector<std::size_t> rows, block_begin, report_index;  // report_index: problem row → report subject
  const auto& order = r.display_order();
  for (std::size_t at = 0; at < order.size();) {
    const std::string_view group = r.group(order[at]);
    smaa_block blk;
    blk.name = std::string(group);
    block_begin.push_back(rows.size());
    for (; at < order.size() && r.group(order[at]) == group; ++at) {
      const std::size_t i = order[at];
      smaa_subject subj;
      subj.id = std::string(r.id(i));
      subj.name = std::string(r.name(i));
      subj.block = blk.name;
      subj.excluded = r.status(i) == standing::excluded;
      subj.nominal_rank = r.rank(i);
      subj.nominal_class = r.class_index(i);
      blk.subjects.push_back(rep.subjects.size());
      if (!subj.excluded) {
        rows.push_back(i);
        report_index.push_back(rep.subjects.size());
      }
      rep.subjects.push_back(std::move(subj));
    }
    if (block_begin.back() == rows.size()) block_begin.pop_back();  // nobody ranked in it
    rep.blocks.push_back(std::move(blk));
  }
  block_begin.push_back(rows.size());
  if (rows.empty()) return rep;

  const problem p = make_problem(s, d, rows, block_begin, o.ranks, o.pairs);
  detail::weight_model model;
  model.nominal.assign(d.w.data(), d.w.data() + d.w.size());
  model.family_of = d.family_of;
  model.families = s.families.size();
  model.scale = rep.scale;
  model.tree = o.tree;
  model.mode = o.mode == smaa_mode::simplex ? detail::sampling_mode::simplex
               : o.mode == smaa_mode::around ? detail::sampling_mode::around
                                             : detail::sampling_mode::order;
  model.spread = o.spread;
  const detail::weight_sampler sampler(model);

  const std::size_t batches = (o.samples + o.batch - 1) / o.batch;
  unsigned threads = o.threads != 0 ? o.threads : std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, batches));
  std::vector<accumulator> acc(threads);
  for (auto& a : acc) {
    a.rank_count.assign(p.n * p.ranks, 0);
    a.central.assign(p.n * p.m, 0);
    a.wins.assign(p.pair_offset.empty() ? 0 : p.pair_offset.back() + p.pair_count.back() * p.pair_count.back(), 0);
  }
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;  // under progress_lock, so that progress sees increasing counts
  std::mutex progress_lock;
  std::exception_ptr failure;
  std::atomic<bool> failed{false};
  const auto work = [&](unsigned t) {
    try {
      worker w(s, p, sampler, o, acc[t]);
      for (std::size_t b; !failed && (b = next.fetch_add(1)) < batches;) {
        const std::size_t first = b * o.batch, count = std::min(o.batch, o.samples - first);
        w.run_batch(first, count);
        if (progress) {
          const std::lock_guard lock(progress_lock);
          done += count;
          progress(done, o.samples);
        }
      }
    } catch (...) {
      const std::lock_guard lock(progress_lock);
      if (!failure) failure = std::current_exception();
      failed = true;
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (auto& th : pool) th.join();
  }
  if (failure) std::rethrow_exception(failure);

  // Merge (integer sums: the order does not matter).
  accumulator& total = acc.front();
  for (std::size_t t = 1; t < acc.size(); ++t) {
    for (std::size_t k = 0; k < total.rank_count.size(); ++k) total.rank_count[k] += acc[t].rank_count[k];
    for (std::size_t k = 0; k < total.central.size(); ++k) total.central[k] += acc[t].central[k];
    for (std::size_t k = 0; k < total.wins.size(); ++k) total.wins[k] += acc[t].wins[k];
    total.rejected += acc[t].rejected;
    total.fallback += acc[t].fallback;
  }
  rep.rejected = total.rejected;
  rep.fallback = total.fallback;

  const auto n_samples = static_cast<double>(o.samples);
  std::size_t ranked_block = 0;
  for (auto& blk : rep.blocks) {
    if (blk.subjects.empty() || rep.subjects[blk.subjects.front()].excluded) continue;  // nobody ranked
    const std::size_t b = ranked_block++;
    const std::size_t begin = block_begin[b], size = block_begin[b + 1] - begin;
    const std::size_t counted = std::min(p.ranks, size);
    for (std::size_t k = begin; k < begin + size; ++k) {
      smaa_subject& subj = rep.subjects[report_index[k]];
      std::uint64_t sum = 0;
      for (std::size_t q = 0; q < counted; ++q) {
        const std::uint64_t c = total.rank_count[k * p.ranks + q];
        subj.acceptability.push_back(static_cast<double>(c) / n_samples);
        sum += c;
      }
      subj.beyond = static_cast<double>(o.samples - sum) / n_samples;
      const std::uint64_t firsts = total.rank_count[k * p.ranks];
      if (firsts == 0) continue;
      subj.central_weights.resize(p.m);
      Eigen::VectorXd wc(ix(p.m));
      for (std::size_t c = 0; c < p.m; ++c) {
        subj.central_weights[c] = static_cast<double>(total.central[k * p.m + c]) / static_cast<double>(firsts) /
                                  share_units * rep.scale;
        wc(ix(c)) = subj.central_weights[c];
      }
      // Confidence factor: first at its own central weights? (exact scores: 1 or 0).
      const auto key_of = [&](std::size_t row) {
        const std::size_t i = rows[row];
        const double t = std::max(0.0, d.x.row(ix(i)).dot(wc) + d.extra(ix(i)));
        const std::ptrdiff_t cls = detail::class_at(d, i, wc);
        return std::pair(-cls, detail::published_units(s, t));
      };
      const auto mine = key_of(k);
      std::uint32_t better = 0;
      for (std::size_t q = begin; q < begin + size; ++q)
        if (q != k && key_of(q) > mine) ++better;
      subj.central_rank = better + 1;
      subj.confidence = better == 0 ? 1.0 : 0.0;
    }
    const std::size_t kp = p.pair_count[b];
    for (std::size_t a = 0; a < kp; ++a) blk.pair_subjects.push_back(report_index[begin + a]);
    for (std::size_t a = 0; a < kp * kp; ++a)
      blk.winning.push_back(static_cast<double>(total.wins[p.pair_offset[b] + a]) / n_samples);
  }
  return rep;
}

}  // namespace thidua::audit
