#include "truth/past_returns.h"

#include <fmt/format.h>

#include "dataset/layout.h"
#include "domain/trading_calendar.h"
#include "truth/series_features.h"
#include "truth/session_grid.h"

namespace tapelab::truth {

const DayReturns* PastReturns::of(const market::DayKey& day) {
  {
    std::lock_guard lock(mutex_);
    if (const auto it = days_.find(day); it != days_.end()) return it->second.get();
  }
  std::unique_ptr<DayReturns> loaded;
  if (std::filesystem::exists(dataset::partition_path(dataset_, {dataset::TableKind::kSpot, day.date, day.underlying}))) {
    const market::SeriesColumns spot = market::load_spot(dataset_, day);
    loaded = std::make_unique<DayReturns>();
    loaded->grid = session_grid(day.date, domain::TradingCalendar::nse());
    loaded->ret_1s = one_second_returns(spot.time, spot.price, loaded->grid,
                                        fmt::format("spot of {} {}", day.underlying, day.date.to_string()));
  }
  std::lock_guard lock(mutex_);
  return days_.try_emplace(day, std::move(loaded)).first->second.get();
}

}  // namespace tapelab::truth
