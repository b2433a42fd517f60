// Implied volatility: the vol at which the model reprices a given premium.
//
// Never a silent number: a premium that no volatility can produce (at or below
// the discounted intrinsic value, at or above the no-arbitrage upper bound), an
// expired option, or a solution where the price barely moves with the vol
// (vega below kMinVega, so the premium does not pin the vol down) give a status
// with the reason and no vol. A solved vol reprices the premium within 1e-6 and
// is exact to ~1e-8 where vega > 1e-4 (docs/engine-rules.md#iv-solve).
#pragma once

#include <string_view>

#include "pricing/black.h"

namespace tapelab::pricing {

enum class IvStatus {
  kSolved,
  kExpired,              // no time to expiry left
  kAtOrBelowIntrinsic,   // premium <= discounted intrinsic value: no time value to explain
  kAtOrAboveUpperBound,  // premium >= discounted forward (call) or strike (put)
  kNegligibleVega,       // a vol exists but vega < kMinVega: the premium does not determine it
  kNotConverged,         // the solver could not reprice within kRepriceTolerance (should not happen)
};
std::string_view to_string(IvStatus);  // "solved", "expired", "at_or_below_intrinsic", ...
std::string_view describe(IvStatus);   // a sentence for people: "the price is at or below ..."

inline constexpr double kMinVega = 1e-4;           // per 1.00 of vol
inline constexpr double kRepriceTolerance = 1e-6;  // absolute, in price units

struct ImpliedVol {
  IvStatus status = IvStatus::kNotConverged;
  double vol = 0;  // NaN unless solved
  bool solved() const { return status == IvStatus::kSolved; }
};

// Throws Error for inputs that describe no option (see black.h) or a premium
// that is not a finite number; a negative premium is simply below intrinsic.
ImpliedVol implied_vol(const OptionInputs& option, double premium);

}  // namespace tapelab::pricing
