// Runs strategies over days of a dataset: one load of each day serves every
// strategy of the run (with the union of their needed columns), days run in
// parallel on all cores (positions are intraday, so days are independent),
// and the records are merged in a deterministic order.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/config.h"
#include "engine/records.h"
#include "engine/strategy.h"
#include "market/day_tape.h"
#include "market/loader.h"

namespace tapelab::engine {

struct RunOptions {
  std::filesystem::path dataset;
  market::DaySelection days;
  int threads = 0;        // 0 = all cores
  bool progress = false;  // a progress line (days/s, ETA) on stderr
  // Keep each strategy-day's minute points (IntradayRecord, about 12 KB a
  // strategy-day); a sweep that writes no report files leaves them out.
  bool intraday = true;
  // The market truth's regimes of a day (src/truth/backtest_truth.h), read
  // only for days where a strategy filters entries on them; a run with such
  // a strategy and no reader is an Error before any day runs.
  std::function<DayRegimes(const market::DayKey&)> regimes;
};

// The strategies that trade `underlying` (those without underlyings trade all).
std::vector<const StrategySpec*> strategies_for(const std::vector<StrategySpec>& strategies,
                                                const std::string& underlying);

// What a run reads of one day for `strategies` (those trading its underlying).
struct DayLoad {
  // The union of their columns (their own and what their fills and marks
  // need); the expiries from the day to the last one any of them can trade.
  market::LoadOptions load;
  int expiries = 0;            // the most nearest expiries one of them trades (by count)
  bool previous_spot = false;  // one of them is handed the day before's spot
};
DayLoad day_load(const std::vector<const StrategySpec*>& strategies, const market::DayKey& day);

// The days a run goes through, in the order it merges them: the selection's
// days whose underlying one of the strategies trades. Throws Error for a
// missing dataset or an empty selection.
std::vector<market::DayKey> days_to_run(const std::vector<StrategySpec>& strategies, const RunOptions& options);

// One run's records from its days' records (each day's, or a run over only
// that day, in days_to_run's order): what run_backtest returns, so a run
// split over processes or machines (Python's tapelab.distributed) merges to
// the same records.
RunRecords merge_days(const std::vector<StrategySpec>& strategies, std::vector<RunRecords> per_day);

// Throws Error for a missing dataset or an empty selection.
RunRecords run_backtest(const std::vector<StrategySpec>& strategies, const RunOptions& options);

// One day in memory, for tests and tools that build tapes by hand;
// `previous_spot` is what strategies that need the day before are handed
// (see Strategy::warm_up; empty: none); `regimes` the day's truth for
// strategies that filter entries on it.
RunRecords run_day(const std::vector<StrategySpec>& strategies, const market::DayTape& tape,
                   const market::SeriesColumns& previous_spot = {}, const DayRegimes* regimes = nullptr);

}  // namespace tapelab::engine
