// The SQLite history store (include/thidua/history.hpp, docs/history.md), on the SQLite C
// API.
//
// Every write is one transaction started with BEGIN IMMEDIATE, so a writer takes the write
// lock before it reads anything: two writers queue (sqlite3_busy_timeout) instead of
// deadlocking, and an interrupted or failed write leaves nothing behind (SQLite's journal,
// WAL when the file system allows it). Schema versions live in PRAGMA user_version:
//   1  runs, results, titles;
//   2  runs.command; titles.revoked, revoked_at, revoked_by, revoke_reason; an index
//      titles(id, title, year) for streaks.
#include <sqlite3.h>
#include <unistd.h>

#include <climits>
#include <ctime>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include "thidua/history.hpp"

namespace thidua {
namespace {

constexpr int first_year = 1900, last_year = 2999;

constexpr const char* schema_v2 = R"sql(
CREATE TABLE runs(
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, year INTEGER, scheme_id TEXT, scheme_title TEXT,
  inputs_sha256 TEXT, run_by TEXT, host TEXT, recorded_at TEXT, command TEXT);
CREATE TABLE results(
  run_id INTEGER NOT NULL, year INTEGER NOT NULL, subject TEXT NOT NULL, id TEXT NOT NULL, name TEXT,
  grp TEXT, class_id TEXT, total TEXT, rank INTEGER, PRIMARY KEY(year, subject, id));
CREATE TABLE titles(
  run_id INTEGER NOT NULL, year INTEGER NOT NULL, id TEXT NOT NULL, title TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0, revoked_at TEXT, revoked_by TEXT, revoke_reason TEXT,
  PRIMARY KEY(year, id, title));
CREATE INDEX titles_streak ON titles(id, title, year);
PRAGMA user_version = 2;
)sql";

constexpr const char* migrate_v1_to_v2 = R"sql(
ALTER TABLE runs ADD COLUMN command TEXT;
ALTER TABLE titles ADD COLUMN revoked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE titles ADD COLUMN revoked_at TEXT;
ALTER TABLE titles ADD COLUMN revoked_by TEXT;
ALTER TABLE titles ADD COLUMN revoke_reason TEXT;
CREATE INDEX titles_streak ON titles(id, title, year);
PRAGMA user_version = 2;
)sql";

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buffer, n);
}

std::string host_name() {
  char buffer[HOST_NAME_MAX + 1] = {};
  if (::gethostname(buffer, sizeof buffer - 1) != 0) return "unknown";
  return buffer;
}

bool year_ok(int year) noexcept { return year >= first_year && year <= last_year; }

[[noreturn]] void bad_year(int year) {
  throw input_error(make_diagnostic(errc::bad_year, source_position{}, std::to_string(year)));
}

/// The open database and its path; history_store::impl is one.
struct connection {
  sqlite3* db = nullptr;
  std::filesystem::path path;

  connection() = default;
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection() {
    if (db != nullptr) sqlite3_close_v2(db);
  }

  [[noreturn]] void fail(const std::string& reason) const {
    throw input_error(make_diagnostic(errc::store_failed, source_position{path.string(), 0, 0}, path.string(), reason));
  }
  [[noreturn]] void fail_db(const std::string& doing = {}) const {
    const std::string reason = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    fail(doing.empty() ? reason : doing + ": " + reason);
  }

  void exec(const char* sql, const std::string& doing = {}) const {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail_db(doing);
  }

  int user_version() const;
};

/// A prepared statement; every failure is thidua.io.103 with SQLite's reason.
class statement {
 public:
  statement(const connection& store, std::string_view sql) : store_(&store) {
    if (sqlite3_prepare_v2(store.db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
      store.fail_db();
  }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;
  ~statement() { sqlite3_finalize(stmt_); }

  statement& text(int index, std::string_view value) {
    // SQLITE_STATIC: the text outlives the step that reads it.
    check(sqlite3_bind_text64(stmt_, index, value.data() != nullptr ? value.data() : "", value.size(), SQLITE_STATIC,
                              SQLITE_UTF8));
    return *this;
  }
  /// Binds NULL for an empty text.
  statement& text_or_null(int index, std::string_view value) {
    return value.empty() ? null(index) : text(index, value);
  }
  statement& integer(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  statement& null(int index) {
    check(sqlite3_bind_null(stmt_, index));
    return *this;
  }

  /// True when a row is available, false when done.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    store_->fail_db();
  }
  void run() {
    while (step()) {
    }
    reset();
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::string column_text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p),
                                                      static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::int64_t column_int(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) store_->fail_db();
  }

  const connection* store_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE … COMMIT; rolled back unless committed (an exception, a failed COMMIT).
class write_transaction {
 public:
  explicit write_transaction(const connection& store) : store_(&store) {
    store.exec("BEGIN IMMEDIATE");
  }
  write_transaction(const write_transaction&) = delete;
  write_transaction& operator=(const write_transaction&) = delete;
  ~write_transaction() {
    if (!done_) sqlite3_exec(store_->db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    store_->exec("COMMIT");
    done_ = true;
  }

 private:
  const connection* store_;
  bool done_ = false;
};

/// A read transaction, so several SELECTs see one state of the store.
class read_transaction {
 public:
  explicit read_transaction(const connection& store) : store_(&store) { store.exec("BEGIN"); }
  read_transaction(const read_transaction&) = delete;
  read_transaction& operator=(const read_transaction&) = delete;
  ~read_transaction() { sqlite3_exec(store_->db, "COMMIT", nullptr, nullptr, nullptr); }

 private:
  const connection* store_;
};

std::int64_t insert_run(const connection& store, std::string_view kind, const run_info& info) {
  statement s(store,
              "INSERT INTO runs(kind, year, scheme_id, scheme_title, inputs_sha256, run_by, host, recorded_at, command) "
              "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  s.text(1, kind);
  if (info.year != 0) s.integer(2, info.year);
  else s.null(2);
  const std::string host = info.host.empty() ? host_name() : info.host;
  const std::string at = info.recorded_at.empty() ? now_utc() : info.recorded_at;
  s.text_or_null(3, info.scheme_id).text_or_null(4, info.scheme_title).text_or_null(5, info.inputs_sha256);
  s.text_or_null(6, info.run_by).text(7, host).text(8, at).text_or_null(9, info.command);
  s.run();
  return sqlite3_last_insert_rowid(store.db);
}

int connection::user_version() const {
  statement s(*this, "PRAGMA user_version");
  if (!s.step()) fail("cannot read the schema version");
  return static_cast<int>(s.column_int(0));
}

}  // namespace

struct history_store::impl : connection {};

history_store::history_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
history_store::history_store(history_store&&) noexcept = default;
history_store& history_store::operator=(history_store&&) noexcept = default;
history_store::~history_store() = default;

history_store history_store::open(const std::filesystem::path& file, int busy_timeout_ms) {
  auto p = std::make_unique<impl>();
  p->path = file;
  if (sqlite3_open_v2(file.c_str(), &p->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    p->fail_db();
  sqlite3_extended_result_codes(p->db, 1);
  sqlite3_busy_timeout(p->db, busy_timeout_ms);

  const auto too_new = [&](int v) {
    return input_error(make_diagnostic(errc::store_too_new, source_position{file.string(), 0, 0}, file.string(),
                                       std::to_string(v), std::to_string(schema_version)));
  };
  // Reading the version is the first access to the file: a file that is not SQLite fails here.
  int version = p->user_version();
  if (version > schema_version) throw too_new(version);
  if (version < 0) p->fail("unknown schema version " + std::to_string(version) + ": not a thidua history store");
  if (version < schema_version) {
    write_transaction t(*p);
    version = p->user_version();  // another process may have created or migrated it meanwhile
    if (version > schema_version) throw too_new(version);
    if (version == 0) {
      statement tables(*p, "SELECT count(*) FROM sqlite_schema");
      if (tables.step() && tables.column_int(0) != 0)
        p->fail("not a thidua history store (the database has other tables and no schema version)");
      p->exec(schema_v2, "creating the schema");
    } else if (version == 1) {
      p->exec(migrate_v1_to_v2, "migrating the schema from version 1 to 2");
    }
    t.commit();
  }
  // WAL lets readers go on while one process writes. Where the file system cannot do it
  // (no shared memory), SQLite keeps its rollback journal, which is just as atomic.
  sqlite3_exec(p->db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
  return history_store(std::move(p));
}

int history_store::version() const { return impl_->user_version(); }

const std::filesystem::path& history_store::path() const noexcept { return impl_->path; }

std::int64_t history_store::import(const history& past, const run_info& info) {
  for (const auto& e : past.entries()) {
    if (!year_ok(e.year)) bad_year(e.year);
    if (e.id.empty()) throw std::invalid_argument("thidua::history_store::import: an entry without a subject id");
  }
  if (info.year != 0 && !year_ok(info.year)) bad_year(info.year);
  const impl& s = *impl_;
  write_transaction t(s);
  const std::int64_t run = insert_run(s, "import", info);
  // A revoked title stays revoked: the update is skipped for a stored row that is revoked.
  statement title(s,
                  "INSERT INTO titles(run_id, year, id, title, revoked, revoke_reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6) "
                  "ON CONFLICT(year, id, title) DO UPDATE SET run_id = excluded.run_id, revoked = excluded.revoked, "
                  "revoked_at = NULL, revoked_by = NULL, revoke_reason = excluded.revoke_reason "
                  "WHERE titles.revoked = 0");
  // Imported classes have the subject '' (a history file does not say unit or member).
  statement result(s,
                   "INSERT INTO results(run_id, year, subject, id, class_id) VALUES(?1, ?2, '', ?3, ?4) "
                   "ON CONFLICT(year, subject, id) DO UPDATE SET run_id = excluded.run_id, class_id = excluded.class_id");
  for (const auto& e : past.entries()) {
    if (!e.title.empty()) {
      title.integer(1, run).integer(2, e.year).text(3, e.id).text(4, e.title).integer(5, e.revoked ? 1 : 0);
      if (e.revoked) title.text_or_null(6, e.reason);
      else title.null(6);
      title.run();
    }
    if (!e.class_id.empty()) {
      result.integer(1, run).integer(2, e.year).text(3, e.id).text(4, e.class_id);
      result.run();
    }
  }
  t.commit();
  return run;
}

std::int64_t history_store::record(const run_info& info, const std::vector<recorded_result>& results,
                                   const std::vector<recorded_title>& titles, const row_hook& after_row) {
  if (!year_ok(info.year)) bad_year(info.year);
  for (const auto& r : results)
    if (r.id.empty()) throw std::invalid_argument("thidua::history_store::record: a result without an id");
  for (const auto& tt : titles)
    if (tt.id.empty() || tt.title.empty())
      throw std::invalid_argument("thidua::history_store::record: a title without an id or a title");
  const impl& s = *impl_;
  write_transaction t(s);
  const std::int64_t run = insert_run(s, "rank", info);
  {
    statement clear_results(s, "DELETE FROM results WHERE year = ?1");
    clear_results.integer(1, info.year).run();
    // Revoked titles of the year stay, revoked; the others are replaced.
    statement clear_titles(s, "DELETE FROM titles WHERE year = ?1 AND revoked = 0");
    clear_titles.integer(1, info.year).run();
  }
  std::size_t rows = 0;
  statement result(s,
                   "INSERT INTO results(run_id, year, subject, id, name, grp, class_id, total, rank) "
                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (const auto& r : results) {
    result.integer(1, run).integer(2, info.year).text(3, r.subject).text(4, r.id).text(5, r.name).text(6, r.group);
    result.text_or_null(7, r.class_id).text_or_null(8, r.total);
    if (r.rank != 0) result.integer(9, r.rank);
    else result.null(9);
    result.run();
    if (after_row) after_row(++rows);
    else ++rows;
  }
  statement title(s,
                  "INSERT INTO titles(run_id, year, id, title) VALUES(?1, ?2, ?3, ?4) "
                  "ON CONFLICT(year, id, title) DO NOTHING");
  for (const auto& tt : titles) {
    title.integer(1, run).integer(2, info.year).text(3, tt.id).text(4, tt.title);
    title.run();
    if (after_row) after_row(++rows);
    else ++rows;
  }
  t.commit();
  return run;
}

void history_store::revoke(int year, std::string_view id, std::string_view title, std::string_view reason,
                           std::string_view by) {
  const impl& s = *impl_;
  write_transaction t(s);
  statement update(s,
                   "UPDATE titles SET revoked = 1, revoked_at = ?1, revoked_by = ?2, revoke_reason = ?3 "
                   "WHERE year = ?4 AND id = ?5 AND title = ?6 AND revoked = 0");
  const std::string at = now_utc();
  update.text(1, at).text_or_null(2, by).text_or_null(3, reason).integer(4, year).text(5, id).text(6, title);
  update.run();
  if (sqlite3_changes(s.db) == 0) {
    statement find(s, "SELECT revoke_reason, revoked_at FROM titles WHERE year = ?1 AND id = ?2 AND title = ?3");
    find.integer(1, year).text(2, id).text(3, title);
    std::string message;
    if (find.step()) {
      const std::string why = find.column_text(0), when = find.column_text(1);
      message = "title " + std::string(title) + " of " + std::string(id) + " in " + std::to_string(year) +
                " is already revoked" + (when.empty() ? std::string() : " (" + when + ")") +
                (why.empty() ? std::string() : ": " + why);
    } else {
      message = "the history store " + s.path.string() + " holds no title " + std::string(title) + " for " +
                std::string(id) + " in " + std::to_string(year) + ": check with thidua history list";
    }
    throw input_error(make_diagnostic(errc::not_found, source_position{}, message));
  }
  t.commit();
}

history history_store::load() const {
  const impl& s = *impl_;
  history h;
  read_transaction t(s);
  // Classes: a later run's class replaces an earlier one for the same (id, year).
  statement classes(s,
                    "SELECT year, id, class_id FROM results WHERE class_id IS NOT NULL AND class_id <> '' "
                    "ORDER BY run_id, year, id, subject");
  while (classes.step()) {
    history_entry e;
    e.year = static_cast<int>(classes.column_int(0));
    e.id = classes.column_text(1);
    e.class_id = classes.column_text(2);
    if (!e.id.empty()) h.add(std::move(e));
  }
  statement titles(s, "SELECT year, id, title, revoked, revoke_reason FROM titles ORDER BY year, id, title");
  while (titles.step()) {
    history_entry e;
    e.year = static_cast<int>(titles.column_int(0));
    e.id = titles.column_text(1);
    e.title = titles.column_text(2);
    e.revoked = titles.column_int(3) != 0;
    e.reason = titles.column_text(4);
    if (!e.id.empty() && !e.title.empty()) h.add(std::move(e));
  }
  return h;
}

std::vector<stored_run> history_store::runs() const {
  const impl& s = *impl_;
  read_transaction t(s);
  std::unordered_map<std::int64_t, std::size_t> result_counts, title_counts;
  {
    statement count(s, "SELECT run_id, count(*) FROM results GROUP BY run_id");
    while (count.step()) result_counts[count.column_int(0)] = static_cast<std::size_t>(count.column_int(1));
  }
  {
    statement count(s, "SELECT run_id, count(*) FROM titles GROUP BY run_id");
    while (count.step()) title_counts[count.column_int(0)] = static_cast<std::size_t>(count.column_int(1));
  }
  std::vector<stored_run> out;
  statement q(s,
              "SELECT id, kind, year, scheme_id, scheme_title, inputs_sha256, run_by, host, command, recorded_at "
              "FROM runs ORDER BY id");
  while (q.step()) {
    stored_run r;
    r.id = q.column_int(0);
    r.kind = q.column_text(1);
    r.info.year = static_cast<int>(q.column_int(2));
    r.info.scheme_id = q.column_text(3);
    r.info.scheme_title = q.column_text(4);
    r.info.inputs_sha256 = q.column_text(5);
    r.info.run_by = q.column_text(6);
    r.info.host = q.column_text(7);
    r.info.command = q.column_text(8);
    r.info.recorded_at = q.column_text(9);
    if (const auto it = result_counts.find(r.id); it != result_counts.end()) r.results = it->second;
    if (const auto it = title_counts.find(r.id); it != title_counts.end()) r.titles = it->second;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace thidua
