// Jumps of the index (docs/market-truth.md#jumps): the Lee-Mykland test of
// each one-second return against the bipower volatility of the returns
// before it, on a trailing window.
#pragma once

#include <span>
#include <vector>

#include "truth/bursts.h"
#include "truth/event.h"
#include "truth/params.h"

namespace tapelab::truth {

// |L| above this is a jump: the Gumbel critical value of the largest of n
// standardised returns at significance alpha.
double lee_mykland_threshold(double alpha, double n);

// One "jump" event per second whose return is a jump, known at that second;
// `in_burst` says whether a burst had started and not yet ended by then.
// With a `factor` (the intraday periodicity; empty: none) the test sees each
// return divided by its second's factor.
std::vector<Event> jump_events(const SeriesFeatures& spot, const SessionGrid& grid, const TruthParams& params,
                               const std::vector<BurstSpan>& bursts, std::span<const double> factor = {});

}  // namespace tapelab::truth
