// The micro-day that plants every kind of event for the events, regimes and
// truth tables tests: bursts up and down (one at the earliest second a burst
// can start), a jump, pulls with and without traded volume, replenishes,
// flicker, a fear episode, an ATM change onto a strike without a CE, and
// 1970 rows. planted_day.cpp lists its rows; events_test.cpp derives what
// they make.
#pragma once

#include <functional>

#include "truth/micro_day.h"

namespace tapelab::truth::testing {

// A Monday: NIFTY's nearest expiry is Tuesday 2025-11-18, DTE 1.
inline const domain::Date kMonday = domain::Date::from_ymd(2025, 11, 17);

// 09:15:00 + s seconds of `day`.
domain::WallNanos open_plus(domain::Date day, int s);
// One spot row a second for s = from .. to, at price(s).
void spot_path(MicroDay& day, domain::Date date, int from, int to, const std::function<double(int)>& price);

MicroDay planted_day();

// A quiet Monday without options whose front futures plant one pull without
// volume (s = 100, recovered at 105) and one replenish (s = 105); the rows
// are listed in planted_day.cpp, what they make in events_test.cpp.
MicroDay futures_day();

}  // namespace tapelab::truth::testing
