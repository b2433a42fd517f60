// Margin in use for return figures (decisions.md): a naked short lot needs the
// configured margin per lot, a long option the premium paid, and a
// defined-risk structure (every short covered by a long of the same type:
// spreads, iron flies and condors) its maximum loss at expiry.
#pragma once

#include <span>

#include "engine/strategy.h"

namespace tapelab::engine {

// The margin of the open legs of ONE structure, in rupees. A structure with
// uncovered shorts is charged the margin per lot for each uncovered short lot
// plus the premium of its longs (a deliberately simple, conservative rule).
double structure_margin(std::span<const OpenLeg> legs, double margin_per_lot);

}  // namespace tapelab::engine
