// Internal: small helpers the influence, diff, objective and methods reports share (which
// subjects are compared, blocks, correlations over blocks) and the text helpers their writers
// share (Vietnamese numbers, aligned tables, JSON rounding).
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "audit/matrix.hpp"

namespace thidua::audit::detail {

/// Subjects the audit compares: every row not excluded by a veto.
std::vector<std::size_t> compared_rows(const decision_matrix& d);
/// The compared rows of each block (blocks in the matrix's order; a block may be empty).
std::vector<std::vector<std::size_t>> compared_blocks(const decision_matrix& d);

/// The performance rows (x) of `rows`, in that order.
Eigen::MatrixXd compared_matrix(const decision_matrix& d, const std::vector<std::size_t>& rows);

/// −rank as a vector (larger is better), for the rank correlations.
Eigen::VectorXd rank_score(const std::vector<std::uint32_t>& rank);

/// Competition ranks inside each block by `score` (larger is better); rows outside the blocks get 0.
std::vector<std::uint32_t> block_ranks(const Eigen::VectorXd& score, const std::vector<std::vector<std::size_t>>& blocks);

/// Σ value × size ÷ Σ size over blocks with at least one subject (1 when there is none).
double size_weighted_mean(const std::vector<double>& values, const std::vector<std::size_t>& sizes);

/// Population mean and covariance over `rows`.
double mean_over(const Eigen::VectorXd& v, const std::vector<std::size_t>& rows);
double covariance_over(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const std::vector<std::size_t>& rows);

// ---------------------------------------------------------------- text

/// A number with a decimal comma and exactly `decimals` decimals: 4.1 → "4,1"; −0 prints "0".
std::string vn_fixed(double v, int decimals);
/// The same with trailing zeros (and a trailing comma) removed: 30.0 → "30", 8.50 → "8,5".
std::string vn_short(double v, int max_decimals);
/// Rounded to `decimals` places for JSON, so that the shortest representation is short.
double json_number(double v, int decimals = 6);

struct text_column {
  std::string header{};
  bool right = false;  ///< right-aligned (numbers)
};
/// An aligned table by display width (Vietnamese text), two spaces between columns, a rule
/// under the header.
void write_text_table(std::ostream& out, const std::vector<text_column>& columns,
                      const std::vector<std::vector<std::string>>& rows);

}  // namespace thidua::audit::detail
