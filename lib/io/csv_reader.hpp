// Internal knobs of the CSV reader (lib/io/csv_reader.cpp), for tests and benchmarks.
#pragma once

#include <cstddef>

namespace thidua::detail {

/// When a wide sheet is read on several threads: files whose data rows (after the header)
/// take at least `min_bytes`, on `threads` threads (0: one per hardware thread, at most 16;
/// 1: never). The result is identical either way; only the time differs.
struct csv_parallelism {
  std::size_t min_bytes = std::size_t{4} << 20;
  unsigned threads = 0;
};

/// The process-wide settings. Not synchronised: change them only while no sheet is read.
csv_parallelism& csv_parallel_settings() noexcept;

}  // namespace thidua::detail
