// The history CSV reader (include/thidua/history.hpp, docs/history.md).
//
// A small cousin of the members reader (lib/awards/organisation.cpp): the same lexer
// (io/csv_lexer.hpp), delimiter detection, BOM and `sep=` handling, UTF-8 check and NFC,
// the same yes/no words (core/words.hpp) and the same catalogue ids. History files are small
// (a few rows per member and year), so the whole text is read at once.
#include <algorithm>
#include <functional>
#include <unordered_map>
#include <utility>

#include "core/text.hpp"
#include "core/words.hpp"
#include "io/small_csv.hpp"
#include "io/json_input.hpp"
#include "io/table_file.hpp"
#include "thidua/history.hpp"
#include "thidua/io.hpp"

namespace thidua {
namespace {

using detail::csv_cell;
using detail::csv_lexer;
using detail::csv_row;
using detail::fold_case;
using detail::trim;

enum class role { ignored, year, id, title, class_id, name, revoked, reason };

struct known_column {
  std::string_view name;
  role what;
};

constexpr known_column known_columns[] = {
    {"year", role::year},   {"id", role::id},           {"title", role::title},   {"class", role::class_id},
    {"name", role::name},   {"revoked", role::revoked}, {"reason", role::reason},
};

/// "; did you mean title?" for the closest known column within edit distance 2 (at most half
/// the name), else the list of columns a history file may have.
std::string suggest(std::string_view folded) {
  const std::size_t length = detail::edit_distance(folded, "");
  const std::size_t limit = std::min<std::size_t>(2, (length + 1) / 2);
  std::string_view best;
  std::size_t best_distance = limit + 1;
  for (const auto& k : known_columns) {
    const std::size_t d = detail::edit_distance(folded, k.name);
    if (d < best_distance) {
      best = k.name;
      best_distance = d;
    }
  }
  if (!best.empty()) return "; did you mean " + std::string(best) + "?";
  return "; a history file has year, id, title, class, name, revoked and reason";
}

class history_reader : detail::small_csv_reader {
 public:
  history_reader(std::string_view csv, std::string_view file, diagnostics& out) : small_csv_reader(csv, file, out) {}

  std::optional<history> read() {
    if (!start()) return std::nullopt;
    if (!read_header()) return std::nullopt;
    history result;
    result.file = std::string(file_);
    while (next_row()) read_row(result);
    if (errors_ > 0) return std::nullopt;
    return result;
  }

 private:
  /// 0-based index of the column with role `r`, or -1.
  std::ptrdiff_t find(role r) const {
    const auto it = std::find(columns_.begin(), columns_.end(), r);
    return it == columns_.end() ? -1 : it - columns_.begin();
  }

  bool read_header() {
    const std::size_t before = errors_;
    const auto& cells = row_.cells;
    std::vector<std::string> found;
    std::unordered_map<std::string, std::size_t> first_column;  // folded name → 1-based column
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::size_t col = i + 1;
      columns_.push_back(role::ignored);
      std::string name;
      if (!text_of(cells[i], col, name)) continue;
      found.push_back(name);
      if (name.empty()) continue;  // an unnamed column (a trailing delimiter) is ignored
      const std::string f = fold_case(name);
      const auto known = std::find_if(std::begin(known_columns), std::end(known_columns),
                                      [&](const known_column& k) { return k.name == f; });
      if (known == std::end(known_columns)) {
        report(errc::unknown_column, cells[i].line, col, name, suggest(f));
        continue;
      }
      const auto [it, inserted] = first_column.try_emplace(f, col);
      if (!inserted) {
        report(errc::duplicate_column, cells[i].line, col, name, std::to_string(it->second));
        continue;
      }
      columns_.back() = known->what;
    }
    id_column_ = static_cast<std::size_t>(find(role::id) + 1);
    title_column_ = static_cast<std::size_t>(find(role::title) + 1);
    class_column_ = static_cast<std::size_t>(find(role::class_id) + 1);
    if (find(role::id) < 0) report(errc::missing_id_column, row_.line, 0, join(found));
    if (find(role::year) < 0) report(errc::missing_column, row_.line, 0, std::string("a history file"), std::string("year"));
    if (find(role::title) < 0 && find(role::class_id) < 0)
      report(errc::missing_column, row_.line, 0, std::string("a history file"), std::string("title (or class)"));
    return errors_ == before;
  }

  void read_row(history& result) {
    const auto& cells = row_.cells;
    if (cells.size() != columns_.size()) {
      report(errc::ragged_row, row_.line, 0, std::to_string(cells.size()), std::to_string(columns_.size()));
      return;
    }
    history_entry e;
    e.line = row_.line;
    bool ok = true, has_year = false;
    std::string text;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const role r = columns_[i];
      const std::size_t col = i + 1;
      if (r == role::ignored) continue;
      if (!text_of(cells[i], col, text)) {
        ok = false;
        if (r == role::id) return;  // reported; an "empty id" as well would say the same twice
        continue;
      }
      switch (r) {
        case role::year:
          if (const auto y = parse_year(text)) {
            e.year = *y;
            has_year = true;
          } else {
            report(errc::bad_year, cells[i].line, col, text);
            ok = false;
          }
          break;
        case role::id:
          e.id = text;
          break;
        case role::title:
          e.title = text;
          break;
        case role::class_id:
          e.class_id = text;
          break;
        case role::revoked:
          if (text.empty()) break;
          switch (detail::classify_cell_word(text)) {
            case detail::cell_word::yes:
              e.revoked = true;
              break;
            case detail::cell_word::no:
            case detail::cell_word::not_applicable:
              break;
            case detail::cell_word::other:
              report(errc::bad_flag_value, cells[i].line, col, std::string("revoked"), text);
              ok = false;
              break;
          }
          break;
        case role::reason:
          e.reason = text;
          break;
        case role::name:
        case role::ignored:
          break;
      }
    }
    if (e.id.empty()) {
      report(errc::empty_id, row_.line, id_column_);
      return;
    }
    // A row records a title, a class, or both; a revocation needs the title it revokes.
    if (e.title.empty() && (e.class_id.empty() || e.revoked)) {
      report(errc::missing_value, row_.line, title_column_ != 0 ? title_column_ : class_column_, std::string("title"),
             std::string("a history line records a title, a class or both"));
      return;
    }
    if (!ok || !has_year) return;
    if (!e.title.empty()) {
      const auto [it, inserted] = titles_.try_emplace(key(e.id, e.title, e.year), e.line);
      if (!inserted) {
        report(errc::duplicate_entry, row_.line, title_column_, e.id,
               "title " + e.title + " in " + std::to_string(e.year), std::to_string(it->second));
        return;
      }
    }
    if (!e.class_id.empty()) {
      // The same class may be repeated on each title row of a year; a different one is an error.
      const auto [it, inserted] = classes_.try_emplace(key(e.id, "", e.year), std::make_pair(e.class_id, e.line));
      if (!inserted && it->second.first != e.class_id) {
        report(errc::duplicate_entry, row_.line, class_column_, e.id,
               "class " + it->second.first + " and " + e.class_id + " in " + std::to_string(e.year),
               std::to_string(it->second.second));
        return;
      }
    }
    result.add(std::move(e));
  }

  static std::string key(std::string_view id, std::string_view title, int year) {
    std::string k = std::to_string(year);
    k.push_back('\0');
    k += std::to_string(id.size());
    k.push_back(':');
    k.append(id);
    k.append(title);
    return k;
  }

  std::vector<role> columns_;
  std::size_t id_column_ = 0, title_column_ = 0, class_column_ = 0;  // 1-based, 0 when absent
  std::unordered_map<std::string, std::uint32_t> titles_;                         // key → first line
  std::unordered_map<std::string, std::pair<std::string, std::uint32_t>> classes_;  // key → class, line
};

}  // namespace

std::optional<history> parse_history_csv(std::string_view csv, std::string_view file_name, diagnostics& out) {
  return history_reader(csv, file_name, out).read();
}

history parse_history_csv(std::string_view csv, std::string_view file_name) {
  return detail::or_throw([&](diagnostics& d) { return parse_history_csv(csv, file_name, d); });
}

std::optional<history> parse_history_json(std::string_view json, std::string_view file_name, diagnostics& out) {
  return detail::parse_json_rows(
      json, file_name, out,
      [](std::string_view csv, std::string_view name, diagnostics& found) { return parse_history_csv(csv, name, found); },
      [](history&& read, const auto& json_line) {
        history moved;  // each entry's line is its object's in the JSON text
        for (history_entry e : read.entries()) {
          e.line = json_line(e.line);
          moved.add(std::move(e));
        }
        moved.file = read.file;
        return moved;
      });
}

history parse_history_json(std::string_view json, std::string_view file_name) {
  return detail::or_throw([&](diagnostics& d) { return parse_history_json(json, file_name, d); });
}

std::optional<history> load_history_csv(const std::filesystem::path& file, diagnostics& out) {
  if (detail::is_json_sheet(file)) {  // rows sent by another system
    const auto text = read_file(file, out);
    if (!text) return std::nullopt;
    return parse_history_json(*text, file.string(), out);
  }
  // A CSV file, or earlier years kept in an Excel sheet.
  return detail::load_table_file(file, out, [](std::string_view csv, std::string_view name, diagnostics& d) {
    return parse_history_csv(csv, name, d);
  });
}

history load_history_csv(const std::filesystem::path& file) {
  return detail::or_throw([&](diagnostics& d) { return load_history_csv(file, d); });
}

}  // namespace thidua
