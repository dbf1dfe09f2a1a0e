// "Why this class, this rank, and what would it take?" as Vietnamese text, ids beside labels,
// every number traceable: each criterion shows what it puts into the total, those add up to
// the family lines, and the family lines with bonus and deduction to the total.
#include <ostream>

#include "thidua/writers.hpp"
#include "writers/labels.hpp"

namespace thidua {
namespace {

using rule = criterion_score::rule;

std::string rule_text(const criterion& c, const criterion_score& cs) {
  switch (cs.applied) {
    case rule::points: return "điểm chấm " + cs.raw.to_short_string();
    case rule::yes: return "có → đủ điểm";
    case rule::no: return "không → 0";
    case rule::failures:
      return cs.raw.to_short_string() + " lần không đạt × " +
             decimal::from_units(c.per_failure->units() * 100).to_short_string() + "% điểm tối đa";
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

// The value of ranking key `k` for `row`, as the neighbour line shows it.
std::string key_value(const ranking& r, const ranking_key& k, std::size_t row, decimal value, std::ptrdiff_t cls) {
  const scheme& s = r.scheme();
  switch (k.what) {
    case ranking_key::kind::class_: return detail::class_text(s, static_cast<std::size_t>(cls));
    case ranking_key::kind::total:
    case ranking_key::kind::family: return value.to_string(s.precision);
    case ranking_key::kind::criterion: return value.to_short_string();
    case ranking_key::kind::id: return std::string(r.id(row));
    case ranking_key::kind::name: return std::string(r.name(row));
  }
  return {};
}

void write_neighbour(std::ostream& out, const ranking& r, const explanation& e, const explanation::neighbour& nb,
                     bool above) {
  const scheme& s = r.scheme();
  out << "  " << (above ? "Ngay trên" : "Ngay dưới") << ": " << r.id(nb.row) << " " << r.name(nb.row) << ", hạng "
      << nb.rank << " — ";
  if (nb.tied) {
    out << "bằng nhau ở mọi khóa xếp hạng: cùng hạng " << nb.rank << '\n';
    return;
  }
  const ranking_key& k = s.order[nb.key];
  const std::string mine = std::string(r.id(e.row)) + " " + key_value(r, k, e.row, nb.value, nb.class_value);
  const std::string theirs =
      std::string(r.id(nb.row)) + " " + key_value(r, k, nb.row, nb.neighbour_value, nb.neighbour_class);
  out << "khác đầu tiên ở " << detail::key_label(s, k) << ": " << (above ? theirs : mine) << " xếp trước "
      << (above ? mine : theirs) << '\n';
}

// The raw change of a criterion that closes the gap: "5.25 → 5.75", "96.3 → ≥ 100 (mức 1)".
std::string change_text(const criterion& c, const explanation::criterion_gain& g) {
  const std::string from = g.has_from ? g.from.to_short_string() : std::string("để trống");
  switch (c.input) {
    case input_kind::points: return from + " → " + g.to.to_short_string();
    case input_kind::yes_no: return (g.has_from ? std::string("không") : from) + " → có";
    case input_kind::failures: return from + " → " + g.to.to_short_string() + " lần không đạt";
    case input_kind::percent:
    case input_kind::count: break;
  }
  if (!c.tiers.empty()) return from + " → " + (c.lower_is_better ? "≤ " : "≥ ") + g.to.to_short_string();
  const bool higher = c.linear && c.linear->full > c.linear->zero;
  return from + " → " + (higher ? "≥ " : "≤ ") + g.to.to_short_string();
}

void write_next(std::ostream& out, const ranking& r, const explanation& e) {
  const scheme& s = r.scheme();
  const int p = s.precision;
  const auto& n = e.next;
  out << '\n';
  switch (n.blocked) {
    case explanation::obstacle::best_class:
      out << "Đã ở xếp loại cao nhất, " << detail::class_text(s, 0) << ": không cần thêm điểm.\n";
      return;
    case explanation::obstacle::excluded: {
      out << "Không đủ điều kiện xếp loại vì";
      bool first = true;
      for (std::size_t v : e.vetoes)
        if (s.vetoes[v].exclude) {
          out << (first ? " " : "; ") << detail::veto_text(s, v);
          first = false;
        }
      out << ": điểm cao hơn không thay đổi được điều này.\n";
      return;
    }
    default:
      break;
  }
  const auto target = static_cast<std::size_t>(n.target);
  const class_def& tc = s.classes[target];
  if (n.blocked == explanation::obstacle::veto) {
    const veto& ve = s.vetoes[n.veto];
    out << "Điểm cao hơn không giúp lên " << detail::class_text(s, target) << ": " << detail::veto_text(s, n.veto)
        << " giới hạn xếp loại tối đa " << detail::class_text(s, ve.cap_class_index) << ".\n";
    return;
  }
  if (n.blocked == explanation::obstacle::quota) {
    const quota_decision& d = *n.quota;
    out << "Theo điểm đã đạt " << detail::class_text(s, target) << " nhưng vượt tỷ lệ: vị trí " << d.position << "/"
        << d.candidates << " ứng viên, tối đa " << d.limit << " (giữ " << d.kept << ")"
        << (d.tie_at_cut ? ", bằng điểm tại ngưỡng cắt" : "")
        << ". Tổng điểm cao hơn có thể đưa lên trước trong thứ tự ứng viên.\n";
  } else {
    out << "Để đạt " << detail::class_text(s, target);
    if (n.gain > decimal{})
      out << " cần thêm " << n.gain.to_string(p) << " điểm (" << tc.min.to_short_string() << " − "
          << e.total.to_string(p) << ")";
    else
      out << ": tổng điểm đã đủ (" << e.total.to_string(p) << " ≥ " << tc.min.to_short_string() << ")";
    for (const auto& gap : n.family_gaps)
      out << "; " << detail::family_text(s, gap.family) << " cần thêm " << (gap.needs - gap.has).to_string(p) << " ("
          << gap.has.to_string(p) << " → " << gap.needs.to_short_string() << ")";
    out << ":\n";
    if (n.quota_applies)
      out << "  Lưu ý: " << detail::class_text(s, target) << " có giới hạn tỷ lệ: đạt điểm chưa chắc được giữ loại.\n";
  }
  if (!e.complete) return;
  bool header_closers = false, header_others = false;
  for (const auto& g : n.criteria) {
    const criterion& c = s.criteria[g.criterion];
    if (g.closes) {
      if (!header_closers) out << "  Chỉ cần một tiêu chí (thay đổi ít nhất trước):\n";
      header_closers = true;
      out << "    " << c.id << " +" << (g.new_points - g.points).to_short_string() << " điểm: " << change_text(c, g);
      if (c.input != input_kind::points)
        out << " ("
            << (c.tiers.empty() || c.input == input_kind::yes_no ? std::string()
                                                                   : "mức " + std::to_string(g.to_tier + 1) + ": ")
            << g.points.to_short_string() << " → " << g.new_points.to_short_string() << "/" << c.max.to_short_string()
            << " điểm)";
      else
        out << "/" << c.max.to_short_string();
      out << " → tổng +" << g.total_gain.to_short_string() << " = " << g.new_total.to_string(p) << '\n';
    } else {
      if (!header_others)
        out << (n.blocked == explanation::obstacle::quota ? "  Các tiêu chí còn có thể thêm (nhiều nhất trước):\n"
                : header_closers ? "  Các tiêu chí khác còn có thể thêm nhưng một mình không đủ (nhiều nhất trước):\n"
                                 : "  Không tiêu chí nào một mình là đủ; các tiêu chí còn có thể thêm (nhiều nhất trước):\n");
      header_others = true;
      out << "    " << c.id << " còn " << (g.best - g.points).to_short_string() << " điểm (" << g.points.to_short_string()
          << " → " << g.best.to_short_string() << "/" << c.max.to_short_string() << ") → tổng tối đa +"
          << g.max_gain.to_short_string() << '\n';
    }
  }
  if (n.criteria.empty()) out << "  Không tiêu chí nào còn có thể thêm điểm.\n";
}

}  // namespace

void write_explanation_text(std::ostream& out, const ranking& r, const explanation& e) {
  const scheme& s = r.scheme();
  const int p = s.precision;
  const std::size_t i = e.row;
  out << r.name(i) << " (" << r.id(i) << ") — " << detail::label_block << ": " << r.group(i) << "\n\n";
  if (e.complete) {
    for (std::size_t f = 0; f < s.families.size(); ++f) {
      const auto& fl = e.families[f];
      out << s.families[f].name << " (" << s.families[f].id << ")\n";
      for (std::size_t c : s.families[f].criteria) {
        const criterion& cr = s.criteria[c];
        const auto& cs = e.criteria[c];
        out << "  " << cr.id << "  " << cr.name << ": " << rule_text(cr, cs) << " → " << cs.points.to_short_string()
            << "/" << cr.max.to_short_string();
        if (cs.applied == rule::not_applicable) out << " (không tính)\n";
        else out << " (vào tổng: " << e.contributions[c].to_short_string() << ")\n";
      }
      out << "  Cộng: " << fl.raw.to_short_string() << "/" << fl.applicable_max.to_short_string();
      if (fl.applicable_max != fl.share || fl.applicable_max != s.families[f].max)
        out << " → quy về " << fl.share.to_short_string() << ": " << fl.subtotal.to_short_string();
      out << " → " << fl.published.to_string(p) << " (vào tổng: " << fl.subtotal.to_short_string() << ")\n\n";
    }
    if (e.families_scaled != e.families_sum)
      out << "Các nhóm: " << e.families_sum.to_short_string() << " → quy về thang " << s.scale.to_short_string()
          << " (có nhóm không áp dụng toàn bộ): " << e.families_scaled.to_short_string() << '\n';
  }
  if (s.bonus_max) {
    out << detail::label_bonus << " (bonus): " << e.bonus_given.to_short_string();
    if (e.bonus_counted != e.bonus_given) out << " (tối đa " << s.bonus_max->to_short_string() << ")";
    out << " → " << e.bonus_counted.to_short_string() << '\n';
  }
  if (s.deduction_max) {
    out << detail::label_deduction << " (deduction): " << e.deduction_given.to_short_string();
    if (e.deduction_counted != e.deduction_given) out << " (tối đa " << s.deduction_max->to_short_string() << ")";
    out << " → " << e.deduction_counted.to_short_string() << '\n';
  }
  if (const auto periods = r.period_totals(i); !periods.empty()) {
    // The year from its periods: Σ weight × period total ÷ Σ weight.
    decimal weights;
    std::string terms;
    for (std::size_t k = 0; k < periods.size(); ++k) {
      const period_def& pd = s.periods[k];
      out << "Kỳ " << (pd.name.empty() ? pd.id : pd.name) << " (" << pd.id << "): " << periods[k].to_short_string()
          << " × " << pd.weight.to_short_string() << '\n';
      terms += (k ? " + " : "") + periods[k].to_short_string() + " × " + pd.weight.to_short_string();
      weights += pd.weight;
    }
    out << "Cả năm: (" << terms << ") ÷ " << weights.to_short_string() << " = " << e.total_unrounded.to_short_string()
        << '\n';
  }
  out << detail::label_total << ": ";
  if (e.complete) {
    // The sum the total comes from: family subtotals (or their rescaled sum), bonus, deduction.
    decimal sum = e.families_scaled;
    if (e.families_scaled != e.families_sum) {
      out << e.families_scaled.to_short_string();
    } else {
      for (std::size_t f = 0; f < e.families.size(); ++f)
        out << (f ? " + " : "") << e.families[f].subtotal.to_short_string();
    }
    if (s.bonus_max) out << " + " << e.bonus_counted.to_short_string();
    if (s.deduction_max) out << " − " << e.deduction_counted.to_short_string();
    sum += e.bonus_counted - e.deduction_counted;
    out << " = " << sum.to_short_string();
    if (sum != e.total_unrounded) out << " → không âm: " << e.total_unrounded.to_short_string();
  } else {
    out << e.total_unrounded.to_short_string();
  }
  out << " → làm tròn " << p << " chữ số (" << to_string(s.round) << "): " << e.total.to_string(p) << '\n';
  if (const auto st = r.self_total(i))
    out << detail::label_self << ": " << st->to_string(p) << " (" << detail::label_difference << " "
        << (e.total - *st).to_string(p) << ")\n";

  out << '\n' << detail::label_class << ": ";
  if (e.status == standing::excluded) {
    out << detail::label_excluded;
    for (std::size_t v : e.vetoes)
      if (s.vetoes[v].exclude) out << " — " << detail::veto_text(s, v);
    out << '\n';
    write_next(out, r, e);
    return;
  }
  const auto by_score = static_cast<std::size_t>(e.class_by_score);
  out << detail::class_label(r, i) << " (" << s.classes[static_cast<std::size_t>(e.final_class)].id << ")\n";
  out << "  Theo điểm: " << e.total.to_string(p) << " ≥ " << s.classes[by_score].min.to_short_string() << " → "
      << detail::class_text(s, by_score) << '\n';
  for (auto [k, f] : e.blocked_by_family) {
    for (const auto& m : s.classes[k].min_family)
      if (m.family_index == f)
        out << "  Chưa đạt " << detail::class_text(s, k) << ": " << detail::family_text(s, f) << " "
            << r.family(i, f).to_string(p) << " < " << m.min.to_short_string() << '\n';
  }
  for (std::size_t v : e.vetoes) {
    const veto& ve = s.vetoes[v];
    out << "  " << detail::veto_text(s, v);
    if (ve.cap_class) out << " → tối đa " << detail::class_text(s, ve.cap_class_index);
    out << '\n';
  }
  for (const quota_decision& d : e.quotas) {
    const class_def& c = s.classes[d.quota_class];
    const class_quota& q = *c.quota;
    out << "  Tỷ lệ " << detail::class_text(s, d.quota_class) << ": tối đa "
        << decimal::from_units(q.max.units() * 100).to_short_string() << "% của ";
    if (q.of_class_index >= 0) out << "số " << detail::class_text(s, static_cast<std::size_t>(q.of_class_index));
    else out << "số được xếp loại";
    out << (q.per == class_quota::scope::all ? " (toàn bộ)" : " (theo khối)") << " = " << d.base << " × "
        << q.max.to_short_string() << " → " << d.limit << " (làm tròn " << to_string(q.round) << "); vị trí "
        << d.position << "/" << d.candidates << (d.demoted ? " → xuống " + detail::class_label(r, i) : " → giữ")
        << (d.tie_at_cut ? " (bằng điểm tại ngưỡng cắt)" : "") << '\n';
  }
  out << detail::label_rank << ": " << e.rank << " trong khối " << r.group(i) << " (thứ tự xếp hạng:";
  for (std::size_t k = 0; k < s.order.size(); ++k) out << (k ? ", " : " ") << to_string(s.order[k]);
  out << ")\n";
  if (e.above) write_neighbour(out, r, e, *e.above, true);
  if (e.below) write_neighbour(out, r, e, *e.below, false);
  if (!e.above && !e.below) out << "  Đơn vị duy nhất được xếp hạng trong khối.\n";
  write_next(out, r, e);
}

}  // namespace thidua
