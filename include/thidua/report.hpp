// thidua/report.hpp: the files people open: the council's Excel workbook, the blank score
// sheet schools fill in, and the self-contained HTML report with charts.
//
// Like every writer, these render what the engine decided; they compute nothing but sums
// and counts for display. Each writes bytes to an std::ostream (open it in binary mode for
// .xlsx), so write_file_atomically gives "whole or nothing" files as for the text formats.
//
// Reading .xlsx score sheets needs no call of its own: load_sheet, read_sheet_chunks and
// rank_file read `scores.xlsx` (the first worksheet) or `scores.xlsx!Sheet` as they read CSV.
//
// Example:
//   auto r = thidua::rank_file(scheme, "diem.xlsx");
//   thidua::write_file_atomically("tong-hop.xlsx", [&](std::ostream& o) { thidua::write_xlsx(o, r); });
//   thidua::write_file_atomically("bao-cao.html", [&](std::ostream& o) { thidua::write_html(o, r); });
#pragma once

#include <iosfwd>

#include "thidua/audit/influence.hpp"
#include "thidua/audit/sensitivity.hpp"
#include "thidua/audit/smaa.hpp"
#include "thidua/awards.hpp"
#include "thidua/engine.hpp"
#include "thidua/scheme.hpp"

namespace thidua {

/// The council's summary (Bảng tổng hợp kết quả chấm điểm, xếp loại thi đua) as .xlsx:
/// one sheet per emulation block (criteria, family subtotals, bonus, deduction, total, class,
/// rank, titles; frozen header, the scheme's precision), a sheet of proposed titles with
/// counts and reward totals when `titles` is given, and a sheet describing the scheme
/// (criteria, maxima, weights) so the file explains itself. Values are written as numbers.
void write_xlsx(std::ostream& out, const ranking& r, const awards* titles = nullptr);

/// The blank score sheet (mẫu nhập điểm) for a scheme, as .xlsx: `id`, `name`, `group`, one
/// column per criterion (header = id, name and maximum in a comment row), `bonus`,
/// `deduction`, the flags the scheme's vetoes and titles read, a notes column; data
/// validation for the maximum and step of each criterion; and an instruction sheet. A filled
/// template is read back by load_sheet unchanged.
void write_xlsx_template(std::ostream& out, const scheme& s);

/// The same as CSV: only the header row the wide reader expects (`id,name,group`, the
/// criterion ids, `bonus`/`deduction` when the scheme allows them, `flag:NAME` per veto flag).
void write_csv_template(std::ostream& out, const scheme& s);

/// Audits the HTML report shows when they were run (each may be null).
struct report_audits {
  const audit::influence_report* influence = nullptr;      ///< nominal vs effective influence
  const audit::sensitivity_report* sensitivity = nullptr;  ///< a tornado of weight changes
  const audit::smaa_report* smaa = nullptr;                ///< rank acceptability heat maps
};

/// One self-contained HTML file (inline CSS and SVG; no script, no network): the ranking per
/// block with classes coloured, the class distribution, stacked bars of each subject's
/// family contributions, self-score vs review differences (when the ranking has self-scores),
/// the titles, and the audits given. Vietnamese text; a print style sheet for A4 pages.
void write_html(std::ostream& out, const ranking& r, const awards* titles = nullptr,
                const report_audits& audits = {});

}  // namespace thidua
