#include "domain/time.h"

#include <fmt/format.h>

namespace tapelab::domain {
namespace {

std::optional<int64_t> digits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// Floor division, so times before 1970 land on the right day.
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::optional<WallNanos> parse_wall_time(std::string_view text) {
  if (text.size() < 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':') return std::nullopt;
  auto date = Date::parse(text.substr(0, 10));
  auto hh = digits(text.substr(11, 2));
  auto mm = digits(text.substr(14, 2));
  auto ss = digits(text.substr(17, 2));
  if (!date || !hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59) return std::nullopt;
  int64_t nanos = 0;
  if (text.size() > 19) {
    std::string_view fraction = text.substr(20);
    if (text[19] != '.' || fraction.size() > 9) return std::nullopt;
    auto value = digits(fraction);
    if (!value) return std::nullopt;
    nanos = *value;
    for (size_t i = fraction.size(); i < 9; ++i) nanos *= 10;
  }
  return wall_time(*date, static_cast<int>(*hh), static_cast<int>(*mm), static_cast<int>(*ss)) +
         nanos;
}

std::string format_wall_time(WallNanos t) {
  Date d = date_of(t);
  int64_t seconds = floor_div(t, kNanosPerSecond) - int64_t{d.days()} * kSecondsPerDay;
  return fmt::format("{} {:02}:{:02}:{:02}", d.to_string(), seconds / 3600, seconds / 60 % 60,
                     seconds % 60);
}

Date date_of(WallNanos t) { return Date::from_days(static_cast<int32_t>(floor_div(t, kNanosPerDay))); }

WallNanos wall_time(Date d, int hour, int minute, int second) {
  return (int64_t{d.days()} * kSecondsPerDay + int64_t{hour} * 3600 + int64_t{minute} * 60 + second) *
         kNanosPerSecond;
}

int64_t seconds_since_open(WallNanos t, const Underlying& underlying) {
  int64_t since_midnight = floor_div(t - wall_time(date_of(t), 0, 0, 0), kNanosPerSecond);
  return since_midnight - underlying.session_open_seconds;
}

}  // namespace tapelab::domain
