// Earlier years in memory (include/thidua/history.hpp): year cells and the `history` index
// the awards stage reads (held, revoked, streaks, classes).
#include <algorithm>
#include <stdexcept>
#include <utility>

#include "thidua/history.hpp"

namespace thidua {
namespace {

constexpr int first_year = 1900, last_year = 2999;

std::string_view trim_spaces(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Four ASCII digits in 1900..2999, or -1.
int four_digit_year(std::string_view s) noexcept {
  if (s.size() != 4) return -1;
  int y = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return -1;
    y = y * 10 + (c - '0');
  }
  return y >= first_year && y <= last_year ? y : -1;
}

// Keys of the two indexes: each text is prefixed with its length, so no id or title (even
// one holding a NUL) can make two different keys equal.
void append_part(std::string& k, std::string_view part) {
  k += std::to_string(part.size());
  k.push_back(':');
  k.append(part);
}

std::string title_key(std::string_view id, std::string_view title, int year) {
  std::string k;
  k.reserve(id.size() + title.size() + 16);
  append_part(k, id);
  append_part(k, title);
  k += std::to_string(year);
  return k;
}

std::string class_key(std::string_view id, int year) {
  std::string k;
  k.reserve(id.size() + 12);
  append_part(k, id);
  k += std::to_string(year);
  return k;
}

}  // namespace

std::optional<int> parse_year(std::string_view text) noexcept {
  text = trim_spaces(text);
  if (const int y = four_digit_year(text); y > 0) return y;
  // A school year: YYYY, a hyphen or an en dash (U+2013, E2 80 93), YYYY; spaces around the dash.
  if (text.size() < 9) return std::nullopt;
  const std::string_view start = text.substr(0, 4);
  std::string_view rest = trim_spaces(text.substr(4));
  constexpr std::string_view en_dash = "\xE2\x80\x93";
  if (rest.starts_with('-')) rest.remove_prefix(1);
  else if (rest.starts_with(en_dash)) rest.remove_prefix(en_dash.size());
  else return std::nullopt;
  rest = trim_spaces(rest);
  const int a = four_digit_year(start), b = four_digit_year(rest);
  if (a < 0 || b < 0 || b != a + 1) return std::nullopt;
  return b;
}

void history::add(history_entry entry) {
  if (entry.id.empty()) throw std::invalid_argument("thidua::history::add: empty subject id");
  if (entry.title.empty() && entry.class_id.empty())
    throw std::invalid_argument("thidua::history::add: entry for " + entry.id + " in " + std::to_string(entry.year) +
                                " has neither a title nor a class");
  const std::string ck = class_key(entry.id, entry.year);
  const std::string incoming_class = entry.class_id;
  const std::string id = entry.id;
  const int year = entry.year;
  const auto class_at = by_class_.find(ck);
  const std::string previous_class =
      class_at == by_class_.end() ? std::string() : entries_[class_at->second].class_id;

  std::size_t index = 0;
  if (!entry.title.empty()) {
    const std::string tk = title_key(entry.id, entry.title, entry.year);
    if (const auto it = by_title_.find(tk); it != by_title_.end()) {
      history_entry& old = entries_[it->second];
      // A revocation is never undone by a later entry that does not revoke.
      if (old.revoked && !entry.revoked) {
        entry.revoked = true;
        entry.reason = old.reason;
      }
      // A title-only entry does not erase the class recorded with the old one.
      if (entry.class_id.empty()) entry.class_id = old.class_id;
      old = std::move(entry);
      index = it->second;
    } else {
      index = entries_.size();
      by_title_.emplace(tk, index);
      entries_.push_back(std::move(entry));
    }
  } else if (class_at != by_class_.end()) {
    // Only a class, and one is already recorded for (id, year): the new class replaces it
    // (below), no new entry.
    index = class_at->second;
  } else {
    index = entries_.size();
    entries_.push_back(std::move(entry));
  }

  if (incoming_class.empty()) return;
  if (class_at == by_class_.end()) {
    by_class_.emplace(ck, index);
    return;
  }
  if (incoming_class == previous_class) return;
  // The class of (id, year) changed: every entry of that year that carries a class agrees.
  entries_[index].class_id = incoming_class;
  for (auto& other : entries_)
    if (other.year == year && !other.class_id.empty() && other.id == id) other.class_id = incoming_class;
}

bool history::held(std::string_view id, std::string_view title, int year) const {
  const auto it = by_title_.find(title_key(id, title, year));
  return it != by_title_.end() && !entries_[it->second].revoked;
}

bool history::revoked(std::string_view id, std::string_view title, int year) const {
  const auto it = by_title_.find(title_key(id, title, year));
  return it != by_title_.end() && entries_[it->second].revoked;
}

int history::streak_before(std::string_view id, std::string_view title, int year) const {
  int n = 0;
  for (int y = year - 1; y >= first_year && held(id, title, y); --y) ++n;
  return n;
}

std::string_view history::class_in(std::string_view id, int year) const {
  const auto it = by_class_.find(class_key(id, year));
  return it == by_class_.end() ? std::string_view() : std::string_view(entries_[it->second].class_id);
}

std::vector<int> history::years() const {
  std::vector<int> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(e.year);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace thidua
