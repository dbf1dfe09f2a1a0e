// AHP: pairwise comparison matrices, their weights and consistency (include/thidua/audit/ahp.hpp,
// docs/audit.md).
//
//  - reading: a small CSV (io/small_csv.hpp) of judgments such as 3, 1/3, 0.5, with optional
//    labels; every problem reported with its id, line and cell;
//  - computing: principal eigenvector (Eigen::EigenSolver), row geometric means, λmax, CI,
//    CR against a named random-index table, and Saaty's ranking of the judgments that
//    contribute most to the inconsistency, each with the value that minimises λmax;
//  - group AHP: element-wise geometric mean of several experts' matrices;
//  - writing derived weights into a copy of a scheme's TOML text, number by number.
#include "thidua/audit/ahp.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <limits>
#include <map>
#include <numeric>
#include <ostream>
#include <set>
#include <stdexcept>
#include <toml++/toml.h>
#include <unordered_map>

#include "core/text.hpp"
#include "io/small_csv.hpp"
#include "io/table_file.hpp"
#include "thidua/io.hpp"

namespace thidua::audit {
namespace {

using detail::csv_cell;

// ------------------------------------------------------------------ judgments

enum class cell_status { ok, empty, not_a_number, not_finite, zero, negative, division_by_zero };

struct judgment {
  cell_status status = cell_status::empty;
  double value = 0;
  int decimals = -1;  ///< digits after the separator of a plain decimal; -1 for a fraction
};

// A plain decimal: [+-] digits [(.|,) digits]. No exponent, no thousands separators.
bool parse_plain(std::string_view t, double& value, int& decimals, bool& negative) {
  t = detail::trim(t);
  negative = false;
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) {
    negative = t.front() == '-';
    t.remove_prefix(1);
  }
  if (t.empty()) return false;
  std::string normal;
  std::size_t digits = 0, separators = 0;
  decimals = 0;
  for (const char c : t) {
    if (c >= '0' && c <= '9') {
      ++digits;
      if (separators > 0) ++decimals;
      normal += c;
    } else if (c == '.' || c == ',') {
      if (++separators > 1) return false;
      normal += '.';
    } else {
      return false;
    }
  }
  if (digits == 0) return false;
  if (normal.front() == '.') normal.insert(normal.begin(), '0');
  if (normal.back() == '.') normal.push_back('0');
  const auto [end, ec] = std::from_chars(normal.data(), normal.data() + normal.size(), value);
  if (ec != std::errc() || end != normal.data() + normal.size()) return false;
  return true;
}

bool is_non_finite_word(std::string_view t) {
  std::string f;
  for (const char c : detail::trim(t)) f += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (!f.empty() && (f[0] == '+' || f[0] == '-')) f.erase(0, 1);
  return f == "nan" || f == "inf" || f == "infinity" || f == "∞";
}

judgment parse_judgment(std::string_view text) {
  judgment j;
  text = detail::trim(text);
  if (text.empty()) return j;
  if (is_non_finite_word(text)) {
    j.status = cell_status::not_finite;
    return j;
  }
  const auto slash = text.find('/');
  bool negative = false;
  if (slash == std::string_view::npos) {
    if (!parse_plain(text, j.value, j.decimals, negative)) {
      j.status = cell_status::not_a_number;
      return j;
    }
  } else {
    double a = 0, b = 0;
    int da = 0, db = 0;
    bool na = false, nb = false;
    if (!parse_plain(text.substr(0, slash), a, da, na) || !parse_plain(text.substr(slash + 1), b, db, nb)) {
      j.status = cell_status::not_a_number;
      return j;
    }
    if (b == 0) {
      j.status = cell_status::division_by_zero;
      return j;
    }
    negative = na != nb;
    j.value = a / b;
    j.decimals = -1;
  }
  if (!std::isfinite(j.value)) j.status = cell_status::not_finite;
  else if (j.value == 0) j.status = cell_status::zero;
  else if (negative) j.status = cell_status::negative;
  else j.status = cell_status::ok;
  return j;
}

// Looks like a number (even a bad one): such a cell is a judgment, not a label.
bool numeric_looking(std::string_view text) {
  const judgment j = parse_judgment(text);
  return j.status != cell_status::empty && j.status != cell_status::not_a_number;
}

// ------------------------------------------------------------------ reciprocity

bool reciprocal_ok(double a, int a_decimals, double b, int b_decimals) {
  if (std::fabs(a * b - 1) <= reciprocal_tolerance + 1e-12) return true;
  // The smaller one written as a rounded decimal of the other's reciprocal (0.33 for 3).
  const bool a_small = a < b;
  const double small = a_small ? a : b, large = a_small ? b : a;
  const int d = a_small ? a_decimals : b_decimals;
  if (d < 2) return false;
  const double half_unit = 0.5 * std::pow(10.0, -d);
  return std::fabs(small - 1 / large) <= half_unit * (1 + 1e-9);
}

bool diagonal_ok(double a) { return std::fabs(a - 1) <= reciprocal_tolerance + 1e-12; }

// "1/3" for 3, "3" for 1/3, "2/5" for 5/2 (as written), else a decimal.
std::string reciprocal_text(std::string_view written, double value) {
  written = detail::trim(written);
  const auto slash = written.find('/');
  if (slash != std::string_view::npos) {
    const auto num = detail::trim(written.substr(0, slash)), den = detail::trim(written.substr(slash + 1));
    if (num == "1") return std::string(den);
    return std::string(den) + "/" + std::string(num);
  }
  const double r = std::round(value);
  if (std::fabs(value - r) < 1e-9 && r >= 1) return "1/" + fmt::format("{}", static_cast<long long>(r));
  const double inv = 1 / value;
  const double ri = std::round(inv);
  if (std::fabs(inv - ri) < 1e-9) return fmt::format("{}", static_cast<long long>(ri));
  return fmt::format("{:.4g}", inv);
}

std::string number_text(double v) {
  const double r = std::round(v);
  if (std::fabs(v - r) < 1e-9) return fmt::format("{}", static_cast<long long>(r));
  const double inv = 1 / v;
  const double ri = std::round(inv);
  if (v < 1 && std::fabs(inv - ri) < 1e-9) return fmt::format("1/{}", static_cast<long long>(ri));
  return fmt::format("{:.4g}", v);
}

// "row 2 (DV1)" when the matrix has labels.
std::string element_text(const char* what, std::size_t index, const std::vector<std::string>& labels) {
  std::string s = fmt::format("{} {}", what, index + 1);
  if (index < labels.size() && !labels[index].empty()) s += " (" + labels[index] + ")";
  return s;
}

std::string cell_text(std::size_t i, std::size_t j, const std::vector<std::string>& labels) {
  return element_text("row", i, labels) + ", " + element_text("column", j, labels);
}

source_position position_of(const pairwise_matrix& m, std::size_t i, std::size_t j) {
  if (i >= m.row_lines.size()) return {m.file, 0, 0};
  return {m.file, m.row_lines[i], static_cast<std::uint32_t>(m.first_column + j)};
}

// Of each pair keep the judgment >= 1 as written and set its partner to the exact reciprocal.
void make_reciprocal(std::vector<double>& a, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    a[i * n + i] = 1;
    for (std::size_t j = i + 1; j < n; ++j) {
      double& up = a[i * n + j];
      double& low = a[j * n + i];
      if (up >= low) low = 1 / up;
      else up = 1 / low;
    }
  }
}

std::string cell_problem(const judgment& j, std::string_view written, const std::string& where) {
  const std::string shown = written.empty() ? std::string("(empty)") : std::string(written);
  switch (j.status) {
    case cell_status::empty:
      return where + " is empty: every judgment is needed (1 on the diagonal, the reciprocal below it)";
    case cell_status::not_a_number:
      return fmt::format("{} = \"{}\" is not a judgment: expected a positive number or fraction such as 3, 1/3 or 0.5",
                         where, shown);
    case cell_status::not_finite:
      return fmt::format("{} = {} is not a finite number: expected a positive judgment such as 3, 1/3 or 0.5", where,
                         shown);
    case cell_status::zero:
      return fmt::format("{} = {} is zero: a judgment must be above 0 (1/9 to 9 on Saaty's scale)", where, shown);
    case cell_status::negative:
      return fmt::format("{} = {} is negative: a judgment must be above 0 (1/9 to 9 on Saaty's scale)", where, shown);
    case cell_status::division_by_zero:
      return fmt::format("{} = {} divides by zero: expected a positive fraction such as 1/3", where, shown);
    case cell_status::ok:
      break;
  }
  return where;
}

// ------------------------------------------------------------------ the CSV reader

struct raw_cell {
  std::string text;
  std::uint32_t line = 0;
  std::uint32_t column = 0;  // 1-based cell number
  bool quoted = false;
  bool readable = true;      // valid UTF-8
};

struct raw_row {
  std::uint32_t line = 0;
  std::vector<raw_cell> cells;  // trailing empty cells removed
};

class pairwise_reader : detail::small_csv_reader {
 public:
  pairwise_reader(std::string_view csv, std::string_view file, diagnostics& out) : small_csv_reader(csv, file, out) {}

  std::optional<pairwise_matrix> read() {
    if (!start()) return std::nullopt;
    std::vector<raw_row> rows;
    do rows.push_back(take_row());
    while (next_row());
    if (errors_ > 0) return std::nullopt;
    return build(rows);
  }

 private:
  raw_row take_row() {
    raw_row r;
    r.line = row_.line;
    for (std::size_t i = 0; i < row_.cells.size(); ++i) {
      const csv_cell& c = row_.cells[i];
      raw_cell rc;
      rc.line = c.line;
      rc.column = static_cast<std::uint32_t>(i + 1);
      rc.quoted = c.quoted;
      rc.readable = text_of(c, i + 1, rc.text);
      r.cells.push_back(std::move(rc));
    }
    while (!r.cells.empty() && r.cells.back().text.empty() && !r.cells.back().quoted && r.cells.back().readable)
      r.cells.pop_back();
    return r;
  }

  // A row or column of labels: mostly text that is not a number.
  static bool mostly_text(const std::vector<const raw_cell*>& cells) {
    std::size_t text = 0, numbers = 0;
    for (const auto* c : cells) {
      if (c->text.empty()) continue;
      if (numeric_looking(c->text)) ++numbers;
      else ++text;
    }
    return text > numbers;
  }

  std::optional<pairwise_matrix> build(std::vector<raw_row>& rows) {
    const std::size_t before = errors_;
    // Layout: a label row when the first row is mostly text, or starts with an empty corner
    // cell followed by text; a label column when the data rows' first cells are mostly text.
    const raw_row& first = rows.front();
    std::vector<const raw_cell*> first_cells;
    for (const auto& c : first.cells) first_cells.push_back(&c);
    std::vector<const raw_cell*> rest_of_first(first_cells.begin() + (first_cells.empty() ? 0 : 1), first_cells.end());
    const bool corner = !first.cells.empty() && first.cells.front().text.empty() && !first.cells.front().quoted;
    const bool label_row = mostly_text(first_cells) || (corner && mostly_text(rest_of_first));
    const std::size_t data_begin = label_row ? 1 : 0;
    const std::size_t n = rows.size() - data_begin;
    if (n == 0) {
      report(errc::matrix_not_square, first.line, 0,
             std::string("the file has a label row but no rows of judgments below it: expected n rows of n judgments"));
      return std::nullopt;
    }
    std::vector<const raw_cell*> first_of_data;
    for (std::size_t r = data_begin; r < rows.size(); ++r)
      if (!rows[r].cells.empty()) first_of_data.push_back(&rows[r].cells.front());
    bool label_column = mostly_text(first_of_data);
    if (!label_column && label_row && corner) label_column = true;  // the empty corner says so
    const std::size_t offset = label_column ? 1 : 0;

    pairwise_matrix m;
    m.n = n;
    m.file = std::string(file_);
    m.first_column = static_cast<std::uint32_t>(1 + offset);
    m.label_line = label_row ? first.line : 0;

    // Labels.
    std::vector<std::string> row_labels, column_labels;
    std::vector<const raw_cell*> row_label_cells, column_label_cells;
    if (label_row) {
      std::size_t skip = 0;
      if (label_column && first.cells.size() == n + 1) skip = 1;  // a corner cell
      else if (label_column && first.cells.size() != n) skip = 1;  // reported below
      for (std::size_t k = skip; k < first.cells.size(); ++k) {
        row_labels.push_back(first.cells[k].text);
        row_label_cells.push_back(&first.cells[k]);
      }
      if (row_labels.size() != n) {
        report(errc::matrix_labels, first.line, first.cells.empty() ? 0 : first.cells.back().column,
               fmt::format("the label row names {} elements but the matrix has {} rows of judgments: expected {} labels",
                           row_labels.size(), n, n));
      }
      if (!label_column) m.first_column = 1;
    }
    if (label_column) {
      for (std::size_t r = data_begin; r < rows.size(); ++r) {
        const raw_cell* c = rows[r].cells.empty() ? nullptr : &rows[r].cells.front();
        column_labels.push_back(c ? c->text : std::string());
        column_label_cells.push_back(c);
      }
    }
    if (label_row && label_column && row_labels.size() == n) {
      for (std::size_t k = 0; k < n; ++k) {
        if (row_labels[k] == column_labels[k]) continue;
        const raw_cell* c = column_label_cells[k];
        report(errc::matrix_labels, c ? c->line : rows[data_begin + k].line, c ? c->column : 1,
               fmt::format("the label column says \"{}\" on row {} but the label row says \"{}\" in column {}: the "
                           "labels must name the same elements in the same order",
                           column_labels[k], k + 1, row_labels[k], k + 1));
      }
    }
    // The labels the matrix keeps, with where each was written (to check them once).
    const auto& labels = label_row && row_labels.size() == n ? row_labels : column_labels;
    const auto& label_cells = label_row && row_labels.size() == n ? row_label_cells : column_label_cells;
    if (!labels.empty() && labels.size() == n) {
      std::unordered_map<std::string, std::size_t> seen;
      for (std::size_t k = 0; k < n; ++k) {
        const raw_cell* c = label_cells[k];
        const std::uint32_t line = c ? c->line : rows[data_begin + k].line;
        const std::uint32_t column = c ? c->column : 1;
        if (labels[k].empty()) {
          report(errc::matrix_labels, line, column,
                 fmt::format("the label of element {} is empty: every row and column needs a label", k + 1));
          continue;
        }
        const auto [it, inserted] = seen.try_emplace(labels[k], k);
        if (!inserted)
          report(errc::matrix_labels, line, column,
                 fmt::format("label \"{}\" appears twice (elements {} and {}): each element needs its own label",
                             labels[k], it->second + 1, k + 1));
      }
      m.labels = labels;
    }

    // Judgments.
    m.cells.assign(n * n, 0.0);
    std::vector<int> decimals(n * n, -1);
    std::vector<std::string> written(n * n);
    bool cells_ok = true;
    for (std::size_t i = 0; i < n; ++i) {
      const raw_row& row = rows[data_begin + i];
      m.row_lines.push_back(row.line);
      const std::size_t have = row.cells.size() > offset ? row.cells.size() - offset : 0;
      if (have != n) {
        const std::uint32_t column =
            have > n ? row.cells[offset + n].column : static_cast<std::uint32_t>(row.cells.size() + 1);
        report(errc::matrix_not_square, row.line, column,
               fmt::format("row {} has {} judgments but the matrix has {} rows: expected {} judgments in every row",
                           i + 1, have, n, n));
        cells_ok = false;
        continue;
      }
      for (std::size_t j = 0; j < n; ++j) {
        const raw_cell& c = row.cells[offset + j];
        if (!c.readable) {
          cells_ok = false;
          continue;
        }
        const judgment jd = parse_judgment(c.text);
        if (jd.status != cell_status::ok) {
          report(errc::matrix_bad_cell, c.line, c.column, cell_problem(jd, c.text, cell_text(i, j, m.labels)));
          cells_ok = false;
          continue;
        }
        m.cells[i * n + j] = jd.value;
        decimals[i * n + j] = jd.decimals;
        written[i * n + j] = c.text;
      }
    }
    if (cells_ok) {
      for (std::size_t i = 0; i < n; ++i) {
        const raw_row& row = rows[data_begin + i];
        if (!diagonal_ok(m.cells[i * n + i])) {
          const raw_cell& c = row.cells[offset + i];
          report(errc::matrix_not_reciprocal, c.line, c.column,
                 fmt::format("{} is {}: the diagonal must be 1 (an element compared with itself)",
                             cell_text(i, i, m.labels), written[i * n + i]));
        }
        for (std::size_t j = 0; j < i; ++j) {
          // (j, i) is above the diagonal: it was read first; report the cell below.
          if (reciprocal_ok(m.cells[j * n + i], decimals[j * n + i], m.cells[i * n + j], decimals[i * n + j]))
            continue;
          const raw_cell& c = row.cells[offset + j];
          report(errc::matrix_not_reciprocal, c.line, c.column,
                 fmt::format("{} is {} but {} is {}: expected {}", cell_text(j, i, m.labels), written[j * n + i],
                             cell_text(i, j, m.labels), written[i * n + j],
                             reciprocal_text(written[j * n + i], m.cells[j * n + i])));
        }
      }
    }
    if (errors_ > before) return std::nullopt;
    make_reciprocal(m.cells, n);
    return m;
  }
};

// Checks a matrix built in memory: the same rules as the reader, with positions when known.
void check_matrix(const pairwise_matrix& m, diagnostics& out) {
  const std::size_t n = m.n;
  if (n == 0 || m.cells.size() != n * n) {
    out.add(make_diagnostic(errc::matrix_not_square, source_position{m.file, 0, 0},
                            fmt::format("the matrix has {} cells for n = {}: expected n × n = {} judgments, n ≥ 1",
                                        m.cells.size(), n, n * n)));
    return;
  }
  if (!m.labels.empty() && m.labels.size() != n)
    out.add(make_diagnostic(errc::matrix_labels, source_position{m.file, m.label_line, 0},
                            fmt::format("the matrix has {} labels for {} elements", m.labels.size(), n)));
  bool cells_ok = true;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const double v = m.cells[i * n + j];
      if (std::isfinite(v) && v > 0) continue;
      judgment jd;
      jd.status = std::isnan(v) || std::isinf(v) ? cell_status::not_finite : v == 0 ? cell_status::zero
                                                                                     : cell_status::negative;
      out.add(make_diagnostic(errc::matrix_bad_cell, position_of(m, i, j),
                              cell_problem(jd, number_text(v), cell_text(i, j, m.labels))));
      cells_ok = false;
    }
  if (!cells_ok) return;
  for (std::size_t i = 0; i < n; ++i) {
    if (!diagonal_ok(m.at(i, i)))
      out.add(make_diagnostic(errc::matrix_not_reciprocal, position_of(m, i, i),
                              fmt::format("{} is {}: the diagonal must be 1 (an element compared with itself)",
                                          cell_text(i, i, m.labels), number_text(m.at(i, i)))));
    for (std::size_t j = 0; j < i; ++j)
      if (!reciprocal_ok(m.at(j, i), -1, m.at(i, j), -1))
        out.add(make_diagnostic(errc::matrix_not_reciprocal, position_of(m, i, j),
                                fmt::format("{} is {} but {} is {}: expected {}", cell_text(j, i, m.labels),
                                            number_text(m.at(j, i)), cell_text(i, j, m.labels),
                                            number_text(m.at(i, j)), reciprocal_text("", m.at(j, i)))));
  }
}

// ------------------------------------------------------------------ random indices

std::vector<ri_table> make_tables() {
  std::vector<ri_table> t;
  t.push_back({"saaty",
               "Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, New York (random indices for n = 1..15, "
               "as printed, including 1.48 at n = 12)",
               {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59}});
  t.push_back({"saaty2008",
               "Saaty, T. L. (2008). Decision making with the analytic hierarchy process. International Journal of "
               "Services Sciences 1(1), 83-98 (random indices for n = 1..10)",
               {0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49}});
  t.push_back({"alonso-lamata",
               "Alonso, J. A. & Lamata, M. T. (2006). Consistency in the analytic hierarchy process: a new approach. "
               "International Journal of Uncertainty, Fuzziness and Knowledge-Based Systems 14(4), 445-459 (100,000 "
               "random matrices per n = 3..15; beyond: their fit (1.7699 n - 4.3513)/(n - 1))",
               {0, 0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713,
                1.5838}});
  return t;
}

// ------------------------------------------------------------------ linear algebra

Eigen::MatrixXd to_eigen(const std::vector<double>& cells, std::size_t n) {
  const auto size = static_cast<Eigen::Index>(n);
  Eigen::MatrixXd a(size, size);
  for (Eigen::Index i = 0; i < size; ++i)
    for (Eigen::Index j = 0; j < size; ++j) a(i, j) = cells[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(j)];
  return a;
}

struct principal {
  Eigen::VectorXd w;  // Σ = 1
  double lambda = 0;  // mean of (A w)_i / w_i
};

principal principal_of(const Eigen::MatrixXd& a) {
  const Eigen::Index n = a.rows();
  principal p;
  if (n == 1) {
    p.w = Eigen::VectorXd::Ones(1);
    p.lambda = 1;
    return p;
  }
  const Eigen::EigenSolver<Eigen::MatrixXd> solver(a, true);
  if (solver.info() != Eigen::Success) throw std::runtime_error("AHP: the eigenvalue solver did not converge");
  Eigen::Index best = 0;
  for (Eigen::Index k = 1; k < n; ++k)
    if (solver.eigenvalues()(k).real() > solver.eigenvalues()(best).real()) best = k;
  Eigen::VectorXd v = solver.eigenvectors().col(best).real();
  const double sum = v.sum();
  v /= sum;  // the Perron vector has one sign: dividing by the sum makes it positive
  p.w = v;
  const Eigen::VectorXd aw = a * v;
  double total = 0;
  for (Eigen::Index i = 0; i < n; ++i) total += aw(i) / v(i);
  p.lambda = total / static_cast<double>(n);
  return p;
}

// The Perron root of a positive matrix by power iteration from `w` (updated: a warm start for
// the next call), to machine precision; EigenSolver when it does not settle.
double lambda_max_of(const Eigen::MatrixXd& a, Eigen::VectorXd& w) {
  if (a.rows() == 1) return 1;
  double lambda = 0;
  for (int iter = 0; iter < 5000; ++iter) {
    Eigen::VectorXd v = a * w;
    const double next = v.sum() / w.sum();
    v /= v.sum();
    const double change = (v - w).cwiseAbs().maxCoeff();
    w = v;
    if (change < 5e-16 && std::fabs(next - lambda) <= 2e-15 * next) return next;
    lambda = next;
  }
  const Eigen::EigenSolver<Eigen::MatrixXd> solver(a, false);
  double best = -std::numeric_limits<double>::infinity();
  for (Eigen::Index k = 0; k < a.rows(); ++k) best = std::max(best, solver.eigenvalues()(k).real());
  return best;
}

double ci_of(double lambda, std::size_t n) {
  if (n <= 2) return 0;
  return std::max(0.0, (lambda - static_cast<double>(n)) / static_cast<double>(n - 1));
}

// The value of a_ij (a_ji = 1 / a_ij) minimising λmax, every other judgment kept. λmax is a
// convex function of t = ln a_ij (Bozóki, Fülöp & Rónyai 2010), with derivative
// dλ/dt = (v_i a_ij w_j − v_j a_ji w_i) / (v·w), v and w the left and right Perron vectors;
// bisection on the sign of that derivative finds the minimum to machine precision. The
// bracket spans ln a_ij and the indirect judgments ln(a_ik·a_kj), widened until the
// derivative changes sign inside it.
double best_value(Eigen::MatrixXd a, Eigen::Index i, Eigen::Index j, const Eigen::VectorXd& start) {
  const Eigen::Index n = a.rows();
  double lo = std::log(a(i, j)), hi = lo;
  for (Eigen::Index k = 0; k < n; ++k) {
    if (k == i || k == j) continue;
    const double t = std::log(a(i, k) * a(k, j));
    lo = std::min(lo, t);
    hi = std::max(hi, t);
  }
  lo -= 1;
  hi += 1;
  Eigen::VectorXd w = start, v = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
  const auto slope = [&](double t) {
    a(i, j) = std::exp(t);
    a(j, i) = std::exp(-t);
    (void)lambda_max_of(a, w);
    const Eigen::MatrixXd at = a.transpose();
    (void)lambda_max_of(at, v);
    return v(i) * a(i, j) * w(j) - v(j) * a(j, i) * w(i);
  };
  for (int widen = 0; widen < 20 && slope(lo) > 0; ++widen) lo -= hi - lo;
  for (int widen = 0; widen < 20 && slope(hi) < 0; ++widen) hi += hi - lo;
  for (int iter = 0; iter < 200; ++iter) {
    const double mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (slope(mid) < 0) lo = mid;
    else hi = mid;
  }
  return std::exp((lo + hi) / 2);
}

// ------------------------------------------------------------------ scheme rewriting

std::int64_t gcd64(std::int64_t a, std::int64_t b) { return std::gcd(a, b); }

// Byte offset of a toml++ position (1-based line, 1-based column counted in code points).
class line_index {
 public:
  explicit line_index(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (std::size_t k = 0; k < text.size(); ++k)
      if (text[k] == '\n') starts_.push_back(k + 1);
  }
  std::size_t offset(std::uint32_t line, std::uint32_t column) const {
    std::size_t p = line >= 1 && line <= starts_.size() ? starts_[line - 1] : text_.size();
    for (std::uint32_t c = 1; c < column && p < text_.size(); ++c) {
      ++p;
      while (p < text_.size() && (static_cast<unsigned char>(text_[p]) & 0xC0) == 0x80) ++p;
    }
    return p;
  }
  /// The offset just after the end of `line` (past its '\n'), and the line break it uses.
  std::size_t after_line(std::uint32_t line, std::string& newline) const {
    const std::size_t next = line < starts_.size() ? starts_[line] : text_.size();
    newline = next >= 2 && text_[next - 2] == '\r' ? "\r\n" : "\n";
    return next;
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

struct edit {
  std::size_t begin, end;
  std::string text;
};

std::string_view source_text(std::string_view text, const line_index& lines, const toml::node& n) {
  const auto b = lines.offset(n.source().begin.line, n.source().begin.column);
  const auto e = lines.offset(n.source().end.line, n.source().end.column);
  return e > b ? text.substr(b, e - b) : std::string_view();
}

decimal node_decimal(std::string_view text, const line_index& lines, const toml::node& n) {
  const auto parsed = decimal::parse(source_text(text, lines, n), true);
  if (parsed.status == decimal::parse_status::ok) return parsed.value;
  if (const auto v = n.value<double>()) {
    const auto again = decimal::parse(fmt::format("{}", *v), true);
    if (again.status == decimal::parse_status::ok) return again.value;
  }
  throw std::invalid_argument("not a number in the scheme: " + std::string(source_text(text, lines, n)));
}

}  // namespace

// ====================================================================== public API

std::optional<pairwise_matrix> parse_pairwise(std::string_view csv, std::string_view file_name, diagnostics& out) {
  return pairwise_reader(csv, file_name, out).read();
}

pairwise_matrix parse_pairwise(std::string_view csv, std::string_view file_name) {
  return detail::or_throw([&](diagnostics& d) { return parse_pairwise(csv, file_name, d); });
}

std::optional<pairwise_matrix> load_pairwise(const std::filesystem::path& file, diagnostics& out) {
  // A CSV file, or the matrix as a council member fills it in Excel.
  return detail::load_table_file(file, out, [](std::string_view csv, std::string_view name, diagnostics& d) {
    return parse_pairwise(csv, name, d);
  });
}

pairwise_matrix load_pairwise(const std::filesystem::path& file) {
  return detail::or_throw([&](diagnostics& d) { return load_pairwise(file, d); });
}

pairwise_matrix group_geometric_mean(const std::vector<pairwise_matrix>& experts) {
  if (experts.empty()) throw std::invalid_argument("group_geometric_mean: no matrices");
  diagnostics problems;
  for (const auto& m : experts) check_matrix(m, problems);
  if (!problems.empty()) throw input_error(std::move(problems));
  const pairwise_matrix& first = experts.front();
  const std::size_t n = first.n;
  // The labels: of the first matrix that has them.
  std::vector<std::string> labels;
  for (const auto& m : experts)
    if (!m.labels.empty()) {
      labels = m.labels;
      break;
    }
  std::vector<double> logs(n * n, 0.0);
  std::string files;
  std::size_t count = 0;
  for (const auto& m : experts) {
    if (m.n != n) {
      problems.add(make_diagnostic(
          errc::matrix_not_square, source_position{m.file, 0, 0},
          fmt::format("the matrix is {} × {} but {} is {} × {}: group AHP needs every expert's matrix of the same size",
                      m.n, m.n, first.file.empty() ? std::string("the first") : first.file, n, n)));
      continue;
    }
    // Element k of this matrix is element order[k] of the group's.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (!m.labels.empty() && !labels.empty() && m.labels != labels) {
      std::map<std::string, std::size_t> where;
      for (std::size_t k = 0; k < n; ++k) where[labels[k]] = k;
      bool same_set = true;
      std::string unknown;
      for (std::size_t k = 0; k < n; ++k) {
        const auto it = where.find(m.labels[k]);
        if (it == where.end()) {
          same_set = false;
          unknown += (unknown.empty() ? "" : ", ") + m.labels[k];
        } else {
          order[k] = it->second;
        }
      }
      if (!same_set) {
        problems.add(make_diagnostic(errc::matrix_labels, source_position{m.file, m.label_line, 0},
                                     fmt::format("labels {} are not in the first matrix ({}): every expert must compare "
                                                 "the same elements",
                                                 unknown, fmt::join(labels, ", "))));
        continue;
      }
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) logs[order[i] * n + order[j]] += std::log(m.at(i, j));
    files += (files.empty() ? "" : ", ") + m.file;
    count += m.experts;
  }
  if (!problems.empty()) throw input_error(std::move(problems));
  pairwise_matrix g;
  g.n = n;
  g.labels = labels;
  g.file = files;
  g.experts = count;
  g.cells.resize(n * n);
  const auto k = static_cast<double>(experts.size());
  for (std::size_t c = 0; c < n * n; ++c) g.cells[c] = std::exp(logs[c] / k);
  make_reciprocal(g.cells, n);
  return g;
}

const std::vector<ri_table>& ri_tables() {
  static const std::vector<ri_table> tables = make_tables();
  return tables;
}

const ri_table* find_ri_table(std::string_view name) {
  for (const auto& t : ri_tables())
    if (t.name == name) return &t;
  return nullptr;
}

double alonso_lamata_ri(std::size_t n) {
  if (n <= 2) return 0;
  const auto x = static_cast<double>(n);
  return (1.7699 * x - 4.3513) / (x - 1);
}

ahp_result ahp(const pairwise_matrix& input, const ahp_options& options) {
  const ri_table* table = find_ri_table(options.ri_table);
  if (!table) throw std::invalid_argument("unknown random-index table: " + options.ri_table);
  diagnostics problems;
  check_matrix(input, problems);
  if (!problems.empty()) throw input_error(std::move(problems));

  const std::size_t n = input.n;
  ahp_result r;
  r.n = n;
  r.labels = input.labels;
  r.file = input.file;
  r.experts = input.experts;
  r.cells = input.cells;
  make_reciprocal(r.cells, n);
  r.table = *table;
  r.threshold = options.threshold;

  const Eigen::MatrixXd a = to_eigen(r.cells, n);
  const principal p = principal_of(a);
  r.weights.assign(p.w.data(), p.w.data() + p.w.size());
  r.lambda_max = p.lambda;

  // Row geometric means, normalised.
  std::vector<double> g(n);
  double g_sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double s = 0;
    for (std::size_t j = 0; j < n; ++j) s += std::log(r.cells[i * n + j]);
    g[i] = std::exp(s / static_cast<double>(n));
    g_sum += g[i];
  }
  for (auto& x : g) x /= g_sum;
  r.weights_geometric = std::move(g);

  // RI: by convention 0 for n <= 2; from the table when it has n; else Alonso–Lamata's fit.
  if (n <= 2) {
    r.ri_from = ri_origin::convention;
    r.random_index = 0;
  } else if (n <= table->values.size()) {
    r.ri_from = ri_origin::table;
    r.random_index = table->values[n - 1];
  } else {
    r.ri_from = ri_origin::formula;
    r.random_index = alonso_lamata_ri(n);
  }
  r.ci = ci_of(r.lambda_max, n);
  r.cr = r.random_index > 0 ? r.ci / r.random_index : 0;
  r.consistent = r.cr <= options.threshold;

  // Saaty's ranking of the judgments by |ln e_ij|, e_ij = a_ij w_j / w_i.
  if (n >= 3 && options.top_inconsistent > 0) {
    struct candidate {
      double size;
      std::size_t i, j;
    };
    std::vector<candidate> all;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) {
        const double e = r.cells[i * n + j] * r.weights[j] / r.weights[i];
        const double size = std::fabs(std::log(e));
        if (size > 1e-9) all.push_back({size, i, j});
      }
    std::stable_sort(all.begin(), all.end(), [](const candidate& x, const candidate& y) { return x.size > y.size; });
    if (all.size() > options.top_inconsistent) all.resize(options.top_inconsistent);
    for (const auto& c : all) {
      inconsistent_judgment ij;
      ij.row = c.i;
      ij.column = c.j;
      ij.value = r.cells[c.i * n + c.j];
      ij.error = ij.value * r.weights[c.j] / r.weights[c.i];
      ij.implied_value = r.weights[c.i] / r.weights[c.j];
      const auto ei = static_cast<Eigen::Index>(c.i), ej = static_cast<Eigen::Index>(c.j);
      ij.consistent_value = best_value(a, ei, ej, p.w);
      Eigen::MatrixXd changed = a;
      changed(ei, ej) = ij.consistent_value;
      changed(ej, ei) = 1 / ij.consistent_value;
      const double ci = ci_of(principal_of(changed).lambda, n);
      ij.cr_if_changed = r.random_index > 0 ? ci / r.random_index : 0;
      r.inconsistent.push_back(ij);
    }
  }
  return r;
}

// ------------------------------------------------------------------ --write-scheme

scheme_weights plan_weights(const scheme& s, const pairwise_matrix& m, const std::vector<double>& weights) {
  const std::size_t n = m.n;
  if (weights.size() != n) throw std::invalid_argument("plan_weights: one weight per element is needed");
  const auto label_at = [&](std::size_t k) -> source_position {
    if (m.label_line > 0) return {m.file, m.label_line, static_cast<std::uint32_t>(m.first_column + k)};
    if (k < m.row_lines.size()) return {m.file, m.row_lines[k], 1};
    return {m.file, 0, 0};
  };
  if (m.labels.size() != n)
    throw input_error(make_diagnostic(
        errc::matrix_labels, source_position{m.file, 0, 0},
        std::string("the matrix has no labels: --write-scheme needs a label row or column naming the scheme's "
                    "families or the criteria of one family (their ids)")));
  const auto find_family = [&](const std::string& label) -> std::ptrdiff_t {
    if (const auto f = s.find_family(label); f >= 0) return f;
    for (std::size_t f = 0; f < s.families.size(); ++f)
      if (s.families[f].name == label) return static_cast<std::ptrdiff_t>(f);
    return -1;
  };
  const auto find_criterion = [&](const std::string& label) -> std::ptrdiff_t {
    if (const auto c = s.find_criterion(label); c >= 0) return c;
    for (std::size_t c = 0; c < s.criteria.size(); ++c)
      if (s.criteria[c].name == label) return static_cast<std::ptrdiff_t>(c);
    return -1;
  };
  std::vector<std::ptrdiff_t> fam(n), crit(n);
  std::size_t families_named = 0, criteria_named = 0;
  for (std::size_t k = 0; k < n; ++k) {
    fam[k] = find_family(m.labels[k]);
    crit[k] = find_criterion(m.labels[k]);
    families_named += fam[k] >= 0;
    criteria_named += crit[k] >= 0;
  }

  scheme_weights plan;
  std::vector<std::size_t> target(n);  // scheme index (family or criterion) of element k
  decimal total;
  std::int64_t grid = 1;
  // Reports labels that are not the expected set: unknown ones, repeated ones, missing ones.
  const auto mismatch = [&](const std::string& expected, const std::vector<std::ptrdiff_t>& index,
                            const std::vector<std::string>& ids, const std::vector<std::size_t>& wanted) {
    std::string unknown, missing;
    std::uint32_t first_bad = 0;
    std::set<std::ptrdiff_t> got;
    for (std::size_t k = 0; k < n; ++k) {
      const bool ok = index[k] >= 0 && std::find(wanted.begin(), wanted.end(), static_cast<std::size_t>(index[k])) !=
                                           wanted.end();
      if (!ok || !got.insert(index[k]).second) {
        unknown += (unknown.empty() ? "" : ", ") + m.labels[k];
        if (first_bad == 0) first_bad = static_cast<std::uint32_t>(k + 1);
      }
    }
    for (const std::size_t w : wanted)
      if (!got.count(static_cast<std::ptrdiff_t>(w))) missing += (missing.empty() ? "" : ", ") + ids[w];
    std::string message = fmt::format("the labels must name {} exactly once", expected);
    if (!unknown.empty()) message += "; not among them (or repeated): " + unknown;
    if (!missing.empty()) message += "; missing: " + missing;
    throw input_error(make_diagnostic(errc::matrix_labels, first_bad > 0 ? label_at(first_bad - 1) : label_at(0),
                                      message));
  };

  if (families_named > 0 && families_named >= criteria_named) {
    std::vector<std::string> ids;
    std::vector<std::size_t> wanted;
    for (std::size_t f = 0; f < s.families.size(); ++f) {
      ids.push_back(s.families[f].id);
      wanted.push_back(f);
    }
    std::set<std::ptrdiff_t> distinct(fam.begin(), fam.end());
    if (families_named != n || n != s.families.size() || distinct.size() != n)
      mismatch(fmt::format("every family of scheme {} ({})", s.id, fmt::join(ids, ", ")), fam, ids, wanted);
    plan.what = scheme_weights::level::families;
    for (std::size_t k = 0; k < n; ++k) target[k] = static_cast<std::size_t>(fam[k]);
    total = s.scale;
  } else if (criteria_named > 0) {
    // The family of the first named criterion.
    std::size_t f = 0;
    for (std::size_t k = 0; k < n; ++k)
      if (crit[k] >= 0) {
        f = s.criteria[static_cast<std::size_t>(crit[k])].family_index;
        break;
      }
    const family& fm = s.families[f];
    std::vector<std::string> ids(s.criteria.size());
    for (std::size_t c = 0; c < s.criteria.size(); ++c) ids[c] = s.criteria[c].id;
    std::vector<std::string> own;
    for (const std::size_t c : fm.criteria) own.push_back(s.criteria[c].id);
    std::set<std::ptrdiff_t> distinct(crit.begin(), crit.end());
    bool all_in_family = criteria_named == n && distinct.size() == n && n == fm.criteria.size();
    for (std::size_t k = 0; k < n && all_in_family; ++k)
      all_in_family = s.criteria[static_cast<std::size_t>(crit[k])].family_index == f;
    if (!all_in_family)
      mismatch(fmt::format("every criterion of family {} ({}), or every family", fm.id, fmt::join(own, ", ")), crit,
               ids, fm.criteria);
    plan.what = scheme_weights::level::criteria;
    plan.family = fm.id;
    for (std::size_t k = 0; k < n; ++k) target[k] = static_cast<std::size_t>(crit[k]);
    total = family_share(s, f);
    // A grid every step divides: their least common multiple, in units.
    for (const std::size_t c : fm.criteria)
      if (s.criteria[c].step && s.criteria[c].step->units() > 0) {
        const std::int64_t st = s.criteria[c].step->units();
        grid = grid / gcd64(grid, st) * st;
      }
    if (total.units() % grid != 0)
      throw input_error(make_diagnostic(
          errc::invalid_value, source_position{s.file, fm.site.line, fm.site.column},
          "steps of the criteria of family " + fm.id, decimal::from_units(grid).to_short_string(),
          fmt::format("a common step that divides the family's share {}, so that maxima in whole steps add up to it; "
                      "change the steps or write the maxima by hand",
                      total.to_short_string())));
  } else {
    std::vector<std::string> fids;
    for (const auto& fm : s.families) fids.push_back(fm.id);
    throw input_error(make_diagnostic(
        errc::matrix_labels, label_at(0),
        fmt::format("none of the labels ({}) is a family or criterion of scheme {}: name its families ({}) or the "
                    "criteria of one family",
                    fmt::join(m.labels, ", "), s.id, fmt::join(fids, ", "))));
  }

  // Largest remainder on the grid: floor every share, hand out the missing grid units to the
  // largest remainders (ties: scheme order), so the values add up exactly to `total`.
  double sum = 0;
  for (const double w : weights) sum += w;
  const std::int64_t slots = total.units() / grid;
  struct share {
    std::size_t k;
    std::int64_t base;
    double rest;
  };
  std::vector<share> shares;
  std::int64_t given = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double exact = weights[k] / sum * static_cast<double>(slots);
    const auto base = static_cast<std::int64_t>(std::floor(exact));
    shares.push_back({k, base, exact - static_cast<double>(base)});
    given += base;
  }
  std::vector<std::size_t> by_rest(n);
  std::iota(by_rest.begin(), by_rest.end(), std::size_t{0});
  // Remainders equal to 1e-9 of a grid unit count as ties (floating-point noise).
  const auto rest_key = [&](std::size_t x) { return std::llround(shares[x].rest * 1e9); };
  std::sort(by_rest.begin(), by_rest.end(), [&](std::size_t x, std::size_t y) {
    if (rest_key(x) != rest_key(y)) return rest_key(x) > rest_key(y);
    return target[x] < target[y];
  });
  for (std::int64_t left = slots - given, r = 0; left > 0; --left, ++r)
    ++shares[by_rest[static_cast<std::size_t>(r) % n]].base;
  // Floating point may floor one share too high: take it back from the smallest remainders.
  for (std::int64_t over = given - slots, r = 0; over > 0; --over, ++r)
    --shares[by_rest[n - 1 - static_cast<std::size_t>(r) % n]].base;

  // In scheme order.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return target[x] < target[y]; });
  for (const std::size_t k : order) {
    const decimal v = decimal::from_units(shares[k].base * grid);
    const std::string& id =
        plan.what == scheme_weights::level::families ? s.families[target[k]].id : s.criteria[target[k]].id;
    if (v <= decimal{}) {
      const definition_site site = plan.what == scheme_weights::level::families ? s.families[target[k]].site
                                                                                : s.criteria[target[k]].site;
      throw input_error(make_diagnostic(errc::invalid_value, source_position{s.file, site.line, site.column},
                                        (plan.what == scheme_weights::level::families ? "family." : "criterion.") + id,
                                        v.to_short_string(),
                                        fmt::format("a value above 0: the AHP weight {:.6f} rounds to 0 on a grid of {}",
                                                    weights[k] / sum, decimal::from_units(grid).to_short_string())));
    }
    plan.ids.push_back(id);
    plan.values.push_back(v);
  }
  return plan;
}

scheme with_weights(const scheme& s, const scheme_weights& plan) {
  scheme copy = s;
  for (std::size_t k = 0; k < plan.ids.size(); ++k) {
    if (plan.what == scheme_weights::level::families) {
      const auto f = copy.find_family(plan.ids[k]);
      if (f < 0) throw std::invalid_argument("with_weights: unknown family " + plan.ids[k]);
      copy.families[static_cast<std::size_t>(f)].weight = plan.values[k];
    } else {
      const auto c = copy.find_criterion(plan.ids[k]);
      if (c < 0) throw std::invalid_argument("with_weights: unknown criterion " + plan.ids[k]);
      criterion& cr = copy.criteria[static_cast<std::size_t>(c)];
      for (auto& t : cr.tiers) t.points = mul_div(t.points, plan.values[k], cr.max, rounding::half_up);
      cr.max = plan.values[k];
    }
  }
  finalize_scheme(copy);
  return copy;
}

std::string rewrite_scheme_text(std::string_view text, std::string_view file_name, const scheme_weights& plan) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(file_name));
  } catch (const toml::parse_error& e) {
    throw input_error(make_diagnostic(errc::toml_syntax,
                                      source_position{std::string(file_name), e.source().begin.line,
                                                      e.source().begin.column},
                                      std::string(e.description())));
  }
  const line_index lines(text);
  std::map<std::string, decimal> wanted;
  for (std::size_t k = 0; k < plan.ids.size(); ++k) wanted[plan.ids[k]] = plan.values[k];
  std::set<std::string> done;
  std::vector<edit> edits;
  const auto replace = [&](const toml::node& n, const std::string& with) {
    edits.push_back({lines.offset(n.source().begin.line, n.source().begin.column),
                     lines.offset(n.source().end.line, n.source().end.column), with});
  };
  const bool families = plan.what == scheme_weights::level::families;
  if (const toml::array* list = root[families ? "family" : "criterion"].as_array()) {
    for (const toml::node& item : *list) {
      const toml::table* t = item.as_table();
      if (!t) continue;
      const toml::node* id = t->get("id");
      if (!id || !id->is_string()) continue;
      const std::string key = id->as_string()->get();
      const auto it = wanted.find(key);
      if (it == wanted.end() || !done.insert(key).second) continue;
      const std::string value = it->second.to_short_string();
      if (families) {
        if (const toml::node* w = t->get("weight")) {
          replace(*w, value);
        } else if (t->is_inline()) {
          const auto at = lines.offset(id->source().end.line, id->source().end.column);
          edits.push_back({at, at, ", weight = " + value});
        } else {
          std::string newline;
          const auto at = lines.after_line(id->source().end.line, newline);
          std::string line = "weight = " + value + newline;
          if (at == text.size() && !text.empty() && text.back() != '\n') line = newline + "weight = " + value;
          edits.push_back({at, at, line});
        }
        continue;
      }
      const toml::node* max = t->get("max");
      if (!max) continue;
      const decimal old_max = node_decimal(text, lines, *max);
      replace(*max, value);
      if (const toml::array* tiers = t->get_as<toml::array>("tiers"); tiers && old_max > decimal{}) {
        for (const toml::node& tier : *tiers) {
          const toml::array* pair = tier.as_array();
          if (!pair || pair->size() < 2) continue;
          const toml::node& points = *pair->get(1);
          const decimal p = node_decimal(text, lines, points);
          replace(points, mul_div(p, it->second, old_max, rounding::half_up).to_short_string());
        }
      }
    }
  }
  for (const auto& id : plan.ids)
    if (!done.count(id))
      throw std::invalid_argument("rewrite_scheme_text: " + std::string(families ? "family " : "criterion ") + id +
                                  " is not a table of the scheme text");
  std::sort(edits.begin(), edits.end(), [](const edit& x, const edit& y) { return x.begin > y.begin; });
  std::string result(text);
  for (const auto& e : edits) result.replace(e.begin, e.end - e.begin, e.text);
  diagnostics problems;
  if (!parse_scheme(result, file_name, problems)) throw input_error(std::move(problems));
  return result;
}

scheme_weights write_scheme_with_weights(const std::filesystem::path& scheme_file, const pairwise_matrix& m,
                                         const std::vector<double>& weights, const std::filesystem::path& out) {
  const std::string text = read_file(scheme_file);
  const scheme s = parse_scheme(text, scheme_file.string());
  scheme_weights plan = plan_weights(s, m, weights);
  const std::string rewritten = rewrite_scheme_text(text, scheme_file.string(), plan);
  // The values must have landed where planned.
  const scheme check = parse_scheme(rewritten, scheme_file.string());
  for (std::size_t k = 0; k < plan.ids.size(); ++k) {
    const bool ok = plan.what == scheme_weights::level::families
                        ? check.families[static_cast<std::size_t>(check.find_family(plan.ids[k]))].weight ==
                              std::optional<decimal>(plan.values[k])
                        : check.criteria[static_cast<std::size_t>(check.find_criterion(plan.ids[k]))].max ==
                              plan.values[k];
    if (!ok) throw std::logic_error("--write-scheme: the value of " + plan.ids[k] + " did not land in the scheme");
  }
  write_file_atomically(out, [&](std::ostream& os) { os << rewritten; });
  return plan;
}

}  // namespace thidua::audit
