// The "signal" strategy type: one option at a time, entered on a named setup
// (signal_setups.h) and managed by generic exits. Presets B1-B8, B1b, B3b
// (buying) and OBA (the advisers' Order Book Absorption, a sell) are
// parameter sets of this type (strategies/presets/).
//
// Rules (docs/engine-rules.md#strategy-library, Buying):
// - Candidates: the ATM call and the ATM put of the chosen expiry by the `atm`
//   convention (`ce_up_pe_down` by default: CE at the first strike at or above
//   spot, PE at the first at or below); gamma_burst takes the strike offset of
//   docs/engine-rules.md#strategy-library. Indicators run on every contract
//   within `watch_steps` strikes of the ATM ones, from the first second a
//   contract comes that near (so its history, VWAP included, starts then;
//   strikes near the opening spot are watched from the open), fed each second
//   with its as-of row.
// - One position at a time: while one is open or an entry order is working,
//   no other entry; a new entry waits for the second after the position has
//   closed. Entries only inside the window [from, to] and before the
//   square-off.
// - Entry: a market order (a buy at the ask walking the book), or a limit at
//   the touch (a buy at the ask, a sell at the bid visible at the decision)
//   that is cancelled after limit_wait seconds unfilled. A rejected entry is
//   logged and the setup is tried again the next second.
// - Exits, checked each second in this order on the mark (the execution's
//   mark model): stop (% of entry), spot stop (spot beyond the entry's spot by
//   points, against the position), breakeven stop (once the gain reached
//   breakeven_at%, exit at entry + offset), trail (a fall of trail% from the
//   best mark since entry, once that best is trail_from% above entry), target
//   (% or points), the setup's exit signal, no progress (no new best mark for
//   N seconds), max hold; when none fires, the partial exit (sell a fraction
//   of the lots once at partial_at%). Gains are signed: for a sale the best
//   mark is the lowest.
// - An exit order that does not fill is retried with its reason once the
//   contract shows a new quote; the engine squares off what is left.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/config.h"
#include "engine/market_view.h"
#include "engine/strategy.h"
#include "strategies/legs.h"
#include "strategies/signal_indicators.h"
#include "strategies/signal_setups.h"
#include "strategies/strategy_params.h"

namespace tapelab::strategies {

struct SignalExits {
  std::optional<double> stop_pct;
  std::optional<double> spot_stop_points;
  std::optional<double> breakeven_at_pct;
  double breakeven_offset = 0;  // points above entry (below for a sale)
  std::optional<double> trail_pct;
  double trail_from_pct = 0;
  std::optional<double> target_pct;
  std::optional<double> target_points;
  std::optional<double> partial_at_pct;
  double partial_fraction = 0.5;
  bool signal = true;  // the setup's exit signal, where it has one
  std::optional<std::int32_t> no_progress_seconds;
  std::optional<std::int32_t> max_hold_seconds;
};

struct SignalParams final : ParamsOf<SignalParams> {
  SetupParams setup;
  bool setup_chosen = false;  // a config (or its preset) named the setup
  SignalExits exits;
  std::int32_t window_from = 9 * 3600 + 30 * 60;  // seconds after midnight IST
  std::int32_t window_to = 15 * 3600;
  engine::AtmConvention atm = engine::AtmConvention::kCeUpPeDown;
  std::int32_t watch_steps = 2;
  enum class Entry { kMarket, kLimit } entry = Entry::kMarket;
  std::int32_t limit_wait_seconds = 5;
  std::int32_t lots = 1;
  engine::ExpiryChoice expiry;

  // StrategyParams (signal_params.cpp)
  std::string_view type() const override { return "signal"; }
  void apply(TomlTable& table) override;
  void validate(const TomlTable& table, const engine::ExecutionConfig& execution) const override;
  std::string summary(const engine::ExecutionConfig& execution) const override;
  std::string rules(const engine::ExecutionConfig& execution) const override;
  engine::DataNeeds needs() const override;
  std::unique_ptr<engine::Strategy> make(const engine::ExecutionConfig& execution) const override;
};

class SignalStrategy final : public engine::Strategy {
 public:
  SignalStrategy(SignalParams params, engine::ExecutionConfig execution);

  void on_day_start(engine::StrategyContext& ctx) override;
  void on_second(engine::StrategyContext& ctx) override;

 private:
  // The open position (or the entry order working for it).
  struct Position {
    std::int64_t structure_id = 0;
    engine::OptionKey key;
    domain::WallNanos decided_at = 0;
    domain::WallNanos settled_at = 0;  // when the entry order has had its fill time
    std::optional<engine::OrderId> resting;  // a limit entry not filled yet
    bool live = false;                 // the leg has been seen open
    double entry_spot = 0;
    double best_mark = 0;
    domain::WallNanos best_at = 0;
    bool breakeven_armed = false;
    bool partial_done = false;
    std::optional<engine::ExitReason> closing;  // handed to the engine's close(), which retries it
  };

  void watch(const engine::MarketView& market, std::int64_t second);
  void try_entry(engine::StrategyContext& ctx);
  void enter(engine::StrategyContext& ctx, const engine::OptionKey& key);
  void manage(engine::StrategyContext& ctx);
  std::optional<engine::ExitReason> exit_reason(engine::StrategyContext& ctx, const engine::OpenLeg& leg, double mark);
  void close(engine::StrategyContext& ctx, const engine::OpenLeg& leg, std::int32_t lots, engine::ExitReason reason);
  std::optional<engine::OptionKey> candidate(const engine::MarketView& market, domain::OptionType type) const;

  SignalParams params_;
  engine::ExecutionConfig execution_;
  std::optional<domain::Date> expiry_;
  std::optional<std::int64_t> session_open_;  // the day's first clock second
  // A contract whose indicators are fed every second, and where its rows are.
  struct Watched {
    std::optional<engine::ContractId> contract;  // nullopt: not in the day's data
    ContractSignals signals;
  };
  // Fed in the order they were added, one after another in memory: each is
  // over a kilobyte of indicator state, read and written every second.
  std::vector<Watched> watched_;
  std::map<engine::OptionKey, std::size_t> watched_at_;  // index into watched_
  // The watched contract's signals once it has a sample; nullptr otherwise.
  const ContractSignals* signals_of(const engine::OptionKey& key) const;
  // This second's candidate contract of each type (CE, PE), and the chain
  // around which watch() last added contracts (its centre and how many
  // strikes were listed): while neither changes there is nothing to add.
  std::array<std::optional<engine::OptionKey>, 2> candidates_;
  std::array<std::optional<std::pair<std::int32_t, std::size_t>>, 2> watched_around_;
  std::optional<SpotSignals> spot_;
  std::optional<Position> position_;
};

}  // namespace tapelab::strategies
