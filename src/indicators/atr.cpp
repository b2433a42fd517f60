#include "indicators/atr.h"

#include <algorithm>
#include <cmath>

namespace tapelab::indicators {

Atr::Atr(std::size_t n) : ranges_(n) {}

void Atr::update(double high, double low, double close) {
  double range = high - low;
  if (previous_close_) {
    range = std::max({range, std::abs(high - *previous_close_), std::abs(low - *previous_close_)});
  }
  ranges_.update(range);
  previous_close_ = close;
}

std::optional<double> Atr::value() const {
  if (!ranges_.full()) return std::nullopt;
  return ranges_.mean();
}

std::optional<Bands> keltner(const RollingStats& closes, const Atr& atr, double k) {
  const std::optional<double> range = atr.value();
  if (!closes.full() || !range) return std::nullopt;
  const double middle = *closes.mean();
  return Bands{middle - k * *range, middle, middle + k * *range};
}

}  // namespace tapelab::indicators
