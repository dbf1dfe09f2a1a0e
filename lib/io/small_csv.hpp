// Internal: the shared part of the readers of small CSV files that are read whole — the
// members file (lib/awards/organisation.cpp) and the history file (lib/history/
// history_csv.cpp). They accept what score sheets accept: a BOM, Excel's `sep=;` first line,
// `,` `;` or tab (detected from the first line with text), quoted cells, blank rows, UTF-8
// text normalised to NFC; and they report with the catalogue's ids at file, line and cell.
// The score-sheet reader itself (csv_reader.cpp) streams and stays separate.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "io/csv_lexer.hpp"
#include "thidua/error.hpp"

namespace thidua::detail {

class small_csv_reader {
 protected:
  small_csv_reader(std::string_view csv, std::string_view file, diagnostics& out)
      : csv_(csv), file_(file), out_(&out) {}

  /// Finds the delimiter, skips a `sep=` line and reads the header row into row_. False when
  /// there is none (thidua.data.101 unless another problem was reported).
  bool start() {
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    std::string_view data = csv_;
    if (data.substr(0, 3) == bom) data.remove_prefix(3);
    // The delimiter is read from the first line with any text; Excel's "sep=;" names it.
    std::size_t p = 0;
    while (p < data.size()) {
      std::size_t e = p;
      while (e < data.size() && data[e] != '\n' && data[e] != '\r') ++e;
      if (!trim(data.substr(p, e - p)).empty()) break;
      p = e + 1;
    }
    p = std::min(p, data.size());
    const std::string_view first_line = trim(data.substr(p, data.substr(p).find_first_of("\r\n")));
    const bool sep_line = first_line.size() == 5 && first_line.substr(0, 4) == "sep=";
    const char delimiter = sep_line ? first_line[4] : detect_delimiter(data.substr(p));
    lexer_.emplace(data, delimiter, 1);
    if (sep_line) next_row();
    if (next_row()) return true;
    if (errors_ == 0) report(errc::empty_file, 0, 0, std::string());
    return false;
  }

  template <class... Args>
  void report(errc code, std::uint32_t line, std::size_t column, const Args&... args) {
    ++errors_;
    out_->add(make_diagnostic(code, source_position{std::string(file_), line, static_cast<std::uint32_t>(column)},
                              args...));
  }

  /// The next row with any text into row_; false at the end or on a quote that never closes.
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

  /// Checks a cell's UTF-8 and returns its NFC text.
  bool text_of(const csv_cell& cell, std::size_t column, std::string& out) {
    if (!cell.non_ascii) {
      out.assign(cell.text);
      return true;
    }
    const auto bad = invalid_utf8_offset(cell.text);
    if (bad != std::string_view::npos) {
      report(errc::invalid_utf8, cell.line, column, std::to_string(bad + 1));
      return false;
    }
    std::string buffer;
    out.assign(to_nfc(cell.text, buffer));
    return true;
  }

  /// "id, name, (empty)": the header's columns, for messages.
  static std::string join(const std::vector<std::string>& parts) {
    std::string s;
    for (const auto& p : parts) {
      if (!s.empty()) s += ", ";
      s += p.empty() ? std::string("(empty)") : p;
    }
    return s.empty() ? std::string("no columns") : s;
  }

  std::string_view csv_;
  std::string_view file_;
  diagnostics* out_;
  std::optional<csv_lexer> lexer_;
  csv_row row_;
  std::size_t errors_ = 0;
};

}  // namespace thidua::detail
