// Helpers shared by the audit reports and their writers (report_common.hpp).
#include "audit/report_common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <ostream>

#include "thidua/writers.hpp"

namespace thidua::audit::detail {

std::vector<std::size_t> compared_rows(const decision_matrix& d) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < d.subjects(); ++i)
    if (!d.excluded[i]) rows.push_back(i);
  return rows;
}

std::vector<std::vector<std::size_t>> compared_blocks(const decision_matrix& d) {
  auto blocks = blocks_of(d);
  for (auto& b : blocks) std::erase_if(b, [&](std::size_t i) { return d.excluded[i]; });
  return blocks;
}

Eigen::MatrixXd compared_matrix(const decision_matrix& d, const std::vector<std::size_t>& rows) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), d.x.cols());
  for (std::size_t k = 0; k < rows.size(); ++k)
    x.row(static_cast<Eigen::Index>(k)) = d.x.row(static_cast<Eigen::Index>(rows[k]));
  return x;
}

Eigen::VectorXd rank_score(const std::vector<std::uint32_t>& rank) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(rank.size()));
  for (std::size_t i = 0; i < rank.size(); ++i) v(static_cast<Eigen::Index>(i)) = -static_cast<double>(rank[i]);
  return v;
}

std::vector<std::uint32_t> block_ranks(const Eigen::VectorXd& score, const std::vector<std::vector<std::size_t>>& blocks) {
  std::vector<std::uint32_t> rank(static_cast<std::size_t>(score.size()), 0);
  for (const auto& members : blocks) {
    std::vector<std::size_t> order = members;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return score(static_cast<Eigen::Index>(a)) > score(static_cast<Eigen::Index>(b));
    });
    for (std::size_t k = 0; k < order.size(); ++k) {
      const bool tied = k > 0 && score(static_cast<Eigen::Index>(order[k])) == score(static_cast<Eigen::Index>(order[k - 1]));
      rank[order[k]] = tied ? rank[order[k - 1]] : static_cast<std::uint32_t>(k + 1);
    }
  }
  return rank;
}

double size_weighted_mean(const std::vector<double>& values, const std::vector<std::size_t>& sizes) {
  double sum = 0, weight = 0;
  for (std::size_t b = 0; b < values.size(); ++b) {
    if (sizes[b] == 0) continue;
    sum += values[b] * static_cast<double>(sizes[b]);
    weight += static_cast<double>(sizes[b]);
  }
  return weight > 0 ? sum / weight : 1.0;
}

double mean_over(const Eigen::VectorXd& v, const std::vector<std::size_t>& rows) {
  if (rows.empty()) return 0.0;
  double sum = 0;
  for (std::size_t i : rows) sum += v(static_cast<Eigen::Index>(i));
  return sum / static_cast<double>(rows.size());
}

double covariance_over(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const std::vector<std::size_t>& rows) {
  if (rows.empty()) return 0.0;
  const double ma = mean_over(a, rows), mb = mean_over(b, rows);
  double sum = 0;
  for (std::size_t i : rows)
    sum += (a(static_cast<Eigen::Index>(i)) - ma) * (b(static_cast<Eigen::Index>(i)) - mb);
  return sum / static_cast<double>(rows.size());
}

std::string vn_fixed(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  double r = std::round(v * scale) / scale;
  if (r == 0) r = 0;  // no "-0"
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, r);
  std::string s(buffer);
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string vn_short(double v, int max_decimals) {
  std::string s = vn_fixed(v, max_decimals);
  if (s.find(',') == std::string::npos) return s;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == ',') s.pop_back();
  return s;
}

double json_number(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(v * scale) / scale;
  return r == 0 ? 0.0 : r;
}

void write_text_table(std::ostream& out, const std::vector<text_column>& columns,
                      const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(columns.size());
  for (std::size_t k = 0; k < columns.size(); ++k) width[k] = display_width(columns[k].header);
  for (const auto& row : rows)
    for (std::size_t k = 0; k < columns.size() && k < row.size(); ++k)
      width[k] = std::max(width[k], display_width(row[k]));
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const std::string& cell = k < cells.size() ? cells[k] : std::string();
      const std::size_t w = display_width(cell);
      const std::string fill(width[k] > w ? width[k] - w : 0, ' ');
      if (k > 0) text += "  ";
      text += columns[k].right ? fill + cell : cell + (k + 1 < columns.size() ? fill : std::string());
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  std::vector<std::string> headers;
  for (const auto& c : columns) headers.push_back(c.header);
  line(headers);
  std::size_t total = 0;
  for (std::size_t k = 0; k < columns.size(); ++k) total += width[k] + (k > 0 ? 2 : 0);
  std::string rule;
  for (std::size_t k = 0; k < total; ++k) rule += "─";
  out << rule << '\n';
  for (const auto& row : rows) line(row);
}

}  // namespace thidua::audit::detail
