// thidua/audit/influence.hpp: what the weights say and what they do (docs/audit.md).
//
//  - audit_weights:   the nominal weights as the scheme defines them: each criterion's and
//                     family's share of the scale, the checks that they add up, criteria whose
//                     maximum no rule can give and criteria that can never matter;
//  - audit_influence: on actual scores, each family's and criterion's nominal share next to
//                     its effective influence: its share of the variance of totals, and what
//                     changes (classes, block ranks, Kendall τ) when it is left out;
//  - audit_diff:      two schemes (last year's and this year's, or a proposal) ranked by the
//                     engine on the same subjects: who changes class or rank, and the rank
//                     correlations per emulation block.
//
// Shares and weights are in percent (0–100), correlations in −1..1. Reports are plain data;
// the writers render them as a Vietnamese table or as JSON with English keys.
//
// Example:
//   auto s  = thidua::load_scheme("truong-hoc.toml");
//   auto sh = thidua::load_sheet(s, "diem.csv");
//   auto r  = thidua::audit::audit_influence(s, sh);
//   for (const auto& f : r.families) std::cout << thidua::audit::influence_sentence(r, f) << '\n';
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "thidua/scheme.hpp"
#include "thidua/scores.hpp"
#include "thidua/writers.hpp"

namespace thidua::audit {

// ------------------------------------------------------------------ audit weights

/// One criterion's nominal weight. Points are points of the scale unless said otherwise.
struct criterion_weight {
  std::string id{}, name{};
  std::string family{};          ///< the family's id
  double max = 0;                ///< the criterion's maximum, in its own points
  double weight = 0;             ///< its weight on the scale: family share × max ÷ family's criteria maxima
  double share_of_scale = 0;     ///< percent: weight ÷ scale
  double share_of_family = 0;    ///< percent: max ÷ family's criteria maxima
  double best_points = 0;        ///< the most its rule can give, in its own points (≤ max)
  double reachable_weight = 0;   ///< weight × best_points ÷ max: what its best result adds to a total
  /// The smallest non-zero change one step of its rule makes to a total (a step of assessor
  /// points, a yes, one failure, the smallest gap between tiers; 1/10000 of a point for
  /// linear rules and points without a step), on the scale.
  double smallest_step = 0;
  bool max_unreachable = false;  ///< no value gives the maximum (the best tier gives less)
  bool never_matters = false;    ///< no value gives any point (the best tier gives 0)
  bool below_precision = false;  ///< gives something, but less than one unit of the published precision
};

struct family_weight {
  std::string id{}, name{};
  double weight = 0;            ///< its share of the scale in points (its weight, or its criteria maxima)
  double share_of_scale = 0;    ///< percent
  double criteria_max = 0;      ///< Σ of its criteria maxima
  double scale_factor = 1;      ///< weight ÷ criteria_max: what one criterion point is worth on the scale
  double reachable = 0;         ///< Σ of its criteria's reachable weights
  std::vector<std::string> criteria{};  ///< ids, in scheme order
};

/// Whether a class can be reached at all with the best results every rule can give.
struct class_reach {
  std::string id{}, name{};
  double min = 0;
  bool reachable = true;        ///< min ≤ best total (with the largest bonus) and every min_family ≤ the family's best
  std::string blocked_by{};     ///< "total" or the id of the family whose minimum cannot be met ("" when reachable)
};

struct weights_report {
  std::string scheme_id{}, scheme_title{};
  double scale = 0;
  int precision = 2;
  double bonus_max = 0, deduction_max = 0;
  double families_sum = 0;       ///< Σ family shares (points)
  double criteria_sum = 0;       ///< Σ criterion weights (points)
  bool adds_up = true;           ///< both sums equal the scale, and each family's criteria shares add up to 100%
  double reachable_total = 0;    ///< Σ reachable weights: the best total without bonus
  std::vector<family_weight> families{};
  std::vector<criterion_weight> criteria{};
  std::vector<class_reach> classes{};
};

/// The scheme's nominal weights (a finalized scheme).
weights_report audit_weights(const scheme& s);

// ------------------------------------------------------------------ audit influence

/// A family's or a criterion's nominal share and effective influence.
struct influence_line {
  std::string id{}, name{};
  std::string family{};          ///< a criterion's family id; "" for a family
  double nominal_share = 0;      ///< percent of the scale
  /// Percent of the variance of totals it explains: 100 × cov(part, total) ÷ var(total), where
  /// part = w x (a criterion) or the family subtotal. Over criteria and bonus − deduction the
  /// shares add up to 100 (they can be negative).
  double variance_share = 0;
  bool removable = true;         ///< false for the only family of a scheme (nothing would be left)
  std::size_t classes_changed = 0;  ///< compared subjects whose class changes without it
  std::size_t ranks_changed = 0;    ///< compared subjects whose rank in the block changes without it
  double tau = 1;                ///< Kendall τ-b between the totals with and without it
  double tau_blocks = 1;         ///< Kendall τ-b between block rankings with and without it, mean over blocks weighted by size
  bool constant = false;         ///< every compared subject has the same value: no discriminating power
  double mean = 0, std_dev = 0;  ///< performance (points ÷ maximum, 0..1) over the compared subjects
};

struct influence_report {
  std::string scheme_id{}, scheme_title{};
  double scale = 0;
  std::size_t subjects = 0;      ///< compared: every subject not excluded by a veto
  std::size_t excluded = 0;
  std::size_t blocks = 0;
  double total_mean = 0, total_std_dev = 0;  ///< of the compared totals (population)
  double extra_share = 0;        ///< percent of the variance of totals from bonus − deduction
  std::vector<influence_line> families{}, criteria{};
};

/// Nominal share and effective influence of every family and criterion on `sh` scored under
/// `s` (through the decision matrix, docs/audit.md for every definition).
influence_report audit_influence(const scheme& s, const sheet& sh);

/// The plain Vietnamese sentence for one line, e.g. "Công tác dân vận: 30% thang điểm, giải
/// thích 4,1% độ phân tán tổng điểm; bỏ đi thì 2/59 xếp loại và 9 thứ hạng thay đổi".
std::string influence_sentence(const influence_report& r, const influence_line& line);

// ------------------------------------------------------------------ audit diff

/// A subject whose result differs between the two schemes.
struct diff_subject {
  std::string id{}, name{};
  std::string group_a{}, group_b{};
  std::string class_a{}, class_b{};     ///< class ids; "" when excluded
  std::uint32_t rank_a = 0, rank_b = 0; ///< rank in the block; 0 when excluded
  double total_a = 0, total_b = 0;      ///< published totals
};

struct diff_block {
  std::string name{};
  std::size_t subjects = 0;             ///< compared in this block
  std::size_t class_changes = 0, rank_changes = 0;
  double tau = 1, rho = 1, weighted_rho = 1;  ///< between the two block rankings
};

struct diff_report {
  std::string scheme_a{}, scheme_b{};
  std::size_t subjects = 0;             ///< in both sheets
  std::size_t compared = 0;             ///< ranked under both schemes, in the same block
  std::size_t class_changes = 0, rank_changes = 0;  ///< over the subjects in both sheets
  double tau = 1, rho = 1, weighted_rho = 1;        ///< on published totals, compared subjects
  double tau_blocks = 1;                ///< per-block τ-b, mean weighted by block size
  std::vector<diff_block> blocks{};     ///< in scheme A's display order
  std::vector<diff_subject> changed{};  ///< class, rank, block or standing differs; A's display order
  std::vector<std::string> only_a{}, only_b{};  ///< ids in one sheet only
};

/// Ranks `sa` under `a` and `sb` under `b` with the engine and compares them subject by
/// subject (matched by id).
diff_report audit_diff(const scheme& a, const sheet& sa, const scheme& b, const sheet& sb);

// ------------------------------------------------------------------ writers

/// Table (Vietnamese) or JSON (English keys; docs/audit.md). Other formats throw
/// std::invalid_argument.
void write_weights(std::ostream& out, const weights_report& r, output_format format);
void write_influence(std::ostream& out, const influence_report& r, output_format format);
void write_diff(std::ostream& out, const diff_report& r, output_format format);

}  // namespace thidua::audit
