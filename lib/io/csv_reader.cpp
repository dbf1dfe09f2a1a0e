// Score sheets from CSV: load_sheet, parse_sheet and sheet_has_assessor (see io.hpp).
//
// The file is memory-mapped (or read whole) and lexed in one pass (csv_lexer); the header
// decides the layout (long if it has both `criterion` and `value`, else wide) and what each
// column means. Every cell is then checked against its criterion and every problem is added
// to the diagnostics, with the cell's line and its 1-based cell number, so that
// `thidua validate` lists them all at once.
//
// Speed: a country file has 2,000,000 rows × 50 criteria. On the wide path, an ASCII cell
// costs one table-driven scan and one decimal parse: no allocation, no ICU. Text with bytes
// >= 0x80 (Vietnamese names) is validated and normalised to NFC cell by cell. A large wide
// file without quotes is also cut into chunks read on several threads (read_wide_parallel),
// with the same result and messages as one thread.
#include "io/csv_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "io/csv_lexer.hpp"
#include "core/text.hpp"
#include "thidua/io.hpp"

namespace thidua {
namespace {

using detail::csv_cell;
using detail::csv_lexer;
using detail::csv_row;
using detail::fold_case;
using detail::trim;

// ---------------------------------------------------------------------------------------
// Files

/// A whole file in memory: mapped when possible (no copy of 600 MB), else read.
class file_buffer {
 public:
  /// Returns false with `error` set when the file cannot be read.
  bool open(const std::filesystem::path& file, std::string& error) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      error = std::strerror(errno);
      return false;
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      error = "it is a directory";
      return false;
    }
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        ::madvise(p, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
        map_ = p;
        map_size_ = static_cast<std::size_t>(st.st_size);
        ::close(fd);
        return true;
      }
    }
    ::close(fd);
    // Pipes, empty files or a failed mmap: read it the ordinary way.
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      error = std::strerror(errno);
      return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
      error = "read error";
      return false;
    }
    copy_ = std::move(ss).str();
    return true;
  }
  file_buffer() = default;
  file_buffer(const file_buffer&) = delete;
  file_buffer& operator=(const file_buffer&) = delete;
  ~file_buffer() {
    if (map_ != nullptr) ::munmap(map_, map_size_);
  }
  std::string_view view() const noexcept {
    return map_ != nullptr ? std::string_view(static_cast<const char*>(map_), map_size_) : std::string_view(copy_);
  }

 private:
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::string copy_;
};

// ---------------------------------------------------------------------------------------
// Words

enum class word { other, yes, no, not_applicable };

/// The accepted spellings, folded once (NFC + case folding) so that source encoding and
/// case cannot matter.
struct word_tables {
  std::vector<std::string> yes, no, not_applicable, self, review;
  word_tables() {
    auto fold_all = [](std::initializer_list<std::string_view> words) {
      std::vector<std::string> v;
      for (auto w : words) v.push_back(fold_case(w));
      return v;
    };
    yes = fold_all({"1", "x", "có", "co", "yes", "y", "true", "đạt", "dat"});
    no = fold_all({"0", "không", "khong", "no", "n", "false", "không đạt", "khong dat", "chưa đạt", "chua dat"});
    not_applicable = fold_all({"n/a", "na", "kad", "không áp dụng", "khong ap dung"});
    self = fold_all({"tự chấm", "tu_cham", "tu cham", "self", "tự đánh giá", "tu_danh_gia", "tu danh gia"});
    review = fold_all({"hội đồng", "hoi_dong", "hoi dong", "review", "council", "cấp trên", "cap_tren", "cap tren"});
  }
};

const word_tables& words() {
  static const word_tables tables;
  return tables;
}

bool contains(const std::vector<std::string>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

/// Classifies a non-empty cell as yes, no, N/A or anything else.
word classify(std::string_view text) {
  if (text.size() > 40) return word::other;  // no accepted word is that long
  const auto folded = fold_case(text);
  const auto& w = words();
  if (contains(w.yes, folded)) return word::yes;
  if (contains(w.no, folded)) return word::no;
  if (contains(w.not_applicable, folded)) return word::not_applicable;
  return word::other;
}

/// The common cell, an unsigned number with at most 4 decimals ("7", "7.25", "7,5"), in
/// units without the general parser's checks. False for anything else, which then takes the
/// general path (and gets its error message there).
inline bool plain_units(std::string_view t, std::int64_t& units) noexcept {
  const std::size_t n = t.size();
  if (n == 0 || n > 14) return false;  // 14 characters cannot overflow below
  std::size_t i = 0;
  std::int64_t whole = 0;
  while (i < n && static_cast<unsigned>(t[i] - '0') < 10U) whole = whole * 10 + (t[i++] - '0');
  if (i == 0) return false;
  std::int64_t fraction = 0;
  int digits = 0;
  if (i < n) {
    if (t[i] != '.' && t[i] != ',') return false;
    ++i;
    while (i < n && digits < decimal::digits && static_cast<unsigned>(t[i] - '0') < 10U) {
      fraction = fraction * 10 + (t[i++] - '0');
      ++digits;
    }
    if (i != n) return false;
  }
  for (; digits < decimal::digits; ++digits) fraction *= 10;
  units = whole * decimal::units_per_point + fraction;
  return true;
}

/// units is a multiple of step (both >= 0, units within int32): a 32-bit division when it can.
inline bool on_step(std::int64_t units, std::int64_t step) noexcept {
  if (step <= 0) return true;
  if (step > sheet::max_units) return units == 0;
  return static_cast<std::uint32_t>(units) % static_cast<std::uint32_t>(step) == 0;
}

bool starts_like_number(std::string_view text) noexcept {
  const char c = text.front();
  return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-' || c == '+';
}

// ---------------------------------------------------------------------------------------
// Columns

enum class role {
  ignored,  // a column already reported (unknown, duplicate, bad UTF-8)
  unnamed,  // an empty header cell: fine while its cells are empty
  id,
  name,
  group,
  criterion,  // wide: a criterion column
  bonus,
  deduction,
  flag,
  // long layout:
  criterion_ref,
  value,
  period,
  assessor,
};

struct column {
  role what = role::ignored;
  std::size_t index = 0;  // criterion index or flag bit
  std::string header;     // as written (NFC), for messages
};

constexpr std::string_view long_reserved[] = {"id", "criterion", "value", "name", "group", "period", "assessor"};

/// "; did you mean DV1?" for the closest candidate within edit distance 2, or "".
std::string suggest(std::string_view name, const std::vector<std::string_view>& candidates) {
  const auto folded = fold_case(name);
  const std::size_t length = detail::edit_distance(folded, "");
  const std::size_t limit = std::min<std::size_t>(2, (length + 1) / 2);
  std::string_view best;
  std::size_t best_distance = limit + 1;
  for (auto c : candidates) {
    const auto d = detail::edit_distance(folded, fold_case(c));
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  if (best.empty()) return {};
  return "; did you mean " + std::string(best) + "?";
}

std::string join(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) {
    if (!s.empty()) s += ", ";
    s += p.empty() ? std::string("(empty)") : p;
  }
  return s.empty() ? std::string("no columns") : s;
}

// ---------------------------------------------------------------------------------------
// Subject ids seen so far

/// Open-addressing set of ids with the line each was first seen on. A node-based
/// std::unordered_map costs one allocation per row, a fifth of the time on a country file.
/// The ids are views: the caller keeps their bytes alive.
class id_table {
 public:
  void reserve(std::size_t n) {
    std::size_t capacity = 16;
    while (capacity < n * 2) capacity *= 2;
    if (capacity > slots_.size()) rehash(capacity);
  }

  /// Adds `id` seen on `line`; returns 0 if it is new, else the line it was first seen on.
  std::uint32_t insert(std::string_view id, std::uint32_t line) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>{}(id)&mask;; i = (i + 1) & mask) {
      auto& slot = slots_[i];
      if (slot.line == 0) {
        slot = {id.data(), static_cast<std::uint32_t>(id.size()), line};
        ++size_;
        return 0;
      }
      if (slot.length == id.size() && std::memcmp(slot.data, id.data(), id.size()) == 0) return slot.line;
    }
  }

 private:
  struct slot_type {
    const char* data = nullptr;
    std::uint32_t length = 0;
    std::uint32_t line = 0;  // 0: empty (lines start at 1)
  };

  void rehash(std::size_t capacity) {
    std::vector<slot_type> old(capacity);
    old.swap(slots_);
    const std::size_t mask = capacity - 1;
    for (const auto& s : old) {
      if (s.line == 0) continue;
      std::size_t i = std::hash<std::string_view>{}(std::string_view(s.data, s.length)) & mask;
      while (slots_[i].line != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<slot_type> slots_;
  std::size_t size_ = 0;
};

// ---------------------------------------------------------------------------------------
// Cells

/// Checks cells and decodes them, reporting each problem. One per thread when a file is
/// read in parallel, each with its own diagnostics.
class cell_checker {
 public:
  cell_checker(const scheme& s, std::string_view file, diagnostics& out) : scheme_(s), file_(file), out_(&out) {}

  std::size_t errors() const noexcept { return errors_; }

  // --- reporting ---------------------------------------------------------------------

  source_position at(std::uint32_t line, std::size_t column) const {
    return source_position{std::string(file_), line, static_cast<std::uint32_t>(column)};
  }
  template <class... Args>
  void report(errc code, std::uint32_t line, std::size_t column, const Args&... args) {
    ++errors_;
    // Once the list is full it only counts: skip building a message nobody will see.
    if (out_->count() > out_->items().size()) return out_->add(diagnostic{code, {}, {}});
    out_->add(make_diagnostic(code, at(line, column), args...));
  }

  /// Checks a cell's UTF-8 and returns its NFC text (in `buffer` if it had to change).
  bool text_of(const csv_cell& cell, std::size_t column, std::string& buffer, std::string_view& out) {
    if (!cell.non_ascii) {
      out = cell.text;
      return true;
    }
    const auto bad = detail::invalid_utf8_offset(cell.text);
    if (bad != std::string_view::npos) {
      report(errc::invalid_utf8, cell.line, column, std::to_string(bad + 1));
      return false;
    }
    out = detail::to_nfc(cell.text, buffer);
    return true;
  }

  // --- values ------------------------------------------------------------------------

  /// Decodes a criterion cell. Reports and returns false when it is not acceptable.
  bool decode_criterion(const criterion& c, const csv_cell& cell, std::size_t column, sheet::value_type& out) {
    std::string_view text;
    if (!text_of(cell, column, value_buffer_, text)) return false;
    if (text.empty()) {
      out = sheet::missing;
      if (scheme_.missing == missing_rule::error) {
        report(errc::missing_value, cell.line, column, c.id);
        return false;
      }
      return true;
    }
    if (std::int64_t units = 0; !cell.non_ascii && c.input != input_kind::yes_no && plain_units(text, units)) {
      // Fast path; anything out of bounds falls through to the checks below, which report it.
      bool fits = units <= sheet::max_units;
      if (c.input == input_kind::points)
        fits = fits && units <= c.max.units() && (!c.step || on_step(units, c.step->units()));
      else if (c.input == input_kind::percent)
        fits = fits && units <= 100 * decimal::units_per_point;
      if (fits) {
        out = static_cast<sheet::value_type>(units);
        return true;
      }
    }
    const bool numeric_start = starts_like_number(text);
    if (c.input == input_kind::yes_no || !numeric_start) {
      switch (classify(text)) {
        case word::not_applicable:
          out = sheet::not_applicable;
          return true;
        case word::yes:
          if (c.input != input_kind::yes_no) break;
          out = sheet::encode(decimal::from_int(1));
          return true;
        case word::no:
          if (c.input != input_kind::yes_no) break;
          out = sheet::encode(decimal::from_int(0));
          return true;
        case word::other:
          break;
      }
      if (c.input == input_kind::yes_no) {
        report(errc::bad_flag_value, cell.line, column, c.id, text);
        return false;
      }
    }
    const auto parsed = decimal::parse(text, c.input != input_kind::points);
    switch (parsed.status) {
      case decimal::parse_status::ok:
        break;
      case decimal::parse_status::too_many_decimals:
        report(errc::too_many_decimals, cell.line, column, c.id, text);
        return false;
      case decimal::parse_status::out_of_range:
        report(errc::value_out_of_range, cell.line, column, c.id, text);
        return false;
      case decimal::parse_status::empty:
      case decimal::parse_status::not_a_number:
        report(errc::not_a_number, cell.line, column, c.id, text);
        return false;
    }
    const decimal v = parsed.value;
    if (v.units() < 0) {
      report(errc::negative_value, cell.line, column, c.id, text);
      return false;
    }
    if (v.units() > sheet::max_units) {
      report(errc::value_out_of_range, cell.line, column, c.id, text);
      return false;
    }
    switch (c.input) {
      case input_kind::points:
        if (v > c.max) {
          report(errc::exceeds_maximum, cell.line, column, c.id, text, c.max.to_short_string());
          return false;
        }
        if (c.step && !on_step(v.units(), c.step->units())) {
          report(errc::off_step, cell.line, column, c.id, text, c.step->to_short_string());
          return false;
        }
        break;
      case input_kind::percent:
        if (v > decimal::from_int(100)) {
          report(errc::exceeds_maximum, cell.line, column, c.id, text, std::string("100"));
          return false;
        }
        break;
      case input_kind::count:
      case input_kind::yes_no:
        break;
    }
    out = sheet::encode(v);
    return true;
  }

  /// Decodes a bonus or deduction cell: a non-negative decimal, empty or N/A meaning 0.
  bool decode_adjustment(std::string_view label, const csv_cell& cell, std::size_t column, decimal& out) {
    std::string_view text;
    if (!text_of(cell, column, value_buffer_, text)) return false;
    out = decimal{};
    if (text.empty()) return true;
    if (!starts_like_number(text) && classify(text) == word::not_applicable) return true;
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
        report(errc::not_a_number, cell.line, column, label, text);
        return false;
    }
    if (parsed.value.units() < 0) {
      report(errc::negative_value, cell.line, column, label, text);
      return false;
    }
    if (parsed.value.units() > sheet::max_units) {
      report(errc::value_out_of_range, cell.line, column, label, text);
      return false;
    }
    out = parsed.value;
    return true;
  }

  /// Decodes a flag cell: yes/no, empty (no) or N/A (no).
  bool decode_flag(std::string_view label, const csv_cell& cell, std::size_t column, bool& out) {
    std::string_view text;
    if (!text_of(cell, column, value_buffer_, text)) return false;
    out = false;
    if (text.empty()) return true;
    switch (classify(text)) {
      case word::yes:
        out = true;
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

  /// One wide row, decoded. The labels are views into the input or into this checker's
  /// buffers, valid until the next row.
  struct wide_row {
    std::string_view id, name, group;
    decimal bonus, deduction;
    std::uint64_t flags = 0;
  };

  /// Decodes a wide row of the header's width: criteria into `values` (scheme order),
  /// the rest into `out`. Problems are reported; the row's cells with one are left missing.
  void decode_wide_row(const std::vector<column>& columns, const csv_row& row, std::span<sheet::value_type> values,
                       wide_row& out) {
    out = wide_row{};
    std::fill(values.begin(), values.end(), sheet::missing);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto& col = columns[i];
      const auto& cell = row.cells[i];
      switch (col.what) {
        case role::criterion:
          decode_criterion(scheme_.criteria[col.index], cell, i + 1, values[col.index]);
          break;
        case role::id:
          text_of(cell, i + 1, id_buffer_, out.id);
          break;
        case role::name:
          text_of(cell, i + 1, name_buffer_, out.name);
          break;
        case role::group:
          text_of(cell, i + 1, group_buffer_, out.group);
          break;
        case role::bonus:
          decode_adjustment(col.header, cell, i + 1, out.bonus);
          break;
        case role::deduction:
          decode_adjustment(col.header, cell, i + 1, out.deduction);
          break;
        case role::flag: {
          bool on = false;
          if (decode_flag(col.header, cell, i + 1, on) && on) out.flags |= std::uint64_t{1} << col.index;
          break;
        }
        case role::unnamed:
          if (!cell.text.empty()) {
            if (unnamed_reported_.size() <= i) unnamed_reported_.resize(i + 1, false);
            if (!unnamed_reported_[i]) {
              unnamed_reported_[i] = true;
              report(errc::unknown_column, cell.line, i + 1, std::string("(no name)"),
                     "; column " + std::to_string(i + 1) + " has data but an empty header cell");
            }
          }
          break;
        default:
          break;
      }
    }
  }

  const scheme& scheme_;
  std::string_view file_;
  diagnostics* out_;
  std::size_t errors_ = 0;
  std::string value_buffer_, id_buffer_, name_buffer_, group_buffer_;
  std::vector<bool> unnamed_reported_;
};

// ---------------------------------------------------------------------------------------
// The reader

class sheet_reader : private cell_checker {
 public:
  sheet_reader(const scheme& s, std::string_view csv, std::string_view file, diagnostics& out,
               const sheet_options& options)
      : cell_checker(s, file, out), csv_(csv), options_(options), result_(s.criteria.size()) {
    result_.file = std::string(file);
  }

  std::optional<sheet> run() {
    if (!start()) return std::nullopt;
    if (long_layout_)
      read_long();
    else
      read_wide();
    if (errors_ > 0) return std::nullopt;
    return std::move(result_);
  }

  /// For sheet_has_assessor: whether any data row belongs to `who`. No diagnostics kept.
  bool has_assessor(assessor_filter who) {
    if (!start()) return false;
    const auto assessor_col = find_role(role::assessor);
    while (next_row()) {
      if (row_.cells.size() != columns_.size()) continue;
      if (who == assessor_filter::any) return true;
      if (assessor_col < 0) return who == assessor_filter::review;
      std::string buffer;
      const auto& cell = row_.cells[static_cast<std::size_t>(assessor_col)];
      if (cell.non_ascii && detail::invalid_utf8_offset(cell.text) != std::string_view::npos) continue;
      const auto folded = fold_case(detail::to_nfc(cell.text, buffer));
      const bool self = contains(words().self, folded);
      const bool review = folded.empty() || contains(words().review, folded);
      if ((who == assessor_filter::self && self) || (who == assessor_filter::review && review)) return true;
    }
    return false;
  }

 private:
  // --- rows --------------------------------------------------------------------------

  /// Reads the next non-blank row into row_. False at the end or after an unterminated quote.
  bool next_row() {
    for (;;) {
      const auto st = lexer_->next(row_);
      if (st == csv_lexer::status::end) return false;
      if (st == csv_lexer::status::unterminated_quote) {
        report(errc::unterminated_quote, lexer_->error_line(), lexer_->error_column());
        return false;
      }
      if (!row_.blank()) return true;
    }
  }

  // --- header ------------------------------------------------------------------------

  /// BOM, delimiter, header row and column roles. False when there is nothing to read.
  bool start() {
    std::string_view data = csv_;
    if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
    data_ = data;
    // The delimiter is read from the first line with any text (leading blank lines happen).
    std::size_t p = 0;
    while (p < data.size()) {
      std::size_t e = p;
      while (e < data.size() && data[e] != '\n' && data[e] != '\r') ++e;
      if (!trim(data.substr(p, e - p)).empty()) break;
      p = e + 1;
    }
    p = std::min(p, data.size());
    // Excel's "sep=;" line names the delimiter; the header follows it.
    std::string_view first_line = data.substr(p, data.substr(p).find_first_of("\r\n"));
    first_line = trim(first_line);
    const bool sep_line = first_line.size() == 5 && first_line.substr(0, 4) == "sep=";
    delimiter_ = sep_line ? first_line[4] : detail::detect_delimiter(data.substr(p));
    lexer_.emplace(data, delimiter_);
    if (sep_line) next_row();
    if (!next_row()) {
      if (errors_ == 0) report(errc::empty_file, 0, 0, std::string());
      return false;
    }
    header_line_ = row_.line;
    read_header();
    return true;
  }

  std::ptrdiff_t find_role(role r) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i].what == r) return static_cast<std::ptrdiff_t>(i);
    return -1;
  }

  void read_header() {
    const auto& cells = row_.cells;
    std::vector<std::string> names(cells.size()), folded(cells.size());
    std::vector<bool> valid(cells.size(), true);
    bool has_criterion = false, has_value = false;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      std::string buffer;
      std::string_view text;
      if (!text_of(cells[i], i + 1, buffer, text)) {
        valid[i] = false;
        continue;
      }
      names[i] = std::string(text);
      folded[i] = fold_case(text);
      has_criterion = has_criterion || folded[i] == "criterion";
      has_value = has_value || folded[i] == "value";
    }
    long_layout_ = has_criterion && has_value;

    columns_.assign(cells.size(), column{});
    std::unordered_map<std::string, std::size_t> first_column;  // role key -> column number
    std::vector<bool> criterion_seen(scheme_.criteria.size(), false);

    std::vector<std::string_view> candidates;
    if (long_layout_) {
      candidates.assign(std::begin(long_reserved), std::end(long_reserved));
    } else {
      for (const auto& c : scheme_.criteria) candidates.push_back(c.id);
      candidates.insert(candidates.end(), {"id", "name", "group"});
      if (scheme_.bonus_max) candidates.push_back("bonus");
      if (scheme_.deduction_max) candidates.push_back("deduction");
    }

    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::size_t col = i + 1;
      auto& c = columns_[i];
      c.header = names[i];
      if (!valid[i]) continue;
      const auto& name = names[i];
      const auto& f = folded[i];
      std::string key;
      if (name.empty()) {
        c.what = role::unnamed;
        continue;
      }
      const auto criterion = long_layout_ ? -1 : scheme_.find_criterion(name);
      if (criterion >= 0) {
        c.what = role::criterion;
        c.index = static_cast<std::size_t>(criterion);
        criterion_seen[c.index] = true;
        key = "criterion:" + name;
      } else if (f.rfind("flag:", 0) == 0 && !long_layout_) {
        const auto flag = std::string(trim(std::string_view(name).substr(5)));
        if (flag.empty()) {
          report(errc::unknown_column, cells[i].line, col, name,
                 std::string("; a flag column needs a name after 'flag:', such as flag:ky_luat"));
          continue;
        }
        key = "flag:" + flag;
        if (!first_column.contains(key)) {
          try {
            c.index = result_.flag_index(flag);
          } catch (const std::length_error&) {
            report(errc::unsupported_data, cells[i].line, col,
                   std::string("too many flag columns: a sheet holds at most 64 flags"));
            continue;
          }
        }
        c.what = role::flag;
      } else if (f == "id" || f == "name" || f == "group") {
        c.what = f == "id" ? role::id : f == "name" ? role::name : role::group;
        key = f;
      } else if (!long_layout_ && (f == "bonus" || f == "deduction")) {
        const bool bonus = f == "bonus";
        if (bonus ? !scheme_.bonus_max : !scheme_.deduction_max) {
          report(errc::unknown_column, cells[i].line, col, name,
                 std::string("; the scheme has no [") + (bonus ? "bonus" : "deduction") +
                     "] section, so the sheet cannot give " + (bonus ? "a bonus" : "a deduction"));
          continue;
        }
        c.what = bonus ? role::bonus : role::deduction;
        key = f;
      } else if (long_layout_ && (f == "criterion" || f == "value" || f == "period" || f == "assessor")) {
        c.what = f == "criterion" ? role::criterion_ref
                 : f == "value"   ? role::value
                 : f == "period"  ? role::period
                                  : role::assessor;
        key = f;
      } else {
        std::string hint = suggest(name, candidates);
        if (hint.empty() && !long_layout_ && (f == "period" || f == "assessor" || f == "criterion" || f == "value"))
          hint = "; '" + f + "' is only read in the long layout (id,criterion,value)";
        if (hint.empty() && long_layout_)
          hint = "; a long sheet has id, criterion, value and optional name, group, period, assessor";
        report(errc::unknown_column, cells[i].line, col, name, hint);
        continue;
      }
      const auto [it, inserted] = first_column.try_emplace(key, col);
      if (!inserted) {
        report(errc::duplicate_column, cells[i].line, col, name, std::to_string(it->second));
        c.what = role::ignored;
      }
    }

    if (find_role(role::id) < 0) {
      std::vector<std::string> found;
      for (const auto& n : names) found.push_back(n);
      report(errc::missing_id_column, header_line_, 0, join(found));
    }
    if (!long_layout_) {
      for (std::size_t k = 0; k < scheme_.criteria.size(); ++k)
        if (!criterion_seen[k])
          report(errc::missing_column, header_line_, 0, scheme_.criteria[k].id, scheme_.criteria[k].id);
    }
  }

  // --- wide --------------------------------------------------------------------------

  /// Keeps an id alive for the duplicate check: views into the input stay valid, others
  /// (unescaped or normalised) are copied.
  std::string_view stable(std::string_view id) {
    if (id.data() >= data_.data() && id.data() + id.size() <= data_.data() + data_.size()) return id;
    return id_copies_.emplace_back(id);
  }

  /// Once 64 data rows are read, guesses the file's row count and reserves for it.
  void reserve_from_sample(std::size_t rows_read, std::size_t sample_start, std::size_t label_bytes) {
    const std::size_t consumed = lexer_->offset() - sample_start;
    if (consumed == 0) return;
    const std::size_t per_row = std::max<std::size_t>(1, consumed / rows_read);
    const std::size_t remaining = data_.size() - lexer_->offset();
    const std::size_t estimate = rows_read + remaining / per_row + remaining / per_row / 20 + 16;
    result_.reserve(estimate, estimate * (label_bytes / rows_read + 1));
    ids_.reserve(estimate);
  }

  void read_wide() {
    if (read_wide_parallel()) return;
    const std::size_t n = scheme_.criteria.size();
    const std::size_t width = columns_.size();
    const auto id_col = find_role(role::id);
    std::vector<sheet::value_type> values(n, sheet::missing);
    const std::size_t sample_start = lexer_->offset();
    std::size_t rows_read = 0, label_bytes = 0;
    wide_row decoded;

    while (next_row()) {
      const auto& cells = row_.cells;
      if (cells.size() != width) {
        report(errc::ragged_row, row_.line, 0, std::to_string(cells.size()), std::to_string(width));
        continue;
      }
      decode_wide_row(columns_, row_, values, decoded);
      if (id_col >= 0) {
        const auto& cell = cells[static_cast<std::size_t>(id_col)];
        const auto column = static_cast<std::size_t>(id_col) + 1;
        if (cell.text.empty()) {
          report(errc::empty_id, cell.line, column);
        } else if (!decoded.id.empty()) {  // empty here: its bytes were not UTF-8, already reported
          if (const auto first = ids_.insert(stable(decoded.id), row_.line); first != 0)
            report(errc::duplicate_subject, cell.line, column, std::string(decoded.id), std::to_string(first));
        }
      }
      if (errors_ == 0) {
        result_.add_subject(subject_label{decoded.id, decoded.name, decoded.group}, values, decoded.bonus,
                            decoded.deduction, decoded.flags, row_.line);
        label_bytes += decoded.id.size() + decoded.name.size();
        if (++rows_read == 64) reserve_from_sample(rows_read, sample_start, label_bytes);
      }
    }
  }

  // --- wide, in parallel ------------------------------------------------------------
  //
  // A large wide file without quotes is cut at line ends into one chunk per thread. Each
  // thread decodes its rows into its own arrays; the chunks are then checked for duplicate
  // ids and appended to the sheet in file order. Any problem at all (rare, and the order of
  // messages matters) abandons the attempt and the file is read again by read_wide() above,
  // so the result and the messages are the same whatever the thread count.

  struct chunk_row {
    std::string_view id, name, group;
    decimal bonus, deduction;
    std::uint64_t flags = 0;
    std::uint32_t line = 0;  // within the chunk, from 1
  };

  struct wide_chunk {
    std::string_view text;
    std::vector<sheet::value_type> values;
    std::vector<chunk_row> rows;
    std::deque<std::string> copies;  // labels that are not views into the input
    std::uint32_t lines = 0;         // physical lines in the chunk
    bool failed = false;
  };

  void parse_chunk(wide_chunk& chunk, std::atomic<bool>& stop) const {
    const std::size_t n = scheme_.criteria.size();
    const std::size_t width = columns_.size();
    diagnostics ignored(1);
    cell_checker checker(scheme_, file_, ignored);
    csv_lexer lexer(chunk.text, delimiter_, 1);
    csv_row row;
    std::vector<sheet::value_type> values(n, sheet::missing);
    wide_row decoded;
    {  // reserve from the rows in the chunk's first 64 KB
      const auto sample = chunk.text.substr(0, 65536);
      const auto lines = static_cast<std::size_t>(std::count(sample.begin(), sample.end(), '\n')) + 1;
      const std::size_t estimate = chunk.text.size() / std::max<std::size_t>(1, sample.size() / lines) + 16;
      chunk.rows.reserve(estimate);
      chunk.values.reserve(estimate * n);
    }
    auto keep = [&](std::string_view text) -> std::string_view {
      if (text.data() >= chunk.text.data() && text.data() + text.size() <= chunk.text.data() + chunk.text.size())
        return text;
      return chunk.copies.emplace_back(text);
    };
    auto fail = [&] {
      chunk.failed = true;
      stop.store(true, std::memory_order_relaxed);
    };
    for (std::size_t count = 0;; ++count) {
      if ((count & 1023) == 0 && stop.load(std::memory_order_relaxed)) return fail();
      const auto st = lexer.next(row);
      if (st == csv_lexer::status::end) break;
      if (st != csv_lexer::status::row) return fail();
      if (row.blank()) continue;
      if (row.cells.size() != width) return fail();
      checker.decode_wide_row(columns_, row, values, decoded);
      if (checker.errors() > 0 || decoded.id.empty()) return fail();
      chunk.values.insert(chunk.values.end(), values.begin(), values.end());
      chunk.rows.push_back(chunk_row{keep(decoded.id), keep(decoded.name), keep(decoded.group), decoded.bonus,
                                     decoded.deduction, decoded.flags, row.line});
    }
    chunk.lines = lexer.line() - 1;
  }

  /// Reads the rest of a wide file on several threads. False (having changed nothing) when
  /// the file is small, has quotes or has any problem: then it is read on this thread.
  bool read_wide_parallel() {
    const auto& settings = detail::csv_parallel_settings();
    const unsigned threads =
        settings.threads != 0 ? settings.threads : std::min(16U, std::max(1U, std::thread::hardware_concurrency()));
    const std::size_t start = lexer_->offset();
    const std::string_view rest = data_.substr(start);
    if (threads < 2 || errors_ > 0 || rest.size() < settings.min_bytes || find_role(role::id) < 0) return false;
    // A quoted cell may hold a line break, and a cut there would split it.
    if (rest.find('"') != std::string_view::npos) return false;

    std::vector<std::size_t> bounds{0};
    for (unsigned k = 1; k < threads; ++k) {
      const std::size_t target = std::max(bounds.back(), rest.size() / threads * k);
      std::size_t p = rest.find_first_of("\r\n", target);
      if (p == std::string_view::npos) break;
      p += (rest[p] == '\r' && p + 1 < rest.size() && rest[p + 1] == '\n') ? 2 : 1;
      if (p >= rest.size()) break;
      bounds.push_back(p);
    }
    bounds.push_back(rest.size());

    std::vector<wide_chunk> chunks(bounds.size() - 1);
    for (std::size_t k = 0; k < chunks.size(); ++k) chunks[k].text = rest.substr(bounds[k], bounds[k + 1] - bounds[k]);
    std::atomic<bool> stop{false};
    {
      std::vector<std::thread> workers;
      for (std::size_t k = 1; k < chunks.size(); ++k)
        workers.emplace_back([&, k] {
          try {
            parse_chunk(chunks[k], stop);
          } catch (...) {
            chunks[k].failed = true;
            stop = true;
          }
        });
      try {
        parse_chunk(chunks[0], stop);
      } catch (...) {
        chunks[0].failed = true;
        stop = true;
      }
      for (auto& w : workers) w.join();
    }
    if (stop) return false;

    // Duplicate ids across the whole file, before anything is added to the sheet.
    std::size_t total = 0, label_bytes = 0;
    for (const auto& c : chunks) total += c.rows.size();
    ids_.reserve(total);
    std::uint32_t first_line = lexer_->line();
    std::vector<std::uint32_t> chunk_line(chunks.size());
    for (std::size_t k = 0; k < chunks.size(); ++k) {
      chunk_line[k] = first_line;
      for (const auto& r : chunks[k].rows) {
        label_bytes += r.id.size() + r.name.size();
        if (ids_.insert(r.id, first_line + r.line - 1) != 0) {
          ids_ = id_table{};
          return false;
        }
      }
      first_line += chunks[k].lines;
    }

    const std::size_t n = scheme_.criteria.size();
    result_.reserve(total, label_bytes);
    for (std::size_t k = 0; k < chunks.size(); ++k) {
      auto& c = chunks[k];
      for (std::size_t r = 0; r < c.rows.size(); ++r) {
        const auto& row = c.rows[r];
        result_.add_subject(subject_label{row.id, row.name, row.group},
                            std::span<const sheet::value_type>(c.values.data() + r * n, n), row.bonus, row.deduction,
                            row.flags, chunk_line[k] + row.line - 1);
      }
      std::vector<sheet::value_type>().swap(c.values);  // give the memory back as we go
    }
    ids_ = id_table{};  // it holds views into the chunks' copies, which go now
    return true;
  }

  // --- long --------------------------------------------------------------------------

  struct long_subject {
    std::string id{}, name{}, group{};
    std::uint32_t line = 0, name_line = 0, group_line = 0;
    decimal bonus{}, deduction{};
    std::uint64_t flags = 0;
  };

  /// Keeps the first non-empty label; reports a different one later.
  void check_label(long_subject& s, std::string_view what, std::string& value, std::uint32_t& line,
                   std::string_view text, const csv_cell& cell, std::size_t column) {
    if (text.empty()) return;
    if (line == 0) {
      value = std::string(text);
      line = cell.line;
    } else if (value != text) {
      report(errc::inconsistent_label, cell.line, column, s.id, what, text, value, std::to_string(line));
    }
  }

  void read_long() {
    const std::size_t n = scheme_.criteria.size();
    const std::size_t width = columns_.size();
    const std::size_t slots = n + 2;  // criteria, then bonus, then deduction
    const auto id_col = find_role(role::id);
    const auto criterion_col = find_role(role::criterion_ref);
    const auto value_col = find_role(role::value);
    const auto name_col = find_role(role::name);
    const auto group_col = find_role(role::group);
    const auto period_col = find_role(role::period);
    const auto assessor_col = find_role(role::assessor);

    std::vector<long_subject> subjects;
    std::unordered_map<std::string, std::size_t> subject_of;
    std::vector<sheet::value_type> values;                        // n per subject
    std::vector<std::uint32_t> lines;                             // slots per subject: where each was given
    std::unordered_map<std::uint64_t, std::uint32_t> flag_lines;  // (subject << 6 | bit)
    bool period_reported = false;

    std::vector<std::string_view> criterion_names;
    for (const auto& c : scheme_.criteria) criterion_names.push_back(c.id);
    if (scheme_.bonus_max) criterion_names.push_back("bonus");
    if (scheme_.deduction_max) criterion_names.push_back("deduction");

    std::string id_buffer, name_buffer, group_buffer, ref_buffer, misc_buffer;
    while (next_row()) {
      const auto& cells = row_.cells;
      if (cells.size() != width) {
        report(errc::ragged_row, row_.line, 0, std::to_string(cells.size()), std::to_string(width));
        continue;
      }
      for (std::size_t i = 0; i < width; ++i) {
        if (columns_[i].what == role::unnamed && !cells[i].text.empty()) {
          columns_[i].what = role::ignored;  // report once per column
          report(errc::unknown_column, cells[i].line, i + 1, std::string("(no name)"),
                 "; column " + std::to_string(i + 1) + " has data but an empty header cell");
        }
      }
      if (assessor_col >= 0) {
        const auto i = static_cast<std::size_t>(assessor_col);
        std::string_view text;
        if (!text_of(cells[i], i + 1, misc_buffer, text)) continue;
        const auto folded = fold_case(text);
        const bool self = contains(words().self, folded);
        const bool review = folded.empty() || contains(words().review, folded);
        if (!self && !review) {
          report(errc::unsupported_data, cells[i].line, i + 1,
                 "assessor \"" + std::string(text) +
                     "\" is not known: expected tự chấm, tu_cham or self for a self-score, and empty, "
                     "hội đồng, hoi_dong, review, council or cấp trên for a review");
          continue;
        }
        if (options_.assessor != assessor_filter::any && self != (options_.assessor == assessor_filter::self)) continue;
      }
      if (period_col >= 0 && !period_reported) {
        const auto i = static_cast<std::size_t>(period_col);
        if (!cells[i].text.empty()) {
          period_reported = true;
          report(errc::unsupported_data, cells[i].line, i + 1,
                 std::string("periods are not supported yet: give one sheet per period, without the "
                             "period column"));
        }
      }
      if (id_col < 0 || criterion_col < 0 || value_col < 0) continue;

      const auto id_index = static_cast<std::size_t>(id_col);
      std::string_view id;
      if (!text_of(cells[id_index], id_index + 1, id_buffer, id)) continue;
      if (id.empty()) {
        report(errc::empty_id, cells[id_index].line, id_index + 1);
        continue;
      }

      // What the row gives a value for.
      const auto ref_index = static_cast<std::size_t>(criterion_col);
      const auto& ref_cell = cells[ref_index];
      std::string_view ref;
      if (!text_of(ref_cell, ref_index + 1, ref_buffer, ref)) continue;
      enum class target { criterion, bonus, deduction, flag } kind = target::criterion;
      std::size_t index = 0;
      std::string flag_label;
      if (const auto k = scheme_.find_criterion(ref); k >= 0) {
        index = static_cast<std::size_t>(k);
      } else {
        const auto folded = fold_case(ref);
        if (folded == "bonus" && scheme_.bonus_max) {
          kind = target::bonus;
        } else if (folded == "deduction" && scheme_.deduction_max) {
          kind = target::deduction;
        } else if (folded.rfind("flag:", 0) == 0 && !trim(ref.substr(5)).empty()) {
          kind = target::flag;
          const auto flag = trim(ref.substr(5));
          flag_label = "flag:" + std::string(flag);
          try {
            index = result_.flag_index(flag);
          } catch (const std::length_error&) {
            report(errc::unsupported_data, ref_cell.line, ref_index + 1,
                   std::string("too many flags: a sheet holds at most 64 flags"));
            continue;
          }
        } else {
          std::string hint = suggest(ref, criterion_names);
          if (hint.empty())
            hint = " in the criterion column: expected a criterion id of the scheme, bonus, deduction or flag:NAME";
          report(errc::unknown_column, ref_cell.line, ref_index + 1,
                 ref.empty() ? std::string("(empty)") : std::string(ref), hint);
          continue;
        }
      }

      // The subject, in order of first appearance.
      auto [it, inserted] = subject_of.try_emplace(std::string(id), subjects.size());
      if (inserted) {
        subjects.push_back(long_subject{.id = std::string(id), .line = row_.line});
        values.resize(values.size() + n, sheet::missing);
        lines.resize(lines.size() + slots, 0);
      }
      const std::size_t s = it->second;
      auto& subject = subjects[s];
      if (name_col >= 0) {
        const auto i = static_cast<std::size_t>(name_col);
        std::string_view text;
        if (text_of(cells[i], i + 1, name_buffer, text))
          check_label(subject, "name", subject.name, subject.name_line, text, cells[i], i + 1);
      }
      if (group_col >= 0) {
        const auto i = static_cast<std::size_t>(group_col);
        std::string_view text;
        if (text_of(cells[i], i + 1, group_buffer, text))
          check_label(subject, "group", subject.group, subject.group_line, text, cells[i], i + 1);
      }

      // Twice the same (subject, criterion)?
      std::uint32_t* first = nullptr;
      std::string label;
      switch (kind) {
        case target::criterion:
          first = &lines[s * slots + index];
          label = scheme_.criteria[index].id;
          break;
        case target::bonus:
          first = &lines[s * slots + n];
          label = "bonus";
          break;
        case target::deduction:
          first = &lines[s * slots + n + 1];
          label = "deduction";
          break;
        case target::flag:
          first = &flag_lines[(std::uint64_t{s} << 6) | index];
          label = flag_label;
          break;
      }
      if (*first != 0) {
        report(errc::duplicate_entry, ref_cell.line, ref_index + 1, subject.id, label, std::to_string(*first));
        continue;
      }
      *first = ref_cell.line;

      const auto value_index = static_cast<std::size_t>(value_col);
      const auto& value_cell = cells[value_index];
      switch (kind) {
        case target::criterion:
          decode_criterion(scheme_.criteria[index], value_cell, value_index + 1, values[s * n + index]);
          break;
        case target::bonus:
          decode_adjustment(label, value_cell, value_index + 1, subject.bonus);
          break;
        case target::deduction:
          decode_adjustment(label, value_cell, value_index + 1, subject.deduction);
          break;
        case target::flag: {
          bool on = false;
          if (decode_flag(label, value_cell, value_index + 1, on) && on) subject.flags |= std::uint64_t{1} << index;
          break;
        }
      }
    }

    if (scheme_.missing == missing_rule::error) {
      for (std::size_t s = 0; s < subjects.size(); ++s)
        for (std::size_t k = 0; k < n; ++k)
          if (lines[s * slots + k] == 0) report(errc::missing_value, subjects[s].line, 0, scheme_.criteria[k].id);
    }
    if (errors_ > 0) return;
    result_.reserve(subjects.size());
    for (std::size_t s = 0; s < subjects.size(); ++s) {
      const auto& subject = subjects[s];
      result_.add_subject(subject_label{subject.id, subject.name, subject.group},
                          std::span<const sheet::value_type>(values.data() + s * n, n), subject.bonus,
                          subject.deduction, subject.flags, subject.line);
    }
  }

  // --- state -------------------------------------------------------------------------

  std::string_view csv_;
  std::string_view data_;  // csv_ without its BOM
  const sheet_options& options_;
  sheet result_;

  char delimiter_ = ',';
  std::optional<csv_lexer> lexer_;
  csv_row row_;
  std::uint32_t header_line_ = 1;
  bool long_layout_ = false;
  std::vector<column> columns_;
  id_table ids_;  // wide: id -> first line
  std::deque<std::string> id_copies_;
};

[[noreturn]] void throw_diagnostics(diagnostics& d) {
  const auto count = d.count();
  throw input_error(std::move(d).take(), count);
}

}  // namespace

namespace detail {
csv_parallelism& csv_parallel_settings() noexcept {
  static csv_parallelism settings;
  return settings;
}
}  // namespace detail

std::optional<sheet> parse_sheet(const scheme& s, std::string_view csv, std::string_view file_name, diagnostics& out,
                                 const sheet_options& options) {
  sheet_reader reader(s, csv, file_name, out, options);
  return reader.run();
}

sheet parse_sheet(const scheme& s, std::string_view csv, std::string_view file_name, const sheet_options& options) {
  diagnostics d;
  auto result = parse_sheet(s, csv, file_name, d, options);
  if (!result) throw_diagnostics(d);
  return std::move(*result);
}

std::optional<sheet> load_sheet(const scheme& s, const std::filesystem::path& file, diagnostics& out,
                                const sheet_options& options) {
  file_buffer buffer;
  std::string error;
  const auto name = file.string();
  if (!buffer.open(file, error)) {
    out.add(make_diagnostic(errc::cannot_open, source_position{name, 0, 0}, name, error));
    return std::nullopt;
  }
  return parse_sheet(s, buffer.view(), name, out, options);
}

sheet load_sheet(const scheme& s, const std::filesystem::path& file, const sheet_options& options) {
  diagnostics d;
  auto result = load_sheet(s, file, d, options);
  if (!result) throw_diagnostics(d);
  return std::move(*result);
}

bool sheet_has_assessor(const std::filesystem::path& file, assessor_filter who) {
  file_buffer buffer;
  std::string error;
  const auto name = file.string();
  if (!buffer.open(file, error))
    throw input_error(make_diagnostic(errc::cannot_open, source_position{name, 0, 0}, name, error));
  const scheme none;
  diagnostics ignored;
  const sheet_options options;
  sheet_reader reader(none, buffer.view(), name, ignored, options);
  return reader.has_assessor(who);
}

}  // namespace thidua
