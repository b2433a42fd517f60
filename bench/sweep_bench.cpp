// A sweep of 100 A1 variants against A1 alone (BENCHMARKS.md "Sweep"), in
// one run: both through sweep::run_sweep (one engine::run_backtest of every
// variant: each day loaded once for all of them, days in parallel, then the
// metrics and the ranking), alternating, best of R each.
//
//   sweep_bench --data DATASET [--threads T] [--runs R]
//
// The grid: target 0.2-0.6 x stop 1.0-3.0 x max hold 30-120 min, 5 x 5 x 4 =
// 100 variants of A1, all reading the same columns. Prints wall and CPU
// seconds of each, their ratio (the bar: 100 variants < 10x one) and
// strategy-days per second; then the strategies' own cost: engine::run_day
// of the 100 variants and of A1 alone over each day's tape in memory, one
// thread. On a shared machine CPU time is the steadier figure.
#include <tbb/global_control.h>

#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/runner.h"
#include "harness.h"
#include "market/loader.h"
#include "strategies/config.h"
#include "sweep/run_sweep.h"
#include "sweep/variants.h"

using namespace tapelab;

namespace {

constexpr const char* kGrid = R"([[strategy]]
preset = "A1"
[strategy.grid]
target = [0.2, 0.3, 0.4, 0.5, 0.6]
stop = [1.0, 1.5, 2.0, 2.5, 3.0]
max_hold_minutes = [30, 60, 90, 120]
)";

constexpr const char* kOne = "[[strategy]]\npreset = \"A1\"\n";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"100 A1 variants in one sweep vs A1 alone"};
  std::string data;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int runs = 3;
  app.add_option("--data", data, "Dataset folder")->required();
  app.add_option("--threads", threads, "Days run at once")->check(CLI::PositiveNumber);
  app.add_option("--runs", runs, "Runs per measurement (best is reported)")->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

  const sweep::SweepPlan grid = sweep::parse_sweep(kGrid, "grid");
  const sweep::SweepPlan one = sweep::parse_sweep(kOne, "one");
  sweep::SweepOptions options;
  options.run.dataset = data;
  options.run.threads = threads;
  const std::vector<market::DayKey> days = market::select_days(data, {});

  // Alternating, so a burst of load on the machine hits both alike.
  bench::Timing alone;
  bench::Timing swept;
  std::size_t trades = 0;
  for (int r = 0; r < runs; ++r) {
    const bench::Timing a = bench::best_timing(1, [&] { sweep::run_sweep(one, options); });
    const bench::Timing s = bench::best_timing(1, [&] { trades = sweep::run_sweep(grid, options).records.trades.size(); });
    fmt::print("run {}: one variant {:.3f} s wall {:.3f} s cpu; {} variants {:.3f} s wall {:.3f} s cpu ({:.2f}x wall, "
               "{:.2f}x cpu)\n",
               r + 1, a.wall, a.cpu, grid.variants.size(), s.wall, s.cpu, s.wall / a.wall, s.cpu / a.cpu);
    alone = {std::min(alone.wall, a.wall), std::min(alone.cpu, a.cpu)};
    swept = {std::min(swept.wall, s.wall), std::min(swept.cpu, s.cpu)};
  }

  // The strategies' own cost on tapes in memory, one thread.
  std::vector<engine::StrategySpec> grid_specs;
  for (const sweep::Variant& v : grid.variants) grid_specs.push_back(strategies::make_spec(v.config));
  const std::vector<engine::StrategySpec> one_specs = {strategies::make_spec(one.variants.front().config)};
  double grid_seconds = 0;
  double one_seconds = 0;
  for (const market::DayKey& day : days) {
    market::LoadOptions load;
    load.option_fields = market::kTopOfBook | market::kFullBook;
    load.min_expiry = day.date;
    const market::DayTape tape = market::load_day(data, day, load);
    one_seconds += bench::best_seconds(runs, [&] { engine::run_day(one_specs, tape); });
    grid_seconds += bench::best_seconds(runs, [&] { engine::run_day(grid_specs, tape); });
  }

  const double strategy_days = static_cast<double>(grid.variants.size() * days.size());
  fmt::print("dataset: {} ({} day files), {} threads, best of {}\n", data, days.size(), threads, runs);
  fmt::print("sweep, A1 alone                wall {:7.3f} s   cpu {:7.3f} s\n", alone.wall, alone.cpu);
  fmt::print("sweep, {} A1 variants         wall {:7.3f} s   cpu {:7.3f} s   ({} leg trades)\n",
             grid.variants.size(), swept.wall, swept.cpu, trades);
  const double ratio_wall = swept.wall / alone.wall;
  const double ratio_cpu = swept.cpu / alone.cpu;
  fmt::print("{} variants / one: {:.2f}x wall, {:.2f}x cpu (bar: < 10x) -> {}\n", grid.variants.size(), ratio_wall,
             ratio_cpu, ratio_wall < 10 && ratio_cpu < 10 ? "met" : "NOT met");
  fmt::print("strategy-days per second: {:.1f} ({} variants x {} day files, load included; one variant: {:.1f})\n",
             strategy_days / swept.wall, grid.variants.size(), days.size(),
             static_cast<double>(days.size()) / alone.wall);
  fmt::print("the strategies alone on tapes in memory, one thread: {} variants {:.3f} s ({:.0f} strategy-days/s), "
             "one {:.3f} s\n",
             grid.variants.size(), grid_seconds, strategy_days / grid_seconds, one_seconds);
  return 0;
}
