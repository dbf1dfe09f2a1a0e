// thidua/writers.hpp: rendering a ranking. Writers never compute; they print what the
// engine decided.
//
//  - table: aligned plain text for a terminal (display width of Vietnamese text respected);
//  - json:  the machine contract, {"scheme": {...}, "results": [...]} (docs/json.md);
//  - csv:   for Excel: UTF-8 with BOM, CRLF, and cells beginning with = + - @ escaped so a
//           name can never become a formula.
//
// Example:
//   thidua::write_json(std::cout, ranking);
#pragma once

#include <iosfwd>
#include <string_view>

#include "thidua/engine.hpp"

namespace thidua {

enum class output_format { table, json, csv };
/// Parses "table", "json", "csv". Returns false for anything else.
bool parse_output_format(std::string_view text, output_format& out) noexcept;

void write_table(std::ostream& out, const ranking& r);
void write_json(std::ostream& out, const ranking& r);
void write_csv(std::ostream& out, const ranking& r);
void write_ranking(std::ostream& out, const ranking& r, output_format format);

/// Renders an explanation as Vietnamese text, ids beside labels.
void write_explanation_text(std::ostream& out, const ranking& r, const explanation& e);
/// The same as a JSON object.
void write_explanation_json(std::ostream& out, const ranking& r, const explanation& e);

/// Columns on a terminal a UTF-8 string takes (combining marks take none, wide CJK two).
std::size_t display_width(std::string_view utf8);

}  // namespace thidua
