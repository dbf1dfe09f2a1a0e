// Internal: random weights for SMAA (docs/audit.md, "Sampling the weights").
//
// Every sample has its own random stream, derived from (seed, sample index) alone, so the
// weights of sample s are the same whichever thread draws them, in whatever batch, and
// whatever the thread count: the basis of SMAA's thread-count independence.
//
//   simplex  uniform on the simplex: normalised i.i.d. Exp(1) draws (a Dirichlet(1, ..., 1)
//            sample; Rubinstein & Kroese, Simulation and the Monte Carlo Method; Devroye,
//            Non-Uniform Random Variate Generation, ch. V). Normalised uniforms are NOT
//            uniform on the simplex and are not used.
//   around   uniform on {v : Σ v = 1, |v_j − p_j| ≤ x p_j, v_j ≥ 0} (p the nominal shares):
//            all coordinates but the widest drawn uniformly in their boxes, the widest one
//            closing the sum, the draw rejected when it falls outside its box. The map from
//            the k − 1 free coordinates to the slice is affine, so an accepted draw is
//            uniform on the slice. After 10,000 rejections in a row (never seen with k ≤
//            1000 and x ≥ 1%) the sample falls back to every coordinate uniform in its box,
//            renormalised, and the fallback is counted.
//   order    uniform on the simplex, sorted so that a larger nominal weight never gets a
//            smaller sampled one (equal nominal weights: the values they get are shuffled).
//            The k! orderings of a uniform simplex sample are equally likely, so sorting maps
//            the uniform distribution onto the uniform distribution of the ordered region.
//
// Tree (the default): the family shares are drawn on the families' simplex, and within each
// family the criteria's shares of it on the family's simplex; a criterion's weight is
// scale × family share × its share in the family. Flat: one draw over all criteria.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "thidua/scheme.hpp"

namespace thidua::audit::detail {

/// The scheme's published value of a total or subtotal, in 1/10000 of a point: the same as
/// matrix.hpp's published_units (llround to 1/10000, then the scheme's rounding to its
/// precision), inline for the inner loops of SMAA and the sensitivity search.
struct publisher {
  std::int64_t step = 1;  // 10^(4 − precision)
  rounding mode = rounding::half_up;
  explicit publisher(const scheme& s) noexcept : mode(s.round) {
    for (int k = s.precision; k < 4; ++k) step *= 10;
  }
  [[gnu::always_inline]] std::int64_t operator()(double v) const noexcept {
    const double x = v * 10000.0;
    // llround, half away from zero; the shortcut is exact for 1 ≤ x < 2^51 but where x + 0.5
    // rounds across a power of two (the double just below n − 0.5: never met in practice).
    const std::int64_t u = x >= 1.0 && x < 0x1p51 ? static_cast<std::int64_t>(x + 0.5) : std::llround(x);
    switch (step) {
      case 1: return u;
      case 10: return round_to<10>(u);
      case 100: return round_to<100>(u);
      case 1000: return round_to<1000>(u);
      default: return round_to<10000>(u);
    }
  }

  /// The smallest value whose published value is at least `units`: v ≥ lower_edge(K) exactly
  /// when (*this)(v) ≥ K (the published value is monotone).
  double lower_edge(std::int64_t units) const noexcept;

 private:
  template <std::int64_t Step>
  [[gnu::always_inline]] std::int64_t round_to(std::int64_t u) const noexcept {
    const bool negative = u < 0;
    const std::int64_t a = negative ? -u : u;
    std::int64_t q = a / Step;  // a constant divisor: a multiplication
    const std::int64_t rem = a - q * Step;
    if (rem != 0) {
      switch (mode) {
        case rounding::down: break;
        case rounding::up: ++q; break;
        case rounding::half_up: q += 2 * rem >= Step ? 1 : 0; break;
        case rounding::half_even: q += (2 * rem > Step || (2 * rem == Step && (q % 2) != 0)) ? 1 : 0; break;
      }
    }
    return (negative ? -q : q) * Step;
  }
};

/// splitmix64's finaliser: a bijective 64-bit mix.
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// xoshiro256** (Blackman & Vigna) seeded through splitmix64 from (seed, index): the stream
/// of one sample.
class sample_rng {
 public:
  sample_rng(std::uint64_t seed, std::uint64_t index) noexcept;
  std::uint64_t next() noexcept;
  /// Uniform in (0, 1]: (k + 1) / 2^53 for a 53-bit k.
  double uniform() noexcept { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  /// Exp(1): −log of a uniform in (0, 1].
  double exponential() noexcept;
  /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift, unbiased by rejection).
  std::uint64_t below(std::uint64_t n) noexcept;

 private:
  std::uint64_t s_[4];
};

/// A uniform point of the simplex {v ≥ 0, Σ v = 1} of dimension out.size() − 1.
void uniform_simplex(sample_rng& rng, std::span<double> out) noexcept;

enum class sampling_mode { simplex, around, order };

/// What the sampler needs to know about the scheme's weights.
struct weight_model {
  std::vector<double> nominal;          ///< m nominal weights in points (Σ = scale)
  std::vector<std::size_t> family_of;   ///< m: family of each criterion
  std::size_t families = 1;
  double scale = 100;
  bool tree = true;                     ///< families, then criteria within them; false: flat
  sampling_mode mode = sampling_mode::simplex;
  double spread = 0.2;                  ///< around: ± this share of each nominal value
};

class weight_sampler {
 public:
  explicit weight_sampler(weight_model model);

  /// The weights of sample `index` of a run seeded with `seed`: m values ≥ 0 summing to the
  /// scale (up to rounding), in criterion order. Returns the number of rejected draws (around
  /// mode); `fell_back` is set when a level ran out of tries and was renormalised.
  std::size_t draw(std::uint64_t seed, std::uint64_t index, std::span<double> out, bool* fell_back = nullptr) const;

  const weight_model& model() const noexcept { return model_; }

 private:
  // One simplex to sample on: the families, one family's criteria, or all criteria (flat).
  struct level {
    std::vector<std::size_t> members;      // criterion or family indices
    std::vector<double> share;             // nominal shares, Σ = 1
    std::vector<std::size_t> by_weight;    // positions in members, largest nominal share first
    std::vector<std::size_t> group_end;    // order mode: end (in by_weight) of each run of equal shares
    std::size_t widest = 0;                // around mode: position with the largest box
  };
  level make_level(std::vector<std::size_t> members, std::vector<double> weights) const;
  std::size_t draw_level(const level& l, sample_rng& rng, std::span<double> v, bool& fell_back) const;

  weight_model model_;
  std::vector<level> levels_;  // tree: [families, family 0, family 1, ...]; flat: [all]
};

}  // namespace thidua::audit::detail
