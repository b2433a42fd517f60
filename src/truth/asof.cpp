#include "truth/asof.h"

#include <algorithm>

#include "util/error.h"

namespace tapelab::truth {
namespace {

// Rows stamped <= instant, counted from the start of `times`.
std::int64_t rows_through(std::span<const domain::WallNanos> times, domain::WallNanos instant) {
  return std::upper_bound(times.begin(), times.end(), instant) - times.begin();
}

}  // namespace

SourceRows day_rows(std::span<const domain::WallNanos> times, const SessionGrid& grid, std::string_view what) {
  const auto unsorted = std::is_sorted_until(times.begin(), times.end());
  if (unsorted != times.end()) {
    fail("{}: row {} ({}) is stamped before the row above it; a source must be sorted by time", what,
         unsorted - times.begin(), domain::format_wall_time(*unsorted));
  }
  const auto first = std::lower_bound(times.begin(), times.end(), grid.day_start());
  const auto offset = static_cast<std::size_t>(first - times.begin());
  return SourceRows{times.subspan(offset), offset};
}

std::vector<std::int64_t> asof_rows(const SourceRows& rows, const SessionGrid& grid) {
  std::vector<std::int64_t> out(grid.size(), kNoRow);
  std::int64_t through = 0;
  const auto n = static_cast<std::int64_t>(rows.times.size());
  for (std::size_t i = 0; i < grid.size(); ++i) {
    while (through < n && rows.times[static_cast<std::size_t>(through)] <= grid.seconds[i]) ++through;
    if (through > 0) out[i] = through - 1 + static_cast<std::int64_t>(rows.offset);
  }
  return out;
}

SecondRanges rows_in_second(const SourceRows& rows, const SessionGrid& grid) {
  SecondRanges out;
  out.first.resize(grid.size());
  out.last.resize(grid.size());
  const auto offset = static_cast<std::int64_t>(rows.offset);
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const bool follows = grid.spans(i, 1);
    const std::int64_t before =
        follows ? out.last[i - 1] - offset : rows_through(rows.times, grid.seconds[i] - domain::kNanosPerSecond);
    out.first[i] = before + offset;
    out.last[i] = rows_through(rows.times, grid.seconds[i]) + offset;
  }
  return out;
}

}  // namespace tapelab::truth
