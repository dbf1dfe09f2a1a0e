#include <stdexcept>

#include "thidua/scores.hpp"

namespace thidua {

sheet::text_ref sheet::store(std::string_view s) {
  text_ref r{arena_.size(), static_cast<std::uint32_t>(s.size())};
  arena_.append(s);
  return r;
}

std::size_t sheet::flag_index(std::string_view name) {
  const auto found = find_flag(name);
  if (found >= 0) return static_cast<std::size_t>(found);
  if (flag_names_.size() >= 64) throw std::length_error("a sheet holds at most 64 flags");
  flag_names_.emplace_back(name);
  return flag_names_.size() - 1;
}

std::ptrdiff_t sheet::find_flag(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < flag_names_.size(); ++i)
    if (flag_names_[i] == name) return static_cast<std::ptrdiff_t>(i);
  return -1;
}

void sheet::reserve(std::size_t subjects, std::size_t text_bytes) {
  ids_.reserve(subjects);
  names_.reserve(subjects);
  group_of_.reserve(subjects);
  values_.reserve(subjects * criteria_);
  bonus_.reserve(subjects);
  deduction_.reserve(subjects);
  flags_.reserve(subjects);
  lines_.reserve(subjects);
  arena_.reserve(text_bytes);
}

std::size_t sheet::add_subject(const subject_label& label, std::span<const value_type> values,
                               decimal bonus, decimal deduction, std::uint64_t flags,
                               std::uint32_t source_line) {
  if (values.size() != criteria_ && !(values.empty() && criteria_ == 0))
    throw std::invalid_argument("sheet::add_subject: wrong number of values");
  id_lookup_.reset();  // views into the arena may move
  ids_.push_back(store(label.id));
  names_.push_back(store(label.name));
  auto [it, inserted] = group_lookup_.try_emplace(std::string(label.group),
                                                  static_cast<std::uint32_t>(groups_.size()));
  if (inserted) groups_.emplace_back(label.group);
  group_of_.push_back(it->second);
  values_.insert(values_.end(), values.begin(), values.end());
  bonus_.push_back(bonus.units());
  deduction_.push_back(deduction.units());
  flags_.push_back(flags);
  lines_.push_back(source_line);
  return ids_.size() - 1;
}

sheet sheet::labels_only() const {
  sheet s;
  s.criteria_ = 0;
  s.arena_ = arena_;
  s.ids_ = ids_;
  s.names_ = names_;
  s.group_of_ = group_of_;
  s.groups_ = groups_;
  s.group_lookup_ = group_lookup_;
  s.bonus_ = bonus_;
  s.deduction_ = deduction_;
  s.flags_ = flags_;
  s.lines_ = lines_;
  s.flag_names_ = flag_names_;
  s.file = file;
  return s;
}

void sheet::append_labels(const sheet& other) {
  if (criteria_ != 0) throw std::logic_error("sheet::append_labels: not a labels-only sheet");
  if (flag_names_.empty() && ids_.empty()) flag_names_ = other.flag_names_;
  if (flag_names_ != other.flag_names_) throw std::invalid_argument("sheet::append_labels: different flags");
  id_lookup_.reset();
  const std::uint64_t shift = arena_.size();
  arena_ += other.arena_;
  for (const text_ref& r : other.ids_) ids_.push_back({r.offset + shift, r.length});
  for (const text_ref& r : other.names_) names_.push_back({r.offset + shift, r.length});
  std::vector<std::uint32_t> remap(other.groups_.size());
  for (std::size_t g = 0; g < other.groups_.size(); ++g) {
    auto [it, inserted] = group_lookup_.try_emplace(other.groups_[g], static_cast<std::uint32_t>(groups_.size()));
    if (inserted) groups_.push_back(other.groups_[g]);
    remap[g] = it->second;
  }
  for (std::uint32_t g : other.group_of_) group_of_.push_back(remap[g]);
  bonus_.insert(bonus_.end(), other.bonus_.begin(), other.bonus_.end());
  deduction_.insert(deduction_.end(), other.deduction_.begin(), other.deduction_.end());
  flags_.insert(flags_.end(), other.flags_.begin(), other.flags_.end());
  lines_.insert(lines_.end(), other.lines_.begin(), other.lines_.end());
  if (file.empty()) file = other.file;
}

std::ptrdiff_t sheet::find(std::string_view id) const {
  if (!id_lookup_.built.load(std::memory_order_acquire)) {
    const std::lock_guard lock(id_lookup_.building);
    if (!id_lookup_.built.load(std::memory_order_relaxed)) {
      id_lookup_.map.reserve(ids_.size());
      for (std::size_t i = 0; i < ids_.size(); ++i) id_lookup_.map.try_emplace(text(ids_[i]), i);
      id_lookup_.built.store(true, std::memory_order_release);
    }
  }
  const auto it = id_lookup_.map.find(id);
  return it == id_lookup_.map.end() ? -1 : static_cast<std::ptrdiff_t>(it->second);
}

}  // namespace thidua
