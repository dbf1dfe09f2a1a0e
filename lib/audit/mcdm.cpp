// Objective weights and aggregation methods on a decision matrix (mcdm.hpp).
#include "audit/mcdm.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace thidua::audit::detail {

namespace {

using Index = Eigen::Index;

Index idx(std::size_t i) { return static_cast<Index>(i); }

bool is_cost(const std::vector<bool>& cost, Index j) {
  return !cost.empty() && cost[static_cast<std::size_t>(j)];
}

// v ÷ Σ v, or equal weights when nothing is left to share.
Eigen::VectorXd share(const Eigen::VectorXd& v) {
  const double sum = v.sum();
  if (!(sum > 0) || !std::isfinite(sum))
    return Eigen::VectorXd::Constant(v.size(), v.size() > 0 ? 1.0 / static_cast<double>(v.size()) : 0.0);
  return v / sum;
}

bool constant_column(const Eigen::MatrixXd& x, Index j) {
  return x.rows() == 0 || x.col(j).maxCoeff() - x.col(j).minCoeff() <= 0.0;
}

// Min–max normalisation, cost criteria reversed; a constant column becomes 0.
Eigen::MatrixXd min_max(const Eigen::MatrixXd& x, const std::vector<bool>& cost) {
  Eigen::MatrixXd r = Eigen::MatrixXd::Zero(x.rows(), x.cols());
  for (Index j = 0; j < x.cols(); ++j) {
    if (constant_column(x, j)) continue;
    const double lo = x.col(j).minCoeff(), hi = x.col(j).maxCoeff();
    for (Index i = 0; i < x.rows(); ++i)
      r(i, j) = is_cost(cost, j) ? (hi - x(i, j)) / (hi - lo) : (x(i, j) - lo) / (hi - lo);
  }
  return r;
}

// Sample standard deviation of each column (n − 1; 0 below two rows).
Eigen::VectorXd column_sd(const Eigen::MatrixXd& r) {
  Eigen::VectorXd sd = Eigen::VectorXd::Zero(r.cols());
  if (r.rows() < 2) return sd;
  for (Index j = 0; j < r.cols(); ++j) {
    const double mean = r.col(j).mean();
    sd(j) = std::sqrt((r.col(j).array() - mean).square().sum() / static_cast<double>(r.rows() - 1));
  }
  return sd;
}

}  // namespace

Eigen::VectorXd entropy_weights(const Eigen::MatrixXd& x) {
  const Index n = x.rows(), m = x.cols();
  Eigen::VectorXd d = Eigen::VectorXd::Zero(m);
  if (n < 2) return share(d);
  const double ln_n = std::log(static_cast<double>(n));
  for (Index j = 0; j < m; ++j) {
    const double sum = x.col(j).sum();
    if (!(sum > 0)) continue;  // all zero: e = 1, d = 0
    double h = 0;
    for (Index i = 0; i < n; ++i) {
      const double p = x(i, j) / sum;
      if (p > 0) h -= p * std::log(p);
    }
    d(j) = std::max(0.0, 1.0 - h / ln_n);
  }
  return share(d);
}

critic_result critic_weights(const Eigen::MatrixXd& x, const std::vector<bool>& cost) {
  critic_result c;
  const Index m = x.cols();
  c.normalised = min_max(x, cost);
  c.sigma = column_sd(c.normalised);
  c.correlation = Eigen::MatrixXd::Zero(m, m);
  std::vector<bool> informative(static_cast<std::size_t>(m));
  for (Index j = 0; j < m; ++j) informative[static_cast<std::size_t>(j)] = c.sigma(j) > 0;
  for (Index j = 0; j < m; ++j) {
    for (Index k = 0; k < m; ++k) {
      if (!informative[static_cast<std::size_t>(j)] || !informative[static_cast<std::size_t>(k)]) continue;
      const auto a = c.normalised.col(j).array() - c.normalised.col(j).mean();
      const auto b = c.normalised.col(k).array() - c.normalised.col(k).mean();
      c.correlation(j, k) = (a * b).sum() / std::sqrt(a.square().sum() * b.square().sum());
    }
  }
  c.information = Eigen::VectorXd::Zero(m);
  for (Index j = 0; j < m; ++j) {
    double conflict = 0;
    for (Index k = 0; k < m; ++k)
      if (informative[static_cast<std::size_t>(k)]) conflict += 1.0 - c.correlation(j, k);
    c.information(j) = c.sigma(j) * conflict;
  }
  c.weights = share(c.information);
  return c;
}

Eigen::VectorXd std_dev_weights(const Eigen::MatrixXd& x, const std::vector<bool>& cost) {
  return share(column_sd(min_max(x, cost)));
}

merec_result merec_weights(const Eigen::MatrixXd& x, const std::vector<bool>& cost) {
  merec_result r;
  const Index n = x.rows(), m = x.cols();
  r.normalised = Eigen::MatrixXd::Ones(n, m);
  for (Index j = 0; j < m; ++j) {
    if (n == 0) break;
    const double lo = x.col(j).minCoeff(), hi = x.col(j).maxCoeff();
    for (Index i = 0; i < n; ++i) r.normalised(i, j) = is_cost(cost, j) ? x(i, j) / hi : lo / x(i, j);
  }
  const Eigen::MatrixXd abs_log = r.normalised.array().log().abs().matrix();
  const double mm = static_cast<double>(m);
  r.s = Eigen::VectorXd::Zero(n);
  r.s_removed = Eigen::MatrixXd::Zero(n, m);
  for (Index i = 0; i < n; ++i) {
    const double row = abs_log.row(i).sum();
    r.s(i) = std::log(1.0 + row / mm);
    for (Index j = 0; j < m; ++j) r.s_removed(i, j) = std::log(1.0 + (row - abs_log(i, j)) / mm);
  }
  r.effect = Eigen::VectorXd::Zero(m);
  for (Index j = 0; j < m; ++j) r.effect(j) = (r.s_removed.col(j) - r.s).cwiseAbs().sum();
  r.weights = share(r.effect);
  return r;
}

Eigen::VectorXd topsis(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, const std::vector<bool>& cost) {
  const Index n = x.rows(), m = x.cols();
  Eigen::MatrixXd v = Eigen::MatrixXd::Zero(n, m);
  for (Index j = 0; j < m; ++j) {
    const double norm = x.col(j).norm();
    if (norm > 0) v.col(j) = x.col(j) / norm * w(j);
  }
  Eigen::VectorXd c = Eigen::VectorXd::Constant(n, 0.5);
  if (n == 0) return c;
  Eigen::VectorXd ideal(m), anti(m);
  for (Index j = 0; j < m; ++j) {
    const double hi = v.col(j).maxCoeff(), lo = v.col(j).minCoeff();
    ideal(j) = is_cost(cost, j) ? lo : hi;
    anti(j) = is_cost(cost, j) ? hi : lo;
  }
  for (Index i = 0; i < n; ++i) {
    const double plus = (v.row(i).transpose() - ideal).norm(), minus = (v.row(i).transpose() - anti).norm();
    if (plus + minus > 0) c(i) = minus / (plus + minus);
  }
  return c;
}

vikor_result vikor(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, double v, const std::vector<bool>& cost) {
  const Index n = x.rows(), m = x.cols();
  vikor_result r;
  r.s = Eigen::VectorXd::Zero(n);
  r.r = Eigen::VectorXd::Zero(n);
  r.q = Eigen::VectorXd::Zero(n);
  if (n == 0) return r;
  for (Index j = 0; j < m; ++j) {
    if (constant_column(x, j)) continue;
    const double best = is_cost(cost, j) ? x.col(j).minCoeff() : x.col(j).maxCoeff();
    const double worst = is_cost(cost, j) ? x.col(j).maxCoeff() : x.col(j).minCoeff();
    for (Index i = 0; i < n; ++i) {
      const double term = w(j) * (best - x(i, j)) / (best - worst);
      r.s(i) += term;
      r.r(i) = std::max(r.r(i), term);
    }
  }
  const double s_best = r.s.minCoeff(), s_worst = r.s.maxCoeff();
  const double r_best = r.r.minCoeff(), r_worst = r.r.maxCoeff();
  for (Index i = 0; i < n; ++i) {
    const double a = s_worst > s_best ? (r.s(i) - s_best) / (s_worst - s_best) : 0.0;
    const double b = r_worst > r_best ? (r.r(i) - r_best) / (r_worst - r_best) : 0.0;
    r.q(i) = v * a + (1.0 - v) * b;
  }
  return r;
}

vikor_choice vikor_compromise(const vikor_result& v, const std::vector<std::size_t>& subset) {
  std::vector<std::size_t> rows = subset;
  if (rows.empty()) {
    rows.resize(static_cast<std::size_t>(v.q.size()));
    std::iota(rows.begin(), rows.end(), 0);
  }
  vikor_choice c;
  if (rows.empty()) return c;
  std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
    if (v.q(idx(a)) != v.q(idx(b))) return v.q(idx(a)) < v.q(idx(b));
    if (v.s(idx(a)) != v.s(idx(b))) return v.s(idx(a)) < v.s(idx(b));
    return a < b;
  });
  const std::size_t a1 = rows[0];
  if (rows.size() < 2) {
    c.compromise = {a1};
    return c;
  }
  const double dq = 1.0 / static_cast<double>(rows.size() - 1);
  c.acceptable_advantage = v.q(idx(rows[1])) - v.q(idx(a1)) >= dq;
  double s_min = v.s(idx(a1)), r_min = v.r(idx(a1));
  for (std::size_t i : rows) {
    s_min = std::min(s_min, v.s(idx(i)));
    r_min = std::min(r_min, v.r(idx(i)));
  }
  c.acceptable_stability = v.s(idx(a1)) <= s_min || v.r(idx(a1)) <= r_min;
  if (!c.acceptable_advantage) {
    for (std::size_t i : rows)
      if (v.q(idx(i)) - v.q(idx(a1)) < dq) c.compromise.push_back(i);
  } else if (!c.acceptable_stability) {
    c.compromise = {a1, rows[1]};
  } else {
    c.compromise = {a1};
  }
  return c;
}

Eigen::VectorXd weighted_product(const Eigen::MatrixXd& x, const Eigen::VectorXd& w, double floor) {
  Eigen::VectorXd p = Eigen::VectorXd::Zero(x.rows());
  for (Index i = 0; i < x.rows(); ++i) {
    double log_sum = 0;
    for (Index j = 0; j < x.cols(); ++j) log_sum += w(j) * std::log(std::max(x(i, j), floor));
    p(i) = std::exp(log_sum);
  }
  return p;
}

}  // namespace thidua::audit::detail
