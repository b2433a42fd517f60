// Fear episodes (docs/market-truth.md#fear): a down-burst in which the ATM
// put's implied volatility jumps by fear_iv_jump relative to its level
// before the burst, and how fast it decays afterwards.
#pragma once

#include <cstdint>
#include <vector>

#include "truth/bursts.h"
#include "truth/chain.h"
#include "truth/day_context.h"
#include "truth/event.h"

namespace tapelab::truth {

struct Fear {
  // Per episode a "fear" event (start: the burst's start; known at the
  // confirmation second) and a "fear_decay" event (from the confirmation to
  // the second the IV is back half-way from its peak; known then).
  std::vector<Event> events;
  std::vector<std::uint8_t> afraid;  // per second: confirmed and not yet decayed
};

Fear fear(const std::vector<BurstSpan>& bursts, const AtmSeries& atm, Chain& chain, const DayContext& context,
          const TruthParams& params);

}  // namespace tapelab::truth
