// A byte-bounded least-recently-used cache shared by the server's threads:
// decoded tables, day tapes and finished responses. Values are immutable and
// shared, so an entry evicted while a request still uses it lives until that
// request is done. Keys carry the content hash of what the value was made
// from, so a changed file is a new key and an old entry is never served.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace tapelab::server {

template <typename Value>
class LruCache {
 public:
  explicit LruCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

  std::shared_ptr<const Value> get(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->value;
  }

  // A value larger than the whole budget is not kept.
  void put(const std::string& key, std::shared_ptr<const Value> value, std::size_t bytes) {
    const std::lock_guard lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end()) erase(it->second);
    if (bytes > budget_) return;
    order_.push_front(Entry{key, std::move(value), bytes});
    index_[key] = order_.begin();
    used_ += bytes;
    while (used_ > budget_) erase(std::prev(order_.end()));
  }

  std::size_t used_bytes() const {
    const std::lock_guard lock(mutex_);
    return used_;
  }

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const Value> value;
    std::size_t bytes = 0;
  };
  using Iterator = typename std::list<Entry>::iterator;

  void erase(Iterator it) {
    used_ -= it->bytes;
    index_.erase(it->key);
    order_.erase(it);
  }

  std::size_t budget_;
  mutable std::mutex mutex_;
  std::list<Entry> order_;  // most recent first
  std::unordered_map<std::string, Iterator> index_;
  std::size_t used_ = 0;
};

}  // namespace tapelab::server
