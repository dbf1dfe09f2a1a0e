// Plain-text table for a terminal: one section per emulation block, columns aligned by
// display width so Vietnamese names line up.
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "thidua/report.hpp"
#include "thidua/writers.hpp"
#include "writers/labels.hpp"

namespace thidua {
namespace {

struct column {
  std::string header;
  bool right = false;  // numbers align right
  std::size_t width = 0;
};

void pad(std::ostream& out, const std::string& text, std::size_t width, bool right) {
  const std::size_t w = display_width(text);
  const std::string fill(width > w ? width - w : 0, ' ');
  if (right) out << fill << text;
  else out << text << fill;
}

void print_rows(std::ostream& out, std::vector<column>& cols, const std::vector<std::vector<std::string>>& rows) {
  for (auto& c : cols) c.width = display_width(c.header);
  for (const auto& row : rows)
    for (std::size_t k = 0; k < cols.size(); ++k) cols[k].width = std::max(cols[k].width, display_width(row[k]));
  auto line = [&](const auto& cell) {
    std::ostringstream text;
    for (std::size_t k = 0; k < cols.size(); ++k) {
      if (k > 0) text << "  ";
      pad(text, cell(k), cols[k].width, cols[k].right);
    }
    std::string s = text.str();
    s.erase(s.find_last_not_of(' ') + 1);  // no trailing spaces
    out << s << '\n';
  };
  line([&](std::size_t k) { return cols[k].header; });
  std::size_t total = 0;
  for (const auto& c : cols) total += c.width + 2;
  out << std::string(total > 2 ? total - 2 : 0, '-') << '\n';
  for (const auto& row : rows) line([&](std::size_t k) { return row[k]; });
}

}  // namespace

void write_table(std::ostream& out, const ranking& r, const awards* titles) {
  const scheme& s = r.scheme();
  const int p = s.precision;
  bool has_self = false, has_notes = false;
  for (std::size_t i = 0; i < r.size(); ++i) {
    has_self = has_self || r.self_total(i).has_value();
    has_notes = has_notes || !detail::notes(r, i).empty();
  }
  out << (s.title.empty() ? s.id : s.title) << '\n';
  if (!s.source.empty()) out << "Căn cứ: " << s.source << '\n';

  const auto& order = r.display_order();
  std::size_t at = 0;
  while (at < order.size()) {
    const std::string_view group = r.group(order[at]);
    std::size_t end = at;
    while (end < order.size() && r.group(order[end]) == group) ++end;

    std::vector<column> cols = {{std::string(detail::label_rank), true}, {std::string(detail::label_id)},
                                {std::string(detail::label_name)}};
    for (const auto& f : s.families) cols.push_back({detail::short_family_name(f), true});
    if (s.bonus_max) cols.push_back({std::string(detail::label_bonus), true});
    if (s.deduction_max) cols.push_back({std::string(detail::label_deduction), true});
    cols.push_back({std::string(detail::label_total), true});
    if (has_self) {
      cols.push_back({std::string(detail::label_self), true});
      cols.push_back({std::string(detail::label_difference), true});
    }
    cols.push_back({std::string(detail::label_class)});
    if (titles) cols.push_back({std::string(detail::label_titles)});
    if (has_notes) cols.push_back({std::string(detail::label_notes)});

    std::vector<std::vector<std::string>> rows;
    for (std::size_t k = at; k < end; ++k) {
      const std::size_t i = order[k];
      std::vector<std::string> row;
      row.push_back(r.status(i) == standing::ranked ? std::to_string(r.rank(i)) : "—");
      row.emplace_back(r.id(i));
      row.emplace_back(r.name(i));
      for (std::size_t f = 0; f < s.families.size(); ++f) row.push_back(r.family(i, f).to_string(p));
      if (s.bonus_max) row.push_back(r.bonus_counted(i).to_string(p));
      if (s.deduction_max) row.push_back(r.deduction_counted(i).to_string(p));
      row.push_back(r.total(i).to_string(p));
      if (has_self) {
        const auto st = r.self_total(i);
        row.push_back(st ? st->to_string(p) : "");
        row.push_back(st ? (r.total(i) - *st).to_string(p) : "");
      }
      row.push_back(detail::class_label(r, i));
      if (titles) row.push_back(detail::title_ids(*titles, subject_kind::unit, i));
      if (has_notes) row.push_back(detail::notes(r, i));
      rows.push_back(std::move(row));
    }
    out << '\n' << detail::label_block << ": " << (group.empty() ? "(chưa phân khối)" : group) << " — "
        << (end - at) << ' ' << detail::label_units << '\n';
    print_rows(out, cols, rows);
    at = end;
  }
  if (titles) {
    out << '\n';
    write_titles(out, *titles, output_format::table, true);
  }
}

bool parse_output_format(std::string_view text, output_format& out) noexcept {
  if (text == "table") out = output_format::table;
  else if (text == "json") out = output_format::json;
  else if (text == "csv") out = output_format::csv;
  else if (text == "xlsx") out = output_format::xlsx;
  else if (text == "html") out = output_format::html;
  else return false;
  return true;
}

void write_ranking(std::ostream& out, const ranking& r, output_format format, const awards* titles) {
  switch (format) {
    case output_format::table: write_table(out, r, titles); break;
    case output_format::json: write_json(out, r, titles); break;
    case output_format::csv: write_csv(out, r, titles); break;
    case output_format::xlsx: write_xlsx(out, r, titles); break;
    case output_format::html: write_html(out, r, titles); break;
  }
}

}  // namespace thidua
