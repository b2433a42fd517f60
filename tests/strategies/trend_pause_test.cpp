// The trend-pause type and its preset TP on hand-built days. Spot is flat at
// 26000 until 11:00, so the 21 five-minute closes to 11:00 seed both EMAs at
// 26000; one bar at another level then sets a trend whose EMAs are known by
// hand (alpha 2/6 and 2/22), and a later spot value makes the pause.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strategies/presets.h"
#include "strategies/scenario.h"
#include "strategies/trend_pause.h"

namespace tapelab::strategies {
namespace {

using engine::ExitReason;
using engine::RunRecords;
using engine::TradeRecord;
using namespace testing;

MicroDay chain() {
  MicroDay day;
  for (std::int32_t strike = 25800; strike <= 26200; strike += 50) {
    day.quote(kCE, strike, 0, 30, 31).quote(kPE, strike, 0, 40, 41);
  }
  return day;
}

// Up trend: the 11:00 bar closes at 26100 (seen at 11:05): EMA5 26033.33,
// EMA21 26009.09. At 11:07 spot 26020 sits between them: sell the put nearest
// 26020 - 100 = 25920, i.e. 25900 (25950 is 30 away).
MicroDay up_trend() {
  MicroDay day = chain();
  day.spot(0, 26000).spot(at(11, 0), 26100).spot(at(11, 7), 26020);
  return day;
}

TEST(PresetTP, SellsThePutOnAPauseInAnUpTrendAndLeavesOnACloseBelowEma21) {
  MicroDay day = up_trend();
  // The 11:05 bar closes at 26020 > EMA21 26010.08; the 11:10 bar at 26000 < 26009.17.
  day.spot(at(11, 12), 26000);
  const RunRecords r = run(preset("TP"), day);
  ASSERT_EQ(r.trades.size(), 1u);  // after it, spot stays below EMA21 and above EMA5: no new pause
  const TradeRecord& put = leg(r, 1, kPE, 25900);
  EXPECT_EQ(second_of(put.entry_time), at(11, 7));
  EXPECT_EQ(put.exit_reason, ExitReason::kSignal);
  EXPECT_EQ(second_of(put.exit_time), at(11, 15));
  EXPECT_DOUBLE_EQ(put.gross_rupees, (40.0 - 41) * 75);
}

TEST(PresetTP, RollsOneHundredPointsWithTheTrendThenTakesHalfThePremium) {
  MicroDay day = up_trend();
  day.spot(at(11, 8), 26120);  // 100 above the spot at the sale: roll to the put nearest 26020 -> 26000
  day.quote(kPE, 26000, 0, 60, 61).quote(kPE, 26000, at(11, 30), 29, 30);  // 30.5 of 60 kept >= 50%
  const RunRecords r = run(preset("TP"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  const TradeRecord& first = leg(r, 1, kPE, 25900);
  EXPECT_EQ(first.exit_reason, ExitReason::kAdjustment);
  EXPECT_EQ(second_of(first.exit_time), at(11, 8));
  const TradeRecord& rolled = leg(r, 1, kPE, 26000);
  EXPECT_EQ(second_of(rolled.entry_time), at(11, 8));
  EXPECT_DOUBLE_EQ(rolled.entry_price, 60);
  EXPECT_EQ(rolled.exit_reason, ExitReason::kTarget);
  EXPECT_EQ(second_of(rolled.exit_time), at(11, 30));
  EXPECT_DOUBLE_EQ(rolled.gross_rupees, (60.0 - 30) * 75);
}

TEST(PresetTP, SellsTheCallInADownTrendAndStopsWhenThePremiumDoubles) {
  MicroDay day = chain();
  // The 11:00 bar closes at 25900: EMA5 25966.67 < EMA21 25990.91. At 11:07
  // spot 25980 is between them: sell the call nearest 26080 -> 26100.
  day.spot(0, 26000).spot(at(11, 0), 25900).spot(at(11, 7), 25980);
  day.quote(kCE, 26100, at(11, 9), 60, 61);  // mark 60.5 - 30 >= 1.0 x 30
  // After the stop a new entry waits for the next bar close (11:10), when
  // spot 26050 is above EMA21: no pause.
  day.spot(at(11, 9, 30), 26050);
  const RunRecords r = run(preset("TP"), day);
  ASSERT_EQ(r.trades.size(), 1u);
  const TradeRecord& call = leg(r, 1, kCE, 26100);
  EXPECT_EQ(second_of(call.entry_time), at(11, 7));
  EXPECT_EQ(call.exit_reason, ExitReason::kStop);
  EXPECT_EQ(second_of(call.exit_time), at(11, 9));
  EXPECT_DOUBLE_EQ(call.gross_rupees, (30.0 - 61) * 75);
}

TEST(PresetTP, NoEntryBeforeTheEmasHaveTheirBars) {
  MicroDay day = chain();
  // The same shape two hours early: at 09:27 only 2 closes, fewer than
  // min_bars = 21. Back at 26000 from 09:40, EMA5 stays above spot and below
  // EMA21 (a down trend without a pause) through the rest of the day.
  day.spot(0, 26000).spot(at(9, 20), 26100).spot(at(9, 27), 26020).spot(at(9, 40), 26000);
  EXPECT_TRUE(run(preset("TP"), day).trades.empty());
}

TEST(PresetTP, EntersOnlyUntil1400) {
  MicroDay day = chain();
  // The 13:50 and 13:55 bars close at 26100 (seen at 13:55 and 14:00): EMA5
  // 26055.56, EMA21 26017.36. Spot 26020 at 14:01 is a pause, after 14:00.
  day.spot(0, 26000).spot(at(13, 50), 26100).spot(at(14, 1), 26020);
  EXPECT_TRUE(run(preset("TP"), day).trades.empty());
  StrategyConfig until_1430 = preset("TP");
  until_1430.params.as<TrendPauseParams>().window.to = at(14, 30);
  const RunRecords r = run(until_1430, day);
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(second_of(leg(r, 1, kPE, 25900).entry_time), at(14, 1));  // nearest 26020 - 100
}

// The previous session, Friday 2025-11-14 (the trading day before MicroDay's
// Monday), flat at 26000: a row every 5 s from 09:15:00 to 15:30:00.
market::SeriesColumns flat_friday() {
  market::SeriesColumns spot;
  const domain::Date friday = domain::Date::from_ymd(2025, 11, 14);
  for (std::int32_t s = at(9, 15); s <= at(15, 30); s += 5) {
    spot.time.push_back(domain::wall_time(friday, 0, 0, 0) + std::int64_t{s} * domain::kNanosPerSecond);
    spot.price.push_back(26000);
  }
  return spot;
}

// Monday: 26000 to 09:55, 26100 over the 09:55 bar, 26020 from 10:00. The
// 09:55 bar closes at 26100, seen at 10:00:00: EMA5 = 26000 + 100 x 2/6 =
// 26033.33, EMA21 = 26000 + 100 x 2/22 = 26009.09, and spot 26020 is between.
MicroDay up_at_ten() {
  MicroDay day = chain();
  day.spot(0, 26000).spot(at(9, 55), 26100).spot(at(10, 0), 26020);
  return day;
}

TEST(PresetTP, WarmedOnThePreviousSessionItCanSellAtTen) {
  // Friday's 76 bars (09:15 ... 15:25, and the one-row 15:30 bar seen at
  // Monday's 09:15:00), then Monday's 9 bars to 09:55, all but the last at
  // 26000: the EMAs are trusted (85 closes >= 21) with the values above. Sell
  // the put nearest 26020 - 100 = 25920: 25900, at the window's first second.
  const RunRecords r = run(preset("TP"), up_at_ten(), flat_friday());
  ASSERT_EQ(r.trades.size(), 1u);
  const TradeRecord& put = leg(r, 1, kPE, 25900);
  EXPECT_EQ(second_of(put.entry_time), at(10, 0));
  EXPECT_DOUBLE_EQ(put.entry_price, 40);
}

TEST(PresetTP, WithoutThePreviousSessionTheFirstSaleWaitsForTheTwentyFirstClose) {
  // Only Monday's 9 closes at 10:00. The closes after it are 26020: EMA5
  // falls to 26020 from above, EMA21 rises to it from below, so spot 26020
  // stays a pause until the 21st close (the 10:55 bar, seen at 11:00:00).
  StrategyConfig cold = preset("TP");
  cold.params.as<TrendPauseParams>().warm_up = false;
  for (const RunRecords& r : {run(preset("TP"), up_at_ten()), run(cold, up_at_ten(), flat_friday())}) {
    ASSERT_EQ(r.trades.size(), 1u);
    EXPECT_EQ(second_of(leg(r, 1, kPE, 25900).entry_time), at(11, 0));
  }
}

}  // namespace
}  // namespace tapelab::strategies
