#include "pricing/implied_vol.h"

#include <cmath>
#include <limits>

#include "pricing/normal.h"
#include "util/error.h"

namespace tapelab::pricing {
namespace {

// The solver works on the standard deviation sd = vol * sqrt(T), on which the
// price depends alone. Past sd = 64, N(d2) underflows and the price is the
// upper bound to the last bit: a price not reached by then is at the bound.
constexpr double kMaxStdDev = 64;
// Bisection alone halves [0, 64] down to a relative 1e-16 in well under this.
constexpr int kMaxIterations = 200;
constexpr double kStepTolerance = 1e-15;  // relative change of sd that ends the search

ImpliedVol no_vol(IvStatus status) { return {status, std::numeric_limits<double>::quiet_NaN()}; }

}  // namespace

std::string_view to_string(IvStatus status) {
  switch (status) {
    case IvStatus::kSolved: return "solved";
    case IvStatus::kExpired: return "expired";
    case IvStatus::kAtOrBelowIntrinsic: return "at_or_below_intrinsic";
    case IvStatus::kAtOrAboveUpperBound: return "at_or_above_upper_bound";
    case IvStatus::kNegligibleVega: return "negligible_vega";
    case IvStatus::kNotConverged: return "not_converged";
  }
  return "unknown";
}

std::string_view describe(IvStatus status) {
  switch (status) {
    case IvStatus::kSolved: return "solved";
    case IvStatus::kExpired: return "the option has no time to expiry left";
    case IvStatus::kAtOrBelowIntrinsic: return "the price is at or below the discounted intrinsic value";
    case IvStatus::kAtOrAboveUpperBound:
      return "the price is at or above the no-arbitrage upper bound (discounted forward for a call, strike for a put)";
    case IvStatus::kNegligibleVega: return "vega is negligible there: the price does not determine the volatility";
    case IvStatus::kNotConverged: return "the solver did not converge";
  }
  return "unknown";
}

ImpliedVol implied_vol(const OptionInputs& o, double premium) {
  if (!std::isfinite(premium)) fail("the option price must be a finite number, got {}", premium);
  const ForwardTerms terms = forward_terms(o);
  if (o.years <= 0) return no_vol(IvStatus::kExpired);
  const double f = terms.forward;
  const double k = o.strike;
  const double discount = terms.discount;
  // Solve on the out-of-the-money twin for the time value alone, which keeps
  // the precision of small time values on deep in-the-money options (black.h).
  const OutOfTheMoney otm = out_of_the_money(o.type, f, k, discount);
  const double time_value = premium - otm.parity_value;
  const auto price_at = [&](double sd) { return black_formula(otm.type, f, k, discount, sd); };
  const auto slope_at = [&](double sd) {  // d price / d sd
    return discount * f * normal_pdf((std::log(f / k) + 0.5 * sd * sd) / sd);
  };

  if (time_value <= 0) return no_vol(IvStatus::kAtOrBelowIntrinsic);
  if (premium >= upper_bound(o)) return no_vol(IvStatus::kAtOrAboveUpperBound);

  // A bracket [lo, hi] with price(lo) < time value < price(hi); the price rises with sd.
  double lo = 0;
  double hi = 1;
  while (price_at(hi) <= time_value) {
    lo = hi;
    hi *= 2;
    if (hi > kMaxStdDev) return no_vol(IvStatus::kAtOrAboveUpperBound);
  }
  // Newton from the inflection point sqrt(2 |ln(F/K)|), where vega peaks, moves
  // monotonically to the root (Manaster and Koehler, 1982); a step leaving the
  // bracket (flat slope far in the wings) falls back to bisection.
  double sd = std::sqrt(2 * std::fabs(std::log(f / k)));
  if (!(sd > lo && sd < hi)) sd = 0.5 * (lo + hi);
  for (int i = 0; i < kMaxIterations; ++i) {
    const double diff = price_at(sd) - time_value;
    if (diff == 0) break;
    (diff < 0 ? lo : hi) = sd;
    double next = sd - diff / slope_at(sd);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // also catches NaN and infinity
    const bool done = std::fabs(next - sd) <= kStepTolerance * next;
    sd = next;
    if (done) break;
  }

  if (!(std::fabs(price_at(sd) - time_value) <= kRepriceTolerance)) return no_vol(IvStatus::kNotConverged);
  const double root_t = std::sqrt(o.years);
  if (slope_at(sd) * root_t < kMinVega) return no_vol(IvStatus::kNegligibleVega);
  return {IvStatus::kSolved, sd / root_t};
}

}  // namespace tapelab::pricing
