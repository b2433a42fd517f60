#include "pricing/black.h"

#include <cmath>

#include "pricing/normal.h"
#include "util/error.h"

namespace tapelab::pricing {
namespace {

void require(bool ok, std::string_view name, std::string_view expected, double value) {
  if (!ok) fail("{} must be {}, got {}", name, expected, value);
}

void validate(const OptionInputs& o) {
  require(std::isfinite(o.underlying) && o.underlying > 0, o.model == Model::kBlack76 ? "forward" : "spot",
          "a positive number", o.underlying);
  require(std::isfinite(o.strike) && o.strike > 0, "strike", "a positive number", o.strike);
  require(std::isfinite(o.years) && o.years >= 0, "time to expiry", "a number >= 0", o.years);
  require(std::isfinite(o.rate), "rate", "a finite number", o.rate);
  require(std::isfinite(o.dividend), "dividend yield", "a finite number", o.dividend);
  if (o.model == Model::kBlack76 && o.dividend != 0) {
    fail("a dividend yield applies to Black-Scholes on spot only; Black-76 prices on the forward");
  }
}

void validate_vol(double vol) { require(std::isfinite(vol) && vol >= 0, "volatility", "a number >= 0", vol); }

double sign(OptionType type) { return type == OptionType::kCall ? 1.0 : -1.0; }

// In the money the premium is mostly intrinsic value: the textbook formula
// then takes a difference of two strike-sized terms and loses ~strike * eps,
// enough at index scale (K = 25000) to move the implied vol by 1e-8 where
// vega is small. The out-of-the-money option plus parity rounds only once,
// at the size of the premium.
double precise_price(OptionType type, double forward, double strike, double discount, double stddev) {
  const OutOfTheMoney otm = out_of_the_money(type, forward, strike, discount);
  return black_formula(otm.type, forward, strike, discount, stddev) + otm.parity_value;
}

}  // namespace

std::string_view to_string(Model model) { return kModelNames.name(model); }

OutOfTheMoney out_of_the_money(OptionType type, double forward, double strike, double discount) {
  const double w = sign(type);
  if (w * (forward - strike) <= 0) return {type, 0.0};
  return {type == OptionType::kCall ? OptionType::kPut : OptionType::kCall, w * discount * (forward - strike)};
}

ForwardTerms forward_terms(const OptionInputs& o) {
  validate(o);
  const double discount = std::exp(-o.rate * o.years);
  if (o.model == Model::kBlack76) return {o.underlying, discount};
  return {o.underlying * std::exp((o.rate - o.dividend) * o.years), discount};
}

double black_formula(OptionType type, double forward, double strike, double discount, double stddev) {
  const bool call = type == OptionType::kCall;
  if (stddev <= 0) return discount * std::fmax(call ? forward - strike : strike - forward, 0.0);
  const double d1 = (std::log(forward / strike) + 0.5 * stddev * stddev) / stddev;
  const double d2 = d1 - stddev;
  return call ? discount * (forward * normal_cdf(d1) - strike * normal_cdf(d2))
              : discount * (strike * normal_cdf(-d2) - forward * normal_cdf(-d1));
}

double price(const OptionInputs& o, double vol) {
  validate_vol(vol);
  const ForwardTerms t = forward_terms(o);
  return precise_price(o.type, t.forward, o.strike, t.discount, vol * std::sqrt(o.years));
}

Greeks greeks(const OptionInputs& o, double vol) {
  validate_vol(vol);
  const ForwardTerms t = forward_terms(o);
  if (o.years <= 0 || vol <= 0) fail("Greeks need a time to expiry > 0 and a volatility > 0");
  const double root_t = std::sqrt(o.years);
  const double sd = vol * root_t;
  const double f = t.forward;
  const double d1 = (std::log(f / o.strike) + 0.5 * sd * sd) / sd;
  const double w = sign(o.type);

  Greeks g;
  g.price = precise_price(o.type, f, o.strike, t.discount, sd);
  // Derivatives on the forward; then the chain rule through F(underlying):
  // dF/dU = F/U (1 for Black-76, e^{(r-q)T} for Black-Scholes).
  const double forward_delta = t.discount * w * normal_cdf(w * d1);
  const double forward_gamma = t.discount * normal_pdf(d1) / (f * sd);
  const double dforward = f / o.underlying;
  g.delta = forward_delta * dforward;
  g.gamma = forward_gamma * dforward * dforward;
  g.vega = t.discount * f * normal_pdf(d1) * root_t;
  // V = e^{-rT} B(F(T), vol sqrt(T)); the forward drifts at r - q under
  // Black-Scholes (spot held) and not at all under Black-76 (forward held).
  const double drift = o.model == Model::kBlackScholes ? o.rate - o.dividend : 0.0;
  g.theta = o.rate * g.price - drift * f * forward_delta - g.vega * vol / (2 * o.years);
  // dV/dr = -T V + dV/dF dF/dr, and dF/dr = T F under Black-Scholes only.
  const double forward_rate_term = o.model == Model::kBlackScholes ? o.years * f * forward_delta : 0.0;
  g.rho = -o.years * g.price + forward_rate_term;
  return g;
}

double lower_bound(const OptionInputs& o) {
  const ForwardTerms t = forward_terms(o);
  return black_formula(o.type, t.forward, o.strike, t.discount, 0.0);
}

double upper_bound(const OptionInputs& o) {
  const ForwardTerms t = forward_terms(o);
  return t.discount * (o.type == OptionType::kCall ? t.forward : o.strike);
}

}  // namespace tapelab::pricing
