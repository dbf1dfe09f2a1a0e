// A single-pass CSV lexer over a buffer in memory, for score sheets.
//
// It splits rows into cells without copying: a cell is a view into the buffer unless it was
// quoted with "" escapes (or had text after its closing quote), in which case it is a view
// into the row's scratch string. It knows what real files contain: CRLF, LF or lone CR line
// ends, quoted cells spanning lines, and spaces around cells (trimmed). Each cell records the
// physical line it starts on and whether it holds bytes >= 0x80, so that the reader calls
// ICU only where it must.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace thidua::detail {

struct csv_cell {
  std::string_view text;   ///< trimmed, unquoted, unescaped
  std::uint32_t line = 0;  ///< physical line (1-based) where the cell starts
  bool non_ascii = false;  ///< has bytes >= 0x80: validate UTF-8 and normalise
  bool quoted = false;
};

struct csv_row {
  std::vector<csv_cell> cells;
  std::uint32_t line = 0;  ///< line where the row starts
  std::string scratch;     ///< storage for cells that had to be unescaped

  /// True for a line with no text at all (or only delimiters and spaces): skipped.
  bool blank() const noexcept {
    for (const auto& c : cells)
      if (!c.text.empty() || c.quoted) return false;
    return true;
  }
};

/// The delimiter a header line uses: the most frequent of ',', ';' and tab outside quotes
/// (',' when none appears or on a tie).
char detect_delimiter(std::string_view data) noexcept;

class csv_lexer {
 public:
  enum class status { row, end, unterminated_quote };

  /// `data` must outlive the lexer and the rows it fills. `first_line` is the line number
  /// of data's first byte.
  csv_lexer(std::string_view data, char delimiter, std::uint32_t first_line = 1) noexcept;

  /// Reads the next row into `row` (cells replaced). On `unterminated_quote`, `row.cells`
  /// holds the cells before the bad one and error_line()/error_column() locate its quote.
  status next(csv_row& row);

  std::uint32_t error_line() const noexcept { return error_line_; }
  std::uint32_t error_column() const noexcept { return error_column_; }
  /// Line number of the next unread byte.
  std::uint32_t line() const noexcept { return line_; }
  /// Offset of the next unread byte.
  std::size_t offset() const noexcept { return static_cast<std::size_t>(pos_ - begin_); }

 private:
  const char* begin_;
  const char* pos_;
  const char* end_;
  char delimiter_;
  std::uint32_t line_;
  std::uint32_t error_line_ = 0;
  std::uint32_t error_column_ = 0;
  unsigned char classes_[256];
  // Cells whose text lives in the row's scratch string, resolved once the row is complete
  // (the scratch string may move while it grows).
  struct pending {
    std::size_t cell, offset, length;
  };
  std::vector<pending> fixups_;
};

}  // namespace thidua::detail
