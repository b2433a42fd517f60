// Liquidity events on the contracts ATM +- strike_offsets steps, CE and PE,
// and on the front futures (docs/market-truth.md#pulls-replenishes-and-flicker):
// pulls with their resiliency, replenishes and flicker windows, and the
// per-second vacuum and flicker states the regimes read.
#pragma once

#include <cstdint>
#include <vector>

#include "truth/chain.h"
#include "truth/day_context.h"
#include "truth/event.h"
#include "truth/futures_book.h"
#include "truth/params.h"

namespace tapelab::truth {

struct Liquidity {
  std::vector<Event> events;          // "pull", "replenish", "flicker"
  std::vector<std::uint8_t> vacuum;   // per second: a pull in the last vacuum_window_s without volume since
  std::vector<std::uint8_t> flicker;  // per second: inside a flicker window
};

Liquidity liquidity(const AtmSeries& atm, Chain& chain, const FuturesBook& futures, const DayContext& context,
                    const TruthParams& params);

}  // namespace tapelab::truth
