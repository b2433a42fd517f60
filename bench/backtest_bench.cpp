// Presets in one backtest run against loading, once, the columns they need
// (BENCHMARKS.md "Backtest"), in one run.
//
//   backtest_bench --data DATASET [--presets S1,A1,...] [--threads T] [--runs R]
//
// --presets defaults to every built-in preset (the figures in BENCHMARKS.md
// name the set they ran).
//
// Prints, each the best of R runs with a warm page cache and T threads:
//   - load: market::load_day of every day of the dataset with the fields and
//     expiries the runner asks for (engine::day_load: the union of the
//     presets' needs), days in parallel as the runner runs them;
//   - backtest: engine::run_backtest of the presets (load, the per-second
//     clock of every strategy, fills, records, merge);
// and their ratio (the bar: backtest <= 2x load) and strategy-days per second;
// then the strategies' own cost: engine::run_day of the presets over each
// day's tape already in memory, one thread, in wall and CPU seconds and CPU
// milliseconds per strategy-day (the signal presets' bar: <= 20 ms).
// Wall and CPU seconds both: on a shared machine CPU time is the steadier.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/runner.h"
#include "harness.h"
#include "market/loader.h"
#include "strategies/config.h"
#include "strategies/presets.h"

using namespace tapelab;

int main(int argc, char** argv) {
  CLI::App app{"Presets in one run vs loading the columns they need"};
  std::string data;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int runs = 3;
  std::vector<std::string> presets;
  app.add_option("--data", data, "Dataset folder")->required();
  app.add_option("--presets", presets, "Presets to run (default: every built-in preset)")->delimiter(',');
  app.add_option("--threads", threads, "Days run at once")->check(CLI::PositiveNumber);
  app.add_option("--runs", runs, "Runs per measurement (best is reported)")->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  if (presets.empty()) presets = strategies::preset_names();
  std::vector<engine::StrategySpec> specs;
  for (const std::string& name : presets) specs.push_back(strategies::make_spec(strategies::preset(name)));
  std::vector<const engine::StrategySpec*> all;
  for (const engine::StrategySpec& spec : specs) all.push_back(&spec);
  const std::vector<market::DayKey> days = market::select_days(data, {});
  // What the runner loads of a day for these presets (engine::day_load: the
  // union of their columns, the expiries they can trade).
  const auto load_options = [&](const market::DayKey& day) { return engine::day_load(all, day).load; };

  std::atomic<std::size_t> rows{0};
  const bench::Timing load = bench::best_timing(runs, [&] {
    rows = 0;
    tbb::parallel_for(std::size_t{0}, days.size(), [&](std::size_t i) {
      rows += market::load_day(data, days[i], load_options(days[i])).options.size();
    });
  });

  engine::RunOptions options;
  options.dataset = data;
  options.threads = threads;
  std::size_t trades = 0;
  const bench::Timing backtest = bench::best_timing(runs, [&] { trades = engine::run_backtest(specs, options).trades.size(); });

  // The strategies' own share: the presets over tapes already in memory,
  // one day at a time on one thread (only the run_day calls are timed).
  bench::Timing simulate{0, 0};
  for (const market::DayKey& day : days) {
    const market::DayTape tape = market::load_day(data, day, load_options(day));
    const bench::Timing one = bench::best_timing(runs, [&] { engine::run_day(specs, tape); });
    simulate.wall += one.wall;
    simulate.cpu += one.cpu;
  }

  const double strategy_days = static_cast<double>(specs.size() * days.size());
  fmt::print("dataset: {} ({} day files, {:.1f}M option rows loaded per pass), {} threads, best of {}\n", data,
             days.size(), static_cast<double>(rows.load()) / 1e6, threads, runs);
  fmt::print("load once (columns the presets need)   wall {:7.3f} s   cpu {:7.3f} s\n", load.wall, load.cpu);
  fmt::print("backtest, {} presets in one run         wall {:7.3f} s   cpu {:7.3f} s   ({} leg trades)\n",
             specs.size(), backtest.wall, backtest.cpu, trades);
  const double ratio_wall = backtest.wall / load.wall;
  const double ratio_cpu = backtest.cpu / load.cpu;
  fmt::print("backtest / load: {:.2f}x wall, {:.2f}x cpu (bar: <= 2x) -> {}\n", ratio_wall, ratio_cpu,
             ratio_wall <= 2 ? "met" : "NOT met");
  fmt::print("strategy-days per second: {:.1f} ({} strategies x {} day files, load included)\n",
             strategy_days / backtest.wall, specs.size(), days.size());
  fmt::print("the strategies alone on tapes in memory, one thread: wall {:.3f} s, cpu {:.3f} s: {:.1f} ms cpu per "
             "strategy-day, {:.0f} strategy-days per cpu second\n",
             simulate.wall, simulate.cpu, 1000 * simulate.cpu / strategy_days, strategy_days / simulate.cpu);
  return 0;
}
