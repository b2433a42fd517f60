// Per-second features of a price series (the index, or the futures' last
// price): as-of price and age, log returns, realized volatility and
// acceleration (docs/market-truth.md#returns-volatility-and-acceleration).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "domain/time.h"
#include "truth/session_grid.h"

namespace tapelab::truth {

// Parallel to the grid; NaN is null.
struct SeriesFeatures {
  std::vector<double> price, age_s;
  std::vector<double> ret_1s, ret_5s, ret_10s;
  std::vector<double> rv_10, rv_30, rv_120;
  std::vector<double> accel_10;
};

// Rows with a price <= 0 are absent (the previous price carries on). `what`
// names the source in errors (an unsorted series).
SeriesFeatures series_features(std::span<const domain::WallNanos> times, std::span<const double> prices,
                               const SessionGrid& grid, double accel_eps, std::string_view what);

// series_features' ret_1s alone (the intraday periodicity reads it for many
// past days).
std::vector<double> one_second_returns(std::span<const domain::WallNanos> times, std::span<const double> prices,
                                       const SessionGrid& grid, std::string_view what);

// Traded volume per second from a cumulative counter: the growth of its
// running maximum over (t - 1 s, t], so a counter that resets or repeats
// adds nothing.
std::vector<std::int64_t> volume_per_second(std::span<const domain::WallNanos> times,
                                            std::span<const std::int64_t> cumulative, const SessionGrid& grid,
                                            std::string_view what);

}  // namespace tapelab::truth
