#include "strategies/legs.h"

#include <fmt/format.h>

namespace tapelab::strategies {

std::string leg_text(const engine::OptionKey& key) {
  return fmt::format("{} {}", key.strike, domain::to_string(key.type));
}

std::vector<engine::OpenLeg> legs_of(const engine::StrategyContext& ctx, std::int64_t structure_id) {
  std::vector<engine::OpenLeg> legs;
  for (const engine::OpenLeg& leg : ctx.open_legs()) {
    if (leg.structure_id == structure_id) legs.push_back(leg);
  }
  return legs;
}

}  // namespace tapelab::strategies
