// Change of a series over the last N seconds.
#pragma once

#include <cstdint>
#include <optional>

#include "indicators/sample_clock.h"
#include "indicators/sample_queue.h"

namespace tapelab::indicators {

// After the update with the sample of second t, value() = that sample minus
// the newest sample with time <= t - N (the value the series showed N seconds
// ago); nullopt while no sample is that old. O(1) amortized per update.
class Velocity {
 public:
  explicit Velocity(std::int64_t seconds);  // >= 1, else throws Error

  // Times must not go backwards (throws Error).
  void update(std::int64_t time, double x);
  std::optional<double> value() const;

 private:
  struct Sample {
    std::int64_t time;
    double value;
  };

  std::int64_t seconds_;
  SampleClock clock_;
  SampleQueue<Sample> samples_;  // the front is the newest sample at or before t - N once one exists
};

}  // namespace tapelab::indicators
