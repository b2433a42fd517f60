// Implied volatility and Greeks of the options a strategy sees, from the
// as-of market view, computed only when asked.
//
// Design note. ChainGreeks sits beside the MarketView it reads and keeps its
// contract: it answers for the view's current second and has no call that
// takes a time, so a later quote can never change an answer. Each option's
// result and each expiry's forward are cached for the second (asking twice
// is free; a strategy that never asks pays nothing) and dropped when the
// clock moves. The time to each expiry is one pricing::ExpiryClock per day.
//
// What an option is priced on (GreeksConfig):
//   Black-76, parity   F = K + (C - P) e^{rT} at the ATM strike of the
//                      option's own expiry: the strike listed as both CE and
//                      PE with both mids visible that is nearest spot
//   Black-76, futures  the futures' last price, carried at the rate from the
//                      futures' expiry to the option's (pricing/forward.h)
//   Black-Scholes      the spot's last value, with the rate and dividend
// The option's premium is its mid. A result that cannot be computed carries
// a status saying why, and NaN in every number it could not fill.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string_view>

#include "domain/contract.h"
#include "domain/date.h"
#include "domain/time.h"
#include "engine/config.h"
#include "engine/market_view.h"
#include "engine/types.h"
#include "pricing/time_to_expiry.h"

namespace tapelab::engine {

enum class GreeksStatus {
  kOk,
  kNoQuote,              // the option has no row yet, or not both sides quoted (no mid)
  kNoForward,            // Black-76: no futures value, or no strike with both mids near spot
  kNoSpot,               // no spot value (Black-Scholes, and the parity forward's ATM strike)
  kExpired,              // no time to expiry left (15:30 of expiry day has come, or an earlier expiry)
  kAtOrBelowIntrinsic,   // the mid holds no time value
  kAtOrAboveUpperBound,  // the mid is at or above what any volatility can give
  kNegligibleVega,       // the mid does not pin the volatility down
  kNotConverged,         // the solver failed to reprice (should not happen)
};
// "ok", "no-quote", "no-forward", "no-spot", "expired", "at-or-below-intrinsic",
// "at-or-above-upper-bound", "negligible-vega", "not-converged"
std::string_view to_string(GreeksStatus);

// What one option or expiry is priced on, as of now.
struct PricingUnderlying {
  GreeksStatus status = GreeksStatus::kNoForward;  // kOk, kNoForward or kNoSpot
  double price = 0;                 // the forward (Black-76) or the spot (Black-Scholes)
  std::int64_t age_seconds = 0;     // age of the oldest quote it was made from
  std::int32_t parity_strike = 0;   // the strike a parity forward came from (0 otherwise)
  bool ok() const { return status == GreeksStatus::kOk; }
};

// Every number is NaN until something fills it.
struct OptionGreeks {
  static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  GreeksStatus status = GreeksStatus::kNoQuote;
  double premium = kNone;         // the option's mid
  std::int64_t quote_age_seconds = 0;
  double underlying = kNone;      // forward or spot priced on
  double years = kNone;           // time to expiry on the configured basis
  double iv = kNone;              // per 1.00; this and the Greeks are NaN unless ok
  double delta = kNone;           // per unit of the underlying priced on (the forward under Black-76)
  double gamma = kNone;
  double theta = kNone;           // per year of the time basis passing (divide by 365 or 252 for a day)
  double vega = kNone;            // per 1.00 of volatility (divide by 100 for a vol point)
  bool ok() const { return status == GreeksStatus::kOk; }
};

class ChainGreeks {
 public:
  // `view` must outlive this and be the one the strategy sees. Throws Error
  // for a config no option can be priced under (a dividend under Black-76, a
  // rate or dividend that is not finite).
  ChainGreeks(const MarketView& view, GreeksConfig config);

  const GreeksConfig& config() const { return config_; }

  // Time to the expiry as of now, in years of the configured basis.
  double years(domain::Date expiry) const;
  // The forward or spot the expiry's options are priced on, as of now.
  PricingUnderlying underlying(domain::Date expiry) const;
  // IV and Greeks of one contract as of now, from its mid.
  OptionGreeks option(const OptionKey& key) const;
  // The same at a premium the caller gives (a row's own mid, a limit price),
  // on the underlying as of now; not cached. quote_age_seconds is 0.
  OptionGreeks at_premium(const OptionKey& key, double premium) const;
  // The visible strike of the chain whose |delta| is nearest `target` (ties
  // to the lower strike), among those with Greeks; nullopt when none has.
  // Every strike is a candidate: |delta| falls from ITM to OTM, so a target
  // under 0.5 lands OTM by itself and 0.5 may fall on either side of spot.
  std::optional<std::int32_t> strike_by_delta(domain::Date expiry, domain::OptionType type, double target) const;

  // Implied volatilities solved so far (a repeated question in the same
  // second solves nothing): how tests see the cache work.
  std::size_t solves() const { return solves_; }

 private:
  // Drops the cached answers when the view's clock has moved.
  void catch_up() const;
  PricingUnderlying compute_underlying(domain::Date expiry) const;
  PricingUnderlying parity_forward(domain::Date expiry) const;
  PricingUnderlying futures_forward(domain::Date expiry) const;
  OptionGreeks compute_option(const OptionKey& key) const;
  // Solves `g` (its premium and years set) on the expiry's underlying.
  void solve(const OptionKey& key, OptionGreeks& g) const;

  const MarketView* view_;
  GreeksConfig config_;
  // Per day (the view's day never changes): one clock per expiry asked about.
  mutable std::map<domain::Date, pricing::ExpiryClock> clocks_;
  // Per second: cleared by catch_up() when the clock has moved.
  mutable domain::WallNanos cached_at_;
  mutable std::map<domain::Date, PricingUnderlying> underlyings_;
  mutable std::map<OptionKey, OptionGreeks> options_;
  mutable std::size_t solves_ = 0;
};

}  // namespace tapelab::engine
