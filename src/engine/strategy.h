// The interface every strategy implements, and the context it acts through.
//
// A strategy is called once per second of the session clock with a context
// that gives the as-of market view and the Greeks on it, its own open
// positions, and order entry.
// It never sees the tape itself, so it cannot look ahead. Strategies are
// independent objects: several run in one pass over a day, each with its own
// positions, orders and records.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/greeks.h"
#include "engine/market_view.h"
#include "engine/orders.h"
#include "engine/types.h"

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
  // Writes a line to the orders log without an order (e.g. an entry skipped
  // because max_open_structures is reached, with the reason).
  virtual void log(std::string_view message) = 0;
  // The mark of a leg under a mark model (nullopt without a usable quote).
  virtual std::optional<double> mark(const OptionKey& key, MarkModel model) const = 0;
};

// A strategy's behaviour: the engine calls it before each day and every second
// of the session, and it trades only through its StrategyContext.
class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual const std::string& name() const = 0;
  virtual unsigned needed_fields() const = 0;  // option columns read (market::OptionFields bits); a run loads the union
  // How many of the nearest expiries (on or after the day) the strategy can
  // trade: 1 = the nearest only, 2 = nearest and next; 0 = any (a DTE range).
  // A run then loads only the expiries every strategy of the day can need.
  virtual int expiries_needed() const { return 0; }
  // Whether the strategy is handed the previous trading day's spot before a
  // day starts (indicators on bars longer than a morning can fill, e.g. TP's
  // 5-minute EMA21; docs/strategy-guide.md).
  virtual bool needs_previous_spot() const { return false; }
  // Called before the first second of each day (state is per day: intraday only).
  virtual void on_day_start(StrategyContext& ctx) = 0;
  // Called after on_day_start, for a strategy that needs it, when the dataset
  // has the spot of the previous trading day (by the NSE calendar): that
  // day's rows from its session open to its close, in time order. Positions
  // stay intraday; only indicators may carry the day before.
  virtual void warm_up(std::span<const domain::WallNanos> /*times*/, std::span<const double> /*prices*/) {}
  // Called every second from the session open to the close.
  virtual void on_second(StrategyContext& ctx) = 0;
};

}  // namespace tapelab::engine
