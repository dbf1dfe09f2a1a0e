// thidua/audit/objective.hpp: what the data alone would weigh, and whether the ranking depends
// on the aggregation method (docs/audit.md).
//
//  - audit_objective: entropy, CRITIC, standard-deviation and MEREC weights computed from the
//                     scores, side by side with the scheme's weights;
//  - audit_methods:   the official weighted sum next to the weighted product, TOPSIS and VIKOR
//                     on the same performances and weights, with rank correlations per block.
//
// Both work on the performance matrix x (points ÷ maximum, in [0, 1]) of the subjects not
// excluded by a veto. Every criterion is a benefit criterion there: lower-is-better inputs
// (a drop-out rate) are already turned into points. Weights are in percent.
//
// Example:
//   auto r = thidua::audit::audit_objective(scheme, sheet);
//   thidua::audit::write_objective(std::cout, r, thidua::output_format::table);
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "thidua/scheme.hpp"
#include "thidua/scores.hpp"
#include "thidua/writers.hpp"

namespace thidua::audit {

/// A stated convention: a key ("entropy", "critic", ...) and its text (English).
using stated_convention = std::pair<std::string, std::string>;

struct objective_report {
  std::string scheme_id{}, scheme_title{};
  std::size_t subjects = 0;                 ///< subjects the weights are computed from
  std::vector<std::string> criteria{}, names{};  ///< ids and names, scheme order
  std::vector<double> scheme{};             ///< the scheme's weights: percent of the scale
  std::vector<double> entropy{}, critic{}, std_dev{}, merec{};  ///< percent, Σ = 100 each
  std::vector<bool> constant{};             ///< the criterion has one value for every subject
  std::vector<stated_convention> conventions{};
};

/// Entropy, CRITIC, standard-deviation and MEREC weights of `sh` scored under `s`.
objective_report audit_objective(const scheme& s, const sheet& sh);

struct method_block {
  std::string name{};
  std::size_t subjects = 0;
  double tau = 1, rho = 1, weighted_rho = 1;  ///< this method's block ranking vs the weighted sum's
};

/// A subject whose rank in the block moves between the weighted sum and a method.
struct rank_move {
  std::size_t subject = 0;        ///< index into methods_report::ids
  std::uint32_t rank_wsm = 0, rank = 0;
};

struct method_result {
  std::string id{};               ///< "wsm", "wpm", "topsis", "vikor"
  std::vector<double> score{};    ///< per subject; higher is better except VIKOR's Q
  std::vector<std::uint32_t> rank{};  ///< rank in the block (competition ties)
  double tau = 1, rho = 1, weighted_rho = 1;  ///< vs the weighted sum, all subjects together
  double tau_blocks = 1, rho_blocks = 1, weighted_rho_blocks = 1;  ///< per block, mean weighted by size
  std::vector<method_block> blocks{};
  std::vector<rank_move> movers{};  ///< largest moves first (at most 5, only subjects that move)
  std::size_t moved = 0;            ///< subjects whose block rank differs from the weighted sum's
};

/// VIKOR's compromise solution in one block (Opricovic & Tzeng 2004, conditions C1 and C2).
struct vikor_block {
  std::string name{};
  bool acceptable_advantage = true, acceptable_stability = true;
  std::vector<std::size_t> compromise{};  ///< indices into methods_report::ids
};

struct methods_report {
  std::string scheme_id{}, scheme_title{};
  std::vector<std::string> ids{}, names{}, groups{};  ///< the compared subjects
  std::vector<std::string> blocks{};                  ///< block names, in order of first appearance
  std::vector<std::string> criteria{};
  std::vector<double> weights{};                      ///< percent
  std::vector<method_result> methods{};               ///< wsm, wpm, topsis, vikor
  std::vector<double> vikor_s{}, vikor_r{};           ///< VIKOR's S and R per subject (Q is its score)
  std::vector<vikor_block> vikor_blocks{};
  std::vector<stated_convention> conventions{};
};

/// The weighted sum, weighted product, TOPSIS and VIKOR on `sh` scored under `s`, with the
/// scheme's nominal weights.
methods_report audit_methods(const scheme& s, const sheet& sh);

/// Table (Vietnamese) or JSON (English keys; docs/audit.md). Other formats throw
/// std::invalid_argument.
void write_objective(std::ostream& out, const objective_report& r, output_format format);
void write_methods(std::ostream& out, const methods_report& r, output_format format);

}  // namespace thidua::audit
