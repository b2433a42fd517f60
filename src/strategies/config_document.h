// A strategy config already parsed into TOML tables, for tools that build
// [[strategy]] tables in memory (parameter sweeps write each variant as its
// base table with the swept keys replaced). The same rules and messages as
// parse_config (config.h); a node moved in from another document keeps the
// line it came from, so errors still point into the user's file.
#pragma once

#include <string_view>

#include <toml++/toml.h>

#include "strategies/config.h"

namespace tapelab::strategies {

// The document's [[strategy]] tables (one or more), once its file-wide
// tables are checked and it holds no other top-level key; throws Error.
const toml::array& strategy_tables(const toml::table& document, std::string_view source);

// One [[strategy]] table `strategy` under the file-wide [execution], [capital]
// and [greeks] of `document`;
// `source` names the file and `path` the table ("strategy[2]") in messages.
StrategyConfig parse_strategy(const toml::table& document, const toml::table& strategy, std::string_view source,
                              std::string_view path);

}  // namespace tapelab::strategies
