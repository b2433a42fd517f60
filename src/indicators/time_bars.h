// OHLC bars of a fixed length (1 minute, 5 minutes, ...) built from
// per-second samples, each visible only once it has closed.
#pragma once

#include <cstdint>
#include <optional>

#include "indicators/sample_clock.h"

namespace tapelab::indicators {

struct Bar {
  std::int64_t start = 0;  // first second of the bar (a multiple of its length)
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;       // sum of the samples' volumes
  std::int64_t samples = 0;
};

// Bar k holds the samples with time in [k x length, (k+1) x length) seconds
// (times are whole seconds on any clock whose origin is a multiple of the
// length, e.g. seconds after midnight or since the epoch: 09:15:00 starts a
// 1-minute and a 5-minute bar). A bar closes when the first sample of a later
// bar arrives: fed every second, the 09:15 5-minute bar (samples
// 09:15:00-09:19:59) becomes last_closed() with the sample of 09:20:00. A bar
// without samples (a gap in the feed) does not exist; the next closed bar is
// the next one that had samples.
class TimeBars {
 public:
  explicit TimeBars(std::int64_t length_seconds);  // >= 1, else throws Error

  // Times must not go backwards (throws Error). Returns true when this
  // sample closed a bar (last_closed() changed).
  bool update(std::int64_t time, double price, double volume = 0);
  // The newest closed bar; nullopt before the first bar closes.
  const std::optional<Bar>& last_closed() const { return closed_; }
  std::int64_t closed_count() const { return closed_count_; }
  std::int64_t length() const { return length_; }

 private:
  std::int64_t length_;
  std::optional<Bar> forming_;
  std::optional<Bar> closed_;
  std::int64_t closed_count_ = 0;
  SampleClock clock_;
};

}  // namespace tapelab::indicators
