// Volume-weighted average price since the session open.
#pragma once

#include <optional>

namespace tapelab::indicators {

// VWAP = sum(price x volume) / sum(volume) over every sample fed since the
// object was made (one per day: make it at the open). Each sample is a price
// and the volume traded at it since the previous sample (for an option: its
// last row's price and the second's vol_delta). Samples with zero volume do
// not move it; nullopt until some volume has traded.
class SessionVwap {
 public:
  // Negative volume throws Error.
  void update(double price, double volume);
  std::optional<double> value() const;
  double volume() const { return volume_; }

 private:
  double notional_ = 0;
  double volume_ = 0;
};

}  // namespace tapelab::indicators
