// What the strategy commands (backtest, sweep; CLI and Python) record in provenance.json
// (report/provenance.h) about the strategies they ran.
#pragma once

#include <string>
#include <vector>

#include "report/provenance.h"
#include "strategies/config.h"

namespace tapelab::jobs {

report::ResolvedStrategy resolved_strategy(const strategies::StrategyConfig& config);

// The config files, verbatim, the configs given as text, and the TOML of the
// presets named on the command line.
std::vector<report::ConfigDocument> config_documents(const std::vector<std::string>& files,
                                                     const std::vector<report::ConfigDocument>& texts,
                                                     const std::vector<std::string>& presets);

}  // namespace tapelab::jobs
