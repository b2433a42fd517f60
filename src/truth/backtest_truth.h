// The market truth as a backtest reads it (docs/market-truth.md#truth-meets-backtests):
// each day checked against the dataset the backtest runs on, then its
// regimes, for the regime entry filter and the P&L by DTE bucket and regime.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "dataset/manifest.h"
#include "engine/records.h"
#include "engine/regimes.h"
#include "market/loader.h"
#include "parquet/types.h"
#include "report/regime_breakdown.h"
#include "truth/truth_manifest.h"

namespace tapelab::truth {

// A regimes table's `time` (µs) and `regime` columns as the engine reads
// them; `what` names the table in the Error for a label that is no regime.
engine::DayRegimes day_regimes(const parquet::ColumnData& time, const parquet::ColumnData& regime,
                               const std::string& what);

class BacktestTruth {
 public:
  // Error when `truth` is no truth folder (a missing one included).
  BacktestTruth(std::filesystem::path truth, std::filesystem::path dataset);

  // The day's regimes. Error naming the day when the truth lacks it (with
  // the reason it was skipped, if it was) or built it from other inputs than
  // the dataset holds now. Safe to call from several threads.
  engine::DayRegimes regimes(const market::DayKey& day) const;

  // Each strategy's P&L by the DTE bucket of a trade's nearest expiry and the
  // regime at its entry second; the same errors as regimes() for a day with trades.
  std::vector<report::RegimeRow> breakdown(const engine::RunRecords& records) const;

 private:
  void check_day(const market::DayKey& day) const;

  std::filesystem::path truth_;
  std::filesystem::path dataset_;
  TruthManifest manifest_;
  dataset::Manifest source_;
  std::string source_hash_;  // of the dataset's manifest.json, "" without one
};

}  // namespace tapelab::truth
