// bench/generate.hpp: deterministic synthetic schemes and score sheets, for the benchmarks
// and for property tests.
//
// Everything is drawn from a fixed-seed splitmix64 stream with integer arithmetic only, so
// the same arguments give byte-identical output on every platform and compiler. Each row
// has its own stream (derived from the seed and the row number), so rows do not depend on
// the rows before them.
//
// Example:
//   auto s   = thidua::bench::make_scheme(40);                     // finalized
//   auto csv = thidua::bench::make_wide_csv(s, 30'000, 600, 42);   // a valid wide CSV
//   auto sh  = thidua::bench::make_sheet(s, 30'000, 600, 42);      // the same data in memory
//   // thidua::parse_sheet(s, csv) holds the same subjects, values, flags and lines as sh.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "thidua/scheme.hpp"
#include "thidua/scores.hpp"

namespace thidua::bench {

/// A school scheme with `criteria` criteria (at least 2): about 70 % in family `chuyen_mon`
/// (weight 70, ids CM1, CM2, ...) and 30 % in `dan_van` (weight 30, ids DV1, ...), mixing
/// assessor points (steps 0.25 and 0.5), percent with tiers, percent linear (lower is
/// better), yes/no and counts with tiers. Bonus max 5, deduction max 10, vetoes `ky_luat`
/// (cap at hoan_thanh) and `vi_pham_nghiem_trong` (exclude), classes xuat_sac ≥ 90 with
/// dan_van ≥ 24, tot ≥ 70, hoan_thanh ≥ 50, khong_hoan_thanh ≥ 0; ranking by class, total,
/// family:dan_van, criterion:CM1, id. Finalized with thidua::finalize_scheme.
thidua::scheme make_scheme(std::size_t criteria);

/// A wide CSV score sheet for `s`: header `id,name,group,<criterion ids>`, then `bonus` and
/// `deduction` when the scheme has caps for them, then one `flag:NAME` per veto. Subjects
/// are S0000001, S0000002, ... with Vietnamese school names, spread over `blocks` groups
/// "Khối 001", "Khối 002", ... (at least 1). Values respect each criterion (maximum, step,
/// 0..100 for percent, whole counts, 1/0 for yes/no); about 0.1 % of the cells are N/A.
/// LF line ends, no BOM, no quoting needed.
std::string make_wide_csv(const thidua::scheme& s, std::size_t subjects, std::size_t blocks,
                          std::uint64_t seed);

/// The same subjects and values as make_wide_csv with the same arguments, built directly in
/// memory (flags registered in veto order, source lines as in the CSV: row i on line i + 2).
thidua::sheet make_sheet(const thidua::scheme& s, std::size_t subjects, std::size_t blocks,
                         std::uint64_t seed);

}  // namespace thidua::bench
