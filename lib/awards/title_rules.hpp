// Internal: the definition checks of `[[title]]` rules, called by finalize_scheme.
//
// A title rule is checked for what the scheme alone can tell: its conditions parse (an error
// points at the column inside the string in the file), every class, family, criterion and
// title they name exists at the level it is read (a unit's own values, its members' values
// through the individual scheme), aggregates only where there are members, a quota that
// makes sense, dates, and the versions in force at the scheme's as_of date. Then the rules'
// dependency graph (Boost.Graph: an edge R → T when R's conditions or quota read this year's
// T, "R needs T") must have no cycle; its topological order is the order the awards stage evaluates in.
// Flags and numeric fields are checked later, against the files that carry them.
#pragma once

#include <cstddef>
#include <vector>

#include "awards/condition.hpp"
#include "thidua/scheme.hpp"

namespace thidua::detail {

/// Checks s.titles, fills each rule's in_force, s.title_index and s.title_order. Returns the
/// number of problems added to `out`.
std::size_t check_titles(scheme& s, diagnostics& out);

/// A title rule's conditions, parsed (the rule must have passed check_titles).
struct parsed_title {
  std::vector<condition> all, any;
};
parsed_title parse_title(const title_rule& rule);

/// The scheme whose classes, families and criteria a title's subject is scored with: `s` for
/// the scheme's own subjects, s.member_scheme for members of a unit scheme (null if none).
const scheme* scheme_for(const scheme& s, title_subject subject) noexcept;

/// "2024-09-01" style dates: true when `text` names a real day.
bool is_iso_date(std::string_view text) noexcept;

}  // namespace thidua::detail
