// audit_objective: entropy, CRITIC, standard-deviation and MEREC weights from the scores
// (thidua/audit/objective.hpp, docs/audit.md "Objective weights").
#include "audit/matrix.hpp"
#include "audit/mcdm.hpp"
#include "audit/report_common.hpp"
#include "thidua/audit/objective.hpp"
#include "thidua/engine.hpp"

namespace thidua::audit {

namespace {

std::vector<double> percent(const Eigen::VectorXd& w) {
  std::vector<double> out(static_cast<std::size_t>(w.size()));
  for (std::size_t j = 0; j < out.size(); ++j) out[j] = 100.0 * w(static_cast<Eigen::Index>(j));
  return out;
}

}  // namespace

objective_report audit_objective(const scheme& s, const sheet& sh) {
  const ranking ranked = rank(s, sh);
  const detail::decision_matrix d = detail::build_matrix(s, sh, ranked);
  const auto rows = detail::compared_rows(d);
  const Eigen::MatrixXd x = detail::compared_matrix(d, rows);

  objective_report r;
  r.scheme_id = s.id;
  r.scheme_title = s.title;
  r.subjects = rows.size();
  for (const criterion& c : s.criteria) {
    r.criteria.push_back(c.id);
    r.names.push_back(c.name);
  }
  r.scheme = percent(d.w / d.w.sum());
  r.entropy = percent(detail::entropy_weights(x));
  r.critic = percent(detail::critic_weights(x).weights);
  r.std_dev = percent(detail::std_dev_weights(x));
  r.merec = percent(detail::merec_weights((x.array() + 1.0).matrix()).weights);
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    r.constant.push_back(x.rows() == 0 || x.col(j).maxCoeff() - x.col(j).minCoeff() <= 1e-12);

  r.conventions = {
      {"data",
       "Computed on the performance x = points / the criterion's maximum (0..1) of every subject not excluded by a "
       "veto, N/A cells imputed as the scheme renormalises them. Every criterion is a benefit criterion: "
       "lower-is-better inputs are already turned into points, so no cost criterion remains."},
      {"entropy",
       "p_ij = x_ij / sum_i x_ij; e_j = -(1/ln n) sum_i p_ij ln p_ij with 0 ln 0 = 0; d_j = 1 - e_j; w = d / sum d. "
       "A criterion whose column is all 0 has e_j = 1 (no information) and weight 0."},
      {"critic",
       "Diakoulaki et al. (1995): min-max normalisation per criterion, sample standard deviation sigma_j, Pearson "
       "r_jk, C_j = sigma_j sum_k (1 - r_jk), w = C / sum C. A constant criterion has sigma = 0, weight 0, and is "
       "left out of the other criteria's sums. No cost criteria (see data)."},
      {"std_dev", "sigma_j of the min-max normalised criterion / sum sigma (CRITIC without the conflict term)."},
      {"merec",
       "Keshavarz-Ghorabaee et al. (2021) on 1 + x for every criterion: x has zeros (a no, a tier not reached) where "
       "min/x is undefined, so every cell is shifted by one full performance; n_ij = min_k (1 + x_kj) / (1 + x_ij), "
       "S_i = ln(1 + (1/m) sum_j |ln n_ij|), S'_ij without j, E_j = sum_i |S'_ij - S_i|, w = E / sum E."},
      {"degenerate", "When no criterion carries any information for a method, its weights are equal (1/m)."},
      {"scheme", "The scheme's weight is the criterion's nominal weight as a share of the scale (audit weights)."},
  };
  return r;
}

}  // namespace thidua::audit
