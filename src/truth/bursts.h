// Bursts of the index (docs/market-truth.md#bursts): when they start and
// end, from the spot's per-second features alone.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "truth/params.h"
#include "truth/series_features.h"
#include "truth/session_grid.h"

namespace tapelab::truth {

struct BurstSpan {
  std::size_t start = 0;  // the trigger second
  std::size_t end = 0;    // the first second meeting the end rule, or the window's last second
  bool up = false;        // S_start > S_{start-10}
  bool in(std::size_t i) const { return i >= start && i <= end; }
};

// Bursts in time order, never overlapping. The rule compares volatility per
// second (rv_n / sqrt(n)): rv_10 itself can never exceed rv_120, which sums
// the same squared returns and 110 more.
// `factor` (empty: 1 everywhere) scales the point thresholds second by
// second: the intraday periodicity (periodicity.h).
std::vector<BurstSpan> find_bursts(const SeriesFeatures& spot, const SessionGrid& grid, const BurstThresholds& points,
                                   double k1, double k2, std::span<const double> factor = {});

// Per second: whether it lies inside a burst.
std::vector<std::uint8_t> bursting_seconds(const std::vector<BurstSpan>& bursts, std::size_t seconds);

}  // namespace tapelab::truth
