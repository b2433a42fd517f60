#include "engine/greeks.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "pricing/forward.h"
#include "pricing/implied_vol.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::Date;
using domain::OptionType;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

GreeksStatus status_of(pricing::IvStatus status) {
  switch (status) {
    case pricing::IvStatus::kSolved: return GreeksStatus::kOk;
    case pricing::IvStatus::kExpired: return GreeksStatus::kExpired;
    case pricing::IvStatus::kAtOrBelowIntrinsic: return GreeksStatus::kAtOrBelowIntrinsic;
    case pricing::IvStatus::kAtOrAboveUpperBound: return GreeksStatus::kAtOrAboveUpperBound;
    case pricing::IvStatus::kNegligibleVega: return GreeksStatus::kNegligibleVega;
    case pricing::IvStatus::kNotConverged: return GreeksStatus::kNotConverged;
  }
  return GreeksStatus::kNotConverged;
}

PricingUnderlying no_underlying(GreeksStatus status) { return {status, kNaN, 0, 0}; }

}  // namespace

std::string_view to_string(ForwardSource source) { return kForwardSourceNames.name(source); }

std::string_view to_string(GreeksStatus status) {
  switch (status) {
    case GreeksStatus::kOk: return "ok";
    case GreeksStatus::kNoQuote: return "no-quote";
    case GreeksStatus::kNoForward: return "no-forward";
    case GreeksStatus::kNoSpot: return "no-spot";
    case GreeksStatus::kExpired: return "expired";
    case GreeksStatus::kAtOrBelowIntrinsic: return "at-or-below-intrinsic";
    case GreeksStatus::kAtOrAboveUpperBound: return "at-or-above-upper-bound";
    case GreeksStatus::kNegligibleVega: return "negligible-vega";
    case GreeksStatus::kNotConverged: return "not-converged";
  }
  return "unknown";
}

ChainGreeks::ChainGreeks(const MarketView& view, GreeksConfig config)
    : view_(&view), config_(config), cached_at_(std::numeric_limits<domain::WallNanos>::min()) {
  if (!std::isfinite(config_.rate)) fail("greeks: the rate must be a finite number, got {}", config_.rate);
  if (!std::isfinite(config_.dividend)) fail("greeks: the dividend must be a finite number, got {}", config_.dividend);
  if (config_.model == pricing::Model::kBlack76 && config_.dividend != 0) {
    fail("greeks: a dividend yield applies to Black-Scholes on spot only; Black-76 prices on the forward");
  }
}

void ChainGreeks::catch_up() const {
  if (view_->now() == cached_at_) return;
  cached_at_ = view_->now();
  underlyings_.clear();
  options_.clear();
}

double ChainGreeks::years(Date expiry) const {
  auto it = clocks_.find(expiry);
  if (it == clocks_.end()) {
    it = clocks_.emplace(expiry, pricing::ExpiryClock(view_->date(), expiry, config_.time_basis)).first;
  }
  return it->second.years(view_->now());
}

PricingUnderlying ChainGreeks::underlying(Date expiry) const {
  catch_up();
  const auto cached = underlyings_.find(expiry);
  if (cached != underlyings_.end()) return cached->second;
  return underlyings_.emplace(expiry, compute_underlying(expiry)).first->second;
}

PricingUnderlying ChainGreeks::compute_underlying(Date expiry) const {
  if (config_.model == pricing::Model::kBlackScholes) {
    const std::optional<SeriesValue> spot = view_->usable_spot();
    if (!spot) return no_underlying(GreeksStatus::kNoSpot);
    return {GreeksStatus::kOk, spot->price, spot->age_seconds, 0};
  }
  return config_.forward == ForwardSource::kParity ? parity_forward(expiry) : futures_forward(expiry);
}

PricingUnderlying ChainGreeks::parity_forward(Date expiry) const {
  const std::optional<SeriesValue> spot = view_->usable_spot();
  if (!spot) return no_underlying(GreeksStatus::kNoSpot);
  // Strikes in order of distance from spot (ties to the lower): the first
  // with both mids visible is the ATM strike parity is read at.
  const std::span<const std::int32_t> listed = view_->strikes(expiry, OptionType::kCall);
  std::vector<std::int32_t> strikes(listed.begin(), listed.end());
  std::stable_sort(strikes.begin(), strikes.end(), [&](std::int32_t a, std::int32_t b) {
    return std::abs(a - spot->price) < std::abs(b - spot->price);
  });
  const double t = years(expiry);
  for (const std::int32_t strike : strikes) {
    const std::optional<OptionSnapshot> call = view_->option({expiry, OptionType::kCall, strike});
    const std::optional<OptionSnapshot> put = view_->option({expiry, OptionType::kPut, strike});
    if (!call || !put || !call->mid() || !put->mid()) continue;
    // No put is worth its discounted strike: a mid at or above it is broken
    // data, from which parity would give a forward <= 0.
    if (!(*put->mid() < strike * std::exp(-config_.rate * t))) continue;
    return {GreeksStatus::kOk, pricing::forward_from_parity(strike, *call->mid(), *put->mid(), t, config_.rate),
            std::max(call->age_seconds, put->age_seconds), strike};
  }
  return no_underlying(GreeksStatus::kNoForward);
}

PricingUnderlying ChainGreeks::futures_forward(Date expiry) const {
  const std::optional<SeriesValue> futures = view_->futures();
  if (!futures || !(futures->price > 0)) return no_underlying(GreeksStatus::kNoForward);
  // A future expiring with the option is its forward; one expiring at
  // another date (or of unknown expiry, taken as the option's) is carried.
  const double futures_years = futures->expiry ? years(*futures->expiry) : years(expiry);
  const double forward = pricing::forward_from_futures(futures->price, futures_years, years(expiry), config_.rate);
  return {GreeksStatus::kOk, forward, futures->age_seconds, 0};
}

OptionGreeks ChainGreeks::option(const OptionKey& key) const {
  catch_up();
  const auto cached = options_.find(key);
  if (cached != options_.end()) return cached->second;
  return options_.emplace(key, compute_option(key)).first->second;
}

OptionGreeks ChainGreeks::at_premium(const OptionKey& key, double premium) const {
  if (!std::isfinite(premium)) fail("greeks: the premium must be a finite number, got {}", premium);
  catch_up();
  OptionGreeks g;
  g.years = years(key.expiry);
  g.premium = premium;
  solve(key, g);
  return g;
}

OptionGreeks ChainGreeks::compute_option(const OptionKey& key) const {
  OptionGreeks g;
  g.years = years(key.expiry);
  const std::optional<OptionSnapshot> snap = view_->option(key);
  if (!snap || !snap->mid()) {
    g.status = GreeksStatus::kNoQuote;
    return g;
  }
  g.premium = *snap->mid();
  g.quote_age_seconds = snap->age_seconds;
  solve(key, g);
  return g;
}

void ChainGreeks::solve(const OptionKey& key, OptionGreeks& g) const {
  // An option past its expiry has no Greeks whatever its forward would be
  // (the view has no chain for an expiry before the day).
  if (g.years <= 0) {
    g.status = GreeksStatus::kExpired;
    return;
  }
  const PricingUnderlying u = underlying(key.expiry);
  if (!u.ok()) {
    g.status = u.status;
    return;
  }
  g.underlying = u.price;
  const pricing::OptionInputs inputs{config_.model, key.type, u.price, static_cast<double>(key.strike),
                                     g.years,       config_.rate, config_.dividend};
  ++solves_;
  const pricing::ImpliedVol iv = pricing::implied_vol(inputs, g.premium);
  g.status = status_of(iv.status);
  if (!iv.solved()) return;
  const pricing::Greeks greeks = pricing::greeks(inputs, iv.vol);
  g.iv = iv.vol;
  g.delta = greeks.delta;
  g.gamma = greeks.gamma;
  g.theta = greeks.theta;
  g.vega = greeks.vega;
}

std::optional<std::int32_t> ChainGreeks::strike_by_delta(Date expiry, OptionType type, double target) const {
  std::optional<std::int32_t> best;
  double best_distance = 0;
  for (const std::int32_t strike : view_->strikes(expiry, type)) {
    const OptionGreeks g = option({expiry, type, strike});
    if (!g.ok()) continue;
    const double distance = std::abs(std::abs(g.delta) - target);
    if (!best || distance < best_distance) {  // ascending strikes: ties keep the lower strike
      best = strike;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace tapelab::engine
