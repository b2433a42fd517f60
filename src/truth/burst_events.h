// One "burst" event per burst (docs/market-truth.md#bursts): its size and
// direction, how the contracts ATM at its start answered, and whether
// trades or vanishing liquidity drove it. Known at its end.
#pragma once

#include <vector>

#include "truth/bursts.h"
#include "truth/chain.h"
#include "truth/day_context.h"
#include "truth/event.h"

namespace tapelab::truth {

std::vector<Event> burst_events(const std::vector<BurstSpan>& bursts, const std::vector<Event>& jumps,
                                const SeriesFeatures& spot, const AtmSeries& atm, Chain& chain,
                                const SessionGrid& grid, const TruthParams& params);

}  // namespace tapelab::truth
