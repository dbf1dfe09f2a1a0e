// The ranking keys as one comparison (ordering.hpp).
#include "engine/ordering.hpp"

#include "core/collate.hpp"

namespace thidua::detail {

key_order compare_by_keys(const ordering_view& v, std::size_t a, std::size_t b, bool merit_only) {
  const scheme& s = *v.s;
  std::size_t ck = 0;  // criterion keys seen so far: the slot in key_points
  for (std::size_t k = 0; k < s.order.size(); ++k) {
    const ranking_key& key = s.order[k];
    switch (key.what) {
      case ranking_key::kind::class_:
        if (v.classes[a] != v.classes[b]) return {v.classes[a] < v.classes[b] ? -1 : 1, k};
        break;
      case ranking_key::kind::total:
        if (v.totals[a] != v.totals[b]) return {v.totals[a] > v.totals[b] ? -1 : 1, k};
        break;
      case ranking_key::kind::family: {
        const decimal fa = v.families[a * v.family_count + key.index];
        const decimal fb = v.families[b * v.family_count + key.index];
        if (fa != fb) return {fa > fb ? -1 : 1, k};
        break;
      }
      case ranking_key::kind::criterion: {
        const decimal pa = v.key_points[a * v.key_count + ck], pb = v.key_points[b * v.key_count + ck];
        ++ck;
        if (pa != pb) return {pa > pb ? -1 : 1, k};
        break;
      }
      case ranking_key::kind::id: {
        if (merit_only) break;
        const int c = v.labels->id(a).compare(v.labels->id(b));
        if (c != 0) return {c, k};
        break;
      }
      case ranking_key::kind::name: {
        if (merit_only) break;
        const int c = v.name_keys != nullptr
                          ? (*v.name_keys)[a].compare((*v.name_keys)[b])
                          : collation_key(v.labels->name(a)).compare(collation_key(v.labels->name(b)));
        if (c != 0) return {c, k};
        break;
      }
    }
  }
  return {};
}

std::size_t criterion_key_slot(const scheme& s, std::size_t key) noexcept {
  std::size_t slot = 0;
  for (std::size_t k = 0; k < key && k < s.order.size(); ++k)
    if (s.order[k].what == ranking_key::kind::criterion) ++slot;
  return slot;
}

ordering_view ranking_access::view(const ranking& r) {
  ordering_view v;
  v.s = r.scheme_.get();
  v.classes = r.class_;
  v.totals = r.total_;
  v.families = r.families_;
  v.family_count = r.family_count_;
  v.key_points = r.key_points_;
  v.key_count = r.key_count_;
  v.labels = r.labels_.get();
  return v;
}

std::span<const sheet::value_type> ranking_access::values(const ranking& r, std::size_t row) {
  const std::size_t n = r.scheme_->criteria.size();
  return {r.values_.data() + row * n, n};
}

}  // namespace thidua::detail
