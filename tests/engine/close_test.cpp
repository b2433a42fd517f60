// StrategyContext::close(): the engine closes a leg until it is closed. The
// strategy calls it once; an order that does not fill is sent again at the
// first second the leg shows a new quote (under latency, the second after its
// fill time), and the square-off ends the tries.
#include <functional>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/micro_day.h"
#include "engine/runner.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::WallNanos;
constexpr WallNanos kSecond = domain::kNanosPerSecond;

// A call that quotes at 9:15:00 (bid 100, ask 101) and once more at 9:16:00
// (ask 80); a strategy that sells 2 lots at 9:15:00 and, at the given seconds
// after it, calls `act` (close() among others).
struct CloseDay {
  static inline const OptionKey kCall{domain::Date::from_ymd(2025, 11, 25), domain::OptionType::kCall, 26000};
  testing::MicroDay day{domain::Date::from_ymd(2025, 11, 18), "NIFTY"};
  ExecutionConfig execution;
  std::vector<std::pair<int, std::function<void(StrategyContext&)>>> acts;

  CloseDay() {
    day.contract(kCall.expiry, kCall.type, kCall.strike, 75,
                 {testing::quote(day.at(9, 15, 0), 100, 101), testing::quote(day.at(9, 16, 0), 79, 80)});
  }
  WallNanos open() const { return day.at(9, 15, 0); }
  RunRecords run() const {
    const WallNanos start = open();
    const auto script = [start, acts = acts](StrategyContext& ctx) {
      if (ctx.market().now() == start) ctx.submit(testing::sell(kCall, 2));
      for (const auto& [second, act] : acts) {
        if (ctx.market().now() == start + second * kSecond && !ctx.open_legs().empty()) act(ctx);
      }
    };
    return run_day({testing::scripted("s", script, execution)}, day.tape());
  }
};

std::function<void(StrategyContext&)> close_lots(std::int32_t lots, ExitReason reason) {
  return [=](StrategyContext& ctx) { ctx.close(ctx.open_legs()[0], lots, reason); };
}

// The orders of the close (not the opening sell), as (seconds after 9:15:00, status).
std::vector<std::pair<WallNanos, OrderStatus>> closing_orders(const RunRecords& r, WallNanos open) {
  std::vector<std::pair<WallNanos, OrderStatus>> out;
  for (const OrderRecord& o : r.orders) {
    if (o.order_id != 0 && o.side == Side::kBuy) out.emplace_back((o.time - open) / kSecond, o.status);
  }
  return out;
}

using Tries = std::vector<std::pair<WallNanos, OrderStatus>>;

// The close's orders are `tries` and it made one trade, for `reason`.
const TradeRecord& expect_one_close(const RunRecords& r, const CloseDay& d, const Tries& tries, ExitReason reason) {
  EXPECT_EQ(closing_orders(r, d.open()), tries);
  EXPECT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades.at(0).exit_reason, reason);
  return r.trades.at(0);
}

TEST(Close, ALegWithAFreshQuoteClosesAtOnce) {
  CloseDay d;
  d.acts = {{10, close_lots(2, ExitReason::kTarget)}};
  const RunRecords r = d.run();
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].exit_time, d.open() + 10 * kSecond);
  EXPECT_EQ(r.trades[0].exit_price, 101);
  EXPECT_EQ(r.trades[0].exit_reason, ExitReason::kTarget);
  EXPECT_EQ(r.trades[0].lots, 2);
}

TEST(Close, ClosingPartOfALegLeavesTheRestOpen) {
  CloseDay d;
  d.acts = {{10, close_lots(1, ExitReason::kTarget)}};
  const RunRecords r = d.run();
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(r.trades[0].exit_reason, ExitReason::kTarget);
  EXPECT_EQ(r.trades[0].lots, 1);
  EXPECT_EQ(r.trades[1].exit_reason, ExitReason::kEndOfDay);  // the other lot, at the square-off
}

TEST(Close, AnUnfilledCloseIsSentAgainOnceTheLegShowsANewQuote) {
  // At 9:15:40 the 9:15:00 quote is 40 s old, past max_quote_age (30 s): the
  // order is rejected, and nothing is sent while that quote only ages; the
  // 9:16:00 quote fills the retry.
  CloseDay d;
  d.acts = {{40, close_lots(2, ExitReason::kStop)}};
  const RunRecords r = d.run();
  const Tries tries = {{40, OrderStatus::kRejected}, {60, OrderStatus::kFilled}};
  EXPECT_EQ(expect_one_close(r, d, tries, ExitReason::kStop).exit_price, 80);
}

TEST(Close, TheSquareOffEndsTheTries) {
  CloseDay d;
  d.execution.square_off_seconds = 9 * 3600 + 15 * 60 + 50;  // 9:15:50, before the new quote
  d.acts = {{40, close_lots(2, ExitReason::kStop)}};
  const RunRecords r = d.run();
  const Tries tries = {{40, OrderStatus::kRejected}, {50, OrderStatus::kFilled}};
  // Its only quote is the one it sold into: no price seen after the entry.
  EXPECT_EQ(expect_one_close(r, d, tries, ExitReason::kEndOfDay).exit_pricing, ExitPricing::kUnpriced);
}

TEST(Close, ALaterCloseOfTheSameLegReplacesTheWaitingOne) {
  // A partial target waits for a quote; a stop for the whole leg replaces it
  // and is held back on the same stale quote, then fills at 9:16:00.
  CloseDay d;
  d.acts = {{40, close_lots(1, ExitReason::kTarget)}, {50, close_lots(2, ExitReason::kStop)}};
  const RunRecords r = d.run();
  const Tries tries = {{40, OrderStatus::kRejected}, {60, OrderStatus::kFilled}};
  EXPECT_EQ(expect_one_close(r, d, tries, ExitReason::kStop).lots, 2);
}

TEST(Close, UnderLatencyAFailedTryGoesAgainTheSecondAfterItsFillTime) {
  // Latency 2 s: decided at 40, tried at 42 (stale: rejected), sent again at
  // 43 and tried at 45, ... until the try at 60 meets the new quote.
  CloseDay d;
  d.execution.latency_seconds = 2;
  d.acts = {{40, close_lots(2, ExitReason::kStop)}};
  const RunRecords r = d.run();
  Tries tries;
  for (WallNanos tried = 42; tried < 60; tried += 3) tries.emplace_back(tried, OrderStatus::kRejected);
  tries.emplace_back(60, OrderStatus::kFilled);
  EXPECT_EQ(expect_one_close(r, d, tries, ExitReason::kStop).exit_price, 80);
}

TEST(Close, ClosingMoreLotsThanTheLegHoldsIsAnError) {
  CloseDay d;
  d.acts = {{10, close_lots(3, ExitReason::kStop)}};
  EXPECT_THROW(d.run(), Error);
}

}  // namespace
}  // namespace tapelab::engine
