// The users' expiry_calendar.csv (12 columns, as in tests/fixtures), written
// from the domain's calendar so a generated folder carries a correct one.
#pragma once

#include <string>
#include <vector>

#include "domain/expiry_calendar.h"

namespace tapelab::gen {

// All expiries of `underlyings` whose final date lies in [from, to], ordered
// as the users' file is: by scheduled date, then instrument, then type.
std::string expiry_calendar_csv(const domain::ExpiryCalendar& calendar, const std::vector<std::string>& underlyings,
                                domain::Date from, domain::Date to);

}  // namespace tapelab::gen
