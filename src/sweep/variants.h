// The variants of a parameter sweep. A sweep file is a strategy config
// (strategies/config.h) whose [[strategy]] tables may each carry a grid, a
// list of parameter sets, or both:
//
//   [[strategy]]
//   preset = "A1"                        # the base: a preset or a full table
//   [strategy.grid]                      # every combination of these values
//   target = [0.3, 0.4, 0.5]
//   stop = [1.5, 2.0]
//   execution.mark_model = ["mid", "ltp"]   # a nested key, by TOML's dotted keys
//   [[strategy.list]]                    # these parameter sets, one by one
//   entries = ["09:20"]
//   [[strategy.list]]
//   name = "A1-late"                     # optional: the set's own name
//   entries = ["13:00"]
//
// A variant is its strategy table with the swept keys replaced (dotted keys
// and sub-tables of a grid or list entry are paths into the strategy table;
// anything else, an inline table too, is a value, in a grid each element of
// a list), parsed by
// strategies::parse_strategy: any key of any strategy type sweeps with the
// checks and messages of a backtest config, and an error points at the line
// of the value that caused it. With both, every list entry is combined with
// every grid point; a strategy with neither is one variant, itself.
//
// Names are stable and readable: the strategy's name and the swept values in
// file order, "A1 target=0.3 stop=1.5 execution.mark_model=ltp" (strings
// bare, numbers shortest round-trip, lists "[09:20,13:00]", tables
// "{max_dte=3,min_dte=0}"; a named list entry puts its name in place of its
// values). The whole file is checked before anything runs.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "strategies/config.h"

namespace tapelab::sweep {

struct Variant {
  strategies::StrategyConfig config;  // config.name is the variant's name
  // The swept values as text, parallel to SweepPlan::columns; empty where
  // this variant does not set the key.
  std::vector<std::string> values;
};

struct SweepPlan {
  // The swept keys ("target", "execution.mark_model") in the order the file
  // first names them.
  std::vector<std::string> columns;
  // By strategy, then list entry, then grid point (the last key fastest).
  std::vector<Variant> variants;
};

// `source` names the document in messages; throws Error for a bad file.
SweepPlan parse_sweep(std::string_view text, std::string_view source);
SweepPlan load_sweep(const std::filesystem::path& file);

}  // namespace tapelab::sweep
