// audit_influence: nominal share vs effective influence of each family and criterion
// (thidua/audit/influence.hpp, docs/audit.md "Influence").
#include <algorithm>
#include <cmath>

#include "audit/matrix.hpp"
#include "audit/report_common.hpp"
#include "thidua/audit/influence.hpp"
#include "thidua/engine.hpp"

namespace thidua::audit {

namespace {

using detail::decision_matrix;
using Index = Eigen::Index;

Index idx(std::size_t i) { return static_cast<Index>(i); }

// What leaving a family or a criterion out does to classes and block ranks.
struct removal_effect {
  std::size_t classes = 0, ranks = 0;
  double tau = 1, tau_blocks = 1;
};

class influence_study {
 public:
  influence_study(const scheme& s, decision_matrix& d)
      : s_(s), d_(d), rows_(detail::compared_rows(d)), blocks_(detail::compared_blocks(d)),
        base_(detail::evaluate(d, d.w)), base_rank_(detail::rank_score(base_.rank)) {}

  const std::vector<std::size_t>& rows() const { return rows_; }
  const std::vector<std::vector<std::size_t>>& blocks() const { return blocks_; }

  // Weights without family f: its criteria at 0, the other families rescaled to the scale.
  Eigen::VectorXd without_family(std::size_t f) const {
    Eigen::VectorXd w = d_.w;
    const double removed = family_weight(f), total = d_.w.sum();
    for (std::size_t c = 0; c < d_.criteria(); ++c)
      w(idx(c)) = d_.family_of[c] == f ? 0.0 : d_.w(idx(c)) * total / (total - removed);
    return w;
  }

  // Weights without criterion c: the other criteria of its family rescaled to the family's
  // share (as the scheme renormalises an N/A criterion). A family's only criterion: the family.
  Eigen::VectorXd without_criterion(std::size_t c) const {
    const std::size_t f = d_.family_of[c];
    if (s_.families[f].criteria.size() == 1) return without_family(f);
    Eigen::VectorXd w = d_.w;
    const double share = family_weight(f), removed = d_.w(idx(c));
    for (std::size_t k : s_.families[f].criteria) w(idx(k)) = k == c ? 0.0 : d_.w(idx(k)) * share / (share - removed);
    return w;
  }

  double family_weight(std::size_t f) const {
    double sum = 0;
    for (std::size_t c : s_.families[f].criteria) sum += d_.w(idx(c));
    return sum;
  }

  // Classes and ranks under `w`; when `dropped_family` is set, its per-family minimums are
  // left out (that family no longer exists).
  removal_effect effect(const Eigen::VectorXd& w, std::ptrdiff_t dropped_family) {
    const scheme* saved = d_.s;
    scheme altered;
    if (dropped_family >= 0) {
      altered = s_;
      for (auto& k : altered.classes)
        std::erase_if(k.min_family, [&](const family_minimum& m) {
          return m.family_index == static_cast<std::size_t>(dropped_family);
        });
      d_.s = &altered;
    }
    const detail::outcome o = detail::evaluate(d_, w);
    d_.s = saved;
    removal_effect e;
    for (std::size_t i : rows_) {
      e.classes += o.cls[i] != base_.cls[i] ? 1 : 0;
      e.ranks += o.rank[i] != base_.rank[i] ? 1 : 0;
    }
    e.tau = rows_.size() < 2 ? 1.0 : detail::kendall_tau_b(base_.total, o.total, rows_);
    const Eigen::VectorXd rank = detail::rank_score(o.rank);
    std::vector<double> taus;
    std::vector<std::size_t> sizes;
    for (const auto& b : blocks_) {
      taus.push_back(b.size() < 2 ? 1.0 : detail::kendall_tau_b(base_rank_, rank, b));
      sizes.push_back(b.size());
    }
    e.tau_blocks = detail::size_weighted_mean(taus, sizes);
    return e;
  }

 private:
  const scheme& s_;
  decision_matrix& d_;
  std::vector<std::size_t> rows_;
  std::vector<std::vector<std::size_t>> blocks_;
  detail::outcome base_;
  Eigen::VectorXd base_rank_;
};

bool is_constant(const Eigen::VectorXd& v, const std::vector<std::size_t>& rows) {
  if (rows.empty()) return true;
  double lo = v(idx(rows[0])), hi = lo;
  for (std::size_t i : rows) {
    lo = std::min(lo, v(idx(i)));
    hi = std::max(hi, v(idx(i)));
  }
  return hi - lo <= 1e-12;
}

void fill_spread(influence_line& line, const Eigen::VectorXd& performance, const std::vector<std::size_t>& rows) {
  line.mean = detail::mean_over(performance, rows);
  line.std_dev = std::sqrt(std::max(0.0, detail::covariance_over(performance, performance, rows)));
  line.constant = is_constant(performance, rows);
}

void apply(influence_line& line, const removal_effect& e) {
  line.classes_changed = e.classes;
  line.ranks_changed = e.ranks;
  line.tau = e.tau;
  line.tau_blocks = e.tau_blocks;
}

}  // namespace

influence_report audit_influence(const scheme& s, const sheet& sh) {
  const ranking ranked = rank(s, sh);
  decision_matrix d = detail::build_matrix(s, sh, ranked);
  influence_study study(s, d);
  const auto& rows = study.rows();

  influence_report r;
  r.scheme_id = s.id;
  r.scheme_title = s.title;
  r.scale = s.scale.to_double();
  r.subjects = rows.size();
  r.excluded = d.subjects() - rows.size();
  for (const auto& b : study.blocks()) r.blocks += b.empty() ? 0 : 1;

  // The linear total (before the floor at 0) decomposes exactly into parts.
  const Eigen::VectorXd total = d.x * d.w + d.extra;
  const double variance = detail::covariance_over(total, total, rows);
  r.total_mean = detail::mean_over(total, rows);
  r.total_std_dev = std::sqrt(std::max(0.0, variance));
  const auto variance_share = [&](const Eigen::VectorXd& part) {
    return variance > 0 ? 100.0 * detail::covariance_over(part, total, rows) / variance : 0.0;
  };
  r.extra_share = variance_share(d.extra);

  for (std::size_t c = 0; c < d.criteria(); ++c) {
    const criterion& cr = s.criteria[c];
    influence_line line;
    line.id = cr.id;
    line.name = cr.name;
    line.family = s.families[cr.family_index].id;
    line.nominal_share = 100.0 * d.w(idx(c)) / r.scale;
    line.variance_share = variance_share(d.x.col(idx(c)) * d.w(idx(c)));
    fill_spread(line, d.x.col(idx(c)), rows);
    const bool only = s.families[cr.family_index].criteria.size() == 1;
    line.removable = !only || s.families.size() > 1;
    if (line.removable)
      apply(line, study.effect(study.without_criterion(c), only ? static_cast<std::ptrdiff_t>(cr.family_index) : -1));
    r.criteria.push_back(std::move(line));
  }

  for (std::size_t f = 0; f < s.families.size(); ++f) {
    influence_line line;
    line.id = s.families[f].id;
    line.name = s.families[f].name;
    const double weight = study.family_weight(f);
    line.nominal_share = 100.0 * weight / r.scale;
    Eigen::VectorXd part = Eigen::VectorXd::Zero(d.x.rows());
    for (std::size_t c : s.families[f].criteria) part += d.x.col(idx(c)) * d.w(idx(c));
    line.variance_share = variance_share(part);
    fill_spread(line, part / weight, rows);
    line.removable = s.families.size() > 1;
    if (line.removable) apply(line, study.effect(study.without_family(f), static_cast<std::ptrdiff_t>(f)));
    r.families.push_back(std::move(line));
  }
  return r;
}

}  // namespace thidua::audit
