// thidua/history.hpp: earlier years' classes and titles (lịch sử thi đua), and the SQLite
// store that keeps them.
//
// Titles such as Chiến sĩ thi đua cấp tỉnh need a streak of earlier titles (three years of
// CSTĐCS in a row), and a title can be revoked after the fact (false records). A `history`
// is the in-memory view the awards stage reads; it comes from a history CSV
// (`load_history_csv`) or from a `history_store` (a SQLite file, `thidua rank --store`).
//
// Years are whole numbers: a calendar year (2024) or a school year written "2023-2024",
// which is kept as its end year (2024). Consecutive years are consecutive numbers.
//
// Example:
//   auto past = thidua::load_history_csv("lich-su.csv");
//   int n = past.streak_before("GV0001", "CSTDCS", 2025);   // years held in a row before 2025
//   auto store = thidua::history_store::open("thidua.db");
//   store.import(past, {.run_by = "phongGD"});
//   store.revoke(2024, "GV0001", "CSTDCS", "hồ sơ sáng kiến không đúng", "phongGD");
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "thidua/error.hpp"

namespace thidua {

/// Parses a year cell: "2024", "2023-2024", "2023–2024" (en dash), "2023 - 2024". A school
/// year's two years must follow each other. Returns the (end) year, or std::nullopt.
std::optional<int> parse_year(std::string_view text) noexcept;

/// One line of history: a subject's class and/or one title in one year.
struct history_entry {
  int year = 0;
  std::string id{};          ///< the subject's id (a member or a unit)
  std::string title{};       ///< title id ("" when the line only records a class)
  std::string class_id{};    ///< class id ("" when not recorded)
  bool revoked = false;      ///< the title was revoked (thu hồi) afterwards
  std::string reason{};      ///< why it was revoked
  std::uint32_t line = 0;    ///< line in its CSV file (0 if none)
};

/// Earlier years, indexed for the awards stage. Revoked titles are kept (for reports) but
/// never count as held.
class history {
 public:
  /// Adds an entry. A second entry for the same (year, id, title) replaces the first,
  /// except that a revocation is never undone by a later non-revoked entry; a later class for
  /// the same (id, year) replaces the class. Throws std::invalid_argument for an entry with
  /// an empty id, or with neither a title nor a class.
  void add(history_entry entry);

  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  const std::vector<history_entry>& entries() const noexcept { return entries_; }

  /// True when `id` held `title` in `year` and it was not revoked.
  bool held(std::string_view id, std::string_view title, int year) const;
  /// True when `id` held `title` in `year` and it was revoked.
  bool revoked(std::string_view id, std::string_view title, int year) const;
  /// How many years in a row, ending with `year - 1`, `id` held `title` (not revoked).
  /// 0 when it did not hold it in `year - 1`.
  int streak_before(std::string_view id, std::string_view title, int year) const;
  /// The class recorded for `id` in `year`, or "" when none.
  std::string_view class_in(std::string_view id, int year) const;
  /// Distinct years present, ascending.
  std::vector<int> years() const;

  /// The file it came from ("" when built in code or read from a store), for messages.
  std::string file{};

 private:
  struct key_hash;
  std::vector<history_entry> entries_{};
  // (id, title, year) → index into entries_; (id, year) → class entry index.
  std::unordered_map<std::string, std::size_t> by_title_{};
  std::unordered_map<std::string, std::size_t> by_class_{};
};

/// Reads a history CSV: columns `year`, `id` (required), `title`, `class`, `name`,
/// `revoked` (yes/no), `reason` (optional; other columns are an error with a suggestion).
/// Read like a score sheet (BOM, CRLF, `,` `;` tab, NFD → NFC, quoted cells). Problems are
/// added to `out` with file, line and cell (thidua.data.1xx); std::nullopt when any. A
/// worksheet of an .xlsx workbook (`lich-su.xlsx`, `lich-su.xlsx!Sheet`) is read the same way,
/// and a .json file as JSON rows (parse_history_json).
std::optional<history> load_history_csv(const std::filesystem::path& file, diagnostics& out);
history load_history_csv(const std::filesystem::path& file);
std::optional<history> parse_history_csv(std::string_view csv, std::string_view file_name, diagnostics& out);
history parse_history_csv(std::string_view csv, std::string_view file_name = "<history>");
/// Same from JSON rows (`{"rows": [{"year": "2023-2024", "id": "GV0001", "title": "CSTDCS"},
/// ...]}` or an array of them; docs/json-input.md), positions JSON lines and pointers. A file
/// ending in .json is read this way by load_history_csv.
std::optional<history> parse_history_json(std::string_view json, std::string_view file_name, diagnostics& out);
history parse_history_json(std::string_view json, std::string_view file_name = "<history.json>");

/// SHA-256 of some bytes, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);
/// SHA-256 over several files: each file's name (as given) and contents, in order, so the
/// same inputs give the same digest. Throws input_error (thidua.io.101) when one cannot be read.
std::string inputs_digest(const std::vector<std::filesystem::path>& files);

/// One subject's result this year, as recorded.
struct recorded_result {
  std::string subject = "unit";  ///< "unit" or "member"
  std::string id{};
  std::string name{};
  std::string group{};           ///< emulation block (unit) or unit (member)
  std::string class_id{};        ///< "" when not classified
  std::string total{};           ///< the published total as printed ("87.25"), "" when none
  std::uint32_t rank = 0;        ///< 0 when not ranked
};

/// One title awarded this year, as recorded.
struct recorded_title {
  std::string id{};              ///< the subject's id
  std::string title{};
};

/// Who recorded what, and from which inputs.
struct run_info {
  int year = 0;
  std::string scheme_id{};
  std::string scheme_title{};
  std::string inputs_sha256{};   ///< inputs_digest of the files the run read
  std::string run_by{};          ///< user name (`--by`, else $USER)
  std::string host{};            ///< machine name; filled by the store when empty
  std::string command{};         ///< the command line, for the record
  std::string recorded_at{};     ///< ISO 8601 UTC; filled by the store when empty
};

/// A run as the store lists it.
struct stored_run {
  std::int64_t id = 0;
  std::string kind{};            ///< "rank" or "import"
  run_info info{};
  std::size_t results = 0, titles = 0;
};

/// The history store: a SQLite file. Every write is one transaction (BEGIN IMMEDIATE …
/// COMMIT): an interrupted or failed write leaves the store as it was, and two processes
/// writing at once wait for each other (up to `busy_timeout_ms`) instead of corrupting it.
/// The schema has a version (PRAGMA user_version); `open` migrates an older store in one
/// transaction and refuses a newer one (thidua.io.104). Errors are input_error with
/// thidua.io.103 and SQLite's reason. See docs/history.md.
class history_store {
 public:
  /// The schema version this thidua writes.
  static constexpr int schema_version = 2;

  /// Opens (creating when absent) and migrates the store.
  static history_store open(const std::filesystem::path& file, int busy_timeout_ms = 10000);
  history_store(history_store&&) noexcept;
  history_store& operator=(history_store&&) noexcept;
  ~history_store();

  /// The store's schema version (after migration: schema_version).
  int version() const;

  /// Imports earlier years (kind "import"). Entries for a (year, id, title) already stored
  /// replace them, except that a revoked title stays revoked. Returns the run id.
  std::int64_t import(const history& past, const run_info& info);

  /// Hooks for tests: called after each row written inside the transaction (a throw rolls
  /// the whole write back).
  using row_hook = std::function<void(std::size_t rows_written)>;

  /// Records this year's results and titles (kind "rank"). A second record of the same year
  /// replaces that year's results and titles (revoked titles stay revoked and are kept).
  /// Returns the run id.
  std::int64_t record(const run_info& info, const std::vector<recorded_result>& results,
                      const std::vector<recorded_title>& titles, const row_hook& after_row = {});

  /// Revokes a title (thu hồi): `year`, subject `id`, `title`. Throws input_error
  /// thidua.usage.104 when the store does not hold it or it is already revoked.
  void revoke(int year, std::string_view id, std::string_view title, std::string_view reason,
              std::string_view by);

  /// Everything stored, as a history (classes and titles of every year, revoked included).
  history load() const;
  /// The runs, oldest first.
  std::vector<stored_run> runs() const;

  const std::filesystem::path& path() const noexcept;

 private:
  struct impl;
  explicit history_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace thidua
