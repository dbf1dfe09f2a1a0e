// bench/audit_bench.cpp: the weight audits at province scale.
//
//   SMAA, schools: 10,000 weight samples × 600 schools × 40 criteria (20 blocks of 30);
//   SMAA, staff:   10,000 samples × 30,000 subjects × 40 criteria (600 blocks of 50);
//   Sensitivity:   every criterion and family weight (42) of the 30,000-subject province, and
//                  of the 600 schools.
//
// SMAA reports samples × ranked subjects per second (`subject_samples`), the one figure that
// compares runs of different sizes; each case runs once (real time: the work is spread over
// the threads) and includes scoring, ranking and building the decision matrix (a few ms).
// `threads`: 0 = every core, 1 = one. Inputs come from bench/generate.cpp (deterministic) and
// are built outside the timed region.
//
//   ./build/bin/thidua_bench --benchmark_filter=Audit
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

#include "generate.hpp"
#include "thidua/audit/sensitivity.hpp"
#include "thidua/audit/smaa.hpp"

namespace {

struct audit_size {
  const char* name;
  std::size_t subjects, blocks;
};
constexpr audit_size schools{"Schools", 600, 20};
constexpr audit_size staff{"Staff", 30'000, 600};
constexpr std::uint64_t seed = 0x2024'2025ULL;

struct audit_data {
  thidua::scheme scheme;
  thidua::sheet sheet;
};

const audit_data& data(const audit_size& z) {
  static std::map<std::string, std::unique_ptr<audit_data>> cache;
  auto& d = cache[z.name];
  if (!d) {
    d = std::make_unique<audit_data>();
    d->scheme = thidua::bench::make_scheme(40);
    d->sheet = thidua::bench::make_sheet(d->scheme, z.subjects, z.blocks, seed);
  }
  return *d;
}

void smaa(benchmark::State& state, const audit_size& z) {
  const auto& d = data(z);
  thidua::audit::smaa_options o;
  o.samples = 10'000;
  o.seed = 42;
  o.threads = static_cast<unsigned>(state.range(0));
  std::size_t ranked = 0;
  for (auto _ : state) {
    const auto r = thidua::audit::audit_smaa(d.scheme, d.sheet, o);
    ranked = 0;
    for (const auto& s : r.subjects) ranked += s.excluded ? 0 : 1;
    benchmark::DoNotOptimize(r.subjects.data());
  }
  state.counters["subject_samples"] = benchmark::Counter(
      static_cast<double>(o.samples) * static_cast<double>(ranked) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
  state.counters["samples"] = benchmark::Counter(static_cast<double>(o.samples) * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}

void sensitivity(benchmark::State& state, const audit_size& z) {
  const auto& d = data(z);
  thidua::audit::sensitivity_options o;
  o.threads = static_cast<unsigned>(state.range(0));
  std::size_t weights = 0;
  for (auto _ : state) {
    const auto r = thidua::audit::audit_sensitivity(d.scheme, d.sheet, o);
    weights = r.weights.size();
    benchmark::DoNotOptimize(r.weights.data());
  }
  state.counters["weights"] = benchmark::Counter(static_cast<double>(weights) * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}

void BM_AuditSmaaSchools(benchmark::State& state) { smaa(state, schools); }
void BM_AuditSmaaStaff(benchmark::State& state) { smaa(state, staff); }
void BM_AuditSensitivitySchools(benchmark::State& state) { sensitivity(state, schools); }
void BM_AuditSensitivityProvince(benchmark::State& state) { sensitivity(state, staff); }

BENCHMARK(BM_AuditSmaaSchools)->Arg(0)->Arg(1)->ArgName("threads")->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AuditSmaaStaff)->Arg(0)->Arg(1)->ArgName("threads")->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AuditSensitivitySchools)->Arg(0)->ArgName("threads")->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AuditSensitivityProvince)->Arg(0)->Arg(1)->ArgName("threads")->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
