// The one place error ids, titles and message texts are defined. docs/errors.md mirrors
// this table (a test checks that every id here is documented there).
#include <array>
#include <fmt/args.h>
#include <fmt/format.h>

#include "thidua/error.hpp"

namespace thidua {
namespace {

struct entry {
  errc code;
  std::string_view id;
  std::string_view title;
  std::string_view format;  // {} placeholders, filled in order
};

// Order must follow `enum class errc`.
constexpr std::array catalogue = {
    entry{errc::toml_syntax, "thidua.scheme.101", "malformed TOML", "{}"},
    entry{errc::missing_key, "thidua.scheme.102", "missing key", "{} needs the key '{}'"},
    entry{errc::wrong_type, "thidua.scheme.103", "wrong type", "'{}' must be {}"},
    entry{errc::unknown_key, "thidua.scheme.104", "unknown key", "unknown key '{}' in {}{}"},
    entry{errc::duplicate_id, "thidua.scheme.105", "duplicate id",
          "duplicate {} id '{}' (first defined at line {})"},
    entry{errc::unknown_reference, "thidua.scheme.106", "unknown reference", "{} refers to unknown {} '{}'{}"},
    entry{errc::thresholds_not_descending, "thidua.scheme.107", "class thresholds not descending",
          "class '{}' has min {} but the class above it has min {}: thresholds must be strictly "
          "descending, best class first"},
    entry{errc::tiers_not_monotone, "thidua.scheme.108", "tiers not monotone", "criterion '{}': {}"},
    entry{errc::weights_sum, "thidua.scheme.109", "weights do not add up", "{} add up to {}, expected the scale {}"},
    entry{errc::invalid_value, "thidua.scheme.110", "invalid value", "'{}' = {}: expected {}"},
    entry{errc::missing_scoring_rule, "thidua.scheme.111", "no rule to turn the value into points",
          "criterion '{}' has input = \"{}\" and needs either 'tiers' or 'linear'{}"},
    entry{errc::lowest_class_not_zero, "thidua.scheme.112", "lowest class does not start at 0",
          "the last class '{}' has min {}: it must be 0 (and have no per-family minimum) so every "
          "total gets a class"},
    entry{errc::unsupported_feature, "thidua.scheme.113", "not supported yet",
          "'{}' is not supported by this version of thidua ({})"},
    entry{errc::empty_scheme, "thidua.scheme.114", "empty scheme", "the scheme defines no {}"},
    entry{errc::condition_syntax, "thidua.scheme.115", "title condition syntax", "title '{}': {}"},
    entry{errc::rule_cycle, "thidua.scheme.116", "title rules in a cycle",
          "title rules depend on each other in a cycle: {}"},
    entry{errc::wrong_subject, "thidua.scheme.117", "condition for the wrong subject", "title '{}': {}"},
    entry{errc::json_syntax, "thidua.scheme.118", "malformed JSON", "not valid JSON at line {}, column {}: {}"},

    entry{errc::empty_file, "thidua.data.101", "empty file", "the file is empty: expected a header row{}"},
    entry{errc::invalid_utf8, "thidua.data.102", "invalid UTF-8",
          "invalid UTF-8 at byte {} of the cell: save the file as UTF-8"},
    entry{errc::missing_id_column, "thidua.data.103", "no id column",
          "the header has no 'id' column (found: {})"},
    entry{errc::unknown_column, "thidua.data.104", "unknown column", "unknown column {}{}"},
    entry{errc::duplicate_column, "thidua.data.105", "duplicate column",
          "column {} appears twice (first in column {})"},
    entry{errc::duplicate_subject, "thidua.data.106", "duplicate subject",
          "subject id {} appears twice (first on line {})"},
    entry{errc::ragged_row, "thidua.data.107", "ragged row", "the row has {} cells, expected {} as in the header"},
    entry{errc::not_a_number, "thidua.data.108", "not a number",
          "{} = \"{}\" is not a number: expected a decimal such as 7.5 or 7,5, N/A or empty"},
    entry{errc::negative_value, "thidua.data.109", "negative value", "{} = {} is negative: expected a value of at least 0"},
    entry{errc::off_step, "thidua.data.110", "off step", "{} = {} is not a multiple of its step {}"},
    entry{errc::empty_id, "thidua.data.111", "empty id", "the row has no subject id"},
    entry{errc::exceeds_maximum, "thidua.data.112", "exceeds maximum", "{} = {} exceeds its maximum {}"},
    entry{errc::too_many_decimals, "thidua.data.113", "too many decimals",
          "{} = {} has more than 4 decimals: thidua keeps points exact to 1/10000"},
    entry{errc::bad_flag_value, "thidua.data.114", "not yes/no",
          "{} = \"{}\" is not yes/no: expected 1/0, x/empty, có/không, yes/no, đạt/không đạt"},
    entry{errc::unterminated_quote, "thidua.data.115", "unterminated quote",
          "a quoted cell starting here never closes: expected a closing \""},
    entry{errc::duplicate_entry, "thidua.data.116", "duplicate entry",
          "subject {} has {} twice (first on line {})"},
    entry{errc::missing_column, "thidua.data.117", "missing column",
          "{} has no column: expected a column named {}"},
    entry{errc::missing_value, "thidua.data.118", "missing value",
          "{} is empty: {}"},
    entry{errc::inconsistent_label, "thidua.data.119", "inconsistent label",
          "subject {} has {} \"{}\" here but \"{}\" on line {}"},
    entry{errc::unsupported_data, "thidua.data.120", "not supported yet", "{}"},
    entry{errc::value_out_of_range, "thidua.data.121", "value out of range",
          "{} = {} is too large: at most 214748.3647"},
    entry{errc::reserved_self_score, "thidua.data.122", "self-score of a reserved criterion",
          "{} = {}: this criterion is reserved for the reviewer (reserved = true) and the scheme rejects "
          "self-scores for it (reserved_self = \"reject\"): leave the cell empty"},
    entry{errc::not_whole, "thidua.data.123", "not a whole number", "{} = {} is not a whole number: expected a count"},
    entry{errc::unknown_period, "thidua.data.124", "unknown period", "period \"{}\" is not known: {}"},
    entry{errc::missing_period, "thidua.data.125", "subject missing from a period",
          "subject {} has scores for period {} but none for period {}: every subject needs every period"},
    entry{errc::unknown_unit, "thidua.data.126", "unknown unit",
          "member {} belongs to unit {}, which is not a unit of {}{}"},
    entry{errc::missing_unit_column, "thidua.data.127", "no unit column",
          "the members file has no 'unit' column (found: {})"},
    entry{errc::organisation_cycle, "thidua.data.128", "cycle in the organisation",
          "the organisation has a cycle: {}"},
    entry{errc::unknown_condition_name, "thidua.data.129", "condition reads a missing column",
          "title '{}' ({}) reads {}, but {} has no such column{}"},
    entry{errc::bad_year, "thidua.data.130", "bad year",
          "'{}' is not a year: expected YYYY (2024) or a school year YYYY-YYYY (2023-2024)"},
    entry{errc::unknown_member, "thidua.data.131", "scores for an unknown member",
          "member {} has scores but is not in the members file {}{}"},
    entry{errc::matrix_not_square, "thidua.data.132", "matrix not square", "{}"},
    entry{errc::matrix_not_reciprocal, "thidua.data.133", "matrix not reciprocal", "{}"},
    entry{errc::matrix_bad_cell, "thidua.data.134", "bad matrix cell", "{}"},
    entry{errc::matrix_labels, "thidua.data.135", "matrix labels", "{}"},
    entry{errc::bad_workbook, "thidua.data.136", "bad workbook", "{} is not a readable .xlsx workbook: {}"},
    entry{errc::unknown_sheet, "thidua.data.137", "unknown sheet", "the workbook has no sheet {}; its sheets: {}"},
    entry{errc::formula_without_value, "thidua.data.138", "formula without value",
          "the formula {} was saved without its computed value: open the file in Excel or LibreOffice and save it again"},
    entry{errc::cell_error_value, "thidua.data.139", "cell error value",
          "the cell holds the error value {}: expected {}"},
    entry{errc::json_syntax_data, "thidua.data.140", "malformed JSON", "not valid JSON at line {}, column {}: {}"},
    entry{errc::json_structure, "thidua.data.141", "wrong JSON structure", "{}"},

    entry{errc::bad_option, "thidua.usage.101", "bad option", "{}"},
    entry{errc::missing_option, "thidua.usage.102", "missing option", "{} needs {}"},
    entry{errc::unknown_subject, "thidua.usage.103", "unknown subject", "no subject with id {} in {}{}"},
    entry{errc::not_found, "thidua.usage.104", "not in the history", "{}"},

    entry{errc::cannot_open, "thidua.io.101", "cannot open file", "cannot read {}: {}"},
    entry{errc::cannot_write, "thidua.io.102", "cannot write file", "cannot write {}: {}"},
    entry{errc::store_failed, "thidua.io.103", "history store failed", "history store {}: {}"},
    entry{errc::store_too_new, "thidua.io.104", "history store too new",
          "history store {} has schema version {}, but this thidua reads up to version {}: use a newer thidua"},
};

const entry& find(errc code) noexcept { return catalogue[static_cast<std::size_t>(code)]; }

}  // namespace

std::string_view error_id(errc code) noexcept { return find(code).id; }
std::string_view error_title(errc code) noexcept { return find(code).title; }

namespace detail {
std::string format_message(errc code, const std::vector<std::string>& args) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const auto& a : args) store.push_back(a);
  try {
    return fmt::vformat(find(code).format, store);
  } catch (const fmt::format_error&) {
    // A caller passed too few arguments: keep what we have rather than lose the error.
    std::string s(find(code).title);
    for (const auto& a : args) s += " " + a;
    return s;
  }
}

// Test hook: every catalogue entry in enum order.
std::vector<errc> all_error_codes() {
  std::vector<errc> v;
  for (std::size_t i = 0; i < catalogue.size(); ++i) {
    if (static_cast<std::size_t>(catalogue[i].code) != i) throw std::logic_error("error catalogue out of order");
    v.push_back(catalogue[i].code);
  }
  return v;
}
}  // namespace detail

}  // namespace thidua
