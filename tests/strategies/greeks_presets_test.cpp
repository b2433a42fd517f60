// The presets that read Greeks (T7, T8) on hand-built chains priced by
// Black-76 at a known forward and volatility (rate 0), so each option's
// |delta| is known before the run: the ATM strike's is near 0.5 on expiry
// day, a 1.5% OTM strangle's net delta is near 0 until spot runs at a leg.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strategies/managed_structure.h"
#include "strategies/presets.h"
#include "strategies/scenario.h"

namespace tapelab::strategies {
namespace {

using engine::ExitReason;
using engine::RunRecords;
using engine::TradeRecord;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace testing;

// Expiry day, spot and forward 26002, vol 15% priced at 09:15 (6h15m to the
// 15:30 expiry: sigma sqrt(T) = 0.004007, held by the fixed mids): the 26000
// CE's |delta| is N(0.0212) = 0.508 and the PE's 0.492; the 26050 CE's 0.32.
MicroDay t7_day(double forward) {
  MicroDay day;
  day.expiring_today().spot(0, forward);
  black76_chain(day, at(9, 15), forward, 0.15, 25800, 26200);
  return day;
}

TEST(PresetT7, SellsTheDeltaFiftyStraddleOnExpiryDayAndStopsAtHalfTheCredit) {
  MicroDay day = t7_day(26002);
  const double call = black76_price(day, kCE, 26000, at(9, 15), 26002, 0.15);
  const double put = black76_price(day, kPE, 26000, at(9, 15), 26002, 0.15);
  const double credit = (call - 0.25) + (put - 0.25);
  // 13:45: the CE at 1.5 x credit - put + 1 loses more than 0.5 x credit.
  const double call_mid = 1.5 * credit - put + 1;
  day.quote(kCE, 26000, at(13, 45), call_mid - 0.5, call_mid + 0.5);
  const RunRecords r = run(preset("T7"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  for (const TradeRecord* t : {&leg(r, 1, kCE, 26000), &leg(r, 1, kPE, 26000)}) {
    EXPECT_EQ(second_of(t->entry_time), at(13, 30));
    EXPECT_EQ(t->exit_reason, ExitReason::kStop);
    EXPECT_EQ(second_of(t->exit_time), at(13, 45));
    EXPECT_EQ(t->lots, 1);  // half of 1 lot is not a lot: 1
  }
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE, 26000).gross_rupees, ((call - 0.25) - (call_mid + 0.5)) * 75);
  EXPECT_DOUBLE_EQ(leg(r, 1, kPE, 26000).exit_price, put + 0.25);
}

TEST(PresetT7, LeavesAfterAnHourAndTradesHalfTheLots) {
  StrategyConfig four_lots = preset("T7");
  four_lots.params.as<ManagedStructureParams>().lots = 4;
  const RunRecords r = run(four_lots, t7_day(26002));
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(leg(r, 1, kCE, 26000).lots, 2);
  EXPECT_EQ(leg(r, 1, kPE, 26000).exit_reason, ExitReason::kTime);
  EXPECT_EQ(second_of(leg(r, 1, kPE, 26000).exit_time), at(14, 30));
}

TEST(PresetT7, NoEntryWhenNoStrikeIsNearDeltaFiftyOrOffExpiryDay) {
  // Forward 26025, halfway between strikes (sigma sqrt(T) = 0.004007 all day):
  // the |delta| nearest 0.5 is the 26050 CE's N(-0.2377) = 0.406 at 14:15
  // (the 26000 CE's 0.596 is a hair further).
  const RunRecords between = run(preset("T7"), t7_day(26025));
  EXPECT_TRUE(between.trades.empty());
  ASSERT_EQ(notes(between).size(), 1u);
  EXPECT_THAT(notes(between)[0],
              "window 13:30-14:15: no entry (last check 14:15: the 26050 CE |delta| 0.406 is not within 0.05 of 0.5)");

  MicroDay monday;
  monday.spot(0, 26002);
  black76_chain(monday, at(9, 15), 26002, 0.15, 25800, 26200);
  const RunRecords off = run(preset("T7"), monday);
  EXPECT_TRUE(off.trades.empty());
  EXPECT_THAT(notes(off), ElementsAre(HasSubstr("not the expiry day (the expiry is 2025-11-18)")));
}

TEST(PresetT8, RollsTheTestedCallWhenNetDeltaPassesMinusPoint2) {
  MicroDay day;
  // 10:00 spot 26000: CE nearest 26390 -> 26400, PE nearest 25610 -> 25600,
  // net delta about 0 (10:05 ... 10:15 pass). 10:20 spot 26300, the chain
  // repriced there: the 26400 CE's delta 0.332 (N(d1) by hand), the put's
  // about -0.004 (quoted at its 0.30 floor): net -0.328 per lot. The new call 1.5% above 26300 = 26694.5 -> 26700.
  day.spot(0, 26000).spot(at(10, 20), 26300);
  black76_chain(day, at(9, 15), 26000, 0.15, 25400, 26800);
  black76_chain(day, at(10, 20), 26300, 0.15, 25400, 27000);
  const RunRecords r = run(preset("T8"), day);
  ASSERT_EQ(r.trades.size(), 3u);
  const TradeRecord& tested = leg(r, 1, kCE, 26400);
  EXPECT_EQ(second_of(tested.entry_time), at(10, 0));
  EXPECT_EQ(tested.exit_reason, ExitReason::kAdjustment);
  EXPECT_EQ(second_of(tested.exit_time), at(10, 20));
  EXPECT_DOUBLE_EQ(tested.exit_price, black76_price(day, kCE, 26400, at(10, 20), 26300, 0.15) + 0.25);
  const TradeRecord& rolled = leg(r, 1, kCE, 26700);
  EXPECT_EQ(second_of(rolled.entry_time), at(10, 20));
  EXPECT_DOUBLE_EQ(rolled.entry_price, black76_price(day, kCE, 26700, at(10, 20), 26300, 0.15) - 0.25);
  for (const TradeRecord* t : {&rolled, &leg(r, 1, kPE, 25600)}) {
    EXPECT_EQ(t->exit_reason, ExitReason::kTime);
    EXPECT_EQ(second_of(t->exit_time), at(14, 0));  // 4 hours after the entry
  }
  ASSERT_EQ(notes(r).size(), 1u);
  EXPECT_THAT(notes(r)[0], HasSubstr("net delta -0.328 per lot beyond 0.2"));
  EXPECT_THAT(notes(r)[0], HasSubstr("rolling 26400 CE (adjustment 1 of 10)"));
}

// T6: spot 26000 and the chain at 10% vol from the open; at 10:00 spot jumps
// to 26100 and the chain reprices there at `vol_after`. With 14% the ATM
// straddle's IV is about 39% above its 10-minute low (10.1%); the burst has
// ended once a whole minute shows spot at 26100: at 10:00:59.
MicroDay t6_day(double vol_after) {
  MicroDay day;
  day.spot(0, 26000).spot(at(10, 0), 26100);
  black76_chain(day, at(9, 15), 26000, 0.10, 25600, 26500);
  black76_chain(day, at(10, 0), 26100, vol_after, 25600, 26600);
  return day;
}

TEST(PresetT6, SellsTheOnePercentStrangleOnceTheIvSpikesAndTheBurstEnds) {
  const MicroDay day = t6_day(0.14);
  const RunRecords r = run(preset("T6"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  // 1% of 26100: CE nearest 26361 -> 26350, PE nearest 25839 -> 25850.
  for (const TradeRecord* t : {&leg(r, 1, kCE, 26350), &leg(r, 1, kPE, 25850)}) {
    EXPECT_EQ(second_of(t->entry_time), at(10, 0, 59));
    EXPECT_EQ(t->exit_reason, ExitReason::kTime);
    EXPECT_EQ(second_of(t->exit_time), at(11, 0, 59));
    const double price = black76_price(day, t->key.type, t->key.strike, at(10, 0), 26100, 0.14);
    EXPECT_DOUBLE_EQ(t->entry_price, price - 0.25);
    EXPECT_DOUBLE_EQ(t->exit_price, price + 0.25);
  }
}

TEST(PresetT6, NoEntryWhenSpotJumpsWithoutAnIvSpike) {
  const RunRecords r = run(preset("T6"), t6_day(0.10));
  EXPECT_TRUE(r.trades.empty());
  ASSERT_EQ(notes(r).size(), 1u);
  EXPECT_THAT(notes(r)[0], HasSubstr("window 09:30-14:00: no entry (last check 14:00: ATM straddle IV 10."));
  EXPECT_THAT(notes(r)[0], HasSubstr("above its 10-minute low 10."));
  EXPECT_THAT(notes(r)[0], HasSubstr("not 30%)"));
}

}  // namespace
}  // namespace tapelab::strategies
