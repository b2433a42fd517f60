// How a strategy config picks a leg's strike on the chosen expiry
// (docs/engine-rules.md#strike-selection): the ATM strike by a convention, OTM
// by points, steps or percent of spot, the OTM strike nearest a target premium,
// or the strike with the largest open interest. In TOML:
//
//   strikes = "atm"                    # with atm = "nearest" | "ce_up_pe_down"
//   strikes = "max_oi"
//   strikes = { points = 100 }         # or { steps = 2 }, { percent = 1 }, { premium = 40 }
//   strikes = { delta = 0.25, within = 0.05 }   # |delta| nearest 0.25 (engine/greeks.h); `within`: or none
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/strategy.h"
#include "market/loader.h"
#include "strategies/toml_table.h"

namespace tapelab::strategies {

struct StrikeRule {
  enum class Kind { kAtm, kPoints, kSteps, kPercent, kPremium, kDelta, kMaxOi } kind = Kind::kAtm;
  engine::AtmConvention atm = engine::AtmConvention::kNearest;  // kAtm
  double value = 0;   // points, steps, percent of spot, premium (rupees per unit) or |delta|
  double within = 0;  // kDelta: the strike's |delta| must lie this close to `value` (0: any)

  // The market columns the rule reads beyond those fills need (market::OptionFields bits).
  unsigned needed_fields() const;
  // How far from spot the strike it picks lies (nullopt: premium, |delta|
  // and max OI can pick any strike).
  std::optional<market::StrikeReach> reach() const;
};

// Reads `key` (and `atm` for the ATM rule) into `rule`; leaves it as it is
// when the key is absent.
void apply_strike_rule(TomlTable& table, std::string_view key, StrikeRule& rule);

// "the ATM strike (nearest: spot rounded to the strike step)", "the listed
// strike nearest spot +- 100 points", ...: how a leg of `type_text` is chosen.
std::string describe_strike_rule(const StrikeRule& rule);

// The pickers behind the rules, on the market's chain as of now (nullopt
// without spot or a listed strike). OTM by points / steps / percent of spot:
// CE above spot, PE below, the listed strike nearest spot +- distance; steps
// count from the nearest-ATM strike, so 1 step is the next strike out. A
// negative distance gives ITM.
std::optional<std::int32_t> otm_by_points(const engine::MarketView& market, domain::Date expiry,
                                          domain::OptionType type, double points);
std::optional<std::int32_t> otm_by_steps(const engine::MarketView& market, domain::Date expiry,
                                         domain::OptionType type, int steps);
std::optional<std::int32_t> otm_by_percent(const engine::MarketView& market, domain::Date expiry,
                                           domain::OptionType type, double percent);
// The OTM strike whose visible mark (mid, else LTP) is closest to `premium`
// (ties to the lower strike).
std::optional<std::int32_t> strike_by_premium(const engine::MarketView& market, domain::Date expiry,
                                              domain::OptionType type, double premium);
// The strike with the largest visible open interest (ties to the strike nearer spot).
std::optional<std::int32_t> strike_by_max_oi(const engine::MarketView& market, domain::Date expiry,
                                             domain::OptionType type);

// The strike for a leg of `type` now; nullopt without spot or a listed strike
// (for kDelta: without a strike whose Greeks could be computed).
std::optional<std::int32_t> pick_strike(const engine::StrategyContext& ctx, domain::Date expiry,
                                        domain::OptionType type, const StrikeRule& rule);

// kDelta with `within`: why the picked strike misses its |delta| target, in
// words; nullopt when it does not (or the rule is not kDelta).
std::optional<std::string> delta_miss(const engine::StrategyContext& ctx, const engine::OptionKey& key,
                                      const StrikeRule& rule);

}  // namespace tapelab::strategies
