#include "gen/calendar_csv.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "domain/trading_calendar.h"

namespace tapelab::gen {

std::string expiry_calendar_csv(const domain::ExpiryCalendar& calendar, const std::vector<std::string>& underlyings,
                                domain::Date from, domain::Date to) {
  std::vector<domain::Expiry> entries;
  for (const auto& name : underlyings) {
    const auto some = calendar.expiries(name, from, to);
    entries.insert(entries.end(), some.begin(), some.end());
  }
  auto type_name = [](domain::ExpiryKind kind) {
    return kind == domain::ExpiryKind::kWeekly ? std::string_view("Weekly") : std::string_view("Monthly");
  };
  std::sort(entries.begin(), entries.end(), [&](const domain::Expiry& a, const domain::Expiry& b) {
    return std::make_tuple(a.scheduled, std::string_view(a.underlying), type_name(a.kind)) <
           std::make_tuple(b.scheduled, std::string_view(b.underlying), type_name(b.kind));
  });
  const auto& trading = domain::TradingCalendar::nse();
  std::string out =
      "Instrument,Expiry_Type,Contract_Month,Scheduled_Expiry,Scheduled_Day,Final_Expiry,Final_Day,"
      "Final_Day_Label,Shifted,Days_Moved_Back,Holiday_on_Scheduled?,Rule\n";
  for (const auto& e : entries) {
    const auto scheduled_day = domain::weekday_name(e.scheduled.weekday());
    const auto final_day = domain::weekday_name(e.final.weekday());
    const int moved = e.scheduled - e.final;
    const std::string label =
        moved == 0 ? std::string(final_day) : fmt::format("{} → {} (holiday shift)", scheduled_day, final_day);
    const std::string rule = fmt::format("{} {} ({}{})", e.underlying, e.kind == domain::ExpiryKind::kWeekly ? "weekly" : "monthly",
                                         e.kind == domain::ExpiryKind::kMonthly ? "last " : "", scheduled_day.substr(0, 3));
    out += fmt::format("{},{},{}-{:02},{},{},{},{},{},{},{},{},{}\n", e.underlying, type_name(e.kind), e.contract_year,
                       e.contract_month, e.scheduled.to_string(), scheduled_day, e.final.to_string(), final_day, label,
                       moved == 0 ? "No" : "Yes", moved, trading.is_trading_day(e.scheduled) ? "False" : "True", rule);
  }
  return out;
}

}  // namespace tapelab::gen
