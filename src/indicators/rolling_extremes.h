// Highest and lowest value of a series over the last W seconds.
#pragma once

#include <cstdint>
#include <optional>

#include "indicators/sample_clock.h"
#include "indicators/sample_queue.h"

namespace tapelab::indicators {

// After the update with the sample of second t, high(), low() and range()
// cover the samples with time in (t - W, t]: W = 60 fed every second means
// the 60 samples t-59 ... t. full() says the feed began at or before t - W + 1,
// so the window holds W seconds of history (a caller waits for it before
// calling a 60 s range "tight"). Monotonic queues: O(1) amortized per update.
class RollingExtremes {
 public:
  explicit RollingExtremes(std::int64_t window_seconds);  // >= 1, else throws Error

  // Times must not go backwards (throws Error).
  void update(std::int64_t time, double x);
  std::optional<double> high() const;
  std::optional<double> low() const;
  std::optional<double> range() const;  // high - low
  bool full() const;

 private:
  struct Sample {
    std::int64_t time;
    double value;
  };

  std::int64_t window_;
  SampleQueue<Sample> highs_;  // values strictly decreasing from the front
  SampleQueue<Sample> lows_;   // values strictly increasing from the front
  SampleClock clock_;
};

}  // namespace tapelab::indicators
