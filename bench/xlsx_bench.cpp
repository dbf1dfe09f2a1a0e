// bench/xlsx_bench.cpp: the council's workbook (write_xlsx) at province and country scale.
//
//   Province:        30,000 subjects × 40 criteria in 600 blocks (more than 250 blocks: every
//                    block on one "Xếp hạng" sheet with a block column, docs/xlsx-output.md).
//   Province60:      the same subjects in 60 blocks: one sheet per block.
//   ProvincePoints:  Province60 with the criterion points kept (40 more columns per row).
//   Country:         2,000,000 subjects × 50 criteria in one block, run once: the rows stream
//                    in constant_memory mode onto two sheets (Excel's row limit).
//
// The ranking is built once per case outside the timed region; the timed region writes the
// whole workbook into memory (a discarded stream would not measure the copy). Reports
// rows/s as items_per_second, the workbook's size and the process's peak resident memory.
//
//   ./build-rel/bin/thidua_bench --benchmark_filter=Xlsx
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "generate.hpp"
#include "thidua/engine.hpp"
#include "thidua/report.hpp"

namespace {

struct xlsx_size {
  const char* name;
  std::size_t subjects;
  std::size_t criteria;
  std::size_t blocks;
  bool keep_points;
};

constexpr xlsx_size province{"Province", 30'000, 40, 600, false};
constexpr xlsx_size province60{"Province60", 30'000, 40, 60, false};
constexpr xlsx_size province_points{"ProvincePoints", 30'000, 40, 60, true};
constexpr xlsx_size country{"Country", 2'000'000, 50, 1, false};
constexpr std::uint64_t seed = 0x2024'2025ULL;

double peak_rss_bytes() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  double kib = 0;
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "VmHWM:", 6) == 0) {
      kib = std::strtod(line + 6, nullptr);
      break;
    }
  std::fclose(f);
  return kib * 1024.0;
}

void BM_WriteXlsx(benchmark::State& state, const xlsx_size& z) {
  const thidua::scheme s = thidua::bench::make_scheme(z.criteria);
  std::optional<thidua::ranking> r;
  {
    const thidua::sheet sh = thidua::bench::make_sheet(s, z.subjects, z.blocks, seed);
    r.emplace(thidua::rank(s, sh, {.keep_criterion_points = z.keep_points}));
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::ostringstream out(std::ios::binary);
    try {
      thidua::write_xlsx(out, *r);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      break;
    }
    bytes = out.str().size();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(z.subjects));
  state.counters["xlsx_bytes"] =
      benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kDefaults, benchmark::Counter::kIs1024);
  state.counters["peak_rss"] =
      benchmark::Counter(peak_rss_bytes(), benchmark::Counter::kDefaults, benchmark::Counter::kIs1024);
}

}  // namespace

BENCHMARK_CAPTURE(BM_WriteXlsx, Province, province)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_WriteXlsx, Province60, province60)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_WriteXlsx, ProvincePoints, province_points)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_WriteXlsx, Country, country)->Unit(benchmark::kMillisecond)->Iterations(1);
