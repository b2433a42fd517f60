// The managed-structure type's mechanics on hand-built days, each with its
// trades known in advance: an iron condor (wings bought first, net credit,
// target), a partial exit then the rest, rolling the winner to the ATM strike,
// an entry window that waits for its filter, and config errors.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strategies/scenario.h"
#include "util/error.h"

namespace tapelab::strategies {
namespace {

using engine::ExitReason;
using engine::RunRecords;
using engine::Side;
using engine::TradeRecord;
using ::testing::HasSubstr;
using namespace testing;

std::string error_of(const std::string& toml) {
  try {
    managed_config(toml);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ManagedStructure, IronCondorBuysTheWingsFirstAndTargetsTheNetCredit) {
  MicroDay day;
  day.spot(0, 26010);
  for (std::int32_t strike = 25700; strike <= 26300; strike += 100) {
    day.quote(kCE, strike, 0, 40, 41).quote(kPE, strike, 0, 40, 41);
  }
  // Shorts 100 points out: CE nearest 26110 -> 26100, PE nearest 25910 -> 25900; wings 200 beyond.
  day.quote(kCE, 26100, 0, 60, 61).quote(kPE, 25900, 0, 60, 61);
  day.quote(kCE, 26300, 0, 20, 21).quote(kPE, 25700, 0, 20, 21);
  // Credit 60 + 60 - 21 - 21 = 78. 09:50: cost 35.5 x 2 - 10.5 x 2 = 50 keeps 28 < 39;
  // 10:00: 25.5 x 2 - 21 = 30 keeps 48 >= 0.5 x 78.
  day.quote(kCE, 26100, at(9, 50), 35, 36).quote(kPE, 25900, at(9, 50), 35, 36);
  day.quote(kCE, 26300, at(9, 50), 10, 11).quote(kPE, 25700, at(9, 50), 10, 11);
  day.quote(kCE, 26100, at(10, 0), 25, 26).quote(kPE, 25900, at(10, 0), 25, 26);
  const RunRecords r = run_managed(
      "structure = \"iron_condor\"\nstrikes = { points = 100 }\nwing_points = 200\nentries = [\"09:20\"]\n"
      "target = 0.5\n",
      day);
  const std::vector<engine::OrderRecord> filled = fills(r);
  ASSERT_EQ(filled.size(), 8u);
  const std::vector<std::pair<std::int32_t, Side>> opened = {
      {26300, Side::kBuy}, {25700, Side::kBuy}, {26100, Side::kSell}, {25900, Side::kSell}};
  for (std::size_t i = 0; i < opened.size(); ++i) {
    EXPECT_EQ(filled[i].key.strike, opened[i].first) << i;
    EXPECT_EQ(filled[i].side, opened[i].second) << i;
    EXPECT_EQ(second_of(filled[i].time), at(9, 20)) << i;
  }
  ASSERT_EQ(r.trades.size(), 4u);
  for (const TradeRecord& t : r.trades) {
    EXPECT_EQ(t.exit_reason, ExitReason::kTarget);
    EXPECT_EQ(second_of(t.exit_time), at(10, 0));
  }
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE, 26100).gross_rupees, (60.0 - 26) * 75);  // sold at the bid, bought at the ask
  EXPECT_DOUBLE_EQ(leg(r, 1, kPE, 25900).gross_rupees, (60.0 - 26) * 75);
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE, 26300).gross_rupees, (10.0 - 21) * 75);  // bought at the ask, sold at the bid
  EXPECT_EQ(leg(r, 1, kPE, 25700).side, Side::kBuy);
  EXPECT_DOUBLE_EQ(leg(r, 1, kPE, 25700).net, (10.0 - 21) * 75 - 10);
}

TEST(ManagedStructure, PartialExitBooksHalfTheLotsThenTheRestAtTheTarget) {
  MicroDay day;
  day.spot(0, 26010);
  day.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 100, 101);
  // Credit 2 lots x 200. 10:00: cost 2 x 99 keeps 202 >= 50% -> one lot of each leg out at 50.
  // Then 1 lot x 200: 10:00 keeps 101 < 70%; 11:00: cost 59 keeps 141 >= 140.
  day.quote(kCE, 26000, at(10, 0), 49, 50).quote(kPE, 26000, at(10, 0), 49, 50);
  day.quote(kCE, 26000, at(11, 0), 29, 30).quote(kPE, 26000, at(11, 0), 29, 30);
  const RunRecords r = run_managed(
      "structure = \"straddle\"\nentries = [\"09:20\"]\nlots = 2\npartial = { at = 0.5, fraction = 0.5 }\n"
      "target = 0.7\n",
      day);
  const std::vector<TradeRecord> trades = trades_of(r, 1);
  ASSERT_EQ(trades.size(), 4u);
  for (std::size_t i = 0; i < trades.size(); ++i) {
    const TradeRecord& t = trades[i];
    const bool first_half = i < 2;
    EXPECT_EQ(t.lots, 1) << i;
    EXPECT_EQ(t.exit_reason, ExitReason::kTarget) << i;
    EXPECT_EQ(second_of(t.exit_time), first_half ? at(10, 0) : at(11, 0)) << i;
    EXPECT_DOUBLE_EQ(t.exit_price, first_half ? 50 : 30) << i;
    // Half the 2-lot entry order's Rs 5 and the whole 1-lot exit order's.
    EXPECT_DOUBLE_EQ(t.costs, 7.5) << i;
    EXPECT_DOUBLE_EQ(t.net, (100 - t.exit_price) * 75 - 7.5) << i;
  }
}

TEST(ManagedStructure, RollWinnerClosesTheCheaperLegAndSellsTheAtmOfItsType) {
  MicroDay day;
  day.spot(0, 26010).spot(at(10, 0), 26110);
  day.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 100, 101);
  day.quote(kCE, 26100, 0, 60, 61).quote(kPE, 26100, 0, 80, 81);
  // 10:00: CE 150.5 / PE 60.5 = 2.49 >= (1 + 0.3) / (1 - 0.3) = 1.857.
  day.quote(kCE, 26000, at(10, 0), 150, 151).quote(kPE, 26000, at(10, 0), 60, 61);
  day.quote(kPE, 26100, at(10, 0), 95, 96);
  const RunRecords r = run_managed(
      "structure = \"straddle\"\nentries = [\"09:30\"]\nadjust = { skew = 0.3, action = \"roll_winner\", max = 1 }\n",
      day);
  ASSERT_EQ(r.trades.size(), 3u);
  const TradeRecord& rolled = leg(r, 1, kPE, 26000);
  EXPECT_EQ(rolled.exit_reason, ExitReason::kAdjustment);
  EXPECT_EQ(second_of(rolled.exit_time), at(10, 0));
  EXPECT_DOUBLE_EQ(rolled.exit_price, 61);
  const TradeRecord& fresh = leg(r, 1, kPE, 26100);  // spot 26110 rounds to 26100; same structure
  EXPECT_EQ(second_of(fresh.entry_time), at(10, 0));
  EXPECT_DOUBLE_EQ(fresh.entry_price, 95);
  EXPECT_EQ(fresh.exit_reason, ExitReason::kEndOfDay);
  EXPECT_DOUBLE_EQ(fresh.exit_price, 96);
  EXPECT_EQ(leg(r, 1, kCE, 26000).exit_reason, ExitReason::kEndOfDay);
  ASSERT_EQ(notes(r).size(), 1u);
  EXPECT_THAT(notes(r)[0], HasSubstr("premium ratio 2.49 >= 1.857"));
  EXPECT_THAT(notes(r)[0], HasSubstr("adjustment 1 of 1"));
}

TEST(ManagedStructure, AWindowWaitsForItsFilterAndSaysWhyItPassedUnused) {
  MicroDay day;
  day.spot(0, 26010);
  // Skew |100.5 - 70.5| / 171 = 0.175 > 0.1 until 09:35; then |100.5 - 95.5| / 196 = 0.026.
  day.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 70, 71);
  MicroDay balanced = day;
  balanced.quote(kPE, 26000, at(9, 35), 95, 96);
  const std::string config =
      "structure = \"straddle\"\nwindow = { from = \"09:30\", to = \"09:40\" }\nmax_skew = 0.1\n";

  const RunRecords entered = run_managed(config, balanced);
  ASSERT_EQ(entered.trades.size(), 2u);
  EXPECT_EQ(second_of(leg(entered, 1, kPE, 26000).entry_time), at(9, 35));
  EXPECT_TRUE(notes(entered).empty());

  const RunRecords skipped = run_managed(config, day);
  EXPECT_TRUE(skipped.trades.empty());
  ASSERT_EQ(notes(skipped).size(), 1u);
  EXPECT_EQ(notes(skipped)[0], "window 09:30-09:40: no entry (last check 09:40: premium skew 0.175 > 0.1)");
}

TEST(ManagedStructure, ConfigErrorsNameTheKey) {
  EXPECT_THAT(error_of("entries = [\"09:20\"]\nwindow = { from = \"09:30\", to = \"09:40\" }\n"),
              HasSubstr("strategy[1].entries: give either entries (listed times) or a window"));
  EXPECT_THAT(error_of("structure = \"straddle\"\nstrikes = { percent = 1 }\nentries = [\"09:20\"]\n"),
              HasSubstr("strategy[1].strikes: a straddle sells the ATM strike"));
  EXPECT_THAT(error_of("structure = \"iron_condor\"\nstrikes = { percent = 1 }\nentries = [\"09:20\"]\n"),
              HasSubstr("strategy[1].wing_points: is required for an iron fly or condor"));
  EXPECT_THAT(error_of("entries = [\"09:20\"]\npartial = { at = 0.5, fraction = 0.5 }\n"),
              HasSubstr("strategy[1].partial: books 1 x 0.5 = less than one lot"));
  EXPECT_THAT(error_of("entries = [\"09:20\"]\nstrikes = { percnt = 1 }\n"),
              HasSubstr("strategy[1].strikes.percnt: unknown key"));
  EXPECT_THAT(error_of("entries = [\"09:20\"]\nadjust = { ratio = 1.8 }\n"),
              HasSubstr("strategy[1].adjust: needs action (close_loser, close_winner, roll_winner, rebalance_delta, delta_imbalance)"));
  EXPECT_THAT(error_of("entries = [\"09:20\"]\nadjust = { action = \"rebalance_delta\" }\n"),
              HasSubstr("strategy[1].adjust.max_net_delta: is required"));
  EXPECT_THAT(error_of("entries = [\"09:20\"]\nstructure = \"strangle\"\nstrikes = { percent = 1, within = 0.1 }\n"),
              HasSubstr("strategy[1].strikes.within: is only for a delta rule"));
  EXPECT_THAT(error_of("entries = [\"09:20\"]\nadjust = { action = \"delta_imbalance\", revert_points = 30 }\n"),
              HasSubstr("strategy[1].adjust.revert_points: must be below min_spot_move"));
  EXPECT_THAT(error_of("entries = [\"09:20\"]\nadjust = { action = \"delta_imbalance\", rehedge_rise = 0.2, "
                       "rehedge_profit_kept = 0.1 }\n"),
              HasSubstr("strategy[1].adjust.rehedge_rise: and rehedge_profit_kept are two re-hedge rules: give one"));
  EXPECT_THAT(error_of("entries = [\"09:20\"]\nadjust = { action = \"delta_imbalance\", max_rehedges = 0 }\n"),
              HasSubstr("strategy[1].adjust.max_rehedges: must be between 1 and 100"));
  EXPECT_THAT(error_of("window = { from = \"15:00\", to = \"15:20\" }\n"),
              HasSubstr("strategy[1].window: entry 15:20 is at or after the square-off 15:15"));
  EXPECT_THAT(error_of("entries = [\"09:20\"]\nexpiry_day_only = 1\n"),
              HasSubstr("strategy[1].expiry_day_only: expected true or false"));
}

}  // namespace
}  // namespace tapelab::strategies
