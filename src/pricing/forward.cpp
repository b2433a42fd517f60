#include "pricing/forward.h"

#include <cmath>

#include "util/error.h"

namespace tapelab::pricing {

double forward_from_parity(double strike, double call_premium, double put_premium, double years, double rate) {
  if (!(std::isfinite(strike) && strike > 0)) fail("strike must be a positive number, got {}", strike);
  if (!(std::isfinite(call_premium) && call_premium >= 0)) fail("call premium must be >= 0, got {}", call_premium);
  if (!(std::isfinite(put_premium) && put_premium >= 0)) fail("put premium must be >= 0, got {}", put_premium);
  if (!(std::isfinite(years) && years >= 0)) fail("time to expiry must be a number >= 0, got {}", years);
  if (!std::isfinite(rate)) fail("rate must be a finite number, got {}", rate);
  const double forward = strike + (call_premium - put_premium) * std::exp(rate * years);
  if (!(forward > 0)) {
    fail("put-call parity at strike {} (call {}, put {}) gives a forward of {}, not a positive price", strike,
         call_premium, put_premium, forward);
  }
  return forward;
}

double forward_from_futures(double futures_price, double futures_years, double option_years, double rate) {
  if (!(std::isfinite(futures_price) && futures_price > 0)) {
    fail("futures price must be a positive number, got {}", futures_price);
  }
  if (!(std::isfinite(futures_years) && futures_years >= 0)) {
    fail("futures time to expiry must be a number >= 0, got {}", futures_years);
  }
  if (!(std::isfinite(option_years) && option_years >= 0)) {
    fail("option time to expiry must be a number >= 0, got {}", option_years);
  }
  if (!std::isfinite(rate)) fail("rate must be a finite number, got {}", rate);
  return futures_price * std::exp(rate * (option_years - futures_years));
}

}  // namespace tapelab::pricing
