// audit_methods: the weighted sum next to the weighted product, TOPSIS and VIKOR on the same
// performances and weights (thidua/audit/objective.hpp, docs/audit.md "Methods").
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "audit/matrix.hpp"
#include "audit/mcdm.hpp"
#include "audit/report_common.hpp"
#include "thidua/audit/objective.hpp"
#include "thidua/engine.hpp"

namespace thidua::audit {

namespace {

constexpr double product_floor = 1e-6;  // WPM: a zero performance counts as 1e-6
constexpr double vikor_v = 0.5;
constexpr std::size_t movers_shown = 5;

// Scores rounded to 1e-10, so that equal totals reached by different sums tie exactly.
Eigen::VectorXd settle(const Eigen::VectorXd& v) {
  return (v.array() * 1e10).round().matrix() / 1e10;
}

std::vector<double> to_vector(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

}  // namespace

methods_report audit_methods(const scheme& s, const sheet& sh) {
  const ranking ranked = rank(s, sh);
  const detail::decision_matrix d = detail::build_matrix(s, sh, ranked);
  const auto rows = detail::compared_rows(d);
  const Eigen::MatrixXd x = detail::compared_matrix(d, rows);
  const Eigen::VectorXd w = d.w / d.w.sum();

  methods_report r;
  r.scheme_id = s.id;
  r.scheme_title = s.title;
  for (std::size_t c = 0; c < s.criteria.size(); ++c) {
    r.criteria.push_back(s.criteria[c].id);
    r.weights.push_back(100.0 * w(static_cast<Eigen::Index>(c)));
  }
  // Blocks over the compared subjects (local indices), in the matrix's block order.
  std::vector<std::vector<std::size_t>> blocks(d.block_names.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    r.ids.push_back(d.ids[rows[k]]);
    r.names.push_back(d.names[rows[k]]);
    r.groups.push_back(d.block_names[d.block[rows[k]]]);
    blocks[d.block[rows[k]]].push_back(k);
  }
  std::vector<std::size_t> block_index;  // non-empty blocks
  for (std::size_t b = 0; b < blocks.size(); ++b)
    if (!blocks[b].empty()) {
      block_index.push_back(b);
      r.blocks.push_back(d.block_names[b]);
    }

  const detail::vikor_result vik = detail::vikor(x, w, vikor_v);
  r.vikor_s = to_vector(vik.s);
  r.vikor_r = to_vector(vik.r);
  // Larger is better for every score used in ranks and correlations (VIKOR: −Q).
  const std::vector<std::pair<std::string, Eigen::VectorXd>> scores = {
      {"wsm", settle(x * w)},
      {"wpm", settle(detail::weighted_product(x, w, product_floor))},
      {"topsis", settle(detail::topsis(x, w))},
      {"vikor", settle(-vik.q)},
  };
  const Eigen::VectorXd& wsm = scores[0].second;
  const std::vector<std::uint32_t> wsm_rank = detail::block_ranks(wsm, blocks);
  for (const auto& [id, score] : scores) {
    method_result m;
    m.id = id;
    m.score = id == "vikor" ? to_vector(settle(vik.q)) : to_vector(score);
    m.rank = detail::block_ranks(score, blocks);
    m.tau = detail::kendall_tau_b(wsm, score);
    m.rho = detail::spearman_rho(wsm, score);
    m.weighted_rho = detail::weighted_spearman(wsm, score);
    std::vector<double> taus, rhos, wrhos;
    std::vector<std::size_t> sizes;
    for (std::size_t b : block_index) {
      method_block mb{.name = d.block_names[b], .subjects = blocks[b].size()};
      if (blocks[b].size() >= 2) {
        mb.tau = detail::kendall_tau_b(wsm, score, blocks[b]);
        mb.rho = detail::spearman_rho(wsm, score, blocks[b]);
        mb.weighted_rho = detail::weighted_spearman(wsm, score, blocks[b]);
      }
      taus.push_back(mb.tau);
      rhos.push_back(mb.rho);
      wrhos.push_back(mb.weighted_rho);
      sizes.push_back(mb.subjects);
      m.blocks.push_back(std::move(mb));
    }
    m.tau_blocks = detail::size_weighted_mean(taus, sizes);
    m.rho_blocks = detail::size_weighted_mean(rhos, sizes);
    m.weighted_rho_blocks = detail::size_weighted_mean(wrhos, sizes);
    std::vector<rank_move> moves;
    for (std::size_t k = 0; k < rows.size(); ++k)
      if (m.rank[k] != wsm_rank[k]) moves.push_back({k, wsm_rank[k], m.rank[k]});
    m.moved = moves.size();
    std::stable_sort(moves.begin(), moves.end(), [](const rank_move& a, const rank_move& b) {
      const auto shift = [](const rank_move& mv) { return std::abs(static_cast<long>(mv.rank) - static_cast<long>(mv.rank_wsm)); };
      return shift(a) > shift(b);
    });
    if (moves.size() > movers_shown) moves.resize(movers_shown);
    m.movers = std::move(moves);
    r.methods.push_back(std::move(m));
  }

  for (std::size_t b : block_index) {
    const detail::vikor_choice choice = detail::vikor_compromise(vik, blocks[b]);
    r.vikor_blocks.push_back({.name = d.block_names[b],
                              .acceptable_advantage = choice.acceptable_advantage,
                              .acceptable_stability = choice.acceptable_stability,
                              .compromise = choice.compromise});
  }

  r.conventions = {
      {"data",
       "All four methods aggregate the same performances x = points / maximum (0..1) of the subjects not excluded by a "
       "veto, with the scheme's nominal weights scaled to sum 1. Bonus, deduction, classes and vetoes are left out: "
       "the weighted sum is the official total without bonus and deduction, divided by the scale. Every criterion is "
       "a benefit criterion. Each method is computed once over all subjects; ranks are then taken inside each block."},
      {"wsm", "Weighted sum: sum_j w_j x_ij."},
      {"wpm", "Weighted product: prod_j max(x_ij, 1e-6)^w_j; a zero performance counts as 1e-6."},
      {"topsis",
       "Vector normalisation r_ij = x_ij / sqrt(sum_i x_ij^2), v = w r, ideal and anti-ideal per criterion over all "
       "subjects, Euclidean distances, closeness C = D- / (D+ + D-). An all-zero criterion stays 0; C = 0.5 when "
       "nothing varies."},
      {"vikor",
       "v = 0.5; S = sum_j w_j (f*_j - x_ij) / (f*_j - f-_j), R = max_j of the same, Q = v (S - S*) / (S- - S*) + "
       "(1 - v)(R - R*) / (R- - R*); ranked by Q ascending. A constant criterion adds 0; an S or R equal for all "
       "adds 0 to Q. Acceptable advantage (C1: Q(a2) - Q(a1) >= 1/(J - 1), J the block's size) and acceptable "
       "stability (C2: a1 also best by S or R) are reported per block with the compromise set; they do not change "
       "the ranks."},
      {"ties", "Scores are rounded to 1e-10 before ranking; equal scores share a rank (1, 2, 2, 4)."},
      {"correlations",
       "Kendall tau-b, Spearman rho and the weighted Spearman r_W of each method against the weighted sum, over all "
       "subjects and per block (block means weighted by block size)."},
  };
  return r;
}

}  // namespace thidua::audit
