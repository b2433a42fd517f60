// What a sweep writes and prints: the ranked table of every variant
// (sweep.csv, sweep.json) and, with walk-forward, one row per window and
// pick with its in-sample and out-of-sample figures side by side
// (walk-forward.csv, walk-forward.json). Numbers in fixed decimals (rupees 2,
// ratios 6: return on margin and win rate as fractions), nothing about the
// run's own time or machine: the same result gives the same bytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "report/writers.h"
#include "sweep/run_sweep.h"

namespace tapelab::sweep {

std::string ranking_csv(const SweepPlan& plan, const SweepResult& result);
std::string ranking_json(const SweepPlan& plan, const SweepResult& result, const SweepOptions& options);
std::string walk_forward_csv(const SweepPlan& plan, const SweepResult& result);
std::string walk_forward_json(const SweepPlan& plan, const SweepResult& result, const SweepOptions& options);

// For the terminal: the first `top` rows of the ranking, then the
// walk-forward windows and summary when there are any.
std::string sweep_text(const SweepResult& result, const SweepOptions& options, std::size_t top);

// The files above, in memory (report::write_files writes them); with
// `keep_trades` also every variant's report files (report::run_files) under
// backtest/.
std::vector<report::OutputFile> sweep_files(const SweepPlan& plan, const SweepResult& result,
                                            const SweepOptions& options, bool keep_trades);

}  // namespace tapelab::sweep
