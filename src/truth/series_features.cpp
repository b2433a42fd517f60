#include "truth/series_features.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "truth/asof.h"

namespace tapelab::truth {
namespace {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

// ln(S_t / S_{t-lag}) where both seconds lie in one window and both prices exist.
std::vector<double> log_returns(const std::vector<double>& price, const SessionGrid& grid, std::size_t lag) {
  std::vector<double> out(grid.size(), kNull);
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (grid.spans(i, lag)) out[i] = std::log(price[i] / price[i - lag]);  // NaN in, NaN out
  }
  return out;
}

// sqrt of the sum of squared returns t-n+1 .. t; null unless all n exist.
std::vector<double> realized_vol(const std::vector<double>& ret, std::size_t n) {
  std::vector<double> out(ret.size(), kNull);
  for (std::size_t i = n - 1; i < ret.size(); ++i) {
    double sum = 0;
    for (std::size_t k = i + 1 - n; k <= i; ++k) sum += ret[k] * ret[k];
    out[i] = std::sqrt(sum);
  }
  return out;
}

// |r_t| over the mean |r| of the ten seconds before, plus eps; needs eleven returns.
std::vector<double> acceleration(const std::vector<double>& ret, double eps) {
  constexpr std::size_t kWindow = 10;
  std::vector<double> out(ret.size(), kNull);
  for (std::size_t i = kWindow; i < ret.size(); ++i) {
    double sum = 0;
    for (std::size_t k = i - kWindow; k < i; ++k) sum += std::abs(ret[k]);
    out[i] = std::abs(ret[i]) / (sum / static_cast<double>(kWindow) + eps);
  }
  return out;
}

// The as-of price and its age at every second of the grid.
void as_of_prices(std::span<const domain::WallNanos> times, std::span<const double> prices, const SessionGrid& grid,
                  std::string_view what, SeriesFeatures& f) {
  std::vector<domain::WallNanos> kept_times;
  std::vector<double> kept_prices;
  for (std::size_t r = 0; r < times.size(); ++r) {
    if (!(prices[r] > 0)) continue;
    kept_times.push_back(times[r]);
    kept_prices.push_back(prices[r]);
  }
  const std::vector<std::int64_t> asof = asof_rows(day_rows(kept_times, grid, what), grid);
  f.price.assign(grid.size(), kNull);
  f.age_s.assign(grid.size(), kNull);
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (asof[i] == kNoRow) continue;
    const auto row = static_cast<std::size_t>(asof[i]);
    f.price[i] = kept_prices[row];
    f.age_s[i] = static_cast<double>(grid.seconds[i] - kept_times[row]) / domain::kNanosPerSecond;
  }
}

}  // namespace

std::vector<double> one_second_returns(std::span<const domain::WallNanos> times, std::span<const double> prices,
                                       const SessionGrid& grid, std::string_view what) {
  SeriesFeatures f;
  as_of_prices(times, prices, grid, what, f);
  return log_returns(f.price, grid, 1);
}

SeriesFeatures series_features(std::span<const domain::WallNanos> times, std::span<const double> prices,
                               const SessionGrid& grid, double accel_eps, std::string_view what) {
  SeriesFeatures f;
  as_of_prices(times, prices, grid, what, f);
  f.ret_1s = log_returns(f.price, grid, 1);
  f.ret_5s = log_returns(f.price, grid, 5);
  f.ret_10s = log_returns(f.price, grid, 10);
  f.rv_10 = realized_vol(f.ret_1s, 10);
  f.rv_30 = realized_vol(f.ret_1s, 30);
  f.rv_120 = realized_vol(f.ret_1s, 120);
  f.accel_10 = acceleration(f.ret_1s, accel_eps);
  return f;
}

std::vector<std::int64_t> volume_per_second(std::span<const domain::WallNanos> times,
                                            std::span<const std::int64_t> cumulative, const SessionGrid& grid,
                                            std::string_view what) {
  const SourceRows rows = day_rows(times, grid, what);
  std::vector<std::int64_t> running_max(times.size(), 0);
  std::int64_t high = 0;
  for (std::size_t r = rows.offset; r < times.size(); ++r) {
    high = std::max(high, cumulative[r]);
    running_max[r] = high;
  }
  const SecondRanges ranges = rows_in_second(rows, grid);
  std::vector<std::int64_t> out(grid.size(), 0);
  const auto max_through = [&](std::int64_t end) {
    return end > static_cast<std::int64_t>(rows.offset) ? running_max[static_cast<std::size_t>(end - 1)] : 0;
  };
  for (std::size_t i = 0; i < grid.size(); ++i) out[i] = max_through(ranges.last[i]) - max_through(ranges.first[i]);
  return out;
}

}  // namespace tapelab::truth
