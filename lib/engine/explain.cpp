// explain(): the same computation as rank(), kept line by line for one subject.
#include "engine/scoring.hpp"
#include "thidua/engine.hpp"

namespace thidua {

explanation explain(const scheme& s, const sheet& sh, const ranking& r, std::size_t row) {
  explanation e;
  e.row = row;
  detail::subject_score sc;
  detail::score_subject(s, sh.values(row), sh.bonus(row), sh.deduction(row), sc, &e.criteria);
  std::vector<decimal> published(s.families.size());
  for (std::size_t f = 0; f < s.families.size(); ++f) {
    const auto& fs = sc.families[f];
    published[f] = fs.subtotal.rounded(s.precision, s.round);
    e.families.push_back({f, fs.raw, fs.applicable_max, family_share(s, f), fs.subtotal, published[f]});
  }
  e.total_unrounded = sc.total_unrounded;
  e.total = sc.total;
  e.status = r.status(row);
  for (std::size_t v : r.vetoes(row)) e.vetoes.push_back(v);
  if (e.status == standing::ranked) {
    e.class_by_score = static_cast<std::ptrdiff_t>(detail::class_for(s, sc.total, published, &e.blocked_by_family));
    e.final_class = r.class_index(row);
    e.rank = r.rank(row);
  }
  return e;
}

}  // namespace thidua
