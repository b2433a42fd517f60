// The parameters of a truth build (docs/market-truth.md#parameters) and the
// version of the truth tables' schema. Both are part of every day's key, so
// changing either rebuilds the days.
#pragma once

#include <string>

namespace tapelab::truth {

// Bumped whenever a column is added, removed or computed differently.
inline constexpr int kTruthSchemaVersion = 1;

struct TruthParams {
  double accel_eps = 1e-12;  // added to accel_10's denominator
  int strike_offsets = 2;    // atm_options: strikes ATM +- 1 .. +- this many steps
};

// One line of JSON with every parameter, in a fixed order (hashed into keys).
std::string params_json(const TruthParams& params);

}  // namespace tapelab::truth
