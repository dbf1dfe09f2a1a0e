// rank_periods(): the year from period sheets (months, semesters). Each period's sheet is
// scored on its own; the year total and family subtotals are weighted means of the period
// values, year = Σ weight × period ÷ Σ weight, rounded once to 1/10000 with the scheme's rule
// (from the published period values when the scheme says period_rounding = "period").
// Classes, vetoes (a flag in any period counts), quotas and ranks then follow from the year
// values exactly as for a single sheet.
#include <unordered_map>

#include "engine/precomputed.hpp"
#include "engine/scoring.hpp"
#include "thidua/engine.hpp"

namespace thidua {

ranking rank_periods(const scheme& s, std::span<const sheet* const> periods, const rank_options& options) {
  if (s.periods.empty() || periods.size() != s.periods.size())
    throw std::invalid_argument("rank_periods: give one sheet per period of the scheme, in scheme order");
  const std::size_t nf = s.families.size(), np = periods.size();
  const sheet& first = *periods[0];

  // Every subject must appear in every period, and no period may bring a new one.
  diagnostics problems;
  std::vector<std::vector<std::ptrdiff_t>> row_in(np, std::vector<std::ptrdiff_t>(first.size(), -1));
  for (std::size_t p = 0; p < np; ++p) {
    const sheet& sh = *periods[p];
    for (std::size_t i = 0; i < first.size(); ++i) {
      row_in[p][i] = p == 0 ? static_cast<std::ptrdiff_t>(i) : sh.find(first.id(i));
      if (row_in[p][i] < 0)
        problems.add(make_diagnostic(errc::missing_period, source_position{sh.file, 0, 0}, std::string(first.id(i)),
                                     s.periods[0].id, s.periods[p].id));
    }
    for (std::size_t j = 0; p > 0 && j < sh.size(); ++j)
      if (first.find(sh.id(j)) < 0)
        problems.add(make_diagnostic(errc::missing_period, source_position{sh.file, sh.source_line(j), 1},
                                     std::string(sh.id(j)), s.periods[p].id, s.periods[0].id));
  }
  if (!problems.empty()) throw input_error(std::move(problems));

  // Flags by name: period sheets may list their flag columns in different orders.
  sheet labels = first.labels_only();
  std::vector<std::vector<std::ptrdiff_t>> flag_map(np);
  for (std::size_t p = 0; p < np; ++p)
    for (const auto& name : periods[p]->flag_names()) flag_map[p].push_back(static_cast<std::ptrdiff_t>(labels.flag_index(name)));

  decimal weight_sum;
  for (const auto& pd : s.periods) weight_sum += pd.weight;
  std::vector<std::size_t> key_criteria;
  for (const auto& k : s.order)
    if (k.what == ranking_key::kind::criterion) key_criteria.push_back(k.index);

  std::vector<detail::precomputed_row> rows(first.size());
  detail::subject_score sc;
  for (std::size_t i = 0; i < first.size(); ++i) {
    detail::precomputed_row& y = rows[i];
    y.families.assign(nf, decimal{});
    decimal total, bonus, deduction;
    std::vector<decimal> fam(nf), keys(key_criteria.size());
    for (std::size_t p = 0; p < np; ++p) {
      const sheet& sh = *periods[p];
      const auto j = static_cast<std::size_t>(row_in[p][i]);
      detail::score_subject(s, sh.values(j), sh.bonus(j), sh.deduction(j), sc);
      const decimal w = s.periods[p].weight;
      auto weighted = [&](decimal v) { return mul_div(v, w, decimal::from_int(1), s.round); };
      y.period_totals.push_back(s.round_periods ? sc.total : sc.total_unrounded);
      total += weighted(y.period_totals.back());
      for (std::size_t f = 0; f < nf; ++f) {
        const decimal sub = sc.families[f].subtotal;
        fam[f] += weighted(s.round_periods ? sub.rounded(s.precision, s.round) : sub);
      }
      for (std::size_t k = 0; k < key_criteria.size(); ++k)
        keys[k] += weighted(score_criterion(s, s.criteria[key_criteria[k]], sh.values(j)[key_criteria[k]]).points);
      bonus += weighted(sc.bonus_counted);
      deduction += weighted(sc.deduction_counted);
      y.missing += sc.missing;
      for (std::size_t k = 0; k < sh.flag_names().size(); ++k)
        if (sh.flag(j, k)) y.flags |= std::uint64_t{1} << flag_map[p][k];
    }
    y.total_unrounded = mul_div(total, decimal::from_int(1), weight_sum, s.round);
    for (std::size_t f = 0; f < nf; ++f) y.families[f] = mul_div(fam[f], decimal::from_int(1), weight_sum, s.round);
    for (const decimal k : keys) y.key_points.push_back(mul_div(k, decimal::from_int(1), weight_sum, s.round));
    y.bonus_counted = mul_div(bonus, decimal::from_int(1), weight_sum, s.round);
    y.deduction_counted = mul_div(deduction, decimal::from_int(1), weight_sum, s.round);
  }
  return detail::rank_precomputed(s, std::move(labels), rows, options);
}

}  // namespace thidua
