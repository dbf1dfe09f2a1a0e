// `thidua audit ahp` output (docs/audit.md): a Vietnamese table for a terminal, the JSON
// contract, and the weights as CSV for Excel. Writers never compute: every number is in the
// ahp_result.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "thidua/audit/ahp.hpp"

namespace thidua::audit {
namespace {

using json = nlohmann::ordered_json;

// 3, 1/3, 1.653: a judgment as a person would write it.
std::string judgment_text(double v) {
  const double r = std::round(v);
  if (std::fabs(v - r) < 1e-9 && r >= 1) return fmt::format("{}", static_cast<long long>(r));
  const double inv = 1 / v, ri = std::round(inv);
  if (v < 1 && std::fabs(inv - ri) < 1e-9) return fmt::format("1/{}", static_cast<long long>(ri));
  return fmt::format("{:.4g}", v);
}

std::string label_of(const ahp_result& r, std::size_t k) {
  if (k < r.labels.size() && !r.labels[k].empty()) return r.labels[k];
  return fmt::format("{}", k + 1);
}

std::string pad(const std::string& s, std::size_t width) {
  const std::size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string ri_values_text(const ri_table& t) {
  std::string s;
  for (std::size_t k = 0; k < t.values.size(); ++k)
    s += fmt::format("{}{}", k ? ", " : "", t.values[k] == 0 ? std::string("0") : fmt::format("{}", t.values[k]));
  return s;
}

std::string_view origin_name(ri_origin o) {
  switch (o) {
    case ri_origin::table:
      return "table";
    case ri_origin::formula:
      return "alonso_lamata_formula";
    case ri_origin::convention:
      return "convention_n_le_2";
  }
  return "table";
}

void write_table(std::ostream& out, const ahp_result& r) {
  if (r.experts > 1)
    out << "Ma trận so sánh cặp: trung bình nhân của " << r.experts << " ma trận (" << r.file << "), n = " << r.n
        << "\n\n";
  else
    out << "Ma trận so sánh cặp: " << (r.file.empty() ? std::string("(trong bộ nhớ)") : r.file) << ", n = " << r.n
        << "\n\n";
  const std::string h0 = "Phần tử", h1 = "Trọng số (vectơ riêng)", h2 = "Trọng số (trung bình nhân)";
  std::size_t w0 = display_width(h0);
  for (std::size_t k = 0; k < r.n; ++k) w0 = std::max(w0, display_width(label_of(r, k)));
  out << pad(h0, w0) << "  " << pad(h1, display_width(h1)) << "  " << h2 << '\n';
  for (std::size_t k = 0; k < r.n; ++k)
    out << pad(label_of(r, k), w0) << "  " << pad(fmt::format("{:.4f}", r.weights[k]), display_width(h1)) << "  "
        << fmt::format("{:.4f}", r.weights_geometric[k]) << '\n';
  out << '\n';
  out << "λmax = " << fmt::format("{:.4f}", r.lambda_max) << '\n';
  out << "CI   = " << fmt::format("{:.4f}", r.ci) << "   (λmax − n) / (n − 1)\n";
  switch (r.ri_from) {
    case ri_origin::table:
      out << "RI   = " << fmt::format("{}", r.random_index) << "   bảng " << r.table.name << ", n = " << r.n << '\n';
      break;
    case ri_origin::formula:
      out << "RI   = " << fmt::format("{:.4f}", r.random_index) << "   theo công thức Alonso–Lamata (1.7699 n − 4.3513)/(n − 1): bảng "
          << r.table.name << " chỉ có đến n = " << r.table.values.size() << '\n';
      break;
    case ri_origin::convention:
      out << "RI   = 0   n ≤ 2: mọi ma trận nghịch đảo cỡ " << r.n
          << " đều nhất quán, theo quy ước CI = CR = 0\n";
      break;
  }
  out << "CR   = " << fmt::format("{:.4f}", r.cr) << "   CI / RI, ngưỡng " << fmt::format("{:.2f}", r.threshold)
      << ": " << (r.consistent ? "Nhất quán" : "Không nhất quán") << '\n';
  out << "Bảng RI " << r.table.name << " (n = 1.." << r.table.values.size() << "): " << ri_values_text(r.table)
      << "\n  nguồn: " << r.table.source << '\n';
  if (!r.inconsistent.empty()) {
    out << "\nCác phán đoán gây thiếu nhất quán nhiều nhất (phương pháp Saaty, |ln(a_ij·w_j/w_i)|):\n";
    for (const auto& j : r.inconsistent)
      out << "  hàng " << label_of(r, j.row) << ", cột " << label_of(r, j.column) << ": " << judgment_text(j.value)
          << " → giá trị nhất quán " << judgment_text(j.consistent_value) << " (tỉ số trọng số w_i/w_j hiện tại "
          << judgment_text(j.implied_value) << "), CR nếu sửa: " << fmt::format("{:.4f}", j.cr_if_changed) << '\n';
  }
}

void write_json(std::ostream& out, const ahp_result& r) {
  json j;
  j["n"] = r.n;
  j["labels"] = r.labels;
  j["file"] = r.file;
  j["experts"] = r.experts;
  j["weights"] = r.weights;
  j["weights_geometric"] = r.weights_geometric;
  j["lambda_max"] = r.lambda_max;
  j["ci"] = r.ci;
  j["cr"] = r.cr;
  j["random_index"] = r.random_index;
  j["random_index_from"] = std::string(origin_name(r.ri_from));
  j["ri_table"] = {{"name", r.table.name}, {"source", r.table.source}, {"values", r.table.values}};
  j["threshold"] = r.threshold;
  j["consistent"] = r.consistent;
  json list = json::array();
  for (const auto& x : r.inconsistent) {
    json labels = json::array();
    if (!r.labels.empty()) labels = {r.labels[x.row], r.labels[x.column]};
    list.push_back({{"row", x.row + 1},
                    {"column", x.column + 1},
                    {"labels", labels},
                    {"value", x.value},
                    {"error", x.error},
                    {"implied_value", x.implied_value},
                    {"consistent_value", x.consistent_value},
                    {"cr_if_changed", x.cr_if_changed}});
  }
  j["inconsistent_judgments"] = list;
  json matrix = json::array();
  for (std::size_t i = 0; i < r.n; ++i)
    matrix.push_back(std::vector<double>(r.cells.begin() + static_cast<std::ptrdiff_t>(i * r.n),
                                         r.cells.begin() + static_cast<std::ptrdiff_t>((i + 1) * r.n)));
  j["matrix"] = matrix;
  out << j.dump(2) << '\n';
}

std::string csv_text(std::string_view v) {
  std::string s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    s += '\'';
  s.append(v);
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

void write_csv(std::ostream& out, const ahp_result& r) {
  out << "\xEF\xBB\xBF" << "Phần tử,Trọng số (vectơ riêng),Trọng số (trung bình nhân)\r\n";
  for (std::size_t k = 0; k < r.n; ++k)
    out << csv_text(label_of(r, k)) << ',' << fmt::format("{:.6f}", r.weights[k]) << ','
        << fmt::format("{:.6f}", r.weights_geometric[k]) << "\r\n";
}

}  // namespace

void write_ahp(std::ostream& out, const ahp_result& r, output_format format) {
  switch (format) {
    case output_format::table:
      write_table(out, r);
      return;
    case output_format::json:
      write_json(out, r);
      return;
    case output_format::csv:
      write_csv(out, r);
      return;
    case output_format::xlsx:
    case output_format::html: break;
  }
  throw std::invalid_argument("write_ahp: written as table, json or csv");
}

}  // namespace thidua::audit
