// Internal: the scores as an auditor's decision matrix, the linear model every audit tool
// reweights (docs/audit.md, "The decision matrix").
//
//   x[i][c]  subject i's performance on criterion c, in [0, 1]: its points ÷ the criterion's
//            maximum (after tiers, linear rules, yes/no, failures);
//   w[c]     criterion c's nominal weight in points: its family's share × its maximum ÷ the
//            family's maximum (Σ w = the scale);
//   extra[i] bonus − deduction as counted (after their caps);
//
// so that the engine's unrounded total is  max(0, Σ_c w[c] x[i][c] + extra[i])  exactly (to
// 1/10000) at the nominal weights. N/A cells are imputed so that this holds: under
// not_applicable = "family" an N/A criterion takes its family's weighted mean performance over
// the applicable criteria (which is what renormalising the family does), a wholly N/A family
// the weighted mean of the applicable families (what rescaling to the scale does); under
// "scale" an N/A criterion takes the weighted mean of all applicable criteria; under "full"
// it is 1. A missing cell counted as 0 is 0. When the weights change, the imputed values keep
// their nominal-weight means (stated in docs/audit.md).
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "thidua/engine.hpp"
#include "thidua/scheme.hpp"
#include "thidua/scores.hpp"

namespace thidua::audit::detail {

struct decision_matrix {
  const scheme* s = nullptr;
  Eigen::MatrixXd x;                    ///< n × m performances in [0, 1]
  Eigen::VectorXd w;                    ///< m nominal weights in points (Σ = scale)
  Eigen::VectorXd extra;                ///< n: bonus − deduction counted
  Eigen::VectorXd engine_total;         ///< n: the engine's unrounded total, to check the model
  std::vector<std::size_t> family_of;   ///< m: family index of each criterion
  std::vector<std::uint32_t> block;     ///< n: block index (into block_names)
  std::vector<std::string> block_names; ///< in the sheet's order of first appearance
  std::vector<std::string> ids, names;  ///< n
  std::vector<std::ptrdiff_t> cap;      ///< n: the best class a veto allows (index), -1 none
  std::vector<bool> excluded;           ///< n: vetoed out of the ranking
  std::vector<std::ptrdiff_t> engine_class;  ///< n: the engine's final class (-1 excluded)
  std::vector<std::uint32_t> engine_rank;    ///< n: the engine's rank in the block (0 excluded)

  std::size_t subjects() const noexcept { return static_cast<std::size_t>(x.rows()); }
  std::size_t criteria() const noexcept { return static_cast<std::size_t>(x.cols()); }
};

/// Builds the matrix of `sh` scored under `s`; `r` is rank(s, sh) (classes, vetoes, ranks).
decision_matrix build_matrix(const scheme& s, const sheet& sh, const ranking& r);

/// Unrounded totals under weights `w` (m criteria, in points): max(0, x w + extra).
Eigen::VectorXd totals(const decision_matrix& d, const Eigen::VectorXd& w);

/// Family subtotals of subject i under `w`.
Eigen::VectorXd family_subtotals(const decision_matrix& d, std::size_t i, const Eigen::VectorXd& w);

/// The class subject i reaches under `w`: published total and family subtotals (rounded to
/// the scheme's precision with its rule) against the thresholds and family minimums, then
/// the veto cap. -1 for an excluded subject. Class quotas are not applied (a quota depends
/// on everyone; the tools compare classes by score).
std::ptrdiff_t class_at(const decision_matrix& d, std::size_t i, const Eigen::VectorXd& w);

/// What a set of weights gives every subject.
struct outcome {
  Eigen::VectorXd total;                  ///< unrounded totals
  std::vector<std::int64_t> published;    ///< published totals, in 1/10000
  std::vector<std::ptrdiff_t> cls;        ///< class_at (-1 excluded)
  std::vector<std::uint32_t> rank;        ///< rank in the block: better class first, then
                                          ///< higher published total; equal ones share a rank
                                          ///< (competition); 0 for excluded
};
outcome evaluate(const decision_matrix& d, const Eigen::VectorXd& w);

/// The published value of an unrounded total (1/10000 units), as the engine rounds.
std::int64_t published_units(const scheme& s, double value);

/// Rank correlations between two score vectors over the same subjects (any scale; larger is
/// better). Kendall's τ-b (ties handled), Spearman's ρ (average ranks), and the weighted
/// Spearman r_W of Pinto da Costa and Soares (2005), which weighs disagreements at the top
/// more. `subset` (indices) restricts them to some subjects (a block); empty = all.
double kendall_tau_b(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const std::vector<std::size_t>& subset = {});
double spearman_rho(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const std::vector<std::size_t>& subset = {});
double weighted_spearman(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const std::vector<std::size_t>& subset = {});

/// The subjects of each block, in sheet order.
std::vector<std::vector<std::size_t>> blocks_of(const decision_matrix& d);

}  // namespace thidua::audit::detail
