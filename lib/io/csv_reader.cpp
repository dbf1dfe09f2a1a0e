// Score sheets from CSV: load_sheet, parse_sheet, read_sheet_chunks and sheet_has_assessor
// (see io.hpp). A .xlsx workbook's sheet is first turned into CSV text with the worksheet's
// row and column numbers as line and cell numbers (io/xlsx_reader.hpp), then read here.
//
// One reader serves them all. It takes its bytes from a byte_source (csv_source.hpp): the
// whole text for parse_sheet, the whole file mapped for load_sheet, a rolling buffer over the
// file for read_sheet_chunks. It lexes rows out of that window (csv_lexer), and a row that
// runs into the end of a window that is not the end of the input is lexed again once the
// window has moved on (a quoted cell may span lines: only the lexer knows where a row ends).
// The header decides the layout (long if it has both `criterion` and `value`, else wide) and
// what each column means. Every cell is then checked against its criterion and every
// problem is added to the diagnostics, with the cell's line and its 1-based cell number, so
// that `thidua validate` lists them all at once. The subjects go to a sheet_sink: one sheet,
// or pieces of at most N subjects handed over as they fill.
//
// Speed: a country file has 2,000,000 rows × 50 criteria. On the wide path, an ASCII cell
// costs one table-driven scan and one decimal parse: no allocation, no ICU. Text with bytes
// >= 0x80 (Vietnamese names) is validated and normalised to NFC cell by cell. The rows of a
// wide window without quotes (the whole file for load_sheet, each buffer for
// read_sheet_chunks) are also cut into chunks read on several threads (read_wide_parallel),
// with the same result and messages as one thread.
//
// Memory: read_sheet_chunks holds one buffer (8 MB), what the threads decoded from it, the
// piece being filled and the ids seen so far (id_set.hpp: about id length + 16 bytes each),
// under 90 MB for a country file read in pieces of 65,536 subjects (measured: 83 MB).
#include "io/csv_reader.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "io/csv_lexer.hpp"
#include "io/csv_source.hpp"
#include "io/id_set.hpp"
#include "io/json_input.hpp"
#include "io/xlsx_reader.hpp"
#include "core/text.hpp"
#include "core/words.hpp"
#include "thidua/io.hpp"

namespace thidua {
namespace {

using detail::csv_cell;
using detail::csv_lexer;
using detail::csv_row;
using detail::fold_case;
using detail::trim;

// ---------------------------------------------------------------------------------------
// Words (core/words.hpp: shared with the members reader)

using word = detail::cell_word;
inline word classify(std::string_view text) { return detail::classify_cell_word(text); }

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

constexpr std::string_view long_reserved[] = {"id", "criterion", "value", "name", "group", "period", "assessor", "note"};

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
// Where the subjects go

/// One sheet (parse_sheet, load_sheet), or pieces of at most `limit` subjects handed to
/// `consume` as they fill (read_sheet_chunks). Every piece has the flags registered so far,
/// in the same order, and the file's name.
class sheet_sink {
 public:
  static constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

  sheet_sink(std::size_t criteria, std::string file, std::size_t limit = unlimited,
             const std::function<void(sheet&&)>* consume = nullptr)
      : criteria_(criteria), file_(std::move(file)), limit_(consume != nullptr ? limit : unlimited),
        consume_(consume), current_(criteria) {
    current_.file = file_;
  }

  /// Index of a flag, registered in this piece and every later one. Throws
  /// std::length_error past 64 flags.
  std::size_t flag_index(std::string_view name) {
    const auto index = current_.flag_index(name);
    if (index == flags_.size()) flags_.emplace_back(name);
    return index;
  }

  /// Everything goes into one piece (a long-format file).
  void unlimit() noexcept { limit_ = unlimited; }

  /// The input is expected to hold about `rows` subjects with `label_bytes` of labels each:
  /// reserves for them, or for a piece of them.
  void expect(std::size_t rows, std::size_t label_bytes) {
    expected_ = rows;
    label_bytes_ = label_bytes;
    reserve_piece();
  }
  void reserve(std::size_t rows) { current_.reserve(rows); }

  void add(const subject_label& label, std::span<const sheet::value_type> values, decimal bonus,
           decimal deduction, std::uint64_t flags, std::uint32_t line) {
    current_.add_subject(label, values, bonus, deduction, flags, line);
    if (current_.size() >= limit_) give();
  }

  /// Hands over the last piece: the subjects not given yet, or an empty piece when none
  /// was given at all (so that the caller still gets the flags).
  void finish() {
    if (consume_ != nullptr && (!current_.empty() || pieces_ == 0)) give();
  }

  /// The whole sheet, when there is no `consume`.
  sheet take() { return std::move(current_); }

 private:
  void give() {
    given_ += current_.size();
    ++pieces_;
    (*consume_)(std::move(current_));
    current_ = sheet(criteria_);  // the old piece's memory goes now, if consume left it
    current_.file = file_;
    for (const auto& f : flags_) current_.flag_index(f);
    reserve_piece();
  }

  void reserve_piece() {
    if (expected_ <= given_) return;
    const std::size_t rows = std::min(limit_, expected_ - given_);
    current_.reserve(rows, rows * label_bytes_);
  }

  std::size_t criteria_;
  std::string file_;
  std::size_t limit_;
  const std::function<void(sheet&&)>* consume_;
  sheet current_;
  std::vector<std::string> flags_;
  std::size_t expected_ = 0, label_bytes_ = 0, given_ = 0, pieces_ = 0;
};

// ---------------------------------------------------------------------------------------
// Cells

/// Checks cells and decodes them, reporting each problem. One per thread when a file is
/// read in parallel, each with its own diagnostics.
class cell_checker {
 public:
  /// `self_sheet`: the sheet holds self-scores (tự chấm), to which reserved criteria are closed.
  cell_checker(const scheme& s, std::string_view file, diagnostics& out, bool self_sheet = false)
      : scheme_(s), file_(file), out_(&out), self_sheet_(self_sheet) {}

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
    if (c.reserved && self_sheet_) {
      // Only the reviewer scores a reserved criterion: a self-score for it is left out, or
      // rejected when the scheme says so.
      out = sheet::missing;
      if (!text.empty() && classify(text) != word::not_applicable &&
          scheme_.reserved_self == reserved_self_rule::reject) {
        report(errc::reserved_self_score, cell.line, column, c.id, text);
        return false;
      }
      return true;
    }
    if (text.empty()) {
      out = sheet::missing;
      if (scheme_.missing == missing_rule::error) {
        report(errc::missing_value, cell.line, column, c.id, std::string("the scheme requires a value (or N/A)"));
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
      else  // count, failures: whole numbers
        fits = fits && units % decimal::units_per_point == 0;
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
      case input_kind::failures:
        if (v.units() % decimal::units_per_point != 0) {
          report(errc::not_whole, cell.line, column, c.id, text);
          return false;
        }
        break;
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
  bool self_sheet_ = false;
  std::string value_buffer_, id_buffer_, name_buffer_, group_buffer_;
  std::vector<bool> unnamed_reported_;
};

// ---------------------------------------------------------------------------------------
// The reader

class sheet_reader : private cell_checker {
 public:
  sheet_reader(const scheme& s, detail::byte_source& source, sheet_sink& sink, std::string_view file,
               diagnostics& out, const sheet_options& options)
      : cell_checker(s, file, out, options.self_scores), source_(source), sink_(sink), options_(options) {}

  /// Reads the input into the sink. False when a problem was found (then the sink was not
  /// given anything after it, and is not finished).
  bool run() {
    if (start()) {
      if (long_layout_) {
        sink_.unlimit();
        read_long();
      } else {
        read_wide();
      }
    }
    if (!source_.error().empty())
      report(errc::cannot_open, 0, 0, std::string(file_), source_.error());
    if (errors_ > 0) return false;
    sink_.finish();
    return true;
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
      const bool self = detail::names_self_assessor(folded);
      const bool review = folded.empty() || detail::names_review_assessor(folded);
      if ((who == assessor_filter::self && self) || (who == assessor_filter::review && review)) return true;
    }
    return false;
  }

 private:
  // --- rows --------------------------------------------------------------------------

  /// Starts lexing window()[offset...] as line `line`.
  void lex_from(std::size_t offset, std::uint32_t line) {
    lex_base_ = offset;
    lexer_.emplace(source_.window().substr(offset), delimiter_, line);
  }
  /// Offset in the window of the next unread byte.
  std::size_t lex_offset() const noexcept { return lex_base_ + lexer_->offset(); }

  /// Whether the row just lexed is whole: it ended before the end of the window, or with
  /// its line feed (a CR there may be the first half of a CRLF).
  bool row_is_whole(csv_lexer::status st) const noexcept {
    if (st != csv_lexer::status::row) return false;
    const auto window = source_.window();
    return lex_offset() < window.size() || window.back() == '\n';
  }

  /// Reads the next non-blank row into row_, moving the window on when the row runs into
  /// its end. False at the end or after an unterminated quote.
  bool next_row() {
    for (;;) {
      const std::size_t start = lex_offset();
      const std::uint32_t line = lexer_->line();
      const auto st = lexer_->next(row_);
      if (!source_.eof() && !row_is_whole(st)) {
        source_.refill(start);
        window_changed_ = true;
        lex_from(0, line);
        continue;
      }
      if (st == csv_lexer::status::end) return false;
      if (st == csv_lexer::status::unterminated_quote) {
        report(errc::unterminated_quote, lexer_->error_line(), lexer_->error_column());
        return false;
      }
      if (!row_.blank()) return true;
    }
  }

  // --- header ------------------------------------------------------------------------

  /// Whether `data` holds the whole of its first line with text, which is where the
  /// delimiter is read from.
  static bool first_line_whole(std::string_view data) noexcept {
    std::size_t p = 0;
    for (;;) {
      const auto e = data.find_first_of("\r\n", p);
      if (e == std::string_view::npos) return false;
      if (!trim(data.substr(p, e - p)).empty()) break;
      p = e + 1;
    }
    bool in_quotes = false;  // as detect_delimiter reads it
    for (; p < data.size(); ++p) {
      const char c = data[p];
      if (c == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && (c == '\n' || c == '\r'))
        return true;
    }
    return false;
  }

  /// BOM, delimiter, header row and column roles. False when there is nothing to read.
  bool start() {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    auto without_bom = [&] {
      const auto window = source_.window();
      return window.substr(0, 3) == bom ? window.substr(3) : window;
    };
    while (!source_.eof() && !first_line_whole(without_bom())) source_.refill(0);
    const std::string_view data = without_bom();
    const std::size_t base = source_.window().size() - data.size();
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
    lex_from(base, 1);
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
      candidates.insert(candidates.end(), {"id", "name", "group", "note"});
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
            c.index = sink_.flag_index(flag);
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
      } else if (f == "note") {
        // Free text for people (ghi chú: "điểm DV3 theo biên bản số 12"); thidua reads none of it.
        c.what = role::ignored;
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
          hint = "; a long sheet has id, criterion, value and optional name, group, period, assessor, note";
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
        if (!criterion_seen[k] && !(options_.self_scores && scheme_.criteria[k].reserved))
          report(errc::missing_column, header_line_, 0, "the scheme's criterion " + scheme_.criteria[k].id,
                 scheme_.criteria[k].id);
    }
  }

  // --- wide --------------------------------------------------------------------------

  /// Once 64 data rows are read (or a parallel batch of them), guesses the input's row
  /// count from the bytes they took and reserves for it. `rows`, `label_bytes` and
  /// `id_bytes` count from the first data row to `end` (an offset in the input).
  void reserve_from_sample(std::size_t rows, std::uint64_t end, std::size_t label_bytes, std::size_t id_bytes) {
    if (reserved_ || rows < 64) return;
    reserved_ = true;
    const std::uint64_t consumed = end - data_start_;
    const std::uint64_t total = source_.total();
    if (consumed == 0 || total == 0) return;  // a pipe: nothing to go by
    const std::uint64_t per_row = std::max<std::uint64_t>(1, consumed / rows);
    const auto more = static_cast<std::size_t>((total > end ? total - end : 0) / per_row);
    const std::size_t estimate = rows + more + more / 20 + 16;
    sink_.expect(estimate, label_bytes / rows + 1);
    ids_.reserve(estimate, estimate * (id_bytes / rows + 1));
  }

  /// Counts rows added to the sink, for reserve_from_sample.
  void count_rows(std::size_t rows, std::size_t label_bytes, std::size_t id_bytes) {
    rows_added_ += rows;
    label_bytes_ += label_bytes;
    id_bytes_ += id_bytes;
  }

  void read_wide() {
    const std::size_t n = scheme_.criteria.size();
    const std::size_t width = columns_.size();
    const auto id_col = find_role(role::id);
    std::vector<sheet::value_type> values(n, sheet::missing);
    wide_row decoded;
    data_start_ = source_.position() + lex_offset();
    window_changed_ = true;

    for (;;) {
      // Each new window is first offered to the threads, from the row the lexer is at.
      if (window_changed_) {
        window_changed_ = false;
        if (read_wide_parallel()) continue;
      }
      if (!next_row()) break;
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
          if (const auto first = ids_.insert(decoded.id, row_.line); first != 0)
            report(errc::duplicate_subject, cell.line, column, std::string(decoded.id), std::to_string(first));
        }
      }
      if (errors_ == 0) {
        sink_.add(subject_label{decoded.id, decoded.name, decoded.group}, values, decoded.bonus, decoded.deduction,
                  decoded.flags, row_.line);
        count_rows(1, decoded.id.size() + decoded.name.size(), decoded.id.size());
        reserve_from_sample(rows_added_, source_.position() + lex_offset(), label_bytes_, id_bytes_);
      }
    }
  }

  // --- wide, in parallel ------------------------------------------------------------
  //
  // The whole rows of a window without quotes (the rest of the file for load_sheet, the rest
  // of the buffer for read_sheet_chunks) are cut at line ends into chunks of 64 KB to 1 MB
  // (a sixteenth of a thread's share). The threads, this one included, decode chunks into
  // their own arrays; this thread also commits them in file order as they are done (checks
  // their ids for duplicates and hands their rows to the sink), so that committing, and
  // whatever the sink's consumer does with a full piece, overlaps the decoding of the next
  // chunks. The threads stay at most two chunks each ahead of the commits, which bounds the
  // memory.
  //
  // A chunk with any problem at all (rare, and the order of messages matters) stops the
  // attempt there: the chunks before it are committed, it and the rest are read again by
  // read_wide() above, so the result and the messages are the same whatever the thread
  // count and the chunk size.

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
    bool done = false;  // decoded (or failed); guarded by the batch's mutex
  };

  /// Decodes chunk `index`, giving up when an earlier chunk has failed.
  void parse_chunk(wide_chunk& chunk, std::size_t index, const std::atomic<std::size_t>& first_failed) const {
    const std::size_t n = scheme_.criteria.size();
    const std::size_t width = columns_.size();
    diagnostics ignored(1);
    cell_checker checker(scheme_, file_, ignored, options_.self_scores);
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
    auto fail = [&] { chunk.failed = true; };
    for (std::size_t count = 0;; ++count) {
      if ((count & 1023) == 0 && first_failed.load(std::memory_order_relaxed) < index) return fail();
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

  /// Checks a decoded chunk's ids and hands its rows to the sink. False (having changed
  /// nothing) when an id is already taken.
  bool commit_chunk(wide_chunk& c, std::uint32_t first_line, std::uint64_t end) {
    std::size_t label_bytes = 0, id_bytes = 0;
    for (const auto& r : c.rows) {
      label_bytes += r.id.size() + r.name.size();
      id_bytes += r.id.size();
    }
    reserve_from_sample(rows_added_ + c.rows.size(), end, label_bytes_ + label_bytes, id_bytes_ + id_bytes);
    const auto mark = ids_.mark();
    for (const auto& r : c.rows) {
      if (ids_.insert(r.id, first_line + r.line - 1) != 0) {
        ids_.truncate(mark);
        return false;
      }
    }
    const std::size_t n = scheme_.criteria.size();
    for (std::size_t i = 0; i < c.rows.size(); ++i) {
      const auto& row = c.rows[i];
      sink_.add(subject_label{row.id, row.name, row.group},
                std::span<const sheet::value_type>(c.values.data() + i * n, n), row.bonus, row.deduction, row.flags,
                first_line + row.line - 1);
    }
    count_rows(c.rows.size(), label_bytes, id_bytes);
    // Give the memory back as we go.
    std::vector<sheet::value_type>().swap(c.values);
    std::vector<chunk_row>().swap(c.rows);
    std::deque<std::string>().swap(c.copies);
    return true;
  }

  /// End of the whole rows of `window` from `from`, for a window without quotes: after its
  /// last line end, all of it at the end of the input. A CR that ends the window may be
  /// the first half of a CRLF, so it is left for the next window.
  static std::size_t whole_rows_end(std::string_view window, std::size_t from, bool eof) noexcept {
    if (eof || window.empty() || window.back() == '\n') return window.size();
    if (window.size() < from + 2) return from;
    const auto p = window.find_last_of("\r\n", window.size() - 2);
    return p == std::string_view::npos || p < from ? from : p + 1;
  }

  /// Cuts `text` at line ends into pieces of about `size` bytes; returns their bounds.
  static std::vector<std::size_t> cut_at_lines(std::string_view text, std::size_t size) {
    std::vector<std::size_t> bounds{0};
    while (bounds.back() < text.size()) {
      const std::size_t target = bounds.back() + std::max<std::size_t>(1, size);
      std::size_t p = target < text.size() ? text.find_first_of("\r\n", target) : std::string_view::npos;
      if (p != std::string_view::npos)
        p += (text[p] == '\r' && p + 1 < text.size() && text[p + 1] == '\n') ? 2 : 1;
      bounds.push_back(std::min(p, text.size()));
    }
    return bounds;
  }

  /// Reads the whole rows of the window from the lexer's position on several threads.
  /// True when all of them were read; false when they are few or have quotes (nothing was
  /// read), or when a chunk had a problem (the chunks before it were read, and the lexer
  /// is at its start): the rest is then read on this thread.
  bool read_wide_parallel() {
    const auto& settings = detail::csv_parallel_settings();
    const unsigned threads =
        settings.threads != 0 ? settings.threads : std::min(16U, std::max(1U, std::thread::hardware_concurrency()));
    if (threads < 2 || errors_ > 0 || find_role(role::id) < 0) return false;
    const auto window = source_.window();
    const std::size_t start = lex_offset();
    const std::size_t end = whole_rows_end(window, start, source_.eof());
    const std::string_view rest = window.substr(start, end - start);
    if (rest.empty() || rest.size() < settings.min_bytes) return false;
    // A quoted cell may hold a line break, and a cut there would split it.
    if (rest.find('"') != std::string_view::npos) return false;

    std::size_t chunk_bytes = detail::csv_stream_settings().chunk_bytes;
    if (chunk_bytes == 0) chunk_bytes = std::clamp<std::size_t>(rest.size() / (threads * 16), 64 << 10, 1 << 20);
    const auto bounds = cut_at_lines(rest, chunk_bytes);
    const std::size_t count = bounds.size() - 1;
    std::vector<wide_chunk> chunks(count);
    for (std::size_t k = 0; k < count; ++k) chunks[k].text = rest.substr(bounds[k], bounds[k + 1] - bounds[k]);

    // Shared with the workers, under `mutex`: which chunk to decode next, how many are
    // committed, which are done. `first_failed` is also read without it, to give up early.
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t next = 0, committed = 0;
    bool quit = false;
    std::atomic<std::size_t> first_failed{count};
    const std::size_t ahead = 2 * std::size_t{threads};  // chunks decoded and not yet committed, at most

    // Whether the next chunk may be decoded now; if so, claim() takes it (lock held).
    auto claimable = [&] { return next < count && next < committed + ahead && next < first_failed.load(); };
    auto claim = [&](std::size_t& k) {
      if (!claimable()) return false;
      k = next++;
      return true;
    };
    auto decode = [&](std::size_t k) {
      try {
        parse_chunk(chunks[k], k, first_failed);
      } catch (...) {
        chunks[k].failed = true;
      }
      const std::lock_guard lock(mutex);
      chunks[k].done = true;
      if (chunks[k].failed && k < first_failed.load()) first_failed.store(k);
      changed.notify_all();
    };
    auto work = [&] {
      std::unique_lock lock(mutex);
      for (;;) {
        std::size_t k = 0;
        bool claimed = false;
        changed.wait(lock, [&] { return quit || next >= count || (claimed = claim(k)); });
        if (!claimed) return;
        lock.unlock();
        decode(k);
        lock.lock();
      }
    };

    std::vector<std::thread> workers;
    // Whatever happens below (the sink's consumer may throw), the workers are stopped.
    struct stopper {
      std::vector<std::thread>& workers;
      std::mutex& mutex;
      std::condition_variable& changed;
      bool& quit;
      ~stopper() {
        {
          const std::lock_guard lock(mutex);
          quit = true;
        }
        changed.notify_all();
        for (auto& w : workers) w.join();
      }
    } stop_workers{workers, mutex, changed, quit};
    for (unsigned t = 1; t < threads && t < count; ++t) workers.emplace_back(work);

    std::uint32_t line = lexer_->line();
    for (std::size_t k = 0; k < count; ++k) {
      // Decode chunks while chunk k is not done.
      for (;;) {
        std::unique_lock lock(mutex);
        if (chunks[k].done) break;
        std::size_t j = 0;
        if (claim(j)) {
          lock.unlock();
          decode(j);
          continue;
        }
        changed.wait(lock, [&] { return chunks[k].done || claimable(); });
      }
      if (chunks[k].failed || !commit_chunk(chunks[k], line, source_.position() + start + bounds[k + 1])) {
        {
          const std::lock_guard lock(mutex);
          if (k < first_failed.load()) first_failed.store(k);
        }
        lex_from(start + bounds[k], line);
        return false;
      }
      line += chunks[k].lines;
      {
        const std::lock_guard lock(mutex);
        committed = k + 1;
      }
      changed.notify_all();
    }
    lex_from(end, line);
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
        const bool self = detail::names_self_assessor(folded);
        const bool review = folded.empty() || detail::names_review_assessor(folded);
        if (!self && !review) {
          report(errc::unsupported_data, cells[i].line, i + 1,
                 "assessor \"" + std::string(text) +
                     "\" is not known: expected tự chấm, tu_cham or self for a self-score, and empty, "
                     "hội đồng, hoi_dong, review, council or cấp trên for a review");
          continue;
        }
        if (options_.assessor != assessor_filter::any && self != (options_.assessor == assessor_filter::self)) continue;
      }
      if (period_col >= 0) {
        // Rows of other periods are skipped; a period the scheme does not define is an error.
        const auto i = static_cast<std::size_t>(period_col);
        std::string_view period;
        if (!text_of(cells[i], i + 1, misc_buffer, period)) continue;
        if (!period.empty() || !scheme_.periods.empty()) {
          const bool known = std::any_of(scheme_.periods.begin(), scheme_.periods.end(),
                                         [&](const period_def& p) { return p.id == period; });
          if (!known) {
            if (!period_reported || !scheme_.periods.empty()) {
              std::string ids;
              for (const auto& p : scheme_.periods) ids += (ids.empty() ? "" : ", ") + p.id;
              report(errc::unknown_period, cells[i].line, i + 1, std::string(period),
                     scheme_.periods.empty() ? std::string("the scheme defines no [[period]]") : "expected one of " + ids);
            }
            period_reported = true;
            continue;
          }
          if (!options_.period.empty() && period != options_.period) continue;
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
            index = sink_.flag_index(flag);
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
          if (lines[s * slots + k] == 0)
            report(errc::missing_value, subjects[s].line, 0, scheme_.criteria[k].id,
                   std::string("the scheme requires a value (or N/A)"));
    }
    if (errors_ > 0) return;
    sink_.reserve(subjects.size());
    for (std::size_t s = 0; s < subjects.size(); ++s) {
      const auto& subject = subjects[s];
      sink_.add(subject_label{subject.id, subject.name, subject.group},
                std::span<const sheet::value_type>(values.data() + s * n, n), subject.bonus, subject.deduction,
                subject.flags, subject.line);
    }
  }

  // --- state -------------------------------------------------------------------------

  detail::byte_source& source_;
  sheet_sink& sink_;
  const sheet_options& options_;

  char delimiter_ = ',';
  std::optional<csv_lexer> lexer_;
  std::size_t lex_base_ = 0;     // where lexer_ starts in the window
  bool window_changed_ = false;  // since read_wide last offered it to the threads
  csv_row row_;
  std::uint32_t header_line_ = 1;
  bool long_layout_ = false;
  std::vector<column> columns_;

  // wide
  detail::id_set ids_;            // id -> first line
  std::uint64_t data_start_ = 0;  // offset in the input of the first data row
  std::size_t rows_added_ = 0, label_bytes_ = 0, id_bytes_ = 0;
  bool reserved_ = false;
};

[[noreturn]] void throw_diagnostics(diagnostics& d) { throw input_error(std::move(d)); }

}  // namespace

namespace detail {
csv_parallelism& csv_parallel_settings() noexcept {
  static csv_parallelism settings;
  return settings;
}
}  // namespace detail

std::optional<sheet> parse_sheet(const scheme& s, std::string_view csv, std::string_view file_name, diagnostics& out,
                                 const sheet_options& options) {
  detail::memory_source source(csv);
  sheet_sink sink(s.criteria.size(), std::string(file_name));
  sheet_reader reader(s, source, sink, file_name, out, options);
  if (!reader.run()) return std::nullopt;
  return sink.take();
}

sheet parse_sheet(const scheme& s, std::string_view csv, std::string_view file_name, const sheet_options& options) {
  diagnostics d;
  auto result = parse_sheet(s, csv, file_name, d, options);
  if (!result) throw_diagnostics(d);
  return std::move(*result);
}

std::optional<sheet> load_sheet(const scheme& s, const std::filesystem::path& file, diagnostics& out,
                                const sheet_options& options) {
  if (const auto workbook = detail::as_workbook(file)) return detail::load_workbook_sheet(s, *workbook, out, options);
  if (detail::is_json_sheet(file)) return detail::load_json_sheet(s, file, out, options);
  detail::mapped_file buffer;
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

bool read_sheet_chunks(const scheme& s, const std::filesystem::path& file, diagnostics& out,
                       const sheet_options& options, std::size_t chunk_rows,
                       const std::function<void(sheet&& piece)>& consume) {
  if (chunk_rows == 0) throw std::invalid_argument("read_sheet_chunks: chunk_rows must be at least 1");
  if (const auto workbook = detail::as_workbook(file)) {
    // A worksheet holds at most a million rows: it is read whole and given as one piece.
    auto whole = detail::load_workbook_sheet(s, *workbook, out, options);
    if (whole) consume(std::move(*whole));
    return whole.has_value();
  }
  if (detail::is_json_sheet(file)) {
    // A JSON document is read whole and given as one piece.
    auto whole = detail::load_json_sheet(s, file, out, options);
    if (whole) consume(std::move(*whole));
    return whole.has_value();
  }
  detail::file_stream source;
  std::string error;
  const auto name = file.string();
  if (!source.open(file, error)) {
    out.add(make_diagnostic(errc::cannot_open, source_position{name, 0, 0}, name, error));
    return false;
  }
  // Progress in bytes read from the file, after each piece (cheap: one call per piece).
  std::function<void(sheet&&)> consume_and_tell;
  if (options.progress)
    consume_and_tell = [&](sheet&& piece) {
      consume(std::move(piece));
      options.progress(source.position() + source.window().size(), source.total());
    };
  sheet_sink sink(s.criteria.size(), name, chunk_rows, options.progress ? &consume_and_tell : &consume);
  sheet_reader reader(s, source, sink, name, out, options);
  return reader.run();
}

bool sheet_has_assessor(const std::filesystem::path& file, assessor_filter who) {
  const auto name = file.string();
  std::string worksheet;  // a workbook's sheet as CSV text
  detail::mapped_file buffer;
  std::string error;
  if (const auto workbook = detail::as_workbook(file)) {
    diagnostics problems;
    auto text = detail::read_worksheet_csv(*workbook, problems);
    if (!text) {
      // A broken workbook is reported when the sheet is loaded; one that cannot be opened now.
      if (!problems.empty() && problems.items().front().code == errc::cannot_open) throw input_error(std::move(problems));
      return false;
    }
    worksheet = std::move(text->csv);
  } else if (detail::is_json_sheet(file)) {
    diagnostics problems;
    auto text = detail::json_sheet_csv(read_file(file), name, problems);  // read_file throws cannot_open
    if (!text) return false;  // broken JSON is reported when the sheet is loaded
    worksheet = std::move(*text);
  } else if (!buffer.open(file, error)) {
    throw input_error(make_diagnostic(errc::cannot_open, source_position{name, 0, 0}, name, error));
  }
  const scheme none;
  diagnostics ignored;
  const sheet_options options;
  detail::memory_source source(worksheet.empty() ? buffer.view() : std::string_view(worksheet));
  sheet_sink sink(0, name);
  sheet_reader reader(none, source, sink, name, ignored, options);
  return reader.has_assessor(who);
}

}  // namespace thidua
