// Internal: objective weighting methods and alternative aggregation methods on a plain
// decision matrix (docs/audit.md). Used by audit_objective and audit_methods on the
// scores' performance matrix x, and tested on the published worked examples.
//
// Every function takes X, n alternatives (rows) × m criteria (columns). `cost[j]` marks a
// criterion where lower is better; empty means every criterion is a benefit criterion (the
// audit's x always is: lower-is-better inputs are already turned into points). Weights sum to 1.
//
// Degenerate inputs follow stated conventions instead of dividing by zero: a criterion that
// carries no information (a constant column, an all-zero column) gets weight 0, and when no
// criterion carries any the weights are equal (1/m).
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <vector>

namespace thidua::audit::detail {

/// Shannon entropy weights on p_ij = x_ij ÷ Σ_i x_ij (criterion types play no part),
/// e_j = −Σ_i p_ij ln p_ij ÷ ln n with 0 · ln 0 = 0, d_j = 1 − e_j, w = d ÷ Σ d. An all-zero
/// column has e_j = 1 (no information). X must not be negative. Fewer than 2 rows: equal weights.
Eigen::VectorXd entropy_weights(const Eigen::MatrixXd& x);

struct critic_result {
  Eigen::MatrixXd normalised;  ///< min–max normalised matrix (0 for a constant column)
  Eigen::VectorXd sigma;       ///< sample standard deviation of each normalised column
  Eigen::MatrixXd correlation; ///< Pearson r_jk between normalised columns (0 with a constant one)
  Eigen::VectorXd information; ///< C_j = σ_j Σ_k (1 − r_jk), over the non-constant k
  Eigen::VectorXd weights;
};
/// CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995). A constant column has σ = 0 and is left
/// out of the other criteria's sums (it conflicts with nothing: it says nothing).
critic_result critic_weights(const Eigen::MatrixXd& x, const std::vector<bool>& cost = {});

/// Standard-deviation weights: σ_j of the min–max normalised column (as CRITIC's first step)
/// ÷ Σ σ. Equal to CRITIC without the conflict term.
Eigen::VectorXd std_dev_weights(const Eigen::MatrixXd& x, const std::vector<bool>& cost = {});

struct merec_result {
  Eigen::MatrixXd normalised;  ///< n_ij = min_k x_kj ÷ x_ij (benefit), x_ij ÷ max_k x_kj (cost)
  Eigen::VectorXd s;           ///< S_i = ln(1 + (1/m) Σ_j |ln n_ij|)
  Eigen::MatrixXd s_removed;   ///< S'_ij: the same without criterion j (still divided by m)
  Eigen::VectorXd effect;      ///< E_j = Σ_i |S'_ij − S_i|
  Eigen::VectorXd weights;
};
/// MEREC (Keshavarz-Ghorabaee, Amiri, Zavadskas, Turskis & Antucheviciene 2021). Every cell
/// must be positive (the caller shifts the matrix when it is not; see audit_objective).
merec_result merec_weights(const Eigen::MatrixXd& x, const std::vector<bool>& cost = {});

/// TOPSIS closeness C_i = D⁻_i ÷ (D⁺_i + D⁻_i) on the vector-normalised, weighted matrix
/// (r_ij = x_ij ÷ √Σ_i x_ij², v = w r; ideal and anti-ideal per column). An all-zero column
/// stays 0; a subject at both the ideal and the anti-ideal (nothing varies) gets 0.5.
Eigen::VectorXd topsis(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, const std::vector<bool>& cost = {});

struct vikor_result {
  Eigen::VectorXd s;  ///< group utility: Σ_j w_j (f*_j − f_ij) ÷ (f*_j − f⁻_j)
  Eigen::VectorXd r;  ///< individual regret: max_j of the same terms
  Eigen::VectorXd q;  ///< v (S − S*) ÷ (S⁻ − S*) + (1 − v)(R − R*) ÷ (R⁻ − R*); lower is better
};
/// VIKOR (Opricovic & Tzeng 2004). A constant column adds 0 to S and R; when every S (or
/// every R) is equal its term of Q is 0.
vikor_result vikor(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, double v = 0.5,
                   const std::vector<bool>& cost = {});

struct vikor_choice {
  bool acceptable_advantage = true;  ///< C1: Q(a2) − Q(a1) ≥ DQ = 1 ÷ (J − 1)
  bool acceptable_stability = true;  ///< C2: a1 is also best (lowest) by S or by R
  std::vector<std::size_t> compromise;  ///< a1 alone; a1, a2 when only C2 fails; else every a with Q(a) − Q(a1) < DQ
};
/// The compromise solution among `subset` (all rows when empty), ordered by Q then S then row.
vikor_choice vikor_compromise(const vikor_result& v, const std::vector<std::size_t>& subset = {});

/// Weighted product Π_j max(x_ij, floor)^w_j, computed as exp Σ_j w_j ln max(x_ij, floor).
Eigen::VectorXd weighted_product(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, double floor);

}  // namespace thidua::audit::detail
