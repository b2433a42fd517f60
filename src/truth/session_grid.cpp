#include "truth/session_grid.h"

namespace tapelab::truth {

SessionGrid session_grid(domain::Date date, const domain::TradingCalendar& calendar) {
  SessionGrid grid;
  grid.date = date;
  const domain::WallNanos midnight = domain::wall_time(date, 0, 0, 0);
  for (const domain::SessionWindow& w : calendar.session_windows(date)) {
    const auto first = static_cast<std::uint32_t>(grid.seconds.size());
    for (std::int32_t s = w.open_seconds; s <= w.close_seconds; ++s) {
      grid.seconds.push_back(midnight + s * domain::kNanosPerSecond);
      grid.window_first.push_back(first);
    }
  }
  return grid;
}

}  // namespace tapelab::truth
