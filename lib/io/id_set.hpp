// The subject ids a reader has seen, with the line each was first seen on, for the
// duplicate check of a wide sheet (lib/io/csv_reader.cpp).
//
// Built for a country: 2,000,000 ids without one allocation per id. The ids are copied into
// one arena (a 4-byte line, a 1-byte length or 0xFF and a 4-byte length, then the bytes),
// so the set does not depend on the input staying in memory; the table is open addressing
// with linear probing over 8-byte slots, each an arena offset and 24 bits of the hash (most
// probes that miss never touch the arena). About id length + 16 bytes per id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace thidua::detail {

class id_set {
 public:
  /// Makes room for `ids` ids taking `bytes` of text in all.
  void reserve(std::size_t ids, std::size_t bytes) {
    arena_.reserve(bytes + ids * 5);
    const std::size_t capacity = ids + ids * 3 / 7 + 16;  // at most 70 % full
    if (capacity > slots_.size()) rehash(capacity);
  }

  std::size_t size() const noexcept { return size_; }

  /// Adds `id` seen on `line` (>= 1); returns 0 if it is new, else the line it was first
  /// seen on.
  std::uint32_t insert(std::string_view id, std::uint32_t line) {
    if ((size_ + 1) * 10 > slots_.size() * 7) rehash(slots_.empty() ? 64 : slots_.size() * 2);
    const std::uint64_t h = std::hash<std::string_view>{}(id);
    const std::uint64_t tag = (h & tag_mask) << offset_bits;
    const std::size_t capacity = slots_.size();
    for (std::size_t i = home(h, capacity);; i = i + 1 == capacity ? 0 : i + 1) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = tag | (append(id, line) + 1);
        ++size_;
        return 0;
      }
      if ((slot & ~offset_mask) == tag) {
        const auto e = entry((slot & offset_mask) - 1);
        if (e.id == id) return e.line;
      }
    }
  }

  /// A point to come back to with truncate().
  std::size_t mark() const noexcept { return arena_.size(); }

  /// Forgets the ids added since `mark()` returned `point`.
  void truncate(std::size_t point) {
    if (point >= arena_.size()) return;
    arena_.resize(point);
    const std::size_t capacity = slots_.size();
    std::fill(slots_.begin(), slots_.end(), 0);
    size_ = 0;
    for (std::size_t offset = 0; offset < arena_.size();) {
      const auto e = entry(offset);
      place(std::hash<std::string_view>{}(e.id), offset, capacity);
      ++size_;
      offset = static_cast<std::size_t>(e.id.data() + e.id.size() - arena_.data());
    }
  }

 private:
  static constexpr int offset_bits = 40;
  static constexpr std::uint64_t offset_mask = (std::uint64_t{1} << offset_bits) - 1;
  static constexpr std::uint64_t tag_mask = (std::uint64_t{1} << (64 - offset_bits)) - 1;

  struct entry_view {
    std::string_view id;
    std::uint32_t line;
  };

  /// Slot where a hash starts probing: its high 32 bits scaled to the capacity.
  static std::size_t home(std::uint64_t h, std::size_t capacity) noexcept {
    return static_cast<std::size_t>(((h >> 32) * capacity) >> 32);
  }

  entry_view entry(std::size_t offset) const noexcept {
    const char* p = arena_.data() + offset;
    std::uint32_t line = 0, length = 0;
    std::memcpy(&line, p, 4);
    length = static_cast<unsigned char>(p[4]);
    p += 5;
    if (length == 0xFF) {
      std::memcpy(&length, p, 4);
      p += 4;
    }
    return {std::string_view(p, length), line};
  }

  std::uint64_t append(std::string_view id, std::uint32_t line) {
    const std::size_t offset = arena_.size();
    if (offset + id.size() + 9 > offset_mask) throw std::length_error("too many subject ids");
    const std::size_t header = id.size() < 0xFF ? 5 : 9;
    arena_.resize(offset + header + id.size());
    char* p = arena_.data() + offset;
    std::memcpy(p, &line, 4);
    if (header == 5) {
      p[4] = static_cast<char>(id.size());
    } else {
      p[4] = static_cast<char>(0xFF);
      const auto length = static_cast<std::uint32_t>(id.size());
      std::memcpy(p + 5, &length, 4);
    }
    std::memcpy(p + header, id.data(), id.size());
    return offset;
  }

  void place(std::uint64_t h, std::size_t offset, std::size_t capacity) {
    std::size_t i = home(h, capacity);
    while (slots_[i] != 0) i = i + 1 == capacity ? 0 : i + 1;
    slots_[i] = ((h & tag_mask) << offset_bits) | (offset + 1);
  }

  void rehash(std::size_t capacity) {
    if (capacity > (std::size_t{1} << 32)) throw std::length_error("too many subject ids");
    std::vector<std::uint64_t> old(capacity, 0);
    old.swap(slots_);
    for (const auto slot : old) {
      if (slot == 0) continue;
      const std::size_t offset = (slot & offset_mask) - 1;
      place(std::hash<std::string_view>{}(entry(offset).id), offset, capacity);
    }
  }

  std::vector<char> arena_;
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace thidua::detail
