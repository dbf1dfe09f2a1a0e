// thidua/pipeline.hpp: the whole year-end ranking from files, streamed.
//
// rank_file reads the score sheet piece by piece (read_sheet_chunks), scores each piece as it
// arrives (ranking_builder) and ranks at the end, so a country-size sheet (2,000,000 subjects
// × 50 criteria) is never held whole: memory is the results and labels, not the values.
// The result is identical to rank(s, load_sheet(s, file)).
//
// Example:
//   auto scheme = thidua::load_scheme("truong-hoc.toml");
//   auto r = thidua::rank_file(scheme, "diem-hoi-dong.csv");
//   thidua::write_table(std::cout, r);
#pragma once

#include <filesystem>
#include <optional>

#include "thidua/engine.hpp"
#include "thidua/io.hpp"

namespace thidua {

struct rank_file_options {
  rank_options ranking;               ///< e.g. self-scores to compare with
  sheet_options reading;              ///< which assessor's rows of a long file
  std::size_t chunk_rows = 65536;     ///< subjects per piece
};

/// Every problem in the file goes to `out`; std::nullopt when there was any.
std::optional<ranking> rank_file(const scheme& s, const std::filesystem::path& scores, diagnostics& out,
                                 const rank_file_options& options = {});
/// Same, throwing input_error with every problem.
ranking rank_file(const scheme& s, const std::filesystem::path& scores, const rank_file_options& options = {});

}  // namespace thidua
