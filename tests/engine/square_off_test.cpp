// The square-off's fallbacks
// (docs/strategy-guide.md#the-engines-rules-in-short, "Intraday"), crossed
// books and the age of the last traded price, on hand-built micro-days. Every
// expected price is worked out by hand in the comment beside it.
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/costs.h"
#include "engine/runner.h"
#include "micro_day.h"

namespace tapelab::engine {
namespace {

using domain::Date;
using domain::OptionType;
using domain::WallNanos;
using testing::MicroDay;
using testing::Quote;
using testing::quote;
using testing::scripted;
using testing::traded;

const Date kDay = Date::from_ymd(2025, 11, 18);
const Date kExpiry = Date::from_ymd(2025, 11, 25);
const OptionKey kCall{kExpiry, OptionType::kCall, 26000};
const OptionKey kPut{kExpiry, OptionType::kPut, 26000};
constexpr std::int32_t kNineTwenty = 9 * 3600 + 20 * 60;

using testing::buy;
using testing::sell;

ExecutionConfig square_off_at_nine_twenty() {
  ExecutionConfig execution;
  execution.square_off_seconds = kNineTwenty;
  return execution;
}

// Runs `script` once, at the day's first row (9:15:00).
RunRecords open_at_nine_fifteen(const MicroDay& day, const std::function<void(StrategyContext&)>& script,
                                const ExecutionConfig& execution = square_off_at_nine_twenty()) {
  const WallNanos open = day.at(9, 15, 0);
  return run_day({scripted("s", [open, script](StrategyContext& ctx) {
                    if (ctx.market().now() == open) script(ctx);
                  }, execution)},
                 day.tape());
}

// A row bid 79 (1000 units) whose ask side is `levels`.
Quote asks(WallNanos time, std::vector<BookLevelView> levels) {
  Quote q = quote(time, 79, 0);
  q.asks = std::move(levels);
  return q;
}

TEST(SquareOff, WalksTheBookOfTheLastQuoteAndReportsItsTrueAge) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75,
               {quote(day.at(9, 15, 0), 100, 101), asks(day.at(9, 15, 10), {{80, 75}, {81, 75}, {82, 75}})});
  const RunRecords r = open_at_nine_fifteen(day, [](StrategyContext& ctx) { ctx.submit(sell(kCall, 3)); });
  ASSERT_EQ(r.trades.size(), 1u);
  const TradeRecord& t = r.trades[0];
  EXPECT_DOUBLE_EQ(t.exit_price, 81);  // 75 @ 80 + 75 @ 81 + 75 @ 82, / 225
  EXPECT_EQ(t.exit_pricing, ExitPricing::kStale);
  EXPECT_EQ(t.exit_quote_age_seconds, 290);  // 9:20:00 - 9:15:10
  EXPECT_FALSE(t.beyond_depth);
}

TEST(SquareOff, FillsBeyondTheVisibleDepthAtTheConfiguredPenalty) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75,
               {quote(day.at(9, 15, 0), 100, 101), asks(day.at(9, 19, 59), {{80, 75}, {81, 75}})});
  ExecutionConfig two_percent = square_off_at_nine_twenty();
  two_percent.depth_penalty_pct = 2;
  for (const auto& [execution, expected] : {std::pair{square_off_at_nine_twenty(), (80 + 81 + 81 * 1.01) / 3},
                                            std::pair{two_percent, (80 + 81 + 81 * 1.02) / 3}}) {
    // 225 units against 150 visible: 75 @ 80, 75 @ 81, the last 75 at 81 made worse by the penalty.
    const RunRecords r =
        open_at_nine_fifteen(day, [](StrategyContext& ctx) { ctx.submit(sell(kCall, 3)); }, execution);
    ASSERT_EQ(r.trades.size(), 1u);
    const TradeRecord& t = r.trades[0];
    EXPECT_NEAR(t.exit_price, expected, 1e-9);
    EXPECT_TRUE(t.beyond_depth);
    EXPECT_EQ(t.exit_pricing, ExitPricing::kQuote);  // a fresh quote, one second old: not stale
    EXPECT_EQ(t.exit_quote_age_seconds, 1);
  }
}

TEST(SquareOff, ALegWithNoQuoteAfterEntryClosesAtTheOppositeSideOfItsEntryQuoteFlaggedUnpriced) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 100, 101)});
  const RunRecords r = open_at_nine_fifteen(day, [](StrategyContext& ctx) { ctx.submit(sell(kCall)); });
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].entry_price, 100);
  EXPECT_EQ(r.trades[0].exit_price, 101);  // the ask of the 9:15:00 quote, not the entry price
  EXPECT_EQ(r.trades[0].exit_pricing, ExitPricing::kUnpriced);
  EXPECT_EQ(r.trades[0].exit_quote_age_seconds, 300);
}

TEST(SquareOff, AnExpiringLegWithNoQuoteAfterEntrySettlesAtIntrinsicValueAgainstTheLastSpot) {
  MicroDay day(kDay, "NIFTY");  // 2025-11-18 is the contracts' expiry here
  day.spot(day.at(9, 15, 0), 26000).spot(day.at(15, 29, 0), 26040);
  day.contract(kDay, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 100, 101)});
  day.contract(kDay, OptionType::kPut, 26000, 75, {quote(day.at(9, 15, 0), 90, 91)});
  const RunRecords r = open_at_nine_fifteen(day, [](StrategyContext& ctx) {
    ctx.submit(buy({kDay, OptionType::kCall, 26000}));
    ctx.submit(sell({kDay, OptionType::kPut, 26000}));
  });
  ASSERT_EQ(r.trades.size(), 2u);
  const TradeRecord& call = r.trades[0].key.type == OptionType::kCall ? r.trades[0] : r.trades[1];
  const TradeRecord& put = r.trades[0].key.type == OptionType::kPut ? r.trades[0] : r.trades[1];
  for (const TradeRecord* t : {&call, &put}) {
    EXPECT_EQ(t->exit_pricing, ExitPricing::kSettled);
    EXPECT_EQ(t->exit_time, day.at(15, 30, 0));   // the session's last second
    EXPECT_EQ(t->exit_quote_age_seconds, 60);     // the spot of 15:29:00
    EXPECT_EQ(t->costs, 5);                       // the entry order only: settlement is no order
  }
  EXPECT_EQ(call.exit_price, 40);            // 26040 - 26000
  EXPECT_EQ(call.gross_rupees, -4575);       // (40 - 101) x 75
  EXPECT_EQ(put.exit_price, 0);              // out of the money: worthless
  EXPECT_EQ(put.gross_rupees, 6750);         // (90 - 0) x 75 for the seller
}

TEST(SquareOff, SettlementChargesSttOnExerciseToTheHolderAtTheDatedRate) {
  CostConfig statutory;
  statutory.model = CostConfig::Model::kStatutory;
  // Intrinsic 40 x 75 units = Rs 3000 of settlement value.
  EXPECT_DOUBLE_EQ(settlement_costs(statutory, kDay, Side::kBuy, 40, 75).total(), 3.75);  // 0.125%
  EXPECT_DOUBLE_EQ(settlement_costs(statutory, Date::from_ymd(2026, 4, 7), Side::kBuy, 40, 75).stt, 4.5);  // 0.15%
  EXPECT_DOUBLE_EQ(settlement_costs(statutory, kDay, Side::kSell, 40, 75).total(), 0);  // the writer pays none
  EXPECT_DOUBLE_EQ(settlement_costs(CostConfig{}, kDay, Side::kBuy, 40, 75).total(), 0);  // flat: per order only
}

TEST(CrossedBook, NeitherFillsNorMarksByDefaultAndIsCounted) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 102, 101)});  // crossed
  day.contract(kExpiry, OptionType::kPut, 26000, 75, {quote(day.at(9, 15, 0), 90, 90)});     // locked
  OrderResult call, put;
  std::optional<double> mid = 0;
  const RunRecords r = open_at_nine_fifteen(day, [&](StrategyContext& ctx) {
    call = ctx.submit(sell(kCall));
    put = ctx.submit(buy(kPut));
    mid = ctx.mark(kCall, MarkModel::kMid);
  });
  EXPECT_EQ(call.reason, RejectReason::kCrossedBook);
  EXPECT_EQ(put.reason, RejectReason::kCrossedBook);
  EXPECT_EQ(mid, std::nullopt);
  EXPECT_TRUE(r.trades.empty());
  ASSERT_EQ(r.days.size(), 1u);
  EXPECT_EQ(r.days[0].crossed_book_skips, 3);  // two orders and one mark
  EXPECT_EQ(r.orders[0].reason, "crossed-book");
}

TEST(CrossedBook, FillsWhenTheExecutionAllowsIt) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 102, 101)});
  ExecutionConfig execution = square_off_at_nine_twenty();
  execution.use_crossed_books = true;
  OrderResult call;
  const RunRecords r = open_at_nine_fifteen(day, [&](StrategyContext& ctx) { call = ctx.submit(sell(kCall)); },
                                            execution);
  EXPECT_TRUE(call.filled);
  EXPECT_EQ(call.price, 102);
  EXPECT_EQ(r.days[0].crossed_book_skips, 0);
}

TEST(LastTrade, AnLtpFillAndMarkAreJudgedByTheLastTradeTimeNotTheRowTime) {
  MicroDay day(kDay, "NIFTY");
  // Three fresh rows at 9:15:00; the trades behind their LTPs are 10 s old,
  // 15 minutes old, and unknown (a null lastTradeTime).
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {traded(quote(day.at(9, 15, 0), 100, 102), 101, day.at(9, 14, 50))});
  day.contract(kExpiry, OptionType::kPut, 26000, 75, {traded(quote(day.at(9, 15, 0), 90, 92), 91, day.at(9, 0, 0))});
  const OptionKey unknown{kExpiry, OptionType::kCall, 26100};
  day.contract(kExpiry, OptionType::kCall, 26100, 75, {traded(quote(day.at(9, 15, 0), 60, 62), 61, 0)});
  ExecutionConfig ltp = square_off_at_nine_twenty();
  ltp.fill_model = FillModel::kLtp;
  OrderResult fresh, old, null_time;
  std::optional<double> old_mark = 0;
  open_at_nine_fifteen(day, [&](StrategyContext& ctx) {
    fresh = ctx.submit(sell(kCall));
    old = ctx.submit(sell(kPut));
    null_time = ctx.submit(sell(unknown));
    old_mark = ctx.mark(kPut, MarkModel::kLtp);
  }, ltp);
  EXPECT_TRUE(fresh.filled);
  EXPECT_EQ(fresh.price, 101);
  EXPECT_EQ(fresh.quote_age_seconds, 10);
  EXPECT_EQ(old.reason, RejectReason::kStaleQuote);
  EXPECT_EQ(old.quote_age_seconds, 900);
  EXPECT_EQ(null_time.reason, RejectReason::kStaleQuote);
  EXPECT_EQ(old_mark, std::nullopt);
}

}  // namespace
}  // namespace tapelab::engine
