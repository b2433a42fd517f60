// Leg bookkeeping shared by the structure strategies: a structure's open legs
// and a leg in words for the orders log.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/strategy.h"
#include "engine/types.h"

namespace tapelab::strategies {

// "26000 CE".
std::string leg_text(const engine::OptionKey& key);

// The strategy's open legs of one structure, in the order they opened.
std::vector<engine::OpenLeg> legs_of(const engine::StrategyContext& ctx, std::int64_t structure_id);

}  // namespace tapelab::strategies
