// Per-row IV and Greeks of one day's options, the way a derived dataset
// stores them: each row from its own mid, on the forward (or spot) as of the
// row's own timestamp, never a later one.
//
// Design note. The rows are visited in time order through the engine's
// MarketView and ChainGreeks, so a stored row holds exactly what a strategy
// asking at that instant would be given for that premium (engine/greeks.h),
// and look-ahead is ruled out by the view itself.
#pragma once

#include <vector>

#include "engine/config.h"
#include "engine/greeks.h"
#include "market/day_tape.h"

namespace tapelab::derived {

// Parallel to the tape's option rows (file order). NaN = null in the file.
struct GreeksColumns {
  std::vector<engine::GreeksStatus> status;
  std::vector<double> iv, delta, gamma, theta, vega;
  std::vector<double> underlying;  // the forward or spot the row was priced on
  std::vector<double> years;       // time to expiry (always set)
};

// Needs the tape's timestamps and level-0 book (market::kTopOfBook), and its
// spot or futures as the config prices on.
GreeksColumns compute_greeks_columns(const market::DayTape& tape, const engine::GreeksConfig& config);

}  // namespace tapelab::derived
