// thidua/audit/smaa.hpp: SMAA-2 over the scheme's weights (docs/audit.md).
//
// Stochastic multicriteria acceptability analysis (Lahdelma & Salminen 2001): instead of one
// set of weights, many sampled ones. For every subject: how often it takes each rank in its
// emulation block (rank acceptability indices b_i^r), the mean weights that make it first
// (central weight vector w_i^c), whether it is first under those (confidence factor p_i^c),
// and for pairs of the same block how often one is ahead of the other (pairwise winning
// indices). Ranks are the ones the scheme gives: class first (thresholds, family minimums,
// veto caps at the published precision), then the published total; subjects still equal
// share the better rank. Subjects a veto excludes take no part.
//
// Deterministic: sample s is drawn from its own random stream keyed by (seed, s); counts are
// integers and central weights are summed in fixed point, so the report is the same whatever
// the thread count or the batching.
//
// Example:
//   thidua::audit::smaa_options o;
//   o.samples = 10'000;
//   o.seed = 42;
//   auto report = thidua::audit::audit_smaa(scheme, sheet, o);
//   thidua::audit::write_smaa(std::cout, report, thidua::output_format::table);
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "thidua/scheme.hpp"
#include "thidua/scores.hpp"
#include "thidua/writers.hpp"

namespace thidua::audit {

/// How weights are drawn (docs/audit.md, "Sampling the weights").
enum class smaa_mode {
  simplex,  ///< uniformly on the simplex (any weights summing to the scale)
  around,   ///< uniformly within ±spread of the nominal weights (relative), summing to the scale
  order,    ///< uniformly among the weights that keep the scheme's order of importance
};
std::string_view to_string(smaa_mode m) noexcept;
/// Parses "simplex", "around", "order". Returns false for anything else.
bool parse_smaa_mode(std::string_view text, smaa_mode& out) noexcept;

struct smaa_options {
  std::size_t samples = 10'000;
  std::uint64_t seed = 1;
  smaa_mode mode = smaa_mode::simplex;
  /// true: family shares drawn over the families, then each family's criteria within it;
  /// false: one draw over all criteria (flat).
  bool tree = true;
  /// around: each share may move by ± this fraction of its nominal value (0.2 = ±20%).
  double spread = 0.2;
  /// Worker threads; 0 = std::thread::hardware_concurrency(). Never changes the result.
  unsigned threads = 0;
  /// Rank acceptability is counted for ranks 1..ranks (the rest as "beyond"); 0 = every rank.
  std::size_t ranks = 10;
  /// Pairwise winning indices among each block's `pairs` best subjects at the nominal
  /// weights; 0 = every pair of the block.
  std::size_t pairs = 10;
  /// Samples per batch (one matrix product per batch and tile of subjects). Part of the
  /// arithmetic only: the result does not depend on it beyond the last bits of a total.
  std::size_t batch = 256;
};

struct smaa_subject {
  std::string id, name, block;
  bool excluded = false;          ///< excluded by a veto: not ranked, nothing below is filled
  std::uint32_t nominal_rank = 0; ///< the engine's rank at the scheme's weights
  std::ptrdiff_t nominal_class = -1;
  /// b^r for r = 1, 2, ...: the share of samples in which it is r-th in its block (at most
  /// `ranks` entries, fewer when the block is smaller).
  std::vector<double> acceptability;
  /// The share of samples in which it is ranked below the last rank counted.
  double beyond = 0;
  /// Mean weights (points, criterion order) over the samples where it is first; empty when
  /// never first.
  std::vector<double> central_weights;
  /// Its rank in the block at its central weights (0 when never first) and the confidence
  /// factor: with exact scores, 1 when that rank is 1, else 0 (empty when never first).
  std::uint32_t central_rank = 0;
  std::optional<double> confidence;
};

struct smaa_block {
  std::string name;
  std::vector<std::size_t> subjects;       ///< indices into smaa_report::subjects, nominal order
  std::vector<std::size_t> pair_subjects;  ///< those with winning indices (the best `pairs`)
  /// winning[a * k + b] (k = pair_subjects.size()): share of samples in which pair_subjects[a]
  /// is strictly ahead of pair_subjects[b].
  std::vector<double> winning;
};

struct smaa_report {
  std::string scheme_id, scheme_title;
  double scale = 0;
  smaa_options options;  ///< as run (threads: as asked, not part of the results)
  std::vector<std::string> criteria, criterion_names;  ///< ids and names, scheme order
  std::vector<std::size_t> criterion_family;
  std::vector<std::string> families, family_names;
  std::vector<double> nominal;  ///< nominal weights in points
  std::uint64_t rejected = 0;   ///< around: draws rejected (outside the ±spread box)
  std::uint64_t fallback = 0;   ///< around: samples that ran out of tries and were renormalised
  std::vector<smaa_subject> subjects;  ///< blocks in display order, each by nominal rank
  std::vector<smaa_block> blocks;
};

/// Called after each batch with (samples done, samples in all): from the worker threads, one
/// at a time, with increasing counts, the last call with done == total.
using smaa_progress = std::function<void(std::size_t done, std::size_t total)>;

/// Runs SMAA-2 on `sh` scored under `s`. Throws std::invalid_argument for bad options
/// (samples 0 or above 10^9, spread < 0 or not finite, batch 0) and for a scheme beyond what
/// the packed keys hold (256 classes or more, scale + bonus of 6,800,000 points or more).
smaa_report audit_smaa(const scheme& s, const sheet& sh, const smaa_options& options = {},
                       const smaa_progress& progress = {});

/// Table (Vietnamese) or JSON (docs/audit.md, "JSON"). csv is not supported
/// (std::invalid_argument).
void write_smaa(std::ostream& out, const smaa_report& r, output_format format);

}  // namespace thidua::audit
