// Which option and futures contracts trade on a day: the nearest expiries by
// the domain's expiry calendar, lot sizes by the domain's table, strikes at
// the underlying's step around the day's range.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/date.h"
#include "domain/expiry_calendar.h"
#include "domain/underlying.h"

namespace tapelab::gen {

struct ListedExpiry {
  domain::Expiry expiry;
  int32_t lot = 0;
  int64_t close_wall = 0;  // wall seconds of the session close on the final expiry day
};

// The `count` nearest expiries whose final date is on or after `d`. When a
// weekly and the monthly end on the same date only the monthly is listed (one
// listing, named monthly, docs/contracts-and-calendar.md#monthly-and-weekly). Throws Error
// when the lot-size table has no entry for a listed expiry or the calendar lists nothing.
std::vector<ListedExpiry> listed_expiries(const domain::ExpiryCalendar& calendar,
                                          const domain::Underlying& underlying, domain::Date d, int count);

// The front-month futures contract on `d`: this month's monthly expiry until
// it has expired, then next month's.
ListedExpiry front_month(const domain::ExpiryCalendar& calendar, const domain::Underlying& underlying,
                         domain::Date d);

}  // namespace tapelab::gen
