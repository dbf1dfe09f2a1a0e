// bench/titles_bench.cpp: titles (danh hiệu) at province and country scale.
//
//   Province: 600 schools (40 criteria) and 30,000 staff (10 criteria, 50 per school), three
//             earlier years of history.
//   Country:  40,000 schools and 2,000,000 staff, the same rules.
//
// The rules are the national ones of the sample preset: LĐTT (class, discipline, absence),
// CSTĐCS (LĐTT and excellence or an initiative, at most 15% of LĐTT per school, by total),
// CSTĐ cấp tỉnh (a three-year streak), TTLĐTT and TTLĐXS (shares and counts over the
// members). Cases report subjects/s (schools + staff). Inputs are generated outside the timed
// region by bench/generate.cpp.
//
//   ./build/bin/thidua_bench --benchmark_filter=Titles
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

#include "generate.hpp"
#include "thidua/awards.hpp"
#include "thidua/engine.hpp"
#include "thidua/history.hpp"
#include "thidua/organisation.hpp"

namespace {

struct titles_size {
  const char* name;
  std::size_t units, members, blocks;
};
constexpr titles_size province{"Province", 600, 30'000, 20};
constexpr titles_size country{"Country", 40'000, 2'000'000, 700};

thidua::title_condition cond(const char* text) { return {text, {}}; }

// The unit scheme with its individual scheme and the five titles.
thidua::scheme titles_scheme() {
  thidua::scheme s = thidua::bench::make_scheme(40);
  thidua::scheme m = thidua::bench::make_scheme(10);
  m.id = "ca-nhan";
  m.subject = "member";
  thidua::finalize_scheme(m);
  s.member_scheme = std::make_shared<const thidua::scheme>(std::move(m));
  s.year = 2025;
  s.base_salary = 2'340'000;
  using thidua::title_subject;
  thidua::title_rule ldtt;
  ldtt.id = "LDTT";
  ldtt.all = {cond("class >= tot"), cond("not flag:ky_luat"), cond("days_absent < 40")};
  ldtt.reward = thidua::points("0.3");
  thidua::title_rule cstdcs;
  cstdcs.id = "CSTDCS";
  cstdcs.all = {cond("title:LDTT")};
  cstdcs.any = {cond("class = xuat_sac"), cond("flag:sang_kien")};
  cstdcs.quota = thidua::title_quota{thidua::points("0.15"), "title:LDTT", thidua::title_quota::scope::unit,
                                     thidua::rounding::down, {}, {}};
  cstdcs.reward = thidua::points("1");
  thidua::title_rule tinh;
  tinh.id = "CSTD_TINH";
  tinh.all = {cond("streak(title:CSTDCS, 3)")};
  tinh.reward = thidua::points("3");
  thidua::title_rule ttldtt;
  ttldtt.id = "TTLDTT";
  ttldtt.subject = title_subject::unit;
  ttldtt.all = {cond("class >= tot"), cond("share(members, title:LDTT) > 0.5"), cond("none(members, flag:ky_luat)")};
  ttldtt.reward = thidua::points("0.8");
  thidua::title_rule ttldxs;
  ttldxs.id = "TTLDXS";
  ttldxs.subject = title_subject::unit;
  ttldxs.all = {cond("class = xuat_sac"), cond("share(members, class >= hoan_thanh) = 1"),
                cond("share(members, title:LDTT) >= 0.7"), cond("count(members, title:CSTDCS) >= 1")};
  ttldxs.reward = thidua::points("1.5");
  s.titles = {ldtt, cstdcs, tinh, ttldtt, ttldxs};
  thidua::finalize_scheme(s);
  return s;
}

struct titles_data {
  thidua::scheme scheme;
  std::unique_ptr<thidua::ranking> units, people;
  std::unique_ptr<thidua::members> staff;
  std::unique_ptr<thidua::sheet> member_scores;
  std::unique_ptr<thidua::history> past;
};

titles_data& data(const titles_size& z) {
  static std::map<std::string, std::unique_ptr<titles_data>> cache;
  auto& d = cache[z.name];
  if (d) return *d;
  d = std::make_unique<titles_data>();
  d->scheme = titles_scheme();
  const thidua::sheet unit_sheet = thidua::bench::make_sheet(d->scheme, z.units, z.blocks, 2025);
  d->units = std::make_unique<thidua::ranking>(thidua::rank(d->scheme, unit_sheet));
  d->member_scores = std::make_unique<thidua::sheet>(
      thidua::bench::make_sheet(*d->scheme.member_scheme, z.members, z.units, 2026));
  d->staff = std::make_unique<thidua::members>(std::vector<std::string>{"sang_kien"},
                                               std::vector<std::string>{"days_absent"});
  d->past = std::make_unique<thidua::history>();
  for (std::size_t i = 0; i < z.members; ++i) {
    thidua::member_record m;
    m.id = std::string(d->member_scores->id(i));
    m.unit = std::string(unit_sheet.id(i % z.units));
    m.flags = i % 8 == 0 ? 1U : 0U;                                       // 12.5% with an initiative
    m.fields = {thidua::decimal::from_int(static_cast<std::int64_t>(i % 43))};  // a few absent 40+ days
    d->staff->add(std::move(m));
    for (int year = 2022; year <= 2024; ++year)
      if ((i + static_cast<std::size_t>(year)) % 5 != 0)
        d->past->add({year, std::string(d->member_scores->id(i)), (i % 4 == 0) ? "CSTDCS" : "LDTT", "", false, "", 0});
  }
  return *d;
}

void BM_RankMembers(benchmark::State& state, const titles_size& z) {
  auto& d = data(z);
  for (auto _ : state) {
    auto r = thidua::rank_members(d.scheme, *d.staff, *d.member_scores);
    benchmark::DoNotOptimize(r.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * z.members));
}

void BM_AwardTitles(benchmark::State& state, const titles_size& z) {
  auto& d = data(z);
  if (!d.people)
    d.people = std::make_unique<thidua::ranking>(thidua::rank_members(d.scheme, *d.staff, *d.member_scores));
  std::size_t held = 0;
  for (auto _ : state) {
    const auto a = thidua::award_titles(
        d.scheme, {.subjects = d.units.get(), .members = d.people.get(), .staff = d.staff.get(), .past = d.past.get()});
    held = a.holders(0).size();
    benchmark::DoNotOptimize(held);
  }
  state.counters["LDTT"] = static_cast<double>(held);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * (z.members + z.units)));
}

BENCHMARK_CAPTURE(BM_RankMembers, Province, province)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_AwardTitles, Province, province)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_RankMembers, Country, country)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_CAPTURE(BM_AwardTitles, Country, country)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
