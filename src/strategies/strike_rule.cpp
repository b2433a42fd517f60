#include "strategies/strike_rule.h"

#include <array>
#include <cmath>

#include <fmt/format.h>

#include "market/loader.h"

namespace tapelab::strategies {
namespace {

using domain::OptionType;

constexpr std::array<std::string_view, 2> kNamedRules = {"atm", "max_oi"};
constexpr std::array<std::string_view, 5> kDistanceRules = {"points", "steps", "percent", "premium", "delta"};

}  // namespace

unsigned StrikeRule::needed_fields() const {
  if (kind == Kind::kMaxOi) return market::kOpenInterest;
  // Greeks are priced from mids; a premium is matched on the mid, else the LTP.
  if (kind == Kind::kPremium) return market::kTopOfBook | market::kTrade;
  return kind == Kind::kDelta ? market::kTopOfBook : 0u;
}

std::optional<market::StrikeReach> StrikeRule::reach() const {
  switch (kind) {
    case Kind::kAtm: return market::StrikeReach{};  // the nearest listed strike to spot (rounded)
    case Kind::kPoints: return market::StrikeReach{value, 0, 0};
    case Kind::kSteps: return market::StrikeReach{0, value, 0};  // from the ATM strike
    case Kind::kPercent: return market::StrikeReach{0, 0, value / 100};
    case Kind::kPremium:
    case Kind::kDelta:
    case Kind::kMaxOi: return std::nullopt;
  }
  return std::nullopt;
}

void apply_strike_rule(TomlTable& table, std::string_view key, StrikeRule& rule) {
  if (const auto atm = table.choice("atm", engine::kAtmConventionNames)) rule.atm = *atm;
  const toml::node* node = table.node(key);
  if (!node) return;
  if (node->is_string()) {
    const std::string_view name = node->as_string()->get();
    if (name == kNamedRules[0]) {
      rule.kind = StrikeRule::Kind::kAtm;
    } else if (name == kNamedRules[1]) {
      rule.kind = StrikeRule::Kind::kMaxOi;
    } else {
      table.fail_node(*node, key,
                      fmt::format("unknown value \"{}\" (expected \"atm\", \"max_oi\" or a table: "
                                  "{{ points | steps | percent | premium | delta = X }})",
                                  name));
    }
    return;
  }
  const toml::table* distance = node->as_table();
  if (!distance) {
    table.fail_node(*node, key,
                    "expected \"atm\", \"max_oi\" or one of { points | steps | percent | premium | delta = X }");
  }
  TomlTable inner(*distance, table.source(), table.key_path(key));
  int rules = 0;
  for (std::size_t i = 0; i < kDistanceRules.size(); ++i) {
    const auto value = inner.number(kDistanceRules[i]);
    if (!value) continue;
    ++rules;
    const auto kind = static_cast<StrikeRule::Kind>(i + 1);
    if (kind == StrikeRule::Kind::kPremium ? !(*value > 0) : !(*value >= 0)) {
      inner.fail_key(kDistanceRules[i], kind == StrikeRule::Kind::kPremium ? "must be > 0 rupees" : "must be >= 0");
    }
    if (kind == StrikeRule::Kind::kSteps && *value != static_cast<int>(*value)) {
      inner.fail_key("steps", "must be a whole number of strike steps");
    }
    if (kind == StrikeRule::Kind::kPercent && !(*value < 50)) inner.fail_key("percent", "must be below 50");
    if (kind == StrikeRule::Kind::kDelta && !(*value > 0 && *value < 1))
      inner.fail_key("delta", "is |delta|, in (0, 1)");
    rule.kind = kind;
    rule.value = *value;
  }
  const auto within = inner.number("within");
  inner.reject_unknown();
  if (rules != 1) table.fail_node(*node, key, "give exactly one of points, steps, percent, premium or delta");
  rule.within = 0;
  if (within) {
    if (rule.kind != StrikeRule::Kind::kDelta) inner.fail_key("within", "is only for a delta rule");
    if (!(*within > 0 && *within < 1)) inner.fail_key("within", "is a |delta| distance, in (0, 1)");
    rule.within = *within;
  }
}

std::string describe_strike_rule(const StrikeRule& rule) {
  switch (rule.kind) {
    case StrikeRule::Kind::kAtm:
      return rule.atm == engine::AtmConvention::kNearest
                 ? "the ATM strike (`nearest`: spot rounded to the strike step)"
                 : "the ATM strike (`ce_up_pe_down`: the CE at the first strike at or above spot, the PE at the first "
                   "at or below)";
    case StrikeRule::Kind::kPoints:
      return fmt::format("the listed strike nearest spot + {0:g} points for the CE and spot - {0:g} for the PE",
                         rule.value);
    case StrikeRule::Kind::kSteps:
      return fmt::format("the strike {0:g} strike steps out from the ATM strike (CE above, PE below)", rule.value);
    case StrikeRule::Kind::kPercent:
      return fmt::format("the listed strike nearest spot x (1 + {0:g}%) for the CE and spot x (1 - {0:g}%) for the PE",
                         rule.value);
    case StrikeRule::Kind::kPremium:
      return fmt::format("the OTM strike whose mark (mid, else LTP) is nearest Rs {:g}", rule.value);
    case StrikeRule::Kind::kDelta:
      return fmt::format("the strike whose |delta| is nearest {:g}{} (Greeks from the option's mid, engine/greeks.h)",
                         rule.value,
                         rule.within > 0 ? fmt::format(", only if it lies within {:g} of it", rule.within) : "");
    case StrikeRule::Kind::kMaxOi:
      return "the strike with the largest open interest of its type (ties to the one nearer spot)";
  }
  return {};
}

std::optional<std::int32_t> otm_by_points(const engine::MarketView& market, domain::Date expiry, OptionType type,
                                          double points) {
  const std::optional<double> spot = market.spot_price();
  if (!spot) return std::nullopt;
  return market.nearest_strike(expiry, type, type == OptionType::kCall ? *spot + points : *spot - points);
}

std::optional<std::int32_t> otm_by_steps(const engine::MarketView& market, domain::Date expiry, OptionType type,
                                         int steps) {
  const std::optional<std::int32_t> atm = market.atm_strike(expiry, type, engine::AtmConvention::kNearest);
  if (!atm) return std::nullopt;
  const double distance = static_cast<double>(steps) * market.strike_step();
  return market.nearest_strike(expiry, type, type == OptionType::kCall ? *atm + distance : *atm - distance);
}

std::optional<std::int32_t> otm_by_percent(const engine::MarketView& market, domain::Date expiry, OptionType type,
                                           double percent) {
  const std::optional<double> spot = market.spot_price();
  if (!spot) return std::nullopt;
  return otm_by_points(market, expiry, type, *spot * percent / 100);
}

std::optional<std::int32_t> strike_by_premium(const engine::MarketView& market, domain::Date expiry, OptionType type,
                                              double premium) {
  const std::optional<double> spot = market.spot_price();
  if (!spot) return std::nullopt;
  std::optional<std::int32_t> best;
  double best_distance = 0;
  for (const std::int32_t strike : market.strikes(expiry, type)) {
    const bool otm = type == OptionType::kCall ? strike >= *spot : strike <= *spot;
    if (!otm) continue;
    const std::optional<engine::OptionSnapshot> s = market.option({expiry, type, strike});
    if (!s) continue;
    const std::optional<double> mark = s->mid() ? s->mid() : (s->ltp > 0 ? std::optional(s->ltp) : std::nullopt);
    if (!mark) continue;
    const double distance = std::abs(*mark - premium);
    if (!best || distance < best_distance) {  // ascending strikes: ties keep the lower strike
      best = strike;
      best_distance = distance;
    }
  }
  return best;
}

std::optional<std::int32_t> strike_by_max_oi(const engine::MarketView& market, domain::Date expiry, OptionType type) {
  const std::optional<double> spot = market.spot_price();
  if (!spot) return std::nullopt;
  std::optional<std::int32_t> best;
  std::int64_t best_oi = 0;
  for (const std::int32_t strike : market.strikes(expiry, type)) {
    const std::optional<engine::OptionSnapshot> s = market.option({expiry, type, strike});
    if (!s) continue;
    const bool nearer = best && std::abs(strike - *spot) < std::abs(*best - *spot);
    if (!best || s->oi > best_oi || (s->oi == best_oi && nearer)) {
      best = strike;
      best_oi = s->oi;
    }
  }
  return best;
}

std::optional<std::int32_t> pick_strike(const engine::StrategyContext& ctx, domain::Date expiry,
                                        domain::OptionType type, const StrikeRule& rule) {
  const engine::MarketView& market = ctx.market();
  switch (rule.kind) {
    case StrikeRule::Kind::kAtm:
      return market.atm_strike(expiry, type, rule.atm);
    case StrikeRule::Kind::kPoints:
      return otm_by_points(market, expiry, type, rule.value);
    case StrikeRule::Kind::kSteps:
      return otm_by_steps(market, expiry, type, static_cast<int>(rule.value));
    case StrikeRule::Kind::kPercent:
      return otm_by_percent(market, expiry, type, rule.value);
    case StrikeRule::Kind::kPremium:
      return strike_by_premium(market, expiry, type, rule.value);
    case StrikeRule::Kind::kDelta:
      return ctx.greeks().strike_by_delta(expiry, type, rule.value);
    case StrikeRule::Kind::kMaxOi:
      return strike_by_max_oi(market, expiry, type);
  }
  return std::nullopt;
}

std::optional<std::string> delta_miss(const engine::StrategyContext& ctx, const engine::OptionKey& key,
                                      const StrikeRule& rule) {
  if (rule.kind != StrikeRule::Kind::kDelta || rule.within <= 0) return std::nullopt;
  const engine::OptionGreeks g = ctx.greeks().option(key);
  const double miss = std::abs(std::abs(g.delta) - rule.value);
  if (g.ok() && miss <= rule.within) return std::nullopt;
  return fmt::format("the {} {} |delta| {:.3f} is not within {:g} of {:g}", key.strike,
                     domain::to_string(key.type), std::abs(g.delta), rule.within, rule.value);
}

}  // namespace tapelab::strategies
