// `tapelab backtest CONFIG.toml... [--preset NAME...] --data DATASET --out DIR [--truth TRUTH]`:
// runs every strategy of the configs and presets in one pass over the days
// (engine::run_backtest), writes the report files, prints one summary line
// per strategy and where report.html is. With a market truth, also the P&L
// by DTE bucket and regime at entry, and the regimes entry_regimes filters on
// (docs/market-truth.md#truth-meets-backtests).
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/day_flags.h"
#include "cli/provenance.h"
#include "engine/runner.h"
#include "report/metrics.h"
#include "report/provenance.h"
#include "report/text.h"
#include "report/writers.h"
#include "strategies/config.h"
#include "strategies/presets.h"
#include "truth/backtest_truth.h"
#include "util/error.h"

namespace tapelab::cli {
namespace {

struct BacktestFlags {
  std::vector<std::string> configs;
  std::vector<std::string> presets;
  std::string data;
  std::string out;
  std::string from;
  std::string to;
  std::vector<std::string> underlyings;
  int threads = 0;
  std::string truth;  // empty: none
};

std::vector<strategies::StrategyConfig> strategy_configs(const BacktestFlags& flags) {
  std::vector<strategies::StrategyConfig> configs;
  for (const std::string& file : flags.configs) {
    for (strategies::StrategyConfig& config : strategies::load_config(file)) configs.push_back(std::move(config));
  }
  for (const std::string& name : flags.presets) configs.push_back(strategies::preset(name));
  if (configs.empty()) fail("backtest: no strategy: give CONFIG.toml files or --preset NAME");
  strategies::check_unique_names(configs);
  return configs;
}

void print_summary(const engine::RunRecords& records) {
  const report::RunMetrics metrics = report::compute_run_metrics(records);
  fmt::print("{:<14} {:>5} {:>7} {:>8} {:>14} {:>12} {:>14} {:>10} {:>6} {:>9} {:>8} {:>8}  {}\n", "strategy", "days",
             "trades", "win %", "net Rs", "costs Rs", "max DD Rs", "RoM/day %", "stale", "unpriced", "settled",
             "crossed", "rejected orders");
  const auto percent = [](const std::optional<double>& v) { return report::fixed(v ? *v * 100 : v, 2, "-"); };
  for (std::size_t i = 0; i < records.strategies.size(); ++i) {
    const report::Metrics& m = metrics.strategies[i];
    const report::Integrity& integrity = m.integrity;
    fmt::print("{:<14} {:>5} {:>7} {:>8} {:>14} {:>12} {:>14} {:>10} {:>6} {:>9} {:>8} {:>8}  {}\n",
               records.strategies[i].name, m.days, m.trades, percent(m.win_rate), report::fixed(m.net, 2),
               report::fixed(m.costs, 2), report::fixed(m.max_drawdown, 2), percent(m.return_on_margin_per_day),
               integrity.stale_exits, integrity.unpriced_exits, integrity.settled_exits,
               integrity.crossed_book_skips, report::rejections_text(integrity));
  }
}

report::RunConfiguration run_configuration(const BacktestFlags& flags,
                                           const std::vector<strategies::StrategyConfig>& configs,
                                           const market::DaySelection& days) {
  report::RunConfiguration c;
  c.command = "backtest";
  c.days = days;
  for (const strategies::StrategyConfig& config : configs) c.strategies.push_back(resolved_strategy(config));
  c.documents = config_documents(flags.configs, flags.presets);
  if (!flags.truth.empty()) c.options.emplace_back("truth", flags.truth);
  return c;
}

void run(const BacktestFlags& flags) {
  if (flags.threads < 0) fail("backtest: --threads must be 0 (all cores) or positive");
  const std::vector<strategies::StrategyConfig> configs = strategy_configs(flags);
  std::vector<engine::StrategySpec> specs;
  for (const strategies::StrategyConfig& config : configs) specs.push_back(strategies::make_spec(config));

  engine::RunOptions options;
  options.dataset = flags.data;
  options.days = day_selection("backtest", flags.from, flags.to, flags.underlyings);
  options.threads = flags.threads;
  options.progress = ::isatty(STDERR_FILENO) == 1;
  const std::optional<std::string> manifest = report::manifest_hash(flags.data);
  std::optional<truth::BacktestTruth> truth;
  if (!flags.truth.empty()) {
    truth.emplace(flags.truth, flags.data);
    options.regimes = [&truth](const market::DayKey& day) { return truth->regimes(day); };
  }
  const engine::RunRecords records = engine::run_backtest(specs, options);
  if (truth) {
    const std::vector<report::RegimeRow> by_regime = truth->breakdown(records);
    report::write_run(records, flags.out, &by_regime);
  } else {
    report::write_run(records, flags.out);
  }
  report::write_provenance(flags.out, flags.data, manifest, run_configuration(flags, configs, options.days));

  print_summary(records);
  fmt::print("report: {}\n", (std::filesystem::path(flags.out) / "report.html").string());
}

}  // namespace

void add_backtest_command(CLI::App& app) {
  auto flags = std::make_shared<BacktestFlags>();
  CLI::App* cmd = app.add_subcommand("backtest", "Run strategies (TOML configs and presets) over a dataset");
  cmd->add_option("configs", flags->configs, "Strategy config files (TOML)")->check(CLI::ExistingFile);
  cmd->add_option("--preset", flags->presets, "Built-in preset to run (repeatable; see `tapelab strategies`)")
      ->delimiter(',');
  cmd->add_option("--data", flags->data, "Dataset folder")->required();
  cmd->add_option("--out", flags->out, "Output folder for trades.csv, orders.csv, daily.csv, equity.csv, "
                                       "summary.json, report.html and provenance.json")
      ->required();
  cmd->add_option("--from", flags->from, "First day, YYYY-MM-DD");
  cmd->add_option("--to", flags->to, "Last day, YYYY-MM-DD");
  cmd->add_option("--underlying", flags->underlyings, "Only these underlyings (repeatable)")->delimiter(',');
  cmd->add_option("--threads", flags->threads, "Days run at once (0 = all cores)")->capture_default_str();
  cmd->add_option("--truth", flags->truth,
                  "Market truth folder (tapelab truth build) of the same dataset: writes by_regime.csv, each "
                  "strategy's P&L by DTE bucket and regime at entry, and lets strategies filter entries with "
                  "entry_regimes");
  cmd->callback([flags] { run(*flags); });
}

}  // namespace tapelab::cli
