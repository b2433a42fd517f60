// The signal presets (B1-B8, B1b, B3b, OBA) on hand-built days where each
// one's trades are known in advance: the second a setup's conditions all hold
// (entry time, strike, price at the touch), and the exit that fires first
// (time, reason, price, P&L). Rows print every second; quotes hold until the
// next step. Spot 26010: ATM by ce_up_pe_down is the 26050 CE and 26000 PE.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "strategies/clock.h"
#include "strategies/presets.h"
#include "strategies/scenario.h"

namespace tapelab::strategies {
namespace {

using engine::ExitReason;
using engine::RunRecords;
using engine::Side;
using engine::TradeRecord;
using testing::at;
using testing::kCE;
using testing::kPE;
using testing::MicroDay;
using Book = MicroDay::Book;

constexpr std::int32_t kCall = 26050;
constexpr std::int32_t kPut = 26000;

// Both ATM options flat at 99.9 / 100.1 (LTP 100), 1000 units a side, and
// `volume` units traded every second.
MicroDay flat_day(std::int64_t volume = 0) {
  MicroDay day(1);
  day.spot(0, 26010);
  day.book(kCE, kCall, 0, Book{99.9, 100.1, 1000, 1000, 0, volume});
  day.book(kPE, kPut, 0, Book{99.9, 100.1, 1000, 1000, 0, volume});
  return day;
}

struct Expected {
  std::int32_t entry;
  domain::OptionType type;
  std::int32_t strike;
  Side side;
  double entry_price;
  std::int32_t exit;
  ExitReason reason;
  double exit_price;
  double net;  // rupees after Rs 5 per order
  std::int32_t lots = 1;
};

void expect_trade(const TradeRecord& t, const Expected& e) {
  EXPECT_EQ(testing::second_of(t.entry_time), e.entry);
  EXPECT_EQ(t.key.type, e.type);
  EXPECT_EQ(t.key.strike, e.strike);
  EXPECT_EQ(t.key.expiry, MicroDay::expiry());
  EXPECT_EQ(t.side, e.side);
  EXPECT_DOUBLE_EQ(t.entry_price, e.entry_price);
  EXPECT_EQ(testing::second_of(t.exit_time), e.exit);
  EXPECT_EQ(t.exit_reason, e.reason) << engine::to_string(t.exit_reason);
  EXPECT_DOUBLE_EQ(t.exit_price, e.exit_price);
  EXPECT_EQ(t.lots, e.lots);
  EXPECT_NEAR(t.net, e.net, 1e-6);
}

RunRecords run_preset(const std::string& name, const MicroDay& day) { return testing::run(preset(name), day); }

TEST(SignalPresets, B1BuysTheMomentumAndTrailsFromThePeak) {
  MicroDay day = flat_day();
  // 12:10 the CE jumps to mid 102 with the bids 2x the asks: EMA5 100.67 >
  // EMA21 100.18, depth 2000 > 1.5 x 1000, spread 0.2 / 102 = 0.2%.
  day.book(kCE, kCall, at(12, 10), Book{101.9, 102.1, 2000, 1000});
  day.book(kCE, kCall, at(12, 11), Book{109.9, 110.1, 2000, 1000});  // peak mid 110: 7.9 up, trail armed (> 5%)
  day.book(kCE, kCall, at(12, 11, 30), Book{103.9, 104.1});            // 6 below the peak >= 5% of 110
  const RunRecords r = run_preset("B1", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // (103.9 - 102.1) x 75 = 135, less Rs 10.
  expect_trade(r.trades[0], {at(12, 10), kCE, kCall, Side::kBuy, 102.1, at(12, 11, 30), ExitReason::kTrail, 103.9, 125});
}

TEST(SignalPresets, B1StopsOnTheTimeLimitAndStopBeforeTheEmaCross) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.9, 102.1, 2000, 1000});
  day.book(kCE, kCall, at(12, 20), Book{101.9, 102.1});  // balanced again: no new entry after the exit
  // A second entry at 13:00 (mid 104) falls 11 points at 13:01: the 10% stop (and the
  // EMA cross down, later in the order) fire in the same second: stop.
  day.book(kCE, kCall, at(13, 0), Book{103.9, 104.1, 2000, 1000});
  day.book(kCE, kCall, at(13, 1), Book{92.9, 93.1});
  const RunRecords r = run_preset("B1", day);
  ASSERT_EQ(r.trades.size(), 2u);
  expect_trade(r.trades[0], {at(12, 10), kCE, kCall, Side::kBuy, 102.1, at(12, 20), ExitReason::kTime, 101.9, -25});
  expect_trade(r.trades[1], {at(13, 0), kCE, kCall, Side::kBuy, 104.1, at(13, 1), ExitReason::kStop, 92.9, -850});
}

TEST(SignalPresets, B1bBreakevenPartialAndTrailedRunner) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.9, 102.1, 2000, 1000});  // limit at the ask 102.1 fills at once
  day.book(kCE, kCall, at(12, 11), Book{107.9, 108.1, 2000, 1000});  // +5.9 >= 5%: stop to entry + 1
  day.book(kCE, kCall, at(12, 12), Book{112.9, 113.1, 2000, 1000});  // +10.9 >= 10%: sell 1 of 2 lots
  day.book(kCE, kCall, at(12, 13), Book{106.9, 107.1});              // 6 off the peak 113 >= 5%: trail
  const RunRecords r = run_preset("B1b", day);
  const std::vector<TradeRecord> trades = testing::trades_of(r, 1);
  ASSERT_EQ(r.trades.size(), 2u);
  ASSERT_EQ(trades.size(), 2u);
  // Each lot carries half the entry order's Rs 5: (112.9 - 102.1) x 75 - 7.5; (106.9 - 102.1) x 75 - 7.5.
  expect_trade(trades[0], {at(12, 10), kCE, kCall, Side::kBuy, 102.1, at(12, 12), ExitReason::kTarget, 112.9, 802.5});
  expect_trade(trades[1], {at(12, 10), kCE, kCall, Side::kBuy, 102.1, at(12, 13), ExitReason::kTrail, 106.9, 352.5});
}

TEST(SignalPresets, B1bBreakevenStopAtEntryPlusOne) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.9, 102.1, 2000, 1000});
  day.book(kCE, kCall, at(12, 11), Book{107.9, 108.1, 2000, 1000});  // armed at +5.9
  day.book(kCE, kCall, at(12, 12), Book{102.9, 103.1});              // mid 103 <= 102.1 + 1
  const RunRecords r = run_preset("B1b", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // Both lots: (102.9 - 102.1) x 150 - 10.
  expect_trade(r.trades[0], {at(12, 10), kCE, kCall, Side::kBuy, 102.1, at(12, 12), ExitReason::kStop, 102.9, 110, 2});
}

TEST(SignalPresets, B1bLimitEntryThatTheAskOutrunsIsCancelled) {
  // With 1 s latency the limit at the 12:10:00 ask (102.1) meets the 12:10:01
  // book, whose ask has moved to 102.6: it rests, and after limit_wait (5 s)
  // the strategy cancels it. The balanced book then offers no new entry.
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.9, 102.1, 2000, 1000});
  day.book(kCE, kCall, at(12, 10, 1), Book{102.4, 102.6});
  StrategyConfig config = preset("B1b");
  config.execution.latency_seconds = 1;
  const RunRecords r = testing::run(config, day);
  EXPECT_TRUE(r.trades.empty());
  const std::vector<std::string> notes = testing::notes(r);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "entry 26050 CE: limit not filled within 5 s, cancelled");
  std::vector<std::string> statuses;
  for (const engine::OrderRecord& o : r.orders) {
    if (o.status != "note") statuses.push_back(o.status + " " + format_clock(testing::second_of(o.time)));
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"resting 12:10:01", "cancelled 12:10:05"}));
}

TEST(SignalPresets, B1bLimitEntryFillsUnderLatencyWhenTheAskHolds) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.9, 102.1, 2000, 1000});
  day.book(kCE, kCall, at(12, 10, 2), Book{101.9, 102.1});
  day.book(kCE, kCall, at(12, 20), Book{90.9, 91.1});  // the 10% stop, 1 s latency on the exit too
  StrategyConfig config = preset("B1b");
  config.execution.latency_seconds = 1;
  const RunRecords r = testing::run(config, day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(12, 10, 1), kCE, kCall, Side::kBuy, 102.1, at(12, 20, 1), ExitReason::kStop, 90.9, -1690, 2});
}

TEST(SignalPresets, B2BuysTheDipInAnUptrendAndExitsBelowEma21) {
  MicroDay day = flat_day();
  // 10:00 the CE jumps to 120; after 20 s EMA5 119.994, EMA21 117.03. At
  // 10:00:20 it dips to 119 (EMA5 119.66, EMA21 117.21) with bq0 2x sq0.
  day.book(kCE, kCall, at(10, 0), Book{119.9, 120.1});
  day.book(kCE, kCall, at(10, 0, 20), Book{118.9, 119.1, 2000, 1000});
  day.book(kCE, kCall, at(10, 0, 21), Book{118.9, 119.1});
  day.book(kCE, kCall, at(10, 2), Book{109.9, 110.1});  // LTP 110 below EMA21 (about 118.9)
  const RunRecords r = run_preset("B2", day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(10, 0, 20), kCE, kCall, Side::kBuy, 119.1, at(10, 2), ExitReason::kSignal, 109.9, -700});
}

TEST(SignalPresets, B2TimeStopAfterFiveMinutes) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(10, 0), Book{119.9, 120.1});
  day.book(kCE, kCall, at(10, 0, 20), Book{118.9, 119.1, 2000, 1000});
  day.book(kCE, kCall, at(10, 0, 21), Book{118.9, 119.1});
  const RunRecords r = run_preset("B2", day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(10, 0, 20), kCE, kCall, Side::kBuy, 119.1, at(10, 5, 20), ExitReason::kTime, 118.9, -25});
}

TEST(SignalPresets, B3BuysTheEatenWallAndTakesTenTicks) {
  MicroDay day = flat_day(10);
  // 11:00:00-04 an ask wall of 10000 (mean sq0 of the 60 s before 11:00:05:
  // 1750; 10000 > 3x). 11:00:05 it is eaten to 2000, LTP 100.1 holds at the
  // top of the 0-point range, 100 traded > 3 x 10.
  day.book(kCE, kCall, at(11, 0), Book{99.9, 100.1, 1000, 10000, 0, 10});
  day.book(kCE, kCall, at(11, 0, 5), Book{100.0, 100.2, 1000, 2000, 0, 100});
  day.book(kCE, kCall, at(11, 0, 6), Book{100.0, 100.2, 1000, 2000, 0, 10});
  day.book(kCE, kCall, at(11, 0, 8), Book{100.7, 100.9, 1000, 2000, 0, 10});  // mid 100.8: +0.6 >= 0.5
  day.book(kCE, kCall, at(11, 0, 9), Book{99.9, 100.1, 1000, 1000, 0, 10});
  const RunRecords r = run_preset("B3", day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(11, 0, 5), kCE, kCall, Side::kBuy, 100.2, at(11, 0, 8), ExitReason::kTarget, 100.7, 27.5});
}

TEST(SignalPresets, B3bBuysTheTickUpAfterAReload) {
  MicroDay day(1);
  day.spot(0, 26010);
  day.book(kPE, kPut, 0, Book{99.9, 100.1, 100, 100});
  day.book(kCE, kCall, 0, Book{99.9, 100.1, 100, 100});
  // 11:00:00 2000 units print at the ask (> 10 x the mean ask size 100), the
  // ask size holds: a reload at LTP 100.1. 11:00:03 the LTP ticks up to 100.2.
  day.book(kCE, kCall, at(11, 0), Book{99.9, 100.1, 100, 100, 100.1, 2000});
  day.book(kCE, kCall, at(11, 0, 1), Book{99.9, 100.1, 100, 100, 100.1, 0});
  day.book(kCE, kCall, at(11, 0, 3), Book{100.1, 100.3, 100, 100});
  // No new best mark above the entry price 100.3 for 10 s: out at 11:00:13.
  const RunRecords r = run_preset("B3b", day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(11, 0, 3), kCE, kCall, Side::kBuy, 100.3, at(11, 0, 13), ExitReason::kTime, 100.1, -25});
}

TEST(SignalPresets, B4BuysOffAtmWhenSpotBreaksTheDaysHighOnExpiryDay) {
  MicroDay day(1);
  day.expiring_today();
  day.spot(0, 26010).spot(at(13, 40), 26030);  // above every earlier spot
  day.book(kCE, 26050, 0, Book{99.9, 100.1});
  day.book(kCE, 26100, 0, Book{49.9, 50.1});  // smallest strike >= 26030 + 50
  day.book(kCE, 26100, at(13, 45), Book{59.9, 60.1});  // +9.9 >= 10% of 50.1: trail armed
  day.book(kCE, 26100, at(13, 46), Book{53.5, 53.7});  // 6.4 off 60 >= 10%
  const RunRecords r = run_preset("B4", day);
  ASSERT_EQ(r.trades.size(), 1u);
  const TradeRecord& t = r.trades[0];
  EXPECT_EQ(t.key.expiry, MicroDay::date());
  EXPECT_EQ(testing::second_of(t.entry_time), at(13, 40));
  EXPECT_EQ(t.key.strike, 26100);
  EXPECT_DOUBLE_EQ(t.entry_price, 50.1);
  EXPECT_EQ(testing::second_of(t.exit_time), at(13, 46));
  EXPECT_EQ(t.exit_reason, ExitReason::kTrail);
  EXPECT_NEAR(t.net, (53.5 - 50.1) * 75 - 10, 1e-6);
}

TEST(SignalPresets, B4TradesOnlyOnExpiryDay) {
  MicroDay day(1);  // expiry tomorrow: no expiry with DTE 0
  day.spot(0, 26010).spot(at(13, 40), 26030);
  day.book(kCE, 26100, 0, Book{49.9, 50.1});
  EXPECT_TRUE(run_preset("B4", day).trades.empty());
}

TEST(SignalPresets, B5BuysTheMicroBurstAndLeavesWithoutProgress) {
  MicroDay day = flat_day(10);
  // 11:00:00 LTP 102.1 at the ask: 2.1 up in 3 s, 100 traded > 5 x 10.
  day.book(kCE, kCall, at(11, 0), Book{101.9, 102.1, 1000, 1000, 102.1, 100});
  day.book(kCE, kCall, at(11, 0, 1), Book{102.4, 102.6, 1000, 1000, 0, 10});  // best mark 102.5 at 11:00:01
  const RunRecords r = run_preset("B5", day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(11, 0), kCE, kCall, Side::kBuy, 102.1, at(11, 0, 3), ExitReason::kTime, 102.4, 12.5});
}

TEST(SignalPresets, B6BuysTheBreakOfACompressedRangeAndTrails) {
  MicroDay day = flat_day(10);
  day.book(kCE, kCall, at(11, 0), Book{100.9, 101.1, 1000, 1000, 0, 50});  // above the flat 100, 50 > 2 x 10
  day.book(kCE, kCall, at(11, 0, 1), Book{100.9, 101.1, 1000, 1000, 0, 10});
  day.book(kCE, kCall, at(11, 1), Book{109.9, 110.1, 1000, 1000, 0, 10});
  day.book(kCE, kCall, at(11, 2), Book{103.9, 104.1, 1000, 1000, 0, 10});  // 6 off 110 >= 5%
  const RunRecords r = run_preset("B6", day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(11, 0), kCE, kCall, Side::kBuy, 101.1, at(11, 2), ExitReason::kTrail, 103.9, 200});
}

TEST(SignalPresets, B7BuysTheSqueezeBreakAndExitsBackInside) {
  MicroDay day = flat_day(10);
  // Every minute from 09:15: LTP 100 for 30 s, then 101. Closes all 101,
  // true ranges all 1: Bollinger 101 +- 0 inside Keltner 101 +- 1.5.
  for (std::int32_t minute = at(9, 15); minute < at(10, 0); minute += 60) {
    day.book(kCE, kCall, minute, Book{99.9, 100.1, 1000, 1000, 100, 10});
    day.book(kCE, kCall, minute + 30, Book{100.9, 101.1, 1000, 1000, 101, 10});
  }
  day.book(kCE, kCall, at(10, 0), Book{99.9, 100.1, 1000, 1000, 100, 10});
  day.book(kCE, kCall, at(10, 0, 10), Book{102.8, 103.0, 1000, 1000, 103, 10});  // 103 > 102.5 at the ask
  day.book(kCE, kCall, at(10, 0, 20), Book{101.9, 102.1, 1000, 1000, 102, 10});  // back below 102.5
  const RunRecords r = run_preset("B7", day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(10, 0, 10), kCE, kCall, Side::kBuy, 103.0, at(10, 0, 20), ExitReason::kSignal, 101.9, -92.5});
}

TEST(SignalPresets, B8BuysTheOpeningRangeBreakAboveVwapOnVolume) {
  MicroDay day = flat_day(10);
  day.book(kCE, kCall, at(9, 20), Book{101.9, 102.1, 1000, 1000, 0, 10});  // the opening range's high, 102
  day.book(kCE, kCall, at(9, 25), Book{100.9, 101.1, 1000, 1000, 0, 10});
  day.book(kCE, kCall, at(9, 59), Book{100.9, 101.1, 1000, 1000, 0, 20});  // the 09:59 bar: 1200 > 1.5 x 600
  day.book(kCE, kCall, at(10, 0), Book{102.9, 103.1, 1000, 1000, 0, 10});  // 103 > 102 and > VWAP (about 101)
  day.book(kCE, kCall, at(10, 5), Book{99.9, 100.1, 1000, 1000, 0, 10});   // below VWAP
  const RunRecords r = run_preset("B8", day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(10, 0), kCE, kCall, Side::kBuy, 103.1, at(10, 5), ExitReason::kSignal, 99.9, -250});
}

TEST(SignalPresets, ObaSellsTheCallIntoAnUpSpikeAndTakesSixPoints) {
  MicroDay day = flat_day(10);
  // 11:00 spot 26010 -> 26040 (+0.115% in 60 s); the ATM CE (26050) shows
  // sq0 2000 > 3 x bq0 500 and 50 traded > 2 x its 5-minute average 10.
  day.spot(at(11, 0), 26040);
  day.book(kCE, kCall, at(11, 0), Book{104.9, 105.1, 500, 2000, 0, 50});
  day.book(kCE, kCall, at(11, 0, 1), Book{104.9, 105.1, 1000, 1000, 0, 10});
  day.book(kCE, kCall, at(11, 2), Book{98.4, 98.6, 1000, 1000, 0, 10});  // mid 98.5: 6.4 gained
  const RunRecords r = run_preset("OBA", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // Sold at the bid 104.9, bought back at the ask 98.6: 6.3 x 75 - 10.
  expect_trade(r.trades[0], {at(11, 0), kCE, kCall, Side::kSell, 104.9, at(11, 2), ExitReason::kTarget, 98.6, 462.5});
}

TEST(SignalPresets, ObaStopsWhenSpotRunsFivePointsOn) {
  MicroDay day = flat_day(10);
  day.spot(at(11, 0), 26040).spot(at(11, 1), 26045);
  day.book(kCE, kCall, at(11, 0), Book{104.9, 105.1, 500, 2000, 0, 50});
  day.book(kCE, kCall, at(11, 0, 1), Book{104.9, 105.1, 1000, 1000, 0, 10});
  day.book(kCE, kCall, at(11, 1), Book{106.9, 107.1, 1000, 1000, 0, 10});
  const RunRecords r = run_preset("OBA", day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(11, 0), kCE, kCall, Side::kSell, 104.9, at(11, 1), ExitReason::kStop, 107.1, -175});
}

}  // namespace
}  // namespace tapelab::strategies
