#include "domain/date.h"

#include <array>
#include <chrono>

#include <fmt/format.h>

#include "domain/csv.h"
#include "util/error.h"

namespace tapelab::domain {
namespace {

std::chrono::year_month_day civil(Date d) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{d.days()}}};
}

constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

}  // namespace

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  auto date = try_from_ymd(year, month, day);
  if (!date) fail("invalid date {:04}-{:02}-{:02}", year, month, day);
  return *date;
}

std::optional<Date> Date::try_from_ymd(int year, unsigned month, unsigned day) {
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                  std::chrono::day{day}};
  if (year < 1 || year > 9999 || !ymd.ok()) return std::nullopt;
  return from_days(static_cast<int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count()));
}

std::optional<Date> Date::parse(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  auto y = parse_integer(iso.substr(0, 4));
  auto m = parse_integer(iso.substr(5, 2));
  auto d = parse_integer(iso.substr(8, 2));
  if (!y || !m || !d || *m > 12 || *d > 31) return std::nullopt;
  return try_from_ymd(static_cast<int>(*y), static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

int Date::year() const { return static_cast<int>(civil(*this).year()); }
unsigned Date::month() const { return static_cast<unsigned>(civil(*this).month()); }
unsigned Date::day() const { return static_cast<unsigned>(civil(*this).day()); }

unsigned Date::weekday() const {
  // 1970-01-01 was a Thursday (3 with Monday = 0); the double modulo keeps
  // dates before 1970 non-negative.
  return static_cast<unsigned>(((days_ % 7) + 7 + 3) % 7);
}

std::string Date::to_string() const {
  auto ymd = civil(*this);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

Date last_day_of_month(int year, unsigned month) {
  if (month < 1 || month > 12) fail("invalid month {:04}-{:02}", year, month);
  std::chrono::year_month_day_last last{std::chrono::year{year},
                                        std::chrono::month_day_last{std::chrono::month{month}}};
  return Date::from_ymd(year, month, static_cast<unsigned>(last.day()));
}

std::string_view weekday_name(unsigned weekday) {
  if (weekday >= kWeekdayNames.size()) fail("weekday {} out of range 0-6", weekday);
  return kWeekdayNames[weekday];
}

std::optional<unsigned> parse_weekday_name(std::string_view name) {
  for (unsigned i = 0; i < kWeekdayNames.size(); ++i) {
    if (iequals(name, kWeekdayNames[i])) return i;
  }
  return std::nullopt;
}

}  // namespace tapelab::domain
