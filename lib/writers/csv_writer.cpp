// CSV for Excel: UTF-8 with BOM (so Excel reads Vietnamese correctly), CRLF line ends,
// and text cells that begin with = + - @ (or a tab/CR) prefixed with ' so that a school
// name can never run as a formula (CSV injection).
#include <ostream>

#include "thidua/writers.hpp"
#include "writers/labels.hpp"

namespace thidua {
namespace {

std::string text_cell(std::string_view v) {
  std::string s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    s += '\'';
  s.append(v);
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

}  // namespace

void write_csv(std::ostream& out, const ranking& r, const awards* titles) {
  const scheme& s = r.scheme();
  const int p = s.precision;
  bool has_self = false;
  for (std::size_t i = 0; i < r.size(); ++i) has_self = has_self || r.self_total(i).has_value();

  out << "\xEF\xBB\xBF";
  std::vector<std::string> header = {std::string(detail::label_block), std::string(detail::label_rank),
                                     std::string(detail::label_id), std::string(detail::label_name)};
  for (const auto& f : s.families) header.push_back(detail::short_family_name(f) + " (" + f.id + ")");
  if (s.bonus_max) header.emplace_back(detail::label_bonus);
  if (s.deduction_max) header.emplace_back(detail::label_deduction);
  header.emplace_back(detail::label_total);
  if (has_self) {
    header.emplace_back(detail::label_self);
    header.emplace_back(detail::label_difference);
  }
  header.emplace_back(detail::label_class);
  header.emplace_back("Mã xếp loại");
  if (titles) header.emplace_back(detail::label_titles);
  header.emplace_back(detail::label_notes);
  for (std::size_t k = 0; k < header.size(); ++k) out << (k ? "," : "") << text_cell(header[k]);
  out << "\r\n";

  for (std::size_t i : r.display_order()) {
    out << text_cell(r.group(i)) << ',';
    if (r.status(i) == standing::ranked) out << r.rank(i);
    out << ',' << text_cell(r.id(i)) << ',' << text_cell(r.name(i));
    for (std::size_t f = 0; f < s.families.size(); ++f) out << ',' << r.family(i, f).to_string(p);
    if (s.bonus_max) out << ',' << r.bonus_counted(i).to_string(p);
    if (s.deduction_max) out << ',' << r.deduction_counted(i).to_string(p);
    out << ',' << r.total(i).to_string(p);
    if (has_self) {
      const auto st = r.self_total(i);
      out << ',' << (st ? st->to_string(p) : "") << ',' << (st ? (r.total(i) - *st).to_string(p) : "");
    }
    out << ',' << text_cell(detail::class_label(r, i)) << ',';
    if (r.status(i) == standing::ranked) out << s.classes[static_cast<std::size_t>(r.class_index(i))].id;
    if (titles) out << ',' << text_cell(detail::title_ids(*titles, subject_kind::unit, i));
    out << ',' << text_cell(detail::notes(r, i)) << "\r\n";
  }
}

}  // namespace thidua
