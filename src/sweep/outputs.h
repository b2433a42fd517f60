// What a sweep writes and prints: the ranked table of every variant
// (sweep.csv, sweep.json) and, with walk-forward, one row per window and
// pick with its in-sample and out-of-sample figures side by side
// (walk-forward.csv, walk-forward.json). Numbers in fixed decimals (rupees 2,
// ratios 6: return on margin and win rate as fractions), nothing about the
// run's own time or machine: the same result gives the same bytes.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "sweep/run_sweep.h"

namespace tapelab::sweep {

std::string ranking_csv(const SweepPlan& plan, const SweepResult& result);
std::string ranking_json(const SweepPlan& plan, const SweepResult& result, const SweepOptions& options);
std::string walk_forward_csv(const SweepPlan& plan, const SweepResult& result);
std::string walk_forward_json(const SweepPlan& plan, const SweepResult& result, const SweepOptions& options);

// For the terminal: the first `top` rows of the ranking, then the
// walk-forward windows and summary when there are any.
std::string sweep_text(const SweepResult& result, const SweepOptions& options, std::size_t top);

// Creates `out_dir` and writes the files above into it, each atomically;
// with `keep_trades` also every variant's trade log and report files
// (report::write_run) in out_dir/backtest.
void write_sweep(const SweepPlan& plan, const SweepResult& result, const SweepOptions& options,
                 const std::filesystem::path& out_dir, bool keep_trades);

}  // namespace tapelab::sweep
