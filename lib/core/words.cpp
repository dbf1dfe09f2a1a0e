#include "core/words.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/text.hpp"

namespace thidua::detail {
namespace {

/// The accepted spellings, folded once (NFC + case folding) so that source encoding and
/// case cannot matter.
struct word_tables {
  std::vector<std::string> yes, no, not_applicable, self, review;
  word_tables() {
    auto fold_all = [](std::initializer_list<std::string_view> words) {
      std::vector<std::string> v;
      for (auto w : words) v.push_back(fold_case(w));
      return v;
    };
    yes = fold_all({"1", "x", "có", "co", "yes", "y", "true", "đạt", "dat"});
    no = fold_all({"0", "không", "khong", "no", "n", "false", "không đạt", "khong dat", "chưa đạt", "chua dat"});
    not_applicable = fold_all({"n/a", "na", "kad", "không áp dụng", "khong ap dung"});
    self = fold_all({"tự chấm", "tu_cham", "tu cham", "self", "tự đánh giá", "tu_danh_gia", "tu danh gia"});
    review = fold_all({"hội đồng", "hoi_dong", "hoi dong", "review", "council", "cấp trên", "cap_tren", "cap tren"});
  }
};

const word_tables& words() {
  static const word_tables tables;
  return tables;
}

bool contains(const std::vector<std::string>& list, std::string_view w) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

}  // namespace

cell_word classify_cell_word(std::string_view text) {
  if (text.size() > 40) return cell_word::other;  // no accepted word is that long
  const auto folded = fold_case(text);
  const auto& w = words();
  if (contains(w.yes, folded)) return cell_word::yes;
  if (contains(w.no, folded)) return cell_word::no;
  if (contains(w.not_applicable, folded)) return cell_word::not_applicable;
  return cell_word::other;
}

bool names_self_assessor(std::string_view folded) { return contains(words().self, folded); }
bool names_review_assessor(std::string_view folded) { return contains(words().review, folded); }

}  // namespace thidua::detail
