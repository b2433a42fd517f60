// `tapelab backtest CONFIG.toml... [--preset NAME...] --data DATASET --out DIR [--truth TRUTH]`:
// runs every strategy of the configs and presets in one pass over the days
// (jobs::run_backtest), writes the report files, prints one summary line
// per strategy and where report.html is. With a market truth, also the P&L
// by DTE bucket and regime at entry, and the regimes entry_regimes filters on
// (docs/market-truth.md#truth-meets-backtests).
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "jobs/backtest_job.h"
#include "report/writers.h"

namespace tapelab::cli {
namespace {

void run(const jobs::BacktestRequest& request, const std::string& out) {
  const jobs::BacktestRun run = jobs::run_backtest(request);
  jobs::write_backtest(run, out);
  fmt::print("{}", jobs::backtest_summary_text(run.records));
  fmt::print("report: {}\n", (std::filesystem::path(out) / "report.html").string());
}

}  // namespace

void add_backtest_command(CLI::App& app) {
  auto flags = std::make_shared<jobs::BacktestRequest>();
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("backtest", "Run strategies (TOML configs and presets) over a dataset");
  cmd->add_option("configs", flags->config_files, "Strategy config files (TOML)")->check(CLI::ExistingFile);
  cmd->add_option("--preset", flags->presets, "Built-in preset to run (repeatable; see `tapelab strategies`)")
      ->delimiter(',');
  cmd->add_option("--data", flags->data, "Dataset folder")->required();
  cmd->add_option("--out", *out, "Output folder for trades.csv, orders.csv, daily.csv, equity.csv, "
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
  cmd->callback([flags, out] {
    flags->progress = ::isatty(STDERR_FILENO) == 1;
    run(*flags, *out);
  });
}

}  // namespace tapelab::cli
