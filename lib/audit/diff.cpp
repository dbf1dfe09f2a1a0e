// audit_diff: two schemes on the same subjects, ranked by the engine (thidua/audit/influence.hpp,
// docs/audit.md "Two schemes").
#include <unordered_map>

#include "audit/matrix.hpp"
#include "audit/report_common.hpp"
#include "thidua/audit/influence.hpp"
#include "thidua/engine.hpp"

namespace thidua::audit {

namespace {

std::string class_id(const ranking& r, std::size_t i) {
  const std::ptrdiff_t k = r.class_index(i);
  return k < 0 ? std::string() : r.scheme().classes[static_cast<std::size_t>(k)].id;
}

}  // namespace

diff_report audit_diff(const scheme& a, const sheet& sa, const scheme& b, const sheet& sb) {
  const ranking ra = rank(a, sa), rb = rank(b, sb);
  diff_report r;
  r.scheme_a = a.id;
  r.scheme_b = b.id;

  // Pairs in A's display order; compared pairs are ranked under both, in the same block.
  struct pair {
    std::size_t a = 0, b = 0;
    bool compared = false;
  };
  std::vector<pair> pairs;
  std::vector<bool> seen_b(rb.size(), false);
  for (std::size_t i : ra.display_order()) {
    const std::ptrdiff_t j = rb.find(ra.id(i));
    if (j < 0) {
      r.only_a.emplace_back(ra.id(i));
      continue;
    }
    const auto jb = static_cast<std::size_t>(j);
    seen_b[jb] = true;
    pairs.push_back({i, jb, ra.status(i) == standing::ranked && rb.status(jb) == standing::ranked &&
                                ra.group(i) == rb.group(jb)});
  }
  for (std::size_t j : rb.display_order())
    if (!seen_b[j]) r.only_b.emplace_back(rb.id(j));
  r.subjects = pairs.size();

  const auto n = static_cast<Eigen::Index>(pairs.size());
  Eigen::VectorXd total_a(n), total_b(n), rank_a(n), rank_b(n);
  std::vector<std::size_t> compared;
  std::unordered_map<std::string, std::size_t> block_of;
  std::vector<std::vector<std::size_t>> members;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const pair& p = pairs[k];
    const auto e = static_cast<Eigen::Index>(k);
    total_a(e) = ra.total(p.a).to_double();
    total_b(e) = rb.total(p.b).to_double();
    rank_a(e) = -static_cast<double>(ra.rank(p.a));
    rank_b(e) = -static_cast<double>(rb.rank(p.b));
    const std::string group(ra.group(p.a));
    const auto [it, fresh] = block_of.try_emplace(group, r.blocks.size());
    if (fresh) {
      r.blocks.push_back({.name = group});
      members.emplace_back();
    }
    diff_subject s{.id = std::string(ra.id(p.a)),
                   .name = std::string(ra.name(p.a)),
                   .group_a = group,
                   .group_b = std::string(rb.group(p.b)),
                   .class_a = class_id(ra, p.a),
                   .class_b = class_id(rb, p.b),
                   .rank_a = ra.rank(p.a),
                   .rank_b = rb.rank(p.b),
                   .total_a = total_a(e),
                   .total_b = total_b(e)};
    diff_block& block = r.blocks[it->second];
    const bool class_changed = s.class_a != s.class_b, rank_changed = s.rank_a != s.rank_b;
    r.class_changes += class_changed ? 1 : 0;
    r.rank_changes += rank_changed ? 1 : 0;
    block.class_changes += class_changed ? 1 : 0;
    block.rank_changes += rank_changed ? 1 : 0;
    if (p.compared) {
      compared.push_back(k);
      members[it->second].push_back(k);
    }
    if (class_changed || rank_changed || s.group_a != s.group_b || ra.status(p.a) != rb.status(p.b))
      r.changed.push_back(std::move(s));
  }
  r.compared = compared.size();
  if (!compared.empty()) {
    r.tau = detail::kendall_tau_b(total_a, total_b, compared);
    r.rho = detail::spearman_rho(total_a, total_b, compared);
    r.weighted_rho = detail::weighted_spearman(total_a, total_b, compared);
  }
  std::vector<double> taus;
  std::vector<std::size_t> sizes;
  for (std::size_t k = 0; k < r.blocks.size(); ++k) {
    diff_block& block = r.blocks[k];
    block.subjects = members[k].size();
    if (block.subjects >= 2) {
      block.tau = detail::kendall_tau_b(rank_a, rank_b, members[k]);
      block.rho = detail::spearman_rho(rank_a, rank_b, members[k]);
      block.weighted_rho = detail::weighted_spearman(rank_a, rank_b, members[k]);
    }
    taus.push_back(block.tau);
    sizes.push_back(block.subjects);
  }
  r.tau_blocks = detail::size_weighted_mean(taus, sizes);
  return r;
}

}  // namespace thidua::audit
