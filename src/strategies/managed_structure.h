// The "managed structure" strategy type: the short-premium structure with
// management (docs/engine-rules.md#strategy-library: the Theta family, the
// advisers' structures, the user's Delta-Imbalance Straddle). It sells a
// straddle, strangle, iron fly or iron condor at listed times or at the first
// second of a window where its filters pass, and manages it: combined target
// and stop, per-leg stops and strike breaches, a trailing stop, exit time and
// maximum hold, a partial exit, and adjustments up to a count: close the
// winner or the loser, roll the winner to the ATM strike, rebalance a net
// delta by rolling the tested leg, or the Delta-Imbalance Straddle's
// empirical-delta management. Strikes come from strike_rule.h (ATM, points,
// steps, percent, premium, |delta|, max OI), filters from entry_filters.h.
//
// Rules (docs/engine-rules.md#targets-and-stops wins where it speaks):
// - Credit and cost to close are over the structure's open legs, per unit
//   and weighted by lots: credit = sum of sold legs' entry prices - bought
//   legs' (the wings); cost to close = the same over their marks under the
//   execution's mark model. Target: credit - cost >= target x credit; stop:
//   cost - credit >= stop x credit. A leg closed by an adjustment or a leg exit
//   has its P&L booked in the trade log; the rest are measured on their own.
//   Without a mark for every open leg, the price rules wait a second.
// - Order of the rules in one second: the stop, the premium stop, the
//   target, the partial exit, the trail, the leg exits, an adjustment, then
//   the time exits: a price trigger wins over a time exit.
// - Legs open wings first (a defined-risk structure is never naked on the
//   way in), then the CE, then the PE. A leg that does not fill stops the
//   entry and closes the filled legs at once (exit reason `no-quote`).
// - Closing orders that do not fill are retried with their reason once the
//   leg shows a new quote (strategies/legs.h); the engine's square-off closes
//   whatever is left.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/config.h"
#include "engine/strategy.h"
#include "engine/types.h"
#include "strategies/delta_imbalance.h"
#include "strategies/entry_filters.h"
#include "strategies/legs.h"
#include "strategies/strategy_params.h"
#include "strategies/strike_rule.h"

namespace tapelab::strategies {

struct ManagedStructureParams final : ParamsOf<ManagedStructureParams> {
  enum class Shape { kStraddle, kStrangle, kIronFly, kIronCondor } shape = Shape::kStraddle;
  // The short legs: ATM for a straddle and an iron fly (by `strikes.atm`),
  // by the rule for a strangle and an iron condor.
  StrikeRule strikes;
  double wing_points = 0;  // iron fly / condor: the long wings this far beyond the short strikes

  // Entries: at each listed time (seconds after midnight IST), or at the
  // first second in [window_from, window_to] where the filters pass.
  std::vector<std::int32_t> entries;
  std::optional<std::int32_t> window_from;
  std::optional<std::int32_t> window_to;
  EntryFilters filters;
  std::int32_t lots = 1;
  // Trade lots x lots_fraction (rounded down, at least 1), for a "half size
  // when lots allow".
  double lots_fraction = 1;
  engine::ExpiryChoice expiry;
  std::int32_t max_open_structures = 1;

  // Exits.
  std::optional<double> target;  // fraction of credit kept
  std::optional<double> stop;    // multiple of credit lost
  // Close everything when the open legs' cost to close >= premium_stop x the
  // credit of the legs first sold (Premium Balancer's "combined premium >
  // 1.25x credit", which must survive its rolls).
  std::optional<double> premium_stop;
  std::optional<double> leg_stop;      // a short leg closes alone when its mark - entry >= leg_stop x entry
  bool exit_on_strike_breach = false;  // a short CE closes when spot > its strike, a short PE when spot < its strike
  struct Trail {
    double rise = 0;                // close when the cost to close rises this fraction above its lowest
    bool after_adjustment = false;  // start only once an adjustment has closed a leg
  };
  std::optional<Trail> trail;
  std::optional<std::int32_t> exit_time;  // seconds after midnight
  std::optional<std::int32_t> max_hold_seconds;
  struct Partial {
    double at = 0;        // book when credit - cost >= at x credit ...
    double fraction = 0;  // ... this fraction of every leg's lots (rounded down)
  };
  std::optional<Partial> partial;

  // Adjustment: when the dearer short leg's mark reaches `ratio` x the
  // cheaper one's, close one of them (or roll the cheaper to the ATM strike);
  // or, every `every_seconds` of the structure's life, when its net delta
  // per lot is beyond +-max_net_delta, roll the tested leg to the strike rule;
  // or the Delta-Imbalance Straddle's management (kDeltaImbalance): when one
  // leg's empirical delta over `window_seconds` is `dominance` x the other's,
  // close the winner; then close the loser once spot is back within
  // revert_points of its value at the entry, or re-hedge: sell the winner's
  // type again at the ATM strike, when the structure's P&L on the marks has
  // fallen to rehedge_profit_kept x its peak since the entry (or, with
  // rehedge_rise, when the loser's premium has risen that much above its mark
  // at the winner's close). A re-hedge starts the cycle again from spot then,
  // up to max_rehedges times; after the last one the legs run on.
  struct Adjustment {
    enum class Action {
      kCloseLoser,
      kCloseWinner,
      kRollWinner,
      kRebalanceDelta,
      kDeltaImbalance
    } action = Action::kCloseLoser;
    double ratio = 0;
    double max_net_delta = 0;
    std::int32_t every_seconds = 300;
    std::int32_t max_count = 1;
    std::int32_t window_seconds = 300;
    double dominance = 2;
    double min_spot_move = 20;
    double revert_points = 10;
    double rehedge_profit_kept = 0.1;
    std::optional<double> rehedge_rise;  // replaces the profit rule when set
    std::int32_t max_rehedges = 5;
  };
  std::optional<Adjustment> adjustment;

  bool has_wings() const { return shape == Shape::kIronFly || shape == Shape::kIronCondor; }
  std::int32_t traded_lots() const { return std::max(1, static_cast<std::int32_t>(lots * lots_fraction)); }

  // StrategyParams (managed_structure_params.cpp)
  std::string_view type() const override { return "managed_structure"; }
  void apply(TomlTable& table) override;
  void validate(const TomlTable& table, const engine::ExecutionConfig& execution) const override;
  std::string summary(const engine::ExecutionConfig& execution) const override;
  std::string rules(const engine::ExecutionConfig& execution) const override;
  engine::DataNeeds needs() const override;
  std::unique_ptr<engine::Strategy> make(const engine::ExecutionConfig& execution) const override;
};

class ManagedStructureStrategy final : public engine::Strategy {
 public:
  ManagedStructureStrategy(ManagedStructureParams params, engine::ExecutionConfig execution);
  // The filter state points into params_.
  ManagedStructureStrategy(const ManagedStructureStrategy&) = delete;
  ManagedStructureStrategy& operator=(const ManagedStructureStrategy&) = delete;

  void on_day_start(engine::StrategyContext& ctx) override;
  void on_second(engine::StrategyContext& ctx) override;

 private:
  // A leg to bring down to `keep_lots` (0: close it) with `reason`.
  struct LegExit {
    engine::OptionKey key;
    std::int32_t keep_lots = 0;
    engine::ExitReason reason = engine::ExitReason::kSignal;
    bool sent = false;  // handed to the engine's close(), which sees it through
  };
  struct Structure {
    std::int64_t id = 0;
    std::size_t planned_legs = 0;
    domain::WallNanos opened_at = 0;
    domain::WallNanos settled_at = 0;           // its opening orders have had their fill time (latency)
    bool checked = false;                       // every planned leg was seen open once settled
    double first_credit = 0;                    // per unit, weighted by lots: the credit of the legs first sold
    std::optional<engine::ExitReason> closing;  // closing every leg
    std::vector<LegExit> leg_exits;
    std::optional<domain::OptionType> roll_after_exit;  // sell this type at ATM once its leg exit is done
    bool partial_done = false;
    std::int32_t adjustments = 0;
    bool trail_armed = false;
    std::optional<double> trail_low;
    // kDeltaImbalance; a re-hedge starts a new cycle: entry_spot, deltas,
    // winner_closed and peak_pnl start again.
    double entry_spot = 0;
    std::optional<EmpiricalDeltas> deltas;
    std::optional<domain::OptionType> winner_closed;
    double loser_mark_at_close = 0;
    double booked_pnl = 0;             // points x lots of the winners closed, at their marks then
    std::optional<double> peak_pnl;    // the highest P&L (booked + open legs on their marks) this cycle
    std::int32_t rehedges = 0;
  };
  // Per unit, weighted by lots: credit and cost to close of the open legs;
  // nullopt without a mark for every leg.
  struct Value {
    double credit = 0;
    double cost = 0;
  };

  void manage(engine::StrategyContext& ctx, Structure& s);
  bool price_rules(engine::StrategyContext& ctx, Structure& s, const std::vector<engine::OpenLeg>& legs);
  bool leg_rules(engine::StrategyContext& ctx, Structure& s, const std::vector<engine::OpenLeg>& legs);
  bool adjust(engine::StrategyContext& ctx, Structure& s, const std::vector<engine::OpenLeg>& legs);
  bool rebalance(engine::StrategyContext& ctx, Structure& s, const std::vector<engine::OpenLeg>& legs,
                 const engine::OpenLeg& call, const engine::OpenLeg& put);
  bool delta_imbalance(engine::StrategyContext& ctx, Structure& s, const std::vector<engine::OpenLeg>& legs);
  // The re-hedge's reason for the orders log when it is due, else empty.
  std::string rehedge_reason(const Structure& s, const engine::OpenLeg& loser, std::optional<double> loser_mark,
                             std::optional<double> pnl) const;
  bool time_rules(engine::StrategyContext& ctx, Structure& s);
  void run_leg_exits(engine::StrategyContext& ctx, Structure& s, const std::vector<engine::OpenLeg>& legs);
  void add_leg_exit(Structure& s, const engine::OpenLeg& leg, std::int32_t keep_lots, engine::ExitReason reason);
  void close_all(engine::StrategyContext& ctx, Structure& s, engine::ExitReason reason);
  std::optional<Value> value(const engine::StrategyContext& ctx, const std::vector<engine::OpenLeg>& legs) const;

  void try_window_entry(engine::StrategyContext& ctx, std::int32_t second);
  // Opens a structure; the returned text says why not (empty when it opened).
  std::string enter(engine::StrategyContext& ctx, std::string_view when);
  void sell_leg(engine::StrategyContext& ctx, Structure& s, domain::OptionType type);
  domain::WallNanos latency() const;

  ManagedStructureParams params_;
  engine::ExecutionConfig execution_;
  std::size_t next_entry_ = 0;
  bool window_used_ = false;
  std::string window_last_reason_;
  EntryFilterState filter_state_;
  std::vector<Structure> open_;
};

}  // namespace tapelab::strategies
