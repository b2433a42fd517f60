// LegCloser: a rejected closing order waits for a new quote, a filled one
// does not hold back the leg's next exit (a partial exit, then a stop).
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/micro_day.h"
#include "engine/runner.h"
#include "strategies/legs.h"

namespace tapelab::strategies {
namespace {

using domain::Date;
using domain::OptionType;
using engine::ExitReason;
using engine::OptionKey;
using engine::RunRecords;
using engine::Side;
using engine::StrategyContext;
using engine::testing::MicroDay;
using engine::testing::quote;

const Date kDay = Date::from_ymd(2025, 11, 18);
const Date kExpiry = Date::from_ymd(2025, 11, 25);
const OptionKey kCall{kExpiry, OptionType::kCall, 26000};

// Sells 2 lots at 9:15:00 (bid 100), then runs `exits` at the given seconds.
// The call quotes once more, at 9:16:00 (ask 80).
RunRecords exits_at(std::vector<std::pair<int, std::function<void(StrategyContext&, LegCloser&)>>> exits) {
  MicroDay day(kDay, "NIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {quote(day.at(9, 15, 0), 100, 101), quote(day.at(9, 16, 0), 79, 80)});
  auto closer = std::make_shared<LegCloser>();
  const auto open = day.at(9, 15, 0);
  const auto script = [=](StrategyContext& ctx) {
    if (ctx.market().now() == open) ctx.submit(engine::testing::order(kCall, Side::kSell, 2));
    for (const auto& [second, exit] : exits) {
      if (ctx.market().now() == open + std::int64_t{second} * domain::kNanosPerSecond) exit(ctx, *closer);
    }
  };
  return engine::run_day({engine::testing::scripted("s", script)}, day.tape());
}

bool close_one_lot(StrategyContext& ctx, LegCloser& closer, ExitReason reason) {
  if (ctx.open_legs().empty()) return false;
  return closer.close(ctx, ctx.open_legs()[0], 1, reason, 0);
}

TEST(LegCloser, AStopInTheSameSecondAsAPartialExitIsSent) {
  bool stop_sent = false;
  const RunRecords r = exits_at({{60, [&](StrategyContext& ctx, LegCloser& closer) {
                                    close_one_lot(ctx, closer, ExitReason::kTarget);
                                    stop_sent = close_one_lot(ctx, closer, ExitReason::kStop);
                                  }}});
  EXPECT_TRUE(stop_sent);
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(r.trades[0].exit_reason, ExitReason::kTarget);
  EXPECT_EQ(r.trades[1].exit_reason, ExitReason::kStop);
  EXPECT_EQ(r.trades[1].exit_price, 80);  // 9:16:00's ask, not the square-off
}

TEST(LegCloser, AStopTheNextSecondAgainstTheSameQuoteIsSent) {
  bool stop_sent = false;
  const RunRecords r =
      exits_at({{60, [](StrategyContext& ctx, LegCloser& closer) { close_one_lot(ctx, closer, ExitReason::kTarget); }},
                {61, [&](StrategyContext& ctx, LegCloser& closer) {
                   stop_sent = close_one_lot(ctx, closer, ExitReason::kStop);
                 }}});
  EXPECT_TRUE(stop_sent);
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(r.trades[1].exit_reason, ExitReason::kStop);
  EXPECT_EQ(r.trades[1].exit_time, r.trades[0].exit_time + domain::kNanosPerSecond);
}

TEST(LegCloser, ARejectedCloseWaitsForANewQuote) {
  // At 9:15:40 the 9:15:00 quote is 40 s old: stale. The retry a second later
  // meets the same quote and is held back; 9:16:00 brings a new one.
  std::vector<bool> sent;
  const auto attempt = [&](StrategyContext& ctx, LegCloser& closer) {
    sent.push_back(close_one_lot(ctx, closer, ExitReason::kStop));
  };
  const RunRecords r = exits_at({{40, attempt}, {41, attempt}, {60, attempt}});
  EXPECT_EQ(sent, (std::vector<bool>{true, false, true}));
  ASSERT_GE(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].exit_reason, ExitReason::kStop);
}

}  // namespace
}  // namespace tapelab::strategies
