// The per-second grid of one trading day: every open second of the
// calendar's session windows, and nothing else
// (docs/market-truth.md#the-per-second-grid).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "domain/date.h"
#include "domain/time.h"
#include "domain/trading_calendar.h"

namespace tapelab::truth {

struct SessionGrid {
  domain::Date date;
  std::vector<domain::WallNanos> seconds;    // ascending
  std::vector<std::uint32_t> window_first;   // per second: index of its window's first second

  std::size_t size() const { return seconds.size(); }
  // Whether seconds i-span .. i all lie in one session window, so a value
  // over that span (a return, a rolling window) may exist.
  bool spans(std::size_t i, std::size_t span) const { return i >= span && i - span >= window_first[i]; }
  // The last second of i's session window.
  std::size_t window_last(std::size_t i) const {
    return static_cast<std::size_t>(std::upper_bound(window_first.begin(), window_first.end(), window_first[i]) -
                                    window_first.begin()) - 1;
  }
  domain::WallNanos day_start() const { return domain::wall_time(date, 0, 0, 0); }
};

// Empty when the calendar has the day closed. Windows are inclusive of their
// closing second: a regular day has 22,501 seconds.
SessionGrid session_grid(domain::Date date, const domain::TradingCalendar& calendar);

}  // namespace tapelab::truth
