// The intraday periodicity (docs/market-truth.md#intraday-periodicity): its
// window of past trading days, the robust time-of-day factor on hand-made
// returns, and what the factor does to the planted day's bursts.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "domain/trading_calendar.h"
#include "truth/day_tables.h"
#include "truth/params.h"
#include "truth/periodicity.h"
#include "truth/session_grid.h"
#include "planted_day.h"

namespace tapelab::truth {
namespace {

using domain::Date;

const domain::TradingCalendar& nse() { return domain::TradingCalendar::nse(); }

// The history as estimate_periodicity takes it.
std::vector<const DayReturns*> pointers(const std::vector<DayReturns>& days) {
  std::vector<const DayReturns*> out;
  for (const DayReturns& d : days) out.push_back(&d);
  return out;
}

// Past days whose returns alternate +-a, so every bin's robust scale is a: in
// the first five minutes a is 3 (the open), elsewhere 1; `outlier` adds one
// return of 50 at 12:00:00 of the first day.
std::vector<DayReturns> history(Date before, int days, bool outlier = false) {
  std::vector<DayReturns> out;
  for (const Date d : periodicity_window(before, nse(), days)) {
    DayReturns day{session_grid(d, nse()), {}};
    for (std::size_t i = 0; i < day.grid.size(); ++i) {
      const double a = i < 300 ? 3.0 : 1.0;
      day.ret_1s.push_back(i == 0 ? NAN : (i % 2 == 0 ? a : -a));
    }
    if (outlier && out.empty()) day.ret_1s[2 * 3600 + 45 * 60] = 50;
    out.push_back(std::move(day));
  }
  return out;
}

const Date kDay = Date::from_ymd(2025, 11, 17);

TEST(Periodicity, TheWindowIsTheTradingDaysBeforeTheDayOldestFirst) {
  const std::vector<Date> window = periodicity_window(kDay, nse(), 3);
  EXPECT_EQ(window, (std::vector<Date>{Date::from_ymd(2025, 11, 12), Date::from_ymd(2025, 11, 13),
                                       Date::from_ymd(2025, 11, 14)}));
  const std::vector<Date> sixty = periodicity_window(kDay, nse(), 60);
  ASSERT_EQ(sixty.size(), 60U);
  EXPECT_LT(sixty.back(), kDay);
  for (const Date d : sixty) EXPECT_TRUE(nse().is_full_trading_day(d)) << d.to_string();
}

TEST(Periodicity, TheOpenBinIsThreeTimesMiddayAndTheFactorAveragesOneInSquare) {
  const SessionGrid grid = session_grid(kDay, nse());
  const Periodicity p = estimate_periodicity(pointers(history(kDay, 20)), grid, TruthParams{});
  ASSERT_TRUE(p.on());
  EXPECT_EQ(p.history_days, 20);
  ASSERT_EQ(p.factor.size(), grid.size());
  EXPECT_NEAR(p.factor[0] / p.factor[3600], 3, 1e-9);
  EXPECT_NEAR(p.factor[299] / p.factor[300], 3, 1e-9);
  double squares = 0;
  for (const double f : p.factor) squares += f * f;
  EXPECT_NEAR(squares / static_cast<double>(grid.size()), 1, 1e-9);
  EXPECT_EQ(p.describe(20), "periodicity from 20 days");
}

TEST(Periodicity, AJumpInThePastDoesNotInflateItsBin) {
  const SessionGrid grid = session_grid(kDay, nse());
  const Periodicity plain = estimate_periodicity(pointers(history(kDay, 20)), grid, TruthParams{});
  const Periodicity jumped = estimate_periodicity(pointers(history(kDay, 20, true)), grid, TruthParams{});
  const std::size_t noon = 2 * 3600 + 45 * 60;
  // 50 is about 40 times the bin's initial scale: beyond the chi-square bound,
  // weight 0. Counted, it would raise the noon bin's mean square from 1 to
  // 1 + 2500 / 6000 (factor x1.19). What is left is its day's bipower scale,
  // which two products of 50 move by about 3e-7.
  EXPECT_NEAR(jumped.factor[noon] / jumped.factor[3600], plain.factor[noon] / plain.factor[3600], 1e-5);
}

TEST(Periodicity, OffWithFewerDaysThanTheMinimumAndSaysSo) {
  const Periodicity p = estimate_periodicity(pointers(history(kDay, 19)), session_grid(kDay, nse()), TruthParams{});
  EXPECT_FALSE(p.on());
  EXPECT_EQ(p.history_days, 19);
  EXPECT_EQ(p.describe(20), "periodicity off: 19 days of history, 20 needed");
}

TEST(Periodicity, DaysWhoseSpotNeverMovedDoNotCount) {
  std::vector<DayReturns> still = history(kDay, 25);
  for (std::size_t d = 0; d < 10; ++d) std::fill(still[d].ret_1s.begin() + 1, still[d].ret_1s.end(), 0.0);
  const Periodicity p = estimate_periodicity(pointers(still), session_grid(kDay, nse()), TruthParams{});
  EXPECT_FALSE(p.on());
  EXPECT_EQ(p.describe(20), "periodicity off: 15 days of history, 20 needed");
}

// The planted day's burst A starts at 09:17:00 (s = 120) on a 13-point move
// with 4-point steps against NIFTY's 10 and 3 (events_test.cpp). A factor of
// 1.5 over the first five minutes raises those to 15 and 4.5 there: no burst
// starts before 09:20; burst B (09:25:02) and the rest are unchanged.
TEST(Periodicity, AHighOpenFactorRaisesTheBurstThresholdsThereOnly) {
  const testing::MicroDay planted = testing::planted_day();
  DayContext c = planted.context();
  const market::DayTape tape = planted.tape(c.expiry);
  auto burst_starts = [&](const DayContext& context, const TruthParams& params) {
    const Table events = day_tables(tape, context, params).events;
    std::vector<std::int64_t> starts;
    for (std::size_t r = 0; r < events.rows(); ++r) {
      if (events.column("kind").string_at(r) == "burst") starts.push_back(events.column("start").i64[r]);
    }
    return starts;
  };
  const std::vector<std::int64_t> without = burst_starts(c, TruthParams{});
  c.periodicity.history_days = 20;
  c.periodicity.factor.assign(c.grid.size(), 1.0);
  std::fill(c.periodicity.factor.begin(), c.periodicity.factor.begin() + 300, 1.5);
  const std::vector<std::int64_t> with = burst_starts(c, TruthParams{});
  ASSERT_FALSE(without.empty());
  EXPECT_EQ(without.front(), testing::open_plus(testing::kMonday, 120) / 1000);
  EXPECT_EQ(with, std::vector<std::int64_t>(without.begin() + 1, without.end()));
  TruthParams switched_off;
  switched_off.periodicity_bursts = false;
  EXPECT_EQ(burst_starts(c, switched_off), without);
}

}  // namespace
}  // namespace tapelab::truth
