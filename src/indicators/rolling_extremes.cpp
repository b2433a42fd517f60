#include "indicators/rolling_extremes.h"

namespace tapelab::indicators {

RollingExtremes::RollingExtremes(std::int64_t window_seconds) : window_(checked_window(window_seconds)) {}

void RollingExtremes::update(std::int64_t time, double x) {
  clock_.advance(time);
  while (!highs_.empty() && highs_.back().value <= x) highs_.pop_back();
  highs_.push_back({time, x});
  while (!lows_.empty() && lows_.back().value >= x) lows_.pop_back();
  lows_.push_back({time, x});
  const std::int64_t oldest = time - window_ + 1;
  while (highs_.front().time < oldest) highs_.pop_front();
  while (lows_.front().time < oldest) lows_.pop_front();
}

std::optional<double> RollingExtremes::high() const {
  if (highs_.empty()) return std::nullopt;
  return highs_.front().value;
}

std::optional<double> RollingExtremes::low() const {
  if (lows_.empty()) return std::nullopt;
  return lows_.front().value;
}

std::optional<double> RollingExtremes::range() const {
  if (highs_.empty()) return std::nullopt;
  return highs_.front().value - lows_.front().value;
}

bool RollingExtremes::full() const { return clock_.covers(window_); }

}  // namespace tapelab::indicators
