// Times of day as the strategy configs write them: seconds after midnight IST.
#pragma once

#include <cstdint>
#include <string>

#include "domain/time.h"

namespace tapelab::strategies {

// "HH:MM:SS", or "HH:MM" when the seconds are 0 (as configs usually write them).
std::string format_clock(std::int32_t seconds_of_day);

// Seconds after midnight of a wall time.
std::int32_t second_of_day(domain::WallNanos t);

}  // namespace tapelab::strategies
