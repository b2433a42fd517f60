// Time to expiry in years: the clock every price, IV and Greek runs on.
//
// Calendar basis (the default, docs/engine-rules.md#time-to-expiry): seconds to
// 15:30:00 IST of the expiry day / (365 * 86400). Trading basis: seconds of
// trading sessions left until the expiry day's close, as the TradingCalendar has
// them (weekends and holidays count nothing, short and muhurat sessions their
// own length), / (252 * 22500), the seconds in 252 regular 09:15-15:30 sessions.
// Both count whole seconds (a timestamp's fraction is dropped), so on expiry day
// the time shrinks second by second, and both are 0 at and after the close.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/time.h"
#include "domain/trading_calendar.h"
#include "util/enum_names.h"

namespace tapelab::pricing {

enum class TimeBasis { kCalendar, kTrading };
inline constexpr auto kTimeBasisNames =
    enum_names<TimeBasis>({{TimeBasis::kCalendar, "calendar"}, {TimeBasis::kTrading, "trading"}});
std::string_view to_string(TimeBasis);

inline constexpr int32_t kExpiryCloseSeconds = 15 * 3600 + 30 * 60;  // 15:30 IST
inline constexpr double kCalendarSecondsPerYear = 365.0 * 86400;
inline constexpr double kTradingSecondsPerYear = 252.0 * 22500;

// The time to one expiry seen from one day: the days in between are counted
// once here, so asking at every tick of the day costs a few additions.
class ExpiryClock {
 public:
  ExpiryClock(domain::Date day, domain::Date expiry, TimeBasis basis,
              const domain::TradingCalendar& calendar = domain::TradingCalendar::nse());

  // Seconds left on the basis; `now` must fall on the clock's day (Error otherwise).
  int64_t seconds(domain::WallNanos now) const;
  double years(domain::WallNanos now) const;

 private:
  domain::Date day_;
  TimeBasis basis_;
  // The stretches of the day that count (a whole calendar day, or its trading
  // sessions), cut at the close on expiry day; none after the expiry.
  std::vector<domain::SessionWindow> today_;
  int64_t after_today_ = 0;  // seconds that count after the day, up to the close
};

// One-off form of ExpiryClock(date_of(now), expiry, basis, calendar).years(now).
double years_to_expiry(domain::WallNanos now, domain::Date expiry, TimeBasis basis,
                       const domain::TradingCalendar& calendar = domain::TradingCalendar::nse());

}  // namespace tapelab::pricing
