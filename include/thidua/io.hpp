// thidua/io.hpp: reading schemes (TOML or JSON) and score sheets (CSV, .xlsx or JSON).
//
// The loaders are the only place input is validated: what they return is consistent, and
// nothing downstream checks it again. Each comes in two forms: one that adds every problem
// to a `diagnostics` list and returns std::nullopt on failure (for batch code and
// `thidua validate`), and one that throws `input_error` with the whole list.
//
// Score sheets are CSV as offices and databases write them:
//  - wide: a header row with `id`, optional `name` and `group`, one column per criterion id,
//    optional `bonus`, `deduction` and `flag:NAME` columns;
//  - long: `id,criterion,value` with optional `name`, `group`, `period`, `assessor`.
// Accepted as they come: UTF-8 with or without BOM, CRLF, `,` `;` or tab delimiters, a
// decimal comma, NFD text (normalised to NFC), `N/A` for not applicable, empty for missing.
// An .xlsx workbook is read the same way (the first worksheet, or `file.xlsx!Sheet`), with
// positions such as `diem.xlsx!Điểm!D7` (docs/xlsx-input.md).
// A scheme or a sheet may also be a JSON document with the same meaning and checks, its
// positions carrying JSON pointers such as `diem.json:40:12 (/rows/5/DV2)`
// (docs/json-input.md): a system can send data without writing files.
//
// Example:
//   auto s  = thidua::load_scheme("examples/data/truong-hoc.toml");
//   auto sh = thidua::load_sheet(s, "examples/data/diem-hoi-dong.csv");
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "thidua/error.hpp"
#include "thidua/scheme.hpp"
#include "thidua/scores.hpp"

namespace thidua {

/// Reads and checks a scheme file (finalize_scheme included). A file ending in .json, or not
/// ending in .toml and starting with `{`, is read as JSON (parse_scheme_json).
std::optional<scheme> load_scheme(const std::filesystem::path& file, diagnostics& out);
scheme load_scheme(const std::filesystem::path& file);

/// Same from TOML text; `file_name` is used in positions.
std::optional<scheme> parse_scheme(std::string_view toml, std::string_view file_name, diagnostics& out);
scheme parse_scheme(std::string_view toml, std::string_view file_name = "<scheme>");

/// Same from JSON text: the TOML document's data model as JSON (`{"scheme": {...},
/// "family": [...], "criterion": [...], "class": [...]}`), with the same checks. Positions
/// are the JSON line and column plus the value's JSON pointer (`/criterion/2/max`); a JSON
/// syntax error is thidua.scheme.118. See docs/json-input.md.
std::optional<scheme> parse_scheme_json(std::string_view json, std::string_view file_name, diagnostics& out);
scheme parse_scheme_json(std::string_view json, std::string_view file_name = "<scheme.json>");

/// Which rows of a long-format file to read, by its `assessor` column.
enum class assessor_filter {
  review,  ///< rows whose assessor is empty or a reviewer (hội đồng, review, ...) — the default
  self,    ///< rows whose assessor is the subject itself (tự chấm, self)
  any,     ///< every row, whatever its assessor (a file given as self-scores)
};

struct sheet_options {
  assessor_filter assessor = assessor_filter::review;
  /// Long layout with a `period` column: keep only this period's rows ("" keeps all).
  std::string period{};
  /// The sheet holds self-scores (tự chấm): reserved criteria are left out or rejected as
  /// the scheme's `reserved_self` says, and their columns may be absent.
  bool self_scores = false;
  /// read_sheet_chunks (and so rank_file): called after each piece with the bytes of the
  /// file read so far and the file's size (0 when not known), for a progress bar.
  std::function<void(std::uint64_t bytes_read, std::uint64_t file_size)> progress{};
};

/// Reads a wide or long CSV score sheet against a scheme (the layout is detected from the
/// header). Values are checked against their criterion: number, not negative, at most the
/// maximum (100 for a percent), on the step, yes/no for yes_no. A file ending in .json is
/// read as JSON (parse_sheet_json).
std::optional<sheet> load_sheet(const scheme& s, const std::filesystem::path& file,
                                diagnostics& out, const sheet_options& options = {});
sheet load_sheet(const scheme& s, const std::filesystem::path& file, const sheet_options& options = {});

/// Reads a score sheet in pieces of at most `chunk_rows` subjects, in file order, so that a
/// country-size file is never held as a whole sheet. Each piece is a complete `sheet` bound
/// to the scheme's criteria, with the same flag columns registered in the same order in every
/// piece, the file's source lines, and `file` set. The checks and messages are those of
/// load_sheet, duplicate subject ids across pieces included. When a problem is found,
/// `consume` is not called again, but reading goes on to report every problem; the result
/// is then false. A long-format file is read whole and given as one piece.
bool read_sheet_chunks(const scheme& s, const std::filesystem::path& file, diagnostics& out,
                       const sheet_options& options, std::size_t chunk_rows,
                       const std::function<void(sheet&& piece)>& consume);

/// Same from CSV text in memory; `file_name` is used in positions.
std::optional<sheet> parse_sheet(const scheme& s, std::string_view csv, std::string_view file_name,
                                 diagnostics& out, const sheet_options& options = {});
sheet parse_sheet(const scheme& s, std::string_view csv, std::string_view file_name = "<scores>",
                  const sheet_options& options = {});

/// Same from JSON text: `{"rows": [{"id": "MN01", "CM1": 99.45, "flag:ky_luat": true}, ...]}`
/// (wide; a top-level array of rows also), or `{"entries": [{"id": ..., "criterion": ...,
/// "value": ...}, ...]}` (long). Each object is a CSV row whose columns are its keys, read with
/// the CSV rules: a number as written, true/false, null for an empty cell, "N/A". Positions
/// are the JSON line and column plus the value's pointer (`/rows/5/DV2`); a JSON syntax error
/// is thidua.data.140, a misplaced object or array thidua.data.141. See docs/json-input.md.
std::optional<sheet> parse_sheet_json(const scheme& s, std::string_view json, std::string_view file_name,
                                      diagnostics& out, const sheet_options& options = {});
sheet parse_sheet_json(const scheme& s, std::string_view json, std::string_view file_name = "<scores.json>",
                       const sheet_options& options = {});

/// True when a long-format file has rows for the given assessor (so the CLI can tell
/// whether a single file carries both self-scores and review scores).
bool sheet_has_assessor(const std::filesystem::path& file, assessor_filter who);

/// Reads a whole file; throws input_error (thidua.io.101) when it cannot.
std::string read_file(const std::filesystem::path& file);
/// Same, adding the problem to `out` and returning std::nullopt instead of throwing.
std::optional<std::string> read_file(const std::filesystem::path& file, diagnostics& out);

/// Writes a file whole or not at all: `render` writes into a temporary file beside
/// `file`, which is renamed over `file` only when rendering and flushing succeeded. If
/// `render` throws, the temporary file is removed and the exception propagates; a failure
/// to write throws input_error (thidua.io.102). An existing `file` is untouched on failure.
void write_file_atomically(const std::filesystem::path& file,
                           const std::function<void(std::ostream&)>& render);

}  // namespace thidua
