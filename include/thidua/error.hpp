// thidua/error.hpp: errors that tell the user what to fix.
//
// Every problem has a stable id (`thidua.data.112`), a position (file, line, column) and a
// message built from one catalogue (lib/core/error_catalog.cpp), so wording stays consistent
// and `docs/errors.md` can list every id. Errors are split by who caused them:
//   thidua.scheme.*  the scheme's author (a definition error);
//   thidua.data.*    the score data;
//   thidua.usage.*   the command line;
//   thidua.io.*      files that cannot be opened or written.
// A JSON input's positions also carry the value's JSON pointer (docs/json-input.md).
//
// Loaders collect every problem they can into a `diagnostics` list (so `thidua validate`
// reports them all) and the throwing API raises one `input_error` carrying the whole list.
//
// Example:
//   try { auto s = thidua::load_scheme("scheme.toml"); }
//   catch (const thidua::input_error& e) {
//     for (const auto& d : e.diagnostics()) std::cerr << d.to_string() << '\n';
//   }
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace thidua {

/// Every error thidua reports. The numeric part of the id never changes meaning.
enum class errc : std::uint16_t {
  // Scheme definition errors (thidua.scheme.1xx).
  toml_syntax,             ///< 101 the scheme file is not valid TOML
  missing_key,             ///< 102 a required key is missing
  wrong_type,              ///< 103 a key has the wrong type
  unknown_key,             ///< 104 a key thidua does not know (with a suggestion)
  duplicate_id,            ///< 105 two criteria/families/classes/vetoes share an id
  unknown_reference,       ///< 106 a reference to a family/class/criterion that does not exist
  thresholds_not_descending,  ///< 107 class thresholds are not strictly descending
  tiers_not_monotone,      ///< 108 tiers out of order or points increasing
  weights_sum,             ///< 109 family weights or criterion maxima do not add up to the scale
  invalid_value,           ///< 110 a value out of its allowed range or set
  missing_scoring_rule,    ///< 111 a percent/count criterion without tiers or linear
  lowest_class_not_zero,   ///< 112 the last class does not start at 0
  unsupported_feature,     ///< 113 a key this version reads but cannot apply yet
  empty_scheme,            ///< 114 no criteria, no families or no classes
  condition_syntax,        ///< 115 a title condition that does not parse
  rule_cycle,              ///< 116 title rules that depend on each other in a cycle
  wrong_subject,           ///< 117 a condition that cannot apply to the title's subject
  json_syntax,             ///< 118 the scheme file is not valid JSON

  // Data errors (thidua.data.1xx).
  empty_file,              ///< 101 the file has no header row
  invalid_utf8,            ///< 102 bytes that are not UTF-8
  missing_id_column,       ///< 103 no `id` column
  unknown_column,          ///< 104 a column that is not a criterion, bonus, deduction or flag
  duplicate_column,        ///< 105 a column appears twice
  duplicate_subject,       ///< 106 two rows with the same subject id
  ragged_row,              ///< 107 a row with more or fewer cells than the header
  not_a_number,            ///< 108 a value that is not a decimal number
  negative_value,          ///< 109 a value below zero
  off_step,                ///< 110 assessor points that are not a multiple of the step
  empty_id,                ///< 111 a row without a subject id
  exceeds_maximum,         ///< 112 a value above the criterion's maximum
  too_many_decimals,       ///< 113 more decimals than thidua carries exactly (4)
  bad_flag_value,          ///< 114 a flag or yes/no cell that is not yes/no
  unterminated_quote,      ///< 115 a quoted cell that never closes
  duplicate_entry,         ///< 116 long format: the same subject and criterion twice
  missing_column,          ///< 117 a criterion of the scheme has no column
  missing_value,           ///< 118 an empty cell where the scheme requires a value
  inconsistent_label,      ///< 119 long format: a subject's name or group differs between rows
  unsupported_data,        ///< 120 data this version cannot use yet (e.g. periods)
  value_out_of_range,      ///< 121 a number too large to hold
  reserved_self_score,     ///< 122 a self-score for a criterion reserved to the reviewer
  not_whole,               ///< 123 a count or number of failures that is not a whole number
  unknown_period,          ///< 124 a period the scheme does not define
  missing_period,          ///< 125 a subject without scores for one of the scheme's periods
  unknown_unit,            ///< 126 a member of a unit that is not in the units list
  missing_unit_column,     ///< 127 a members file without a `unit` column
  organisation_cycle,      ///< 128 the organisation graph has a cycle
  unknown_condition_name,  ///< 129 a title condition reads a flag or field the file does not have
  bad_year,                ///< 130 a year that is not YYYY or a school year YYYY-YYYY
  unknown_member,          ///< 131 member scores for an id the members file does not list
  matrix_not_square,       ///< 132 a pairwise comparison matrix that is not square
  matrix_not_reciprocal,   ///< 133 a pairwise matrix whose a_ji is not 1 / a_ij (or a diagonal not 1)
  matrix_bad_cell,         ///< 134 a pairwise cell that is not a positive finite number or fraction
  matrix_labels,           ///< 135 matrix labels that do not match (each other, or the scheme)
  bad_workbook,            ///< 136 an .xlsx file that is not a readable workbook (zip or XML broken)
  unknown_sheet,           ///< 137 a sheet the workbook does not have (`file.xlsx!Sheet`)
  formula_without_value,   ///< 138 an .xlsx formula cell saved without its computed value
  cell_error_value,        ///< 139 an .xlsx cell holding an error value (#DIV/0!, #N/A, #VALUE!)
  json_syntax_data,        ///< 140 a JSON score sheet that is not valid JSON
  json_structure,          ///< 141 a JSON score sheet whose shape is wrong (an object as a cell, ...)

  // Command-line errors (thidua.usage.1xx).
  bad_option,              ///< 101 an option thidua does not know, or a bad value
  missing_option,          ///< 102 a required option is missing
  unknown_subject,         ///< 103 `--id` names no subject of the sheet
  not_found,               ///< 104 `history revoke` names a title the store does not hold

  // File errors (thidua.io.1xx).
  cannot_open,             ///< 101 a file cannot be opened or read
  cannot_write,            ///< 102 an output file cannot be written
  store_failed,            ///< 103 the history store cannot be opened, read or written
  store_too_new,           ///< 104 the history store was written by a newer thidua
};

/// The stable id, e.g. "thidua.data.112".
std::string_view error_id(errc code) noexcept;
/// A short English title for `docs/errors.md` and `thidua validate`.
std::string_view error_title(errc code) noexcept;

/// A position in an input file. `line` and `column` are 1-based; 0 means "not known"
/// (a whole-file problem has line 0). For TOML, `column` counts characters in the line;
/// for CSV it is the 1-based cell number, as a spreadsheet would show it.
/// For a worksheet of an .xlsx workbook, `sheet` names the sheet, `line` is the row and
/// `column` the column number (1 = A): it prints as `file.xlsx!Sheet!C12`.
/// For a JSON input, `line` and `column` are those of the value in the JSON text (the column
/// in characters) and `pointer` names the value (RFC 6901): it prints as
/// `file.json:12:5 (/criterion/3/max)`.
struct source_position {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string sheet{};    ///< worksheet name for an .xlsx input ("" for text files)
  std::string pointer{};  ///< JSON pointer of the value for a JSON input ("" otherwise)
};

/// Spreadsheet column letters of a 1-based column number: 1 → "A", 27 → "AA".
std::string column_letters(std::uint32_t column);

/// One problem found in the input.
struct diagnostic {
  errc code{};
  source_position where;
  std::string message;  ///< what is wrong and what was expected

  std::string_view id() const noexcept { return error_id(code); }
  /// "[thidua.data.112] scores.csv:57:4: criterion DV2 = 18.5 exceeds its maximum 15", or
  /// for a workbook "[thidua.data.112] scores.xlsx!Điểm!D57: criterion DV2 = ...", or for
  /// JSON "[thidua.data.112] scores.json:40:12 (/rows/5/DV2): criterion DV2 = ..."
  std::string to_string() const;
};

/// Collects diagnostics; stops storing (but keeps counting) after `limit` of them so a
/// broken million-row file cannot exhaust memory.
class diagnostics {
 public:
  explicit diagnostics(std::size_t limit = 1000) : limit_(limit) {}
  void add(diagnostic d);
  void add(errc code, source_position where, std::string message);
  bool empty() const noexcept { return count_ == 0; }
  std::size_t count() const noexcept { return count_; }
  const std::vector<diagnostic>& items() const noexcept { return items_; }
  std::vector<diagnostic> take() && { return std::move(items_); }

 private:
  std::size_t limit_;
  std::size_t count_ = 0;
  std::vector<diagnostic> items_;
};

/// Thrown by the loaders and by `rank` when the input is bad (exit status 2 in the CLI).
/// `what()` is the first diagnostic; `diagnostics()` holds them all.
class input_error : public std::runtime_error {
 public:
  explicit input_error(std::vector<diagnostic> all, std::size_t total_count = 0);
  explicit input_error(diagnostic one);
  /// Every problem a `diagnostics` list collected (and the count of those past its limit).
  explicit input_error(thidua::diagnostics&& all);
  const std::vector<diagnostic>& diagnostics() const noexcept { return all_; }
  const diagnostic& first() const noexcept { return all_.front(); }
  /// How many problems were found, including those not stored past the limit.
  std::size_t total_count() const noexcept { return total_; }

 private:
  std::vector<diagnostic> all_;
  std::size_t total_;
};

namespace detail {
/// Builds the message for `code` from the catalogue's format string and `args`
/// (each already rendered as text). See lib/core/error_catalog.cpp.
std::string format_message(errc code, const std::vector<std::string>& args);
}  // namespace detail

/// Makes a diagnostic whose message comes from the catalogue:
///   make_diagnostic(errc::exceeds_maximum, pos, "DV2", "18.5", "15")
template <class... Args>
diagnostic make_diagnostic(errc code, source_position where, const Args&... args) {
  return diagnostic{code, std::move(where), detail::format_message(code, {std::string(args)...})};
}

}  // namespace thidua
