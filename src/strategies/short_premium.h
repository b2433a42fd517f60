// The "short premium structure" strategy type (backtesting.md): sell an ATM
// straddle or an OTM strangle at scheduled times, and close it on a profit
// target, a stop, a maximum holding time, or the square-off. Presets S1-S8
// and A1-A10 are parameter sets of this one type (strategies/presets/).
//
// Rules (decisions.md wins where it speaks):
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
// - A closing order that does not fill (no or stale quote) is retried with
//   the original exit reason once the leg shows a new quote: the same quote
//   only grows older, so a retry against it would be rejected again, and the
//   orders log keeps one rejection per quote. Under latency the fill meets a
//   later quote, so the retry comes every second after the fill time. The
//   engine's square-off closes whatever is still open at its time.
// - Under latency the legs' outcomes are known only at their fill time; a
//   structure that then holds one leg is closed at once, as above.
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
#include "strategies/legs.h"
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

  // StrategyParams (short_premium_params.cpp)
  std::string_view type() const override { return "short_premium"; }
  void apply(TomlTable& table) override;
  void validate(const TomlTable& table, const engine::ExecutionConfig& execution) const override;
  std::string summary(const engine::ExecutionConfig& execution) const override;
  std::string rules(const engine::ExecutionConfig& execution) const override;
  std::unique_ptr<engine::Strategy> make(const std::string& name,
                                         const engine::ExecutionConfig& execution) const override;
};

// `execution` is the config the engine runs the strategy with; the strategy
// reads its mark model, latency and square-off time.
class ShortPremiumStrategy final : public engine::Strategy {
 public:
  ShortPremiumStrategy(std::string name, ShortPremiumParams params, engine::ExecutionConfig execution);

  const std::string& name() const override { return name_; }
  // Only marks (through the context) and strikes: the engine loads the
  // columns its fills and marks need by itself.
  unsigned needed_fields() const override { return 0; }
  void on_day_start(engine::StrategyContext& ctx) override;
  void on_second(engine::StrategyContext& ctx) override;

 private:
  // A structure the strategy opened and has not seen fully closed.
  struct Structure {
    std::int64_t id = 0;
    domain::WallNanos settled_at = 0;  // when its opening orders have had their fill time (latency)
    std::optional<engine::ExitReason> closing;  // set once an exit is decided
    domain::WallNanos next_close_try = 0;       // closing orders in flight until then
    LegCloser closer;
  };

  void manage(engine::StrategyContext& ctx, Structure& structure);
  void enter(engine::StrategyContext& ctx, std::int32_t entry_second);
  std::optional<engine::ExitReason> exit_signal(engine::StrategyContext& ctx,
                                                std::span<const engine::OpenLeg> legs) const;
  void close(engine::StrategyContext& ctx, Structure& structure, engine::ExitReason reason);
  domain::WallNanos latency() const;

  std::string name_;
  ShortPremiumParams params_;
  engine::ExecutionConfig execution_;
  std::size_t next_entry_ = 0;
  std::vector<Structure> open_;
};

}  // namespace tapelab::strategies
