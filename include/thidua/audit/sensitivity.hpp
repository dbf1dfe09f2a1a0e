// thidua/audit/sensitivity.hpp: how far one weight can move before a class or a block's
// ranking changes (docs/audit.md, "Sensitivity").
//
// One weight at a time — a criterion's, or a family's (all its criteria scaled together) —
// is set to t × its nominal value and every other weight is rescaled in proportion so that
// they still add up to the scale:
//
//   w_c(t) = t·w_c for the weights moved,   w_k(t) = w_k·(S − t·w_A) ÷ (S − w_A) for the others,
//
// (w_A the nominal sum of the weights moved, S the scale), t ∈ [0, S ÷ w_A] so that no weight
// is negative. Totals and family subtotals are then affine in t, so every crossing is solved
// in closed form and checked against the published (rounded) values. Changes are reported
// relative: Δ = t − 1 (−0.125 = the weight lowered by 12.5%).
//
// Example:
//   auto report = thidua::audit::audit_sensitivity(scheme, sheet, {.top = 3});
//   thidua::audit::write_sensitivity(std::cout, report, thidua::output_format::table);
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "thidua/scheme.hpp"
#include "thidua/scores.hpp"
#include "thidua/writers.hpp"

namespace thidua::audit {

struct sensitivity_options {
  /// The size of each block's top set whose membership must not change.
  std::size_t top = 3;
  /// Worker threads (weights are independent); 0 = std::thread::hardware_concurrency().
  unsigned threads = 0;
};

/// The first change met when a weight moves in one direction (or the smallest one over both).
struct sensitivity_event {
  /// Δ = t − 1 at which it happens: the first value (to 1e-12) at which the outcome differs.
  /// Empty when nothing changes in the whole range of the weight.
  std::optional<double> change;
  double weight = 0;                  ///< the moved weight there, in points (t × nominal)
  std::string block;                  ///< the block concerned
  std::string subject;                ///< class: who changes; swap: who moves up
  std::string other;                  ///< swap: who is overtaken
  std::ptrdiff_t class_before = -1;   ///< class change: from (index into scheme.classes)
  std::ptrdiff_t class_after = -1;    ///<                to
  std::vector<std::string> before;    ///< first place / top set: ids before (nominal)
  std::vector<std::string> after;     ///<                         ids after the change
};

struct weight_sensitivity {
  enum class kind { criterion, family };
  kind what = kind::criterion;
  std::string id, name;
  std::string family;        ///< a criterion's family id
  double nominal = 0;        ///< points
  double min_change = -1;    ///< Δ at the weight 0
  double max_change = 0;     ///< Δ at the whole scale (S ÷ w − 1)
  /// The weight is the whole scale (a single family, or a single criterion): nothing to move.
  bool fixed = false;

  /// Every subject keeps its class for Δ strictly between classes_low.change and
  /// classes_high.change (an empty change: not in the whole range on that side).
  sensitivity_event classes_low, classes_high;
  /// Every block keeps its top set (the subjects ranked at most `top`).
  sensitivity_event top_low, top_high;
  /// The smallest |Δ| at which a subject overtakes the one just above it in its block.
  sensitivity_event swap;
  /// The smallest |Δ| at which a block's first place changes.
  sensitivity_event first;
  /// The smallest |Δ| of all the above (empty: nothing changes in the whole range).
  std::optional<double> fragility;
};

struct sensitivity_report {
  std::string scheme_id, scheme_title;
  double scale = 0;
  std::size_t top = 3;
  std::size_t subjects = 0, blocks = 0;
  std::vector<std::string> class_ids, class_names;
  /// Every criterion and every family, most fragile first; those where nothing changes
  /// follow (criteria then families, scheme order), fixed weights last.
  std::vector<weight_sensitivity> weights;
};

sensitivity_report audit_sensitivity(const scheme& s, const sheet& sh, const sensitivity_options& options = {});

/// Table (Vietnamese: a tornado-style table sorted by fragility, then the first change of each
/// weight) or JSON (docs/audit.md). csv is not supported (std::invalid_argument).
void write_sensitivity(std::ostream& out, const sensitivity_report& r, output_format format);

}  // namespace thidua::audit
