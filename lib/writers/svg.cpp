#include "writers/svg.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace thidua::detail::svg {

namespace {

// About the report's content width on screen; printed on A4 (≈ 700 px) a chart shrinks to
// 3/4, which keeps its 13 px text at about 7 pt.
constexpr double chart_width = 960;
constexpr double font_size = 13;
// An average glyph of the report's sans-serif fonts is about 0.56 em wide: enough to size
// label columns without measuring text (Vietnamese NFC letters are one code point each).
constexpr double glyph = font_size * 0.56;

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0U) != 0x80U ? 1 : 0;
  return n;
}

double text_width(std::string_view s) { return static_cast<double>(code_points(s)) * glyph; }

// The width of a left label column: the longest label, within [min, max].
double label_column(const std::vector<std::string_view>& labels, double min, double max) {
  double w = 0;
  for (auto l : labels) w = std::max(w, text_width(l));
  return std::clamp(w + 10, min, max);
}

std::size_t chars_fitting(double width) { return static_cast<std::size_t>(std::max(4.0, (width - 10) / glyph)); }

struct writer {
  std::string& out;

  writer& operator<<(std::string_view s) {
    out += s;
    return *this;
  }
  writer& operator<<(char c) {
    out += c;
    return *this;
  }
  writer& operator<<(double v) {
    append_number(out, v);
    return *this;
  }
  writer& text(std::string_view s) {
    append_escaped(out, s);
    return *this;
  }
};

void open(writer& w, const std::string& title, double width, double height) {
  w << "<svg class=\"chart\" viewBox=\"0 0 " << width << ' ' << height << "\" width=\"" << width << "\" height=\""
    << height << "\" role=\"img\" aria-label=\"";
  w.text(title) << "\" font-size=\"" << font_size << "\"><title>";
  w.text(title) << "</title>\n";
}

void close(writer& w) { w << "</svg>\n"; }

void label(writer& w, double x, double y, std::string_view text, std::string_view anchor, std::string_view extra = {}) {
  w << "<text x=\"" << x << "\" y=\"" << y << "\"";
  if (anchor != "start") w << " text-anchor=\"" << anchor << "\"";
  if (!extra.empty()) w << ' ' << extra;
  w << '>';
  w.text(text) << "</text>";
}

// A vertical line (axis, tick or guide) from y1 to y2; `extra` adds attributes (dashes).
void vertical_line(writer& w, double x, double y1, double y2, std::string_view stroke, std::string_view extra = {}) {
  w << "<line x1=\"" << x << "\" y1=\"" << y1 << "\" x2=\"" << x << "\" y2=\"" << y2 << "\" stroke=\"" << stroke << '"';
  if (!extra.empty()) w << ' ' << extra;
  w << "/>";
}

// The row labels of a chart, for sizing its label column.
template <class Rows>
std::vector<std::string_view> row_labels(const Rows& rows) {
  std::vector<std::string_view> labels;
  labels.reserve(rows.size());
  for (const auto& r : rows) labels.push_back(r.label);
  return labels;
}

void rect(writer& w, double x, double y, double width, double height, std::string_view fill,
          std::string_view extra = {}) {
  w << "<rect x=\"" << x << "\" y=\"" << y << "\" width=\"" << std::max(0.0, width) << "\" height=\"" << height
    << "\" fill=\"" << fill << "\"";
  if (!extra.empty()) w << ' ' << extra;
  w << "/>";
}

// The look of a deduction: a pale box with a dashed red outline (readable in grey too).
constexpr std::string_view minus_style = "fill-opacity=\"0.75\" stroke=\"#b42318\" stroke-dasharray=\"3 2\"";

// Legend entries laid out left to right from x; returns the height used.
double legend(writer& w, const std::vector<series>& items, std::string_view minus_name, double x, double y) {
  for (const auto& s : items) {
    rect(w, x, y, 12, 12, s.color);
    label(w, x + 16, y + 10, s.name, "start");
    x += 16 + text_width(s.name) + 18;
  }
  if (!minus_name.empty()) {
    rect(w, x, y, 12, 12, "#ffffff", minus_style);
    label(w, x + 16, y + 10, minus_name, "start");
  }
  w << '\n';
  return 22;
}

// #rrggbb between two colours, t in 0..1.
std::string mix(unsigned from, unsigned to, double t) {
  const auto channel = [&](int shift) {
    const double a = (from >> shift) & 0xFFU, b = (to >> shift) & 0xFFU;
    return static_cast<unsigned>(std::lround(a + (b - a) * t));
  };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", channel(16), channel(8), channel(0));
  return buf;
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

void append_number(std::string& out, double v) {
  double r = std::round(v * 10) / 10;
  if (r == 0 || !std::isfinite(r)) r = 0;  // no "-0", no "nan" in an attribute
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 1);
  if (ec != std::errc{}) return;
  if (end - buf >= 2 && end[-1] == '0' && end[-2] == '.') end -= 2;
  out.append(buf, end);
}

std::string shorten(std::string_view text, std::size_t max_chars) {
  if (code_points(text) <= max_chars) return std::string(text);
  std::size_t kept = 0, at = 0;
  while (at < text.size()) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0U) != 0x80U && ++kept == max_chars) break;
    ++at;
  }
  std::string s(text.substr(0, at));
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s + "…";
}

// ------------------------------------------------------------------ stacked bars

void stacked_bars(std::string& out, const stacked_chart& c) {
  writer w{out};
  const std::vector<std::string_view> labels = row_labels(c.rows);
  const double left = label_column(labels, 60, 290), right = 64;
  const double plot = chart_width - left - right;
  const double row_h = 20, bar_h = 13, top = 22 + 18;
  const double height = top + static_cast<double>(c.rows.size()) * row_h + 22;
  const double axis = c.axis_max > 0 ? c.axis_max : 1;
  const auto x = [&](double v) { return left + std::clamp(v, 0.0, axis) / axis * plot; };

  open(w, c.title, chart_width, height);
  legend(w, c.legend, c.minus_name, left, 0);
  for (const auto& g : c.guides) {
    vertical_line(w, x(g.at), top - 4, height - 20, "#9ca3af", "stroke-dasharray=\"4 3\"");
    label(w, x(g.at), top - 8, g.label, "middle", "fill=\"#4b5563\" font-size=\"11\"");
  }
  w << '\n';
  const std::size_t fit = chars_fitting(left);
  double y = top;
  for (const auto& r : c.rows) {
    w << "<g><title>";
    w.text(r.tooltip.empty() ? r.label : r.tooltip) << "</title>";
    label(w, left - 6, y + bar_h - 2.5, shorten(r.label, fit), "end");
    double at = 0;
    for (std::size_t k = 0; k < r.parts.size() && k < c.legend.size(); ++k) {
      const double part = std::max(0.0, r.parts[k]);
      rect(w, x(at), y, x(at + part) - x(at), bar_h, c.legend[k].color);
      at += part;
    }
    if (r.minus > 0) rect(w, x(at - r.minus), y, x(at) - x(at - r.minus), bar_h, "#ffffff", minus_style);
    label(w, x(at) + 5, y + bar_h - 2.5, r.value_text, "start", "font-weight=\"600\"");
    w << "</g>\n";
    y += row_h;
  }
  vertical_line(w, left, top - 4, height - 20, "#374151");
  label(w, left, height - 6, "0", "middle", "fill=\"#4b5563\" font-size=\"11\"");
  std::string max_text;
  append_number(max_text, axis);
  label(w, x(axis), height - 6, max_text, "middle", "fill=\"#4b5563\" font-size=\"11\"");
  close(w);
}

// ------------------------------------------------------------------ grouped bars

void bars(std::string& out, const bar_chart& c) {
  writer w{out};
  const std::vector<std::string_view> labels = row_labels(c.rows);
  const std::size_t per_row = std::max<std::size_t>(1, c.legend.size());
  const double left = label_column(labels, 60, 320), right = 70;
  const double plot = chart_width - left - right;
  const double bar_h = 13, row_h = static_cast<double>(per_row) * (bar_h + 2) + 8;
  const double top = c.legend.size() > 1 ? 26 : 6;
  const double height = top + static_cast<double>(c.rows.size()) * row_h + 22;
  const double lo = std::min(0.0, c.axis_min), hi = std::max(c.axis_max, lo + 1e-9);
  const auto x = [&](double v) { return left + (std::clamp(v, lo, hi) - lo) / (hi - lo) * plot; };

  open(w, c.title, chart_width, height);
  if (c.legend.size() > 1) legend(w, c.legend, {}, left, 0);
  for (const auto& t : c.ticks) {
    vertical_line(w, x(t.at), top - 2, height - 20, "#e5e7eb");
    label(w, x(t.at), height - 6, t.label, "middle", "fill=\"#4b5563\" font-size=\"11\"");
  }
  w << '\n';
  const std::size_t fit = chars_fitting(left);
  double y = top;
  for (const auto& r : c.rows) {
    w << "<g><title>";
    w.text(r.label) << "</title>";
    label(w, left - 6, y + row_h / 2 - 1, shorten(r.label, fit), "end");
    double by = y + 3;
    for (std::size_t k = 0; k < r.values.size(); ++k) {
      const double v = r.values[k];
      const std::string& color = !r.color.empty() && per_row == 1 ? r.color
                                 : k < c.legend.size()            ? c.legend[k].color
                                                                  : std::string("#1f5fa8");
      rect(w, std::min(x(0), x(v)), by, std::abs(x(v) - x(0)), bar_h, color);
      if (k < r.texts.size()) label(w, std::max(x(0), x(v)) + 5, by + bar_h - 2.5, r.texts[k], "start");
      by += bar_h + 2;
    }
    w << "</g>\n";
    y += row_h;
  }
  vertical_line(w, x(0), top - 2, height - 20, "#374151");
  close(w);
}

// ------------------------------------------------------------------ diverging bars

void diverging(std::string& out, const diverging_chart& c) {
  writer w{out};
  const std::vector<std::string_view> labels = row_labels(c.rows);
  const double left = label_column(labels, 60, 260), pad = 78;
  const double plot = chart_width - left - 2 * pad;
  const double centre = left + pad + plot / 2;
  const double row_h = 20, bar_h = 13, top = 40;
  const double height = top + static_cast<double>(c.rows.size()) * row_h + 8;
  const auto x = [&](double t) { return centre + std::clamp(t, -1.0, 1.0) * plot / 2; };

  open(w, c.title, chart_width, height);
  label(w, centre - 8, 12, c.left_caption, "end", "fill=\"" + c.low_color + "\" font-weight=\"600\"");
  label(w, centre + 8, 12, c.right_caption, "start", "fill=\"" + c.high_color + "\" font-weight=\"600\"");
  for (const auto& t : c.ticks) {
    vertical_line(w, x(t.at), top - 6, height - 4, "#e5e7eb");
    label(w, x(t.at), top - 10, t.label, "middle", "fill=\"#4b5563\" font-size=\"11\"");
  }
  w << '\n';
  const std::size_t fit = chars_fitting(left);
  double y = top;
  for (const auto& r : c.rows) {
    w << "<g><title>";
    w.text(r.tooltip.empty() ? r.label : r.tooltip) << "</title>";
    label(w, left - 6, y + bar_h - 2.5, shorten(r.label, fit), "end");
    const double lo = std::min(0.0, r.low), hi = std::max(0.0, r.high);
    if (lo < 0) rect(w, x(lo), y, x(0) - x(lo), bar_h, c.low_color);
    if (hi > 0) rect(w, x(0), y, x(hi) - x(0), bar_h, c.high_color);
    // An open end: an arrowhead past the axis (the range goes on beyond what is drawn).
    const double mid = y + bar_h / 2;
    if (r.low_open)
      w << "<path d=\"M" << x(lo) << ' ' << y << "L" << x(lo) - 7 << ' ' << mid << "L" << x(lo) << ' ' << y + bar_h
        << "Z\" fill=\"" << c.low_color << "\"/>";
    if (r.high_open)
      w << "<path d=\"M" << x(hi) << ' ' << y << "L" << x(hi) + 7 << ' ' << mid << "L" << x(hi) << ' ' << y + bar_h
        << "Z\" fill=\"" << c.high_color << "\"/>";
    if (!r.low_text.empty())
      label(w, x(lo) - (r.low_open ? 10 : 4), y + bar_h - 2.5, r.low_text, "end", "font-size=\"11.5\"");
    if (!r.high_text.empty())
      label(w, x(hi) + (r.high_open ? 10 : 4), y + bar_h - 2.5, r.high_text, "start", "font-size=\"11.5\"");
    w << "</g>\n";
    y += row_h;
  }
  vertical_line(w, centre, top - 6, height - 4, "#374151");
  close(w);
}

// ------------------------------------------------------------------ heat map

void heat_grid(std::string& out, const heat_map& h) {
  writer w{out};
  std::vector<std::string_view> labels(h.rows.begin(), h.rows.end());
  const double left = label_column(labels, 60, 300);
  const std::size_t cols = h.columns.size();
  const double cell_w = cols == 0 ? 52 : std::clamp((chart_width - left) / static_cast<double>(cols), 36.0, 56.0);
  const double cell_h = 20, top = 22;
  const double width = left + cell_w * static_cast<double>(cols) + 2;
  const double height = top + cell_h * static_cast<double>(h.rows.size()) + 2;

  open(w, h.title, width, height);
  for (std::size_t k = 0; k < cols; ++k)
    label(w, left + cell_w * (static_cast<double>(k) + 0.5), top - 7, h.columns[k], "middle", "font-weight=\"600\"");
  w << '\n';
  const std::size_t fit = chars_fitting(left);
  for (std::size_t r = 0; r < h.rows.size(); ++r) {
    const double y = top + cell_h * static_cast<double>(r);
    w << "<g>";
    label(w, left - 6, y + cell_h - 6, shorten(h.rows[r], fit), "end");
    for (std::size_t k = 0; k < cols; ++k) {
      const std::size_t at = r * cols + k;
      const double v = at < h.values.size() ? h.values[at] : -1;
      const double x = left + cell_w * static_cast<double>(k);
      if (v < 0) {
        rect(w, x + 0.5, y + 0.5, cell_w - 1, cell_h - 1, "none", "stroke=\"#e5e7eb\"");
        continue;
      }
      // sqrt: small shares stay visible next to a dominant one.
      const double t = std::sqrt(std::clamp(v, 0.0, 1.0));
      rect(w, x + 0.5, y + 0.5, cell_w - 1, cell_h - 1, mix(0xf3f6fbU, 0x1e3a8aU, t), "stroke=\"#ffffff\"");
      if (at < h.texts.size() && !h.texts[at].empty())
        label(w, x + cell_w / 2, y + cell_h - 6, h.texts[at], "middle",
              t > 0.55 ? "fill=\"#ffffff\" font-size=\"11.5\"" : "fill=\"#111827\" font-size=\"11.5\"");
    }
    w << "</g>\n";
  }
  close(w);
}

}  // namespace thidua::detail::svg
