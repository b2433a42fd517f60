// The intraday path in report.html: a strategy's (or the whole run's) P&L
// minute by minute, marked to market (intraday.csv), for runs short enough
// that the minutes of every day still read on one chart. Each day starts
// from the previous days' close, so the line continues the equity curve.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/records.h"

namespace tapelab::report {

// Runs of more days than this draw no intraday chart; intraday.csv has them.
inline constexpr std::size_t kMaxIntradayDays = 5;

// The number of days `records.intraday` covers.
std::size_t intraday_days(const engine::RunRecords& records);

// The chart of `days` (one strategy's records, or every strategy's: points of
// the same minute are summed), under an <h3>; "" when they hold no point.
std::string intraday_section(std::string_view name, const std::vector<const engine::IntradayRecord*>& days);

}  // namespace tapelab::report
