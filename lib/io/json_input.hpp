// JSON schemes and score sheets (lib/io/json_input.cpp), for the TOML scheme loader and the
// CSV reader's entry points (docs/json-input.md).
//
// A JSON scheme is turned into a TOML document whose every key and value sits at its own
// (line, column), parsed by toml++ and built by the TOML loader (build_scheme), so both
// formats share every check; each diagnostic is then moved back to the JSON text (real line
// and column, and the JSON pointer). A JSON score sheet is turned into CSV text and read by
// the CSV reader the same way.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "thidua/error.hpp"
#include "thidua/io.hpp"

namespace thidua::detail {

/// The TOML loader's building and checking of a parsed document (finalize_scheme included).
/// Returns the scheme when there is no problem; otherwise `problems` holds them, unsorted.
std::optional<scheme> build_scheme(const toml::table& root, std::string_view file_name,
                                   std::vector<diagnostic>& problems);
/// File order, this file's problems before those of other files (presets, member schemes).
void sort_scheme_problems(std::vector<diagnostic>& all, std::string_view file_name);

/// A scheme file to read as JSON: it ends in .json (any case), or it does not end in .toml
/// and its first byte other than a BOM or white space is `{`.
bool is_json_scheme(const std::filesystem::path& file, std::string_view text);
/// A score sheet to read as JSON: it ends in .json (any case).
bool is_json_sheet(const std::filesystem::path& file);

/// load_sheet for a JSON file.
std::optional<sheet> load_json_sheet(const scheme& s, const std::filesystem::path& file, diagnostics& out,
                                     const sheet_options& options);

/// Reads a JSON table (`{"rows": [...]}`, `{"entries": [...]}` or an array of row objects,
/// docs/json-input.md) with a CSV reader: `read(csv, found, json_line)` reads the table as CSV
/// text (each object a row, its keys the columns) named `file_name`, and may map a CSV line
/// to the line of its object in the JSON text with `json_line` (0 for none), only during the
/// call. Its diagnostics
/// are moved to the JSON text (line, column, pointer; a sheet's words become keys and rows)
/// and added to `out` with the JSON's own problems, in text order. True when all went well.
using json_table_reader = std::function<bool(std::string_view csv, diagnostics& found,
                                             const std::function<std::uint32_t(std::uint32_t)>& json_line)>;
bool parse_json_table(std::string_view json, std::string_view file_name, diagnostics& out, const json_table_reader& read);

/// parse_json_table for a reader of CSV text: `parse(csv, file_name, found)` gives a
/// std::optional<T>, and `relined(T&& read, json_line)` the same T with the JSON text's lines
/// in place of the CSV text's (source lines of subjects, members, history entries).
template <class Parse, class Reline>
auto parse_json_rows(std::string_view json, std::string_view file_name, diagnostics& out, Parse&& parse,
                     Reline&& relined) -> decltype(parse(std::string_view(), file_name, out)) {
  decltype(parse(std::string_view(), file_name, out)) result;
  const bool ok = parse_json_table(json, file_name, out, [&](std::string_view csv, diagnostics& found,
                                                             const auto& json_line) {
    auto read = parse(csv, file_name, found);
    if (!read) return false;
    result.emplace(relined(std::move(*read), json_line));
    return true;
  });
  if (!ok) return std::nullopt;
  return result;
}

/// A JSON sheet as the CSV text the CSV reader reads (for sheet_has_assessor); std::nullopt
/// when the JSON cannot be read. Problems go to `out` with CSV positions.
std::optional<std::string> json_sheet_csv(std::string_view json, std::string_view file_name, diagnostics& out);

}  // namespace thidua::detail
