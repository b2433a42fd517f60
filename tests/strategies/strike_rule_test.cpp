// The strike pickers behind the strike rules on hand-built chains: OTM and ITM
// by points, steps and percent of spot, the OTM strike nearest a premium, and
// the strike with the largest open interest.
#include <gtest/gtest.h>

#include "engine/market_view.h"
#include "engine/micro_day.h"
#include "strategies/strike_rule.h"

namespace tapelab::strategies {
namespace {

using domain::Date;
using domain::OptionType;
using engine::testing::MicroDay;
using engine::testing::quote;

constexpr auto kCE = OptionType::kCall;
constexpr auto kPE = OptionType::kPut;
const Date kTue = Date::from_ymd(2025, 11, 18);
const Date kMonthly = Date::from_ymd(2025, 12, 30);

TEST(StrikeRule, OtmAndItmByPointsStepsAndPercent) {
  MicroDay day(kTue, "NIFTY");
  const auto open = day.at(9, 15, 0);
  day.spot(open, 26023);
  for (std::int32_t k = 25500; k <= 26500; k += 50) {
    for (const OptionType type : {kCE, kPE}) day.contract(kMonthly, type, k, 75, {quote(open, 10, 11)});
  }
  const market::DayTape tape = day.tape();
  engine::MarketView view(tape);
  view.advance_to(open);
  EXPECT_EQ(otm_by_points(view, kMonthly, kCE, 100), 26100);   // 26123 -> 26100
  EXPECT_EQ(otm_by_points(view, kMonthly, kPE, 100), 25900);   // 25923 -> 25900
  EXPECT_EQ(otm_by_points(view, kMonthly, kCE, -100), 25900);  // ITM
  EXPECT_EQ(otm_by_steps(view, kMonthly, kCE, 2), 26100);      // ATM 26000 + 2 x 50
  EXPECT_EQ(otm_by_steps(view, kMonthly, kPE, 2), 25900);
  EXPECT_EQ(otm_by_percent(view, kMonthly, kCE, 1.0), 26300);  // 26283.23
  EXPECT_EQ(otm_by_percent(view, kMonthly, kPE, 1.0), 25750);  // 25762.77
  EXPECT_EQ(otm_by_percent(view, kMonthly, kPE, 10.0), 25500); // beyond the chain: its last strike
}

TEST(StrikeRule, StrikeByPremiumAndByMaxOpenInterest) {
  MicroDay day(kTue, "NIFTY");
  const auto t = day.at(9, 15, 0);
  day.spot(t, 26023);
  const auto with_oi = [](engine::testing::Quote q, std::int64_t oi) {
    q.oi = oi;
    return q;
  };
  day.contract(kMonthly, kCE, 26000, 75, {quote(t, 79, 81)});  // ITM: never chosen by premium
  day.contract(kMonthly, kCE, 26050, 75, {quote(t, 59, 61)});
  day.contract(kMonthly, kCE, 26100, 75, {quote(t, 39, 41)});
  day.contract(kMonthly, kCE, 26150, 75, {quote(t, 24, 26)});
  day.contract(kMonthly, kPE, 25800, 75, {with_oi(quote(t, 5, 6), 8000)});
  day.contract(kMonthly, kPE, 25900, 75, {with_oi(quote(t, 9, 10), 5000)});
  day.contract(kMonthly, kPE, 26000, 75, {with_oi(quote(t, 20, 21), 8000)});
  const market::DayTape tape = day.tape();
  engine::MarketView view(tape);
  view.advance_to(t);
  EXPECT_EQ(strike_by_premium(view, kMonthly, kCE, 38), 26100);
  EXPECT_EQ(strike_by_premium(view, kMonthly, kCE, 1000), 26050);
  EXPECT_EQ(strike_by_max_oi(view, kMonthly, kPE), 26000);  // tie with 25800: the one nearer spot
}

}  // namespace
}  // namespace tapelab::strategies
