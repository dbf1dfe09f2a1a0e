// thidua/organisation.hpp: members (staff) and the organisation graph.
//
// A members file lists the people of the units (cán bộ, giáo viên, nhân viên): one row per
// member with `id`, optional `name`, `unit`, and any number of `flag:NAME` columns (yes/no,
// e.g. flag:ky_luat, flag:sang_kien) and numeric columns (e.g. days_absent,
// months_in_service). It is read like a score sheet: UTF-8 with or without BOM, CRLF,
// `,` `;` or tab delimiters, a decimal comma, NFD text normalised to NFC.
//
// The organisation is a directed graph (Boost.Graph): emulation blocks (khối thi đua) →
// units → members. Units and their blocks come from a score sheet (a unit's id and group),
// members from a members file. Title rules over members (share of LĐTT, at least one CSTĐCS)
// read it through the accessors below. See docs/organisation.md.
//
// Example:
//   auto staff = thidua::load_members("can-bo.csv");
//   auto org   = thidua::build_organisation(units_sheet, staff);
//   for (auto row : org.member_rows("TH01")) use(staff[row]);
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "thidua/decimal.hpp"
#include "thidua/error.hpp"
#include "thidua/scores.hpp"

namespace thidua {

/// One member (a person) of a unit.
struct member_record {
  std::string id{};
  std::string name{};
  std::string unit{};
  std::uint64_t flags = 0;                    ///< bit i: flag_names()[i] is set
  std::vector<std::optional<decimal>> fields{};  ///< one per field_names(); nullopt: empty or N/A
  std::uint32_t line = 0;                     ///< the row's line in its file (0 if none)
};

/// The members of a file, in file order, with the names of their flag and numeric columns.
class members {
 public:
  members() = default;
  /// At most 64 flags; throws std::length_error beyond.
  members(std::vector<std::string> flag_names, std::vector<std::string> field_names);

  /// Appends a member. Throws std::invalid_argument on a duplicate or empty id or when
  /// `record.fields` does not have field_names().size() entries. Returns its index.
  std::size_t add(member_record record);

  std::size_t size() const noexcept { return records_.size(); }
  bool empty() const noexcept { return records_.empty(); }
  const member_record& operator[](std::size_t row) const noexcept { return records_[row]; }
  const std::vector<member_record>& records() const noexcept { return records_; }
  auto begin() const noexcept { return records_.begin(); }
  auto end() const noexcept { return records_.end(); }

  /// Flag names without the "flag:" prefix, in column order.
  const std::vector<std::string>& flag_names() const noexcept { return flag_names_; }
  /// Numeric column names, in column order.
  const std::vector<std::string>& field_names() const noexcept { return field_names_; }
  /// Index of a flag or numeric field by name, or -1.
  std::ptrdiff_t find_flag(std::string_view name) const noexcept;
  std::ptrdiff_t find_field(std::string_view name) const noexcept;

  bool flag(std::size_t row, std::size_t flag) const noexcept { return (records_[row].flags >> flag) & 1U; }
  std::optional<decimal> field(std::size_t row, std::size_t field) const noexcept {
    return records_[row].fields[field];
  }

  /// Row of a member id, or -1.
  std::ptrdiff_t find(std::string_view id) const;

  /// The file the members came from ("" when built in code), for messages.
  std::string file{};
  /// The worksheet, when that file is an .xlsx workbook (positions `can-bo.xlsx!Sheet!C12`).
  std::string sheet{};
  /// 1-based cell number of the `unit` column in that file (0 when built in code).
  std::uint32_t unit_column = 0;

 private:
  std::vector<member_record> records_{};
  std::vector<std::string> flag_names_{}, field_names_{};
  std::unordered_map<std::string, std::size_t> index_{};
};

/// Reads a members file: CSV, a worksheet of an .xlsx workbook (`can-bo.xlsx`, the first
/// sheet, or `can-bo.xlsx!Sheet`) read the same way, positions `can-bo.xlsx!Sheet!C12`
/// (docs/xlsx-input.md), or JSON rows (`can-bo.json`, parse_members_json). Problems are added to `out` (thidua.data.1xx); std::nullopt when
/// there was any.
std::optional<members> load_members(const std::filesystem::path& file, diagnostics& out);
members load_members(const std::filesystem::path& file);

/// Same from CSV text; `file_name` is used in positions.
std::optional<members> parse_members(std::string_view csv, std::string_view file_name, diagnostics& out);
members parse_members(std::string_view csv, std::string_view file_name = "<members>");
/// Same from JSON rows (`{"rows": [{"id": "GV0001", "unit": "MN01", "flag:ky_luat": false,
/// "days_absent": 4}, ...]}` or an array of them; docs/json-input.md): each object a row, its
/// keys the columns, the same checks; positions are JSON lines and pointers. A file ending in
/// .json is read this way by load_members.
std::optional<members> parse_members_json(std::string_view json, std::string_view file_name, diagnostics& out);
members parse_members_json(std::string_view json, std::string_view file_name = "<members.json>");

/// Emulation blocks → units → members, as a directed Boost graph.
class organisation {
 public:
  enum class node_kind : std::uint8_t { block, unit, member };
  struct node {
    node_kind kind = node_kind::block;
    std::string id{};
    std::size_t row = 0;  ///< row in the units sheet (unit) or the members (member); 0 for a block
  };
  using graph_type = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, node>;
  using vertex = graph_type::vertex_descriptor;

  /// Adds a block (no-op if it exists). Returns its vertex.
  vertex add_block(std::string_view id);
  /// Adds a unit under a block (the block is added if new). Throws std::invalid_argument when
  /// the unit exists.
  vertex add_unit(std::string_view id, std::string_view block, std::size_t row = 0);
  /// Adds a member under an existing unit. Throws std::invalid_argument when the unit does
  /// not exist or the member does.
  vertex add_member(std::string_view id, std::string_view unit, std::size_t row = 0);

  const graph_type& graph() const noexcept { return graph_; }

  std::size_t block_count() const noexcept { return blocks_.size(); }
  std::size_t unit_count() const noexcept { return units_.size(); }
  std::size_t member_count() const noexcept { return members_.size(); }

  /// Block ids in the order they were first seen.
  std::vector<std::string_view> blocks() const;
  /// Unit ids of a block, in sheet order (empty for an unknown block).
  std::vector<std::string_view> units_of(std::string_view block) const;
  /// Member ids of a unit, in file order (empty for an unknown unit).
  std::vector<std::string_view> members_of(std::string_view unit) const;
  /// Rows (in the members) of a unit's members, in file order.
  std::vector<std::size_t> member_rows(std::string_view unit) const;
  /// Number of members of a unit (0 for an unknown unit).
  std::size_t member_count(std::string_view unit) const;
  /// The unit of a member, the block of a unit; std::nullopt when unknown.
  std::optional<std::string_view> unit_of(std::string_view member) const;
  std::optional<std::string_view> block_of(std::string_view unit) const;

  bool has_block(std::string_view id) const { return blocks_.contains(std::string(id)); }
  bool has_unit(std::string_view id) const { return units_.contains(std::string(id)); }
  bool has_member(std::string_view id) const { return members_.contains(std::string(id)); }

 private:
  std::optional<std::string_view> parent_of(const std::unordered_map<std::string, vertex>& map,
                                            std::string_view id) const;
  std::vector<vertex> children(const std::unordered_map<std::string, vertex>& map, std::string_view id) const;

  graph_type graph_{};
  std::vector<vertex> block_order_{};
  std::unordered_map<std::string, vertex> blocks_{}, units_{}, members_{};
};

/// The first cycle a depth-first search meets, as the ids of its vertices in edge order with
/// the first repeated at the end ({"A", "B", "C", "A"}), or std::nullopt when the graph has
/// none. A self-loop gives {"A", "A"}.
std::optional<std::vector<std::string>> find_cycle(const organisation::graph_type& graph);

/// Builds the organisation from a units sheet (each subject a unit, its group its block; an
/// empty group is the block "") and the members. Problems: a unit id twice in the sheet
/// (thidua.data.106), a member of a unit the sheet does not have (thidua.data.126, with the
/// closest unit id suggested), a cycle (thidua.data.128).
std::optional<organisation> build_organisation(const sheet& units, const members& staff, diagnostics& out);
organisation build_organisation(const sheet& units, const members& staff);

}  // namespace thidua
