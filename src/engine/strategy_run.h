// One strategy's day: the context it acts through (order entry, positions,
// marks), the engine's side of every order (latency, resting limits, fills,
// costs), the square-off, and the records the day produces. The day loop
// (engine/day_session.h) drives it second by second.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <string>
#include <vector>

#include "engine/greeks.h"
#include "engine/market_view.h"
#include "engine/records.h"
#include "engine/strategy.h"

namespace tapelab::engine {

class StrategyRun final : public StrategyContext {
 public:
  // Makes the spec's strategy for the day. `regimes` is the day's market
  // truth, needed (and read) only when the spec filters entries on it.
  StrategyRun(const StrategySpec& spec, const MarketView& view, const DayRegimes* regimes = nullptr);

  Strategy& strategy() { return *strategy_; }
  const DataNeeds& needs() const { return needs_; }
  // The engine's work at the clock's current second, before the strategy is
  // called: the square-off once its time has come, otherwise the orders
  // whose fill time has come (latency), the resting limits, and the closes
  // (close()) that are due another try.
  void begin_second();
  // After the strategy has acted this second: measures the margin in use.
  // Orders of one second count as one basket (as a basket order is margined),
  // so legging into an iron fly never shows a half structure's maximum loss.
  // At a whole minute, also takes the intraday point (when recording them).
  void end_second();
  // Keeps an IntradayPoint at every whole minute and after the day's end.
  void record_intraday() { record_intraday_ = true; }
  // After the session's last second: squares off what is still open (a
  // square-off time after the close) and expires what still waits.
  void end_day();
  // Moves the day's trades, orders, its DayRecord and intraday points into `out`.
  void take_records(RunRecords& out);

  // StrategyContext
  const MarketView& market() const override { return *view_; }
  const ChainGreeks& greeks() const override { return greeks_; }
  std::span<const OpenLeg> open_legs() const override { return legs_; }
  OrderResult submit(const OrderRequest& order) override;
  void cancel(OrderId id) override;
  void close(const OpenLeg& leg, std::int32_t lots, ExitReason reason) override;
  void log(std::string_view message) override;
  std::optional<double> mark(const OptionKey& key, MarkModel model) const override;

 private:
  struct WorkingOrder {
    OrderId id = 0;
    OrderRequest request;
    std::int32_t quantity = 0;
    bool closing = false;
    domain::WallNanos fill_from = 0;  // decision time + latency
    bool resting_logged = false;
  };

  // A close() whose lots are not closed yet.
  struct Closing {
    OptionKey key;
    std::int64_t structure_id = 0;
    Side side = Side::kBuy;  // the closing side
    std::int32_t lots = 0;
    ExitReason reason = ExitReason::kSignal;
    std::optional<OrderId> in_flight;  // its order waiting for its fill time (latency)
    domain::WallNanos retry_from = 0;
  };

  static Closing closing_of(const OpenLeg& leg, std::int32_t lots, ExitReason reason);
  static OrderRequest order_of(const Closing& closing);
  domain::WallNanos square_off_time() const;
  // Sends a close's order now, unless the quote that turned the last one away
  // is all the leg shows; true once the close is done (filled, or nothing left
  // to close).
  bool send_close(Closing& closing);
  // After a working order's fill time: what became of a close's order.
  void close_order_done(OrderId id, bool filled);
  void retry_closes();
  bool is_closing(const OrderRequest& order) const;
  std::int32_t open_lots(const OrderRequest& closing_order) const;
  // Tries to fill at the current second; false when the order keeps waiting.
  bool try_fill(WorkingOrder& order, OrderResult& result);
  void fill_opening(const WorkingOrder& order, double price, std::int64_t quote_age, OrderResult& result);
  // How a closing order's price was found (a fill: kQuote, no penalty).
  struct ExitQuote {
    double price = 0;
    std::int64_t age_seconds = 0;
    ExitPricing pricing = ExitPricing::kQuote;
    bool beyond_depth = false;
  };
  void fill_closing(const WorkingOrder& order, const ExitQuote& exit, OrderResult& result);
  void square_off();
  WorkingOrder square_off_order(const OpenLeg& leg);
  // The square-off's price for `leg` (docs/strategy-guide.md#the-engines-rules-in-short,
  // "Intraday"); nullopt for a leg that settles at expiry at the end of the day.
  std::optional<ExitQuote> square_off_quote(const OpenLeg& leg, Side side, std::int32_t quantity);
  // The leg's closing side never showed: its most adverse visible price, penalized.
  ExitQuote never_quoted_exit(const OpenLeg& leg, Side side) const;
  // Whether the strategy's own columns hold the LTP.
  bool reads_trades() const;
  // A fresh last traded price, for a strategy whose columns hold it.
  std::optional<OptionSnapshot> fresh_trade(const OptionKey& key) const;
  void settle_expiring_legs();
  // One leg round trip of `lots` of `leg`, closed now at `exit` with the
  // given share of the entry and exit charges.
  TradeRecord trade_record(const OpenLeg& leg, std::int32_t lots, const ExitQuote& exit, ExitReason reason,
                           double costs) const;
  void update_margin();
  // The mark of `key` under `model`, without counting a crossed book: `crossed`
  // says whether one was refused (mark() counts it; the intraday path does not,
  // so recording it never changes the day's records).
  std::optional<double> mark_price(const OptionKey& key, MarkModel model, bool& crossed) const;
  // The P&L now, marked to market (IntradayPoint).
  IntradayPoint intraday_point();
  OrderRecord order_record(const WorkingOrder& order, OrderStatus status, std::string reason) const;
  // Logs a fill in the orders log and reports it to the strategy (both sides of a fill).
  void record_fill(const WorkingOrder& order, std::string reason, double price, std::int64_t quote_age, double cost,
                   OrderResult& result);

  StrategyInfo info_;
  DataNeeds needs_;
  RegimeFilter regime_filter_;
  const DayRegimes* regimes_;
  std::unique_ptr<Strategy> strategy_;
  const MarketView* view_;
  ChainGreeks greeks_;
  std::vector<OpenLeg> legs_;
  std::vector<double> leg_entry_costs_;  // parallel to legs_: the opening order's costs for the leg's lots
  // Legs expiring today with no quote after entry: out of legs_ at square-off,
  // settled at intrinsic value against the day's last spot in end_day().
  std::vector<std::pair<OpenLeg, double>> settling_;  // with the leg's entry costs
  mutable std::int32_t crossed_book_skips_ = 0;        // quotes refused for a crossed book (fills and marks)
  std::vector<WorkingOrder> working_;    // waiting for latency or a crossing book, in submission order
  std::vector<Closing> closing_;         // in the order close() was called
  // Per structure and contract: the time of the quote on which the last
  // order of a close() was rejected (latency 0; see close()).
  std::map<std::pair<std::int64_t, OptionKey>, domain::WallNanos> rejected_quotes_;
  OrderId next_order_id_ = 0;
  std::int64_t next_structure_id_ = 0;
  std::set<std::int64_t> filled_structures_;
  std::map<std::int64_t, double> structure_entry_spot_;  // spot at each structure's first fill (0: none visible)
  bool squared_off_ = false;
  double peak_margin_ = 0;
  bool filled_this_second_ = false;  // a fill since the last end_second(): the margin may have changed
  std::vector<TradeRecord> trades_;
  std::vector<OrderRecord> orders_;
  bool record_intraday_ = false;
  std::map<OptionKey, double> last_marks_;  // each open contract's last mark, for a minute without one
  std::vector<IntradayPoint> intraday_;
};

}  // namespace tapelab::engine
