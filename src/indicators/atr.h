// Average true range of bars, and Keltner channels built on it.
#pragma once

#include <cstddef>
#include <optional>

#include "indicators/rolling_stats.h"

namespace tapelab::indicators {

// ATR over n bars: the simple mean of the last n true ranges, where a bar's
// true range is max(high - low, |high - previous close|, |low - previous
// close|) and the first bar's is high - low. (A simple mean, as the common
// TTM-squeeze formulation uses, rather than Wilder's smoothing.) Feeding a
// per-second series as one-sample bars (high = low = close) makes the true
// range the absolute change from the previous second.
class Atr {
 public:
  explicit Atr(std::size_t n);  // n >= 1, else throws Error

  void update(double high, double low, double close);
  // nullopt until n bars have been fed.
  std::optional<double> value() const;

 private:
  RollingStats ranges_;
  std::optional<double> previous_close_;
};

// Keltner channel: the simple mean of the closes -+ k x ATR; nullopt until
// both have n bars. `closes` and `atr` must be fed the same bars.
std::optional<Bands> keltner(const RollingStats& closes, const Atr& atr, double k);

}  // namespace tapelab::indicators
