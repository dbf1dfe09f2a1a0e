// thidua/scores.hpp: a score sheet (bảng điểm), subjects × criteria.
//
// A `sheet` is bound to one scheme's criteria: row i holds subject i's raw value for each
// criterion in scheme order, plus bonus, deduction and flags. It is laid out for a country:
// values are one flat array of 32-bit integers in 1/10000 of a unit (400 MB for 2,000,000
// subjects × 50 criteria), labels live in one text arena, groups are interned. Values are
// raw (a percent stays a percent); the engine turns them into points.
//
// Example:
//   thidua::sheet sh(scheme.criteria.size());
//   std::vector<thidua::sheet::value_type> v = {thidua::sheet::encode(points("9.5")), ...};
//   sh.add_subject({.id = "TH01", .name = "Trường Tiểu học Kim Đồng", .group = "Tiểu học"},
//                  v);
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "thidua/decimal.hpp"

namespace thidua {

struct subject_label {
  std::string_view id{};
  std::string_view name{};
  std::string_view group{};  ///< emulation block (khối thi đua), or the unit of a member
};

class sheet {
 public:
  using value_type = std::int32_t;
  /// An empty cell.
  static constexpr value_type missing = std::numeric_limits<value_type>::min();
  /// "N/A": the criterion does not apply to this subject.
  static constexpr value_type not_applicable = std::numeric_limits<value_type>::min() + 1;
  /// Largest representable value: 214748.3647.
  static constexpr std::int64_t max_units = std::numeric_limits<value_type>::max();

  static constexpr value_type encode(decimal d) noexcept { return static_cast<value_type>(d.units()); }
  static constexpr decimal decode(value_type v) noexcept { return decimal::from_units(v); }
  static constexpr bool is_value(value_type v) noexcept { return v != missing && v != not_applicable; }

  sheet() = default;
  explicit sheet(std::size_t criteria_count) : criteria_(criteria_count) {}

  std::size_t criteria_count() const noexcept { return criteria_; }
  std::size_t size() const noexcept { return ids_.size(); }
  bool empty() const noexcept { return ids_.empty(); }

  /// Names of the flag columns (without the "flag:" prefix), in the order first seen.
  const std::vector<std::string>& flag_names() const noexcept { return flag_names_; }
  /// Index of a flag, adding it if new. At most 64 flags.
  std::size_t flag_index(std::string_view name);
  /// Index of a flag or -1.
  std::ptrdiff_t find_flag(std::string_view name) const noexcept;

  /// Appends a subject. `values` has criteria_count() entries; `source_line` is the row's
  /// line in its file (0 if none). Returns the row index. Does not check for duplicate ids
  /// (the loaders do; see find()).
  std::size_t add_subject(const subject_label& label, std::span<const value_type> values,
                          decimal bonus = {}, decimal deduction = {}, std::uint64_t flags = 0,
                          std::uint32_t source_line = 0);
  /// Reserves room for `subjects` rows and `text_bytes` of labels.
  void reserve(std::size_t subjects, std::size_t text_bytes = 0);

  std::string_view id(std::size_t row) const noexcept { return text(ids_[row]); }
  std::string_view name(std::size_t row) const noexcept { return text(names_[row]); }
  std::string_view group(std::size_t row) const noexcept { return groups_[group_of_[row]]; }
  std::uint32_t group_index(std::size_t row) const noexcept { return group_of_[row]; }
  const std::vector<std::string>& groups() const noexcept { return groups_; }
  std::span<const value_type> values(std::size_t row) const noexcept {
    return {values_.data() + row * criteria_, criteria_};
  }
  std::span<value_type> values(std::size_t row) noexcept {
    return {values_.data() + row * criteria_, criteria_};
  }
  decimal bonus(std::size_t row) const noexcept { return decimal::from_units(bonus_[row]); }
  decimal deduction(std::size_t row) const noexcept { return decimal::from_units(deduction_[row]); }
  std::uint64_t flags(std::size_t row) const noexcept { return flags_[row]; }
  bool flag(std::size_t row, std::size_t flag) const noexcept { return (flags_[row] >> flag) & 1U; }
  std::uint32_t source_line(std::size_t row) const noexcept { return lines_[row]; }

  /// A copy with the labels (ids, names, groups, flags' names) but no values: what a
  /// ranking keeps so that a country-size sheet can be released after scoring.
  sheet labels_only() const;

  /// Appends the labels of every row of `other` (ids, names, groups, bonus, deduction,
  /// flags, source lines) without values. `other` must have the same flag names in the same
  /// order, or this sheet must have none yet (it then takes other's). For a sheet built by
  /// criteria_count() == 0 (labels only), as rankings keep.
  void append_labels(const sheet& other);

  /// Row of a subject id, or -1. Builds an index on first use; safe to call from several
  /// threads at once (as every const function), but not while the sheet is being changed.
  std::ptrdiff_t find(std::string_view id) const;

  /// The file the sheet came from ("" when built in code), for messages.
  std::string file{};

 private:
  struct text_ref {
    std::uint64_t offset{};
    std::uint32_t length{};
  };
  std::string_view text(text_ref r) const noexcept { return {arena_.data() + r.offset, r.length}; }
  text_ref store(std::string_view s);

  std::size_t criteria_ = 0;
  std::string arena_{};
  std::vector<text_ref> ids_, names_{};
  std::vector<std::uint32_t> group_of_{};
  std::vector<std::string> groups_{};
  std::unordered_map<std::string, std::uint32_t> group_lookup_{};
  std::vector<value_type> values_{};
  std::vector<std::int64_t> bonus_, deduction_{};
  std::vector<std::uint64_t> flags_{};
  std::vector<std::uint32_t> lines_{};
  std::vector<std::string> flag_names_{};
  // Views into arena_, built once by the first find() (under the mutex, so concurrent
  // const use is safe). Never copied or moved with the sheet: it would point into the other
  // sheet's arena (or its inline buffer, for a short arena).
  struct id_index {
    std::unordered_map<std::string_view, std::size_t> map;
    std::atomic<bool> built{false};
    std::mutex building;
    id_index() = default;
    id_index(const id_index&) noexcept {}
    id_index(id_index&&) noexcept {}
    id_index& operator=(const id_index&) noexcept {
      reset();
      return *this;
    }
    id_index& operator=(id_index&&) noexcept {
      reset();
      return *this;
    }
    // Called by the changing (non-const) members only.
    void reset() noexcept {
      if (!built.load(std::memory_order_relaxed)) return;
      map.clear();
      built.store(false, std::memory_order_relaxed);
    }
  };
  mutable id_index id_lookup_;
};

}  // namespace thidua
