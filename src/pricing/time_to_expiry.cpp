#include "pricing/time_to_expiry.h"

#include <algorithm>

#include "util/error.h"

namespace tapelab::pricing {
namespace {

int64_t window_seconds(const std::vector<domain::SessionWindow>& windows) {
  int64_t total = 0;
  for (const auto& w : windows) total += w.close_seconds - w.open_seconds;
  return total;
}

}  // namespace

std::string_view to_string(TimeBasis basis) { return kTimeBasisNames.name(basis); }

ExpiryClock::ExpiryClock(domain::Date day, domain::Date expiry, TimeBasis basis,
                         const domain::TradingCalendar& calendar)
    : day_(day), basis_(basis) {
  if (day > expiry) return;
  if (basis == TimeBasis::kCalendar) {
    const int32_t end = day == expiry ? kExpiryCloseSeconds : static_cast<int32_t>(domain::kSecondsPerDay);
    today_ = {{0, end}};
    if (day < expiry) after_today_ = int64_t{expiry - day - 1} * domain::kSecondsPerDay + kExpiryCloseSeconds;
    return;
  }
  today_ = calendar.session_windows(day);
  for (domain::Date d = day + 1; d <= expiry; d = d + 1) after_today_ += window_seconds(calendar.session_windows(d));
}

int64_t ExpiryClock::seconds(domain::WallNanos now) const {
  const domain::WallNanos midnight = domain::wall_time(day_, 0, 0, 0);
  if (domain::date_of(now) != day_) {
    fail("time {} is not on {}, the day this expiry clock counts from", domain::format_wall_time(now),
         day_.to_string());
  }
  const int64_t time_of_day = (now - midnight) / domain::kNanosPerSecond;
  int64_t left = after_today_;
  for (const auto& w : today_) left += std::max<int64_t>(0, w.close_seconds - std::max<int64_t>(w.open_seconds, time_of_day));
  return left;
}

double ExpiryClock::years(domain::WallNanos now) const {
  const double per_year = basis_ == TimeBasis::kCalendar ? kCalendarSecondsPerYear : kTradingSecondsPerYear;
  return static_cast<double>(seconds(now)) / per_year;
}

double years_to_expiry(domain::WallNanos now, domain::Date expiry, TimeBasis basis,
                       const domain::TradingCalendar& calendar) {
  return ExpiryClock(domain::date_of(now), expiry, basis, calendar).years(now);
}

}  // namespace tapelab::pricing
