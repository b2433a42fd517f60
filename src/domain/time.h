// IST wall-clock time as it appears in the dumps.
//
// A "wall time" is nanoseconds since 1970-01-01 00:00:00 *IST wall clock*
// (the dump's text read as if it were UTC). That is what the dataset stores
// (Parquet TIMESTAMP with isAdjustedToUTC=false, so readers show the dump's
// clock) and it keeps date and time-of-day extraction free of time zones.
// True UTC epoch = wall - 5h30m (India has had no DST since 1945).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/date.h"
#include "domain/underlying.h"

namespace tapelab::domain {

using WallNanos = int64_t;
inline constexpr int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr int64_t kSecondsPerDay = 86'400;
inline constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;
inline constexpr int64_t kIstOffsetNanos = 19'800 * kNanosPerSecond;

// "YYYY-MM-DD HH:MM:SS" with an optional fraction of 1-9 digits; nullopt for
// anything else (including MySQL's zero date 0000-00-00 00:00:00).
std::optional<WallNanos> parse_wall_time(std::string_view text);
// "YYYY-MM-DD HH:MM:SS"; sub-second digits are truncated.
std::string format_wall_time(WallNanos t);

constexpr int64_t wall_to_utc_nanos(WallNanos t) { return t - kIstOffsetNanos; }
constexpr WallNanos utc_to_wall_nanos(int64_t utc) { return utc + kIstOffsetNanos; }

Date date_of(WallNanos t);
WallNanos wall_time(Date d, int hour, int minute, int second);
// Seconds since the underlying's session open on t's own day; negative before
// the open (the logger records pre-open rows too).
int64_t seconds_since_open(WallNanos t, const Underlying& underlying);

}  // namespace tapelab::domain
