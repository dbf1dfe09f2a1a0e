// Internal: the inline SVG charts of the HTML report (write_html). Each chart appends one
// <svg> element to a string: a <title> and an aria-label say what it shows, every number it
// draws is also written as text (a label beside the bar or in the cell), and its size is a
// viewBox so that it scales to the page and to A4 when printed.
//
// Pure formatting: callers pass the values and the texts to print; nothing here rounds a
// published number. Output is deterministic (coordinates with at most one decimal, written
// with std::to_chars) and linear in the number of rows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace thidua::detail::svg {

/// Appends `text` with &, <, >, " and ' replaced by entities: safe in element content and in
/// attribute values alike.
void append_escaped(std::string& out, std::string_view text);
std::string escape(std::string_view text);

/// Appends a length with at most one decimal ("12.5", "40", "-3"), locale-free.
void append_number(std::string& out, double v);

/// At most `max_chars` code points of `text`, ending in "…" when cut.
std::string shorten(std::string_view text, std::size_t max_chars);

/// A named colour of a legend (CSS colour, e.g. "#1f5fa8").
struct series {
  std::string name{};
  std::string color{};
};

/// A vertical line across the plot at a value (a class threshold, an axis tick).
struct guide {
  double at = 0;
  std::string label{};
};

// ------------------------------------------------------------------ stacked bars

/// One horizontal bar made of parts (one per series), e.g. a school's family subtotals and
/// its bonus; `minus` is drawn hatched back from the end of the stack (its deduction).
struct stacked_row {
  std::string label{};          ///< left of the bar (shortened to fit)
  std::string tooltip{};        ///< the row's <title>: full name and numbers
  std::vector<double> parts{};  ///< ≥ 0, in legend order
  double minus = 0;
  std::string value_text{};     ///< right of the bar (the total)
};

struct stacked_chart {
  std::string title{};          ///< <title> and aria-label
  std::vector<series> legend{};
  std::string minus_name{};     ///< legend entry of the hatched part; "" for none
  double axis_max = 100;
  std::vector<guide> guides{};  ///< dashed lines with their labels on top
  std::vector<stacked_row> rows{};
};
void stacked_bars(std::string& out, const stacked_chart& c);

// ------------------------------------------------------------------ grouped bars

/// One row of bars, one per series (one bar: a plain bar chart; two: paired bars). Values
/// may be negative: bars then start from the zero line.
struct bar_row {
  std::string label{};
  std::vector<double> values{};
  std::vector<std::string> texts{};  ///< printed at the end of each bar
  std::string color{};               ///< overrides the series colour of a one-series chart
};

struct bar_chart {
  std::string title{};
  std::vector<series> legend{};      ///< shown when there is more than one series
  double axis_min = 0, axis_max = 100;
  std::vector<guide> ticks{};
  std::vector<bar_row> rows{};
};
void bars(std::string& out, const bar_chart& c);

// ------------------------------------------------------------------ diverging bars

/// A bar from `low` (≤ 0) to `high` (≥ 0) on an axis from −1 to 1 that the caller has
/// already mapped its values onto (linear or logarithmic). An open end runs off the axis
/// and is drawn with an arrow (nothing changes that far).
struct diverging_row {
  std::string label{};
  std::string tooltip{};
  double low = 0, high = 0;
  std::string low_text{}, high_text{};  ///< printed outside each end ("" for none)
  bool low_open = false, high_open = false;
};

struct diverging_chart {
  std::string title{};
  std::string left_caption{}, right_caption{};  ///< above each half of the axis
  std::string low_color = "#c2410c", high_color = "#1f5fa8";
  std::vector<guide> ticks{};                 ///< positions in −1..1
  std::vector<diverging_row> rows{};
};
void diverging(std::string& out, const diverging_chart& c);

// ------------------------------------------------------------------ heat map

/// A grid of shares (0..1): darker is larger; the text of each cell is printed in it.
struct heat_map {
  std::string title{};
  std::vector<std::string> columns{};  ///< headers above the grid
  std::vector<std::string> rows{};     ///< labels left of the grid
  std::vector<double> values{};        ///< rows × columns, row-major; negative = empty cell
  std::vector<std::string> texts{};    ///< same layout
};
void heat_grid(std::string& out, const heat_map& h);

}  // namespace thidua::detail::svg
