#include "truth/regimes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include "engine/regimes.h"

namespace tapelab::truth {
namespace {

// |S_t - S_{t-n}| over the path sum |S_k - S_{k-1}|, k = t-n+1 .. t; NaN
// until the window is full or when the path is 0.
std::vector<double> efficiency_ratio(const std::vector<double>& price, const SessionGrid& grid, std::size_t n) {
  std::vector<double> out(grid.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t t = 0; t < grid.size(); ++t) {
    if (!grid.spans(t, n)) continue;
    double path = 0;
    for (std::size_t k = t + 1 - n; k <= t; ++k) path += std::abs(price[k] - price[k - 1]);
    if (path > 0) out[t] = std::abs(price[t] - price[t - n]) / path;
  }
  return out;
}

}  // namespace

Table regimes_table(const RegimeStates& s, const SeriesFeatures& spot, const DayContext& c, double trend_points,
                    const TruthParams& p) {
  const std::size_t rows = c.grid.size();
  const auto n = static_cast<std::size_t>(p.trend_window_s);
  const std::vector<double> er = efficiency_ratio(spot.price, c.grid, n);
  std::vector<std::uint8_t> trending(rows, 0);
  std::vector<std::string_view> regime(rows);
  for (std::size_t t = 0; t < rows; ++t) {
    trending[t] = er[t] >= p.trend_efficiency &&
                  std::abs(spot.price[t] - spot.price[t - n]) >= p.trend_move_bursts * trend_points;
    // The first state that holds, in engine::kRegimeNames' order of precedence.
    const std::array<bool, engine::kRegimeNames.size()> holds = {s.fear[t] != 0, s.bursting[t] != 0, s.vacuum[t] != 0,
                                                                 s.flicker[t] != 0, trending[t] != 0, true};
    regime[t] = engine::kRegimeNames[static_cast<std::size_t>(std::find(holds.begin(), holds.end(), true) - holds.begin())];
  }
  Table t;
  t.add_date("date", c.date, rows);
  t.add_string("underlying", c.underlying, rows);
  t.add_time("time", c.grid.seconds);
  t.add_strings("regime", regime);
  t.add_bool("fear", s.fear);
  t.add_bool("bursting", s.bursting);
  t.add_bool("vacuum", s.vacuum);
  t.add_bool("flicker", s.flicker);
  t.add_bool("trending", trending);
  t.add_double("efficiency_ratio", er);
  return t;
}

}  // namespace tapelab::truth
