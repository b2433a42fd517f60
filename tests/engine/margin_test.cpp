// Margin in use (decisions.md): naked short lots at the configured margin,
// longs at the premium paid, defined-risk structures at their maximum loss,
// and the day's peak in DayRecord.
#include <gtest/gtest.h>

#include "engine/margin.h"
#include "engine/runner.h"
#include "micro_day.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::Date;
using domain::OptionType;

const Date kExpiry = Date::from_ymd(2025, 11, 25);

OpenLeg leg(OptionType type, std::int32_t strike, Side side, double price, std::int32_t lots = 1) {
  return OpenLeg{1, {kExpiry, type, strike}, side, lots, lots * 75, price, 0};
}

TEST(Margin, NakedShortLotsAndLongPremium) {
  const std::vector<OpenLeg> short_straddle = {leg(OptionType::kCall, 26000, Side::kSell, 100),
                                               leg(OptionType::kPut, 26000, Side::kSell, 90, 2)};
  EXPECT_EQ(structure_margin(short_straddle, 175'000), 3 * 175'000);
  const std::vector<OpenLeg> long_call = {leg(OptionType::kCall, 26000, Side::kBuy, 100)};
  EXPECT_EQ(structure_margin(long_call, 175'000), 7'500);
}

TEST(Margin, DefinedRiskIsTheMaximumLoss) {
  // Iron fly: credit 100 + 90 - 20 - 15 = 155 a unit, wings 200 away:
  // worst case loses 200 - 155 = 45 a unit, x 75.
  const std::vector<OpenLeg> fly = {
      leg(OptionType::kCall, 26000, Side::kSell, 100), leg(OptionType::kPut, 26000, Side::kSell, 90),
      leg(OptionType::kCall, 26200, Side::kBuy, 20), leg(OptionType::kPut, 25800, Side::kBuy, 15)};
  EXPECT_DOUBLE_EQ(structure_margin(fly, 175'000), 45 * 75);
  // Bear call spread: credit 60, width 100: max loss 40 a unit.
  const std::vector<OpenLeg> spread = {leg(OptionType::kCall, 26000, Side::kSell, 100),
                                       leg(OptionType::kCall, 26100, Side::kBuy, 40)};
  EXPECT_DOUBLE_EQ(structure_margin(spread, 175'000), 40 * 75);
}

TEST(Margin, DayRecordHoldsThePeakAndEveryDayHasOne) {
  testing::MicroDay day(Date::from_ymd(2025, 11, 18), "NIFTY");
  const OptionKey call{kExpiry, OptionType::kCall, 26000}, put{kExpiry, OptionType::kPut, 26000};
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {testing::quote(day.at(9, 15, 0), 100, 101)});
  day.contract(kExpiry, OptionType::kPut, 26000, 75, {testing::quote(day.at(9, 15, 0), 90, 91)});
  const auto at_open = [&](std::function<void(StrategyContext&)> f) {
    return [&day, f](StrategyContext& ctx) {
      if (ctx.market().now() == day.at(9, 15, 0)) f(ctx);
    };
  };
  const RunRecords r = run_day(
      {testing::scripted("short", at_open([&](StrategyContext& ctx) {
         const OrderResult first = ctx.submit(testing::order(call, Side::kSell));
         ctx.submit(testing::order(put, Side::kSell, 1, first.structure_id));
         ctx.submit(testing::order(call, Side::kBuy, 1, first.structure_id));  // closes the call leg
       })),
       testing::scripted("long", at_open([&](StrategyContext& ctx) { ctx.submit(testing::order(call, Side::kBuy, 2)); })),
       testing::scripted("idle", [](StrategyContext&) {})},
      day.tape());
  ASSERT_EQ(r.days.size(), 3u);
  EXPECT_EQ(r.days[0].strategy, "idle");
  EXPECT_EQ(r.days[0].margin, 0);
  EXPECT_EQ(r.days[0].trades, 0);
  EXPECT_EQ(r.days[1].strategy, "long");
  EXPECT_EQ(r.days[1].margin, 101 * 150);
  EXPECT_EQ(r.days[2].strategy, "short");
  // Measured after the strategy's second: the call sold and bought back in
  // the same second leaves the naked put alone.
  EXPECT_EQ(r.days[2].margin, 175'000);
}

TEST(Margin, APeakLastsFromOneSecondToTheNext) {
  testing::MicroDay day(Date::from_ymd(2025, 11, 18), "NIFTY");
  const OptionKey call{kExpiry, OptionType::kCall, 26000}, put{kExpiry, OptionType::kPut, 26000};
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {testing::quote(day.at(9, 15, 0), 100, 101)});
  day.contract(kExpiry, OptionType::kPut, 26000, 75, {testing::quote(day.at(9, 15, 0), 90, 91)});
  std::int64_t structure = 0;
  const RunRecords r = run_day({testing::scripted("short", [&](StrategyContext& ctx) {
                                 if (ctx.market().now() == day.at(9, 15, 0)) {
                                   structure = ctx.submit(testing::order(call, Side::kSell)).structure_id;
                                   ctx.submit(testing::order(put, Side::kSell, 1, structure));
                                 } else if (ctx.market().now() == day.at(9, 15, 1)) {
                                   ctx.submit(testing::order(call, Side::kBuy, 1, structure));
                                 }
                               })},
                               day.tape());
  ASSERT_EQ(r.days.size(), 1u);
  EXPECT_EQ(r.days[0].margin, 2 * 175'000);  // both legs were open at the end of 09:15:00
}

TEST(Margin, AnUnderlyingWithoutAConfiguredMarginIsAnError) {
  testing::MicroDay day(Date::from_ymd(2025, 11, 18), "FINNIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 65, {testing::quote(day.at(9, 15, 0), 100, 101)});
  EXPECT_THROW(run_day({testing::scripted("s", [](StrategyContext&) {})}, day.tape()), Error);
}

}  // namespace
}  // namespace tapelab::engine
