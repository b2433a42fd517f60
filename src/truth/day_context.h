// What a day's truth is computed against: its grid of open seconds, its
// nearest expiry by the calendar, days to expiry and the ATM strike per
// second (docs/market-truth.md#nearest-expiry-and-days-to-expiry,
// docs/market-truth.md#atm-strike).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/expiry_calendar.h"
#include "domain/trading_calendar.h"
#include "truth/periodicity.h"
#include "truth/session_grid.h"

namespace tapelab::truth {

struct DayContext {
  domain::Date date;
  std::string underlying;
  std::int32_t strike_step = 0;
  domain::Date expiry;
  std::int32_t dte = 0;
  SessionGrid grid;
  Periodicity periodicity;  // off unless the build estimated it (build.cpp)
};

// nullopt with `why` set when the day cannot have a truth: a closed day, an
// unknown underlying, no expiry on or after the day in the calendar.
std::optional<DayContext> day_context(domain::Date date, std::string_view underlying,
                                      const domain::TradingCalendar& trading, const domain::ExpiryCalendar& expiries,
                                      std::string& why);

// "0", "1-2", "3-4", "5-6", "7+".
std::string_view dte_bucket(std::int32_t dte);

// Per second: the ATM strike of the as-of spot (valid 0 while there is none)
// and whether it changed from the previous open second of the same window.
struct AtmSeries {
  std::vector<std::int32_t> strike;
  std::vector<std::uint8_t> valid;
  std::vector<std::uint8_t> changed;
};
AtmSeries atm_series(const std::vector<double>& spot, std::int32_t step, const SessionGrid& grid);

}  // namespace tapelab::truth
