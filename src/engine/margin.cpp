#include "engine/margin.h"

#include <algorithm>
#include <string>

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

// A structure's legs of one option type, netted.
struct TypeExposure {
  std::int64_t net_units = 0;  // long positive
  std::int64_t short_units = 0;
  double short_premium = 0;       // rupees received for the shorts
  double short_strike_units = 0;  // sum of strike x units of the shorts
  std::int32_t lot = 0;           // units per lot

  std::int64_t naked_units() const { return std::max<std::int64_t>(0, -net_units); }
  double premium_per_unit() const { return short_units > 0 ? short_premium / static_cast<double>(short_units) : 0; }
};

TypeExposure exposure(std::span<const OpenLeg> legs, OptionType type) {
  TypeExposure e;
  for (const OpenLeg& leg : legs) {
    if (leg.key.type != type) continue;
    e.net_units += sign(leg.side) * static_cast<std::int64_t>(leg.quantity);
    if (leg.lots > 0) e.lot = std::max(e.lot, leg.quantity / leg.lots);
    if (leg.side != Side::kSell) continue;
    e.short_units += leg.quantity;
    e.short_premium += leg.entry_price * leg.quantity;
    e.short_strike_units += static_cast<double>(leg.key.strike) * leg.quantity;
  }
  return e;
}

// The margin of `units` naked short units of one type.
double naked_margin(const TypeExposure& e, std::int64_t units, const NakedMarginRule& rule, double entry_spot) {
  if (units <= 0) return 0;
  if (rule.basis == CapitalConfig::MarginBasis::kPerLot) {
    return e.lot > 0 ? rule.per_lot * static_cast<double>(units) / e.lot : 0;
  }
  const double price = entry_spot > 0 ? entry_spot : e.short_strike_units / static_cast<double>(e.short_units);
  return rule.percent / 100 * price * static_cast<double>(units);
}

bool shorts_share_one_expiry(std::span<const OpenLeg> legs) {
  const auto first = std::find_if(legs.begin(), legs.end(), [](const OpenLeg& l) { return l.side == Side::kSell; });
  if (first == legs.end()) return true;
  return std::all_of(legs.begin(), legs.end(), [&](const OpenLeg& l) {
    return l.side != Side::kSell || l.key.expiry == first->key.expiry;
  });
}

// Uncovered shorts. Naked calls and puts of one expiry, paired unit for unit,
// are a short straddle or strangle: the exchange charges one side's margin
// and the other side's premium (only one side can lose at expiry), so a pair
// costs the dearer of (call margin + put premium, put margin + call premium).
double uncovered_margin(std::span<const OpenLeg> legs, const NakedMarginRule& rule, double entry_spot) {
  const TypeExposure calls = exposure(legs, OptionType::kCall), puts = exposure(legs, OptionType::kPut);
  const std::int64_t paired =
      shorts_share_one_expiry(legs) ? std::min(calls.naked_units(), puts.naked_units()) : std::int64_t{0};
  const double pair_units = static_cast<double>(paired);
  const double pairs = std::max(naked_margin(calls, paired, rule, entry_spot) + puts.premium_per_unit() * pair_units,
                                naked_margin(puts, paired, rule, entry_spot) + calls.premium_per_unit() * pair_units);
  return pairs + naked_margin(calls, calls.naked_units() - paired, rule, entry_spot) +
         naked_margin(puts, puts.naked_units() - paired, rule, entry_spot);
}

}  // namespace

std::optional<NakedMarginRule> naked_margin_rule(const CapitalConfig& capital, std::string_view underlying) {
  NakedMarginRule rule;
  rule.basis = capital.margin_basis;
  if (rule.basis == CapitalConfig::MarginBasis::kPerLot) {
    const auto it = capital.margin_per_lot.find(std::string(underlying));
    if (it == capital.margin_per_lot.end()) return std::nullopt;
    rule.per_lot = it->second;
    return rule;
  }
  const auto it = capital.margin_pct.find(std::string(underlying));
  rule.percent = it == capital.margin_pct.end() ? capital.default_margin_pct : it->second;
  return rule;
}

double structure_margin(std::span<const OpenLeg> legs, const NakedMarginRule& rule, double entry_spot) {
  bool has_short = false;
  double premium_paid = 0;
  for (const OpenLeg& leg : legs) {
    if (leg.side == Side::kSell) has_short = true;
    if (leg.side == Side::kBuy) premium_paid += leg.entry_price * leg.quantity;
  }
  if (!has_short) return premium_paid;
  if (exposure(legs, OptionType::kCall).naked_units() == 0 && exposure(legs, OptionType::kPut).naked_units() == 0) {
    // Defined risk: the payoff is piecewise linear with kinks at the strikes
    // and cannot fall beyond the largest one, so its minimum is at 0 or a strike.
    double worst = pnl_at_expiry(legs, 0);
    for (const OpenLeg& leg : legs) worst = std::min(worst, pnl_at_expiry(legs, leg.key.strike));
    return std::max(0.0, -worst);
  }
  return uncovered_margin(legs, rule, entry_spot) + premium_paid;
}

}  // namespace tapelab::engine
