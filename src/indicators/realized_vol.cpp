#include "indicators/realized_vol.h"

#include <algorithm>
#include <cmath>

#include "util/error.h"

namespace tapelab::indicators {

RealizedVolatility::RealizedVolatility(std::size_t n) : returns_(n) {}

void RealizedVolatility::update(double x) {
  if (!(x > 0)) fail("realized volatility needs positive prices, not {}", x);
  if (previous_) returns_.update(std::log(x / *previous_));
  previous_ = x;
}

std::optional<double> RealizedVolatility::value() const {
  const std::optional<double> mean_square = returns_.mean_square();
  if (!mean_square) return std::nullopt;
  return std::sqrt(std::max(0.0, *mean_square));
}

std::optional<double> RealizedVolatility::annualized(double samples_per_year) const {
  const std::optional<double> v = value();
  if (!v) return std::nullopt;
  return *v * std::sqrt(samples_per_year);
}

}  // namespace tapelab::indicators
