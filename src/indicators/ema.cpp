#include "indicators/ema.h"

#include "util/error.h"

namespace tapelab::indicators {

Ema::Ema(int n) : period_(n), alpha_(2.0 / (n + 1.0)) {
  if (n < 1) fail("EMA period must be at least 1, not {}", n);
}

void Ema::update(double x) {
  value_ = samples_ == 0 ? x : value_ + alpha_ * (x - value_);
  ++samples_;
}

std::optional<double> Ema::value() const {
  if (samples_ == 0) return std::nullopt;
  return value_;
}

}  // namespace tapelab::indicators
