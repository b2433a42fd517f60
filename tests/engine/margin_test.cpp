// Margin in use (docs/strategy-guide.md#margin): a naked short leg at a
// percentage of its notional (or a fixed figure per lot), a short straddle or
// strangle one side's margin plus the other side's premium, longs at the
// premium paid, defined-risk structures at their maximum loss, and the day's
// peak in DayRecord.
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

OpenLeg leg(OptionType type, std::int32_t strike, Side side, double price, std::int32_t lots = 1,
            std::int32_t lot_size = 75, Date expiry = kExpiry) {
  return OpenLeg{1, {expiry, type, strike}, side, lots, lots * lot_size, price, 0};
}

NakedMarginRule percent_of_notional(double percent) {
  return {CapitalConfig::MarginBasis::kNotional, percent, 0};
}

NakedMarginRule per_lot(double rupees) { return {CapitalConfig::MarginBasis::kPerLot, 0, rupees}; }

TEST(Margin, TheDefaultsAreCalibratedOnTheUsersFiguresPerUnderlying) {
  const CapitalConfig defaults;
  EXPECT_EQ(naked_margin_rule(defaults, "NIFTY")->percent, 9);
  EXPECT_EQ(naked_margin_rule(defaults, "BANKNIFTY")->percent, 12);
  EXPECT_EQ(naked_margin_rule(defaults, "FINNIFTY")->percent, 10);  // the configurable default
  CapitalConfig fixed;
  fixed.margin_basis = CapitalConfig::MarginBasis::kPerLot;
  EXPECT_EQ(naked_margin_rule(fixed, "NIFTY")->per_lot, 175'000);
  EXPECT_FALSE(naked_margin_rule(fixed, "FINNIFTY").has_value());
}

TEST(Margin, ANakedShortIsAPercentOfItsNotionalSoItFollowsTheLot) {
  // NIFTY lot 75 at 26,000, 9%: 0.09 x 26,000 x 75 = 175,500 (the users' Rs 1.75 lakh).
  const std::vector<OpenLeg> call = {leg(OptionType::kCall, 26000, Side::kSell, 100)};
  EXPECT_DOUBLE_EQ(structure_margin(call, percent_of_notional(9), 26000), 175'500);
  // NIFTY lot 25 (2024) at 22,000: 0.09 x 22,000 x 25 = 49,500, where a fixed
  // Rs 1.75 lakh a lot would overstate it 3.5 times.
  const std::vector<OpenLeg> small_lot = {leg(OptionType::kPut, 22000, Side::kSell, 80, 1, 25)};
  EXPECT_DOUBLE_EQ(structure_margin(small_lot, percent_of_notional(9), 22000), 49'500);
  // BANKNIFTY lot 15 (from Jul 2023), 2 lots at 45,000, 12%: 0.12 x 45,000 x 30 = 162,000.
  const std::vector<OpenLeg> bank = {leg(OptionType::kCall, 45000, Side::kSell, 200, 2, 15)};
  EXPECT_DOUBLE_EQ(structure_margin(bank, percent_of_notional(12), 45000), 162'000);
}

TEST(Margin, WithoutASpotAtEntryTheStrikeStandsIn) {
  // 0.09 x 25,900 x 75 = 174,825.
  const std::vector<OpenLeg> put = {leg(OptionType::kPut, 25900, Side::kSell, 90)};
  EXPECT_DOUBLE_EQ(structure_margin(put, percent_of_notional(9), 0), 174'825);
}

TEST(Margin, AShortStraddleIsOneSidesMarginPlusTheOtherSidesPremium) {
  // Call sold at 100, put at 90, 1 lot each at 26,000: 175,500 + 100 x 75 =
  // 183,000 (the dearer pairing: call margin + put premium is 175,500 + 6,750).
  const std::vector<OpenLeg> straddle = {leg(OptionType::kCall, 26000, Side::kSell, 100),
                                         leg(OptionType::kPut, 26000, Side::kSell, 90)};
  EXPECT_DOUBLE_EQ(structure_margin(straddle, percent_of_notional(9), 26000), 183'000);
  // A strangle the same way: 175,500 + 60 x 75 = 180,000.
  const std::vector<OpenLeg> strangle = {leg(OptionType::kCall, 26300, Side::kSell, 60),
                                         leg(OptionType::kPut, 25700, Side::kSell, 55)};
  EXPECT_DOUBLE_EQ(structure_margin(strangle, percent_of_notional(9), 26000), 180'000);
  // Per lot: 175,000 + 7,500 = 182,500, not two naked lots.
  EXPECT_DOUBLE_EQ(structure_margin(straddle, per_lot(175'000), 26000), 182'500);
}

TEST(Margin, OnlyEqualQuantitiesOfOneExpiryOffset) {
  // 1 call and 2 puts: one pair (183,000) and one naked put lot (175,500).
  const std::vector<OpenLeg> ratio = {leg(OptionType::kCall, 26000, Side::kSell, 100),
                                      leg(OptionType::kPut, 26000, Side::kSell, 90, 2)};
  EXPECT_DOUBLE_EQ(structure_margin(ratio, percent_of_notional(9), 26000), 358'500);
  // A call and a put of different expiries are two naked legs: 2 x 175,500.
  const std::vector<OpenLeg> calendar = {leg(OptionType::kCall, 26000, Side::kSell, 100),
                                         leg(OptionType::kPut, 26000, Side::kSell, 90, 1, 75, kExpiry + 7)};
  EXPECT_DOUBLE_EQ(structure_margin(calendar, percent_of_notional(9), 26000), 351'000);
  // With the put side covered by a long put, the call is naked (175,500) and
  // the long put's premium is paid (15 x 75 = 1,125).
  const std::vector<OpenLeg> covered_put = {leg(OptionType::kCall, 26000, Side::kSell, 100),
                                            leg(OptionType::kPut, 26000, Side::kSell, 90),
                                            leg(OptionType::kPut, 25800, Side::kBuy, 15)};
  EXPECT_DOUBLE_EQ(structure_margin(covered_put, percent_of_notional(9), 26000), 176'625);
}

TEST(Margin, ALongOptionIsThePremiumPaid) {
  const std::vector<OpenLeg> long_call = {leg(OptionType::kCall, 26000, Side::kBuy, 100)};
  EXPECT_EQ(structure_margin(long_call, percent_of_notional(9), 26000), 7'500);
  EXPECT_EQ(structure_margin(long_call, per_lot(175'000), 26000), 7'500);
}

TEST(Margin, DefinedRiskIsTheMaximumLoss) {
  // Iron fly: credit 100 + 90 - 20 - 15 = 155 a unit, wings 200 away:
  // worst case loses 200 - 155 = 45 a unit, x 75.
  const std::vector<OpenLeg> fly = {
      leg(OptionType::kCall, 26000, Side::kSell, 100), leg(OptionType::kPut, 26000, Side::kSell, 90),
      leg(OptionType::kCall, 26200, Side::kBuy, 20), leg(OptionType::kPut, 25800, Side::kBuy, 15)};
  EXPECT_DOUBLE_EQ(structure_margin(fly, percent_of_notional(9), 26000), 45 * 75);
  // Bear call spread: credit 60, width 100: max loss 40 a unit.
  const std::vector<OpenLeg> spread = {leg(OptionType::kCall, 26000, Side::kSell, 100),
                                       leg(OptionType::kCall, 26100, Side::kBuy, 40)};
  EXPECT_DOUBLE_EQ(structure_margin(spread, per_lot(175'000), 26000), 40 * 75);
}

// A NIFTY day with spot 26,000 from the open and a 26,000 straddle quoted.
testing::MicroDay straddle_day() {
  testing::MicroDay day(Date::from_ymd(2025, 11, 18), "NIFTY");
  day.spot(day.at(9, 15, 0), 26000).spot(day.at(9, 15, 1), 26400);
  day.contract(kExpiry, OptionType::kCall, 26000, 75, {testing::quote(day.at(9, 15, 0), 100, 101)});
  day.contract(kExpiry, OptionType::kPut, 26000, 75, {testing::quote(day.at(9, 15, 0), 90, 91)});
  return day;
}

const OptionKey kCall{kExpiry, OptionType::kCall, 26000}, kPut{kExpiry, OptionType::kPut, 26000};

TEST(Margin, DayRecordHoldsThePeakAndEveryDayHasOne) {
  const testing::MicroDay day = straddle_day();
  const auto at_open = [&](std::function<void(StrategyContext&)> f) {
    return [&day, f](StrategyContext& ctx) {
      if (ctx.market().now() == day.at(9, 15, 0)) f(ctx);
    };
  };
  const RunRecords r = run_day(
      {testing::scripted("short", at_open([&](StrategyContext& ctx) {
         const OrderResult first = ctx.submit(testing::order(kCall, Side::kSell));
         ctx.submit(testing::order(kPut, Side::kSell, 1, first.structure_id));
         ctx.submit(testing::order(kCall, Side::kBuy, 1, first.structure_id));  // closes the call leg
       })),
       testing::scripted("long", at_open([&](StrategyContext& ctx) { ctx.submit(testing::order(kCall, Side::kBuy, 2)); })),
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
  // the same second leaves the naked put alone: 0.09 x 26,000 x 75.
  EXPECT_DOUBLE_EQ(r.days[2].margin, 175'500);
}

TEST(Margin, IsRecomputedWhenLegsChangeAtTheStructuresEntrySpot) {
  const testing::MicroDay day = straddle_day();
  std::int64_t structure = 0;
  const auto script = [&](StrategyContext& ctx) {
    if (ctx.market().now() == day.at(9, 15, 0)) {
      structure = ctx.submit(testing::order(kCall, Side::kSell)).structure_id;
    } else if (ctx.market().now() == day.at(9, 15, 1)) {
      ctx.submit(testing::order(kPut, Side::kSell, 2, structure));
    }
  };
  const RunRecords r = run_day({testing::scripted("short", script)}, day.tape());
  ASSERT_EQ(r.days.size(), 1u);
  // At 09:15:01 (spot 26,400) the structure holds 1 call and 2 puts entered
  // at spot 26,000: a pair, 175,500 + 100 x 75 = 183,000, and a naked put
  // lot, 175,500; 358,500 in all.
  EXPECT_DOUBLE_EQ(r.days[0].margin, 358'500);
}

TEST(Margin, APeakLastsFromOneSecondToTheNext) {
  const testing::MicroDay day = straddle_day();
  std::int64_t structure = 0;
  const RunRecords r = run_day({testing::scripted("short", [&](StrategyContext& ctx) {
                                 if (ctx.market().now() == day.at(9, 15, 0)) {
                                   structure = ctx.submit(testing::order(kCall, Side::kSell)).structure_id;
                                   ctx.submit(testing::order(kPut, Side::kSell, 1, structure));
                                 } else if (ctx.market().now() == day.at(9, 15, 1)) {
                                   ctx.submit(testing::order(kCall, Side::kBuy, 1, structure));
                                 }
                               })},
                               day.tape());
  ASSERT_EQ(r.days.size(), 1u);
  // Both legs were open at the end of 09:15:00: a straddle, 175,500 + 100 x 75.
  EXPECT_DOUBLE_EQ(r.days[0].margin, 183'000);
}

TEST(Margin, AFixedFigurePerLotStaysAnOption) {
  const testing::MicroDay day = straddle_day();
  StrategySpec spec = testing::scripted("short", [&](StrategyContext& ctx) {
    if (ctx.market().now() == day.at(9, 15, 0)) ctx.submit(testing::order(kPut, Side::kSell, 2));
  });
  spec.info.capital.margin_basis = CapitalConfig::MarginBasis::kPerLot;
  const RunRecords r = run_day({spec}, day.tape());
  ASSERT_EQ(r.days.size(), 1u);
  EXPECT_DOUBLE_EQ(r.days[0].margin, 2 * 175'000);
}

TEST(Margin, AnUnderlyingWithoutAFigurePerLotIsAnErrorUnderThatBasis) {
  testing::MicroDay day(Date::from_ymd(2025, 11, 18), "FINNIFTY");
  day.contract(kExpiry, OptionType::kCall, 26000, 65, {testing::quote(day.at(9, 15, 0), 100, 101)});
  StrategySpec spec = testing::scripted("s", [](StrategyContext&) {});
  EXPECT_NO_THROW(run_day({spec}, day.tape()));  // 10% of notional by default
  spec.info.capital.margin_basis = CapitalConfig::MarginBasis::kPerLot;
  EXPECT_THROW(run_day({spec}, day.tape()), Error);
}

}  // namespace
}  // namespace tapelab::engine
