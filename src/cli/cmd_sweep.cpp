// `tapelab sweep CONFIG.toml --data DATASET --out DIR`: runs every variant of
// a sweep file (sweep/variants.h) in one pass over the days, ranks them, and
// with --split or --walk-forward reports the in-sample picks out of sample.
// Writes sweep.csv and sweep.json (walk-forward.csv and .json), with
// --keep-trades every variant's report files in DIR/backtest; prints the
// ranking's first rows.
#include <unistd.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/commands.h"
#include "cli/day_flags.h"
#include "cli/provenance.h"
#include "domain/date.h"
#include "report/provenance.h"
#include "sweep/outputs.h"
#include "sweep/run_sweep.h"
#include "sweep/variants.h"
#include "util/error.h"

namespace tapelab::cli {
namespace {

struct SweepFlags {
  std::string config;
  std::string data;
  std::string out;
  std::string from;
  std::string to;
  std::vector<std::string> underlyings;
  int threads = 0;
  bool keep_trades = false;
  std::string rank_by = "net";
  int top = 20;
  std::string split;
  std::vector<int> walk_forward;
  int picks = 1;
};

std::optional<sweep::WalkForwardSpec> walk_forward_spec(const SweepFlags& flags) {
  if (!flags.split.empty() && !flags.walk_forward.empty()) {
    fail("sweep: give --split DATE or --walk-forward IN,OUT, not both");
  }
  if (!flags.split.empty()) {
    const std::optional<domain::Date> date = domain::Date::parse(flags.split);
    if (!date) fail("sweep: --split '{}' is not a date (YYYY-MM-DD)", flags.split);
    return sweep::WalkForwardSpec{date, 0, 0};
  }
  if (flags.walk_forward.empty()) return std::nullopt;
  if (flags.walk_forward.size() != 2 || flags.walk_forward[0] <= 0 || flags.walk_forward[1] <= 0) {
    fail("sweep: --walk-forward takes IN,OUT: in-sample and out-of-sample trading days, both > 0 (e.g. 20,5)");
  }
  return sweep::WalkForwardSpec{std::nullopt, flags.walk_forward[0], flags.walk_forward[1]};
}

report::RunConfiguration run_configuration(const SweepFlags& flags, const sweep::SweepPlan& plan,
                                           const market::DaySelection& days) {
  report::RunConfiguration c;
  c.command = "sweep";
  c.days = days;
  for (const sweep::Variant& variant : plan.variants) c.strategies.push_back(resolved_strategy(variant.config));
  c.documents = config_documents({flags.config}, {});
  c.options = {{"rank_by", flags.rank_by},
               {"split", flags.split},
               {"walk_forward", fmt::format("{}", fmt::join(flags.walk_forward, ","))},
               {"picks", std::to_string(flags.picks)},
               {"keep_trades", flags.keep_trades ? "true" : "false"}};
  return c;
}

void run(const SweepFlags& flags) {
  if (flags.threads < 0) fail("sweep: --threads must be 0 (all cores) or positive");
  if (flags.top < 1) fail("sweep: --top must be positive");
  if (flags.picks < 1) fail("sweep: --picks must be positive");
  sweep::SweepOptions options;
  options.rank_by = sweep::parse_rank_key(flags.rank_by);
  options.walk_forward = walk_forward_spec(flags);
  if (flags.picks != 1 && !options.walk_forward) fail("sweep: --picks needs --split or --walk-forward");
  options.picks = static_cast<std::size_t>(flags.picks);
  options.run.dataset = flags.data;
  options.run.days = day_selection("sweep", flags.from, flags.to, flags.underlyings);
  options.run.threads = flags.threads;
  options.run.progress = ::isatty(STDERR_FILENO) == 1;
  options.run.intraday = flags.keep_trades;  // only the report files show it

  const sweep::SweepPlan plan = sweep::load_sweep(flags.config);
  const std::optional<std::string> manifest = report::manifest_hash(flags.data);
  const sweep::SweepResult result = sweep::run_sweep(plan, options);
  sweep::write_sweep(plan, result, options, flags.out, flags.keep_trades);
  report::write_provenance(flags.out, flags.data, manifest, run_configuration(flags, plan, options.run.days));
  fmt::print("{}", sweep::sweep_text(result, options, static_cast<std::size_t>(flags.top)));
  fmt::print("ranking: {}\n", (std::filesystem::path(flags.out) / "sweep.csv").string());
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto flags = std::make_shared<SweepFlags>();
  CLI::App* cmd = app.add_subcommand("sweep", "Run a grid or list of strategy variants, rank them, walk forward");
  cmd->add_option("config", flags->config, "Sweep file (TOML: [[strategy]] tables with grid and list)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", flags->data, "Dataset folder")->required();
  cmd->add_option("--out", flags->out, "Output folder for sweep.csv, sweep.json (walk-forward.csv, .json)")
      ->required();
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
  cmd->callback([flags] { run(*flags); });
}

}  // namespace tapelab::cli
