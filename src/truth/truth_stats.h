// The truth tables of `tapelab truth tables` (docs/market-truth.md#truth-tables):
// statistics of a truth folder's events and regimes, split by underlying x
// DTE bucket x time of day x regime, with a total row per underlying and
// DTE bucket.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "market/loader.h"

namespace tapelab::truth {

// One statistics table: its rows' split (underlying, dte_bucket,
// time_of_day, regime) and its statistics, NaN where there is nothing to
// measure.
struct StatTable {
  std::string name;
  std::vector<std::string> columns;  // statistics' names
  struct Row {
    std::array<std::string, 4> split;
    std::vector<double> values;  // one per column
  };
  std::vector<Row> rows;  // sorted by split
};
inline constexpr std::array<const char*, 4> kSplitNames = {"underlying", "dte_bucket", "time_of_day", "regime"};

struct TruthStats {
  std::vector<StatTable> tables;  // bursts, liquidity, fear_and_jumps: always all three
  // Per underlying and DTE bucket, every burst's size and duration (the HTML histograms).
  struct Sample {
    std::string underlying, dte_bucket;
    std::vector<double> size, duration;
  };
  std::vector<Sample> samples;
};

// The days of the truth folder's manifest in the selection. A folder that
// does not exist is an Error; an empty one gives tables without rows.
TruthStats truth_stats(const std::filesystem::path& truth, const market::DaySelection& days);

// Linear interpolation between the order statistics at (n - 1) p; NaN when empty.
double quantile(std::vector<double> values, double p);

}  // namespace tapelab::truth
