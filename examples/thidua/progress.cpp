// The progress bar of long commands (see progress.hpp).
#include "progress.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sys/ioctl.h>
#include <unistd.h>

#include "thidua/writers.hpp"

namespace thidua::cli {
namespace {

bool quiet_flag = false;

// Vietnamese number style: a comma before the decimals ("1,5 GB").
std::string one_decimal(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  std::string s = text;
  for (char& c : s)
    if (c == '.') c = ',';
  return s;
}

// 1234567 → "1.234.567" (Vietnamese thousands separator).
std::string grouped(std::uint64_t v) {
  std::string digits = std::to_string(v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

std::string amount(double v, progress_unit unit) {
  if (unit == progress_unit::items) return grouped(static_cast<std::uint64_t>(std::llround(v)));
  if (v >= 1e9) return one_decimal(v / 1e9) + " GB";
  if (v >= 1e6) return one_decimal(v / 1e6) + " MB";
  if (v >= 1e3) return one_decimal(v / 1e3) + " kB";
  return grouped(static_cast<std::uint64_t>(std::llround(v))) + " B";
}

std::string clock_text(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::llround(seconds));
  char text[32];
  if (s >= 3600)
    std::snprintf(text, sizeof text, "%llu:%02llu:%02llu", static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s / 60 % 60), static_cast<unsigned long long>(s % 60));
  else
    std::snprintf(text, sizeof text, "%llu:%02llu", static_cast<unsigned long long>(s / 60),
                  static_cast<unsigned long long>(s % 60));
  return text;
}

std::size_t terminal_width() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20) return size.ws_col;
  return 80;
}

}  // namespace

bool quiet() noexcept { return quiet_flag; }
void set_quiet(bool on) noexcept { quiet_flag = on; }

std::string progress_line(std::string_view label, std::uint64_t done, std::uint64_t total, double elapsed_seconds,
                          progress_unit unit, std::string_view item_name, std::size_t width) {
  const std::string suffix = unit == progress_unit::items && !item_name.empty() ? " " + std::string(item_name) : "";
  std::string counts = amount(static_cast<double>(done), unit);
  if (total > 0) counts += "/" + amount(static_cast<double>(total), unit);
  counts += suffix;
  std::string rate, left;
  if (elapsed_seconds > 0 && done > 0) {
    const double per_second = static_cast<double>(done) / elapsed_seconds;
    rate = amount(per_second, unit) + suffix + "/s";
    if (total > done) left = "còn " + clock_text(static_cast<double>(total - done) / per_second);
  }
  std::string tail = counts;
  if (!rate.empty()) tail += "  " + rate;
  if (!left.empty()) tail += "  " + left;
  std::string line(label);
  if (total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const std::string percent = std::to_string(static_cast<int>(fraction * 100)) + "%";
    // 20 cells when the line fits (a steady bar: not resized as the counts grow), else 10.
    const std::size_t text = display_width(line) + 4 + percent.size() + 2 + display_width(tail);
    const std::size_t cells = width >= text + 20 ? 20 : 10;
    const auto full = static_cast<std::size_t>(fraction * static_cast<double>(cells));
    line += "  [";
    for (std::size_t i = 0; i < cells; ++i) line += i < full ? "█" : "░";
    line += "]  " + percent;
  }
  line += "  " + tail;
  return line;
}

progress_bar::progress_bar(std::string label, progress_unit unit, std::string item_name)
    : label_(std::move(label)), item_name_(std::move(item_name)), unit_(unit),
      enabled_(!quiet() && isatty(STDERR_FILENO) == 1), start_(clock::now()), last_draw_(start_) {}

progress_bar::~progress_bar() { finish(); }

void progress_bar::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  const auto now = clock::now();
  // Nothing for short work; then at most ten redraws a second.
  if (now - start_ < std::chrono::milliseconds(500)) return;
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && done != total) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::cerr << "\r\033[K" << progress_line(label_, done, total, elapsed, unit_, item_name_, terminal_width() - 1)
            << std::flush;
  drawn_ = true;
}

void progress_bar::finish() {
  if (!drawn_) return;
  std::cerr << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace thidua::cli
