// Leg bookkeeping shared by the structure strategies: a structure's open legs,
// a leg in words for the orders log, and closing orders that retry only
// against a new quote.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/strategy.h"
#include "engine/types.h"

namespace tapelab::strategies {

// "26000 CE".
std::string leg_text(const engine::OptionKey& key);

// The strategy's open legs of one structure, in the order they opened.
std::vector<engine::OpenLeg> legs_of(const engine::StrategyContext& ctx, std::int64_t structure_id);

// Sends closing orders for a structure's legs. A closing order that was
// rejected (no or stale quote) is sent again only once the leg shows a new quote:
// the same quote only grows older, so a retry against it would be rejected
// again, and the orders log keeps one rejection per quote. Under latency the
// fill meets a later quote, so every call sends.
class LegCloser {
 public:
  // Buys back (or sells) `lots` of `leg` with `reason`; false when the order
  // was held back because the leg's quote has not changed since the last try.
  bool close(engine::StrategyContext& ctx, const engine::OpenLeg& leg, std::int32_t lots, engine::ExitReason reason,
             std::int64_t latency_seconds);

 private:
  // The quote time at which each leg's last closing order was rejected.
  std::vector<std::pair<engine::OptionKey, domain::WallNanos>> rejected_quotes_;
};

}  // namespace tapelab::strategies
