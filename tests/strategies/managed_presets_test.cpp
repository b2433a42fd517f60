// The managed-structure presets (T1, T3, T5, EGS, ...) on hand-built days:
// each scenario states the market in a few quotes, so every entry, strike,
// exit, reason and P&L is known in advance.
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

// T1 sells CE 26050 and PE 26000 at spot 26023 (ce_up_pe_down; `nearest`
// would pick CE 26000), both at 80/81.
MicroDay t1_day() {
  MicroDay day;
  day.spot(0, 26023);
  for (const std::int32_t strike : {26000, 26050, 26100}) day.quote(kCE, strike, 0, 80, 81);
  for (const std::int32_t strike : {25950, 26000, 26050}) day.quote(kPE, strike, 0, 80, 81);
  return day;
}

TEST(PresetT1, EntersAt0925OnTheCeUpPeDownStrikesAndTakes40Percent) {
  MicroDay day = t1_day();
  // Credit 160; 10:30 marks 47.5 + 47.5 keep 65 >= 40% of 160.
  day.quote(kCE, 26050, at(10, 30), 47, 48).quote(kPE, 26000, at(10, 30), 47, 48);
  const RunRecords r = run(preset("T1"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  for (const TradeRecord* t : {&leg(r, 1, kCE, 26050), &leg(r, 1, kPE, 26000)}) {
    EXPECT_EQ(second_of(t->entry_time), at(9, 25));
    EXPECT_EQ(second_of(t->exit_time), at(10, 30));
    EXPECT_EQ(t->exit_reason, ExitReason::kTarget);
    EXPECT_DOUBLE_EQ(t->entry_price, 80);
    EXPECT_DOUBLE_EQ(t->exit_price, 48);
    EXPECT_DOUBLE_EQ(t->net, 32.0 * 75 - 10);
  }
}

TEST(PresetT1, StopsAtALossOf1Point5TimesCreditElseLeavesAt1130) {
  MicroDay stopped = t1_day();
  // 10:00: 321 + 80.5 = 401.5 loses 241.5 >= 1.5 x 160.
  stopped.quote(kCE, 26050, at(10, 0), 320, 322);
  const RunRecords s = run(preset("T1"), stopped);
  ASSERT_EQ(s.trades.size(), 2u);
  EXPECT_EQ(leg(s, 1, kCE, 26050).exit_reason, ExitReason::kStop);
  EXPECT_EQ(second_of(leg(s, 1, kPE, 26000).exit_time), at(10, 0));
  EXPECT_DOUBLE_EQ(leg(s, 1, kCE, 26050).gross_rupees, (80.0 - 322) * 75);

  const RunRecords flat = run(preset("T1"), t1_day());
  ASSERT_EQ(flat.trades.size(), 2u);
  EXPECT_EQ(leg(flat, 1, kCE, 26050).exit_reason, ExitReason::kTime);
  EXPECT_EQ(second_of(leg(flat, 1, kCE, 26050).exit_time), at(11, 30));
  EXPECT_DOUBLE_EQ(leg(flat, 1, kPE, 26000).exit_price, 81);
}

// T3's straddle on ATM 26000 (spot 26010), CE 100/101 and PE 70/71 (skew
// 0.175) until 09:50, then the PE 95/96 (skew 0.026).
MicroDay t3_day() {
  MicroDay day;
  day.spot(0, 26010);
  day.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 70, 71);
  day.quote(kPE, 26000, at(9, 50), 95, 96);
  return day;
}

TEST(PresetT3, EntersAtTheWindowsStartClosesTheLoserAndTrailsTheWinner) {
  MicroDay day = t3_day();
  day.spot(at(10, 30), 26200);
  // 10:30: 180.5 / 90.5 = 1.99 >= 1.8: the CE (dearer) is closed.
  day.quote(kCE, 26000, at(10, 30), 180, 181).quote(kPE, 26000, at(10, 30), 90, 91);
  // The PE's low mark 50 at 11:00; 64 at 11:15 is below 50 x 1.3; 66 at 11:30 is not.
  day.quote(kPE, 26000, at(11, 0), 49.5, 50.5).quote(kPE, 26000, at(11, 15), 63.5, 64.5);
  day.quote(kPE, 26000, at(11, 30), 65.5, 66.5);
  const RunRecords r = run(preset("T3"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  const TradeRecord& loser = leg(r, 1, kCE, 26000);
  EXPECT_EQ(second_of(loser.entry_time), at(9, 45));  // no skew filter: the skew 0.175 does not hold it back
  EXPECT_EQ(loser.exit_reason, ExitReason::kAdjustment);
  EXPECT_EQ(second_of(loser.exit_time), at(10, 30));
  EXPECT_DOUBLE_EQ(loser.gross_rupees, (100.0 - 181) * 75);
  const TradeRecord& winner = leg(r, 1, kPE, 26000);
  EXPECT_DOUBLE_EQ(winner.entry_price, 70);
  EXPECT_EQ(winner.exit_reason, ExitReason::kTrail);
  EXPECT_EQ(second_of(winner.exit_time), at(11, 30));
  EXPECT_DOUBLE_EQ(winner.gross_rupees, (70.0 - 66.5) * 75);
}

TEST(PresetT3, LeavesAt1500) {
  const RunRecords r = run(preset("T3"), t3_day());
  ASSERT_EQ(r.trades.size(), 2u);
  for (const TradeRecord* t : {&leg(r, 1, kCE, 26000), &leg(r, 1, kPE, 26000)}) {
    EXPECT_EQ(t->exit_reason, ExitReason::kTime);
    EXPECT_EQ(second_of(t->exit_time), at(15, 0));
  }
}

TEST(PresetT3, TheSkewFilterStaysAnOption) {
  StrategyConfig config = preset("T3");
  config.params.as<ManagedStructureParams>().filters.max_skew = 0.1;
  const RunRecords r = run(config, t3_day());
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(second_of(leg(r, 1, kCE, 26000).entry_time), at(9, 50));  // skew 0.026 <= 0.1 from 09:50
  EXPECT_DOUBLE_EQ(leg(r, 1, kPE, 26000).entry_price, 95);
}

TEST(PresetT5, HourlyScalpsTakeTwentyPercentStopAt80PercentOrLeaveAfter20Minutes) {
  MicroDay day;
  day.spot(0, 26010);
  day.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 100, 101);
  // 09:30 credit 200: 09:40 marks 159 keep 41 >= 40.
  day.quote(kCE, 26000, at(9, 40), 79, 80).quote(kPE, 26000, at(9, 40), 79, 80);
  // 11:30 credit 158: 11:35 marks 205.5 + 79.5 = 285 lose 127 >= 0.8 x 158.
  day.quote(kCE, 26000, at(11, 35), 205, 206);
  const RunRecords r = run(preset("T5"), day);
  ASSERT_EQ(r.trades.size(), 12u);
  struct Expected {
    std::int32_t entry, exit;
    ExitReason reason;
    double ce_exit;
  };
  const std::vector<Expected> expected = {
      {at(9, 30), at(9, 40), ExitReason::kTarget, 80},  {at(10, 30), at(10, 50), ExitReason::kTime, 80},
      {at(11, 30), at(11, 35), ExitReason::kStop, 206}, {at(12, 30), at(12, 50), ExitReason::kTime, 206},
      {at(13, 30), at(13, 50), ExitReason::kTime, 206}, {at(14, 30), at(14, 50), ExitReason::kTime, 206},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    const TradeRecord& ce = leg(r, static_cast<std::int64_t>(i) + 1, kCE, 26000);
    EXPECT_EQ(second_of(ce.entry_time), expected[i].entry);
    EXPECT_EQ(second_of(ce.exit_time), expected[i].exit);
    EXPECT_EQ(ce.exit_reason, expected[i].reason);
    EXPECT_DOUBLE_EQ(ce.exit_price, expected[i].ce_exit);
  }
  EXPECT_DOUBLE_EQ(leg(r, 3, kCE, 26000).gross_rupees, (79.0 - 206) * 75);
}

// Expiry day; spot 26100; the call wall (max OI) at 26300, the put wall at 25800.
MicroDay egs_day(double spot_at_entry) {
  MicroDay day;
  day.expiring_today().spot(0, spot_at_entry);
  for (std::int32_t strike = 26000; strike <= 26400; strike += 100) {
    day.quote(kCE, strike, 0, 50, 51).open_interest(kCE, strike, 0, strike == 26300 ? 900'000 : 100'000);
  }
  for (std::int32_t strike = 25700; strike <= 26200; strike += 100) {
    day.quote(kPE, strike, 0, 50, 51).open_interest(kPE, strike, 0, strike == 25800 ? 800'000 : 100'000);
  }
  day.quote(kCE, 26300, 0, 20, 21).quote(kPE, 25800, 0, 15, 16);
  return day;
}

TEST(PresetEGS, SellsTheOiWallsAndClosesALegOnItsStopOrItsStrikeBreach) {
  MicroDay day = egs_day(26100);
  // 14:00: the CE's mark 61 = 20 + 2 x 20.5: tripled (spot 26250 has not reached 26300).
  day.spot(at(14, 0), 26250).quote(kCE, 26300, at(14, 0), 60, 62);
  // 14:30: spot 25790 breaks the 25800 put.
  day.spot(at(14, 30), 25790).quote(kPE, 25800, at(14, 30), 40, 41);
  const RunRecords r = run(preset("EGS"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  const TradeRecord& call = leg(r, 1, kCE, 26300);
  EXPECT_EQ(second_of(call.entry_time), at(13, 30));
  EXPECT_EQ(call.exit_reason, ExitReason::kStop);
  EXPECT_EQ(second_of(call.exit_time), at(14, 0));
  EXPECT_DOUBLE_EQ(call.gross_rupees, (20.0 - 62) * 75);
  const TradeRecord& put = leg(r, 1, kPE, 25800);
  EXPECT_EQ(put.exit_reason, ExitReason::kSignal);
  EXPECT_EQ(second_of(put.exit_time), at(14, 30));
  EXPECT_DOUBLE_EQ(put.gross_rupees, (15.0 - 41) * 75);
}

TEST(PresetEGS, ABreachedCallLeavesThePutToTheSquareOff) {
  MicroDay day = egs_day(26100);
  day.spot(at(14, 0), 26310);
  const RunRecords r = run(preset("EGS"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(leg(r, 1, kCE, 26300).exit_reason, ExitReason::kSignal);
  EXPECT_EQ(second_of(leg(r, 1, kCE, 26300).exit_time), at(14, 0));
  EXPECT_EQ(leg(r, 1, kPE, 25800).exit_reason, ExitReason::kEndOfDay);
  EXPECT_EQ(second_of(leg(r, 1, kPE, 25800).exit_time), at(15, 15));
}

TEST(PresetEGS, SkipsNearTheCallWallAndOffExpiryDays) {
  const RunRecords near_wall = run(preset("EGS"), egs_day(26200));  // (26300 - 26200) / 26200 = 0.38%
  EXPECT_TRUE(near_wall.trades.empty());
  EXPECT_THAT(notes(near_wall),
              ElementsAre("entry 13:30 skipped: the 26300 CE is 0.38% above spot, not more than 0.5%"));

  MicroDay monday;
  monday.spot(0, 26100).quote(kCE, 26300, 0, 20, 21).quote(kPE, 25800, 0, 15, 16);
  const RunRecords off_expiry = run(preset("EGS"), monday);
  EXPECT_TRUE(off_expiry.trades.empty());
  EXPECT_THAT(notes(off_expiry), ElementsAre("entry 13:30 skipped: not the expiry day (the expiry is 2025-11-18)"));
}

TEST(PresetT2, BooksHalfAt50PercentAndTheRestAt70) {
  MicroDay day;
  day.spot(0, 26000);
  // 1% of 26000: CE nearest 26260 -> 26300, PE nearest 25740 -> 25700.
  for (const std::int32_t strike : {26200, 26300}) day.quote(kCE, strike, 0, 60, 61);
  for (const std::int32_t strike : {25700, 25800}) day.quote(kPE, strike, 0, 60, 61);
  // 2 lots x credit 120. 13:00: cost 2 x 59 keeps 122 >= 50%: one lot each out at 30.
  // Then 1 lot x 120: 14:00 cost 35 keeps 85 >= 70%.
  day.quote(kCE, 26300, at(13, 0), 29, 30).quote(kPE, 25700, at(13, 0), 29, 30);
  day.quote(kCE, 26300, at(14, 0), 17, 18).quote(kPE, 25700, at(14, 0), 17, 18);
  const RunRecords r = run(preset("T2"), day);
  const std::vector<TradeRecord> trades = trades_of(r, 1);
  ASSERT_EQ(trades.size(), 4u);
  for (std::size_t i = 0; i < trades.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(trades[i].key.strike, trades[i].key.type == kCE ? 26300 : 25700);
    EXPECT_EQ(second_of(trades[i].entry_time), at(12, 30));
    EXPECT_EQ(trades[i].lots, 1);
    EXPECT_EQ(trades[i].exit_reason, ExitReason::kTarget);
    EXPECT_EQ(second_of(trades[i].exit_time), i < 2 ? at(13, 0) : at(14, 0));
    EXPECT_DOUBLE_EQ(trades[i].gross_rupees, (60 - (i < 2 ? 30.0 : 18.0)) * 75);
  }
}

TEST(PresetT2, LeavesAt1510AndSkipsAWideDay) {
  MicroDay calm;
  calm.spot(0, 26000).quote(kCE, 26300, 0, 60, 61).quote(kPE, 25700, 0, 60, 61);
  const RunRecords flat = run(preset("T2"), calm);
  ASSERT_EQ(flat.trades.size(), 2u);
  EXPECT_EQ(leg(flat, 1, kCE, 26300).lots, 2);
  EXPECT_EQ(leg(flat, 1, kCE, 26300).exit_reason, ExitReason::kTime);
  EXPECT_EQ(second_of(leg(flat, 1, kPE, 25700).exit_time), at(15, 10));

  MicroDay wide = calm;
  wide.spot(at(10, 0), 25650);  // (26000 - 25650) / 25650 = 1.365% since the open
  const RunRecords skipped = run(preset("T2"), wide);
  EXPECT_TRUE(skipped.trades.empty());
  EXPECT_THAT(notes(skipped),
              ElementsAre("window 12:30-14:00: no entry (last check 14:00: the day's range 1.365% is not below 1.2%)"));
}

// T4 on a calm day: spot 26000 all day; shorts 1% OTM (26300 CE, 25700 PE), wings 200 beyond.
MicroDay t4_day() {
  MicroDay day;
  day.spot(0, 26000);
  for (std::int32_t strike = 26000; strike <= 26600; strike += 100) day.quote(kCE, strike, 0, 30, 31);
  for (std::int32_t strike = 25400; strike <= 26000; strike += 100) day.quote(kPE, strike, 0, 30, 31);
  day.quote(kCE, 26300, 0, 40, 41).quote(kPE, 25700, 0, 40, 41);
  day.quote(kCE, 26500, 0, 10, 11).quote(kPE, 25500, 0, 10, 11);
  return day;
}

TEST(PresetT4, SellsTheCondorOnACalmDayAndTakesHalfTheNetCredit) {
  MicroDay day = t4_day();
  // Net credit 40 + 40 - 11 - 11 = 58; 11:30: 19.5 x 2 - 5.5 x 2 = 28 keeps 30 >= 29.
  day.quote(kCE, 26300, at(11, 30), 19, 20).quote(kPE, 25700, at(11, 30), 19, 20);
  day.quote(kCE, 26500, at(11, 30), 5, 6).quote(kPE, 25500, at(11, 30), 5, 6);
  const RunRecords r = run(preset("T4"), day);
  ASSERT_EQ(r.trades.size(), 4u);
  for (const TradeRecord& t : r.trades) {
    EXPECT_EQ(second_of(t.entry_time), at(10, 30));
    EXPECT_EQ(second_of(t.exit_time), at(11, 30));
    EXPECT_EQ(t.exit_reason, ExitReason::kTarget);
  }
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE, 26300).gross_rupees, (40.0 - 20) * 75);
  EXPECT_DOUBLE_EQ(leg(r, 1, kPE, 25500).gross_rupees, (5.0 - 11) * 75);
  EXPECT_EQ(leg(r, 1, kCE, 26500).side, engine::Side::kBuy);
}

TEST(PresetT4, ADayThatMovedTooFarHasNoEntry) {
  MicroDay day = t4_day();
  day.spot(at(9, 40), 26250);  // 250 / 26250 = 0.952% since the open
  const RunRecords r = run(preset("T4"), day);
  EXPECT_TRUE(r.trades.empty());
  EXPECT_THAT(notes(r),
              ElementsAre("window 10:30-12:00: no entry (last check 12:00: the day's range 0.952% is not below 0.8%)"));
}

// LIF: spot 26000, then 26080 from 11:10, so the 30-minute range is 0.31% until
// the 26000 seconds leave the window: the first calm second is 11:39:59
// (window 11:10:00-11:39:59). ATM 26100 (26080 rounds to the 50-point step);
// wings 26300 CE and 25900 PE.
MicroDay lif_day() {
  MicroDay day;
  day.spot(0, 26000).spot(at(11, 10), 26080);
  for (std::int32_t strike = 25800; strike <= 26400; strike += 100) {
    day.quote(kCE, strike, 0, 50, 51).quote(kPE, strike, 0, 50, 51);
  }
  day.quote(kCE, 26100, 0, 100, 101).quote(kPE, 26100, 0, 90, 91);
  day.quote(kCE, 26300, 0, 30, 31).quote(kPE, 25900, 0, 25, 26);
  return day;
}

TEST(PresetLIF, EntersAtTheFirstCalmSecondAndStopsAtTenPercentOfMaxProfit) {
  MicroDay day = lif_day();
  // Net credit 100 + 90 - 31 - 26 = 133; 12:30: 115.5 + 90.5 - 30.5 - 25.5 = 150 loses 17 >= 13.3.
  day.quote(kCE, 26100, at(12, 30), 115, 116);
  const RunRecords r = run(preset("LIF"), day);
  ASSERT_EQ(r.trades.size(), 4u);
  for (const TradeRecord& t : r.trades) {
    EXPECT_EQ(second_of(t.entry_time), at(11, 39, 59));
    EXPECT_EQ(second_of(t.exit_time), at(12, 30));
    EXPECT_EQ(t.exit_reason, ExitReason::kStop);
  }
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE, 26100).gross_rupees, (100.0 - 116) * 75);
  EXPECT_DOUBLE_EQ(leg(r, 1, kPE, 26100).gross_rupees, (90.0 - 91) * 75);
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE, 26300).gross_rupees, (30.0 - 31) * 75);
  EXPECT_DOUBLE_EQ(leg(r, 1, kPE, 25900).gross_rupees, (25.0 - 26) * 75);
}

TEST(PresetLIF, LeavesAt1330WhenNothingHappens) {
  const RunRecords r = run(preset("LIF"), lif_day());
  ASSERT_EQ(r.trades.size(), 4u);
  for (const TradeRecord& t : r.trades) {
    EXPECT_EQ(t.exit_reason, ExitReason::kTime);
    EXPECT_EQ(second_of(t.exit_time), at(13, 30));
  }
}

TEST(PresetPB, RollsTheWinnerToTheAtmThenStopsAt125PercentOfTheCredit) {
  MicroDay day;
  day.spot(0, 26010).spot(at(10, 0), 26110);
  day.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 100, 101);
  day.quote(kCE, 26100, 0, 60, 61).quote(kPE, 26100, 0, 80, 81);
  // 10:00: skew (150.5 - 60.5) / 211 = 0.43 > 0.30: the PE 26000 (the winner) is
  // rolled to the ATM PE 26100, sold at 95. Combined 150.5 + 95.5 = 246 < 1.25 x 200.
  day.quote(kCE, 26000, at(10, 0), 150, 151).quote(kPE, 26000, at(10, 0), 60, 61);
  day.quote(kPE, 26100, at(10, 0), 95, 96);
  // 11:00: 180.5 + 95.5 = 276 >= 250: everything closes.
  day.quote(kCE, 26000, at(11, 0), 180, 181);
  const RunRecords r = run(preset("PB"), day);
  ASSERT_EQ(r.trades.size(), 3u);
  EXPECT_EQ(second_of(leg(r, 1, kCE, 26000).entry_time), at(9, 30));
  const TradeRecord& rolled = leg(r, 1, kPE, 26000);
  EXPECT_EQ(rolled.exit_reason, ExitReason::kAdjustment);
  EXPECT_EQ(second_of(rolled.exit_time), at(10, 0));
  EXPECT_DOUBLE_EQ(rolled.gross_rupees, (100.0 - 61) * 75);
  const TradeRecord& fresh = leg(r, 1, kPE, 26100);
  EXPECT_DOUBLE_EQ(fresh.entry_price, 95);
  EXPECT_EQ(fresh.exit_reason, ExitReason::kStop);
  EXPECT_EQ(second_of(fresh.exit_time), at(11, 0));
  EXPECT_DOUBLE_EQ(fresh.exit_price, 96);
  EXPECT_EQ(leg(r, 1, kCE, 26000).exit_reason, ExitReason::kStop);
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE, 26000).exit_price, 181);
}

TEST(PresetPB, SkipsWhenSpotsRealizedVolatilityIsHigh) {
  MicroDay day;
  // Spot alternates 26000 / 26026 every minute: 1-minute log returns of
  // +-0.0009995, 30.73% annualized (x sqrt(375 x 252)).
  for (int minute = 0; minute <= 20; ++minute) day.spot(at(9, 15 + minute), minute % 2 == 0 ? 26000 : 26026);
  day.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 100, 101);
  const RunRecords r = run(preset("PB"), day);
  EXPECT_TRUE(r.trades.empty());
  EXPECT_THAT(notes(r), ElementsAre("entry 09:30 skipped: realized volatility 30.73% is not below 20%"));
}

// DIS: the straddle at 09:20 (spot 26010, both legs 100/101). At 09:40 spot
// 26050: over the 5 minutes since 09:35 the CE's mark moved 100.5 -> 125.5
// (delta 25 / 40 = 0.625), the PE's 100.5 -> 88.5 (-0.3): 0.625 >= 2 x 0.3,
// so the PE (the winner) is bought back at 89.
MicroDay dis_day() {
  MicroDay day;
  day.spot(0, 26010).spot(at(9, 40), 26050);
  for (const std::int32_t strike : {25950, 26000, 26050, 26100}) {
    day.quote(kCE, strike, 0, 100, 101).quote(kPE, strike, 0, 100, 101);
  }
  day.quote(kPE, 26050, 0, 70, 71);
  day.quote(kCE, 26000, at(9, 40), 125, 126).quote(kPE, 26000, at(9, 40), 88, 89);
  return day;
}

TEST(PresetDIS, ClosesTheWinnerOnAnImbalanceAndTheLoserWhenSpotReverts) {
  MicroDay day = dis_day();
  day.spot(at(10, 0), 26015).quote(kCE, 26000, at(10, 0), 103, 104);  // back within 10 points of 26010
  const RunRecords r = run(preset("DIS"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  const TradeRecord& winner = leg(r, 1, kPE, 26000);
  EXPECT_EQ(second_of(winner.entry_time), at(9, 20));
  EXPECT_EQ(winner.exit_reason, ExitReason::kAdjustment);
  EXPECT_EQ(second_of(winner.exit_time), at(9, 40));
  EXPECT_DOUBLE_EQ(winner.gross_rupees, (100.0 - 89) * 75);
  const TradeRecord& loser = leg(r, 1, kCE, 26000);
  EXPECT_EQ(loser.exit_reason, ExitReason::kSignal);
  EXPECT_EQ(second_of(loser.exit_time), at(10, 0));
  EXPECT_DOUBLE_EQ(loser.gross_rupees, (100.0 - 104) * 75);
  EXPECT_THAT(notes(r), ElementsAre(HasSubstr("empirical deltas CE +0.625, PE -0.300 over 300 s: closing the winner"),
                                    HasSubstr("spot 26015 is back within 10 of 26010: closing 26000 CE")));
}

TEST(PresetDIS, OnTheFirstReadingReHedgesOnceWhenTheLosersPremiumRises) {
  MicroDay day = dis_day();
  // 10:00: the CE's mark 151.5 >= 1.2 x 125.5; spot 26060 rounds to the 26050 PE, sold at 70.
  day.spot(at(10, 0), 26060).quote(kCE, 26000, at(10, 0), 151, 152);
  StrategyConfig config = preset("DIS");
  auto& adjust = *config.params.as<ManagedStructureParams>().adjustment;
  adjust.rehedge_rise = 0.2;
  adjust.max_rehedges = 1;
  const RunRecords r = run(config, day);
  ASSERT_EQ(r.trades.size(), 3u);
  EXPECT_EQ(leg(r, 1, kPE, 26000).exit_reason, ExitReason::kAdjustment);
  const TradeRecord& hedge = leg(r, 1, kPE, 26050);
  EXPECT_EQ(second_of(hedge.entry_time), at(10, 0));
  EXPECT_DOUBLE_EQ(hedge.entry_price, 70);
  for (const TradeRecord* t : {&hedge, &leg(r, 1, kCE, 26000)}) {
    EXPECT_EQ(t->exit_reason, ExitReason::kEndOfDay);
    EXPECT_EQ(second_of(t->exit_time), at(15, 15));
  }
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE, 26000).exit_price, 152);
}

TEST(PresetDIS, NoReHedgeWithoutAPeakProfit) {
  // dis_day's straddle never shows a profit: -1 (marks 100.5 on a credit of
  // 100 each) until 09:40, then 11.5 booked on the PE and 100 - 151.5 on the CE.
  MicroDay day = dis_day();
  day.spot(at(10, 0), 26060).quote(kCE, 26000, at(10, 0), 151, 152);
  const RunRecords r = run(preset("DIS"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(leg(r, 1, kCE, 26000).exit_reason, ExitReason::kEndOfDay);
}

// Two re-hedges. The straddle (CE and PE 26000 sold at 100) decays to marks
// 80.5 at 09:30: P&L 2 x 19.5 = 39, the peak. 09:40 spot 26050: since 09:35
// the CE's mark 80.5 -> 105.5 (delta 0.625), the PE's 80.5 -> 70.5 (-0.25):
// the PE (the winner) is bought back at 71, 100 - 70.5 = 29.5 booked at its
// mark. 09:45 the CE's mark 125.5: P&L 29.5 - 25.5 = 4.0 > 10% of 39 (3.9).
// 09:50 126.5: 3.0 <= 3.9: re-hedge 1, the PE at spot 26060 -> 26050, sold at
// 70. 10:00 marks CE 120.5, PE 64.5: P&L 29.5 - 20.5 + 5.5 = 14.5, the new
// cycle's peak. 10:10 spot 26100: since 10:05 CE 120.5 -> 145.5 (0.625), PE
// 64.5 -> 54.5 (-0.25): the PE 26050 is bought back at 55 (15.5 booked).
// 10:10:01 P&L 45 - 45.5 = -0.5 <= 1.45: re-hedge 2, the PE 26100 at 100.
MicroDay dis_decay_day() {
  MicroDay day;
  day.spot(0, 26010).spot(at(9, 40), 26050).spot(at(9, 50), 26060).spot(at(10, 10), 26100);
  for (const std::int32_t strike : {25950, 26000, 26050, 26100}) {
    day.quote(kCE, strike, 0, 100, 101).quote(kPE, strike, 0, 100, 101);
  }
  day.quote(kPE, 26050, 0, 70, 71).quote(kPE, 26050, at(10, 0), 64, 65).quote(kPE, 26050, at(10, 10), 54, 55);
  day.quote(kCE, 26000, at(9, 30), 80, 81).quote(kPE, 26000, at(9, 30), 80, 81);
  day.quote(kCE, 26000, at(9, 40), 105, 106).quote(kPE, 26000, at(9, 40), 70, 71);
  day.quote(kCE, 26000, at(9, 45), 125, 126).quote(kCE, 26000, at(9, 50), 126, 127);
  day.quote(kCE, 26000, at(10, 0), 120, 121).quote(kCE, 26000, at(10, 10), 145, 146);
  return day;
}

TEST(PresetDIS, ReHedgesWhenThePnlFallsToTenPercentOfItsPeakAndAgain) {
  const RunRecords r = run(preset("DIS"), dis_decay_day());
  ASSERT_EQ(r.trades.size(), 4u);
  EXPECT_EQ(second_of(leg(r, 1, kPE, 26000).exit_time), at(9, 40));
  const TradeRecord& first_hedge = leg(r, 1, kPE, 26050);
  EXPECT_EQ(second_of(first_hedge.entry_time), at(9, 50));
  EXPECT_DOUBLE_EQ(first_hedge.entry_price, 70);
  EXPECT_EQ(first_hedge.exit_reason, ExitReason::kAdjustment);
  EXPECT_EQ(second_of(first_hedge.exit_time), at(10, 10));
  EXPECT_DOUBLE_EQ(first_hedge.gross_rupees, (70.0 - 55) * 75);
  const TradeRecord& second_hedge = leg(r, 1, kPE, 26100);
  EXPECT_EQ(second_of(second_hedge.entry_time), at(10, 10, 1));
  EXPECT_DOUBLE_EQ(second_hedge.entry_price, 100);
  EXPECT_EQ(second_hedge.exit_reason, ExitReason::kEndOfDay);
  EXPECT_EQ(leg(r, 1, kCE, 26000).exit_reason, ExitReason::kEndOfDay);
  EXPECT_THAT(notes(r),
              ElementsAre(HasSubstr("closing the winner 26000 PE"),
                          HasSubstr("P&L 3.00 is at most 10% of its peak 39.00: re-hedging with a new PE (1 of 5)"),
                          HasSubstr("closing the winner 26050 PE"),
                          HasSubstr("P&L -0.50 is at most 10% of its peak 14.50: re-hedging with a new PE (2 of 5)")));
}

TEST(PresetDIS, StopsReHedgingAtItsMaximum) {
  StrategyConfig config = preset("DIS");
  config.params.as<ManagedStructureParams>().adjustment->max_rehedges = 1;
  const RunRecords r = run(config, dis_decay_day());
  ASSERT_EQ(r.trades.size(), 3u);  // after the one re-hedge both legs run to the square-off
  const TradeRecord& hedge = leg(r, 1, kPE, 26050);
  EXPECT_EQ(hedge.exit_reason, ExitReason::kEndOfDay);
  EXPECT_DOUBLE_EQ(hedge.exit_price, 55);
}

}  // namespace
}  // namespace tapelab::strategies
