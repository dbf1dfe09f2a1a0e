// Internal: the words people type in spreadsheet cells for yes, no, not applicable, and for
// who scored a row, in Vietnamese with or without diacritics and in English. Shared by the
// score-sheet reader and the members reader so both accept the same spellings.
#pragma once

#include <string_view>

namespace thidua::detail {

enum class cell_word { other, yes, no, not_applicable };

/// Classifies a non-empty, trimmed cell (any case, NFC or NFD): 1/x/có/yes/đạt are yes,
/// 0/không/no/không đạt/chưa đạt are no, N/A/NA/KAD/không áp dụng are not applicable.
cell_word classify_cell_word(std::string_view text);

/// Whether an assessor cell, already case-folded (fold_case), names a self-score (tự chấm,
/// self, tự đánh giá) or a review (hội đồng, review, council, cấp trên).
bool names_self_assessor(std::string_view folded);
bool names_review_assessor(std::string_view folded);

}  // namespace thidua::detail
