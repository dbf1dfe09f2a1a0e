// The CSV lexer (see csv_lexer.hpp). The unquoted path, which is nearly every cell of a
// score sheet, is one table-driven loop over bytes with no copy; quoted cells are found with
// memchr and copied only when they hold "" escapes.
#include "io/csv_lexer.hpp"

#include <cstring>

#include "core/text.hpp"

namespace thidua::detail {
namespace {

enum : unsigned char { plain = 0, high = 1, separator = 2, line_feed = 3, carriage_return = 4 };

inline bool is_space(char c, char delimiter) noexcept { return c == ' ' || (c == '\t' && delimiter != '\t'); }

}  // namespace

char detect_delimiter(std::string_view data) noexcept {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool in_quotes = false;
  for (const char c : data) {
    if (c == '"') {
      in_quotes = !in_quotes;  // "" inside quotes toggles twice: no effect, as wanted
    } else if (!in_quotes) {
      if (c == '\n' || c == '\r') break;
      if (c == ',')
        ++comma;
      else if (c == ';')
        ++semicolon;
      else if (c == '\t')
        ++tab;
    }
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

csv_lexer::csv_lexer(std::string_view data, char delimiter, std::uint32_t first_line) noexcept
    : begin_(data.data()),
      pos_(data.data()),
      end_(data.data() + data.size()),
      delimiter_(delimiter),
      line_(first_line),
      classes_{} {
  for (int c = 0x80; c < 0x100; ++c) classes_[c] = high;
  classes_[static_cast<unsigned char>(delimiter)] = separator;
  classes_[static_cast<unsigned char>('\n')] = line_feed;
  classes_[static_cast<unsigned char>('\r')] = carriage_return;
}

csv_lexer::status csv_lexer::next(csv_row& row) {
  row.cells.clear();
  row.scratch.clear();
  if (pos_ >= end_) return status::end;
  row.line = line_;

  fixups_.clear();
  bool any_quoted = false;

  const char* p = pos_;
  for (;;) {
    csv_cell cell;
    cell.line = line_;
    while (p < end_ && is_space(*p, delimiter_)) ++p;
    if (p < end_ && *p == '"') {
      const char* open = p;
      ++p;
      const char* segment = p;
      const char* content_end = nullptr;
      bool copied = false;
      std::size_t scratch_start = 0;
      for (;;) {
        const auto* q = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end_ - p)));
        if (q == nullptr) {
          error_line_ = cell.line;
          error_column_ = static_cast<std::uint32_t>(row.cells.size() + 1);
          pos_ = end_;
          return status::unterminated_quote;
        }
        for (const char* r = p; r < q; ++r) {
          if (*r == '\n' || (*r == '\r' && (r + 1 >= end_ || r[1] != '\n'))) ++line_;
        }
        if (q + 1 < end_ && q[1] == '"') {  // "" is one quote
          if (!copied) {
            copied = true;
            scratch_start = row.scratch.size();
          }
          row.scratch.append(segment, q + 1);
          p = q + 2;
          segment = p;
          continue;
        }
        content_end = q;
        p = q + 1;
        break;
      }
      const char* after = p;
      while (after < end_ && is_space(*after, delimiter_)) ++after;
      if (after < end_ && classes_[static_cast<unsigned char>(*after)] <= high) {
        // Text after the closing quote ("7,5"kg): keep it rather than lose data.
        if (!copied) {
          copied = true;
          scratch_start = row.scratch.size();
        }
        row.scratch.append(segment, content_end);
        while (after < end_ && classes_[static_cast<unsigned char>(*after)] <= high) ++after;
        row.scratch.append(p, after);
      } else if (copied) {
        row.scratch.append(segment, content_end);
      }
      if (copied) {
        fixups_.push_back({row.cells.size(), scratch_start, row.scratch.size() - scratch_start});
      } else {
        cell.text = std::string_view(segment, static_cast<std::size_t>(content_end - segment));
      }
      cell.quoted = true;
      any_quoted = true;
      cell.non_ascii = !is_ascii(std::string_view(open, static_cast<std::size_t>(after - open)));
      p = after;
    } else {
      const char* start = p;
      bool non_ascii = false;
      while (p < end_) {
        const unsigned char k = classes_[static_cast<unsigned char>(*p)];
        if (k == plain) {
          ++p;
        } else if (k == high) {
          non_ascii = true;
          ++p;
        } else {
          break;
        }
      }
      const char* e = p;
      while (e > start && is_space(e[-1], delimiter_)) --e;
      cell.text = std::string_view(start, static_cast<std::size_t>(e - start));
      cell.non_ascii = non_ascii;
    }
    row.cells.push_back(cell);

    if (p >= end_) {
      pos_ = end_;
      break;
    }
    const char c = *p;
    if (c == delimiter_) {
      ++p;
      continue;
    }
    ++line_;
    if (c == '\r' && p + 1 < end_ && p[1] == '\n') ++p;
    pos_ = p + 1;
    break;
  }

  if (any_quoted) {
    for (const auto& f : fixups_) row.cells[f.cell].text = std::string_view(row.scratch).substr(f.offset, f.length);
    for (auto& cell : row.cells)
      if (cell.quoted) cell.text = trim(cell.text);
  }
  return status::row;
}

}  // namespace thidua::detail
