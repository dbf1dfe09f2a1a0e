// Reading a small table file (members, history, a pairwise matrix): the same CSV reader
// whether the table is a CSV file or a worksheet of an .xlsx workbook, and the throwing
// form of every collecting loader. Score sheets have their own entry points (csv_reader.cpp:
// they also stream and read JSON).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "io/xlsx_reader.hpp"
#include "thidua/error.hpp"
#include "thidua/io.hpp"

namespace thidua::detail {

/// Runs `parse(csv_text, file_name, out) -> std::optional<T>` on a table file: the file's own
/// text, or for `file.xlsx` / `file.xlsx!Sheet` the worksheet turned into CSV text (rows as
/// lines, columns as cells) with positions naming the sheet (parse_worksheet). `on_sheet(T&,
/// sheet name)` lets the caller keep the sheet's name.
template <class Parse, class OnSheet>
auto load_table_file(const std::filesystem::path& file, diagnostics& out, Parse&& parse, OnSheet&& on_sheet)
    -> decltype(parse(std::string_view(), std::string_view(), out)) {
  decltype(parse(std::string_view(), std::string_view(), out)) result;
  if (const auto workbook = as_workbook(file)) {
    const auto sheet = parse_worksheet(*workbook, out, [&](std::string_view csv, const std::string& name,
                                                           diagnostics& found) {
      result = parse(csv, name, found);
      return result.has_value();
    });
    if (!sheet) return std::nullopt;
    on_sheet(*result, *sheet);
    return result;
  }
  const auto text = read_file(file, out);
  if (!text) return std::nullopt;
  return parse(*text, file.string(), out);
}

template <class Parse>
auto load_table_file(const std::filesystem::path& file, diagnostics& out, Parse&& parse) {
  return load_table_file(file, out, std::forward<Parse>(parse), [](auto&, const std::string&) {});
}

/// The throwing form of a collecting loader: `load(diagnostics&) -> std::optional<T>` run
/// with a fresh list; input_error with every problem when it gives nothing.
template <class Load>
auto or_throw(Load&& load) {
  diagnostics problems;
  auto result = load(problems);
  if (!result) throw input_error(std::move(problems));
  return std::move(*result);
}

}  // namespace thidua::detail
