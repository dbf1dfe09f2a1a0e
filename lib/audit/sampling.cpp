// Random weights for SMAA (sampling.hpp).
#include "audit/sampling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace thidua::audit::detail {

namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

constexpr std::size_t max_tries = 10'000;

}  // namespace

double publisher::lower_edge(std::int64_t units) const noexcept {
  double hi = static_cast<double>(units) / 10000.0;
  double lo = static_cast<double>(units - step) / 10000.0 - 1e-4;
  while ((*this)(hi) < units) hi += 1e-4;  // guard; not taken with these rounding modes
  while ((*this)(lo) >= units) lo -= static_cast<double>(step) / 10000.0;
  for (int k = 0; k < 200; ++k) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if ((*this)(mid) >= units) hi = mid;
    else lo = mid;
  }
  return hi;
}

sample_rng::sample_rng(std::uint64_t seed, std::uint64_t index) noexcept {
  // Two rounds of mixing so that neighbouring (seed, index) pairs give unrelated streams.
  std::uint64_t z = mix64(seed) ^ mix64(index ^ 0xd1b54a32d192ed03ULL);
  for (auto& s : s_) {
    z += 0x9e3779b97f4a7c15ULL;
    s = mix64(z);
  }
}

std::uint64_t sample_rng::next() noexcept {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double sample_rng::exponential() noexcept { return -std::log(uniform()); }

std::uint64_t sample_rng::below(std::uint64_t n) noexcept {
  // Lemire (2019): the high word of a 128-bit product, rejecting the biased low range.
  __extension__ using u128 = unsigned __int128;
  u128 m = static_cast<u128>(next()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<u128>(next()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

void uniform_simplex(sample_rng& rng, std::span<double> out) noexcept {
  if (out.empty()) return;
  double sum = 0;
  for (double& v : out) {
    v = rng.exponential();
    sum += v;
  }
  if (!(sum > 0)) {  // every draw exactly 0: probability 2^-53k
    std::fill(out.begin(), out.end(), 1.0 / static_cast<double>(out.size()));
    return;
  }
  for (double& v : out) v /= sum;
}

weight_sampler::level weight_sampler::make_level(std::vector<std::size_t> members, std::vector<double> weights) const {
  level l;
  l.members = std::move(members);
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  l.share.resize(weights.size());
  for (std::size_t j = 0; j < weights.size(); ++j)
    l.share[j] = total > 0 ? weights[j] / total : 1.0 / static_cast<double>(weights.size());
  l.by_weight.resize(weights.size());
  std::iota(l.by_weight.begin(), l.by_weight.end(), std::size_t{0});
  std::stable_sort(l.by_weight.begin(), l.by_weight.end(),
                   [&](std::size_t a, std::size_t b) { return l.share[a] > l.share[b]; });
  // Equal nominal weights (to 1e-9 of the level) form one group: no order among them.
  for (std::size_t k = 1; k <= l.by_weight.size(); ++k)
    if (k == l.by_weight.size() || l.share[l.by_weight[k - 1]] - l.share[l.by_weight[k]] > 1e-9)
      l.group_end.push_back(k);
  l.widest = l.by_weight.empty() ? 0 : l.by_weight.front();
  return l;
}

weight_sampler::weight_sampler(weight_model model) : model_(std::move(model)) {
  const std::size_t m = model_.nominal.size();
  if (model_.family_of.size() != m) throw std::invalid_argument("weight_sampler: family_of has the wrong size");
  if (!(model_.spread >= 0)) throw std::invalid_argument("weight_sampler: spread must be at least 0");
  if (model_.tree) {
    std::vector<std::vector<std::size_t>> members(model_.families);
    std::vector<double> family_weight(model_.families, 0.0);
    for (std::size_t c = 0; c < m; ++c) {
      members.at(model_.family_of[c]).push_back(c);
      family_weight[model_.family_of[c]] += model_.nominal[c];
    }
    std::vector<std::size_t> families(model_.families);
    std::iota(families.begin(), families.end(), std::size_t{0});
    levels_.push_back(make_level(families, family_weight));
    for (std::size_t f = 0; f < model_.families; ++f) {
      std::vector<double> w;
      for (std::size_t c : members[f]) w.push_back(model_.nominal[c]);
      levels_.push_back(make_level(members[f], w));
    }
  } else {
    std::vector<std::size_t> all(m);
    std::iota(all.begin(), all.end(), std::size_t{0});
    levels_.push_back(make_level(all, model_.nominal));
  }
}

std::size_t weight_sampler::draw_level(const level& l, sample_rng& rng, std::span<double> v, bool& fell_back) const {
  const std::size_t k = l.members.size();
  if (k == 0) return 0;
  if (k == 1) {
    v[0] = 1.0;
    return 0;
  }
  switch (model_.mode) {
    case sampling_mode::simplex:
      uniform_simplex(rng, v);
      return 0;
    case sampling_mode::order: {
      uniform_simplex(rng, v);
      std::vector<double> sorted(v.begin(), v.end());
      std::sort(sorted.begin(), sorted.end(), std::greater<>());
      // Within a group of equal nominal weights, a uniformly random assignment (Fisher–Yates).
      std::size_t begin = 0;
      for (std::size_t end : l.group_end) {
        for (std::size_t a = end - 1; a > begin; --a) {
          const std::size_t b = begin + static_cast<std::size_t>(rng.below(a - begin + 1));
          std::swap(sorted[a], sorted[b]);
        }
        begin = end;
      }
      for (std::size_t pos = 0; pos < k; ++pos) v[l.by_weight[pos]] = sorted[pos];
      return 0;
    }
    case sampling_mode::around: {
      const double x = model_.spread;
      const auto lo = [&](std::size_t j) { return std::max(0.0, (1.0 - x) * l.share[j]); };
      const auto hi = [&](std::size_t j) { return (1.0 + x) * l.share[j]; };
      std::size_t rejected = 0;
      for (std::size_t attempt = 0; attempt < max_tries; ++attempt) {
        double sum = 0;
        for (std::size_t j = 0; j < k; ++j) {
          if (j == l.widest) continue;
          v[j] = lo(j) + (hi(j) - lo(j)) * rng.uniform();
          sum += v[j];
        }
        const double last = 1.0 - sum;
        if (last >= lo(l.widest) && last <= hi(l.widest)) {
          v[l.widest] = last;
          return rejected;
        }
        ++rejected;
      }
      fell_back = true;
      double sum = 0;
      for (std::size_t j = 0; j < k; ++j) {
        v[j] = lo(j) + (hi(j) - lo(j)) * rng.uniform();
        sum += v[j];
      }
      for (std::size_t j = 0; j < k; ++j) v[j] = sum > 0 ? v[j] / sum : l.share[j];
      return rejected;
    }
  }
  return 0;
}

std::size_t weight_sampler::draw(std::uint64_t seed, std::uint64_t index, std::span<double> out, bool* fell_back) const {
  sample_rng rng(seed, index);
  bool fallback = false;
  std::size_t rejected = 0;
  std::vector<double> v;
  if (!model_.tree) {
    const level& l = levels_.front();
    v.resize(l.members.size());
    rejected += draw_level(l, rng, v, fallback);
    for (std::size_t j = 0; j < v.size(); ++j) out[l.members[j]] = model_.scale * v[j];
  } else {
    std::vector<double> family(model_.families);
    rejected += draw_level(levels_.front(), rng, family, fallback);
    for (std::size_t f = 0; f < model_.families; ++f) {
      const level& l = levels_[f + 1];
      v.assign(l.members.size(), 0.0);
      rejected += draw_level(l, rng, v, fallback);
      for (std::size_t j = 0; j < v.size(); ++j) out[l.members[j]] = model_.scale * family[f] * v[j];
    }
  }
  if (fell_back) *fell_back = fallback;
  return rejected;
}

}  // namespace thidua::audit::detail
