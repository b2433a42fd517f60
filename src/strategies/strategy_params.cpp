#include "strategies/strategy_params.h"

#include <algorithm>
#include <array>

#include "strategies/managed_structure.h"
#include "strategies/short_premium.h"
#include "strategies/signal.h"
#include "strategies/trend_pause.h"

namespace tapelab::strategies {
namespace {

template <typename Params>
std::unique_ptr<StrategyParams> defaults_of() {
  return std::make_unique<Params>();
}

constexpr std::array kTypes = {
    StrategyType{"short_premium", "sell a straddle or strangle at listed times; target, stop, max hold",
                 &defaults_of<ShortPremiumParams>},
    StrategyType{"managed_structure",
                 "sell a straddle, strangle, iron fly or iron condor at listed times or in a window with filters; "
                 "combined and per-leg exits, trailing, partial exits, adjustments",
                 &defaults_of<ManagedStructureParams>},
    StrategyType{"trend_pause",
                 "sell one OTM option when spot pauses in a trend of its bar EMAs; roll with the trend, out on a "
                 "close through the slow EMA, a target or a stop",
                 &defaults_of<TrendPauseParams>},
    StrategyType{"signal", "one option at a time on an entry setup (buying presets, OB Absorption); stops, trails, "
                           "targets, partial exits, signal and time exits",
                 &defaults_of<SignalParams>},
};

}  // namespace

std::span<const StrategyType> strategy_types() { return kTypes; }

const StrategyType* find_strategy_type(std::string_view name) {
  const auto it = std::find_if(kTypes.begin(), kTypes.end(), [&](const StrategyType& t) { return t.name == name; });
  return it == kTypes.end() ? nullptr : &*it;
}

}  // namespace tapelab::strategies
