// thidua/audit/ahp.hpp: weights from pairwise comparisons (AHP), and how consistent they are.
//
// An expert compares the criteria (or the families) two at a time on Saaty's 1–9 scale:
// a_ij = 3 says "i is moderately more important than j", and a_ji = 1/3. From the n × n
// matrix this header derives
//   - the principal-eigenvector weights (Saaty's method) and the row-geometric-mean weights,
//   - λmax, the consistency index CI = (λmax − n)/(n − 1) and ratio CR = CI / RI(n), with RI
//     from a named random-index table (Saaty 1980 by default; docs/audit.md lists them
//     with their sources), and the verdict CR ≤ 0.10,
//   - the judgments that contribute most to the inconsistency, each with the value that
//     would make it agree with the others and the CR the matrix would then have;
// combines several experts' matrices by their element-wise geometric mean (group AHP); and
// writes derived weights into a copy of a scheme (`--write-scheme`).
//
// Floating point is used here (statistics), never in scoring: weights written into a
// scheme become exact decimals there.
//
// Example:
//   auto m = thidua::audit::load_pairwise("chuyen-gia-1.csv");
//   auto r = thidua::audit::ahp(m);                  // r.weights, r.cr, r.consistent
//   thidua::audit::write_ahp(std::cout, r, thidua::output_format::json);
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/error.hpp"
#include "thidua/scheme.hpp"
#include "thidua/writers.hpp"

namespace thidua::audit {

/// A pairwise comparison matrix, row-major: cells[i * n + j] = a_ij, how much more
/// important element i is than element j. After `parse_pairwise` the matrix is exactly
/// reciprocal: of each pair the judgment ≥ 1 is kept as written and its partner is set to
/// its exact reciprocal (so a written 0.33 beside a 3 counts as 1/3), and the diagonal is 1.
struct pairwise_matrix {
  std::size_t n = 0;
  std::vector<double> cells{};
  std::vector<std::string> labels{};  ///< n labels, or empty when the file has none
  std::string file{};                 ///< where it came from, for messages ("" in memory)
  std::size_t experts = 1;            ///< how many matrices were averaged into this one
  // Where each part was in the file (for messages); empty or 0 when built in memory.
  std::vector<std::uint32_t> row_lines{};  ///< the file line of each matrix row
  std::uint32_t label_line = 0;            ///< the line of the label row (0: none)
  std::uint32_t first_column = 1;          ///< the cell number of column 1 (2 after a label column)

  double at(std::size_t i, std::size_t j) const { return cells[i * n + j]; }
};

/// Reciprocity tolerance: a_ij and a_ji are accepted as reciprocal when
/// |a_ij · a_ji − 1| ≤ reciprocal_tolerance, or when the smaller of the two is written as a
/// decimal with at least 2 decimals and is 1 / (the other) rounded to that many decimals
/// (0.33 or 0.333 for 1/3, 0.14 for 1/7, 0.13 or 0.12 for 1/8). The diagonal must be 1 within
/// the same tolerance.
inline constexpr double reciprocal_tolerance = 0.01;

/// Reads a pairwise comparison matrix from CSV: n rows of n judgments (`3`, `1/3`, `0.5`,
/// `0,5`), with an optional label row and/or label column (detected: a first row, or a first
/// column, that is mostly not numbers; an empty top-left cell marks both). Accepts what the
/// score sheets accept: BOM, `sep=;`, `,` `;` or tab, quotes, blank lines, NFD text.
/// Problems: thidua.data.132 (not square), .133 (not reciprocal, or a diagonal not 1),
/// .134 (a cell that is not a positive finite number or fraction), .135 (labels), and
/// .101/.102/.115/io.101 as for other files. Positions: file, line, cell number.
std::optional<pairwise_matrix> parse_pairwise(std::string_view csv, std::string_view file_name, diagnostics& out);
pairwise_matrix parse_pairwise(std::string_view csv, std::string_view file_name = "<matrix>");
std::optional<pairwise_matrix> load_pairwise(const std::filesystem::path& file, diagnostics& out);
pairwise_matrix load_pairwise(const std::filesystem::path& file);

/// Group AHP: the element-wise geometric mean of several experts' matrices (which is
/// reciprocal again). All must have the same size; when they have labels, the same set of
/// labels (a matrix listing them in another order is reordered to the first one's order).
/// Throws input_error: thidua.data.132 for different sizes, .135 for different labels.
pairwise_matrix group_geometric_mean(const std::vector<pairwise_matrix>& experts);

/// A random-index table: RI(n) for n = 1 .. values.size() (values[n − 1]).
struct ri_table {
  std::string name;    ///< "saaty", "saaty2008", "alonso-lamata"
  std::string source;  ///< the publication the values come from
  std::vector<double> values;
};
/// The tables `--ri` accepts, the default ("saaty") first.
const std::vector<ri_table>& ri_tables();
/// The table with this name, or nullptr.
const ri_table* find_ri_table(std::string_view name);
/// Alonso & Lamata (2006)'s linear fit, used for sizes beyond a table:
/// RI(n) = (λ̄max − n)/(n − 1) with λ̄max = 2.7699 n − 4.3513, i.e. (1.7699 n − 4.3513)/(n − 1).
double alonso_lamata_ri(std::size_t n);

/// Where the random index came from.
enum class ri_origin {
  table,        ///< the named table has a value for n
  formula,      ///< n is beyond the table: Alonso–Lamata's linear formula
  convention,   ///< n ≤ 2: every reciprocal matrix is consistent; RI = CI = CR = 0 by convention
};

struct ahp_options {
  std::string ri_table = "saaty";       ///< a name from ri_tables()
  double threshold = 0.10;              ///< consistent when CR ≤ threshold
  std::size_t top_inconsistent = 3;     ///< how many judgments to list (the worst first)
};

/// One judgment that contributes to the inconsistency (Saaty's method: ranked by
/// |ln e_ij|, e_ij = a_ij · w_j / w_i, over the upper triangle i < j).
struct inconsistent_judgment {
  std::size_t row = 0, column = 0;  ///< 0-based matrix indices (i < j)
  double value = 0;                 ///< a_ij as used
  double error = 1;                 ///< e_ij = a_ij · w_j / w_i (1 when it agrees with the weights)
  double implied_value = 0;         ///< w_i / w_j: the value the current weights imply
  /// The value of a_ij (a_ji its reciprocal) that minimises λmax with every other judgment
  /// kept: when this judgment is the only inconsistent one, it makes the matrix consistent.
  double consistent_value = 0;
  double cr_if_changed = 0;         ///< the CR with a_ij = consistent_value
};

struct ahp_result {
  std::size_t n = 0;
  std::vector<std::string> labels{};       ///< as in the matrix (may be empty)
  std::string file{};                      ///< the matrix file, or the files of a group
  std::size_t experts = 1;                 ///< > 1: a group geometric mean
  std::vector<double> cells{};             ///< the matrix used, row-major
  std::vector<double> weights{};           ///< principal eigenvector, Σ = 1, matrix order
  std::vector<double> weights_geometric{}; ///< normalised row geometric means, Σ = 1
  double lambda_max = 0;
  double ci = 0;
  double cr = 0;
  double random_index = 0;
  ri_origin ri_from = ri_origin::table;
  ri_table table{};                        ///< the table asked for (name, source, values)
  double threshold = 0.10;
  bool consistent = true;                  ///< cr <= threshold
  std::vector<inconsistent_judgment> inconsistent{};  ///< worst first, at most top_inconsistent
};

/// Weights and consistency of a matrix. The matrix is checked first (square, cells positive
/// and finite, reciprocal within `reciprocal_tolerance`; input_error with .132–.134
/// otherwise) and made exactly reciprocal as parse_pairwise does. An unknown
/// options.ri_table throws std::invalid_argument (the CLI checks the name first).
/// The eigenvector comes from Eigen's EigenSolver (the eigenvalue with the largest real
/// part, the Perron root of a positive matrix); λmax = mean of (A w)_i / w_i.
ahp_result ahp(const pairwise_matrix& m, const ahp_options& options = {});

/// Which part of a scheme a matrix weighs.
struct scheme_weights {
  enum class level { families, criteria };
  level what = level::families;
  std::string family{};              ///< for criteria: the family whose criteria these are
  std::vector<std::string> ids{};     ///< family or criterion ids, in scheme order
  std::vector<decimal> values{};      ///< new family weights, or new criterion maxima
};

/// Maps AHP weights (Σ = 1, one per label) onto a scheme. Labels are matched to ids (or,
/// failing that, to names). Labels naming every family: each family's weight becomes
/// w × scale. Labels naming every criterion of one family: each criterion's max becomes
/// w × the family's share (its weight, or the sum of its maxima), on a grid of the least
/// common multiple of those criteria's steps (0.0001 without steps). Rounding: largest
/// remainder — every value is rounded down to the grid, then the grid units still missing go
/// to the largest remainders (ties: scheme order) — so the values add up exactly to the
/// scale (or share). Throws input_error thidua.data.135 when the labels are missing, repeat,
/// or are not all the families nor all the criteria of one family (position: the matrix's
/// label), and thidua.scheme.110 when a value would be 0 or the grid does not divide the
/// share.
scheme_weights plan_weights(const scheme& s, const pairwise_matrix& m, const std::vector<double>& weights);

/// A finalized copy of `s` with the planned values: family weights, or criterion maxima (a
/// tiered criterion's tier points scaled by new max ÷ old max, rounded half up to 1/10000).
scheme with_weights(const scheme& s, const scheme_weights& plan);

/// The scheme file's text with the planned values written in: the numbers of the `weight =`
/// (families) or `max =` and tier points (criteria) keys of the matching tables are replaced
/// and a missing family `weight` is added after the family's `id`; every other byte is kept
/// (comments, order, spacing). The result is checked with parse_scheme under `file_name`
/// (so relative `include`/`[members]` paths resolve as for the original); its problems are
/// thrown as input_error.
std::string rewrite_scheme_text(std::string_view toml, std::string_view file_name, const scheme_weights& plan);

/// Reads `scheme_file`, plans the weights of `m` against it, and writes the rewritten text
/// to `out` whole or not at all (write_file_atomically). Returns the plan.
scheme_weights write_scheme_with_weights(const std::filesystem::path& scheme_file, const pairwise_matrix& m,
                                         const std::vector<double>& weights, const std::filesystem::path& out);

/// Renders an AHP result: `table` (Vietnamese, for a terminal), `json` (docs/audit.md:
/// weights, weights_geometric, lambda_max, ci, cr, random_index, ri_table, consistent, ...),
/// `csv` (one row per element: label, weight, geometric-mean weight; UTF-8 with BOM).
void write_ahp(std::ostream& out, const ahp_result& r, output_format format);

}  // namespace thidua::audit
