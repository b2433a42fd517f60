#include "strategies/clock.h"

#include <fmt/format.h>

namespace tapelab::strategies {

std::string format_clock(std::int32_t seconds_of_day) {
  const int hours = seconds_of_day / 3600;
  const int minutes = seconds_of_day / 60 % 60;
  const int seconds = seconds_of_day % 60;
  if (seconds == 0) return fmt::format("{:02}:{:02}", hours, minutes);
  return fmt::format("{:02}:{:02}:{:02}", hours, minutes, seconds);
}

std::int32_t second_of_day(domain::WallNanos t) {
  const std::int64_t seconds = t / domain::kNanosPerSecond;
  // Wall times before 1970 never reach the engine (ingest drops them), but
  // keep the result in [0, 86400) regardless.
  return static_cast<std::int32_t>(((seconds % domain::kSecondsPerDay) + domain::kSecondsPerDay) %
                                   domain::kSecondsPerDay);
}

}  // namespace tapelab::strategies
