#include "writers/labels.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

namespace thidua::detail {

std::string short_family_name(const family& f) {
  const std::string& n = f.name.empty() ? f.id : f.name;
  const auto cut = n.find_first_of(",(");
  std::string s = n.substr(0, cut);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string class_text(const scheme& s, std::size_t k) {
  const class_def& c = s.classes[k];
  return (c.name.empty() ? c.id : c.name) + " (" + c.id + ")";
}

std::string family_text(const scheme& s, std::size_t f) {
  return short_family_name(s.families[f]) + " (" + s.families[f].id + ")";
}

std::string veto_text(const scheme& s, std::size_t v) {
  const veto& ve = s.vetoes[v];
  return (ve.name.empty() ? ve.id : ve.name) + " (" + ve.id + ")";
}

std::string key_label(const scheme& s, const ranking_key& k) {
  switch (k.what) {
    case ranking_key::kind::class_: return "xếp loại (class)";
    case ranking_key::kind::total: return "tổng điểm (total)";
    case ranking_key::kind::family: return short_family_name(s.families[k.index]) + " (" + to_string(k) + ")";
    case ranking_key::kind::criterion: return s.criteria[k.index].id + " (" + to_string(k) + ")";
    case ranking_key::kind::id: return "mã (id)";
    case ranking_key::kind::name: return "tên (name)";
  }
  return to_string(k);
}

std::string class_label(const ranking& r, std::size_t i) {
  if (r.status(i) == standing::excluded) return std::string(label_excluded);
  const auto& c = r.scheme().classes[static_cast<std::size_t>(r.class_index(i))];
  return c.name.empty() ? c.id : c.name;
}

std::string notes(const ranking& r, std::size_t i) {
  const scheme& s = r.scheme();
  std::string out;
  auto add = [&out](const std::string& t) {
    if (!out.empty()) out += "; ";
    out += t;
  };
  for (std::size_t v : r.vetoes(i)) {
    const veto& ve = s.vetoes[v];
    std::string t = ve.name.empty() ? ve.id : ve.name;
    if (!ve.exclude && ve.cap_class && r.class_by_score(i) >= 0 &&
        static_cast<std::size_t>(r.class_by_score(i)) < ve.cap_class_index)
      t += " → tối đa " + s.classes[ve.cap_class_index].name;
    add(t);
  }
  for (const quota_decision& d : r.quota_decisions(i))
    if (d.demoted)
      add("vượt tỷ lệ " + s.classes[d.quota_class].name + " (vị trí " + std::to_string(d.position) + ", tối đa " +
          std::to_string(d.limit) + ")");
  if (r.bonus_counted(i) != r.bonus_given(i))
    add("điểm thưởng " + r.bonus_given(i).to_short_string() + " tính tối đa " + r.bonus_counted(i).to_short_string());
  if (r.deduction_counted(i) != r.deduction_given(i))
    add("điểm trừ " + r.deduction_given(i).to_short_string() + " tính tối đa " +
        r.deduction_counted(i).to_short_string());
  if (r.missing_count(i) > 0) add(std::to_string(r.missing_count(i)) + " tiêu chí để trống, tính 0 điểm");
  return out;
}

std::string title_ids(const awards& a, subject_kind k, std::size_t i) {
  std::string out;
  for (std::size_t t : a.titles_of(k, i)) out += (out.empty() ? "" : " ") + a.scheme().titles[t].id;
  return out;
}

std::string money(std::int64_t v) {
  const std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += '.';
    out += digits[k];
  }
  return (v < 0 ? "-" : "") + out;
}

std::string vn_decimal(decimal d) {
  std::string t = d.to_short_string();
  std::replace(t.begin(), t.end(), '.', ',');
  return t;
}

}  // namespace thidua::detail
