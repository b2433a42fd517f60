// Metrics on hand-built records; every expected value is worked out by hand
// in the test from the numbers the test chose.
#include <cmath>

#include <gtest/gtest.h>

#include "report/metrics.h"
#include "util/error.h"

namespace tapelab::report {
namespace {

using domain::Date;
using engine::CapitalConfig;
using engine::DayRecord;
using engine::TradeRecord;

Date day(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }

TradeRecord leg(Date date, std::int64_t structure, double net, std::string strategy = "S") {
  TradeRecord t;
  t.strategy = std::move(strategy);
  t.date = date;
  t.structure_id = structure;
  t.costs = 10;
  t.gross_rupees = net + t.costs;
  t.net = net;
  return t;
}

DayRecord day_record(Date date, double net, double margin, std::int32_t trades = 1, std::string strategy = "S") {
  DayRecord d;
  d.strategy = std::move(strategy);
  d.date = date;
  d.underlying = "NIFTY";
  d.trades = trades;
  d.net = net;
  d.margin = margin;
  return d;
}

CapitalConfig capital(double rupees) {
  CapitalConfig c;
  c.capital = rupees;
  return c;
}

TEST(Metrics, TradesAreStructuresAndTheirLegsAreSummed) {
  const Date d1 = day(2025, 11, 17);
  const Date d2 = day(2025, 11, 18);
  const std::vector<TradeRecord> trades = {
      leg(d1, 1, 300), leg(d1, 1, -100),  // structure +200: a win though one leg lost
      leg(d1, 2, -150),                   // a loss
      leg(d2, 1, 50), leg(d2, 1, 50),     // same id on another day: another trade, +100
      leg(d2, 2, 0),                      // breakeven: a trade, neither win nor loss
  };
  const Metrics m = compute_metrics(trades, {}, capital(100'000));
  EXPECT_EQ(m.trades, 4);
  EXPECT_EQ(m.legs, 6);
  EXPECT_EQ(m.wins, 2);
  EXPECT_EQ(m.losses, 1);
  EXPECT_DOUBLE_EQ(*m.win_rate, 2.0 / 4.0);
  EXPECT_DOUBLE_EQ(*m.average_win, (200.0 + 100.0) / 2);
  EXPECT_DOUBLE_EQ(*m.average_loss, -150.0);
  EXPECT_DOUBLE_EQ(*m.profit_factor, 300.0 / 150.0);
  EXPECT_DOUBLE_EQ(*m.expectancy, (200.0 - 150.0 + 100.0 + 0.0) / 4);
  EXPECT_DOUBLE_EQ(m.net, 150.0);
  EXPECT_DOUBLE_EQ(m.costs, 6 * 10.0);
  EXPECT_DOUBLE_EQ(m.gross, 150.0 + 60.0);
}

TEST(Metrics, AllWinsHaveNoProfitFactorAndNoAverageLoss) {
  const Date d1 = day(2025, 11, 17);
  const Metrics m = compute_metrics({leg(d1, 1, 100), leg(d1, 2, 50)}, {}, capital(100'000));
  EXPECT_EQ(m.wins, 2);
  EXPECT_DOUBLE_EQ(*m.win_rate, 1.0);
  EXPECT_FALSE(m.profit_factor.has_value());  // infinite: written as null, never "inf"
  EXPECT_FALSE(m.average_loss.has_value());
}

TEST(Metrics, NoTradesAndNoDaysGiveZerosAndAbsentRatios) {
  const Metrics m = compute_metrics({}, {}, capital(100'000));
  EXPECT_EQ(m.trades, 0);
  EXPECT_FALSE(m.win_rate.has_value());
  EXPECT_FALSE(m.profit_factor.has_value());
  EXPECT_FALSE(m.expectancy.has_value());
  EXPECT_EQ(m.days, 0);
  EXPECT_DOUBLE_EQ(m.max_drawdown, 0);
  EXPECT_FALSE(m.sharpe.has_value());
  EXPECT_FALSE(m.best_day.has_value());
  EXPECT_FALSE(m.exposure.has_value());
  EXPECT_FALSE(m.return_on_margin_per_day.has_value());
  EXPECT_TRUE(m.weeks.empty());
}

TEST(Metrics, MaxDrawdownOnTheDailyCurveInRupeesAndPercentOfCapital) {
  // Daily nets 1000, -3000, 500, -1000, 4000: equity 1000, -2000, -1500,
  // -2500, 1500; the peak stays 1000 until the last day, so the drawdowns
  // are 0, 3000, 2500, 3500, 0.
  const std::vector<DayRecord> days = {
      day_record(day(2025, 11, 17), 1000, 100'000), day_record(day(2025, 11, 18), -3000, 100'000),
      day_record(day(2025, 11, 19), 500, 100'000), day_record(day(2025, 11, 20), -1000, 100'000),
      day_record(day(2025, 11, 21), 4000, 100'000)};
  const Metrics m = compute_metrics({}, days, capital(200'000));
  ASSERT_EQ(m.daily.size(), 5u);
  EXPECT_DOUBLE_EQ(m.daily[3].equity, -2500);
  EXPECT_DOUBLE_EQ(m.daily[1].drawdown, 3000);
  EXPECT_DOUBLE_EQ(m.daily[4].drawdown, 0);
  EXPECT_DOUBLE_EQ(m.max_drawdown, 3500);
  EXPECT_DOUBLE_EQ(*m.max_drawdown_pct_of_capital, 3500.0 / 200'000 * 100);
  EXPECT_EQ(m.best_day->date, day(2025, 11, 21));
  EXPECT_DOUBLE_EQ(m.best_day->net, 4000);
  EXPECT_EQ(m.worst_day->date, day(2025, 11, 18));
}

TEST(Metrics, DrawdownCountsFromTheStartingCapitalAndZeroCapitalHasNoPercent) {
  const Metrics m = compute_metrics({}, {day_record(day(2025, 11, 17), -500, 0)}, capital(0));
  EXPECT_DOUBLE_EQ(m.max_drawdown, 500);  // the peak is the start (0), not the first day
  EXPECT_FALSE(m.max_drawdown_pct_of_capital.has_value());
}

// Returns on margin 100000: 0.01, -0.005, 0.02, 0.
std::vector<DayRecord> four_days() {
  return {day_record(day(2025, 11, 17), 1000, 100'000), day_record(day(2025, 11, 18), -500, 100'000),
          day_record(day(2025, 11, 19), 2000, 100'000), day_record(day(2025, 11, 20), 0, 100'000)};
}

TEST(Metrics, SharpeAndSortinoOfDailyReturnsOnMargin) {
  const Metrics m = compute_metrics({}, four_days(), capital(2'000'000));
  // mean = (0.01 - 0.005 + 0.02 + 0) / 4 = 0.00625; deviations 0.00375,
  // -0.01125, 0.01375, -0.00625 square to 3.6875e-4 in all (n - 1 = 3).
  const double sd = std::sqrt(3.6875e-4 / 3);
  EXPECT_NEAR(*m.sharpe, 0.00625 / sd * std::sqrt(252.0), 1e-9);
  // Only -0.005 falls below 0: downside deviation sqrt(0.005^2 / 4) = 0.0025.
  EXPECT_NEAR(*m.sortino, 0.00625 / 0.0025 * std::sqrt(252.0), 1e-9);
}

TEST(Metrics, RiskFreeRateIsTakenPerDayOfTheAnnualization) {
  CapitalConfig c = capital(2'000'000);
  c.risk_free_rate = 0.0252;  // 0.0001 a day over 252 days
  const Metrics m = compute_metrics({}, four_days(), c);
  const double sd = std::sqrt(3.6875e-4 / 3);
  EXPECT_NEAR(*m.sharpe, (0.00625 - 0.0001) / sd * std::sqrt(252.0), 1e-9);
  // Shortfalls below 0.0001: -0.0051 (the losing day) and -0.0001 (the flat day).
  const double downside = std::sqrt((0.0051 * 0.0051 + 0.0001 * 0.0001) / 4);
  EXPECT_NEAR(*m.sortino, (0.00625 - 0.0001) / downside * std::sqrt(252.0), 1e-9);
}

TEST(Metrics, ADayWithoutMarginEarnsZeroInTheRiskRatios) {
  // Returns 0.01, 0 (no margin in use), -0.01: mean 0, so both ratios are 0.
  const std::vector<DayRecord> days = {day_record(day(2025, 11, 17), 1000, 100'000),
                                       day_record(day(2025, 11, 18), 0, 0, 0),
                                       day_record(day(2025, 11, 19), -500, 50'000)};
  const Metrics m = compute_metrics({}, days, capital(2'000'000));
  EXPECT_NEAR(*m.sharpe, 0, 1e-12);
  EXPECT_NEAR(*m.sortino, 0, 1e-12);
  EXPECT_FALSE(m.daily[1].return_on_margin.has_value());
  EXPECT_EQ(m.days, 3);
  EXPECT_EQ(m.days_traded, 2);
  EXPECT_DOUBLE_EQ(*m.exposure, 2.0 / 3.0);
}

TEST(Metrics, RiskRatiosNeedTwoDaysMarginAndDeviation) {
  const Metrics one_day = compute_metrics({}, {day_record(day(2025, 11, 17), 1000, 100'000)}, capital(1));
  EXPECT_FALSE(one_day.sharpe.has_value());
  EXPECT_FALSE(one_day.sortino.has_value());
  EXPECT_DOUBLE_EQ(*one_day.return_on_margin_per_day, 0.01);

  const Metrics no_margin = compute_metrics(
      {}, {day_record(day(2025, 11, 17), 1000, 0), day_record(day(2025, 11, 18), -100, 0)}, capital(1));
  EXPECT_FALSE(no_margin.sharpe.has_value());
  EXPECT_FALSE(no_margin.return_on_margin_per_day.has_value());
  EXPECT_FALSE(no_margin.return_on_margin_total.has_value());

  // Two equal winning days: no deviation and nothing below the risk-free rate.
  const Metrics flat = compute_metrics(
      {}, {day_record(day(2025, 11, 17), 1000, 100'000), day_record(day(2025, 11, 18), 1000, 100'000)}, capital(1));
  EXPECT_FALSE(flat.sharpe.has_value());
  EXPECT_FALSE(flat.sortino.has_value());
}

TEST(Metrics, ReturnOnMarginPerDayWeekAndMonthAcrossAMonthAndYearBoundary) {
  // Fri 2025-12-26; Mon 12-29, Wed 12-31 and Fri 2026-01-02 share a week;
  // Mon 2026-01-05 has no margin in use.
  const std::vector<DayRecord> days = {
      day_record(day(2025, 12, 26), 1000, 100'000), day_record(day(2025, 12, 29), -2000, 200'000),
      day_record(day(2025, 12, 31), 500, 100'000), day_record(day(2026, 1, 2), 3000, 150'000),
      day_record(day(2026, 1, 5), 0, 0, 0)};
  const Metrics m = compute_metrics({}, days, capital(2'000'000));

  ASSERT_EQ(m.weeks.size(), 3u);
  EXPECT_EQ(m.weeks[0].label, "2025-12-22");
  EXPECT_DOUBLE_EQ(*m.weeks[0].return_on_margin, 1000.0 / 100'000);
  EXPECT_EQ(m.weeks[1].label, "2025-12-29");
  EXPECT_EQ(m.weeks[1].days, 3);
  EXPECT_EQ(m.weeks[1].first_day, day(2025, 12, 29));
  EXPECT_EQ(m.weeks[1].last_day, day(2026, 1, 2));
  EXPECT_DOUBLE_EQ(m.weeks[1].net, 1500);
  EXPECT_DOUBLE_EQ(m.weeks[1].peak_margin, 200'000);
  EXPECT_DOUBLE_EQ(*m.weeks[1].return_on_margin, 1500.0 / 200'000);
  EXPECT_EQ(m.weeks[2].label, "2026-01-05");
  EXPECT_FALSE(m.weeks[2].return_on_margin.has_value());

  ASSERT_EQ(m.months.size(), 2u);
  EXPECT_EQ(m.months[0].label, "2025-12");
  EXPECT_EQ(m.months[0].days, 3);
  EXPECT_DOUBLE_EQ(*m.months[0].return_on_margin, -500.0 / 200'000);
  EXPECT_EQ(m.months[1].label, "2026-01");
  EXPECT_DOUBLE_EQ(*m.months[1].return_on_margin, 3000.0 / 150'000);

  // Means over the periods with margin in use.
  EXPECT_DOUBLE_EQ(*m.return_on_margin_per_day, (0.01 - 0.01 + 0.005 + 0.02) / 4);
  EXPECT_DOUBLE_EQ(*m.return_on_margin_per_week, (0.01 + 0.0075) / 2);
  EXPECT_DOUBLE_EQ(*m.return_on_margin_per_month, (-0.0025 + 0.02) / 2);
  EXPECT_DOUBLE_EQ(*m.return_on_margin_total, 2500.0 / 200'000);
}

TEST(Metrics, UnderlyingsOfOneDayAreOnePointOfTheCurve) {
  DayRecord banknifty = day_record(day(2025, 11, 17), -200, 240'000);
  banknifty.underlying = "BANKNIFTY";
  const Metrics m =
      compute_metrics({}, {day_record(day(2025, 11, 17), 1000, 175'000), banknifty}, capital(2'000'000));
  ASSERT_EQ(m.daily.size(), 1u);
  EXPECT_DOUBLE_EQ(m.daily[0].net, 800);
  EXPECT_DOUBLE_EQ(m.daily[0].margin, 415'000);
  EXPECT_EQ(m.daily[0].trades, 2);
}

TEST(Metrics, RunMetricsSplitByStrategyAndSumCapitalForTheRun) {
  engine::RunRecords records;
  records.strategies.resize(2);
  records.strategies[0].name = "A";
  records.strategies[0].capital.capital = 1'000'000;
  records.strategies[1].name = "B";
  records.strategies[1].capital.capital = 500'000;
  const Date d = day(2025, 11, 17);
  records.trades = {leg(d, 1, 100, "A"), leg(d, 1, -40, "B")};
  records.days = {day_record(d, 100, 100'000, 1, "A"), day_record(d, -40, 100'000, 1, "B")};
  const RunMetrics run = compute_run_metrics(records);
  ASSERT_EQ(run.strategies.size(), 2u);
  EXPECT_DOUBLE_EQ(run.strategies[0].net, 100);
  EXPECT_DOUBLE_EQ(run.strategies[1].net, -40);
  EXPECT_EQ(run.portfolio.trades, 2);
  EXPECT_DOUBLE_EQ(run.portfolio.net, 60);
  EXPECT_DOUBLE_EQ(run.portfolio_capital.capital, 1'500'000);
  EXPECT_DOUBLE_EQ(run.portfolio.daily[0].margin, 200'000);

  records.trades.push_back(leg(d, 2, 1, "C"));
  EXPECT_THROW(compute_run_metrics(records), Error);
}

}  // namespace
}  // namespace tapelab::report
