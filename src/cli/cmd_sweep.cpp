// `tapelab sweep CONFIG.toml --data DATASET --out DIR`: runs every variant of
// a sweep file (sweep/variants.h) in one pass over the days, ranks them, and
// with --split or --walk-forward reports the in-sample picks out of sample.
// Writes sweep.csv and sweep.json (walk-forward.csv and .json), with
// --keep-trades every variant's report files in DIR/backtest; prints the
// ranking's first rows.
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "jobs/sweep_job.h"
#include "report/writers.h"

namespace tapelab::cli {
namespace {

void run(const jobs::SweepRequest& request, const std::string& out) {
  const jobs::SweepRun run = jobs::run_sweep(request);
  report::write_files(jobs::sweep_job_files(run), out);
  fmt::print("{}", jobs::sweep_job_text(run));
  fmt::print("ranking: {}\n", (std::filesystem::path(out) / "sweep.csv").string());
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto flags = std::make_shared<jobs::SweepRequest>();
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("sweep", "Run a grid or list of strategy variants, rank them, walk forward");
  cmd->add_option("config", flags->config, "Sweep file (TOML: [[strategy]] tables with grid and list)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", flags->data, "Dataset folder")->required();
  cmd->add_option("--out", *out, "Output folder for sweep.csv, sweep.json (walk-forward.csv, .json)")->required();
  cmd->add_option("--from", flags->from, "First day, YYYY-MM-DD");
  cmd->add_option("--to", flags->to, "Last day, YYYY-MM-DD");
  cmd->add_option("--underlying", flags->underlyings, "Only these underlyings (repeatable)")->delimiter(',');
  cmd->add_option("--threads", flags->threads, "Days run at once (0 = all cores)")->capture_default_str();
  cmd->add_flag("--keep-trades", flags->keep_trades, "Also write every variant's report files in OUT/backtest");
  cmd->add_option("--rank-by", flags->rank_by,
                  "net | return_on_margin | max_drawdown | sharpe | win_rate | trades")
      ->capture_default_str();
  cmd->add_option("--top", flags->top, "Rows of the ranking to print (the files hold all)")->capture_default_str();
  cmd->add_option("--split", flags->split, "Walk-forward: in sample before DATE, out of sample from it on");
  cmd->add_option("--walk-forward", flags->walk_forward,
                  "Rolling walk-forward: IN,OUT trading days in and out of sample, stepping by OUT")
      ->delimiter(',');
  cmd->add_option("--picks", flags->picks, "Walk-forward: the best N in sample carried out of sample")
      ->capture_default_str();
  cmd->callback([flags, out] {
    flags->progress = ::isatty(STDERR_FILENO) == 1;
    run(*flags, *out);
  });
}

}  // namespace tapelab::cli
