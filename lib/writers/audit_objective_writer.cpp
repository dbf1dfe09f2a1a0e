// Writers of `audit objective` and `audit methods`: a Vietnamese table for a terminal, or JSON
// with English keys (docs/audit.md). They print; they never compute.
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string>

#include "audit/report_common.hpp"
#include "thidua/audit/objective.hpp"

namespace thidua::audit {

namespace {

using json = nlohmann::ordered_json;
using detail::json_number;
using detail::vn_fixed;
using detail::vn_short;

void check_format(output_format format) {
  if (format != output_format::table && format != output_format::json)
    throw std::invalid_argument("audit reports are written as table or json");
}

std::string pct(double v) { return vn_fixed(v, 2) + "%"; }

// The stated conventions in Vietnamese, by key (the JSON carries the English text).
std::string convention_vi(const std::string& key) {
  if (key == "data")
    return "Tính trên mức đạt x = điểm ÷ điểm tối đa (0..1) của các đơn vị không bị loại do vi phạm; ô N/A được "
           "thay như thang điểm quy đổi lại. Mọi tiêu chí đều là tiêu chí càng cao càng tốt: tiêu chí \"càng thấp "
           "càng tốt\" (tỷ lệ bỏ học) đã được đổi thành điểm.";
  if (key == "entropy")
    return "Entropy: p = x ÷ tổng cột, e = −Σ p ln p ÷ ln n với 0 · ln 0 = 0, trọng số ∝ 1 − e. Cột toàn 0: e = 1, "
           "trọng số 0.";
  if (key == "critic")
    return "CRITIC (Diakoulaki và cộng sự 1995): chuẩn hoá min–max, độ lệch chuẩn σ, tương quan Pearson r, "
           "C = σ Σ (1 − r), trọng số ∝ C. Tiêu chí không đổi: σ = 0, trọng số 0, không tính vào tổng của tiêu chí "
           "khác. Không có tiêu chí chi phí.";
  if (key == "std_dev") return "Độ lệch chuẩn: σ của cột đã chuẩn hoá min–max, trọng số ∝ σ (CRITIC bỏ phần xung đột).";
  if (key == "merec")
    return "MEREC (Keshavarz-Ghorabaee và cộng sự 2021) tính trên 1 + x cho mọi tiêu chí, vì x có giá trị 0 (không "
           "đạt, không tới mức nào) mà min/x không xác định; mọi ô được cộng thêm một mức đạt trọn vẹn.";
  if (key == "degenerate") return "Khi không tiêu chí nào mang thông tin cho một phương pháp, các trọng số bằng nhau (1/m).";
  if (key == "scheme") return "Cột thang điểm: trọng số danh nghĩa của tiêu chí tính theo % thang điểm (audit weights).";
  if (key == "wsm") return "WSM (tổng có trọng số): Σ w x.";
  if (key == "wpm") return "WPM (tích có trọng số): Π max(x, 10⁻⁶)^w; mức đạt 0 được tính là 10⁻⁶.";
  if (key == "topsis")
    return "TOPSIS: chuẩn hoá vectơ, nhân trọng số, phương án lý tưởng và phản lý tưởng trên toàn bộ đơn vị, "
           "C = D⁻ ÷ (D⁺ + D⁻). Cột toàn 0 giữ 0; C = 0,5 khi không có gì khác nhau.";
  if (key == "vikor")
    return "VIKOR: v = 0,5; S (lợi ích nhóm), R (hối tiếc cá nhân), Q; xếp theo Q tăng dần. Điều kiện C1 (ưu thế "
           "chấp nhận được: Q(a2) − Q(a1) ≥ 1/(J − 1)) và C2 (ổn định: a1 cũng tốt nhất theo S hoặc R) chỉ để tham "
           "khảo, không làm đổi thứ hạng.";
  if (key == "ties") return "Điểm được làm tròn tới 10⁻¹⁰ trước khi xếp hạng; bằng nhau thì cùng hạng (1, 2, 2, 4).";
  if (key == "correlations")
    return "τ Kendall, ρ Spearman và ρ có trọng số (r_W) của từng phương pháp so với WSM, trên toàn bộ đơn vị và "
           "trong từng khối (bình quân theo số đơn vị).";
  return key;
}

void conventions_table(std::ostream& out, const std::vector<stated_convention>& conventions) {
  out << "\nQuy ước\n";
  for (const auto& c : conventions) out << "  - " << convention_vi(c.first) << '\n';
}

json conventions_json(const std::vector<stated_convention>& conventions) {
  json j = json::object();
  for (const auto& c : conventions) j[c.first] = c.second;
  return j;
}

json percent_array(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(json_number(x, 4));
  return a;
}

// ------------------------------------------------------------------ objective

void objective_table(std::ostream& out, const objective_report& r) {
  out << "Trọng số khách quan từ dữ liệu — " << (r.scheme_title.empty() ? r.scheme_id : r.scheme_title) << " ("
      << r.scheme_id << ")\n";
  out << "Tính trên " << r.subjects << " đơn vị; trọng số theo % (mỗi cột cộng lại 100%).\n\n";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t j = 0; j < r.criteria.size(); ++j)
    rows.push_back({r.criteria[j], r.names[j], pct(r.scheme[j]), pct(r.entropy[j]), pct(r.critic[j]),
                    pct(r.std_dev[j]), pct(r.merec[j]), r.constant[j] ? "không đổi: không phân biệt được ai" : ""});
  detail::write_text_table(out,
                           {{"Mã"}, {"Tên"}, {"Thang điểm", true}, {"Entropy", true}, {"CRITIC", true},
                            {"Độ lệch chuẩn", true}, {"MEREC", true}, {"Ghi chú"}},
                           rows);
  conventions_table(out, r.conventions);
}

json objective_json(const objective_report& r) {
  json j;
  j["scheme_id"] = r.scheme_id;
  j["title"] = r.scheme_title;
  j["subjects"] = r.subjects;
  j["criteria"] = r.criteria;
  j["names"] = r.names;
  j["scheme"] = percent_array(r.scheme);
  j["entropy"] = percent_array(r.entropy);
  j["critic"] = percent_array(r.critic);
  j["std_dev"] = percent_array(r.std_dev);
  j["merec"] = percent_array(r.merec);
  j["constant"] = r.constant;
  j["conventions"] = conventions_json(r.conventions);
  return j;
}

// ------------------------------------------------------------------ methods

std::string method_name(const std::string& id) {
  if (id == "wsm") return "WSM (tổng có trọng số, chính thức)";
  if (id == "wpm") return "WPM (tích có trọng số)";
  if (id == "topsis") return "TOPSIS";
  if (id == "vikor") return "VIKOR (v = 0,5)";
  return id;
}

void methods_table(std::ostream& out, const methods_report& r) {
  out << "Xếp hạng có phụ thuộc vào cách tổng hợp không? — " << (r.scheme_title.empty() ? r.scheme_id : r.scheme_title)
      << " (" << r.scheme_id << ")\n";
  out << r.ids.size() << " đơn vị, " << r.blocks.size()
      << " khối; cùng mức đạt và trọng số danh nghĩa (chuẩn hoá tổng bằng 1), không kể điểm thưởng, điểm trừ và "
         "xếp loại.\n\nSo với WSM (cách cộng chính thức)\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : r.methods) {
    if (m.id == "wsm") continue;
    rows.push_back({method_name(m.id), vn_fixed(m.tau, 3), vn_fixed(m.rho, 3), vn_fixed(m.weighted_rho, 3),
                    vn_fixed(m.tau_blocks, 3), vn_fixed(m.rho_blocks, 3), vn_fixed(m.weighted_rho_blocks, 3),
                    std::to_string(m.moved) + "/" + std::to_string(r.ids.size())});
  }
  detail::write_text_table(out,
                           {{"Phương pháp"}, {"τ Kendall", true}, {"ρ Spearman", true}, {"ρ có trọng số", true},
                            {"τ trong khối", true}, {"ρ trong khối", true}, {"ρ có tr. số trong khối", true},
                            {"Đổi hạng trong khối", true}},
                           rows);
  out << "\nTheo khối thi đua (τ Kendall / ρ Spearman / ρ có trọng số so với WSM)\n";
  rows.clear();
  for (const auto& m : r.methods) {
    if (m.id == "wsm") continue;
    for (const auto& b : m.blocks)
      rows.push_back({method_name(m.id), b.name, std::to_string(b.subjects), vn_fixed(b.tau, 3), vn_fixed(b.rho, 3),
                      vn_fixed(b.weighted_rho, 3)});
  }
  detail::write_text_table(out,
                           {{"Phương pháp"}, {"Khối"}, {"Số đơn vị", true}, {"τ Kendall", true}, {"ρ Spearman", true},
                            {"ρ có trọng số", true}},
                           rows);
  out << "\nĐơn vị đổi hạng trong khối nhiều nhất\n";
  for (const auto& m : r.methods) {
    if (m.id == "wsm") continue;
    out << "  " << method_name(m.id) << ": ";
    if (m.movers.empty()) out << "không đơn vị nào đổi hạng";
    for (std::size_t k = 0; k < m.movers.size(); ++k) {
      const auto& mv = m.movers[k];
      out << (k ? "; " : "") << r.ids[mv.subject] << " (" << r.groups[mv.subject] << ") hạng " << mv.rank_wsm << " → "
          << mv.rank;
    }
    out << '\n';
  }
  out << "\nVIKOR: nghiệm thỏa hiệp trong từng khối\n";
  for (const auto& b : r.vikor_blocks) {
    out << "  " << b.name << ":";
    for (std::size_t k = 0; k < b.compromise.size(); ++k) out << (k ? ", " : " ") << r.ids[b.compromise[k]];
    out << " (C1 ưu thế chấp nhận được: " << (b.acceptable_advantage ? "có" : "không")
        << "; C2 ổn định: " << (b.acceptable_stability ? "có" : "không") << ")\n";
  }
  conventions_table(out, r.conventions);
}

json methods_json(const methods_report& r) {
  json j;
  j["scheme_id"] = r.scheme_id;
  j["title"] = r.scheme_title;
  j["criteria"] = r.criteria;
  j["weights"] = percent_array(r.weights);
  j["blocks"] = r.blocks;
  json subjects = json::array();
  for (std::size_t i = 0; i < r.ids.size(); ++i) {
    json s;
    s["id"] = r.ids[i];
    s["name"] = r.names[i];
    s["group"] = r.groups[i];
    json ranks = json::object();
    for (const auto& m : r.methods) {
      s[m.id == "vikor" ? "vikor_q" : m.id] = json_number(m.score[i], 8);
      ranks[m.id] = m.rank[i];
    }
    s["vikor_s"] = json_number(r.vikor_s[i], 8);
    s["vikor_r"] = json_number(r.vikor_r[i], 8);
    s["rank"] = ranks;
    subjects.push_back(s);
  }
  j["subjects"] = subjects;
  json methods = json::array();
  for (const auto& m : r.methods) {
    json mj;
    mj["id"] = m.id;
    mj["tau"] = json_number(m.tau);
    mj["rho"] = json_number(m.rho);
    mj["weighted_rho"] = json_number(m.weighted_rho);
    mj["tau_blocks"] = json_number(m.tau_blocks);
    mj["rho_blocks"] = json_number(m.rho_blocks);
    mj["weighted_rho_blocks"] = json_number(m.weighted_rho_blocks);
    mj["moved"] = m.moved;
    json blocks = json::array();
    for (const auto& b : m.blocks)
      blocks.push_back({{"name", b.name},
                        {"subjects", b.subjects},
                        {"tau", json_number(b.tau)},
                        {"rho", json_number(b.rho)},
                        {"weighted_rho", json_number(b.weighted_rho)}});
    mj["blocks"] = blocks;
    json movers = json::array();
    for (const auto& mv : m.movers)
      movers.push_back({{"id", r.ids[mv.subject]}, {"group", r.groups[mv.subject]}, {"rank_wsm", mv.rank_wsm}, {"rank", mv.rank}});
    mj["movers"] = movers;
    methods.push_back(mj);
  }
  j["methods"] = methods;
  json vik = json::array();
  for (const auto& b : r.vikor_blocks) {
    json ids = json::array();
    for (std::size_t i : b.compromise) ids.push_back(r.ids[i]);
    vik.push_back({{"block", b.name},
                   {"acceptable_advantage", b.acceptable_advantage},
                   {"acceptable_stability", b.acceptable_stability},
                   {"compromise", ids}});
  }
  j["vikor_compromise"] = vik;
  j["conventions"] = conventions_json(r.conventions);
  return j;
}

}  // namespace

void write_objective(std::ostream& out, const objective_report& r, output_format format) {
  check_format(format);
  if (format == output_format::json) out << objective_json(r).dump(2) << '\n';
  else objective_table(out, r);
}

void write_methods(std::ostream& out, const methods_report& r, output_format format) {
  check_format(format);
  if (format == output_format::json) out << methods_json(r).dump(2) << '\n';
  else methods_table(out, r);
}

}  // namespace thidua::audit
