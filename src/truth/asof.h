// As-of lookups of a time-sorted series on the per-second grid: the state at
// second t is the last row stamped <= t (docs/market-truth.md#as-of-state-and-carry-forward).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "domain/time.h"
#include "truth/session_grid.h"

namespace tapelab::truth {

inline constexpr std::int64_t kNoRow = -1;

// Rows of one source usable as snapshots on the grid's day: `times` sorted,
// and rows dated before the day (the logger's 1970 rows) are cut off the
// front. Throws Error naming `what` when the times are not sorted.
struct SourceRows {
  std::span<const domain::WallNanos> times;
  std::size_t offset = 0;  // index of times[0] in the caller's columns
};
SourceRows day_rows(std::span<const domain::WallNanos> times, const SessionGrid& grid, std::string_view what);

// For each grid second, the index (into the caller's columns) of the last
// row stamped at or before it, or kNoRow before the first one.
std::vector<std::int64_t> asof_rows(const SourceRows& rows, const SessionGrid& grid);

// For each grid second t, [first, last) indexes of the rows stamped in
// (t - 1 s, t], as a pair of vectors.
struct SecondRanges {
  std::vector<std::int64_t> first;
  std::vector<std::int64_t> last;
};
SecondRanges rows_in_second(const SourceRows& rows, const SessionGrid& grid);

}  // namespace tapelab::truth
