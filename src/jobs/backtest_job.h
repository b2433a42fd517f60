// `backtest` as one job, shared by the CLI (cmd_backtest.cpp) and Python
// (python/src/job_bindings.cpp): strategy configs and presets in, the run's
// records, its provenance and its output files out. One implementation, so
// both write the same bytes (docs/python.md#backtests).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/records.h"
#include "engine/runner.h"
#include "report/provenance.h"
#include "report/writers.h"
#include "truth/backtest_truth.h"

namespace tapelab::jobs {

// A strategy written as code, not as a strategy type's keys: Python's
// tapelab.PyStrategy (docs/python.md#python-strategies). The engine runs it
// like any other; only what it is made of comes from outside.
struct CodeStrategy {
  std::string name;
  std::string type;         // provenance's type ("python")
  std::string description;  // what it is, in one line ("Python class mymodule.MyStrategy")
  // Its [execution]/[capital]/[greeks] TOML (strategies::parse_settings);
  // empty text: the defaults. provenance.json records it as a document.
  report::ConfigDocument settings;
  std::vector<std::string> underlyings;  // empty: every underlying of the run
  engine::DataNeeds needs;
  // Makes a fresh strategy for one day, given its settings (as StrategySpec::make).
  std::function<std::unique_ptr<engine::Strategy>(const engine::StrategyInfo&)> make;
};

struct BacktestRequest {
  std::vector<std::string> config_files;             // TOML files
  std::vector<report::ConfigDocument> config_texts;  // TOML given as text, each named by its source
  std::vector<std::string> presets;
  std::vector<CodeStrategy> code_strategies;
  std::string data;  // the dataset, as given (provenance.json records it so)
  std::string from;  // YYYY-MM-DD or empty, as --from and --to
  std::string to;
  std::vector<std::string> underlyings;
  int threads = 0;  // 0: all cores
  bool progress = false;
  std::string truth;  // a market truth folder of the same dataset (--truth); empty: none
};

// What runs: the strategies and the engine's options, with the provenance
// they will be recorded under. Throws Error with the CLI's messages.
struct BacktestPlan {
  std::vector<engine::StrategySpec> specs;
  engine::RunOptions options;  // with a truth, its regimes() hands the days' regimes over
  report::RunConfiguration configuration;
  std::shared_ptr<const truth::BacktestTruth> truth;  // null without --truth
};
BacktestPlan plan_backtest(const BacktestRequest& request);

struct BacktestRun {
  engine::RunRecords records;
  std::string data;
  std::optional<std::string> manifest_hash;  // of the dataset when the run started
  report::RunConfiguration configuration;
  std::optional<std::vector<report::RegimeRow>> by_regime;  // with a truth: the P&L by DTE bucket and regime
};
BacktestRun run_backtest(const BacktestRequest& request);

// The output folder's files: report::run_files, then provenance.json.
std::vector<report::OutputFile> backtest_files(const BacktestRun& run);
// backtest_files written into `out`, as report::write_run writes a run's
// (a by_regime.csv of an earlier run with a truth is removed when this one has none).
void write_backtest(const BacktestRun& run, const std::filesystem::path& out);

// The table the CLI prints: one line per strategy.
std::string backtest_summary_text(const engine::RunRecords& records);

}  // namespace tapelab::jobs
