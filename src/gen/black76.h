// Black-76: European options on a forward, the standard model for index
// options priced off the futures.
#pragma once

#include <cmath>

namespace tapelab::gen {

inline double normal_cdf(double x) { return 0.5 * std::erfc(-x * 0.7071067811865476); }

// Premium of a call (or put) with forward `f`, strike `k`, volatility `vol`,
// `t` years to expiry and discount factor `discount`. At t <= 0 the intrinsic value.
inline double black76(bool call, double f, double k, double vol, double t, double discount) {
  if (t <= 0 || vol <= 0) return discount * std::fmax(call ? f - k : k - f, 0.0);
  const double sd = vol * std::sqrt(t);
  const double d1 = (std::log(f / k) + 0.5 * sd * sd) / sd;
  const double d2 = d1 - sd;
  return call ? discount * (f * normal_cdf(d1) - k * normal_cdf(d2))
              : discount * (k * normal_cdf(-d2) - f * normal_cdf(-d1));
}

}  // namespace tapelab::gen
