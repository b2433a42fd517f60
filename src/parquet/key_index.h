// An insert-only hash index from a dictionary key to its position in the
// dictionary, for the writer's dictionary encoding.
//
// Every value of every dictionary-encoded column is looked up once (twice
// when the writer first decides whether a dictionary pays), so the lookup is
// the writer's hottest loop. std::unordered_map allocates a node per entry
// and chases a pointer per probe; this table is one flat array probed
// linearly, kept at most half full.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace tapelab::parquet {

template <typename Key>
class KeyIndex {
 public:
  // The position stored for `key`, or `position` after inserting it; second
  // is true when it was inserted.
  std::pair<std::uint32_t, bool> find_or_insert(const Key& key, std::uint32_t position) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.position == kEmpty) {
        s = Slot{key, position};
        ++size_;
        return {position, true};
      }
      if (s.key == key) return {s.position, false};
    }
  }

  void clear() {
    slots_.clear();
    size_ = 0;
  }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    Key key{};
    std::uint32_t position = kEmpty;
  };

  static std::size_t hash(const Key& key) {
    if constexpr (std::is_integral_v<Key>) {
      // MurmurHash3's finalizer: every key bit reaches the low bits the
      // table uses. Doubles' bit patterns differ in their HIGH bits (round
      // prices end in zero bits), so a plain multiply would collide them.
      std::uint64_t h = static_cast<std::uint64_t>(key);
      h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCDULL;
      h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53ULL;
      return static_cast<std::size_t>(h ^ (h >> 33));
    } else {
      return std::hash<Key>{}(key);
    }
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.position == kEmpty) continue;
      std::size_t i = hash(s.key) & mask;
      while (slots_[i].position != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace tapelab::parquet
