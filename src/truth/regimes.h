// The regime of every second (docs/market-truth.md#regimes): fear > bursting
// > vacuum > flicker > trending > calm, each state from data up to that
// second only.
#pragma once

#include <cstdint>
#include <vector>

#include "truth/day_context.h"
#include "truth/params.h"
#include "truth/series_features.h"
#include "truth/table.h"

namespace tapelab::truth {

// The per-second states the detectors found, each parallel to the grid.
struct RegimeStates {
  std::vector<std::uint8_t> fear, bursting, vacuum, flicker;
};

// Columns: date, underlying, time, regime, each state as a flag, the
// efficiency ratio and trending.
Table regimes_table(const RegimeStates& states, const SeriesFeatures& spot, const DayContext& context,
                    double trend_points, const TruthParams& params);

}  // namespace tapelab::truth
