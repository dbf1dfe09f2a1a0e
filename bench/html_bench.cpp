// bench/html_bench.cpp: writing the HTML report (write_html) at province scale.
//
//   Schools: the 600 schools of a province × 40 criteria in 20 blocks of 30, with
//            self-scores and every audit section (influence, sensitivity, SMAA with 1,000
//            samples): the report a Sở GD&ĐT prints;
//   Staff:   30,000 subjects in 600 blocks, the ranking sections only (no audit): the size
//            to check that writing stays linear in the number of subjects.
//
// Only write_html is timed (into a string stream): ranking and audits are computed once
// before, from bench/generate.cpp's deterministic data. Reports subjects/s (`subjects`) and
// the size of the page (`bytes`, bytes per iteration).
//
//   ./build/bin/thidua_bench --benchmark_filter=Html
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "generate.hpp"
#include "thidua/audit/influence.hpp"
#include "thidua/audit/sensitivity.hpp"
#include "thidua/audit/smaa.hpp"
#include "thidua/engine.hpp"
#include "thidua/report.hpp"

namespace {

struct html_size {
  const char* name;
  std::size_t subjects, blocks;
  bool audits;
};
constexpr html_size schools{"Schools", 600, 20, true};
constexpr html_size staff{"Staff", 30'000, 600, false};
constexpr std::uint64_t seed = 0x2024'2025ULL;

struct html_data {
  thidua::scheme scheme;
  std::optional<thidua::sheet> review, self;
  std::optional<thidua::ranking> ranking;
  std::optional<thidua::audit::influence_report> influence;
  std::optional<thidua::audit::sensitivity_report> sensitivity;
  std::optional<thidua::audit::smaa_report> smaa;
};

const html_data& data(const html_size& z) {
  static std::map<std::string, std::unique_ptr<html_data>> cache;
  auto& d = cache[z.name];
  if (!d) {
    d = std::make_unique<html_data>();
    d->scheme = thidua::bench::make_scheme(40);
    d->review = thidua::bench::make_sheet(d->scheme, z.subjects, z.blocks, seed);
    // Same subjects (ids follow the row number), other values: the self-scores.
    d->self = thidua::bench::make_sheet(d->scheme, z.subjects, z.blocks, seed + 1);
    thidua::rank_options options;
    options.self_scores = &*d->self;
    d->ranking = thidua::rank(d->scheme, *d->review, options);
    if (z.audits) {
      d->influence = thidua::audit::audit_influence(d->scheme, *d->review);
      d->sensitivity = thidua::audit::audit_sensitivity(d->scheme, *d->review);
      thidua::audit::smaa_options o;
      o.samples = 1'000;
      d->smaa = thidua::audit::audit_smaa(d->scheme, *d->review, o);
    }
  }
  return *d;
}

void BM_HtmlReport(benchmark::State& state, const html_size& z) {
  const auto& d = data(z);
  thidua::report_audits audits;
  if (d.influence) audits.influence = &*d.influence;
  if (d.sensitivity) audits.sensitivity = &*d.sensitivity;
  if (d.smaa) audits.smaa = &*d.smaa;
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::ostringstream out;
    thidua::write_html(out, *d.ranking, nullptr, audits);
    bytes = out.view().size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["subjects"] = benchmark::Counter(static_cast<double>(z.subjects) * static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
  state.counters["bytes"] = benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kDefaults,
                                               benchmark::Counter::kIs1024);
}

}  // namespace

BENCHMARK_CAPTURE(BM_HtmlReport, Schools, schools)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_HtmlReport, Staff, staff)->Unit(benchmark::kMillisecond)->UseRealTime();
