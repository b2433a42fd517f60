// Runs a sweep: every variant of the plan in one engine::run_backtest call
// (each day is loaded once, with the columns all variants need, and the days
// run in parallel), their metrics (report::compute_run_metrics), the ranking
// and, when asked, the walk-forward windows. Deterministic: the same plan,
// data and options give the same result for any thread count.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/records.h"
#include "engine/runner.h"
#include "report/metrics.h"
#include "sweep/ranking.h"
#include "sweep/variants.h"
#include "sweep/walk_forward.h"

namespace tapelab::sweep {

struct SweepOptions {
  engine::RunOptions run;  // dataset, days, threads, progress line
  RankKey rank_by = RankKey::kNet;
  std::optional<WalkForwardSpec> walk_forward;
  std::size_t picks = 1;  // walk-forward: variants carried out of sample per window
};

struct SweepResult {
  engine::RunRecords records;            // every variant over every day
  std::vector<report::Metrics> metrics;  // per variant (plan order), every day
  std::vector<std::size_t> ranking;      // variant indices, best first
  std::vector<Window> windows;           // empty without walk-forward
  std::vector<WindowResult> walk_forward;
  std::optional<WalkForwardSummary> summary;
};

// The run's trading days: the dates of the selection that some variant
// trades (by its underlyings), ascending. Reads only the dataset's folders.
std::vector<domain::Date> trading_days(const SweepPlan& plan, const engine::RunOptions& run);

// The engine's specs of the plan's variants, in plan order.
std::vector<engine::StrategySpec> variant_specs(const SweepPlan& plan);

// run_sweep's steps, for a run whose records are made elsewhere (Python's
// tapelab.distributed): the walk-forward windows, checked against the
// dataset's days before any data is read (throws Error), and the metrics,
// ranking and walk-forward over the records of every variant.
std::vector<Window> sweep_windows(const SweepPlan& plan, const SweepOptions& options);
SweepResult rank_sweep(const SweepOptions& options, std::vector<Window> windows, engine::RunRecords records);

// sweep_windows, the run (engine::run_backtest) and rank_sweep.
SweepResult run_sweep(const SweepPlan& plan, const SweepOptions& options);

}  // namespace tapelab::sweep
