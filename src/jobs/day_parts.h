// A backtest or sweep split into parts that run anywhere (Python's
// tapelab.distributed runs each as a Dask task): the days the whole run goes
// through, one part (a day; for a sweep a day and a chunk of variants) run
// on its own with one thread and returned as encoded records
// (records_codec.h), and the whole run put back together from its parts.
// The result is the one a local run gives, byte for byte: each day's
// records are what the local run makes of that day, and engine::merge_days
// merges them in the local run's order.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "jobs/backtest_job.h"
#include "jobs/sweep_job.h"
#include "market/loader.h"

namespace tapelab::jobs {

// The days of the run, in its order; throws Error as the run would.
std::vector<market::DayKey> backtest_days(const BacktestRequest& request);
std::vector<market::DayKey> sweep_days(const SweepRequest& request);

// One day's records, encoded.
std::string backtest_part(const BacktestRequest& request, const market::DayKey& day);
// One day's records of the variants [first, first + count) of the sweep.
std::string sweep_part(const SweepRequest& request, const market::DayKey& day, std::size_t first, std::size_t count);

// `parts`: every day's encoded records in backtest_days' order (for a
// sweep, each day's chunks in variant order, day after day); the manifest
// hash read before the parts ran.
BacktestRun merge_backtest(const BacktestRequest& request, std::optional<std::string> manifest_hash,
                           const std::vector<std::string>& parts);
SweepRun merge_sweep(const SweepRequest& request, std::optional<std::string> manifest_hash,
                     const std::vector<std::string>& parts);

}  // namespace tapelab::jobs
