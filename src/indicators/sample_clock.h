// The times of a series' samples as the time-window indicators see them:
// they must not go backwards, and a window is "full" once the feed reaches
// back across it.
#pragma once

#include <cstdint>
#include <optional>

#include "util/error.h"

namespace tapelab::indicators {

// Checks that a window length is usable (>= 1 second); returns it.
inline std::int64_t checked_window(std::int64_t seconds) {
  if (seconds < 1) fail("a time window must last at least 1 second, not {}", seconds);
  return seconds;
}

class SampleClock {
 public:
  // Records a sample's time; throws Error when it is before the previous one.
  void advance(std::int64_t time) {
    if (first_ && time < last_) fail("samples went back in time ({} after {})", time, last_);
    if (!first_) first_ = time;
    last_ = time;
  }
  std::int64_t last() const { return last_; }
  // The feed began at or before last - window + 1: a window of `window`
  // seconds ending at the latest sample holds that much history.
  bool covers(std::int64_t window) const { return first_ && *first_ <= last_ - window + 1; }

 private:
  std::optional<std::int64_t> first_;
  std::int64_t last_ = 0;
};

}  // namespace tapelab::indicators
