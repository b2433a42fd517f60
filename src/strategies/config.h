// Strategy configs in TOML: the type's parameters, how orders execute
// ([execution]), the capital returns are measured against ([capital]), and
// how option Greeks are computed for the strategy ([greeks]).
//
//   [execution]                 # optional: defaults for every strategy below
//   fill_model = "bid_ask"      # bid_ask | ltp | mid
//   [[strategy]]
//   preset = "A1"               # optional: start from a built-in preset
//   name = "A1-ltp-mark"
//   [strategy.execution]
//   mark_model = "ltp"
//
// A strategy starts from the defaults or its preset, then takes the file's
// top-level [execution]/[capital]/[greeks], then its own keys. Unknown keys, bad
// values and unknown presets are errors naming the file, line and key.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config.h"
#include "engine/runner.h"
#include "strategies/strategy_params.h"

namespace tapelab::strategies {

struct StrategyConfig {
  std::string name;
  std::string description;  // empty: describe() writes one from the parameters
  // The type's parameters (the `type` key; short_premium when absent).
  AnyParams params{strategy_types().front().defaults()};
  engine::ExecutionConfig execution;
  engine::CapitalConfig capital;
  engine::GreeksConfig greeks;
  std::vector<std::string> underlyings;  // empty: every underlying of the run
  // `entry_regimes = ["calm", "trending"]`: opens positions only while the
  // market truth's regime at the clock is one of these; exits any time.
  // Empty: no filter (docs/strategy-guide.md#entry-regimes).
  std::vector<std::string> entry_regimes;
};

// The settings of a strategy written as code rather than a type's keys
// (Python's tapelab.PyStrategy, docs/python.md#python-strategies): a document
// of only [execution], [capital] and [greeks] tables, read by the same rules
// as a config's file-wide tables. `source` names it in error messages.
struct StrategySettings {
  engine::ExecutionConfig execution;
  engine::CapitalConfig capital;
  engine::GreeksConfig greeks;
};
StrategySettings parse_settings(std::string_view text, std::string_view source);

// `source` names the document in error messages.
std::vector<StrategyConfig> parse_config(std::string_view text, std::string_view source);
std::vector<StrategyConfig> load_config(const std::filesystem::path& file);

// Strategy names key every output row, so two strategies of a run must differ.
void check_unique_names(std::span<const StrategyConfig> configs);

// The parameters in one line: "ATM straddle (nearest), entries 09:20, 13:00, ...".
std::string describe(const StrategyConfig& config);

// The one-page description (Markdown): what the strategy does in plain words
// with its parameters, how it executes, and the TOML `toml` it came from.
std::string describe_page(const StrategyConfig& config, std::string_view toml);

engine::StrategySpec make_spec(const StrategyConfig& config);

}  // namespace tapelab::strategies
