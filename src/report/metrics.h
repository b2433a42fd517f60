// Performance figures of a backtest (docs/engine-rules.md#outputs,
// docs/engine-rules.md#reporting and docs/engine-rules.md#margin), computed
// from the engine's records. The definitions below are the product's; the
// report and summary.json repeat them in words so a reader never has to guess.
//
// - A *trade* is one structure: the legs of one entry (same strategy, date
//   and structure id), its P&L the sum of its legs' net. A straddle that
//   loses on one leg and wins more on the other is one winning trade; judging
//   legs alone would make every straddle half a win. `legs` counts the leg
//   round trips (the rows of trades.csv).
// - Win: net > 0; loss: net < 0; a net of exactly 0 is neither but counts as
//   a trade. Win rate = wins / trades. Average win / loss = mean net of the
//   wins / losses (the loss is negative). Profit factor = sum of wins /
//   |sum of losses|, absent (null) when there is no loss (infinite) or no
//   trade. Expectancy = net / trades (rupees per trade).
// - The daily curve has one point per date the strategy ran (a DayRecord's
//   date; several underlyings of one strategy are summed, margins too).
//   Equity = cumulative net from 0; drawdown = running peak of equity
//   (starting at 0, the capital) minus equity. Max drawdown in rupees and in
//   % of the configured capital.
// - Daily return on margin r = net / margin of the day (the peak margin in
//   use), 0 on a day with no margin in use (nothing at risk). Sharpe =
//   (mean(r) - rf) / sd(r) x sqrt(annualization_days), sd the sample standard
//   deviation (n - 1); Sortino = (mean(r) - rf) / dd x sqrt(annualization_days),
//   dd = sqrt(sum(min(0, r - rf)^2) / n); rf = risk_free_rate /
//   annualization_days. Absent with fewer than two days, no margin ever in
//   use, or a zero deviation.
// - Return on margin of a period (day, week Monday-Sunday, calendar month) =
//   the period's net / the peak margin of its days; absent when no margin was
//   in use. The per-day / per-week / per-month figures of the summary are the
//   mean over the periods that had margin in use. The total is the run's net
//   / its peak daily margin.
// - Exposure = days traded (a day with at least one closed leg) / days.
// - Integrity: the legs whose exit was not a fill against a fresh quote, by
//   how it was priced (stale, last-trade, settled, unpriced, and those with
//   units beyond the visible depth); the orders rejected, by reason; and the
//   quotes skipped because the book was crossed (docs/strategy-guide.md#the-engines-rules-in-short, "Crossed books").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "engine/config.h"
#include "engine/records.h"

namespace tapelab::report {

struct DailyPoint {
  domain::Date date;
  std::int32_t trades = 0;  // legs closed that day
  double gross = 0;
  double costs = 0;
  double net = 0;
  double margin = 0;
  double equity = 0;    // cumulative net up to and including this day
  double drawdown = 0;  // running peak of equity minus equity, >= 0
  std::optional<double> drawdown_pct_of_capital;  // absent with zero capital
  std::optional<double> return_on_margin;  // net / margin; absent without margin
};

struct PeriodReturn {
  std::string label;  // "2025-11-17" (a day or the Monday of a week), "2025-11" (a month)
  domain::Date first_day;  // first and last day of the curve inside the period
  domain::Date last_day;
  std::int32_t days = 0;
  double net = 0;
  double peak_margin = 0;
  std::optional<double> return_on_margin;  // net / peak_margin
};

struct DayFigure {
  domain::Date date;
  double net = 0;
};

// What the figures rest on besides clean fills (see Integrity above).
struct Integrity {
  std::int64_t stale_exits = 0;
  std::int64_t last_trade_exits = 0;
  std::int64_t settled_exits = 0;
  std::int64_t unpriced_exits = 0;
  std::int64_t beyond_depth_exits = 0;
  std::map<std::string, std::int64_t> rejected_orders;  // by reason ("no-quote", ...)
  std::int64_t crossed_book_skips = 0;
};

struct Metrics {
  std::int64_t trades = 0;  // structures
  std::int64_t legs = 0;
  std::int64_t wins = 0;
  std::int64_t losses = 0;
  std::optional<double> win_rate;
  std::optional<double> average_win;
  std::optional<double> average_loss;
  std::optional<double> profit_factor;
  std::optional<double> expectancy;
  double gross = 0;
  double costs = 0;
  double net = 0;
  double max_drawdown = 0;
  std::optional<double> max_drawdown_pct_of_capital;  // absent with zero capital
  std::optional<double> sharpe;
  std::optional<double> sortino;
  std::optional<double> return_on_margin_per_day;
  std::optional<double> return_on_margin_per_week;
  std::optional<double> return_on_margin_per_month;
  std::optional<double> return_on_margin_total;
  std::optional<DayFigure> best_day;   // the first such date on a tie
  std::optional<DayFigure> worst_day;
  std::int32_t days = 0;
  std::int32_t days_traded = 0;
  std::optional<double> exposure;
  Integrity integrity;  // the rejected orders only from compute_run_metrics (it has the orders)

  std::vector<DailyPoint> daily;
  std::vector<PeriodReturn> weeks;
  std::vector<PeriodReturn> months;
};

// "no-quote 3, stale-quote 1" (reasons in name order); "none" without rejections.
std::string rejections_text(const Integrity& integrity);

// Trades and days may be in any order and may name several strategies (the
// whole run's portfolio); only capital, annualization and risk-free rate are
// read from `capital`.
Metrics compute_metrics(const std::vector<engine::TradeRecord>& trades,
                        const std::vector<engine::DayRecord>& days, const engine::CapitalConfig& capital);

struct RunMetrics {
  std::vector<Metrics> strategies;  // in the order of RunRecords::strategies
  // All strategies together on one capital: the sum of their capitals, with
  // the first strategy's annualization and risk-free rate (run-wide settings).
  engine::CapitalConfig portfolio_capital;
  Metrics portfolio;
};

// Throws Error when a trade or day names a strategy the run does not list.
RunMetrics compute_run_metrics(const engine::RunRecords& records);

}  // namespace tapelab::report
