#include "truth/params.h"

#include <type_traits>

#include <nlohmann/json.hpp>

#include "util/error.h"

namespace tapelab::truth {
namespace {

using Json = nlohmann::ordered_json;

// Calls visit(name, member) for every number and switch, in the order of
// params_json (TruthParams const or not).
template <typename Params, typename Visit>
void visit_numbers(Params& p, Visit&& visit) {
  visit("accel_eps", p.accel_eps);
  visit("strike_offsets", p.strike_offsets);
  visit("burst_k1", p.burst_k1);
  visit("burst_k2", p.burst_k2);
  visit("trade_share_trade", p.trade_share_trade);
  visit("trade_share_vacuum", p.trade_share_vacuum);
  visit("vacuum_weight_spread", p.vacuum_weight_spread);
  visit("vacuum_weight_depth", p.vacuum_weight_depth);
  visit("vacuum_weight_move", p.vacuum_weight_move);
  visit("periodicity_days", p.periodicity_days);
  visit("periodicity_min_days", p.periodicity_min_days);
  visit("periodicity_bin_s", p.periodicity_bin_s);
  visit("periodicity_bursts", p.periodicity_bursts);
  visit("periodicity_jumps", p.periodicity_jumps);
  visit("jump_window", p.jump_window);
  visit("jump_alpha", p.jump_alpha);
  visit("jump_observations", p.jump_observations);
  visit("pull_drop", p.pull_drop);
  visit("pull_volume_share", p.pull_volume_share);
  visit("replenish_rise", p.replenish_rise);
  visit("recovery_share", p.recovery_share);
  visit("recovery_horizon_s", p.recovery_horizon_s);
  visit("flicker_window_s", p.flicker_window_s);
  visit("flicker_min_pulls", p.flicker_min_pulls);
  visit("flicker_min_replenishes", p.flicker_min_replenishes);
  visit("flicker_min_spread_changes", p.flicker_min_spread_changes);
  visit("fear_iv_jump", p.fear_iv_jump);
  visit("vacuum_window_s", p.vacuum_window_s);
  visit("trend_window_s", p.trend_window_s);
  visit("trend_efficiency", p.trend_efficiency);
  visit("trend_move_bursts", p.trend_move_bursts);
}

template <typename T>
void take(const Json& value, T& into, const std::string& key, const std::string& what) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!value.is_boolean()) fail("{}: parameter '{}' must be true or false", what, key);
  } else {
    if (!value.is_number()) fail("{}: parameter '{}' must be a number", what, key);
  }
  into = value.get<T>();
}

// `given`: {"NIFTY": {"start_points": 12, ...}, "NIFTY/0": {...}}, each
// entry over what it replaces: its own defaults, or a new bucket's underlying's.
void take_bursts(const Json& given, TruthParams& p, const std::string& what) {
  if (!given.is_object()) fail("{}: parameter 'burst' must map names to thresholds", what);
  for (const auto& [name, fields] : given.items()) {
    if (!fields.is_object()) fail("{}: burst thresholds for {} must be an object", what, name);
    const auto underlying = p.burst.find(name.substr(0, name.find('/')));
    const BurstThresholds base = underlying != p.burst.end() ? underlying->second : BurstThresholds{};
    BurstThresholds& b = p.burst.try_emplace(name, base).first->second;
    for (const auto& [field, number] : fields.items()) {
      double* slot = field == "start_points" ? &b.start_points
                     : field == "step_points" ? &b.step_points
                     : field == "end_points"  ? &b.end_points
                                              : nullptr;
      if (slot == nullptr) fail("{}: unknown burst threshold '{}' for {}", what, field, name);
      take(number, *slot, "burst." + name + "." + field, what);
    }
  }
}

}  // namespace

const BurstThresholds* TruthParams::burst_thresholds(std::string_view underlying, std::string_view bucket) const {
  const std::string name(underlying);
  for (const std::string& key : {name + "/" + std::string(bucket), name}) {
    const auto it = burst.find(key);
    if (it != burst.end()) return &it->second;
  }
  return nullptr;
}

std::string params_json(const TruthParams& p) {
  Json out = Json::object();
  visit_numbers(p, [&](const char* name, const auto& value) { out[name] = value; });
  Json burst = Json::object();
  for (const auto& [key, t] : p.burst) {  // std::map: sorted keys
    burst[key] = {{"start_points", t.start_points}, {"step_points", t.step_points}, {"end_points", t.end_points}};
  }
  out["burst"] = burst;
  return out.dump();
}

TruthParams params_from_json(const std::string& text, const std::string& what) {
  const Json given = Json::parse(text, nullptr, false);
  if (!given.is_object()) fail("{}: truth parameters must be one JSON object", what);
  TruthParams p;
  const Json known = Json::parse(params_json(p));
  for (const auto& [key, value] : given.items()) {
    if (!known.contains(key)) fail("{}: unknown truth parameter '{}'", what, key);
  }
  visit_numbers(p, [&](const char* name, auto& value) {
    if (given.contains(name)) take(given[name], value, name, what);
  });
  if (given.contains("burst")) take_bursts(given["burst"], p, what);
  if (p.periodicity_bin_s < 1 || p.periodicity_days < 0 || p.periodicity_min_days < 1) {
    fail("{}: periodicity_bin_s and periodicity_min_days must be at least 1, periodicity_days at least 0", what);
  }
  return p;
}

}  // namespace tapelab::truth
