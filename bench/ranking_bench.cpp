// bench/ranking_bench.cpp: reading and ranking score sheets at province and country scale.
//
//   Province: 30,000 subjects × 40 criteria in ~600 emulation blocks (a Sở GD&ĐT ranking
//             every school and staff unit it oversees).
//   Country:  2,000,000 subjects × 50 criteria in ~700 blocks (every teacher of the country
//             on one sheet), run once per case.
//
// Each case reports rows/s; parsing also reports bytes/s, and every case reports the
// process's peak resident memory so far (VmHWM, in bytes, shown in binary units) as
// `peak_rss`. Data are generated once per size by bench/generate.cpp (deterministic),
// outside the timed region; a country case frees its input when it is done.
//
//   ./build/bin/thidua_bench --benchmark_filter=Province
//   ./build/bin/thidua_bench --benchmark_filter=Country --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "generate.hpp"
#include "thidua/engine.hpp"
#include "thidua/error.hpp"
#include "thidua/io.hpp"
#include "thidua/pipeline.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

struct size_spec {
  const char* name;
  std::size_t subjects;
  std::size_t criteria;
  std::size_t blocks;
};

constexpr size_spec province{"Province", 30'000, 40, 600};
constexpr size_spec country{"Country", 2'000'000, 50, 700};
constexpr std::uint64_t seed = 0x2024'2025ULL;

/// Generated inputs of one size, built on first use and kept for the next cases.
struct dataset {
  thidua::scheme scheme;
  std::unique_ptr<const std::string> csv;
  std::unique_ptr<const thidua::sheet> sheet;
};

dataset& data(const size_spec& z) {
  static std::map<std::string, std::unique_ptr<dataset>> cache;
  auto& d = cache[z.name];
  if (!d) {
    d = std::make_unique<dataset>();
    d->scheme = thidua::bench::make_scheme(z.criteria);
  }
  return *d;
}

const std::string& csv_of(const size_spec& z) {
  auto& d = data(z);
  if (!d.csv)
    d.csv = std::make_unique<const std::string>(
        thidua::bench::make_wide_csv(d.scheme, z.subjects, z.blocks, seed));
  return *d.csv;
}

const thidua::sheet& sheet_of(const size_spec& z) {
  auto& d = data(z);
  if (!d.sheet)
    d.sheet = std::make_unique<const thidua::sheet>(
        thidua::bench::make_sheet(d.scheme, z.subjects, z.blocks, seed));
  return *d.sheet;
}

/// Peak resident set size of the process in bytes (VmHWM), or 0 when unknown.
double peak_rss_bytes() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  double kib = 0;
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, "VmHWM:", 6) == 0) {
      kib = std::strtod(line + 6, nullptr);
      break;
    }
  }
  std::fclose(f);
  return kib * 1024.0;
}

void report(benchmark::State& state, const size_spec& z) {
  state.counters["rows"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(z.subjects), benchmark::Counter::kIsRate);
  state.counters["peak_rss"] =
      benchmark::Counter(peak_rss_bytes(), benchmark::Counter::kDefaults, benchmark::Counter::kIs1024);
}

/// (a) Reading the wide CSV: lexing, UTF-8 and NFC checks, decimal parsing, validation
/// against the scheme, building the sheet.
void BM_ParseWide(benchmark::State& state, const size_spec& z, bool release_after) {
  const auto& d = data(z);
  const std::string& csv = csv_of(z);
  for (auto _ : state) {
    thidua::diagnostics diag;
    std::optional<thidua::sheet> sh = thidua::parse_sheet(d.scheme, csv, "bench.csv", diag);
    if (!sh || sh->size() != z.subjects) {
      const std::string msg = diag.items().empty() ? std::string("parse_sheet failed")
                                                   : diag.items().front().to_string();
      state.SkipWithError(msg.c_str());
      break;
    }
    benchmark::DoNotOptimize(sh->values(sh->size() - 1).data());
    state.PauseTiming();
    sh.reset();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(csv.size()));
  report(state, z);
  // The country text is large: free it once its case is done (it is rebuilt if needed).
  if (release_after) data(z).csv.reset();
}

/// (b) Scoring, classifying and ranking an in-memory sheet.
void BM_Rank(benchmark::State& state, const size_spec& z, bool release_after) {
  const auto& d = data(z);
  const thidua::sheet& sh = sheet_of(z);
  for (auto _ : state) {
    std::optional<thidua::ranking> r;
    try {
      r.emplace(thidua::rank(d.scheme, sh));
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      break;
    }
    benchmark::DoNotOptimize(r->display_order().data());
    state.PauseTiming();
    r.reset();
    state.ResumeTiming();
  }
  report(state, z);
  if (release_after) data(z).sheet.reset();
}

/// Resets the process's peak RSS (VmHWM) to its current RSS (Linux: clear_refs = 5), so a
/// case can report the peak of its own work rather than of the data generation before it.
void reset_peak_rss() {
  std::ofstream clear("/proc/self/clear_refs");
  if (clear) clear << "5";
}

/// (c) End to end, as `thidua rank` runs: the CSV file on disk is streamed in pieces
/// (read_sheet_chunks), each piece scored and dropped (ranking_builder), then ranked.
/// peak_rss is what this costs above the process's resident size before the case.
void BM_RankFile(benchmark::State& state, const size_spec& z) {
  const auto& d = data(z);
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("thidua-bench-" + std::to_string(::getpid()) + ".csv");
  std::size_t bytes = 0;
  {
    const std::string& csv = csv_of(z);
    bytes = csv.size();
    std::ofstream(file, std::ios::binary).write(csv.data(), static_cast<std::streamsize>(csv.size()));
    data(z).csv.reset();
    data(z).sheet.reset();
  }
  reset_peak_rss();
  const double before = peak_rss_bytes();
  for (auto _ : state) {
    thidua::diagnostics diag;
    auto r = thidua::rank_file(d.scheme, file, diag);
    if (!r || r->size() != z.subjects) {
      state.SkipWithError(diag.items().empty() ? "rank_file failed" : diag.items().front().to_string().c_str());
      break;
    }
    benchmark::DoNotOptimize(r->display_order().data());
  }
  std::filesystem::remove(file);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
  report(state, z);
  state.counters["peak_rss_above_start"] =
      benchmark::Counter(peak_rss_bytes() - before, benchmark::Counter::kDefaults, benchmark::Counter::kIs1024);
}

// Names: BM_ParseWide/Province, BM_Rank/Province, BM_ParseWide/Country, BM_Rank/Country.
BENCHMARK_CAPTURE(BM_ParseWide, Province, province, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Rank, Province, province, false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_ParseWide, Country, country, true)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Rank, Country, country, true)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_CAPTURE(BM_RankFile, Province, province)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_RankFile, Country, country)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
