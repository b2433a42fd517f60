// The CSV files of a run (docs/engine-rules.md#outputs): a header line, one row
// per record in the records' deterministic order, fixed decimals (prices,
// points and rupees 2, percentages 4, ratios 6), times as IST "HH:MM:SS",
// dates ISO, an absent value as an empty field, text fields CSV-quoted.
#pragma once

#include <string>

#include "engine/records.h"
#include "report/metrics.h"
#include "report/regime_breakdown.h"

namespace tapelab::report {

// One row per leg round trip.
std::string trades_csv(const engine::RunRecords& records);
// Every order and log line with its status and reason; a line without a
// contract (strike 0, e.g. a skipped entry) leaves the contract fields empty.
std::string orders_csv(const engine::RunRecords& records);
// One row per strategy, date and underlying, as the engine recorded it.
std::string daily_csv(const engine::RunRecords& records);
// One row per strategy, date, underlying and whole minute of the session: the
// P&L marked to market at the strategy's mark model (engine::IntradayPoint),
// pnl = realized + unrealized.
std::string intraday_csv(const engine::RunRecords& records);
// One row per strategy and date: the daily curve of metrics.h (cumulative
// net, drawdown in rupees and % of capital, return on margin).
std::string equity_csv(const engine::RunRecords& records, const RunMetrics& metrics);
// With --truth: one row per strategy, underlying, DTE bucket and regime at entry
// (regime_breakdown.h); win_rate and net_per_trade over its trades.
std::string by_regime_csv(const std::vector<RegimeRow>& rows);

}  // namespace tapelab::report
