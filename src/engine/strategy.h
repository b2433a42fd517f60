// The interface every strategy implements, and the context it acts through.
//
// A strategy is called once per second of the session clock with a context
// that gives the as-of market view and the Greeks on it, its own open
// positions, and order entry.
// It never sees the tape itself, so it cannot look ahead. Strategies are
// independent objects: several run in one pass over a day, each with its own
// positions, orders and records.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/greeks.h"
#include "engine/market_view.h"
#include "engine/orders.h"
#include "engine/records.h"
#include "engine/regimes.h"
#include "engine/types.h"
#include "market/loader.h"

namespace tapelab::engine {

// One open leg of a strategy.
struct OpenLeg {
  std::int64_t structure_id = 0;
  OptionKey key;
  Side side = Side::kSell;        // the opening side
  std::int32_t lots = 0;
  std::int32_t quantity = 0;      // units
  double entry_price = 0;
  domain::WallNanos entry_time = 0;
};

class StrategyContext {
 public:
  virtual ~StrategyContext() = default;
  virtual const MarketView& market() const = 0;
  // IV and Greeks of the visible options as of now, under the strategy's
  // GreeksConfig (computed when asked, cached for the second).
  virtual const ChainGreeks& greeks() const = 0;
  virtual std::span<const OpenLeg> open_legs() const = 0;
  // Submits an order; with latency 0 a market order's outcome is known at
  // once. A closing order is one on the opposite side of an open leg of the
  // same contract and structure.
  virtual OrderResult submit(const OrderRequest& order) = 0;
  virtual void cancel(OrderId id) = 0;
  // Closes `lots` of an open leg at market with `reason`, and keeps at it
  // until they are closed or the day squares off: an order that does not fill
  // (no quote, a stale or crossed one) is sent again at the start of a later
  // second, once the leg shows a quote newer than the one that turned it away
  // (the same quote only grows older, so the orders log keeps one rejection
  // per quote); under latency, at the second after its fill time. A close of a
  // leg that is already being closed replaces it. Throws Error for more lots
  // than the leg holds.
  virtual void close(const OpenLeg& leg, std::int32_t lots, ExitReason reason) = 0;
  // Writes a line to the orders log without an order (e.g. an entry skipped
  // because max_open_structures is reached, with the reason).
  virtual void log(std::string_view message) = 0;
  // The mark of a leg under a mark model (nullopt without a usable quote).
  virtual std::optional<double> mark(const OptionKey& key, MarkModel model) const = 0;
};

// A strategy's behaviour: the engine calls it before each day and every second
// of the session, and it trades only through its StrategyContext. What it
// reads and which expiries it trades are declared in its StrategySpec, so a
// run knows what to load before any strategy exists.
class Strategy {
 public:
  virtual ~Strategy() = default;
  // Called before the first second of each day (state is per day: intraday
  // only; a fresh strategy is made for every day, so most need nothing here).
  virtual void on_day_start(StrategyContext& /*ctx*/) {}
  // Called after on_day_start, for a strategy whose spec asks for it, when the
  // dataset has the spot of the previous trading day (by the NSE calendar):
  // that day's rows from its session open to its close, in time order.
  // Positions stay intraday; only indicators may carry the day before.
  virtual void warm_up(std::span<const domain::WallNanos> /*times*/, std::span<const double> /*prices*/) {}
  // Called every second from the session open to the close.
  virtual void on_second(StrategyContext& ctx) = 0;
};

// What a run must load for a strategy, known before the first day is read.
struct DataNeeds {
  unsigned option_fields = 0;  // option columns the strategy reads (market::OptionFields bits); a run loads the union
  // How many of the nearest expiries (on or after the day) the strategy can
  // trade: 1 = the nearest only, 2 = nearest and next; 0 = any (a DTE range).
  // A run then loads only the expiries every strategy of the day can need.
  int expiries = 0;
  // With expiries 0, the largest DTE the strategy trades (a DTE range), so a
  // run reads no expiry further away; unset: any expiry.
  std::optional<std::int32_t> max_dte;
  // Whether the strategy is handed the previous trading day's spot before a
  // day starts (indicators on bars longer than a morning can fill, e.g. TP's
  // 5-minute EMA21; docs/strategy-guide.md).
  bool previous_spot = false;
  // How far from spot every strike the strategy asks the market for lies
  // (the ATM, points, steps and percent rules, plus wings); a run whose
  // strategies all declare one loads only that window of the chain
  // (market/loader.h) and a request outside it throws. Unset: any strike (the
  // premium, max-OI and |delta| pickers, and Greeks, whose parity forward
  // walks the chain, scan strikes no reach bounds).
  std::optional<market::StrikeReach> strike_reach;
};

struct StrategySpec {
  StrategyInfo info;  // name, description, execution and capital settings
  DataNeeds needs;
  // Makes a fresh strategy for one day (a day's state never leaks into the next).
  std::function<std::unique_ptr<Strategy>()> make;
  std::vector<std::string> underlyings;  // empty = every underlying of the run
  // Opens positions only in these regimes of the market truth (the run then
  // needs one: RunOptions::regimes); exits are never held back.
  RegimeFilter regime_filter;
};

}  // namespace tapelab::engine
