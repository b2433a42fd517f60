#include "truth/params.h"

#include <nlohmann/json.hpp>

namespace tapelab::truth {

const BurstThresholds* TruthParams::burst_thresholds(std::string_view underlying, std::string_view bucket) const {
  const std::string name(underlying);
  for (const std::string& key : {name + "/" + std::string(bucket), name}) {
    const auto it = burst.find(key);
    if (it != burst.end()) return &it->second;
  }
  return nullptr;
}

std::string params_json(const TruthParams& p) {
  nlohmann::ordered_json burst = nlohmann::ordered_json::object();
  for (const auto& [key, t] : p.burst) {  // std::map: sorted keys
    burst[key] = {{"start_points", t.start_points}, {"step_points", t.step_points}, {"end_points", t.end_points}};
  }
  return nlohmann::ordered_json{{"accel_eps", p.accel_eps},
                                {"strike_offsets", p.strike_offsets},
                                {"burst", burst},
                                {"burst_k1", p.burst_k1},
                                {"burst_k2", p.burst_k2},
                                {"trade_share_trade", p.trade_share_trade},
                                {"trade_share_vacuum", p.trade_share_vacuum},
                                {"vacuum_weight_spread", p.vacuum_weight_spread},
                                {"vacuum_weight_depth", p.vacuum_weight_depth},
                                {"vacuum_weight_move", p.vacuum_weight_move},
                                {"jump_window", p.jump_window},
                                {"jump_alpha", p.jump_alpha},
                                {"jump_observations", p.jump_observations},
                                {"pull_drop", p.pull_drop},
                                {"pull_volume_share", p.pull_volume_share},
                                {"replenish_rise", p.replenish_rise},
                                {"recovery_share", p.recovery_share},
                                {"recovery_horizon_s", p.recovery_horizon_s},
                                {"flicker_window_s", p.flicker_window_s},
                                {"flicker_min_pulls", p.flicker_min_pulls},
                                {"flicker_min_replenishes", p.flicker_min_replenishes},
                                {"flicker_min_spread_changes", p.flicker_min_spread_changes},
                                {"fear_iv_jump", p.fear_iv_jump},
                                {"vacuum_window_s", p.vacuum_window_s},
                                {"trend_window_s", p.trend_window_s},
                                {"trend_efficiency", p.trend_efficiency},
                                {"trend_move_bursts", p.trend_move_bursts}}
      .dump();
}

}  // namespace tapelab::truth
