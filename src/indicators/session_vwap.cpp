#include "indicators/session_vwap.h"

#include "util/error.h"

namespace tapelab::indicators {

void SessionVwap::update(double price, double volume) {
  if (volume < 0) fail("VWAP volume must not be negative, not {}", volume);
  notional_ += price * volume;
  volume_ += volume;
}

std::optional<double> SessionVwap::value() const {
  if (volume_ <= 0) return std::nullopt;
  return notional_ / volume_;
}

}  // namespace tapelab::indicators
