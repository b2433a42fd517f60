// The "short premium structure" type in the users' own few keys
// (docs/engine-rules.md#strategy-library, short premium structures): sell an
// ATM straddle or an OTM strangle at scheduled times, and close it on a profit
// target, a stop, a maximum holding time, or the square-off.
//
// It has no strategy code of its own: make() runs it as a managed structure
// (managed_structure.h) with just these rules switched on, so the simple form
// and the managed one can never drift apart. The rules, as that type applies
// them (docs/engine-rules.md#targets-and-stops and docs/engine-rules.md#scheduled-entries win where they speak):
// - credit = the sum of the legs' entry fill prices (rupees per unit);
//   cost_to_close = the sum of the legs' marks under the execution's mark
//   model. Target: credit - cost_to_close >= target x credit. Stop:
//   cost_to_close - credit >= stop x credit (stop 2.0 = the premium tripled).
//   Without a mark for every leg, target and stop wait for the next second.
// - Max hold: a structure open for max_hold seconds closes (reason `time`).
//   A price trigger in the same second wins over the hold limit.
// - Strangle strikes: the listed strike nearest spot x (1 + otm_pct/100) for
//   the CE and spot x (1 - otm_pct/100) for the PE (ties to the lower strike),
//   on the chosen expiry; a straddle uses the ATM strike of each type.
// - A scheduled entry while max_open_structures structures are open is
//   skipped and the skip is logged with its reason; so is an entry with no
//   expiry, spot or strike.
// - Legs are sold CE first. If the CE does not fill, the PE is not sent. If
//   the PE does not fill, the filled CE is bought back at once (exit reason
//   `no-quote`, with a log line): a half structure is a naked option the
//   strategy never meant to hold.
// - A closing order that does not fill is retried with the original exit
//   reason once the leg shows a new quote (strategies/legs.h); the engine's
//   square-off closes whatever is still open at its time.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/config.h"
#include "engine/market_view.h"
#include "engine/strategy.h"
#include "engine/types.h"
#include "strategies/managed_structure.h"
#include "strategies/strategy_params.h"

namespace tapelab::strategies {

struct ShortPremiumParams final : ParamsOf<ShortPremiumParams> {
  enum class Structure { kStraddle, kStrangle } structure = Structure::kStraddle;
  engine::AtmConvention atm = engine::AtmConvention::kNearest;  // straddle strikes
  double otm_pct = 0;  // strangle: distance of each leg from spot, percent of spot
  // Entry times in seconds after midnight IST, ascending, without duplicates.
  std::vector<std::int32_t> entries;
  std::int32_t lots = 1;
  engine::ExpiryChoice expiry;
  std::optional<double> target;              // fraction of credit kept, e.g. 0.5
  std::optional<double> stop;                // multiple of credit lost, e.g. 2.0
  std::optional<std::int32_t> max_hold_seconds;
  std::int32_t max_open_structures = 1;

  // The same strategy as a managed structure (what make() runs).
  ManagedStructureParams managed() const;

  // StrategyParams (short_premium_params.cpp)
  std::string_view type() const override { return "short_premium"; }
  void apply(TomlTable& table) override;
  void validate(const TomlTable& table, const engine::ExecutionConfig& execution) const override;
  std::string summary(const engine::ExecutionConfig& execution) const override;
  std::string rules(const engine::ExecutionConfig& execution) const override;
  engine::DataNeeds needs() const override;
  std::unique_ptr<engine::Strategy> make(const engine::ExecutionConfig& execution) const override;
};

}  // namespace tapelab::strategies
