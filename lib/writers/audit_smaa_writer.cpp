// Writers of `thidua audit sensitivity` and `thidua audit smaa`: a Vietnamese table or JSON
// (docs/audit.md). They print what audit_sensitivity / audit_smaa computed.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "audit/report_common.hpp"
#include "thidua/audit/sensitivity.hpp"
#include "thidua/audit/smaa.hpp"

namespace thidua::audit {

namespace {

using json = nlohmann::ordered_json;
using detail::json_number;
using detail::text_column;
using detail::vn_fixed;

constexpr const char* unchanged = "không đổi";
constexpr const char* unchanged_whole = "không đổi trong toàn miền";

// A relative change as a signed percentage with a decimal comma: −12,50%, +0,0012%.
std::string percent(double change) {
  const double p = std::abs(change) * 100.0;
  const int decimals = p == 0 || p >= 0.01 ? 2 : 4;
  std::string digits = vn_fixed(p, decimals);
  if (digits == vn_fixed(0, decimals)) return "0%";
  return std::string(change < 0 ? "−" : "+") + digits + "%";
}

// The same without a sign (a size of change).
std::string magnitude(double change) {
  const std::string s = percent(std::abs(change));
  return s.rfind("+", 0) == 0 ? s.substr(1) : s;
}

std::string points(double v) { return vn_fixed(v, 2); }

std::string list(const std::vector<std::string>& ids) {
  std::string s;
  for (const auto& id : ids) s += (s.empty() ? "" : ", ") + id;
  return s;
}

// ------------------------------------------------------------------ sensitivity

std::string interval(const sensitivity_event& low, const sensitivity_event& high) {
  if (!low.change && !high.change) return unchanged;
  return (low.change ? percent(*low.change) : std::string(unchanged)) + " … " +
         (high.change ? percent(*high.change) : std::string(unchanged));
}

// Cells on one side of the tornado bar: log scale, 0,1% → 1 cell ... 100% → 10 cells.
std::size_t bar_cells(const std::optional<double>& change) {
  if (!change) return 10;
  const double a = std::abs(*change);
  const double cells = 10.0 * std::log10(1.0 + 1000.0 * a) / std::log10(1001.0);
  return static_cast<std::size_t>(std::clamp(std::lround(cells), 0L, 10L));
}

std::string repeat(const char* glyph, std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) s += glyph;
  return s;
}

std::string tornado(const weight_sensitivity& w) {
  if (w.fixed) return "";
  const auto nearer = [](const sensitivity_event& a, const sensitivity_event& b) {
    if (!a.change) return b.change;
    if (!b.change) return a.change;
    return std::abs(*a.change) < std::abs(*b.change) ? a.change : b.change;
  };
  const std::size_t left = bar_cells(nearer(w.classes_low, w.top_low));
  const std::size_t right = bar_cells(nearer(w.classes_high, w.top_high));
  return std::string(10 - left, ' ') + repeat("█", left) + "│" + repeat("█", right) + std::string(10 - right, ' ');
}

std::string kind_label(const weight_sensitivity& w) {
  return w.what == weight_sensitivity::kind::criterion ? "tiêu chí" : "nhóm";
}

std::string class_name(const sensitivity_report& r, std::ptrdiff_t k) {
  if (k < 0 || static_cast<std::size_t>(k) >= r.class_names.size()) return "?";
  const auto i = static_cast<std::size_t>(k);
  return r.class_names[i].empty() ? r.class_ids[i] : r.class_names[i];
}

std::string where(const sensitivity_event& e) {
  return percent(*e.change) + " (" + points(e.weight) + " điểm)";
}

void describe(std::ostream& out, const sensitivity_report& r, const weight_sensitivity& w) {
  out << w.id << " (" << kind_label(w) << (w.name.empty() ? "" : ": " + w.name) << "), danh nghĩa "
      << points(w.nominal) << " điểm";
  if (w.fixed) {
    out << ": cố định (chiếm toàn bộ thang điểm)\n";
    return;
  }
  out << ", miền " << percent(w.min_change) << " … " << percent(w.max_change) << '\n';
  if (!w.fragility) {
    out << "  " << unchanged_whole << ": xếp loại, top-" << r.top << ", thứ tự liền kề và hạng nhất\n";
    return;
  }
  for (const auto* e : {&w.classes_low, &w.classes_high}) {
    if (!e->change) continue;
    out << "  xếp loại, " << where(*e) << ": " << e->subject << " (" << e->block << ") "
        << (e->class_after < e->class_before ? "lên " : "xuống ") << class_name(r, e->class_after) << " (từ "
        << class_name(r, e->class_before) << ")\n";
  }
  if (!w.classes_low.change && !w.classes_high.change) out << "  xếp loại: " << unchanged_whole << '\n';
  for (const auto* e : {&w.top_low, &w.top_high}) {
    if (!e->change) continue;
    out << "  top-" << r.top << ", " << where(*e) << ": khối " << e->block << ": " << list(e->before) << " → "
        << list(e->after) << '\n';
  }
  if (!w.top_low.change && !w.top_high.change) out << "  top-" << r.top << ": " << unchanged_whole << '\n';
  if (w.swap.change)
    out << "  đổi chỗ liền kề, " << where(w.swap) << ": " << w.swap.subject << " vượt " << w.swap.other << " (khối "
        << w.swap.block << ")\n";
  else
    out << "  đổi chỗ liền kề: " << unchanged_whole << '\n';
  if (w.first.change)
    out << "  hạng nhất, " << where(w.first) << ": khối " << w.first.block << ": " << list(w.first.before) << " → "
        << list(w.first.after) << '\n';
  else
    out << "  hạng nhất: " << unchanged_whole << '\n';
}

json event_json(const sensitivity_report& r, const sensitivity_event& e, bool with_class, bool with_sets, bool with_pair) {
  if (!e.change) return nullptr;
  json j;
  j["change"] = json_number(*e.change, 9);
  j["weight"] = json_number(e.weight, 9);
  j["block"] = e.block;
  if (with_class) {
    j["subject"] = e.subject;
    j["from"] = e.class_before >= 0 ? json(r.class_ids[static_cast<std::size_t>(e.class_before)]) : json(nullptr);
    j["to"] = e.class_after >= 0 ? json(r.class_ids[static_cast<std::size_t>(e.class_after)]) : json(nullptr);
  }
  if (with_pair) {
    j["overtaking"] = e.subject;
    j["overtaken"] = e.other;
  }
  if (with_sets) {
    j["before"] = e.before;
    j["after"] = e.after;
  }
  return j;
}

void sensitivity_table(std::ostream& out, const sensitivity_report& r) {
  out << "Độ nhạy của trọng số — " << (r.scheme_title.empty() ? r.scheme_id : r.scheme_title) << '\n'
      << "Mỗi lần đổi một trọng số (một tiêu chí, hoặc cả nhóm) thành t × giá trị danh nghĩa; các trọng số khác co giãn\n"
      << "theo tỷ lệ để tổng vẫn là " << detail::vn_short(r.scale, 4) << " điểm. Khoảng: thay đổi tương đối giữ nguyên kết quả"
      << " (−12,50% = giảm 12,5%).\n"
      << r.subjects << " đơn vị được xếp hạng trong " << r.blocks << " khối thi đua; top-" << r.top
      << " = các đơn vị hạng 1 đến " << r.top << " của mỗi khối.\n\n";
  const std::vector<text_column> cols = {
      {"Trọng số"}, {"Loại"}, {"Danh nghĩa", true}, {"Giữ mọi xếp loại"}, {"Giữ top-" + std::to_string(r.top)},
      {"Đổi chỗ liền kề", true}, {"Đổi hạng nhất", true}, {"Nhạy nhất", true}, {"−  giữ nguyên  +"}};
  std::vector<std::vector<std::string>> rows;
  for (const auto& w : r.weights) {
    if (w.fixed) {
      rows.push_back({w.id, kind_label(w), points(w.nominal), "cố định", "", "", "", "", ""});
      continue;
    }
    rows.push_back({w.id, kind_label(w), points(w.nominal), interval(w.classes_low, w.classes_high),
                    interval(w.top_low, w.top_high), w.swap.change ? percent(*w.swap.change) : unchanged,
                    w.first.change ? percent(*w.first.change) : unchanged,
                    w.fragility ? magnitude(*w.fragility) : unchanged, tornado(w)});
  }
  detail::write_text_table(out, cols, rows);
  out << "\n" << unchanged << ": " << unchanged_whole << " của trọng số (từ 0 đến toàn bộ thang điểm). Cột cuối: khoảng giữ"
      << " mọi xếp loại và top-" << r.top << ", thang logarit (mỗi bên 10 ô: 0,1% · 1% · 10% · 100%).\n"
      << "\nThay đổi đầu tiên của từng trọng số (nhạy nhất trước):\n";
  for (const auto& w : r.weights) describe(out, r, w);
}

void sensitivity_json(std::ostream& out, const sensitivity_report& r) {
  json j;
  j["tool"] = "sensitivity";
  j["scheme"] = {{"id", r.scheme_id}, {"title", r.scheme_title}, {"scale", json_number(r.scale, 4)}};
  j["top"] = r.top;
  j["subjects"] = r.subjects;
  j["blocks"] = r.blocks;
  json weights = json::array();
  for (const auto& w : r.weights) {
    json x;
    x["kind"] = w.what == weight_sensitivity::kind::criterion ? "criterion" : "family";
    x["id"] = w.id;
    x["name"] = w.name;
    if (w.what == weight_sensitivity::kind::criterion) x["family"] = w.family;
    x["nominal"] = json_number(w.nominal, 9);
    x["range"] = {{"min", json_number(w.min_change, 9)}, {"max", json_number(w.max_change, 9)}};
    x["fixed"] = w.fixed;
    x["classes"] = {{"lower", event_json(r, w.classes_low, true, false, false)},
                    {"upper", event_json(r, w.classes_high, true, false, false)}};
    x["top"] = {{"lower", event_json(r, w.top_low, false, true, false)},
                {"upper", event_json(r, w.top_high, false, true, false)}};
    x["neighbour_swap"] = event_json(r, w.swap, false, false, true);
    x["first_place"] = event_json(r, w.first, false, true, false);
    x["fragility"] = w.fragility ? json(json_number(*w.fragility, 9)) : json(nullptr);
    weights.push_back(std::move(x));
  }
  j["weights"] = std::move(weights);
  out << j.dump(2) << '\n';
}

// ------------------------------------------------------------------ SMAA

std::string mode_text(const smaa_report& r) {
  std::string s;
  switch (r.options.mode) {
    case smaa_mode::simplex: s = "đều trên đơn hình (mọi bộ trọng số có tổng bằng thang điểm)"; break;
    case smaa_mode::around:
      s = "đều trong khoảng ±" + detail::vn_short(r.options.spread * 100, 2) + "% quanh trọng số danh nghĩa";
      break;
    case smaa_mode::order: s = "đều trên đơn hình, giữ thứ tự quan trọng của các trọng số danh nghĩa"; break;
  }
  s += r.options.tree ? "; hai cấp: tỷ trọng các nhóm, rồi các tiêu chí trong nhóm" : "; một cấp: mọi tiêu chí";
  return s;
}

std::string share(double v) { return vn_fixed(v * 100, 1) + "%"; }

std::string family_short(const smaa_report& r, std::size_t f) {
  const std::string& name = r.family_names[f].empty() ? r.families[f] : r.family_names[f];
  const auto cut = name.find_first_of(",(");
  std::string s = cut == std::string::npos ? name : name.substr(0, cut);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

void smaa_table(std::ostream& out, const smaa_report& r) {
  out << "SMAA-2 — " << (r.scheme_title.empty() ? r.scheme_id : r.scheme_title) << '\n'
      << r.options.samples << " bộ trọng số ngẫu nhiên, lấy mẫu " << mode_text(r) << ".\n"
      << "Hạt giống (seed): " << r.options.seed << " — chạy lại với --seed " << r.options.seed
      << " (cùng --samples, --mode) để được đúng kết quả này.\n";
  if (r.options.mode == smaa_mode::around)
    out << "Số lần rút bị loại (ngoài khoảng): " << r.rejected << "; mẫu phải chuẩn hoá lại: " << r.fallback << ".\n";
  out << "b1, b2, ...: tỷ lệ số mẫu đơn vị đứng hạng 1, 2, ... trong khối; trọng số trung tâm: trung bình các bộ trọng số"
      << " làm đơn vị đứng đầu (theo nhóm); p_c: có đứng đầu với chính trọng số trung tâm đó không (1/0).\n";
  for (const auto& blk : r.blocks) {
    std::size_t ranks = 0;
    for (std::size_t k : blk.subjects) ranks = std::max(ranks, r.subjects[k].acceptability.size());
    out << "\nKhối thi đua: " << (blk.name.empty() ? "(chưa phân khối)" : blk.name) << " — " << blk.subjects.size()
        << " đơn vị\n";
    std::vector<text_column> cols = {{"Hạng", true}, {"Mã"}, {"Tên"}};
    for (std::size_t q = 0; q < ranks; ++q) cols.push_back({"b" + std::to_string(q + 1), true});
    bool beyond = false;
    for (std::size_t k : blk.subjects) beyond = beyond || r.subjects[k].beyond > 0;
    if (beyond) cols.push_back({">" + std::to_string(ranks), true});
    std::string central = "Trọng số trung tâm (";
    for (std::size_t f = 0; f < r.families.size(); ++f) central += (f ? " / " : "") + family_short(r, f);
    cols.push_back({central + ")"});
    cols.push_back({"p_c", true});
    std::vector<std::vector<std::string>> rows;
    for (std::size_t k : blk.subjects) {
      const smaa_subject& s = r.subjects[k];
      std::vector<std::string> row = {s.excluded ? "—" : std::to_string(s.nominal_rank), s.id, s.name};
      for (std::size_t q = 0; q < ranks; ++q)
        row.push_back(s.excluded ? "" : q < s.acceptability.size() ? share(s.acceptability[q]) : "");
      if (beyond) row.push_back(s.excluded ? "" : share(s.beyond));
      if (s.excluded) {
        row.push_back("không xếp hạng (bị loại)");
        row.push_back("");
      } else if (s.central_weights.empty()) {
        row.push_back("không bao giờ đứng đầu");
        row.push_back("—");
      } else {
        std::vector<double> fam(r.families.size(), 0.0);
        for (std::size_t c = 0; c < s.central_weights.size(); ++c) fam[r.criterion_family[c]] += s.central_weights[c];
        std::string text;
        for (std::size_t f = 0; f < fam.size(); ++f) text += (f ? " / " : "") + vn_fixed(fam[f], 1);
        row.push_back(text);
        row.push_back(s.confidence && *s.confidence > 0.5 ? "1" : "0");
      }
      rows.push_back(std::move(row));
    }
    detail::write_text_table(out, cols, rows);
    // The most contested pairs: the one behind at the nominal weights gets ahead most often.
    struct contest {
      double p;
      std::size_t ahead, behind;
    };
    std::vector<contest> pairs;
    const std::size_t n = blk.pair_subjects.size();
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b) {
        const auto& sa = r.subjects[blk.pair_subjects[a]];
        const auto& sb = r.subjects[blk.pair_subjects[b]];
        if (sa.nominal_rank == sb.nominal_rank) continue;
        const double p = blk.winning[b * n + a];  // the one behind (b) ahead of a
        if (p > 0) pairs.push_back({p, a, b});
      }
    std::stable_sort(pairs.begin(), pairs.end(), [](const contest& x, const contest& y) { return x.p > y.p; });
    if (!pairs.empty()) {
      out << "Cặp tranh chấp nhất (đơn vị xếp sau vượt đơn vị xếp trước):";
      for (std::size_t k = 0; k < std::min<std::size_t>(5, pairs.size()); ++k)
        out << (k ? "; " : " ") << r.subjects[blk.pair_subjects[pairs[k].behind]].id << " vượt "
            << r.subjects[blk.pair_subjects[pairs[k].ahead]].id << " " << share(pairs[k].p);
      out << '\n';
    }
  }
}

void smaa_json(std::ostream& out, const smaa_report& r) {
  json j;
  j["tool"] = "smaa";
  j["scheme"] = {{"id", r.scheme_id}, {"title", r.scheme_title}, {"scale", json_number(r.scale, 4)}};
  j["samples"] = r.options.samples;
  j["seed"] = r.options.seed;
  j["mode"] = std::string(to_string(r.options.mode));
  j["levels"] = r.options.tree ? "tree" : "flat";
  if (r.options.mode == smaa_mode::around) {
    j["spread"] = r.options.spread;
    j["rejected"] = r.rejected;
    j["fallback"] = r.fallback;
  }
  j["ranks"] = r.options.ranks;
  j["pairs"] = r.options.pairs;
  json families = json::array();
  for (std::size_t f = 0; f < r.families.size(); ++f) families.push_back({{"id", r.families[f]}, {"name", r.family_names[f]}});
  j["families"] = std::move(families);
  json criteria = json::array();
  for (std::size_t c = 0; c < r.criteria.size(); ++c)
    criteria.push_back({{"id", r.criteria[c]},
                        {"name", r.criterion_names[c]},
                        {"family", r.families[r.criterion_family[c]]},
                        {"nominal", json_number(r.nominal[c], 9)}});
  j["criteria"] = std::move(criteria);
  json blocks = json::array();
  for (const auto& blk : r.blocks) {
    json b;
    b["name"] = blk.name;
    json subjects = json::array();
    for (std::size_t k : blk.subjects) {
      const smaa_subject& s = r.subjects[k];
      json x;
      x["id"] = s.id;
      x["name"] = s.name;
      x["excluded"] = s.excluded;
      x["nominal_rank"] = s.nominal_rank;
      if (!s.excluded) {
        json acc = json::array();
        for (double v : s.acceptability) acc.push_back(json_number(v, 9));
        x["acceptability"] = std::move(acc);
        x["beyond"] = json_number(s.beyond, 9);
        if (s.central_weights.empty()) {
          x["central_weights"] = nullptr;
        } else {
          json cw = json::array();
          for (double v : s.central_weights) cw.push_back(json_number(v, 6));
          x["central_weights"] = std::move(cw);
        }
        x["central_rank"] = s.central_rank == 0 ? json(nullptr) : json(s.central_rank);
        x["confidence"] = s.confidence ? json(json_number(*s.confidence, 9)) : json(nullptr);
      }
      subjects.push_back(std::move(x));
    }
    b["subjects"] = std::move(subjects);
    json ids = json::array();
    for (std::size_t k : blk.pair_subjects) ids.push_back(r.subjects[k].id);
    json matrix = json::array();
    const std::size_t n = blk.pair_subjects.size();
    for (std::size_t a = 0; a < n; ++a) {
      json row = json::array();
      for (std::size_t c = 0; c < n; ++c) row.push_back(json_number(blk.winning[a * n + c], 9));
      matrix.push_back(std::move(row));
    }
    b["winning"] = {{"subjects", std::move(ids)}, {"matrix", std::move(matrix)}};
    blocks.push_back(std::move(b));
  }
  j["blocks"] = std::move(blocks);
  out << j.dump(2) << '\n';
}

}  // namespace

void write_sensitivity(std::ostream& out, const sensitivity_report& r, output_format format) {
  switch (format) {
    case output_format::table: sensitivity_table(out, r); return;
    case output_format::json: sensitivity_json(out, r); return;
    case output_format::csv:
    case output_format::xlsx:
    case output_format::html: break;
  }
  throw std::invalid_argument("write_sensitivity: written as table or json");
}

void write_smaa(std::ostream& out, const smaa_report& r, output_format format) {
  switch (format) {
    case output_format::table: smaa_table(out, r); return;
    case output_format::json: smaa_json(out, r); return;
    case output_format::csv:
    case output_format::xlsx:
    case output_format::html: break;
  }
  throw std::invalid_argument("write_smaa: written as table or json");
}

}  // namespace thidua::audit
