// Realized volatility of a price series from its log returns.
#pragma once

#include <cstddef>
#include <optional>

#include "indicators/rolling_stats.h"

namespace tapelab::indicators {

// Over the last n log returns r_i = ln(x_i / x_{i-1}) between consecutive
// samples (e.g. the closes of 5-minute bars), value() = sqrt(mean of r_i^2):
// the per-sample volatility with zero mean, the usual convention for intraday
// realized volatility. annualized(p) scales it by sqrt(p) for p samples a
// year (5-minute bars: 75 a session x 252 sessions = 18900).
class RealizedVolatility {
 public:
  explicit RealizedVolatility(std::size_t n);  // n >= 1, else throws Error

  // x must be > 0 (throws Error).
  void update(double x);
  std::size_t returns() const { return returns_.count(); }  // in the window, <= n
  bool full() const { return returns_.full(); }
  // nullopt before the first return (the second sample).
  std::optional<double> value() const;
  std::optional<double> annualized(double samples_per_year) const;

 private:
  RollingStats returns_;  // fed the log returns; its mean_square() is the mean of r^2
  std::optional<double> previous_;
};

}  // namespace tapelab::indicators
