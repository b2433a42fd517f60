// The signal presets (B1-B8, B1b, B3b, OBA) on hand-built days where each
// one's trades are known in advance: the second a setup's conditions all hold
// (entry time, strike, price at the touch), and the exit that fires first
// (time, reason, price, P&L). Rows print every second; quotes hold until the
// next step. Spot 26010: ATM by ce_up_pe_down is the 26050 CE and 26000 PE.
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "strategies/clock.h"
#include "strategies/presets.h"
#include "strategies/scenario.h"
#include "strategies/signal.h"
#include "util/error.h"

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
  // EMA21 100.18, depth 2000 > 1.5 x 1000, spread 0.1 / 102 = 0.098% <= 0.1%.
  day.book(kCE, kCall, at(12, 10), Book{101.95, 102.05, 2000, 1000});
  day.book(kCE, kCall, at(12, 11), Book{109.9, 110.1, 2000, 1000});  // peak mid 110
  day.book(kCE, kCall, at(12, 11, 30), Book{103.9, 104.1});            // 6 below the peak >= 5% of 110 (5.5)
  const RunRecords r = run_preset("B1", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // (103.9 - 102.05) x 75 = 138.75, less Rs 10.
  expect_trade(r.trades[0], {at(12, 10), kCE, kCall, Side::kBuy, 102.05, at(12, 11, 30), ExitReason::kTrail, 103.9, 128.75});
}

TEST(SignalPresets, B1EntersOnlyOnASpreadOfTenBasisPointsOrLess) {
  MicroDay day = flat_day();
  // 12:10 the setup with a spread of 0.2 / 102 = 0.196%: within the old
  // 0.5%, not within the users' `spread < 0.001`.
  day.book(kCE, kCall, at(12, 10), Book{101.9, 102.1, 2000, 1000});
  // 12:15 mid 103 with 0.1 / 103 = 0.097%: EMA5 > EMA21 on the rise.
  day.book(kCE, kCall, at(12, 15), Book{102.95, 103.05, 2000, 1000});
  day.book(kCE, kCall, at(12, 25), Book{102.95, 103.05});  // balanced: no entry after the exit
  const RunRecords r = run_preset("B1", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // Flat at mid 103 after: out on the 10-minute time stop, (102.95 - 103.05) x 75 - 10.
  expect_trade(r.trades[0], {at(12, 15), kCE, kCall, Side::kBuy, 103.05, at(12, 25), ExitReason::kTime, 102.95, -17.5});
}

TEST(SignalPresets, B1TrailsFromTheEntryPriceBeforeAnyGain) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.95, 102.05, 2000, 1000});
  // 12:11 mid 96.5: 5.55 below the entry 102.05 >= 5% of it (5.1025), short
  // of the 10% stop (10.205). The users' trail starts at the entry price.
  day.book(kCE, kCall, at(12, 11), Book{96.45, 96.55});
  const RunRecords r = run_preset("B1", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // (96.45 - 102.05) x 75 = -420, less Rs 10.
  expect_trade(r.trades[0], {at(12, 10), kCE, kCall, Side::kBuy, 102.05, at(12, 11), ExitReason::kTrail, 96.45, -430});
}

TEST(SignalPresets, B1StopsOnTheTimeLimitAndStopBeforeTheEmaCross) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.95, 102.05, 2000, 1000});
  day.book(kCE, kCall, at(12, 20), Book{101.95, 102.05});  // balanced again: no new entry after the exit
  // A second entry at 13:00 (mid 104) falls 11 points at 13:01: the 10% stop
  // (and the trail and the EMA cross down, later in the order) fire in the
  // same second: stop.
  day.book(kCE, kCall, at(13, 0), Book{103.95, 104.05, 2000, 1000});
  day.book(kCE, kCall, at(13, 1), Book{92.9, 93.1});
  const RunRecords r = run_preset("B1", day);
  ASSERT_EQ(r.trades.size(), 2u);
  // (101.95 - 102.05) x 75 - 10; (92.9 - 104.05) x 75 - 10.
  expect_trade(r.trades[0], {at(12, 10), kCE, kCall, Side::kBuy, 102.05, at(12, 20), ExitReason::kTime, 101.95, -17.5});
  expect_trade(r.trades[1], {at(13, 0), kCE, kCall, Side::kBuy, 104.05, at(13, 1), ExitReason::kStop, 92.9, -846.25});
}

TEST(SignalPresets, B1bBreakevenPartialAndARunnerThatTrailsFifteenPercent) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.95, 102.05, 2000, 1000});  // limit at the ask 102.05 fills at once
  day.book(kCE, kCall, at(12, 11), Book{107.9, 108.1, 2000, 1000});    // +5.95 >= 5%: stop to entry + 1
  day.book(kCE, kCall, at(12, 12), Book{112.9, 113.1, 2000, 1000});    // +10.95 >= 10%: sell 1 of 2 lots
  day.book(kCE, kCall, at(12, 13), Book{129.9, 130.1});                // the runner's peak, mid 130
  day.book(kCE, kCall, at(12, 14), Book{116.9, 117.1});  // 13 off the peak = 10%: the runner stays
  day.book(kCE, kCall, at(12, 15), Book{111.9, 112.1});  // 18 off < 15% of 130 (19.5): stays
  day.book(kCE, kCall, at(12, 16), Book{109.9, 110.1});  // 20 off >= 19.5: trail
  const RunRecords r = run_preset("B1b", day);
  const std::vector<TradeRecord> trades = testing::trades_of(r, 1);
  ASSERT_EQ(r.trades.size(), 2u);
  ASSERT_EQ(trades.size(), 2u);
  // Each lot carries half the entry order's Rs 5: (112.9 - 102.05) x 75 - 7.5; (109.9 - 102.05) x 75 - 7.5.
  expect_trade(trades[0], {at(12, 10), kCE, kCall, Side::kBuy, 102.05, at(12, 12), ExitReason::kTarget, 112.9, 806.25});
  expect_trade(trades[1], {at(12, 10), kCE, kCall, Side::kBuy, 102.05, at(12, 16), ExitReason::kTrail, 109.9, 581.25});
}

TEST(SignalPresets, B1bBreakevenStopAtEntryPlusOne) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.95, 102.05, 2000, 1000});
  day.book(kCE, kCall, at(12, 11), Book{107.9, 108.1, 2000, 1000});  // armed at +5.95
  day.book(kCE, kCall, at(12, 12), Book{102.9, 103.1});              // mid 103 <= 102.05 + 1
  const RunRecords r = run_preset("B1b", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // Both lots: (102.9 - 102.05) x 150 - 10.
  expect_trade(r.trades[0], {at(12, 10), kCE, kCall, Side::kBuy, 102.05, at(12, 12), ExitReason::kStop, 102.9, 117.5, 2});
}

TEST(SignalPresets, B1bLimitEntryThatTheAskOutrunsIsCancelled) {
  // With 1 s latency the limit at the 12:10:00 ask (102.05) meets the 12:10:01
  // book, whose ask has moved to 102.55: it rests, and after limit_wait (5 s)
  // the strategy cancels it. The balanced book then offers no new entry.
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.95, 102.05, 2000, 1000});
  day.book(kCE, kCall, at(12, 10, 1), Book{102.45, 102.55});
  StrategyConfig config = preset("B1b");
  config.execution.latency_seconds = 1;
  const RunRecords r = testing::run(config, day);
  EXPECT_TRUE(r.trades.empty());
  const std::vector<std::string> notes = testing::notes(r);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], "entry 26050 CE: limit not filled within 5 s, cancelled");
  std::vector<std::string> statuses;
  for (const engine::OrderRecord& o : r.orders) {
    if (o.status == engine::OrderStatus::kNote) continue;
    statuses.push_back(fmt::format("{} {}", engine::to_string(o.status), format_clock(testing::second_of(o.time))));
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"resting 12:10:01", "cancelled 12:10:05"}));
}

TEST(SignalPresets, B1bLimitEntryFillsUnderLatencyWhenTheAskHolds) {
  MicroDay day = flat_day();
  day.book(kCE, kCall, at(12, 10), Book{101.95, 102.05, 2000, 1000});
  day.book(kCE, kCall, at(12, 10, 2), Book{101.95, 102.05});
  day.book(kCE, kCall, at(12, 20), Book{90.9, 91.1});  // the 10% stop, 1 s latency on the exit too
  StrategyConfig config = preset("B1b");
  config.execution.latency_seconds = 1;
  const RunRecords r = testing::run(config, day);
  ASSERT_EQ(r.trades.size(), 1u);
  // (90.9 - 102.05) x 150 - 10.
  expect_trade(r.trades[0], {at(12, 10, 1), kCE, kCall, Side::kBuy, 102.05, at(12, 20, 1), ExitReason::kStop, 90.9, -1682.5, 2});
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

// 11:00:00-03 prints 500 units a second at the ask (ask size 100 holding):
// no second alone exceeds 10 x the mean ask size 100, their sum does from
// 11:00:02 (1500 > 1000), the reload at LTP 100.1. 11:00:05 the LTP ticks up.
MicroDay cumulative_reload_day() {
  MicroDay day(1);
  day.spot(0, 26010);
  day.book(kPE, kPut, 0, Book{99.9, 100.1, 100, 100});
  day.book(kCE, kCall, 0, Book{99.9, 100.1, 100, 100});
  day.book(kCE, kCall, at(11, 0), Book{99.9, 100.1, 100, 100, 100.1, 500});
  day.book(kCE, kCall, at(11, 0, 4), Book{99.9, 100.1, 100, 100, 100.1, 0});
  day.book(kCE, kCall, at(11, 0, 5), Book{100.1, 100.3, 100, 100});
  return day;
}

TEST(SignalPresets, B3bSumsTheVolumeAtTheAskOverTheReloadWindow) {
  const RunRecords r = run_preset("B3b", cumulative_reload_day());
  ASSERT_EQ(r.trades.size(), 1u);
  // Bought at the ask 100.3; no new best mark for 10 s: out at the bid 100.1 at 11:00:15.
  expect_trade(r.trades[0], {at(11, 0, 5), kCE, kCall, Side::kBuy, 100.3, at(11, 0, 15), ExitReason::kTime, 100.1, -25});
}

TEST(SignalPresets, B3bWithOneSecondsVolumeMissesASpreadOutReload) {
  StrategyConfig config = preset("B3b");
  config.params.as<SignalParams>().setup.ask_volume_seconds = 1;  // the first reading: one second's volume
  EXPECT_TRUE(testing::run(config, cumulative_reload_day()).trades.empty());
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

// The B5 day's 2.1-point burst at 11:00 and a 5.1-point one at 12:00, on `underlying`.
MicroDay micro_bursts(const std::string& underlying) {
  MicroDay day = flat_day(10);
  day.underlying(underlying);
  day.book(kCE, kCall, at(11, 0), Book{101.9, 102.1, 1000, 1000, 102.1, 100});
  day.book(kCE, kCall, at(11, 0, 1), Book{99.9, 100.1, 1000, 1000, 0, 10});
  day.book(kCE, kCall, at(12, 0), Book{104.9, 105.1, 1000, 1000, 105.1, 100});  // 5.1 up in 3 s, 100 > 5 x 10
  day.book(kCE, kCall, at(12, 0, 1), Book{105.4, 105.6, 1000, 1000, 0, 10});    // best mark 105.5
  return day;
}

TEST(SignalPresets, B5WantsTwoPointsOnNiftyAndFiveOnBankNifty) {
  const RunRecords nifty = run_preset("B5", micro_bursts("NIFTY"));
  ASSERT_EQ(nifty.trades.size(), 2u);
  EXPECT_EQ(testing::second_of(nifty.trades[0].entry_time), at(11, 0));
  const RunRecords banknifty = run_preset("B5", micro_bursts("BANKNIFTY"));
  ASSERT_EQ(banknifty.trades.size(), 1u);  // 2.1 points is no burst on BANKNIFTY
  // No new best mark for 2 s after 12:00:01: out at the bid 105.4; (105.4 - 105.1) x 75 - 10.
  expect_trade(banknifty.trades[0],
               {at(12, 0), kCE, kCall, Side::kBuy, 105.1, at(12, 0, 3), ExitReason::kTime, 105.4, 12.5});
}

TEST(SignalPresets, B5NeedsItsMovePointsForTheDaysUnderlying) {
  StrategyConfig config = preset("B5");
  config.params.as<SignalParams>().setup.min_move_points_by_underlying.erase("BANKNIFTY");
  EXPECT_THROW(testing::run(config, micro_bursts("BANKNIFTY")), Error);
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

// B7 on 1-second rows: flat at 100 from the open; from 09:50:00 the LTP
// alternates 101 / 100 each second (09:50:39 is 100), so at 09:50:40 the last
// 20 one-second bars close 10 x 100 and 10 x 101, every true range 1:
// Bollinger 100.5 +- 2 x 0.5 inside Keltner 100.5 +- 1.5 x 1. The LTP 103 at
// the ask 103.0 breaks above 102.0. Volume 10 a second keeps the VWAP near
// 100.5, below every price after the entry.
MicroDay squeeze_day() {
  MicroDay day(1);
  day.spot(0, 26010);
  day.book(kPE, kPut, 0, Book{99.9, 100.1, 1000, 1000, 100, 10});
  day.book(kCE, kCall, 0, Book{99.9, 100.1, 1000, 1000, 100, 10});
  for (std::int32_t s = 0; s < 40; ++s) {
    const double ltp = s % 2 == 0 ? 101 : 100;
    day.book(kCE, kCall, at(9, 50, s), Book{ltp - 0.1, ltp + 0.1, 1000, 1000, ltp, 10});
  }
  day.book(kCE, kCall, at(9, 50, 40), Book{102.8, 103.0, 1000, 1000, 103, 10});
  return day;
}

TEST(SignalPresets, B7BuysAOneSecondSqueezeAndStopsAtFivePercent) {
  MicroDay day = squeeze_day();
  // 09:50:41 mid 97.5: 5.5 below 103 >= 5% of it (5.15).
  day.book(kCE, kCall, at(9, 50, 41), Book{97.4, 97.6, 1000, 1000, 97.5, 10});
  const RunRecords r = run_preset("B7", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // (97.4 - 103) x 75 - 10.
  expect_trade(r.trades[0], {at(9, 50, 40), kCE, kCall, Side::kBuy, 103.0, at(9, 50, 41), ExitReason::kStop, 97.4, -430});
}

TEST(SignalPresets, B7MovesItsStopToEntryPlusOnePoint) {
  MicroDay day = squeeze_day();
  day.book(kCE, kCall, at(9, 50, 41), Book{108.4, 108.6, 1000, 1000, 108.5, 10});  // +5.5 >= 5%: armed
  // Mid 103.5 <= 103 + 1. (Keltner's upper line is about 103.0 then: no signal.)
  day.book(kCE, kCall, at(9, 50, 42), Book{103.4, 103.6, 1000, 1000, 103.5, 10});
  const RunRecords r = run_preset("B7", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // (103.4 - 103) x 75 - 10.
  expect_trade(r.trades[0], {at(9, 50, 40), kCE, kCall, Side::kBuy, 103.0, at(9, 50, 42), ExitReason::kStop, 103.4, 20});
}

TEST(SignalPresets, B7TrailsFifteenPercentFromThePeakOnceTenPercentUp) {
  MicroDay day = squeeze_day();
  day.book(kCE, kCall, at(9, 50, 41), Book{129.9, 130.1, 1000, 1000, 130, 10});  // peak 130, 26% up
  // 17 off the peak < 15% of 130 (19.5): stays (Keltner's upper line about 105.7).
  day.book(kCE, kCall, at(9, 50, 42), Book{112.9, 113.1, 1000, 1000, 113, 10});
  // 20 off >= 19.5: trail (the upper line about 107.5, still below).
  day.book(kCE, kCall, at(9, 50, 43), Book{109.9, 110.1, 1000, 1000, 110, 10});
  const RunRecords r = run_preset("B7", day);
  ASSERT_EQ(r.trades.size(), 1u);
  // (109.9 - 103) x 75 - 10.
  expect_trade(r.trades[0], {at(9, 50, 40), kCE, kCall, Side::kBuy, 103.0, at(9, 50, 43), ExitReason::kTrail, 109.9, 507.5});
}

TEST(SignalPresets, B7OnMinuteBarsBuysTheSqueezeBreakAndExitsBackInside) {
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
  StrategyConfig config = preset("B7");
  config.params.as<SignalParams>().setup.bar_seconds = 60;  // the first reading's 1-minute bars
  const RunRecords r = testing::run(config, day);
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(10, 0, 10), kCE, kCall, Side::kBuy, 103.0, at(10, 0, 20), ExitReason::kSignal, 101.9, -92.5});
}

// The opening range's high 102 (09:20); a 1-minute bar of 1200 units >
// 1.5 x the 600 of the earlier ones, then the LTP 103 above the range and the
// VWAP (about 101) at `break_at`.
MicroDay opening_range_break(std::int32_t break_at) {
  MicroDay day = flat_day(10);
  day.book(kCE, kCall, at(9, 20), Book{101.9, 102.1, 1000, 1000, 0, 10});
  day.book(kCE, kCall, at(9, 25), Book{100.9, 101.1, 1000, 1000, 0, 10});
  day.book(kCE, kCall, break_at - 60, Book{100.9, 101.1, 1000, 1000, 0, 20});
  day.book(kCE, kCall, break_at, Book{102.9, 103.1, 1000, 1000, 0, 10});
  day.book(kCE, kCall, break_at + 300, Book{99.9, 100.1, 1000, 1000, 0, 10});  // below VWAP
  return day;
}

TEST(SignalPresets, B8BuysTheOpeningRangeBreakAboveVwapOnVolume) {
  const RunRecords r = run_preset("B8", opening_range_break(at(10, 0)));
  ASSERT_EQ(r.trades.size(), 1u);
  expect_trade(r.trades[0], {at(10, 0), kCE, kCall, Side::kBuy, 103.1, at(10, 5), ExitReason::kSignal, 99.9, -250});
}

TEST(SignalPresets, B8TradesTheMorningOnlyUntil1030) {
  const RunRecords last = run_preset("B8", opening_range_break(at(10, 30)));
  ASSERT_EQ(last.trades.size(), 1u);
  EXPECT_EQ(testing::second_of(last.trades[0].entry_time), at(10, 30));
  EXPECT_TRUE(run_preset("B8", opening_range_break(at(10, 31))).trades.empty());
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
