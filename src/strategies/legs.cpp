#include "strategies/legs.h"

#include <algorithm>

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

bool LegCloser::close(engine::StrategyContext& ctx, const engine::OpenLeg& leg, std::int32_t lots,
                      engine::ExitReason reason, std::int64_t latency_seconds) {
  const auto quote = ctx.market().option(leg.key);
  const domain::WallNanos quote_time = quote ? quote->time : 0;
  const auto tried =
      std::find_if(rejected_quotes_.begin(), rejected_quotes_.end(), [&](const auto& t) { return t.first == leg.key; });
  if (tried != rejected_quotes_.end() && tried->second == quote_time && latency_seconds == 0) {
    return false;  // the quote that rejected the last try, only older now
  }
  engine::OrderRequest order;
  order.key = leg.key;
  order.side = engine::opposite(leg.side);
  order.lots = lots;
  order.structure_id = leg.structure_id;
  order.exit_reason = reason;
  const engine::OrderResult result = ctx.submit(order);
  // Only a rejection holds the next try back: after a fill (a partial exit)
  // the same quote may serve the next exit of the leg at once.
  const bool rejected = !result.filled && !result.pending && !result.resting;
  if (tried != rejected_quotes_.end()) rejected_quotes_.erase(tried);
  if (rejected) rejected_quotes_.emplace_back(leg.key, quote_time);
  return true;
}

}  // namespace tapelab::strategies
