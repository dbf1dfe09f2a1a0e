// Members files and the organisation graph (include/thidua/organisation.hpp).
//
// The members reader is a small cousin of the score-sheet reader: it reuses its lexer
// (io/csv_lexer.hpp), its delimiter detection and the UTF-8/NFC helpers, and reports with the
// same catalogue ids. Members files are small (a school has tens of staff, a province tens of
// thousands), so it reads the whole text at once and does not stream.
#include "thidua/organisation.hpp"

#include <algorithm>
#include <functional>
#include <boost/graph/depth_first_search.hpp>
#include <initializer_list>
#include <stdexcept>
#include <utility>

#include "core/text.hpp"
#include "core/words.hpp"
#include "io/small_csv.hpp"
#include "io/json_input.hpp"
#include "io/table_file.hpp"
#include "thidua/io.hpp"

namespace thidua {
namespace {

using detail::csv_cell;
using detail::csv_lexer;
using detail::csv_row;
using detail::fold_case;
using detail::trim;

// Yes/no words as the score-sheet reader accepts them (core/words.hpp).
using word = detail::cell_word;
inline word classify(std::string_view text) { return detail::classify_cell_word(text); }

// ---------------------------------------------------------------------------------------
// The members reader

enum class role { ignored, id, name, unit, flag, field };

struct column {
  role what = role::ignored;
  std::size_t index = 0;  // flag or field index
  std::string label;      // the header text (NFC), for messages
};

class members_reader : detail::small_csv_reader {
 public:
  members_reader(std::string_view csv, std::string_view file, diagnostics& out) : small_csv_reader(csv, file, out) {}

  std::optional<members> read() {
    if (!start()) return std::nullopt;
    if (!read_header()) return std::nullopt;
    members result(flag_names_, field_names_);
    result.file = std::string(file_);
    result.unit_column = static_cast<std::uint32_t>(unit_index_ + 1);
    while (next_row()) read_row(result);
    if (errors_ > 0) return std::nullopt;
    return result;
  }

 private:
  bool read_header() {
    const std::size_t before = errors_;
    const auto& cells = row_.cells;
    std::vector<std::string> found;
    std::vector<std::pair<std::string, std::size_t>> seen;  // folded key, 1-based column
    bool has_id = false, has_unit = false;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::size_t col = i + 1;
      column c;
      std::string name;
      if (!text_of(cells[i], col, name)) {
        columns_.push_back(c);
        continue;
      }
      found.push_back(name);
      c.label = name;
      const std::string f = fold_case(name);
      std::string key = f;
      if (name.empty()) {
        columns_.push_back(c);  // an unnamed column (a trailing delimiter) is ignored
        continue;
      }
      if (f == "id" || f == "name" || f == "unit") {
        c.what = f == "id" ? role::id : f == "name" ? role::name : role::unit;
      } else if (f.rfind("flag:", 0) == 0) {
        const std::string flag(trim(std::string_view(name).substr(5)));
        if (flag.empty()) {
          report(errc::unknown_column, cells[i].line, col, name,
                 std::string("; a flag column needs a name after 'flag:', such as flag:ky_luat"));
          columns_.push_back(c);
          continue;
        }
        key = "flag:" + fold_case(flag);
        c.what = role::flag;
        c.index = flag_names_.size();
      } else {
        c.what = role::field;
        c.index = field_names_.size();
      }
      const auto dup = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
      if (dup != seen.end()) {
        report(errc::duplicate_column, cells[i].line, col, name, std::to_string(dup->second));
        columns_.push_back(column{});
        continue;
      }
      seen.emplace_back(key, col);
      switch (c.what) {
        case role::id:
          has_id = true;
          id_index_ = i;
          break;
        case role::unit:
          has_unit = true;
          unit_index_ = i;
          break;
        case role::flag:
          if (flag_names_.size() == 64) {
            report(errc::unsupported_data, cells[i].line, col,
                   std::string("too many flag columns: a members file holds at most 64 flags"));
            c.what = role::ignored;
            break;
          }
          flag_names_.emplace_back(trim(std::string_view(name).substr(5)));
          break;
        case role::field:
          field_names_.push_back(name);
          break;
        case role::name:
        case role::ignored:
          break;
      }
      columns_.push_back(std::move(c));
    }
    if (!has_id) report(errc::missing_id_column, row_.line, 0, join(found));
    if (!has_unit) report(errc::missing_unit_column, row_.line, 0, join(found));
    return errors_ == before;
  }

  void read_row(members& result) {
    const auto& cells = row_.cells;
    if (cells.size() != columns_.size()) {
      report(errc::ragged_row, row_.line, 0, std::to_string(cells.size()), std::to_string(columns_.size()));
      return;
    }
    member_record r;
    r.line = row_.line;
    r.fields.resize(field_names_.size());
    bool ok = true;
    std::string text;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const column& c = columns_[i];
      const std::size_t col = i + 1;
      if (c.what == role::ignored) continue;
      if (!text_of(cells[i], col, text)) {
        ok = false;
        continue;
      }
      switch (c.what) {
        case role::id:
          r.id = text;
          break;
        case role::name:
          r.name = text;
          break;
        case role::unit:
          r.unit = text;
          break;
        case role::flag:
          ok = decode_flag(c.label, cells[i], col, text, r.flags, c.index) && ok;
          break;
        case role::field:
          ok = decode_field(c.label, cells[i], col, text, r.fields[c.index]) && ok;
          break;
        case role::ignored:
          break;
      }
    }
    const auto& id_cell = cells[id_index_];
    if (r.id.empty()) {
      report(errc::empty_id, id_cell.line, id_index_ + 1);
      return;
    }
    if (const auto first = result.find(r.id); first >= 0) {
      report(errc::duplicate_subject, id_cell.line, id_index_ + 1, r.id,
             std::to_string(result[static_cast<std::size_t>(first)].line));
      return;
    }
    // A bad row is still registered (when its id is sound) so that a later duplicate of it
    // is reported too; the result is discarded anyway.
    (void)ok;
    result.add(std::move(r));
  }

  bool decode_flag(const std::string& label, const csv_cell& cell, std::size_t column, const std::string& text,
                   std::uint64_t& flags, std::size_t index) {
    if (text.empty()) return true;
    switch (classify(text)) {
      case word::yes:
        flags |= std::uint64_t{1} << index;
        return true;
      case word::no:
      case word::not_applicable:
        return true;
      case word::other:
        break;
    }
    report(errc::bad_flag_value, cell.line, column, label, text);
    return false;
  }

  bool decode_field(const std::string& label, const csv_cell& cell, std::size_t column, const std::string& text,
                    std::optional<decimal>& out) {
    out.reset();
    if (text.empty()) return true;
    const auto parsed = decimal::parse(text);
    switch (parsed.status) {
      case decimal::parse_status::ok:
        break;
      case decimal::parse_status::too_many_decimals:
        report(errc::too_many_decimals, cell.line, column, label, text);
        return false;
      case decimal::parse_status::out_of_range:
        report(errc::value_out_of_range, cell.line, column, label, text);
        return false;
      case decimal::parse_status::empty:
      case decimal::parse_status::not_a_number:
        if (classify(text) == word::not_applicable) return true;
        report(errc::not_a_number, cell.line, column, label, text);
        return false;
    }
    if (parsed.value.units() < 0) {
      report(errc::negative_value, cell.line, column, label, text);
      return false;
    }
    out = parsed.value;
    return true;
  }

  std::vector<column> columns_;
  std::vector<std::string> flag_names_, field_names_;
  std::size_t id_index_ = 0, unit_index_ = 0;
};

// ---------------------------------------------------------------------------------------
// Cycles

using graph_type = organisation::graph_type;
using vertex = organisation::vertex;

struct cycle_visitor : boost::default_dfs_visitor {
  std::vector<vertex>* parent;
  std::vector<vertex>* cycle;

  void tree_edge(graph_type::edge_descriptor e, const graph_type& g) const {
    (*parent)[boost::target(e, g)] = boost::source(e, g);
  }
  void back_edge(graph_type::edge_descriptor e, const graph_type& g) const {
    if (!cycle->empty()) return;  // keep the first one met
    const vertex from = boost::source(e, g), to = boost::target(e, g);
    // The tree path to -> ... -> from is on the DFS stack: walk it back from `from`.
    for (vertex v = from; v != to; v = (*parent)[v]) cycle->push_back(v);
    cycle->push_back(to);
    std::reverse(cycle->begin(), cycle->end());
    cycle->push_back(to);
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------
// members

members::members(std::vector<std::string> flag_names, std::vector<std::string> field_names)
    : flag_names_(std::move(flag_names)), field_names_(std::move(field_names)) {
  if (flag_names_.size() > 64) throw std::length_error("thidua::members: at most 64 flags");
}

std::size_t members::add(member_record record) {
  if (record.id.empty()) throw std::invalid_argument("thidua::members::add: empty member id");
  if (record.fields.size() != field_names_.size())
    throw std::invalid_argument("thidua::members::add: member " + record.id + " has " +
                                std::to_string(record.fields.size()) + " fields, expected " +
                                std::to_string(field_names_.size()));
  const auto [it, inserted] = index_.try_emplace(record.id, records_.size());
  if (!inserted) throw std::invalid_argument("thidua::members::add: duplicate member id " + record.id);
  records_.push_back(std::move(record));
  return it->second;
}

std::ptrdiff_t members::find_flag(std::string_view name) const noexcept {
  const auto it = std::find(flag_names_.begin(), flag_names_.end(), name);
  return it == flag_names_.end() ? -1 : it - flag_names_.begin();
}

std::ptrdiff_t members::find_field(std::string_view name) const noexcept {
  const auto it = std::find(field_names_.begin(), field_names_.end(), name);
  return it == field_names_.end() ? -1 : it - field_names_.begin();
}

std::ptrdiff_t members::find(std::string_view id) const {
  const auto it = index_.find(std::string(id));
  return it == index_.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
}

std::optional<members> parse_members(std::string_view csv, std::string_view file_name, diagnostics& out) {
  return members_reader(csv, file_name, out).read();
}

members parse_members(std::string_view csv, std::string_view file_name) {
  return detail::or_throw([&](diagnostics& d) { return parse_members(csv, file_name, d); });
}

std::optional<members> parse_members_json(std::string_view json, std::string_view file_name, diagnostics& out) {
  return detail::parse_json_rows(
      json, file_name, out,
      [](std::string_view csv, std::string_view name, diagnostics& found) { return parse_members(csv, name, found); },
      [](members&& read, const auto& json_line) {
        // Each member's line is its object's in the JSON text; a JSON row has no unit column.
        members moved(read.flag_names(), read.field_names());
        for (member_record m : read) {
          m.line = json_line(m.line);
          moved.add(std::move(m));
        }
        moved.file = read.file;
        moved.unit_column = 0;
        return moved;
      });
}

members parse_members_json(std::string_view json, std::string_view file_name) {
  return detail::or_throw([&](diagnostics& d) { return parse_members_json(json, file_name, d); });
}

std::optional<members> load_members(const std::filesystem::path& file, diagnostics& out) {
  if (detail::is_json_sheet(file)) {  // rows sent by a staff-records system
    const auto text = read_file(file, out);
    if (!text) return std::nullopt;
    return parse_members_json(*text, file.string(), out);
  }
  // A CSV file, or the staff list as the office keeps it in Excel.
  return detail::load_table_file(
      file, out, [](std::string_view csv, std::string_view name, diagnostics& d) { return parse_members(csv, name, d); },
      [](members& m, const std::string& sheet) { m.sheet = sheet; });
}

members load_members(const std::filesystem::path& file) {
  return detail::or_throw([&](diagnostics& d) { return load_members(file, d); });
}

// ---------------------------------------------------------------------------------------
// organisation

organisation::vertex organisation::add_block(std::string_view id) {
  const auto it = blocks_.find(std::string(id));
  if (it != blocks_.end()) return it->second;
  const vertex v = boost::add_vertex(node{node_kind::block, std::string(id), 0}, graph_);
  blocks_.emplace(std::string(id), v);
  block_order_.push_back(v);
  return v;
}

organisation::vertex organisation::add_unit(std::string_view id, std::string_view block, std::size_t row) {
  if (has_unit(id)) throw std::invalid_argument("thidua::organisation: duplicate unit " + std::string(id));
  const vertex b = add_block(block);
  const vertex v = boost::add_vertex(node{node_kind::unit, std::string(id), row}, graph_);
  units_.emplace(std::string(id), v);
  boost::add_edge(b, v, graph_);
  return v;
}

organisation::vertex organisation::add_member(std::string_view id, std::string_view unit, std::size_t row) {
  const auto u = units_.find(std::string(unit));
  if (u == units_.end())
    throw std::invalid_argument("thidua::organisation: unknown unit " + std::string(unit) + " of member " +
                                std::string(id));
  if (has_member(id)) throw std::invalid_argument("thidua::organisation: duplicate member " + std::string(id));
  const vertex v = boost::add_vertex(node{node_kind::member, std::string(id), row}, graph_);
  members_.emplace(std::string(id), v);
  boost::add_edge(u->second, v, graph_);
  return v;
}

std::vector<std::string_view> organisation::blocks() const {
  std::vector<std::string_view> out;
  out.reserve(block_order_.size());
  for (const vertex v : block_order_) out.push_back(graph_[v].id);
  return out;
}

std::vector<organisation::vertex> organisation::children(const std::unordered_map<std::string, vertex>& map,
                                                         std::string_view id) const {
  std::vector<vertex> out;
  const auto it = map.find(std::string(id));
  if (it == map.end()) return out;
  // vecS out-edge lists keep insertion order: sheet order for units, file order for members.
  for (auto [e, end] = boost::out_edges(it->second, graph_); e != end; ++e) out.push_back(boost::target(*e, graph_));
  return out;
}

std::vector<std::string_view> organisation::units_of(std::string_view block) const {
  std::vector<std::string_view> out;
  for (const vertex v : children(blocks_, block)) out.push_back(graph_[v].id);
  return out;
}

std::vector<std::string_view> organisation::members_of(std::string_view unit) const {
  std::vector<std::string_view> out;
  for (const vertex v : children(units_, unit)) out.push_back(graph_[v].id);
  return out;
}

std::vector<std::size_t> organisation::member_rows(std::string_view unit) const {
  std::vector<std::size_t> out;
  for (const vertex v : children(units_, unit)) out.push_back(graph_[v].row);
  return out;
}

std::size_t organisation::member_count(std::string_view unit) const {
  const auto it = units_.find(std::string(unit));
  return it == units_.end() ? 0 : boost::out_degree(it->second, graph_);
}

std::optional<std::string_view> organisation::parent_of(const std::unordered_map<std::string, vertex>& map,
                                                        std::string_view id) const {
  const auto it = map.find(std::string(id));
  if (it == map.end()) return std::nullopt;
  // A directed adjacency_list keeps no in-edges: search the edges (the graph is a forest, and
  // this is not on a hot path; title rules go down the tree, not up).
  for (auto [e, end] = boost::edges(graph_); e != end; ++e)
    if (boost::target(*e, graph_) == it->second) return std::string_view(graph_[boost::source(*e, graph_)].id);
  return std::nullopt;
}

std::optional<std::string_view> organisation::unit_of(std::string_view member) const {
  return parent_of(members_, member);
}

std::optional<std::string_view> organisation::block_of(std::string_view unit) const {
  return parent_of(units_, unit);
}

std::optional<std::vector<std::string>> find_cycle(const organisation::graph_type& graph) {
  const std::size_t n = boost::num_vertices(graph);
  std::vector<vertex> parent(n);
  for (std::size_t i = 0; i < n; ++i) parent[i] = i;
  std::vector<vertex> cycle;
  cycle_visitor visitor;
  visitor.parent = &parent;
  visitor.cycle = &cycle;
  std::vector<boost::default_color_type> colors(n);
  boost::depth_first_search(
      graph, boost::visitor(visitor).color_map(
                 boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph))));
  if (cycle.empty()) return std::nullopt;
  std::vector<std::string> ids;
  ids.reserve(cycle.size());
  for (const vertex v : cycle) ids.push_back(graph[v].id);
  return ids;
}

std::optional<organisation> build_organisation(const sheet& units, const members& staff, diagnostics& out) {
  const std::size_t before = out.count();
  organisation org;
  std::unordered_map<std::string, std::size_t> unit_rows;
  for (std::size_t row = 0; row < units.size(); ++row) {
    const std::string id(units.id(row));
    const auto [it, inserted] = unit_rows.try_emplace(id, row);
    if (!inserted) {
      out.add(make_diagnostic(errc::duplicate_subject, source_position{units.file, units.source_line(row), 1}, id,
                              std::to_string(units.source_line(it->second))));
      continue;
    }
    org.add_unit(id, units.group(row), row);
  }
  const std::string units_name = units.file.empty() ? std::string("the units sheet") : units.file;
  for (std::size_t row = 0; row < staff.size(); ++row) {
    const member_record& m = staff[row];
    if (!org.has_unit(m.unit)) {
      // "; did you mean TH01?" for the closest unit id within edit distance 2.
      std::string hint;
      std::size_t best = 3;
      for (std::size_t u = 0; u < units.size() && !m.unit.empty(); ++u) {
        const std::size_t d = detail::edit_distance(m.unit, units.id(u));
        if (d < best && d < m.unit.size()) {
          best = d;
          hint = "; did you mean " + std::string(units.id(u)) + "?";
        }
      }
      out.add(make_diagnostic(errc::unknown_unit, source_position{staff.file, m.line, staff.unit_column, staff.sheet}, m.id,
                              m.unit.empty() ? std::string("(empty)") : m.unit, units_name, hint));
      continue;
    }
    org.add_member(m.id, m.unit, row);
  }
  if (const auto cycle = find_cycle(org.graph())) {
    std::string path;
    for (const auto& id : *cycle) path += (path.empty() ? "" : " → ") + id;
    out.add(make_diagnostic(errc::organisation_cycle, source_position{staff.file, 0, 0, staff.sheet}, path));
  }
  if (out.count() != before) return std::nullopt;
  return org;
}

organisation build_organisation(const sheet& units, const members& staff) {
  diagnostics d;
  auto org = build_organisation(units, staff, d);
  if (!org) throw input_error(std::move(d));
  return std::move(*org);
}

}  // namespace thidua
