// The intraday periodicity of the index's volatility
// (docs/market-truth.md#intraday-periodicity): the open and the close move
// several times more per second than midday, so fixed point thresholds count
// bursts and jumps mostly there. A time-of-day factor f(t), estimated from the
// trailing trading days only (never the day itself), scales the burst
// thresholds and standardises the returns the jump test sees.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/trading_calendar.h"
#include "truth/session_grid.h"

namespace tapelab::truth {

struct TruthParams;

// The trading days whose spot the factor of `date` is estimated from: the
// `days` full trading days before it, oldest first.
std::vector<domain::Date> periodicity_window(domain::Date date, const domain::TradingCalendar& calendar, int days);

// One past day's one-second spot returns on its own grid (NaN: none).
struct DayReturns {
  SessionGrid grid;
  std::vector<double> ret_1s;
};

struct Periodicity {
  int history_days = 0;        // days of the window whose spot moved
  std::vector<double> factor;  // per second of the day's grid, mean square 1; empty: off
  bool on() const { return !factor.empty(); }
  // "from N days", or why it is off.
  std::string describe(int min_days) const;
};

// Boudt, Croux and Laurent's (2011) robust estimate, per time-of-day bin of
// params.periodicity_bin_s seconds: each past day's returns are divided by
// that day's bipower scale, and the bin's factor is the weighted standard
// deviation of its pooled returns (returns beyond the 99% chi-square bound of
// a shortest-half scale weigh nothing, so jumps do not inflate it). Off with
// fewer than params.periodicity_min_days days whose spot moved.
Periodicity estimate_periodicity(std::span<const DayReturns* const> history, const SessionGrid& grid,
                                 const TruthParams& params);

}  // namespace tapelab::truth
