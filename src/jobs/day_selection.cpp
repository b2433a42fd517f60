#include "jobs/day_selection.h"

#include <optional>

#include "domain/date.h"
#include "domain/underlying.h"
#include "util/error.h"

namespace tapelab::jobs {
namespace {

std::optional<domain::Date> date_flag(std::string_view command, const std::string& text, const char* flag) {
  if (text.empty()) return std::nullopt;
  const std::optional<domain::Date> date = domain::Date::parse(text);
  if (!date) fail("{}: {} '{}' is not a date (YYYY-MM-DD)", command, flag, text);
  return date;
}

}  // namespace

market::DaySelection day_selection(std::string_view command, const std::string& from, const std::string& to,
                                   const std::vector<std::string>& underlyings) {
  market::DaySelection days;
  days.from = date_flag(command, from, "--from");
  days.to = date_flag(command, to, "--to");
  if (days.from && days.to && *days.from > *days.to) fail("{}: --from {} is after --to {}", command, from, to);
  for (const std::string& name : underlyings) {
    const domain::Underlying* u = domain::find_underlying(name);
    if (!u) fail("{}: unknown underlying '{}' in --underlying", command, name);
    days.underlyings.push_back(u->name);
  }
  return days;
}

}  // namespace tapelab::jobs
