// Orders on hand-built micro-days through run_day: honest fills (bid/ask,
// book walk, no fill without a fresh quote), limit orders, latency, closing
// legs, the square-off with its stale flag, and lot sizes from the contract.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "engine/runner.h"
#include "micro_day.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::Date;
using domain::OptionType;
using domain::WallNanos;
using testing::MicroDay;
using testing::Quote;
using testing::quote;
using testing::scripted;

const Date kDay = Date::from_ymd(2025, 11, 18);
const Date kExpiry = Date::from_ymd(2025, 11, 25);
const OptionKey kCall{kExpiry, OptionType::kCall, 26000};
const OptionKey kPut{kExpiry, OptionType::kPut, 26000};

// Runs `script` on `day`, calling it only at the given second.
RunRecords run_at(const MicroDay& day, WallNanos when, const std::function<void(StrategyContext&)>& script,
                  ExecutionConfig execution = {}) {
  return run_day({scripted("s", [when, script](StrategyContext& ctx) {
                    if (ctx.market().now() == when) script(ctx);
                  }, execution)},
                 day.tape());
}

using testing::buy;
using testing::sell;

TEST(Orders, ALegWithoutAQuoteIsRejectedNotFilledAtZero) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 16, 0), 100, 101)});
  day.contract(kExpiry, OptionType::kPut, 26000, 75, {quote(day.at(9, 15, 0), 0, 101)});  // empty bid side
  std::vector<OrderResult> results;
  const RunRecords r = run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) {
    // No row yet: the contract does not exist for the strategy at the clock,
    // the same answer as a strike that never prints (no look-ahead).
    results.push_back(ctx.submit(sell(kCall)));
    results.push_back(ctx.submit(sell(kPut)));    // bid 0
    results.push_back(ctx.submit(sell({kExpiry, OptionType::kPut, 99999})));
    results.push_back(ctx.submit(buy(kPut)));     // the ask is there
  });
  ASSERT_EQ(results.size(), 4u);
  EXPECT_FALSE(results[0].filled);
  EXPECT_EQ(results[0].reason, RejectReason::kUnknownContract);
  EXPECT_EQ(results[1].reason, RejectReason::kNoQuote);
  EXPECT_EQ(results[2].reason, RejectReason::kUnknownContract);
  EXPECT_TRUE(results[3].filled);
  EXPECT_EQ(results[3].price, 101);
  EXPECT_EQ(r.orders[0].status, engine::OrderStatus::kRejected);
  EXPECT_EQ(r.orders[0].reason, "unknown-contract");
  EXPECT_EQ(r.orders[1].reason, "no-quote");
  // Only the bought put makes a trade. It never had a bid, so square-off
  // sells it at the lowest price it showed, penalized: 101 x (1 - 1%) = 99.99,
  // flagged unpriced; never at 0 and never at the entry price.
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_NEAR(r.trades[0].exit_price, 99.99, 1e-9);
  EXPECT_EQ(r.trades[0].exit_pricing, ExitPricing::kUnpriced);
}

TEST(Orders, AStaleQuoteDoesNotFill) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 100, 101)});
  OrderResult at_30, at_31;
  run_day({scripted("s", [&](StrategyContext& ctx) {
            const WallNanos now = ctx.market().now();
            if (now == day.at(9, 15, 30)) at_30 = ctx.submit(sell(kCall));
            if (now == day.at(9, 15, 31)) at_31 = ctx.submit(sell(kCall));
          })},
          day.tape());
  EXPECT_TRUE(at_30.filled);
  EXPECT_EQ(at_30.quote_age_seconds, 30);
  EXPECT_FALSE(at_31.filled);
  EXPECT_EQ(at_31.reason, RejectReason::kStaleQuote);
  EXPECT_EQ(at_31.quote_age_seconds, 31);
}

TEST(Orders, SeveralLotsWalkTheBookAndTooFewUnitsAreNoDepth) {
  MicroDay day(kDay, "NIFTY");
  Quote book{day.at(9, 15, 0), {{100, 75}, {99.5, 75}, {99, 150}}, {{101, 75}}, 100.5};
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {book});
  OrderResult three, five;
  run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) {
    five = ctx.submit(sell(kCall, 5));   // 375 units, the bids hold 300
    three = ctx.submit(sell(kCall, 3));  // 225 units: 75 @ 100, 75 @ 99.5, 75 @ 99
  });
  EXPECT_FALSE(five.filled);
  EXPECT_EQ(five.reason, RejectReason::kNoDepth);
  ASSERT_TRUE(three.filled);
  EXPECT_EQ(three.quantity, 225);
  EXPECT_DOUBLE_EQ(three.price, 99.5);
}

TEST(Orders, LtpAndMidModelsFillAtTheirPriceAndNeverAtZero) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75,
               {testing::traded(quote(day.at(9, 15, 0), 100, 104), 101.5, day.at(9, 14, 58))});
  const Quote one_sided = quote(day.at(9, 15, 0), 0, 91);
  day.contract(kExpiry, OptionType::kPut, 26000, 75, {one_sided});
  for (const auto& [model, call_price] : {std::pair{FillModel::kLtp, 101.5}, std::pair{FillModel::kMid, 102.0}}) {
    ExecutionConfig execution;
    execution.fill_model = model;
    OrderResult call, put;
    const RunRecords r = run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) {
      call = ctx.submit(sell(kCall, 5));  // no depth check outside the bid/ask model
      put = ctx.submit(sell(kPut));       // no LTP, no mid
    }, execution);
    EXPECT_TRUE(call.filled) << to_string(model);
    EXPECT_EQ(call.price, call_price) << to_string(model);
    EXPECT_EQ(put.reason, RejectReason::kNoQuote) << to_string(model);
    ASSERT_EQ(r.trades.size(), 1u);
    EXPECT_EQ(r.trades[0].fill_model, model);
  }
}

TEST(Orders, ALimitOrderRestsUntilTheBookCrossesIt) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75,
               {quote(day.at(9, 15, 0), 50, 52), quote(day.at(9, 15, 5), 50, 51), quote(day.at(9, 15, 10), 48, 49.5)});
  OrderResult placed;
  const RunRecords r = run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) {
    OrderRequest order = buy(kCall);
    order.limit_price = 50;
    placed = ctx.submit(order);
  });
  EXPECT_FALSE(placed.filled);
  EXPECT_TRUE(placed.resting);
  EXPECT_EQ(placed.reason, RejectReason::kLimitNotCrossed);
  ASSERT_GE(r.orders.size(), 2u);
  EXPECT_EQ(r.orders[0].status, engine::OrderStatus::kResting);
  EXPECT_EQ(r.orders[1].status, engine::OrderStatus::kFilled);
  EXPECT_EQ(r.orders[1].time, day.at(9, 15, 10));
  EXPECT_EQ(r.orders[1].price, 49.5);  // the book's price, better than the limit
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].entry_time, day.at(9, 15, 10));
}

TEST(Orders, AnUncrossedLimitExpiresAtSquareOffAndCancelStopsOne) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 50, 52)});
  ExecutionConfig execution;
  execution.square_off_seconds = 9 * 3600 + 16 * 60;
  const RunRecords r = run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) {
    OrderRequest order = sell(kCall);
    order.limit_price = 60;
    ctx.submit(order);
    const OrderResult cancelled = ctx.submit(order);
    ctx.cancel(cancelled.id);
  }, execution);
  ASSERT_EQ(r.orders.size(), 4u);
  EXPECT_EQ(r.orders[0].status, engine::OrderStatus::kResting);
  EXPECT_EQ(r.orders[1].status, engine::OrderStatus::kResting);
  EXPECT_EQ(r.orders[2].status, engine::OrderStatus::kCancelled);
  EXPECT_EQ(r.orders[3].status, engine::OrderStatus::kExpired);
  EXPECT_EQ(r.orders[3].time, day.at(9, 16, 0));
  EXPECT_TRUE(r.trades.empty());
}

TEST(Orders, LatencyFillsAgainstTheSnapshotAtDecisionPlusLatency) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75,
               {quote(day.at(9, 15, 0), 100, 101), quote(day.at(9, 15, 1), 95, 96), quote(day.at(9, 15, 2), 90, 91)});
  ExecutionConfig execution;
  execution.latency_seconds = 2;
  OrderResult placed;
  const RunRecords r = run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) { placed = ctx.submit(sell(kCall)); },
                              execution);
  EXPECT_TRUE(placed.pending);
  EXPECT_FALSE(placed.filled);
  EXPECT_EQ(placed.time, day.at(9, 15, 2));
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].entry_price, 90);
  EXPECT_EQ(r.trades[0].entry_time, day.at(9, 15, 2));
}

TEST(Orders, ClosingALegRecordsOneRoundTripWithGrossCostsAndNet) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 100, 101), quote(day.at(9, 20, 0), 79, 80)});
  const RunRecords r = run_day(
      {scripted("s", [&](StrategyContext& ctx) {
        if (ctx.market().now() == day.at(9, 15, 0)) ctx.submit(sell(kCall, 2));
        if (ctx.market().now() == day.at(9, 20, 0)) {
          ASSERT_EQ(ctx.open_legs().size(), 1u);
          const OpenLeg leg = ctx.open_legs()[0];
          EXPECT_EQ(leg.quantity, 150);
          OrderRequest close = buy(kCall, 1);
          close.structure_id = leg.structure_id;
          close.exit_reason = ExitReason::kTarget;
          const OrderResult result = ctx.submit(close);
          EXPECT_TRUE(result.filled);
          EXPECT_EQ(ctx.open_legs()[0].lots, 1);  // half the leg stays open
        }
      })},
      day.tape());
  ASSERT_EQ(r.trades.size(), 2u);
  const TradeRecord& t = r.trades[0];
  EXPECT_EQ(t.exit_reason, ExitReason::kTarget);
  EXPECT_EQ(t.structure_id, 1);
  EXPECT_EQ(t.side, Side::kSell);
  EXPECT_EQ(t.lots, 1);
  EXPECT_EQ(t.quantity, 75);
  EXPECT_EQ(t.entry_price, 100);
  EXPECT_EQ(t.exit_price, 80);
  EXPECT_EQ(t.gross_points, 20);    // a short gains when the price falls
  EXPECT_EQ(t.gross_rupees, 1500);
  EXPECT_EQ(t.costs, 2.5 + 5);      // half the Rs 5 entry order, all of the Rs 5 exit order
  EXPECT_EQ(t.net, 1492.5);
  EXPECT_EQ(r.trades[1].exit_reason, ExitReason::kEndOfDay);
  ASSERT_EQ(r.days.size(), 1u);
  EXPECT_EQ(r.days[0].trades, 2);
  EXPECT_EQ(r.days[0].structures, 1);
  EXPECT_DOUBLE_EQ(r.days[0].costs, 15);
}

TEST(Orders, SquareOffClosesAtTheConfiguredTimeAndFlagsStaleQuotes) {
  MicroDay day(kDay, "NIFTY");
  // The call quotes at square-off; the put's last row is 5 minutes old and
  // its ask side is empty in the last row, so it closes at the last ask seen
  // after entry (9:15:01), 299 s old.
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 100, 101), quote(day.at(9, 19, 59), 79, 80)});
  day.contract(kExpiry, OptionType::kPut, 26000, 75,
               {quote(day.at(9, 15, 0), 90, 91), quote(day.at(9, 15, 1), 89, 92), quote(day.at(9, 15, 2), 88, 0)});
  ExecutionConfig execution;
  execution.square_off_seconds = 9 * 3600 + 20 * 60;
  OrderResult late;
  const RunRecords r = run_day({scripted("s", [&](StrategyContext& ctx) {
                                 if (ctx.market().now() == day.at(9, 15, 0)) {
                                   ctx.submit(sell(kCall));
                                   ctx.submit(sell(kPut));
                                 }
                                 if (ctx.market().now() == day.at(9, 20, 0)) late = ctx.submit(sell(kCall));
                               }, execution)},
                               day.tape());
  EXPECT_EQ(late.reason, RejectReason::kAfterSquareOff);
  ASSERT_EQ(r.trades.size(), 2u);
  const TradeRecord& call = r.trades[0].key == kCall ? r.trades[0] : r.trades[1];
  const TradeRecord& put = r.trades[0].key == kPut ? r.trades[0] : r.trades[1];
  EXPECT_EQ(call.exit_time, day.at(9, 20, 0));
  EXPECT_EQ(call.exit_reason, ExitReason::kEndOfDay);
  EXPECT_EQ(call.exit_price, 80);
  EXPECT_EQ(call.exit_pricing, ExitPricing::kQuote);
  EXPECT_EQ(put.exit_time, day.at(9, 20, 0));
  EXPECT_EQ(put.exit_price, 92);
  EXPECT_EQ(put.exit_pricing, ExitPricing::kStale);
  EXPECT_EQ(put.exit_quote_age_seconds, 299);
  EXPECT_EQ(put.exit_reason, ExitReason::kEndOfDay);
}

// Sells the put at the first second and reads no column of its own (a
// scripted strategy asks for every column).
class SellPutOnce final : public Strategy {
 public:
  void on_second(StrategyContext& ctx) override {
    if (!sold_) ctx.submit(sell(kPut));
    sold_ = true;
  }

 private:
  bool sold_ = false;
};

StrategySpec sell_put_once(const std::string& name, const ExecutionConfig& execution) {
  StrategySpec spec;
  spec.info.name = name;
  spec.info.execution = execution;
  spec.make = [] { return std::make_unique<SellPutOnce>(); };
  return spec;
}

// A put that is bid but never offered, last traded at 95 at `traded_at`.
MicroDay bid_only_put(WallNanos traded_at) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kPut, 26000, 75,
               {quote(day.at(9, 15, 0), 90, 0), testing::traded(quote(day.at(9, 19, 50), 88, 0), 95, traded_at)});
  return day;
}

// A leg that never showed the price its fill model closes at: a recent last
// trade only for a strategy whose own columns hold it (LTP marks here),
// whatever the other strategies of the run load (a run reads the trade
// columns when any strategy of the day needs them); else the most adverse
// price it showed, penalized and flagged unpriced.
TEST(Orders, SquareOffTakesARecentLastTradeOnlyForAStrategyThatReadsIt) {
  ExecutionConfig bid_ask;
  bid_ask.square_off_seconds = 9 * 3600 + 20 * 60;
  ExecutionConfig ltp_marks = bid_ask;
  ltp_marks.mark_model = MarkModel::kLtp;
  const MicroDay recent = bid_only_put(domain::wall_time(kDay, 9, 19, 50));
  const RunRecords r =
      run_day({sell_put_once("bid-ask", bid_ask), sell_put_once("ltp-marks", ltp_marks)}, recent.tape());
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(r.trades[0].strategy, "bid-ask");
  EXPECT_EQ(r.trades[0].entry_price, 90);
  EXPECT_NEAR(r.trades[0].exit_price, 90.9, 1e-9);  // the highest bid, 90, x (1 + 1%)
  EXPECT_EQ(r.trades[0].exit_pricing, ExitPricing::kUnpriced);
  EXPECT_EQ(r.trades[1].strategy, "ltp-marks");
  EXPECT_EQ(r.trades[1].exit_price, 95);
  EXPECT_EQ(r.trades[1].exit_pricing, ExitPricing::kLastTrade);
  EXPECT_EQ(r.trades[1].exit_quote_age_seconds, 10);

  // Traded at 9:00 (the rows keep repeating an old lastTradeTime): the LTP
  // is not used, whatever the row's own time.
  const RunRecords old = run_day({sell_put_once("ltp-marks", ltp_marks)},
                                 bid_only_put(domain::wall_time(kDay, 9, 0, 0)).tape());
  ASSERT_EQ(old.trades.size(), 1u);
  EXPECT_NEAR(old.trades[0].exit_price, 95.95, 1e-9);  // the highest price shown, the LTP 95, x (1 + 1%)
  EXPECT_EQ(old.trades[0].exit_pricing, ExitPricing::kUnpriced);
}

TEST(Orders, DefaultSquareOffIsAtQuarterPastThree) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 100, 101), quote(day.at(15, 14, 50), 60, 61)});
  const RunRecords r = run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) { ctx.submit(sell(kCall)); });
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].exit_time, day.at(15, 15, 0));
  EXPECT_EQ(r.trades[0].exit_price, 61);
  EXPECT_EQ(r.trades[0].exit_pricing, ExitPricing::kQuote);
  EXPECT_EQ(r.trades[0].exit_quote_age_seconds, 10);
}

TEST(Orders, LotSizeComesFromTheContractAcrossAnExpiryBoundary) {
  // 2025-12-30: the last 75-lot monthly and the first 65-lot weekly trade side by side.
  MicroDay day(Date::from_ymd(2025, 12, 30), "NIFTY");
  const Date old_lot = Date::from_ymd(2025, 12, 30), new_lot = Date::from_ymd(2026, 1, 6);
  day.contract(old_lot, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 100, 101)});
  day.contract(new_lot, OptionType::kCall, 26000, 65, {quote(day.at(9, 15, 0), 150, 151)});
  std::vector<OrderResult> results;
  run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) {
    results.push_back(ctx.submit(sell({old_lot, OptionType::kCall, 26000}, 2)));
    results.push_back(ctx.submit(sell({new_lot, OptionType::kCall, 26000}, 2)));
    EXPECT_EQ(ctx.market().option({new_lot, OptionType::kCall, 26000})->lot_size, 65);
  });
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].quantity, 150);
  EXPECT_EQ(results[1].quantity, 130);
}

TEST(Orders, MarksFollowTheMarkModel) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75,
               {testing::traded(quote(day.at(9, 15, 0), 100, 102), 101.5, day.at(9, 14, 40))});
  run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) {
    EXPECT_EQ(ctx.mark(kCall, MarkModel::kMid), 101);
    EXPECT_EQ(ctx.mark(kCall, MarkModel::kLtp), 101.5);  // traded 20 s ago
    EXPECT_EQ(ctx.mark(kCall, MarkModel::kTouch), std::nullopt);  // no leg: no side to close
    ctx.submit(sell(kCall));
    EXPECT_EQ(ctx.mark(kCall, MarkModel::kTouch), 102);  // closing a short pays the ask
  });
}

TEST(Orders, BadOrdersAreErrors) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 100, 102)});
  EXPECT_THROW(run_at(day, day.at(9, 15, 0), [&](StrategyContext& ctx) { ctx.submit(sell(kCall, 0)); }), Error);
  EXPECT_THROW(run_at(day, day.at(9, 15, 0),
                      [&](StrategyContext& ctx) {
                        const OrderResult open = ctx.submit(sell(kCall));
                        OrderRequest close = buy(kCall, 2);
                        close.structure_id = open.structure_id;
                        ctx.submit(close);
                      }),
               Error);
}

}  // namespace
}  // namespace tapelab::engine
