// A progress bar on standard error for long work (country-scale ranking, SMAA, big imports):
//
//   Xếp hạng  [███████████░░░░░░░░░]  56%  1,1 GB/2,0 GB  310 MB/s  còn 0:03
//
// Shown only when standard error is a terminal and --quiet was not given, and only once the
// work has lasted half a second (short runs print nothing); redrawn at most ten times a
// second; the line is cleared when the work ends, so the output after it stays clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace thidua::cli {

/// `--quiet` anywhere on the command line (main.cpp takes it out before dispatch).
bool quiet() noexcept;
void set_quiet(bool on) noexcept;

/// What a count is: rows or samples, or bytes (shown as kB/MB/GB).
enum class progress_unit { items, bytes };

/// One line of the bar for `done` of `total` (total 0: not known, no bar and no time left)
/// after `elapsed_seconds`, at most `width` columns. Pure, for tests.
std::string progress_line(std::string_view label, std::uint64_t done, std::uint64_t total, double elapsed_seconds,
                          progress_unit unit, std::string_view item_name, std::size_t width);

class progress_bar {
 public:
  /// `item_name` names what is counted for progress_unit::items ("mẫu", "dòng").
  progress_bar(std::string label, progress_unit unit, std::string item_name = {});
  progress_bar(const progress_bar&) = delete;
  progress_bar& operator=(const progress_bar&) = delete;
  ~progress_bar();

  /// Records progress; redraws when shown and due. Cheap when not shown.
  void update(std::uint64_t done, std::uint64_t total);
  /// Clears the line (if drawn). Called by the destructor too.
  void finish();
  /// True when this bar may draw (a terminal, not --quiet).
  bool enabled() const noexcept { return enabled_; }
  /// The library's progress callback for this bar (rank_file's bytes, SMAA's samples), or an
  /// empty one when the bar may not draw, so the library skips the calls. The bar must
  /// outlive the work.
  std::function<void(std::uint64_t done, std::uint64_t total)> hook() {
    if (!enabled_) return {};
    return [this](std::uint64_t done, std::uint64_t total) { update(done, total); };
  }

 private:
  using clock = std::chrono::steady_clock;
  std::string label_, item_name_;
  progress_unit unit_;
  bool enabled_ = false, drawn_ = false;
  clock::time_point start_, last_draw_;
};

}  // namespace thidua::cli
