#include "indicators/rolling_stats.h"

#include <algorithm>
#include <cmath>

#include "util/error.h"

namespace tapelab::indicators {

RollingStats::RollingStats(std::size_t n) : window_(n) {
  if (n < 1) fail("a rolling window needs at least 1 sample");
}

void RollingStats::update(double x) {
  if (count_ == 0) shift_ = x;
  if (full()) {
    const double old = window_[next_] - shift_;
    sum_ -= old;
    sum_sq_ -= old * old;
  } else {
    ++count_;
  }
  window_[next_] = x;
  sum_ += x - shift_;
  sum_sq_ += (x - shift_) * (x - shift_);
  next_ = (next_ + 1) % window_.size();
  if (next_ == 0) rebase();
}

void RollingStats::rebase() {
  double total = 0;
  for (std::size_t i = 0; i < count_; ++i) total += window_[i];
  shift_ = total / static_cast<double>(count_);
  sum_ = 0;
  sum_sq_ = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    sum_ += window_[i] - shift_;
    sum_sq_ += (window_[i] - shift_) * (window_[i] - shift_);
  }
}

std::optional<double> RollingStats::mean() const {
  if (count_ == 0) return std::nullopt;
  return shift_ + sum_ / static_cast<double>(count_);
}

std::optional<double> RollingStats::stddev() const {
  if (count_ == 0) return std::nullopt;
  const double n = static_cast<double>(count_);
  const double centred = sum_ / n;
  return std::sqrt(std::max(0.0, sum_sq_ / n - centred * centred));
}

std::optional<double> RollingStats::mean_square() const {
  if (count_ == 0) return std::nullopt;
  const double n = static_cast<double>(count_);
  // E[x^2] = E[(x - s)^2] + 2 s E[x - s] + s^2
  return sum_sq_ / n + 2 * shift_ * (sum_ / n) + shift_ * shift_;
}

std::optional<Bands> bollinger(const RollingStats& stats, double k) {
  if (!stats.full()) return std::nullopt;
  const double middle = *stats.mean();
  const double width = k * *stats.stddev();
  return Bands{middle - width, middle, middle + width};
}

}  // namespace tapelab::indicators
