// Internal: the Vietnamese words the writers print, in one place.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/awards.hpp"
#include "thidua/engine.hpp"

namespace thidua::detail {

inline constexpr std::string_view label_block = "Khối thi đua";
inline constexpr std::string_view label_rank = "Hạng";
inline constexpr std::string_view label_id = "Mã";
inline constexpr std::string_view label_name = "Tên";
inline constexpr std::string_view label_bonus = "Thưởng";
inline constexpr std::string_view label_deduction = "Trừ";
inline constexpr std::string_view label_total = "Tổng điểm";
inline constexpr std::string_view label_class = "Xếp loại";
inline constexpr std::string_view label_self = "Tự chấm";
inline constexpr std::string_view label_difference = "Chênh lệch";
inline constexpr std::string_view label_notes = "Ghi chú";
inline constexpr std::string_view label_excluded = "Không đủ điều kiện xếp loại";
inline constexpr std::string_view label_units = "đơn vị";
inline constexpr std::string_view label_titles = "Danh hiệu";

/// A family's name short enough for a column header: the text before the first comma or
/// parenthesis ("Công tác dân vận, thực hiện quy chế dân chủ" → "Công tác dân vận").
std::string short_family_name(const family& f);

/// "Name (id)" of a class, a family (short name), a veto or a criterion (id only: its name
/// is on its own line of the explanation).
std::string class_text(const scheme& s, std::size_t k);
std::string family_text(const scheme& s, std::size_t f);
std::string veto_text(const scheme& s, std::size_t v);

/// A ranking key in Vietnamese with its id: "tổng điểm (total)", "Công tác dân vận
/// (family:dan_van)", "CM3 (criterion:CM3)".
std::string key_label(const scheme& s, const ranking_key& k);

/// The class label of row i, or the exclusion label.
std::string class_label(const ranking& r, std::size_t i);

/// The notes of row i: vetoes that applied, missing values counted as 0, capped
/// bonus/deduction. Empty when there is nothing to say.
std::string notes(const ranking& r, std::size_t i);

/// The ids of the titles a subject holds, space-separated in scheme order ("" for none).
std::string title_ids(const awards& a, subject_kind k, std::size_t i);

/// "≤ 15% số đạt LDTT mỗi đơn vị (làm tròn xuống)": a title's quota in words.
std::string quota_text(const title_quota& q);

/// One line of the titles summary: the proposal list's head (titles_writer), the workbook's
/// titles sheet and the report's titles table say the same thing the same way.
struct title_summary {
  std::size_t title = 0;              ///< index into scheme().titles
  std::size_t holders = 0, paid = 0;  ///< holders, and the holders paid for this title
  std::int64_t total = 0;             ///< đồng paid for it
  std::string reward;                 ///< "0,3 × lương cơ sở = 702.000 đ", or "—"
  std::string quota;                  ///< quota_text with its use ("…: đề nghị 223/534 người …"), or "—"
};
/// The titles in force, in scheme order (lib/writers/titles_writer.cpp).
std::vector<title_summary> title_summaries(const awards& a);

/// 2340000 → "2.340.000": money and counts with the Vietnamese thousands separator.
std::string money(std::int64_t v);
/// 0.3 → "0,3": a decimal as Vietnamese readers write it (shortest form, decimal comma).
std::string vn_decimal(decimal d);

}  // namespace thidua::detail
