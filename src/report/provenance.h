// provenance.json: what produced an output folder (a backtest, a sweep, a
// derived Greeks dataset), so that a later reader (the server, Python) can
// tell a result that is stale against its dataset or its tapelab:
//
//   tapelab_version   the version that wrote the folder
//   dataset           the dataset read, as given, and the hash of its
//                     manifest.json when the run started (xxh3-128 of the
//                     file's bytes, as dataset::hash_file writes it; null for
//                     a dataset without a manifest). A later manifest with
//                     another hash means the dataset changed since.
//   configuration     the full resolved configuration: the command, the
//                     day selection, every strategy's resolved settings
//                     (execution, capital, Greeks, underlyings, its
//                     parameters in words), the documents the configuration
//                     was read from verbatim (config files, presets' TOML),
//                     and any other option that shapes the output.
//
// Like the other output files it says nothing about the run's own time or
// machine: the same inputs give the same bytes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config.h"
#include "engine/records.h"
#include "market/loader.h"

namespace tapelab::report {

// A document the configuration was read from, verbatim.
struct ConfigDocument {
  std::string source;  // "strategies/example.toml", "preset A1"
  std::string text;
};

// One strategy as it ran.
struct ResolvedStrategy {
  engine::StrategyInfo info;             // name, execution, capital and Greeks settings
  std::vector<std::string> underlyings;  // empty: every underlying of the run
  std::string type;                      // the strategy type ("short_premium")
  std::string parameters;                // its parameters in one line
  std::string rules;                     // its rules in words, with every parameter
};

struct RunConfiguration {
  std::string command;  // "backtest", "sweep", "dataset greeks"
  market::DaySelection days;
  std::vector<ResolvedStrategy> strategies;
  std::optional<engine::GreeksConfig> greeks;  // a Greeks dataset's settings
  std::vector<ConfigDocument> documents;
  std::vector<std::pair<std::string, std::string>> options;  // other flags that shape the output, as given
};

// The hash of `dataset_root`/manifest.json ("xxh3-128:..."); nullopt without one.
std::optional<std::string> manifest_hash(const std::filesystem::path& dataset_root);

std::string provenance_json(const std::filesystem::path& dataset_root,
                            const std::optional<std::string>& dataset_manifest_hash,
                            const RunConfiguration& configuration);

// Writes out_dir/provenance.json atomically (out_dir must exist).
void write_provenance(const std::filesystem::path& out_dir, const std::filesystem::path& dataset_root,
                      const std::optional<std::string>& dataset_manifest_hash, const RunConfiguration& configuration);

}  // namespace tapelab::report
