// "Why this class?" as Vietnamese text, ids beside labels, every number traceable.
#include <ostream>

#include "thidua/writers.hpp"
#include "writers/labels.hpp"

namespace thidua {
namespace {

std::string rule_text(const criterion& c, const criterion_score& cs) {
  using rule = criterion_score::rule;
  switch (cs.applied) {
    case rule::points: return "điểm chấm " + cs.raw.to_short_string();
    case rule::yes: return "có → đủ điểm";
    case rule::no: return "không → 0";
    case rule::not_applicable: return "không áp dụng (N/A), loại khỏi mẫu số";
    case rule::missing: return "để trống, tính 0 điểm";
    case rule::below_tiers:
      return cs.raw.to_short_string() + " chưa đạt mức thấp nhất (" +
             std::string(c.lower_is_better ? "≤ " : "≥ ") + c.tiers.back().threshold.to_short_string() + ") → 0";
    case rule::tier: {
      const tier& t = c.tiers[cs.tier];
      return cs.raw.to_short_string() + (c.lower_is_better ? " ≤ " : " ≥ ") + t.threshold.to_short_string() +
             " (mức " + std::to_string(cs.tier + 1) + ")";
    }
    case rule::linear:
      return cs.raw.to_short_string() + " nội suy tuyến tính giữa " + c.linear->zero.to_short_string() + " (0 điểm) và " +
             c.linear->full.to_short_string() + " (tối đa)";
  }
  return {};
}

}  // namespace

void write_explanation_text(std::ostream& out, const ranking& r, const explanation& e) {
  const scheme& s = r.scheme();
  const int p = s.precision;
  const std::size_t i = e.row;
  out << r.name(i) << " (" << r.id(i) << ") — " << detail::label_block << ": " << r.group(i) << "\n\n";
  for (std::size_t f = 0; f < s.families.size(); ++f) {
    const auto& fl = e.families[f];
    out << s.families[f].name << " (" << s.families[f].id << ")\n";
    for (std::size_t c : s.families[f].criteria) {
      const criterion& cr = s.criteria[c];
      const auto& cs = e.criteria[c];
      out << "  " << cr.id << "  " << cr.name << ": " << rule_text(cr, cs) << " → " << cs.points.to_short_string()
          << "/" << cr.max.to_short_string() << '\n';
    }
    out << "  Cộng: " << fl.raw.to_short_string() << "/" << fl.applicable_max.to_short_string();
    if (fl.applicable_max != fl.share || fl.applicable_max != s.families[f].max)
      out << " → quy về " << fl.share.to_short_string() << ": " << fl.subtotal.to_short_string();
    out << " → " << fl.published.to_string(p) << "\n\n";
  }
  if (s.bonus_max) {
    out << detail::label_bonus << ": " << r.bonus_given(i).to_short_string();
    if (r.bonus_counted(i) != r.bonus_given(i)) out << " (tối đa " << s.bonus_max->to_short_string() << ")";
    out << " → " << r.bonus_counted(i).to_short_string() << '\n';
  }
  if (s.deduction_max) {
    out << detail::label_deduction << ": " << r.deduction_given(i).to_short_string();
    if (r.deduction_counted(i) != r.deduction_given(i)) out << " (tối đa " << s.deduction_max->to_short_string() << ")";
    out << " → " << r.deduction_counted(i).to_short_string() << '\n';
  }
  out << detail::label_total << ": " << e.total_unrounded.to_short_string() << " → làm tròn " << p << " chữ số ("
      << to_string(s.round) << "): " << e.total.to_string(p) << '\n';
  if (const auto st = r.self_total(i))
    out << detail::label_self << ": " << st->to_string(p) << " (" << detail::label_difference << " "
        << (e.total - *st).to_string(p) << ")\n";

  out << '\n' << detail::label_class << ": ";
  if (e.status == standing::excluded) {
    out << detail::label_excluded;
    for (std::size_t v : e.vetoes)
      if (s.vetoes[v].exclude) out << " — " << s.vetoes[v].name << " (" << s.vetoes[v].id << ")";
    out << '\n';
    return;
  }
  const auto& by_score = s.classes[static_cast<std::size_t>(e.class_by_score)];
  out << detail::class_label(r, i) << " (" << s.classes[static_cast<std::size_t>(e.final_class)].id << ")\n";
  out << "  Theo điểm: " << e.total.to_string(p) << " ≥ " << by_score.min.to_short_string() << " → " << by_score.name
      << '\n';
  for (auto [k, f] : e.blocked_by_family) {
    for (const auto& m : s.classes[k].min_family)
      if (m.family_index == f)
        out << "  Chưa đạt " << s.classes[k].name << ": " << detail::short_family_name(s.families[f]) << " "
            << e.families[f].published.to_string(p) << " < " << m.min.to_short_string() << '\n';
  }
  for (std::size_t v : e.vetoes) {
    const veto& ve = s.vetoes[v];
    out << "  " << ve.name << " (" << ve.id << ")";
    if (ve.cap_class) out << " → tối đa " << s.classes[ve.cap_class_index].name;
    out << '\n';
  }
  for (const quota_decision& d : r.quota_decisions(i)) {
    const class_def& c = s.classes[d.quota_class];
    const class_quota& q = *c.quota;
    out << "  Tỷ lệ " << c.name << ": tối đa " << decimal::from_units(q.max.units() * 100).to_short_string() << "% của ";
    if (q.of_class_index >= 0) out << "số " << s.classes[static_cast<std::size_t>(q.of_class_index)].name;
    else out << "số được xếp loại";
    out << (q.per == class_quota::scope::all ? " (toàn bộ)" : " (theo khối)") << " = " << d.base << " × "
        << q.max.to_short_string() << " → " << d.limit << " (làm tròn " << to_string(q.round) << "); vị trí "
        << d.position << "/" << d.candidates << (d.demoted ? " → xuống " + detail::class_label(r, i) : " → giữ")
        << (d.tie_at_cut ? " (bằng điểm tại ngưỡng cắt)" : "") << '\n';
  }
  out << detail::label_rank << ": " << e.rank << " trong khối " << r.group(i) << '\n';
}

}  // namespace thidua
