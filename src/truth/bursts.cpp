#include "truth/bursts.h"

#include <algorithm>
#include <cmath>

namespace tapelab::truth {
namespace {

// rv_10's per-second volatility over rv_120's (NaN while either is null or rv_120 is 0).
double volatility_ratio(const SeriesFeatures& s, std::size_t i) {
  return (s.rv_10[i] / std::sqrt(10.0)) / (s.rv_120[i] / std::sqrt(120.0));
}

bool starts(const SeriesFeatures& s, const SessionGrid& grid, std::size_t i, const BurstThresholds& points, double k1,
            double scale) {
  if (!grid.spans(i, 10)) return false;
  const std::vector<double>& p = s.price;
  double largest_step = 0;
  for (std::size_t k = i - 2; k <= i; ++k) largest_step = std::max(largest_step, std::abs(p[k] - p[k - 1]));
  // NaN prices fail every comparison below.
  return std::abs(p[i] - p[i - 10]) >= points.start_points * scale && largest_step >= points.step_points * scale &&
         volatility_ratio(s, i) > k1;
}

bool ends(const SeriesFeatures& s, const SessionGrid& grid, std::size_t i, const BurstThresholds& points, double k2,
          double scale) {
  return grid.spans(i, 5) && std::abs(s.price[i] - s.price[i - 5]) < points.end_points * scale &&
         volatility_ratio(s, i) < k2;
}

}  // namespace

std::vector<BurstSpan> find_bursts(const SeriesFeatures& spot, const SessionGrid& grid, const BurstThresholds& points,
                                   double k1, double k2, std::span<const double> factor) {
  auto scale = [&](std::size_t i) { return factor.empty() ? 1.0 : factor[i]; };
  std::vector<BurstSpan> out;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (!starts(spot, grid, i, points, k1, scale(i))) continue;
    BurstSpan b{i, grid.window_last(i), spot.price[i] > spot.price[i - 10]};
    for (std::size_t j = i + 1; j <= b.end; ++j) {
      if (ends(spot, grid, j, points, k2, scale(j))) {
        b.end = j;
        break;
      }
    }
    out.push_back(b);
    i = b.end;
  }
  return out;
}

std::vector<std::uint8_t> bursting_seconds(const std::vector<BurstSpan>& bursts, std::size_t seconds) {
  std::vector<std::uint8_t> out(seconds, 0);
  for (const BurstSpan& b : bursts) std::fill(out.begin() + b.start, out.begin() + b.end + 1, 1);
  return out;
}

}  // namespace tapelab::truth
