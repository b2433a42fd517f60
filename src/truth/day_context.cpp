#include "truth/day_context.h"

#include <cmath>

#include <fmt/format.h>

#include "domain/contract.h"
#include "domain/underlying.h"

namespace tapelab::truth {

std::optional<DayContext> day_context(domain::Date date, std::string_view underlying,
                                      const domain::TradingCalendar& trading, const domain::ExpiryCalendar& expiries,
                                      std::string& why) {
  const domain::Underlying* u = domain::find_underlying(underlying);
  if (u == nullptr) {
    why = fmt::format("unknown underlying '{}'", underlying);
    return std::nullopt;
  }
  DayContext c;
  c.date = date;
  c.underlying = std::string(underlying);
  c.strike_step = u->strike_step;
  c.grid = session_grid(date, trading);
  if (c.grid.size() == 0) {
    why = "the trading calendar has no session on this day";
    return std::nullopt;
  }
  const std::vector<domain::Expiry> ahead = expiries.expiries(underlying, date, date + 400);
  if (ahead.empty()) {
    why = "the expiry calendar has no expiry on or after this day";
    return std::nullopt;
  }
  c.expiry = ahead.front().final;
  c.dte = domain::days_to_expiry(date, c.expiry, trading);
  return c;
}

std::string_view dte_bucket(std::int32_t dte) {
  if (dte <= 0) return "0";
  if (dte <= 2) return "1-2";
  if (dte <= 4) return "3-4";
  if (dte <= 6) return "5-6";
  return "7+";
}

AtmSeries atm_series(const std::vector<double>& spot, std::int32_t step, const SessionGrid& grid) {
  AtmSeries a;
  a.strike.assign(grid.size(), 0);
  a.valid.assign(grid.size(), 0);
  a.changed.assign(grid.size(), 0);
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (std::isnan(spot[i])) continue;
    a.strike[i] = static_cast<std::int32_t>(std::round(spot[i] / step)) * step;
    a.valid[i] = 1;
    a.changed[i] = grid.spans(i, 1) && a.valid[i - 1] && a.strike[i] != a.strike[i - 1] ? 1 : 0;
  }
  return a;
}

}  // namespace tapelab::truth
