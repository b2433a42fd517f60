// The short-premium strategy type on hand-built days (engine::run_day): each
// scenario states the market in a few quotes, so the trades are known in
// advance: target, stop, max hold, square-off and a preset's own exit time,
// entries skipped while a structure is open, strangle strikes, and an entry
// whose second leg cannot fill.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "engine/runner.h"
#include "strategies/config.h"
#include "strategies/micro_day.h"
#include "strategies/presets.h"

namespace tapelab::strategies {
namespace {

using domain::OptionType;
using engine::ExitReason;
using engine::RunRecords;
using engine::TradeRecord;
using testing::at;
using testing::MicroDay;

constexpr auto kCE = OptionType::kCall;
constexpr auto kPE = OptionType::kPut;

RunRecords run(const StrategyConfig& config, const MicroDay& day) {
  return engine::run_day({make_spec(config)}, day.build());
}

RunRecords run(const std::string& toml, const MicroDay& day) {
  const std::vector<StrategyConfig> configs = parse_config("[[strategy]]\nname = \"T\"\n" + toml, "test.toml");
  return run(configs.at(0), day);
}

std::int32_t second_of(domain::WallNanos t) {
  return static_cast<std::int32_t>((t - domain::wall_time(MicroDay::date(), 0, 0, 0)) / domain::kNanosPerSecond);
}

const TradeRecord& leg(const RunRecords& r, std::int64_t structure, OptionType type) {
  const auto it = std::find_if(r.trades.begin(), r.trades.end(), [&](const TradeRecord& t) {
    return t.structure_id == structure && t.key.type == type;
  });
  if (it == r.trades.end()) throw std::runtime_error("no such leg");
  return *it;
}

std::vector<std::string> notes(const RunRecords& r) {
  std::vector<std::string> out;
  for (const auto& o : r.orders) {
    if (o.status == engine::OrderStatus::kNote) out.push_back(o.reason);
  }
  return out;
}

// Spot 26010: the ATM strike is 26000 by rounding; both legs at 100/101.
MicroDay flat_day() {
  MicroDay day;
  day.spot(0, 26010);
  for (const std::int32_t strike : {25900, 26000, 26100}) {
    day.quote(kCE, strike, 0, 100, 101).quote(kPE, strike, 0, 100, 101);
  }
  return day;
}

TEST(ShortPremium, TargetKeepsTheFractionOfCredit) {
  MicroDay day = flat_day();
  // Marks (mid) at 10:00: 40.5 + 50.5 = 91; credit 200 - 91 = 109 >= 0.5 x 200.
  // At 09:50 the mid sum 50.5 + 50.5 = 101 keeps only 99 < 100: not yet.
  day.quote(kCE, 26000, at(9, 50), 50, 51).quote(kPE, 26000, at(9, 50), 50, 51);
  day.quote(kCE, 26000, at(10, 0), 40, 41).quote(kPE, 26000, at(10, 0), 50, 51);
  const RunRecords r = run("structure = \"straddle\"\nentries = [\"09:20\"]\ntarget = 0.5\nstop = 2.0\n", day);
  ASSERT_EQ(r.trades.size(), 2u);
  for (const OptionType type : {kCE, kPE}) {
    const TradeRecord& t = leg(r, 1, type);
    EXPECT_EQ(t.key.strike, 26000);
    EXPECT_EQ(t.key.expiry, MicroDay::expiry());
    EXPECT_EQ(t.side, engine::Side::kSell);
    EXPECT_EQ(second_of(t.entry_time), at(9, 20));
    EXPECT_EQ(second_of(t.exit_time), at(10, 0));
    EXPECT_EQ(t.exit_reason, ExitReason::kTarget);
    EXPECT_DOUBLE_EQ(t.entry_price, 100);  // sold at the bid
    EXPECT_EQ(t.quantity, MicroDay::kLotSize);
    EXPECT_DOUBLE_EQ(t.costs, 10);  // Rs 5 per order, in and out
  }
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE).exit_price, 41);  // bought back at the ask
  EXPECT_DOUBLE_EQ(leg(r, 1, kPE).exit_price, 51);
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE).gross_rupees, 59.0 * 75);
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE).net, 59.0 * 75 - 10);
}

TEST(ShortPremium, StopIsAMultipleOfCreditLost) {
  MicroDay day = flat_day();
  // Stop 2.0 x credit 200: the legs' marks must reach 600. 491 + 100.5 = 591.5 does not.
  day.quote(kCE, 26000, at(10, 30), 490, 492);
  day.quote(kCE, 26000, at(11, 0), 500, 502);  // 501 + 100.5 = 601.5
  const RunRecords r = run("structure = \"straddle\"\nentries = [\"09:20\"]\ntarget = 0.5\nstop = 2.0\n", day);
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(leg(r, 1, kCE).exit_reason, ExitReason::kStop);
  EXPECT_EQ(second_of(leg(r, 1, kCE).exit_time), at(11, 0));
  EXPECT_DOUBLE_EQ(leg(r, 1, kCE).exit_price, 502);
  EXPECT_DOUBLE_EQ(leg(r, 1, kPE).exit_price, 101);
  EXPECT_EQ(leg(r, 1, kPE).exit_reason, ExitReason::kStop);
}

TEST(ShortPremium, MarkModelDecidesTheTrigger) {
  MicroDay day = flat_day();
  // A wide CE book at 10:00: the mid triggers the target, the touch (what
  // closing costs: the ask of a short leg) does not.
  day.quote(kCE, 26000, at(10, 0), 10, 70).quote(kPE, 26000, at(10, 0), 30, 32);
  // mid: 40 + 31 = 71 -> 129 kept >= 100; touch: 70 + 32 = 102 -> 98 kept < 100.
  const std::string params = "structure = \"straddle\"\nentries = [\"09:20\"]\ntarget = 0.5\n";
  const RunRecords mid = run(params, day);
  ASSERT_EQ(mid.trades.size(), 2u);
  EXPECT_EQ(leg(mid, 1, kCE).exit_reason, ExitReason::kTarget);
  const RunRecords touch = run(params + "[strategy.execution]\nmark_model = \"touch\"\n", day);
  ASSERT_EQ(touch.trades.size(), 2u);
  EXPECT_EQ(leg(touch, 1, kCE).exit_reason, ExitReason::kEndOfDay);
}

TEST(ShortPremium, MaxHoldClosesAndSkippedEntriesAreLogged) {
  // A1's shape: max hold 90 min. The 10:00 entry finds the 09:20 structure
  // open (max_open_structures 1) and is skipped with a note; the 10:50 entry
  // comes in the second the first structure closes, so it opens.
  const RunRecords r = run(
      "structure = \"straddle\"\nentries = [\"09:20\", \"10:00\", \"10:50\"]\nmax_hold_minutes = 90\n", flat_day());
  ASSERT_EQ(r.trades.size(), 4u);
  EXPECT_EQ(leg(r, 1, kCE).exit_reason, ExitReason::kTime);
  EXPECT_EQ(second_of(leg(r, 1, kCE).exit_time), at(10, 50));
  EXPECT_EQ(second_of(leg(r, 2, kPE).entry_time), at(10, 50));
  EXPECT_EQ(second_of(leg(r, 2, kPE).exit_time), at(12, 20));
  const std::vector<std::string> logged = notes(r);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_NE(logged[0].find("entry 10:00 skipped"), std::string::npos) << logged[0];
  EXPECT_NE(logged[0].find("max_open_structures = 1"), std::string::npos) << logged[0];
}

TEST(ShortPremium, MaxOpenStructuresAllowsOverlap) {
  const RunRecords r = run(
      "structure = \"straddle\"\nentries = [\"09:20\", \"10:00\"]\nmax_hold_minutes = 90\nmax_open_structures = 2\n",
      flat_day());
  ASSERT_EQ(r.trades.size(), 4u);
  EXPECT_EQ(second_of(leg(r, 2, kCE).entry_time), at(10, 0));
  EXPECT_EQ(second_of(leg(r, 2, kCE).exit_time), at(11, 30));
  EXPECT_TRUE(notes(r).empty());
}

TEST(ShortPremium, SquareOffAndAPresetsOwnExitTime) {
  const RunRecords by_default = run("structure = \"straddle\"\nentries = [\"09:30\"]\n", flat_day());
  ASSERT_EQ(by_default.trades.size(), 2u);
  EXPECT_EQ(second_of(leg(by_default, 1, kCE).exit_time), at(15, 15));
  EXPECT_EQ(leg(by_default, 1, kCE).exit_reason, ExitReason::kEndOfDay);

  const RunRecords s1 = run(preset("S1"), flat_day());  // ATM straddle at 09:30, out at 15:25
  ASSERT_EQ(s1.trades.size(), 2u);
  EXPECT_EQ(second_of(leg(s1, 1, kCE).entry_time), at(9, 30));
  EXPECT_EQ(second_of(leg(s1, 1, kPE).exit_time), at(15, 25));
  EXPECT_EQ(leg(s1, 1, kPE).exit_pricing, engine::ExitPricing::kQuote);
}

TEST(ShortPremium, StrangleTakesTheListedStrikeNearestTheDistance) {
  MicroDay day;
  day.spot(0, 26010);
  // 1% of 26010 = 260.1: CE target 26270.1 -> 26250 (20.1 away; 26300 is
  // 29.9). PE target 25749.9 -> 25700 (49.9 away; 25800 is 50.1), since the
  // PE chain lists only every 100 points there.
  for (const std::int32_t strike : {26000, 26100, 26200, 26250, 26300}) day.quote(kCE, strike, 0, 20, 21);
  for (const std::int32_t strike : {25700, 25800, 26000}) day.quote(kPE, strike, 0, 20, 21);
  const RunRecords r = run("structure = \"strangle\"\notm_pct = 1\nentries = [\"09:30\"]\n", day);
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(leg(r, 1, kCE).key.strike, 26250);
  EXPECT_EQ(leg(r, 1, kPE).key.strike, 25700);
}

TEST(ShortPremium, AnUnfilledSecondLegClosesTheFirstAtOnce) {
  MicroDay day = flat_day();
  day.gap(kPE, 26000, at(9, 19), at(9, 40));  // the PE's quote at 09:20 is 60 s old: stale
  const RunRecords r = run("structure = \"straddle\"\nentries = [\"09:20\"]\n", day);
  ASSERT_EQ(r.trades.size(), 1u);
  const TradeRecord& t = r.trades[0];
  EXPECT_EQ(t.key.type, kCE);
  EXPECT_EQ(t.exit_reason, ExitReason::kNoQuote);
  EXPECT_EQ(second_of(t.entry_time), at(9, 20));
  EXPECT_EQ(second_of(t.exit_time), at(9, 20));
  EXPECT_DOUBLE_EQ(t.exit_price, 101);
  const auto rejected = std::count_if(r.orders.begin(), r.orders.end(), [](const engine::OrderRecord& o) {
    return o.status == engine::OrderStatus::kRejected && o.reason == "stale-quote";
  });
  EXPECT_EQ(rejected, 1);
  ASSERT_EQ(notes(r).size(), 1u);
  EXPECT_NE(notes(r)[0].find("entry 09:20: 26000 PE did not fill (stale-quote); closing the legs that filled at once"),
            std::string::npos)
      << notes(r)[0];
}

TEST(ShortPremium, NoEntryWhenTheFirstLegCannotFill) {
  MicroDay day = flat_day();
  day.gap(kCE, 26000, at(9, 19), at(9, 40));
  const RunRecords r = run("structure = \"straddle\"\nentries = [\"09:20\"]\n", day);
  EXPECT_TRUE(r.trades.empty());
  ASSERT_EQ(notes(r).size(), 1u);
  EXPECT_NE(notes(r)[0].find("entry 09:20 skipped: 26000 CE did not fill (stale-quote)"), std::string::npos)
      << notes(r)[0];
}

TEST(ShortPremium, AnExitThatCannotFillIsRetried) {
  MicroDay day = flat_day();
  // Max hold 30 min ends at 09:50, when the CE has no fresh quote until 10:00.
  day.gap(kCE, 26000, at(9, 45), at(10, 0));
  const RunRecords r = run("structure = \"straddle\"\nentries = [\"09:20\"]\nmax_hold_minutes = 30\n", day);
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(second_of(leg(r, 1, kPE).exit_time), at(9, 50));
  EXPECT_EQ(second_of(leg(r, 1, kCE).exit_time), at(10, 0));
  EXPECT_EQ(leg(r, 1, kCE).exit_reason, ExitReason::kTime);
}

}  // namespace
}  // namespace tapelab::strategies
