// Sum and per-second average of a quantity (traded volume) over the last W
// seconds.
#pragma once

#include <cstdint>
#include <optional>

#include "indicators/sample_clock.h"
#include "indicators/sample_queue.h"

namespace tapelab::indicators {

// After the update with second t, sum() covers the amounts fed with time in
// (t - W, t], and per_second() = sum() / W, defined once full() (the feed
// began at or before t - W + 1). "Volume above 2x its 5-minute average"
// reads per_second() of a 300 s window before the current second is fed, so
// the average is of the 300 seconds before it. O(1) amortized per update.
class WindowSum {
 public:
  explicit WindowSum(std::int64_t window_seconds);  // >= 1, else throws Error

  // Times must not go backwards (throws Error); several amounts may share a second.
  void update(std::int64_t time, double amount);
  double sum() const { return sum_; }
  bool full() const;
  // nullopt until full().
  std::optional<double> per_second() const;

 private:
  struct Amount {
    std::int64_t time;
    double value;
  };

  std::int64_t window_;
  SampleQueue<Amount> amounts_;
  double sum_ = 0;
  SampleClock clock_;
};

}  // namespace tapelab::indicators
