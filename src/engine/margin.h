// Margin in use for return figures (docs/strategy-guide.md#margin): a
// naked short leg is charged a percentage of its notional (or, as an option,
// a fixed figure per lot), a short straddle or strangle one side's margin plus
// the other side's premium, a long option the premium paid, and a
// defined-risk structure (every short covered by a long of the same type:
// spreads, iron flies and condors) its maximum loss at expiry.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "engine/config.h"
#include "engine/strategy.h"

namespace tapelab::engine {

// How one underlying's naked short units are charged.
struct NakedMarginRule {
  CapitalConfig::MarginBasis basis = CapitalConfig::MarginBasis::kNotional;
  double percent = 0;  // kNotional: % of spot x quantity
  double per_lot = 0;  // kPerLot: rupees per lot
};

// The rule of `capital` for `underlying`; nullopt under kPerLot when no
// figure per lot is configured for it (kNotional falls back to the default
// percentage).
std::optional<NakedMarginRule> naked_margin_rule(const CapitalConfig& capital, std::string_view underlying);

// The margin of the open legs of ONE structure, in rupees. `entry_spot` is
// the spot when the structure's first leg filled; where none was visible
// (<= 0) the short legs' strikes stand in for it in the notional.
double structure_margin(std::span<const OpenLeg> legs, const NakedMarginRule& rule, double entry_spot);

}  // namespace tapelab::engine
