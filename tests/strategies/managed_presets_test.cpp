// The managed-structure presets (T1, T3, T5, EGS, ...) on hand-built days:
// each scenario states the market in a few quotes, so every entry, strike,
// exit, reason and P&L is known in advance.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strategies/presets.h"
#include "strategies/scenario.h"

namespace tapelab::strategies {
namespace {

using engine::ExitReason;
using engine::RunRecords;
using engine::TradeRecord;
using ::testing::ElementsAre;
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

TEST(PresetT3, WaitsForBalancedLegsClosesTheLoserAndTrailsTheWinner) {
  MicroDay day;
  day.spot(0, 26010).spot(at(10, 30), 26200);
  day.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 70, 71);
  day.quote(kPE, 26000, at(9, 50), 95, 96);  // skew 0.175 until 09:50, then 0.026 <= 0.1: entry
  // 10:30: 180.5 / 90.5 = 1.99 >= 1.8: the CE (dearer) is closed.
  day.quote(kCE, 26000, at(10, 30), 180, 181).quote(kPE, 26000, at(10, 30), 90, 91);
  // The PE's low mark 50 at 11:00; 64 at 11:15 is below 50 x 1.3; 66 at 11:30 is not.
  day.quote(kPE, 26000, at(11, 0), 49.5, 50.5).quote(kPE, 26000, at(11, 15), 63.5, 64.5);
  day.quote(kPE, 26000, at(11, 30), 65.5, 66.5);
  const RunRecords r = run(preset("T3"), day);
  ASSERT_EQ(r.trades.size(), 2u);
  const TradeRecord& loser = leg(r, 1, kCE, 26000);
  EXPECT_EQ(second_of(loser.entry_time), at(9, 50));
  EXPECT_EQ(loser.exit_reason, ExitReason::kAdjustment);
  EXPECT_EQ(second_of(loser.exit_time), at(10, 30));
  EXPECT_DOUBLE_EQ(loser.gross_rupees, (100.0 - 181) * 75);
  const TradeRecord& winner = leg(r, 1, kPE, 26000);
  EXPECT_DOUBLE_EQ(winner.entry_price, 95);
  EXPECT_EQ(winner.exit_reason, ExitReason::kTrail);
  EXPECT_EQ(second_of(winner.exit_time), at(11, 30));
  EXPECT_DOUBLE_EQ(winner.gross_rupees, (95.0 - 66.5) * 75);
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

}  // namespace
}  // namespace tapelab::strategies
