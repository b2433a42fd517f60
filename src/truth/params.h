// The parameters of a truth build (docs/market-truth.md#parameters) and the
// version of the truth tables' schema. Both are part of every day's key, so
// changing either rebuilds the days.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace tapelab::truth {

// Bumped whenever a column is added, removed or computed differently.
inline constexpr int kTruthSchemaVersion = 4;

// The burst rule's point thresholds (docs/market-truth.md#bursts).
struct BurstThresholds {
  double start_points = 0;  // |S_t - S_{t-10}| >= this
  double step_points = 0;   // the largest 1 s move of the last 3 s >= this
  double end_points = 0;    // |S_t - S_{t-5}| < this ends a burst
};

struct TruthParams {
  double accel_eps = 1e-12;  // added to accel_10's denominator
  int strike_offsets = 2;    // atm_options: strikes ATM +- 1 .. +- this many steps

  // Bursts. Keys are an underlying ("NIFTY") or an underlying and a DTE
  // bucket ("NIFTY/0"), the latter winning for days of that bucket.
  std::map<std::string, BurstThresholds> burst = {{"NIFTY", {10, 3, 3}}, {"BANKNIFTY", {25, 8, 8}}};
  double burst_k1 = 1.8;  // start: per-second volatility over 10 s > k1 x over 120 s
  double burst_k2 = 1.3;  // end: per-second volatility over 10 s < k2 x over 120 s
  double trade_share_trade = 0.6;   // trade share >= this: trade-driven
  double trade_share_vacuum = 0.3;  // trade share <= this: vacuum-driven
  double vacuum_weight_spread = 1, vacuum_weight_depth = 1, vacuum_weight_move = 1;

  // Intraday periodicity (docs/market-truth.md#intraday-periodicity).
  int periodicity_days = 60;      // trading days before the day the factor comes from
  int periodicity_min_days = 20;  // fewer days with returns: off
  int periodicity_bin_s = 300;    // time-of-day bins of this many seconds
  bool periodicity_bursts = true;  // burst point thresholds scale with the factor
  bool periodicity_jumps = true;   // the jump test sees returns divided by the factor

  // Jumps (Lee-Mykland on a trailing bipower window).
  int jump_window = 120;          // returns in the bipower window, the tested one included
  double jump_alpha = 0.01;       // significance of the Gumbel critical value
  double jump_observations = 22500;  // n in the critical value: one regular day's returns

  // Pulls, replenishes, resiliency and flicker.
  double pull_drop = 0.35;          // depth falls by at least this share in one second
  double pull_volume_share = 0.1;   // traded volume <= this share of the depth lost ("almost none")
  double replenish_rise = 0.25;     // depth rises by at least this share, spread not wider
  double recovery_share = 0.8;      // resiliency: depth back to this share of its level before
  int recovery_horizon_s = 300;     // a pull not recovered within this is unrecovered
  int flicker_window_s = 30;
  int flicker_min_pulls = 3, flicker_min_replenishes = 3, flicker_min_spread_changes = 5;

  // Fear.
  double fear_iv_jump = 0.2;  // ATM put IV >= (1 + this) x its level before the burst

  // Regimes.
  int vacuum_window_s = 10;      // a pull in the last this many seconds without volume
  int trend_window_s = 300;
  double trend_efficiency = 0.3;
  double trend_move_bursts = 2;  // the move is >= this x start_points

  // The thresholds of an underlying's bursts on a day of DTE bucket `bucket`;
  // nullptr when none is configured.
  const BurstThresholds* burst_thresholds(std::string_view underlying, std::string_view bucket) const;
};

// One line of JSON with every parameter, in a fixed order (hashed into keys).
std::string params_json(const TruthParams& params);

// The defaults overridden by a JSON object of the same shape as
// params_json's (any subset of its keys; a `burst` entry replaces that key's
// thresholds). Throws Error naming `what` (the file) on an unknown key or a
// value of the wrong type.
TruthParams params_from_json(const std::string& json, const std::string& what);

}  // namespace tapelab::truth
