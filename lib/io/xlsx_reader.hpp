// Score sheets from .xlsx workbooks (lib/io/xlsx_reader.cpp), for the CSV reader's entry
// points (load_sheet, read_sheet_chunks, sheet_has_assessor).
//
// A worksheet is turned into CSV text in memory in which line N is worksheet row N and cell
// number C is column C, so that the CSV reader does every check and its positions are the
// worksheet's cells; the loader then names the sheet in each diagnostic (file.xlsx!Sheet!D7).
// libzip opens the zip and pugixml parses the XML parts; only the sheet mapping is ours.
// docs/xlsx-input.md describes what is read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "thidua/error.hpp"
#include "thidua/io.hpp"

namespace thidua::detail {

/// A workbook and the sheet to read in it ("" for the first worksheet).
struct workbook_path {
  std::filesystem::path file;
  std::string sheet{};
};

/// Whether `given` names a workbook: a file ending in .xlsx (any case) or starting with the
/// zip signature, or `file.xlsx!Sheet name` when `given` itself is not a file. std::nullopt
/// for anything else (CSV), which includes a path that does not exist.
std::optional<workbook_path> as_workbook(const std::filesystem::path& given);

/// One worksheet as CSV text (line N = row N, cell C = column C).
struct worksheet_csv {
  std::string file;   ///< the workbook's path, for positions
  std::string sheet;  ///< the worksheet's name as the workbook spells it
  std::string csv;
  /// Cells already reported (error values, formulas without a value), written empty: the
  /// CSV reader's own complaints about them are dropped.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> reported_cells{};  // (row, column)
};

/// Reads a worksheet. Problems of the workbook (not a zip, missing parts, unknown sheet) and
/// of cells (error values, formulas saved without a value) are added to `out`, with the sheet
/// set in their position; std::nullopt when there is no text to read at all. `s`, when
/// given, lets a cell error say what its column expects.
std::optional<worksheet_csv> read_worksheet_csv(const workbook_path& workbook, diagnostics& out,
                                                const scheme* s = nullptr);

/// Runs a CSV reader on a worksheet: `parse(csv, file_name, found)` reads the worksheet's CSV
/// text (line N = row N, cell C = column C); its diagnostics are added to `out` with the
/// worksheet named in their position (`file.xlsx!Sheet!C12`), except those about cells the
/// workbook reading reported already. Returns the worksheet's name when `parse` succeeded
/// and nothing was reported, std::nullopt otherwise. Members and history files read
/// workbooks through it, as load_workbook_sheet does.
std::optional<std::string> parse_worksheet(
    const workbook_path& workbook, diagnostics& out,
    const std::function<bool(std::string_view csv, const std::string& file_name, diagnostics& found)>& parse,
    const scheme* s = nullptr);

/// load_sheet for a workbook: the sheet's `file` is "file.xlsx!Sheet" and its source lines
/// are worksheet rows.
std::optional<sheet> load_workbook_sheet(const scheme& s, const workbook_path& workbook, diagnostics& out,
                                         const sheet_options& options);

/// Limits against hostile workbooks. Not synchronised: change them only while nothing is read.
struct xlsx_limits {
  /// Largest uncompressed size of one part (a zip bomb stops here with thidua.data.136).
  std::uint64_t max_part_bytes = std::uint64_t{1} << 30;
  /// A worksheet's rows are parsed this many bytes of XML at a time (its XML tree takes some
  /// 25 times the XML's size, so it is never built whole). The result does not depend on it.
  std::size_t row_batch_bytes = std::size_t{4} << 20;
};
xlsx_limits& xlsx_limit_settings() noexcept;

/// A number as Excel stores it ("7.0999999999999996") written as Excel shows it: 15
/// significant digits, shortest form, no exponent between 1e-20 and 1e20 ("7.1").
/// Returns `stored` unchanged when it is not a number.
std::string excel_number_text(std::string_view stored);

}  // namespace thidua::detail
