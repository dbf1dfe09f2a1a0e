// Writers of `audit weights`, `audit influence` and `audit diff`: a Vietnamese table for a
// terminal, or JSON with English keys (docs/audit.md). They print; they never compute.
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string>

#include "audit/report_common.hpp"
#include "thidua/audit/influence.hpp"

namespace thidua::audit {

namespace {

using json = nlohmann::ordered_json;
using detail::json_number;
using detail::text_column;
using detail::vn_fixed;
using detail::vn_short;

void check_format(output_format format) {
  if (format != output_format::table && format != output_format::json)
    throw std::invalid_argument("audit reports are written as table or json");
}

std::string pct(double v, int decimals = 1) { return vn_short(v, decimals) + "%"; }

// ------------------------------------------------------------------ weights

std::vector<std::string> flag_codes(const criterion_weight& c) {
  std::vector<std::string> out;
  if (c.never_matters) out.emplace_back("never_matters");
  else if (c.max_unreachable) out.emplace_back("max_unreachable");
  if (c.below_precision) out.emplace_back("below_precision");
  return out;
}

std::string flag_text(const criterion_weight& c, int precision) {
  std::string out;
  const auto add = [&](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
  if (c.never_matters) add("không bao giờ cho điểm: mức cao nhất cho 0 điểm");
  else if (c.max_unreachable)
    add("không thể đạt điểm tối đa: mức cao nhất cho " + vn_short(c.best_points, 4) + "/" + vn_short(c.max, 4));
  if (c.below_precision)
    add("cả tiêu chí nhỏ hơn một đơn vị làm tròn (" + vn_fixed(std::pow(10.0, -precision), precision) + " điểm)");
  return out;
}

void weights_table(std::ostream& out, const weights_report& r) {
  out << "Trọng số danh nghĩa — " << (r.scheme_title.empty() ? r.scheme_id : r.scheme_title) << " (" << r.scheme_id
      << ")\n";
  out << "Thang điểm " << vn_short(r.scale, 4) << ", tổng điểm công bố với " << r.precision
      << " chữ số thập phân; điểm thưởng tối đa " << vn_short(r.bonus_max, 4) << ", điểm trừ tối đa "
      << vn_short(r.deduction_max, 4) << ".\n\n";
  out << "Nhóm tiêu chí\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : r.families)
    rows.push_back({f.id, f.name, vn_short(f.weight, 4), pct(f.share_of_scale, 2), vn_short(f.criteria_max, 4),
                    vn_short(f.scale_factor, 4), vn_short(f.reachable, 4)});
  detail::write_text_table(out,
                           {{"Mã"}, {"Tên"}, {"Trọng số", true}, {"% thang điểm", true}, {"Tổng điểm tối đa tiêu chí", true},
                            {"Hệ số quy đổi", true}, {"Tối đa đạt được", true}},
                           rows);
  out << "\nTiêu chí\n";
  rows.clear();
  for (const auto& c : r.criteria)
    rows.push_back({c.id, c.family, vn_short(c.max, 4), vn_short(c.weight, 4), pct(c.share_of_family, 2),
                    pct(c.share_of_scale, 2), vn_short(c.reachable_weight, 4), vn_short(c.smallest_step, 4),
                    flag_text(c, r.precision)});
  detail::write_text_table(out,
                           {{"Mã"}, {"Nhóm"}, {"Điểm tối đa", true}, {"Trọng số", true}, {"% nhóm", true},
                            {"% thang điểm", true}, {"Tối đa đạt được", true}, {"Bước nhỏ nhất", true}, {"Ghi chú"}},
                           rows);
  out << "\nKiểm tra: tổng trọng số các nhóm " << vn_short(r.families_sum, 4) << ", tổng trọng số các tiêu chí "
      << vn_short(r.criteria_sum, 4) << ", thang điểm " << vn_short(r.scale, 4) << ": "
      << (r.adds_up ? "khớp" : "KHÔNG khớp") << ". Tổng tối đa đạt được (chưa kể điểm thưởng) "
      << vn_short(r.reachable_total, 4) << ".\n";
  out << "\nXếp loại\n";
  for (const auto& k : r.classes) {
    out << "  " << k.name << " (≥ " << vn_short(k.min, 4) << "): ";
    if (k.reachable) out << "có thể đạt\n";
    else if (k.blocked_by == "total") out << "KHÔNG THỂ ĐẠT: tổng điểm cao nhất có thể không tới ngưỡng\n";
    else out << "KHÔNG THỂ ĐẠT: nhóm " << k.blocked_by << " không thể đạt điểm tối thiểu của xếp loại\n";
  }
  bool any = false;
  for (const auto& c : r.criteria) {
    const std::string text = flag_text(c, r.precision);
    if (text.empty()) continue;
    if (!any) out << "\nCảnh báo\n";
    any = true;
    out << "  " << c.id << (c.name == c.id ? std::string() : " (" + c.name + ")") << ": " << text << '\n';
  }
}

json weights_json(const weights_report& r) {
  json j;
  j["scheme_id"] = r.scheme_id;
  j["title"] = r.scheme_title;
  j["scale"] = r.scale;
  j["precision"] = r.precision;
  j["bonus_max"] = r.bonus_max;
  j["deduction_max"] = r.deduction_max;
  j["checks"] = {{"families_sum", json_number(r.families_sum)},
                 {"criteria_sum", json_number(r.criteria_sum)},
                 {"adds_up", r.adds_up},
                 {"reachable_total", json_number(r.reachable_total)}};
  json fams = json::array();
  for (const auto& f : r.families)
    fams.push_back({{"id", f.id},
                    {"name", f.name},
                    {"weight", json_number(f.weight)},
                    {"share_of_scale", json_number(f.share_of_scale)},
                    {"criteria_max", json_number(f.criteria_max)},
                    {"scale_factor", json_number(f.scale_factor)},
                    {"reachable", json_number(f.reachable)},
                    {"criteria", f.criteria}});
  j["families"] = fams;
  json crits = json::array();
  for (const auto& c : r.criteria)
    crits.push_back({{"id", c.id},
                     {"name", c.name},
                     {"family", c.family},
                     {"max", json_number(c.max)},
                     {"weight", json_number(c.weight)},
                     {"share_of_scale", json_number(c.share_of_scale)},
                     {"share_of_family", json_number(c.share_of_family)},
                     {"best_points", json_number(c.best_points)},
                     {"reachable_weight", json_number(c.reachable_weight)},
                     {"smallest_step", json_number(c.smallest_step)},
                     {"flags", flag_codes(c)}});
  j["criteria"] = crits;
  json classes = json::array();
  for (const auto& k : r.classes)
    classes.push_back({{"id", k.id},
                       {"name", k.name},
                       {"min", json_number(k.min)},
                       {"reachable", k.reachable},
                       {"blocked_by", k.blocked_by.empty() ? json(nullptr) : json(k.blocked_by)}});
  j["classes"] = classes;
  return j;
}

// ------------------------------------------------------------------ influence

std::vector<std::string> influence_row(const influence_report& r, const influence_line& l, bool criterion) {
  std::vector<std::string> row = {l.id};
  if (criterion) row.push_back(l.family);
  row.push_back(pct(l.nominal_share, 2));
  row.push_back(vn_fixed(l.variance_share, 1) + "%");
  if (l.removable) {
    row.push_back(std::to_string(l.classes_changed) + "/" + std::to_string(r.subjects));
    row.push_back(std::to_string(l.ranks_changed));
    row.push_back(vn_fixed(l.tau, 3));
    row.push_back(vn_fixed(l.tau_blocks, 3));
  } else {
    row.insert(row.end(), {"—", "—", "—", "—"});
  }
  row.push_back(vn_fixed(l.mean, 3));
  row.push_back(vn_fixed(l.std_dev, 3));
  row.push_back(l.constant ? "không phân biệt được ai" : "");
  return row;
}

void influence_table(std::ostream& out, const influence_report& r) {
  out << "Ảnh hưởng thực tế của các nhóm và tiêu chí — " << (r.scheme_title.empty() ? r.scheme_id : r.scheme_title)
      << " (" << r.scheme_id << ")\n";
  out << r.subjects << " đơn vị được so sánh";
  if (r.excluded > 0) out << " (" << r.excluded << " đơn vị không được xếp loại do vi phạm, để ra ngoài)";
  out << ", " << r.blocks << " khối thi đua. Tổng điểm: trung bình " << vn_fixed(r.total_mean, 2) << ", độ lệch chuẩn "
      << vn_fixed(r.total_std_dev, 2) << "; điểm thưởng − điểm trừ giải thích " << vn_fixed(r.extra_share, 1)
      << "% độ phân tán.\n\n";
  for (const auto& f : r.families) out << "• " << influence_sentence(r, f) << ".\n";
  const std::vector<text_column> tail = {{"Đổi xếp loại", true}, {"Đổi thứ hạng", true}, {"τ tổng điểm", true},
                                         {"τ trong khối", true}, {"Trung bình", true},   {"Độ lệch chuẩn", true},
                                         {"Ghi chú"}};
  out << "\nNhóm tiêu chí\n";
  std::vector<text_column> cols = {{"Mã"}, {"% thang điểm", true}, {"% độ phân tán", true}};
  cols.insert(cols.end(), tail.begin(), tail.end());
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : r.families) rows.push_back(influence_row(r, f, false));
  detail::write_text_table(out, cols, rows);
  out << "\nTiêu chí\n";
  cols = {{"Mã"}, {"Nhóm"}, {"% thang điểm", true}, {"% độ phân tán", true}};
  cols.insert(cols.end(), tail.begin(), tail.end());
  rows.clear();
  for (const auto& c : r.criteria) rows.push_back(influence_row(r, c, true));
  detail::write_text_table(out, cols, rows);
  out << "\nCách tính: phần của một tiêu chí = trọng số × mức đạt (điểm ÷ điểm tối đa); % độ phân tán = "
         "cov(phần, tổng điểm) ÷ var(tổng điểm), cộng lại (cùng điểm thưởng − điểm trừ) được 100%. Bỏ một tiêu chí: "
         "các tiêu chí còn lại của nhóm được nhân lên theo tỷ lệ để nhóm giữ trọng số (như khi tiêu chí không áp "
         "dụng); bỏ một nhóm: các nhóm còn lại được nhân lên theo tỷ lệ để giữ thang điểm, ngưỡng xếp loại giữ "
         "nguyên, điểm tối thiểu của nhóm bị bỏ không còn xét. Xếp loại theo điểm (chưa áp dụng hạn mức), thứ hạng "
         "theo xếp loại rồi tổng điểm công bố.\n";
}

json influence_line_json(const influence_report& r, const influence_line& l, bool criterion) {
  json j;
  j["id"] = l.id;
  j["name"] = l.name;
  if (criterion) j["family"] = l.family;
  j["nominal_share"] = json_number(l.nominal_share);
  j["variance_share"] = json_number(l.variance_share);
  j["removable"] = l.removable;
  j["classes_changed"] = l.classes_changed;
  j["ranks_changed"] = l.ranks_changed;
  j["tau"] = json_number(l.tau);
  j["tau_blocks"] = json_number(l.tau_blocks);
  j["constant"] = l.constant;
  j["mean"] = json_number(l.mean);
  j["std_dev"] = json_number(l.std_dev);
  j["sentence"] = influence_sentence(r, l);
  return j;
}

json influence_json(const influence_report& r) {
  json j;
  j["scheme_id"] = r.scheme_id;
  j["title"] = r.scheme_title;
  j["scale"] = r.scale;
  j["subjects"] = r.subjects;
  j["excluded"] = r.excluded;
  j["blocks"] = r.blocks;
  j["total_mean"] = json_number(r.total_mean);
  j["total_std_dev"] = json_number(r.total_std_dev);
  j["bonus_deduction_share"] = json_number(r.extra_share);
  json fams = json::array(), crits = json::array();
  for (const auto& f : r.families) fams.push_back(influence_line_json(r, f, false));
  for (const auto& c : r.criteria) crits.push_back(influence_line_json(r, c, true));
  j["families"] = fams;
  j["criteria"] = crits;
  return j;
}

// ------------------------------------------------------------------ diff

std::string class_cell(const std::string& id) { return id.empty() ? "(không xếp loại)" : id; }
std::string rank_cell(std::uint32_t rank) { return rank == 0 ? "—" : std::to_string(rank); }

void diff_table(std::ostream& out, const diff_report& r) {
  out << "So sánh hai thang điểm trên cùng các đơn vị: A = " << r.scheme_a << ", B = " << r.scheme_b << "\n";
  out << r.subjects << " đơn vị có trong cả hai bảng điểm, " << r.compared
      << " được xếp hạng theo cả hai thang điểm trong cùng khối. " << r.class_changes << " đơn vị đổi xếp loại, "
      << r.rank_changes << " đơn vị đổi thứ hạng trong khối.\n";
  out << "Tương quan tổng điểm: τ Kendall " << vn_fixed(r.tau, 3) << ", ρ Spearman " << vn_fixed(r.rho, 3)
      << ", ρ có trọng số " << vn_fixed(r.weighted_rho, 3) << "; τ trong khối (bình quân theo số đơn vị) "
      << vn_fixed(r.tau_blocks, 3) << ".\n\nTheo khối thi đua\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& b : r.blocks)
    rows.push_back({b.name, std::to_string(b.subjects), std::to_string(b.class_changes), std::to_string(b.rank_changes),
                    vn_fixed(b.tau, 3), vn_fixed(b.rho, 3), vn_fixed(b.weighted_rho, 3)});
  detail::write_text_table(out,
                           {{"Khối"}, {"Số đơn vị", true}, {"Đổi xếp loại", true}, {"Đổi thứ hạng", true},
                            {"τ Kendall", true}, {"ρ Spearman", true}, {"ρ có trọng số", true}},
                           rows);
  out << '\n';
  if (r.changed.empty()) {
    out << "Không đơn vị nào đổi xếp loại hay thứ hạng.\n";
  } else {
    out << "Các đơn vị thay đổi\n";
    rows.clear();
    for (const auto& s : r.changed)
      rows.push_back({s.id, s.name, s.group_a == s.group_b ? s.group_a : s.group_a + " → " + s.group_b,
                      class_cell(s.class_a), class_cell(s.class_b), rank_cell(s.rank_a), rank_cell(s.rank_b),
                      vn_fixed(s.total_a, 2), vn_fixed(s.total_b, 2)});
    detail::write_text_table(out,
                             {{"Mã"}, {"Tên"}, {"Khối"}, {"Xếp loại A"}, {"Xếp loại B"}, {"Hạng A", true},
                              {"Hạng B", true}, {"Tổng A", true}, {"Tổng B", true}},
                             rows);
  }
  const auto list = [&](const char* label, const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    out << label;
    for (std::size_t k = 0; k < ids.size(); ++k) out << (k ? ", " : " ") << ids[k];
    out << '\n';
  };
  list("Chỉ có trong bảng điểm A:", r.only_a);
  list("Chỉ có trong bảng điểm B:", r.only_b);
}

json diff_json(const diff_report& r) {
  json j;
  j["scheme_a"] = r.scheme_a;
  j["scheme_b"] = r.scheme_b;
  j["subjects"] = r.subjects;
  j["compared"] = r.compared;
  j["class_changes"] = r.class_changes;
  j["rank_changes"] = r.rank_changes;
  j["tau"] = json_number(r.tau);
  j["rho"] = json_number(r.rho);
  j["weighted_rho"] = json_number(r.weighted_rho);
  j["tau_blocks"] = json_number(r.tau_blocks);
  json blocks = json::array();
  for (const auto& b : r.blocks)
    blocks.push_back({{"name", b.name},
                      {"subjects", b.subjects},
                      {"class_changes", b.class_changes},
                      {"rank_changes", b.rank_changes},
                      {"tau", json_number(b.tau)},
                      {"rho", json_number(b.rho)},
                      {"weighted_rho", json_number(b.weighted_rho)}});
  j["blocks"] = blocks;
  json changed = json::array();
  const auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  for (const auto& s : r.changed)
    changed.push_back({{"id", s.id},
                       {"name", s.name},
                       {"group_a", s.group_a},
                       {"group_b", s.group_b},
                       {"class_a", or_null(s.class_a)},
                       {"class_b", or_null(s.class_b)},
                       {"rank_a", s.rank_a},
                       {"rank_b", s.rank_b},
                       {"total_a", json_number(s.total_a, 4)},
                       {"total_b", json_number(s.total_b, 4)}});
  j["changed"] = changed;
  j["only_in_a"] = r.only_a;
  j["only_in_b"] = r.only_b;
  return j;
}

}  // namespace

std::string influence_sentence(const influence_report& r, const influence_line& l) {
  std::string s = l.name + ": " + pct(l.nominal_share, 1) + " thang điểm, giải thích " + vn_fixed(l.variance_share, 1) +
                  "% độ phân tán tổng điểm";
  if (!l.removable)
    s += "; là nhóm duy nhất nên không thể bỏ";
  else
    s += "; bỏ đi thì " + std::to_string(l.classes_changed) + "/" + std::to_string(r.subjects) + " xếp loại và " +
         std::to_string(l.ranks_changed) + " thứ hạng thay đổi";
  if (l.constant) s += "; mọi đơn vị cùng một mức nên không phân biệt được ai";
  return s;
}

void write_weights(std::ostream& out, const weights_report& r, output_format format) {
  check_format(format);
  if (format == output_format::json) out << weights_json(r).dump(2) << '\n';
  else weights_table(out, r);
}

void write_influence(std::ostream& out, const influence_report& r, output_format format) {
  check_format(format);
  if (format == output_format::json) out << influence_json(r).dump(2) << '\n';
  else influence_table(out, r);
}

void write_diff(std::ostream& out, const diff_report& r, output_format format) {
  check_format(format);
  if (format == output_format::json) out << diff_json(r).dump(2) << '\n';
  else diff_table(out, r);
}

}  // namespace thidua::audit
