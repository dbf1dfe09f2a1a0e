// thidua/writers.hpp: rendering a ranking. Writers never compute; they print what the
// engine decided.
//
//  - table: aligned plain text for a terminal (display width of Vietnamese text respected);
//  - json:  the machine contract, {"scheme": {...}, "results": [...]} (docs/json.md);
//  - csv:   for Excel: UTF-8 with BOM, CRLF, and cells beginning with = + - @ escaped so a
//           name can never become a formula;
//  - xlsx:  the council's workbook (thidua/report.hpp: write_xlsx);
//  - html:  the self-contained report with charts (thidua/report.hpp: write_html).
//
// Example:
//   thidua::write_json(std::cout, ranking);
#pragma once

#include <iosfwd>
#include <string_view>

#include "thidua/awards.hpp"
#include "thidua/engine.hpp"

namespace thidua {

enum class output_format { table, json, csv, xlsx, html };
/// Parses "table", "json", "csv", "xlsx", "html". Returns false for anything else.
/// Not every writer takes every format: those that do not throw std::invalid_argument.
bool parse_output_format(std::string_view text, output_format& out) noexcept;

/// `titles`, when given (award_titles over `r`), adds each subject's titles: a "Danh hiệu"
/// column in the table and CSV; in JSON each result's `titles`, plus `members` (the members'
/// results and titles) and `titles` (one entry per title: holders, quotas, rewards).
void write_table(std::ostream& out, const ranking& r, const awards* titles = nullptr);

/// What write_json puts in each result beyond the contract's fixed keys (docs/json.md).
struct json_options {
  /// Each result's `why`: the class reason, the rank reason and what the next better class
  /// needs (criterion by criterion when the ranking kept its criterion points). It is most of
  /// the document: without it a result is ~0.6 KB instead of ~6.5 KB at 40 criteria, and a
  /// country's JSON is 1.2 GB instead of 15.6 GB (`thidua rank --why none`).
  bool why = true;
};
void write_json(std::ostream& out, const ranking& r, const awards* titles = nullptr, const json_options& options = {});
void write_csv(std::ostream& out, const ranking& r, const awards* titles = nullptr);
void write_ranking(std::ostream& out, const ranking& r, output_format format, const awards* titles = nullptr);

/// The proposal list (danh sách đề nghị): per title, its holders with unit, class and total,
/// the count, quota use and reward total. `summary` prints only the per-title lines (table).
void write_titles(std::ostream& out, const awards& a, output_format format, bool summary = false);
/// Why a subject holds each title or not, condition by condition with its numbers.
void write_title_explanation_text(std::ostream& out, const awards& a, subject_kind k, std::size_t i,
                                  const std::vector<title_explanation>& lines);
/// The same as a JSON object {"id", "subject", "title_rules": [...]} (for a subject without
/// a score explanation: a member not rated).
void write_title_explanation_json(std::ostream& out, const awards& a, subject_kind k, std::size_t i,
                                  const std::vector<title_explanation>& lines);

/// Renders an explanation as Vietnamese text, ids beside labels.
void write_explanation_text(std::ostream& out, const ranking& r, const explanation& e);
/// The same as a JSON object.
void write_explanation_json(std::ostream& out, const ranking& r, const explanation& e);
/// The same object with `title_rules`: each title's conditions and decision (explain_titles).
void write_explanation_json(std::ostream& out, const ranking& r, const explanation& e, const awards& a, subject_kind k,
                            std::size_t i, const std::vector<title_explanation>& lines);

/// Columns on a terminal a UTF-8 string takes (combining marks take none, wide CJK two).
std::size_t display_width(std::string_view utf8);

}  // namespace thidua
