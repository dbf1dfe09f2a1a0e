// bench/json_bench.cpp: the JSON contract of `thidua rank --format json` (and of the C API's
// thidua_result_json) at province and country scale, with the CSV writer beside it.
//
//   Province:  30,000 subjects × 40 criteria in 600 blocks, each result with its `why`
//              (explain from the kept criterion points: the class reason, the rank reason
//              against both neighbours, what the next class needs, criterion by criterion).
//   Country:   2,000,000 subjects × 50 criteria in one block, run once.
// JsonBrief and JsonNoWhy are `thidua rank --why brief` and `--why none`.
//
// The ranking is built once per case outside the timed region; the timed region writes the
// whole document into a sink that counts its bytes (the country's JSON, with a `why` per
// result, is about 16 GB: more than memory). Reports results/s as items_per_second and the
// document's size.
//
//   ./build/bin/thidua_bench --benchmark_filter=Json
#include <benchmark/benchmark.h>

#include <optional>
#include <ostream>
#include <streambuf>
#include <string_view>

#include "generate.hpp"
#include "thidua/engine.hpp"
#include "thidua/writers.hpp"

namespace {

struct json_size {
  std::size_t subjects;
  std::size_t criteria;
  std::size_t blocks;
};

constexpr json_size province{30'000, 40, 600};
constexpr json_size country{2'000'000, 50, 1};
constexpr std::uint64_t seed = 0x2024'2025ULL;

// Counts what is written and keeps nothing.
class counting_sink : public std::streambuf {
 public:
  std::size_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::size_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) ++bytes;
    return traits_type::not_eof(c);
  }
};

// why: "full" (the ranking keeps criterion points), "brief" or "none" (it does not), as
// `thidua rank --why`; ignored for CSV.
void write_document(benchmark::State& state, const json_size& z, thidua::output_format format,
                    std::string_view why = "full") {
  const thidua::scheme s = thidua::bench::make_scheme(z.criteria);
  std::optional<thidua::ranking> r;
  {
    const thidua::sheet sh = thidua::bench::make_sheet(s, z.subjects, z.blocks, seed);
    // As `thidua rank --format json`: the criterion points are kept for each result's `why`.
    r.emplace(thidua::rank(s, sh, {.keep_criterion_points = format == thidua::output_format::json && why == "full"}));
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    counting_sink sink;
    std::ostream out(&sink);
    if (format == thidua::output_format::json) thidua::write_json(out, *r, nullptr, {.why = why != "none"});
    else thidua::write_ranking(out, *r, format);
    bytes = sink.bytes;
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(z.subjects));
  state.counters["bytes"] =
      benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kDefaults, benchmark::Counter::kIs1024);
}

void BM_WriteJson(benchmark::State& state, const json_size& z) { write_document(state, z, thidua::output_format::json); }
void BM_WriteJsonBrief(benchmark::State& state, const json_size& z) {
  write_document(state, z, thidua::output_format::json, "brief");
}
void BM_WriteJsonNoWhy(benchmark::State& state, const json_size& z) {
  write_document(state, z, thidua::output_format::json, "none");
}
void BM_WriteCsv(benchmark::State& state, const json_size& z) { write_document(state, z, thidua::output_format::csv); }

}  // namespace

// Real time: the JSON writer renders on several threads.
BENCHMARK_CAPTURE(BM_WriteJson, Province, province)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_WriteJsonBrief, Province, province)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_WriteJsonNoWhy, Province, province)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_WriteCsv, Province, province)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_WriteJson, Country, country)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_WriteJsonNoWhy, Country, country)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK_CAPTURE(BM_WriteCsv, Country, country)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
