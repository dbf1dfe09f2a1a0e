// The self-contained HTML report (docs/html-report.md): one file with inline CSS and SVG, no
// script and no external asset, that the council opens in a browser or prints on A4.
//
// Sections: header, summary (class distribution), one section per emulation block (ranking
// table with coloured class badges, stacked bars of family contributions), self-score vs
// review, titles, and the audits that were run (influence, sensitivity, SMAA). Every chart
// repeats its numbers as text. Like every writer it renders what the engine and the audits
// decided; it computes only counts, sums and orderings for display. The page is built in
// one string and written at the end: linear in the number of subjects, deterministic.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/report.hpp"
#include "writers/labels.hpp"
#include "writers/svg.hpp"

namespace thidua {
namespace {

namespace svg = detail::svg;

// Class colours by class index (best first), strong for charts; the badges use the same
// hue on a light background, with the class name as text so that grey prints still read.
constexpr std::string_view class_colors[] = {"#15803d", "#1d4ed8", "#b45309", "#b91c1c", "#6d28d9", "#475569"};
constexpr std::size_t class_palette = std::size(class_colors);
constexpr std::string_view excluded_color = "#6b7280";
constexpr std::string_view family_colors[] = {"#1f5fa8", "#16a34a", "#7c3aed", "#0e7490", "#a16207", "#be185d"};
constexpr std::string_view bonus_color = "#f59e0b";

constexpr std::string_view style_sheet = R"css(
:root{--ink:#111827;--muted:#4b5563;--line:#d1d5db;--accent:#1e3a8a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font-family:"Noto Sans","DejaVu Sans","Segoe UI",Roboto,Arial,sans-serif;font-size:14px;line-height:1.45}
main{max-width:1160px;margin:0 auto;padding:24px 28px 40px}
header.report{border-bottom:3px solid var(--accent);padding-bottom:12px;margin-bottom:8px}
.kicker{margin:0;color:var(--accent);font-size:12px;font-weight:700;letter-spacing:.06em;text-transform:uppercase}
h1{margin:4px 0 8px;font-size:25px;line-height:1.25}
h2{margin:30px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line);color:var(--accent);font-size:20px}
h2 small{color:var(--muted);font-size:14px;font-weight:400}
h3{margin:18px 0 6px;font-size:15.5px}
p{margin:6px 0}
.meta{margin:2px 0;color:var(--muted)}
.facts{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0 4px;padding:0;list-style:none}
.facts li{min-width:128px;padding:6px 14px;border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:4px}
.facts b{display:block;font-size:21px;line-height:1.2}
.facts span{color:var(--muted);font-size:12px}
nav.toc{margin:12px 0 0;font-size:13px}
nav.toc ol{margin:4px 0;padding-left:22px;columns:2;column-gap:32px}
nav.toc a{color:var(--accent);text-decoration:none}
table{width:100%;margin:8px 0 14px;border-collapse:collapse;font-size:13px}
th,td{padding:3px 6px;border:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:#eef2f7;font-weight:600}
tbody tr:nth-child(even){background:#f9fafb}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.num,td.id{white-space:nowrap}
@media screen{td.name{min-width:14em}td.titles{min-width:15em}}
td.titles{font-size:12px}
td.total{font-weight:700}
.badge{display:inline-block;padding:0 7px;border:1.5px solid currentColor;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.c0{color:#166534;background:#dcfce7}.c1{color:#1e40af;background:#dbeafe}.c2{color:#92400e;background:#fef3c7}
.c3{color:#991b1b;background:#fee2e2}.c4{color:#5b21b6;background:#ede9fe}.c5{color:#334155;background:#e2e8f0}
.cx{color:#374151;background:#f3f4f6;border-style:dashed}
.pos{color:#1d4ed8}.neg{color:#c2410c}
figure{margin:10px 0 18px}
figcaption{margin-top:4px;color:var(--muted);font-size:12.5px}
svg.chart{display:block;max-width:100%;height:auto}
.note{color:var(--muted);font-size:12.5px}
ul.sentences{margin:6px 0;padding-left:20px}
footer{margin-top:36px;padding-top:8px;border-top:1px solid var(--line);color:var(--muted);font-size:12px}
@page{size:A4;margin:12mm}
@media print{
body{font-size:9.5pt}
main{max-width:none;padding:0}
nav.toc{display:none}
section.block,section.audit{break-before:page}
h2,h3{break-after:avoid}
tr,figure,svg,.facts li{break-inside:avoid}
thead{display:table-header-group}
table{font-size:8pt}
th,td{padding:2px 4px}
td.titles{font-size:7.5pt}
.note,figcaption{font-size:8pt}
tbody tr:nth-child(even){background:none}
thead th{background:none;border-bottom:2px solid #374151}
.badge{padding:0 3px;border-radius:3px;background:none;font-size:7.5pt;white-space:normal}
a{color:inherit;text-decoration:none}
}
)css";

// ------------------------------------------------------------------ text helpers

struct page {
  std::string out;

  page& operator<<(std::string_view s) {
    out += s;
    return *this;
  }
  page& operator<<(char c) {
    out += c;
    return *this;
  }
  page& operator<<(std::size_t n) {
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    out.append(buf, end);
    return *this;
  }
  /// Text from the data or from the scheme: always escaped.
  page& text(std::string_view s) {
    svg::append_escaped(out, s);
    return *this;
  }
};

std::string count_text(std::size_t n) { return std::to_string(n); }

// A share in percent with one decimal and a decimal comma: 12.345 → "12,3%".
std::string percent1(double percent) {
  if (!std::isfinite(percent)) return "—";
  double r = std::round(percent * 10) / 10;
  if (r == 0) r = 0;  // no "-0,0%"
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 1).ptr;
  std::string s(buf, end);
  std::replace(s.begin(), s.end(), '.', ',');
  if (s.front() == '-') s.replace(0, 1, "−");
  return s + "%";
}

// An axis tick: a percentage without trailing zeros, "25%", "0,1%", "−1000%".
std::string tick_text(double percent) {
  if (percent == 0) return "0%";
  std::string s = percent1(percent);
  if (s.size() >= 4 && s.compare(s.size() - 3, 3, ",0%") == 0) s.erase(s.size() - 3, 2);
  if (percent > 0) s = "+" + s;
  return s;
}

// A relative change (−0.125) as a signed percentage, "−12,5%"; changes under 0,1% keep
// enough digits to be seen ("+0,012%").
std::string change_text(double change) {
  const double p = change * 100;
  if (p != 0 && std::abs(p) < 0.05) {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, std::abs(p), std::chars_format::fixed, 4).ptr;
    std::string s(buf, end);
    while (s.back() == '0') s.pop_back();
    std::replace(s.begin(), s.end(), '.', ',');
    return (p < 0 ? "−" : "+") + s + "%";
  }
  std::string s = percent1(p);
  if (p > 0 && s != "0,0%") s = "+" + s;
  return s;
}

// The size of a change, without a sign: "12,5%".
std::string magnitude_text(double change) {
  std::string s = change_text(std::abs(change));
  if (s.starts_with("+")) s.erase(0, 1);
  return s;
}

using detail::money;
using detail::vn_decimal;

std::string signed_points(decimal d, int precision) {
  if (d > decimal{}) return "+" + d.to_string(precision);
  if (d < decimal{}) return "−" + (-d).to_string(precision);
  return d.to_string(precision);
}

std::string block_name(std::string_view group) { return group.empty() ? "(chưa phân khối)" : std::string(group); }

std::string class_name(const scheme& s, std::size_t k) {
  return s.classes[k].name.empty() ? s.classes[k].id : s.classes[k].name;
}

std::string_view class_color(std::ptrdiff_t k) {
  return k < 0 ? excluded_color : class_colors[static_cast<std::size_t>(k) % class_palette];
}

void badge(page& p, const ranking& r, std::size_t i) {
  const std::ptrdiff_t k = r.class_index(i);
  if (r.status(i) == standing::excluded || k < 0) {
    p << "<span class=\"badge cx\">";
    p.text(detail::label_excluded) << "</span>";
    return;
  }
  p << "<span class=\"badge c" << static_cast<std::size_t>(k) % class_palette << "\" title=\"";
  p.text(r.scheme().classes[static_cast<std::size_t>(k)].id) << "\">";
  p.text(class_name(r.scheme(), static_cast<std::size_t>(k))) << "</span>";
}

void cell(page& p, std::string_view text, std::string_view cls = {}) {
  if (cls.empty()) p << "<td>";
  else p << "<td class=\"" << cls << "\">";
  p.text(text) << "</td>";
}

void head_cell(page& p, std::string_view text, bool number = false) {
  p << (number ? "<th class=\"num\">" : "<th>");
  p.text(text) << "</th>";
}

// A figure around a chart: the SVG and a caption that says how to read it.
template <typename Draw>
void figure(page& p, std::string_view caption, Draw draw) {
  p << "<figure>";
  draw(p.out);
  p << "<figcaption>";
  p.text(caption) << "</figcaption></figure>\n";
}

// ------------------------------------------------------------------ the blocks

/// [begin, end) of one block in display order.
struct block_range {
  std::size_t begin = 0, end = 0;
};

std::vector<block_range> blocks_of(const ranking& r) {
  std::vector<block_range> blocks;
  const auto& order = r.display_order();
  std::size_t at = 0;
  while (at < order.size()) {
    std::size_t end = at;
    while (end < order.size() && r.group(order[end]) == r.group(order[at])) ++end;
    blocks.push_back({at, end});
    at = end;
  }
  return blocks;
}

struct report_context {
  const ranking& r;
  const awards* titles;
  const report_audits& audits;
  std::vector<block_range> blocks;
  bool has_self = false;
};

// ------------------------------------------------------------------ header and summary

void write_header(page& p, const report_context& c) {
  const ranking& r = c.r;
  const scheme& s = r.scheme();
  p << "<header class=\"report\">\n<p class=\"kicker\">Báo cáo kết quả chấm điểm, xếp loại thi đua</p>\n<h1>";
  p.text(s.title.empty() ? s.id : s.title) << "</h1>\n<p class=\"meta\">Mã thang điểm: <b>";
  p.text(s.id) << "</b>";
  if (s.year > 0) p << " · Năm xét: <b>" << count_text(static_cast<std::size_t>(s.year)) << "</b>";
  if (!s.effective.empty()) {
    p << " · Áp dụng từ ";
    p.text(s.effective);
  }
  p << " · Thang điểm ";
  p.text(s.scale.to_short_string()) << ", tổng điểm làm tròn " << count_text(static_cast<std::size_t>(s.precision))
                                    << " chữ số thập phân</p>\n";
  p << "<p class=\"meta\">";
  for (std::size_t f = 0; f < s.families.size(); ++f) {
    const family& fam = s.families[f];
    p << (f ? " · " : "");
    p.text(fam.name.empty() ? fam.id : fam.name) << ": ";
    p.text((fam.weight ? *fam.weight : fam.max).to_short_string()) << " điểm";
  }
  if (s.bonus_max) p << " · điểm thưởng tối đa " << s.bonus_max->to_short_string();
  if (s.deduction_max) p << " · điểm trừ tối đa " << s.deduction_max->to_short_string();
  p << "</p>\n";
  if (!s.source.empty()) {
    p << "<p class=\"meta\">Căn cứ: ";
    p.text(s.source) << "</p>\n";
  }
  p << "<nav class=\"toc\" aria-label=\"Mục lục\"><ol>\n<li><a href=\"#tong-quan\">Tổng quan và phân bố xếp loại</a></li>\n";
  for (std::size_t b = 0; b < c.blocks.size(); ++b) {
    p << "<li><a href=\"#khoi-" << b + 1 << "\">Khối thi đua: ";
    p.text(block_name(r.group(r.display_order()[c.blocks[b].begin]))) << "</a></li>\n";
  }
  if (c.has_self) p << "<li><a href=\"#tu-cham\">Tự chấm và kết quả hội đồng</a></li>\n";
  if (c.titles) p << "<li><a href=\"#danh-hieu\">Danh hiệu thi đua</a></li>\n";
  if (c.audits.influence) p << "<li><a href=\"#anh-huong\">Ảnh hưởng thực tế của các nhóm, tiêu chí</a></li>\n";
  if (c.audits.sensitivity) p << "<li><a href=\"#do-nhay\">Độ nhạy của trọng số</a></li>\n";
  if (c.audits.smaa) p << "<li><a href=\"#smaa\">Khả năng chấp nhận thứ hạng (SMAA)</a></li>\n";
  p << "</ol></nav>\n</header>\n";
}

void write_summary(page& p, const report_context& c) {
  const ranking& r = c.r;
  const scheme& s = r.scheme();
  const std::size_t classes = s.classes.size();
  // Counts per block and class (last column: excluded), and over all.
  std::vector<std::size_t> counts((c.blocks.size() + 1) * (classes + 1), 0);
  const auto at = [&](std::size_t b, std::size_t k) -> std::size_t& { return counts[b * (classes + 1) + k]; };
  const auto& order = r.display_order();
  for (std::size_t b = 0; b < c.blocks.size(); ++b)
    for (std::size_t k = c.blocks[b].begin; k < c.blocks[b].end; ++k) {
      const std::size_t i = order[k];
      const std::size_t cls = r.status(i) == standing::excluded || r.class_index(i) < 0
                                  ? classes
                                  : static_cast<std::size_t>(r.class_index(i));
      ++at(b, cls);
      ++at(c.blocks.size(), cls);
    }
  const std::size_t all = c.blocks.size();
  const std::size_t excluded = at(all, classes);

  p << "<section id=\"tong-quan\">\n<h2>Tổng quan và phân bố xếp loại</h2>\n<ul class=\"facts\">";
  p << "<li><b>" << r.size() << "</b><span>đơn vị được chấm</span></li>";
  p << "<li><b>" << c.blocks.size() << "</b><span>khối thi đua</span></li>";
  p << "<li><b>" << s.criteria.size() << "</b><span>tiêu chí trong " << s.families.size() << " nhóm</span></li>";
  for (std::size_t k = 0; k < classes; ++k) {
    p << "<li><b>" << at(all, k) << "</b><span>";
    p.text(class_name(s, k)) << "</span></li>";
  }
  if (excluded > 0) p << "<li><b>" << excluded << "</b><span>không đủ điều kiện xếp loại</span></li>";
  p << "</ul>\n";

  svg::bar_chart chart;
  chart.title = "Phân bố xếp loại: số đơn vị mỗi xếp loại";
  std::size_t largest = 1;
  for (std::size_t k = 0; k <= classes; ++k) largest = std::max(largest, at(all, k));
  chart.axis_max = static_cast<double>(largest);
  for (std::size_t k = 0; k <= classes; ++k) {
    if (k == classes && excluded == 0) break;
    const std::size_t n = at(all, k);
    const double share = r.size() ? 100.0 * static_cast<double>(n) / static_cast<double>(r.size()) : 0;
    chart.rows.push_back({k < classes ? class_name(s, k) : std::string(detail::label_excluded),
                          {static_cast<double>(n)},
                          {count_text(n) + " (" + percent1(share) + ")"},
                          std::string(class_color(k < classes ? static_cast<std::ptrdiff_t>(k) : -1))});
  }
  figure(p, "Số đơn vị của mỗi xếp loại trên toàn bộ các khối (tỷ lệ trên tổng số đơn vị).",
         [&](std::string& out) { svg::bars(out, chart); });

  p << "<table class=\"classes\"><thead><tr>";
  head_cell(p, "Xếp loại");
  head_cell(p, "Điều kiện");
  head_cell(p, "Số đơn vị", true);
  head_cell(p, "Tỷ lệ", true);
  p << "</tr></thead><tbody>\n";
  for (std::size_t k = 0; k < classes; ++k) {
    const class_def& def = s.classes[k];
    std::string rule = "tổng điểm ≥ " + vn_decimal(def.min);
    for (const auto& m : def.min_family)
      rule += "; " + detail::short_family_name(s.families[m.family_index]) + " ≥ " + vn_decimal(m.min);
    if (def.quota) rule += "; có tỷ lệ tối đa " + percent1(def.quota->max.to_double() * 100);
    p << "<tr><td><span class=\"badge c" << k % class_palette << "\">";
    p.text(class_name(s, k)) << "</span></td>";
    cell(p, rule);
    cell(p, count_text(at(all, k)), "num");
    cell(p, percent1(r.size() ? 100.0 * static_cast<double>(at(all, k)) / static_cast<double>(r.size()) : 0), "num");
    p << "</tr>\n";
  }
  if (excluded > 0) {
    p << "<tr><td><span class=\"badge cx\">";
    p.text(detail::label_excluded) << "</span></td><td>bị loại theo điều kiện không xếp loại</td>";
    cell(p, count_text(excluded), "num");
    cell(p, percent1(100.0 * static_cast<double>(excluded) / static_cast<double>(r.size())), "num");
    p << "</tr>\n";
  }
  p << "</tbody></table>\n";

  p << "<h3>Theo khối thi đua</h3>\n<table class=\"by-block\"><thead><tr>";
  head_cell(p, "Khối thi đua");
  head_cell(p, "Số đơn vị", true);
  for (std::size_t k = 0; k < classes; ++k) head_cell(p, class_name(s, k), true);
  if (excluded > 0) head_cell(p, "Không đủ điều kiện", true);
  p << "</tr></thead><tbody>\n";
  for (std::size_t b = 0; b < c.blocks.size(); ++b) {
    p << "<tr><td><a href=\"#khoi-" << b + 1 << "\">";
    p.text(block_name(r.group(order[c.blocks[b].begin]))) << "</a></td>";
    cell(p, count_text(c.blocks[b].end - c.blocks[b].begin), "num");
    for (std::size_t k = 0; k < classes; ++k) cell(p, count_text(at(b, k)), "num");
    if (excluded > 0) cell(p, count_text(at(b, classes)), "num");
    p << "</tr>\n";
  }
  p << "</tbody></table>\n</section>\n";
}

// ------------------------------------------------------------------ one block

void write_block(page& p, const report_context& c, std::size_t b) {
  const ranking& r = c.r;
  const scheme& s = r.scheme();
  const int prec = s.precision;
  const auto& order = r.display_order();
  const block_range range = c.blocks[b];
  const std::string name = block_name(r.group(order[range.begin]));
  bool has_notes = false;  // a notes column only where a subject of the block has notes
  for (std::size_t k = range.begin; k < range.end && !has_notes; ++k) has_notes = !detail::notes(r, order[k]).empty();

  p << "<section class=\"block\" id=\"khoi-" << b + 1 << "\">\n<h2>";
  p.text(detail::label_block) << ": ";
  p.text(name) << " <small>— " << range.end - range.begin << ' ' << detail::label_units << "</small></h2>\n";

  p << "<table class=\"ranking\"><thead><tr>";
  head_cell(p, "STT", true);
  head_cell(p, detail::label_rank, true);
  head_cell(p, detail::label_id);
  head_cell(p, detail::label_name);
  for (const auto& f : s.families) head_cell(p, detail::short_family_name(f), true);
  if (s.bonus_max) head_cell(p, detail::label_bonus, true);
  if (s.deduction_max) head_cell(p, detail::label_deduction, true);
  head_cell(p, detail::label_total, true);
  head_cell(p, detail::label_class);
  if (c.titles) head_cell(p, detail::label_titles);
  if (has_notes) head_cell(p, detail::label_notes);
  p << "</tr></thead><tbody>\n";
  for (std::size_t k = range.begin; k < range.end; ++k) {
    const std::size_t i = order[k];
    p << "<tr>";
    cell(p, count_text(k - range.begin + 1), "num");
    cell(p, r.status(i) == standing::ranked ? count_text(r.rank(i)) : "—", "num");
    cell(p, r.id(i), "id");
    cell(p, r.name(i), "name");
    for (std::size_t f = 0; f < s.families.size(); ++f) cell(p, r.family(i, f).to_string(prec), "num");
    if (s.bonus_max) cell(p, r.bonus_counted(i).to_string(prec), "num");
    if (s.deduction_max) cell(p, r.deduction_counted(i).to_string(prec), "num");
    cell(p, r.total(i).to_string(prec), "num total");
    p << "<td>";
    badge(p, r, i);
    p << "</td>";
    if (c.titles) {
      // One title a line: a school may hold two long names.
      p << "<td class=\"titles\">";
      bool first = true;
      for (std::size_t t : c.titles->titles_of(subject_kind::unit, i)) {
        const title_rule& rule = r.scheme().titles[t];
        p << (first ? "" : "<br>");
        p.text(rule.name.empty() ? rule.id : rule.name);
        first = false;
      }
      p << "</td>";
    }
    if (has_notes) cell(p, detail::notes(r, i), "note");
    p << "</tr>\n";
  }
  p << "</tbody></table>\n";

  svg::stacked_chart chart;
  chart.title = "Khối " + name + ": đóng góp của các nhóm tiêu chí vào tổng điểm của từng đơn vị";
  for (std::size_t f = 0; f < s.families.size(); ++f)
    chart.legend.push_back({detail::short_family_name(s.families[f]), std::string(family_colors[f % std::size(family_colors)])});
  if (s.bonus_max) chart.legend.push_back({std::string(detail::label_bonus), std::string(bonus_color)});
  if (s.deduction_max) chart.minus_name = std::string(detail::label_deduction);
  chart.axis_max = s.scale.to_double() + (s.bonus_max ? s.bonus_max->to_double() : 0.0);
  for (std::size_t k = 0; k < s.classes.size(); ++k)
    if (s.classes[k].min > decimal{}) chart.guides.push_back({s.classes[k].min.to_double(), "≥ " + vn_decimal(s.classes[k].min)});
  chart.rows.reserve(range.end - range.begin);
  for (std::size_t k = range.begin; k < range.end; ++k) {
    const std::size_t i = order[k];
    svg::stacked_row row;
    row.label = std::string(r.id(i)) + " " + std::string(r.name(i));
    row.tooltip = row.label + ": tổng điểm " + r.total(i).to_string(prec);
    for (std::size_t f = 0; f < s.families.size(); ++f) {
      row.parts.push_back(r.family(i, f).to_double());
      row.tooltip += "; " + detail::short_family_name(s.families[f]) + " " + r.family(i, f).to_string(prec);
    }
    if (s.bonus_max) row.parts.push_back(r.bonus_counted(i).to_double());
    row.minus = r.deduction_counted(i).to_double();
    row.value_text = r.total(i).to_string(prec);
    if (r.status(i) == standing::excluded) row.value_text += " (không xếp loại)";
    chart.rows.push_back(std::move(row));
  }
  figure(p,
         "Mỗi thanh là tổng điểm của một đơn vị (theo thứ hạng), chia theo nhóm tiêu chí"
         + std::string(s.bonus_max ? " và điểm thưởng" : "") +
             (s.deduction_max ? "; ô viền đỏ đứt nét ở cuối thanh là điểm trừ: phần tô màu dừng ở tổng điểm" : "") +
             ". Đường đứt nét: ngưỡng điểm của các xếp loại.",
         [&](std::string& out) { svg::stacked_bars(out, chart); });
  p << "</section>\n";
}

// ------------------------------------------------------------------ self-score vs review

void write_self_scores(page& p, const report_context& c) {
  const ranking& r = c.r;
  const int prec = r.scheme().precision;
  struct gap {
    std::size_t row;
    decimal diff;  // self − review
    std::size_t position;
  };
  std::vector<gap> gaps;
  std::size_t with_self = 0, higher = 0, lower = 0;
  const auto& order = r.display_order();
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    const auto self = r.self_total(i);
    if (!self) continue;
    ++with_self;
    const decimal diff = *self - r.total(i);
    if (diff == decimal{}) continue;
    (diff > decimal{} ? higher : lower) += 1;
    gaps.push_back({i, diff, k});
  }
  // Largest gaps first; equal gaps in display order.
  std::sort(gaps.begin(), gaps.end(), [](const gap& a, const gap& b) {
    const auto ua = std::abs(a.diff.units()), ub = std::abs(b.diff.units());
    return ua != ub ? ua > ub : a.position < b.position;
  });

  p << "<section id=\"tu-cham\" class=\"audit\">\n<h2>Tự chấm và kết quả hội đồng</h2>\n<p>" << with_self
    << " đơn vị có điểm tự chấm. " << gaps.size() << " đơn vị có tổng điểm tự chấm khác tổng điểm hội đồng chấm: "
    << higher << " tự chấm cao hơn, " << lower << " tự chấm thấp hơn; " << with_self - gaps.size()
    << " đơn vị trùng khớp. Chênh lệch = tự chấm − hội đồng (dương: đơn vị tự chấm cao hơn).</p>\n";
  if (gaps.empty()) {
    p << "</section>\n";
    return;
  }
  constexpr std::size_t chart_rows = 40;
  const double largest = static_cast<double>(std::abs(gaps.front().diff.units()));
  svg::diverging_chart chart;
  chart.title = "Chênh lệch tổng điểm tự chấm − hội đồng, chênh lệch lớn nhất trước";
  chart.left_caption = "← hội đồng chấm cao hơn";
  chart.right_caption = "tự chấm cao hơn →";
  const decimal big = decimal::from_units(static_cast<std::int64_t>(largest));
  chart.ticks = {{-1, signed_points(-big, prec)}, {0, "0"}, {1, signed_points(big, prec)}};
  for (std::size_t k = 0; k < gaps.size() && k < chart_rows; ++k) {
    const gap& g = gaps[k];
    const double t = static_cast<double>(g.diff.units()) / largest;
    svg::diverging_row row;
    row.label = std::string(r.id(g.row)) + " " + std::string(r.name(g.row));
    row.tooltip = row.label + ": tự chấm " + r.self_total(g.row)->to_string(prec) + ", hội đồng " +
                  r.total(g.row).to_string(prec);
    row.low = std::min(0.0, t);
    row.high = std::max(0.0, t);
    (t < 0 ? row.low_text : row.high_text) = signed_points(g.diff, prec);
    chart.rows.push_back(std::move(row));
  }
  figure(p,
         gaps.size() > chart_rows ? "Biểu đồ: " + count_text(chart_rows) + " chênh lệch lớn nhất; bảng dưới đây liệt kê đủ " +
                                        count_text(gaps.size()) + " đơn vị."
                                  : std::string("Mỗi thanh: tự chấm − hội đồng của một đơn vị, chênh lệch lớn nhất trước."),
         [&](std::string& out) { svg::diverging(out, chart); });

  p << "<table class=\"self\"><thead><tr>";
  head_cell(p, "STT", true);
  head_cell(p, detail::label_id);
  head_cell(p, detail::label_name);
  head_cell(p, detail::label_block);
  head_cell(p, "Tự chấm", true);
  head_cell(p, "Hội đồng", true);
  head_cell(p, "Chênh lệch", true);
  head_cell(p, detail::label_class);
  p << "</tr></thead><tbody>\n";
  std::size_t n = 0;
  for (const gap& g : gaps) {
    p << "<tr>";
    cell(p, count_text(++n), "num");
    cell(p, r.id(g.row), "id");
    cell(p, r.name(g.row));
    cell(p, block_name(r.group(g.row)));
    cell(p, r.self_total(g.row)->to_string(prec), "num");
    cell(p, r.total(g.row).to_string(prec), "num");
    cell(p, signed_points(g.diff, prec), g.diff > decimal{} ? "num pos" : "num neg");
    p << "<td>";
    badge(p, r, g.row);
    p << "</td></tr>\n";
  }
  p << "</tbody></table>\n</section>\n";
}

// ------------------------------------------------------------------ titles

void write_titles_section(page& p, const awards& a) {
  const scheme& s = a.scheme();
  p << "<section id=\"danh-hieu\" class=\"audit\">\n<h2>Danh hiệu thi đua";
  if (s.year > 0) p << " năm " << count_text(static_cast<std::size_t>(s.year));
  p << "</h2>\n";
  if (s.base_salary > 0) p << "<p>Lương cơ sở: " << money(s.base_salary) << " đ.</p>\n";
  p << "<table class=\"titles\"><thead><tr>";
  for (std::string_view h : {"Mã", "Danh hiệu", "Đối tượng"}) head_cell(p, h);
  head_cell(p, "Số lượng", true);
  head_cell(p, "Mức thưởng");
  head_cell(p, "Số được thưởng", true);
  head_cell(p, "Tổng thưởng (đ)", true);
  head_cell(p, "Hạn ngạch");
  p << "</tr></thead><tbody>\n";
  std::int64_t grand = 0;
  for (const auto& line : detail::title_summaries(a)) {  // as the proposal list and the workbook say it
    const title_rule& rule = s.titles[line.title];
    grand += line.total;
    p << "<tr>";
    cell(p, rule.id, "id");
    cell(p, rule.name.empty() ? rule.id : rule.name);
    cell(p, rule.subject == title_subject::unit ? "tập thể" : "cá nhân");
    cell(p, count_text(line.holders), "num");
    cell(p, line.reward);
    cell(p, count_text(line.paid), "num");
    cell(p, money(line.total), "num");
    cell(p, line.quota);
    p << "</tr>\n";
  }
  p << "</tbody></table>\n";
  if (s.base_salary > 0)
    p << "<p>Tổng tiền thưởng: <b>" << money(grand) << " đ</b>"
      << (s.rewards == scheme::reward_rule::highest ? " (mỗi đối tượng nhận mức thưởng của danh hiệu cao nhất)" : "")
      << ".</p>\n";
  p << "<p class=\"note\">Danh hiệu của từng tập thể ở cột “Danh hiệu” của bảng mỗi khối; danh sách cá nhân: "
       "<code>thidua titles</code>.</p>\n</section>\n";
}

// ------------------------------------------------------------------ audits

void write_influence(page& p, const audit::influence_report& a) {
  p << "<section id=\"anh-huong\" class=\"audit\">\n<h2>Ảnh hưởng thực tế của các nhóm và tiêu chí</h2>\n<p>"
    << a.subjects << " đơn vị được so sánh";
  if (a.excluded > 0) p << " (" << a.excluded << " đơn vị không được xếp loại, để ra ngoài)";
  p << ", " << a.blocks << " khối thi đua. Tỷ trọng danh nghĩa là phần thang điểm dành cho nhóm hoặc tiêu chí;"
    << " ảnh hưởng thực tế là phần độ phân tán (phương sai) của tổng điểm mà nó giải thích. Điểm thưởng − điểm trừ"
    << " giải thích " << percent1(a.extra_share) << ".</p>\n<ul class=\"sentences\">";
  for (const auto& f : a.families) {
    p << "<li>";
    p.text(audit::influence_sentence(a, f)) << ".</li>";
  }
  p << "</ul>\n";
  const std::vector<svg::series> legend = {{"Tỷ trọng danh nghĩa (% thang điểm)", "#94a3b8"},
                                           {"Ảnh hưởng thực tế (% độ phân tán)", "#1d4ed8"}};
  const auto chart_of = [&](const std::vector<audit::influence_line>& lines, const std::string& title) {
    svg::bar_chart chart;
    chart.title = title;
    chart.legend = legend;
    double lo = 0, hi = 1;
    for (const auto& l : lines) {
      lo = std::min({lo, l.nominal_share, l.variance_share});
      hi = std::max({hi, l.nominal_share, l.variance_share});
    }
    chart.axis_min = lo;
    chart.axis_max = hi;
    const double step = hi > 50 ? 25 : hi > 20 ? 10 : 5;
    for (double t = std::ceil(lo / step) * step; t <= hi + 1e-9; t += step) chart.ticks.push_back({t, tick_text(t).substr(t > 0 ? 1 : 0)});
    for (const auto& l : lines)
      chart.rows.push_back({l.name.empty() || l.name == l.id ? l.id : l.id + " " + l.name,
                            {l.nominal_share, l.variance_share},
                            {percent1(l.nominal_share), percent1(l.variance_share)},
                            {}});
    return chart;
  };
  const auto families = chart_of(a.families, "Nhóm tiêu chí: tỷ trọng danh nghĩa và ảnh hưởng thực tế");
  figure(p, "Mỗi nhóm hai thanh: phần thang điểm (xám) và phần độ phân tán tổng điểm nó giải thích (xanh).",
         [&](std::string& out) { svg::bars(out, families); });
  const auto criteria = chart_of(a.criteria, "Tiêu chí: tỷ trọng danh nghĩa và ảnh hưởng thực tế");
  figure(p,
         "Một tiêu chí mọi đơn vị đều đạt như nhau có ảnh hưởng thực tế 0% dù chiếm nhiều điểm; ảnh hưởng có thể âm khi "
         "tiêu chí đi ngược tổng điểm.",
         [&](std::string& out) { svg::bars(out, criteria); });

  p << "<table class=\"influence\"><thead><tr>";
  head_cell(p, "Mã");
  head_cell(p, "Tên");
  head_cell(p, "% thang điểm", true);
  head_cell(p, "% độ phân tán", true);
  head_cell(p, "Đổi xếp loại khi bỏ", true);
  head_cell(p, "Đổi thứ hạng khi bỏ", true);
  head_cell(p, "τ trong khối", true);
  bool any_constant = false;
  for (const auto* lines : {&a.families, &a.criteria})
    for (const auto& l : *lines) any_constant = any_constant || l.constant;
  if (any_constant) head_cell(p, "Ghi chú");
  p << "</tr></thead><tbody>\n";
  const auto line = [&](const audit::influence_line& l) {
    p << "<tr>";
    cell(p, l.id, "id");
    cell(p, l.name);
    cell(p, percent1(l.nominal_share), "num");
    cell(p, percent1(l.variance_share), "num");
    if (l.removable) {
      cell(p, count_text(l.classes_changed) + "/" + count_text(a.subjects), "num");
      cell(p, count_text(l.ranks_changed), "num");
      char buf[32];
      const auto end = std::to_chars(buf, buf + sizeof buf, l.tau_blocks, std::chars_format::fixed, 3).ptr;
      std::string tau(buf, end);
      std::replace(tau.begin(), tau.end(), '.', ',');
      cell(p, tau, "num");
    } else {
      p << "<td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td>";
    }
    if (any_constant) cell(p, l.constant ? "mọi đơn vị như nhau: không phân biệt được ai" : "");
    p << "</tr>\n";
  };
  for (const auto& f : a.families) line(f);
  for (const auto& c : a.criteria) line(c);
  p << "</tbody></table>\n<p class=\"note\">Cách tính: docs/audit.md, mục “Influence” (thidua audit influence).</p>\n"
    << "</section>\n";
}

// Position of a relative change on the tornado's axis: symmetric logarithmic, 0,1% … 1000%.
double tornado_position(double change) {
  const double t = std::log10(1.0 + 1000.0 * std::abs(change)) / std::log10(10001.0);
  return change < 0 ? -t : t;
}

const audit::sensitivity_event& nearer(const audit::sensitivity_event& a, const audit::sensitivity_event& b) {
  if (!a.change) return b;
  if (!b.change) return a;
  return std::abs(*a.change) <= std::abs(*b.change) ? a : b;
}

std::string interval_text(const audit::sensitivity_event& low, const audit::sensitivity_event& high) {
  if (!low.change && !high.change) return "không đổi";
  return (low.change ? change_text(*low.change) : std::string("không đổi")) + " … " +
         (high.change ? change_text(*high.change) : std::string("không đổi"));
}

void write_sensitivity(page& p, const audit::sensitivity_report& a) {
  p << "<section id=\"do-nhay\" class=\"audit\">\n<h2>Độ nhạy của trọng số</h2>\n<p>Mỗi lần đổi một trọng số (một"
       " tiêu chí, hoặc cả một nhóm) thành t × giá trị danh nghĩa, các trọng số khác co giãn theo tỷ lệ để tổng vẫn bằng"
       " thang điểm. Thanh của mỗi trọng số là khoảng thay đổi tương đối giữ nguyên mọi xếp loại và top-"
    << a.top << " của mọi khối (" << a.subjects << " đơn vị, " << a.blocks
    << " khối); trọng số nhạy nhất ở trên cùng.</p>\n";

  svg::diverging_chart chart;
  chart.title = "Độ nhạy: khoảng thay đổi của từng trọng số trước khi một xếp loại hoặc top-" + count_text(a.top) +
                " thay đổi";
  chart.left_caption = "← giảm trọng số";
  chart.right_caption = "tăng trọng số →";
  chart.low_color = "#c2410c";
  chart.high_color = "#0f766e";
  for (double t : {0.001, 0.01, 0.1, 1.0, 10.0}) {
    chart.ticks.push_back({tornado_position(-t), tick_text(-t * 100)});
    chart.ticks.push_back({tornado_position(t), tick_text(t * 100)});
  }
  chart.ticks.push_back({0, "0"});
  for (const auto& w : a.weights) {
    if (w.fixed) continue;
    const auto& low = nearer(w.classes_low, w.top_low);
    const auto& high = nearer(w.classes_high, w.top_high);
    svg::diverging_row row;
    row.label = w.id + (w.what == audit::weight_sensitivity::kind::family ? " (nhóm)" : "");
    row.tooltip = w.id + (w.name.empty() ? "" : " " + w.name) + ": giữ nguyên trong " + interval_text(low, high);
    row.low = tornado_position(low.change ? *low.change : w.min_change);
    row.high = tornado_position(high.change ? *high.change : w.max_change);
    row.low_text = low.change ? change_text(*low.change) : "không đổi";
    row.high_text = high.change ? change_text(*high.change) : "không đổi";
    row.high_open = !high.change && w.max_change > 10;
    chart.rows.push_back(std::move(row));
  }
  figure(p,
         "Thang logarit (0,1% · 1% · 10% · 100% · 1000%). Đầu thanh: thay đổi đầu tiên làm một đơn vị đổi xếp loại hoặc"
         " một khối đổi top-" + count_text(a.top) + "; “không đổi”: không có thay đổi nào trong toàn miền của trọng số.",
         [&](std::string& out) { svg::diverging(out, chart); });

  p << "<table class=\"sensitivity\"><thead><tr>";
  head_cell(p, "Trọng số");
  head_cell(p, "Tên");
  head_cell(p, "Danh nghĩa (điểm)", true);
  head_cell(p, "Giữ mọi xếp loại");
  head_cell(p, "Giữ top-" + count_text(a.top));
  head_cell(p, "Đổi hạng nhất", true);
  head_cell(p, "Nhạy nhất", true);
  head_cell(p, "Thay đổi đầu tiên");
  p << "</tr></thead><tbody>\n";
  for (const auto& w : a.weights) {
    p << "<tr>";
    cell(p, w.id + (w.what == audit::weight_sensitivity::kind::family ? " (nhóm)" : ""), "id");
    cell(p, w.name);
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, w.nominal, std::chars_format::fixed, 2).ptr;
    std::string nominal(buf, end);
    std::replace(nominal.begin(), nominal.end(), '.', ',');
    cell(p, nominal, "num");
    if (w.fixed) {
      p << "<td colspan=\"5\">cố định (chiếm toàn bộ thang điểm)</td></tr>\n";
      continue;
    }
    cell(p, interval_text(w.classes_low, w.classes_high));
    cell(p, interval_text(w.top_low, w.top_high));
    cell(p, w.first.change ? change_text(*w.first.change) : "không đổi", "num");
    cell(p, w.fragility ? magnitude_text(*w.fragility) : "không đổi", "num");
    std::string first;
    const auto& e = nearer(nearer(w.classes_low, w.classes_high), nearer(w.top_low, w.top_high));
    if (e.change && (&e == &w.classes_low || &e == &w.classes_high)) {
      const auto cls = [&](std::ptrdiff_t k) {
        return k >= 0 && static_cast<std::size_t>(k) < a.class_names.size() ? a.class_names[static_cast<std::size_t>(k)]
                                                                             : std::string("?");
      };
      first = change_text(*e.change) + ": " + e.subject + " (" + e.block + ") " +
              (e.class_after < e.class_before ? "lên " : "xuống ") + cls(e.class_after);
    } else if (e.change) {
      first = change_text(*e.change) + ": khối " + e.block + " đổi top-" + count_text(a.top);
    }
    cell(p, first, "note");
    p << "</tr>\n";
  }
  p << "</tbody></table>\n</section>\n";
}

void write_smaa(page& p, const audit::smaa_report& a) {
  std::string mode;
  switch (a.options.mode) {
    case audit::smaa_mode::simplex: mode = "đều trên đơn hình (mọi bộ trọng số có tổng bằng thang điểm)"; break;
    case audit::smaa_mode::around:
      mode = "đều trong khoảng ±" + percent1(a.options.spread * 100) + " quanh trọng số danh nghĩa";
      break;
    case audit::smaa_mode::order: mode = "đều trên đơn hình, giữ thứ tự quan trọng của các trọng số danh nghĩa"; break;
  }
  p << "<section id=\"smaa\" class=\"audit\">\n<h2>Khả năng chấp nhận thứ hạng (SMAA-2)</h2>\n<p>"
    << count_text(a.options.samples) << " bộ trọng số ngẫu nhiên, lấy mẫu ";
  p.text(mode) << "; hạt giống (seed) " << count_text(static_cast<std::size_t>(a.options.seed))
               << ". Mỗi ô: tỷ lệ số mẫu đơn vị (hàng) đứng ở hạng (cột) trong khối; ô đậm hơn là tỷ lệ lớn hơn, ô trống là"
                  " 0%. Độ tin cậy p<sub>c</sub>: đơn vị có đứng đầu với chính trọng số trung tâm của nó không.</p>\n";
  for (std::size_t b = 0; b < a.blocks.size(); ++b) {
    const auto& blk = a.blocks[b];
    std::size_t ranks = 0;
    bool beyond = false;
    for (std::size_t k : blk.subjects) {
      ranks = std::max(ranks, a.subjects[k].acceptability.size());
      beyond = beyond || a.subjects[k].beyond > 0;
    }
    const std::string name = block_name(blk.name);
    p << "<h3>Khối thi đua: ";
    p.text(name) << "</h3>\n";
    svg::heat_map map;
    map.title = "Khối " + name + ": tỷ lệ đứng ở mỗi hạng (SMAA-2)";
    for (std::size_t q = 0; q < ranks; ++q) map.columns.push_back(count_text(q + 1));
    if (beyond) map.columns.push_back("> " + count_text(ranks));
    const std::size_t cols = map.columns.size();
    map.values.reserve(blk.subjects.size() * cols);
    map.texts.reserve(blk.subjects.size() * cols);
    for (std::size_t k : blk.subjects) {
      const auto& s = a.subjects[k];
      map.rows.push_back((s.excluded ? "— " : count_text(s.nominal_rank) + ". ") + s.id + " " + s.name);
      for (std::size_t q = 0; q < cols; ++q) {
        const bool beyond_cell = beyond && q == ranks;
        const double v = s.excluded ? -1
                         : beyond_cell ? s.beyond
                         : q < s.acceptability.size() ? s.acceptability[q]
                                                      : -1;
        map.values.push_back(v);
        map.texts.push_back(v > 0 ? percent1(v * 100) : "");
      }
    }
    figure(p, "Hàng: đơn vị theo hạng danh nghĩa; cột: hạng trong khối" + std::string(beyond ? " (> : thấp hơn)" : "") + ".",
           [&](std::string& out) { svg::heat_grid(out, map); });
    // The confidence of those that are ever first.
    p << "<table class=\"smaa\"><thead><tr>";
    head_cell(p, detail::label_id);
    head_cell(p, detail::label_name);
    head_cell(p, "Hạng danh nghĩa", true);
    head_cell(p, "Tỷ lệ đứng đầu", true);
    head_cell(p, "Trọng số trung tâm");
    head_cell(p, "Độ tin cậy p_c", true);
    p << "</tr></thead><tbody>\n";
    std::size_t listed = 0;
    for (std::size_t k : blk.subjects) {
      const auto& s = a.subjects[k];
      if (s.excluded || s.central_weights.empty()) continue;
      ++listed;
      std::vector<double> fam(a.families.size(), 0.0);
      for (std::size_t cr = 0; cr < s.central_weights.size() && cr < a.criterion_family.size(); ++cr)
        fam[a.criterion_family[cr]] += s.central_weights[cr];
      std::string central;
      for (std::size_t f = 0; f < fam.size(); ++f) {
        const std::string& fname = a.family_names[f].empty() ? a.families[f] : a.family_names[f];
        const auto cut = fname.find_first_of(",(");
        std::string shortname = fname.substr(0, cut);
        while (!shortname.empty() && shortname.back() == ' ') shortname.pop_back();
        std::string value = percent1(100 * fam[f] / (a.scale > 0 ? a.scale : 1));
        central += (f ? "; " : "") + shortname + " " + value;
      }
      p << "<tr>";
      cell(p, s.id, "id");
      cell(p, s.name);
      cell(p, count_text(s.nominal_rank), "num");
      cell(p, percent1(s.acceptability.empty() ? 0 : s.acceptability[0] * 100), "num");
      cell(p, central);
      cell(p, s.confidence ? percent1(*s.confidence * 100) : "—", "num");
      p << "</tr>\n";
    }
    if (listed == 0) p << "<tr><td colspan=\"6\">Không đơn vị nào đứng đầu trong các mẫu.</td></tr>\n";
    p << "</tbody></table>\n";
  }
  p << "</section>\n";
}

}  // namespace

void write_html(std::ostream& out, const ranking& r, const awards* titles, const report_audits& audits) {
  const scheme& s = r.scheme();
  report_context c{r, titles, audits, blocks_of(r)};
  for (std::size_t i = 0; i < r.size(); ++i) {
    c.has_self = c.has_self || r.self_total(i).has_value();
  }
  page p;
  // About 1.6 kB per subject (a table row and a chart row) plus the fixed parts.
  p.out.reserve(16'384 + r.size() * 1'600);
  p << "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  p.text(s.title.empty() ? s.id : s.title) << " — báo cáo xếp loại thi đua</title>\n<style>" << style_sheet
                                           << "</style>\n</head>\n<body>\n<main>\n";
  write_header(p, c);
  write_summary(p, c);
  for (std::size_t b = 0; b < c.blocks.size(); ++b) write_block(p, c, b);
  if (c.has_self) write_self_scores(p, c);
  if (titles) write_titles_section(p, *titles);
  if (audits.influence) write_influence(p, *audits.influence);
  if (audits.sensitivity) write_sensitivity(p, *audits.sensitivity);
  if (audits.smaa) write_smaa(p, *audits.smaa);
  p << "<footer>Báo cáo do thidua tạo từ thang điểm <b>";
  p.text(s.id) << "</b>. Mọi số liệu trong biểu đồ đều được ghi kèm bằng chữ trong bảng hoặc nhãn; tổng điểm làm tròn "
               << count_text(static_cast<std::size_t>(s.precision))
               << " chữ số thập phân, thống kê kiểm định tính bằng phần trăm (1 chữ số thập phân).</footer>\n"
                  "</main>\n</body>\n</html>\n";
  out.write(p.out.data(), static_cast<std::streamsize>(p.out.size()));
}

}  // namespace thidua
