#include <string>

#include "thidua/error.hpp"

namespace thidua {

std::string column_letters(std::uint32_t column) {
  std::string letters;
  for (; column > 0; column = (column - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (column - 1) % 26));
  return letters;
}

std::string diagnostic::to_string() const {
  std::string s = "[";
  s += error_id(code);
  s += "] ";
  if (!where.file.empty() && !where.sheet.empty()) {
    // A worksheet cell, the way a spreadsheet user finds it: file.xlsx!Sheet!C12.
    s += where.file + '!' + where.sheet;
    if (where.line > 0) s += '!' + (where.column > 0 ? column_letters(where.column) : std::string()) + std::to_string(where.line);
    s += ": ";
  } else if (!where.file.empty()) {
    s += where.file;
    if (where.line > 0) {
      s += ':' + std::to_string(where.line);
      if (where.column > 0) s += ':' + std::to_string(where.column);
    }
    // A JSON value: file.json:12:5 (/criterion/3/max).
    if (!where.pointer.empty()) s += " (" + where.pointer + ')';
    s += ": ";
  }
  s += message;
  return s;
}

void diagnostics::add(diagnostic d) {
  ++count_;
  if (items_.size() < limit_) items_.push_back(std::move(d));
}

void diagnostics::add(errc code, source_position where, std::string message) {
  add(diagnostic{code, std::move(where), std::move(message)});
}

namespace {
std::string first_message(const std::vector<diagnostic>& all) {
  return all.empty() ? std::string("invalid input") : all.front().to_string();
}
}  // namespace

input_error::input_error(std::vector<diagnostic> all, std::size_t total_count)
    : std::runtime_error(first_message(all)), all_(std::move(all)),
      total_(total_count > all_.size() ? total_count : all_.size()) {}

input_error::input_error(thidua::diagnostics&& all) : input_error(all.items(), all.count()) {}

input_error::input_error(diagnostic one) : input_error(std::vector<diagnostic>{std::move(one)}) {}

}  // namespace thidua
