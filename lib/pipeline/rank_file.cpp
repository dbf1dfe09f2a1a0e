// rank_file: read_sheet_chunks → ranking_builder. No piece outlives its scoring.
#include "thidua/pipeline.hpp"

namespace thidua {

std::optional<ranking> rank_file(const scheme& s, const std::filesystem::path& scores, diagnostics& out,
                                 const rank_file_options& options) {
  ranking_builder builder(s, options.ranking);
  const bool ok = read_sheet_chunks(s, scores, out, options.reading, options.chunk_rows,
                                    [&builder](sheet&& piece) { builder.add(piece); });
  if (!ok) return std::nullopt;
  return std::move(builder).finish(options.ranking);
}

ranking rank_file(const scheme& s, const std::filesystem::path& scores, const rank_file_options& options) {
  diagnostics problems;
  auto r = rank_file(s, scores, problems, options);
  if (!r) throw input_error(std::move(problems));
  return std::move(*r);
}

}  // namespace thidua
