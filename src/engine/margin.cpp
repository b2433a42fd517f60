#include "engine/margin.h"

#include <algorithm>

namespace tapelab::engine {
namespace {

using domain::OptionType;

// P&L in rupees of the legs held to expiry with the underlying at `spot`.
double pnl_at_expiry(std::span<const OpenLeg> legs, double spot) {
  double total = 0;
  for (const OpenLeg& leg : legs) {
    const double strike = leg.key.strike;
    const double payoff = leg.key.type == OptionType::kCall ? std::max(spot - strike, 0.0)
                                                            : std::max(strike - spot, 0.0);
    total += sign(leg.side) * (payoff - leg.entry_price) * leg.quantity;
  }
  return total;
}

}  // namespace

double structure_margin(std::span<const OpenLeg> legs, double margin_per_lot) {
  std::int64_t net_calls = 0, net_puts = 0;  // units, long positive
  bool has_short = false;
  double premium_paid = 0;
  for (const OpenLeg& leg : legs) {
    const std::int64_t units = sign(leg.side) * static_cast<std::int64_t>(leg.quantity);
    (leg.key.type == OptionType::kCall ? net_calls : net_puts) += units;
    if (leg.side == Side::kSell) has_short = true;
    if (leg.side == Side::kBuy) premium_paid += leg.entry_price * leg.quantity;
  }
  if (!has_short) return premium_paid;
  if (net_calls >= 0 && net_puts >= 0) {
    // Defined risk: the payoff is piecewise linear with kinks at the strikes
    // and cannot fall beyond the largest one, so its minimum is at 0 or a strike.
    double worst = pnl_at_expiry(legs, 0);
    for (const OpenLeg& leg : legs) worst = std::min(worst, pnl_at_expiry(legs, leg.key.strike));
    return std::max(0.0, -worst);
  }
  // Uncovered shorts: lots of each type the longs do not cover.
  double naked_lots = 0;
  for (const OptionType type : {OptionType::kCall, OptionType::kPut}) {
    const std::int64_t net = type == OptionType::kCall ? net_calls : net_puts;
    if (net >= 0) continue;
    std::int32_t lot = 0;
    for (const OpenLeg& leg : legs) {
      if (leg.key.type == type && leg.lots > 0) lot = std::max(lot, leg.quantity / leg.lots);
    }
    if (lot > 0) naked_lots += static_cast<double>(-net) / lot;
  }
  return naked_lots * margin_per_lot + premium_paid;
}

}  // namespace tapelab::engine
