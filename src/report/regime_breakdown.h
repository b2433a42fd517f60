// by_regime.csv and its section of report.html: each strategy's P&L split by
// underlying, the DTE bucket of what it traded and the market truth's regime
// at each entry (docs/market-truth.md#truth-meets-backtests). Written only for a
// backtest run with --truth; the report code never reads the truth itself,
// it is handed each trade's labels.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/records.h"

namespace tapelab::report {

// What the truth says about one trade (a structure: the legs of one entry).
struct TradeTruth {
  std::string dte_bucket;  // "0", "1-2", "3-4", "5-6", "7+"
  std::string regime;      // engine::kRegimeNames
};

// Labels a structure from its earliest-entered leg (ties: the first in the
// records' order) and the nearest expiry among its legs.
using TradeLabeler = std::function<TradeTruth(const engine::TradeRecord& first_leg, domain::Date nearest_expiry)>;

struct RegimeRow {
  std::string strategy, underlying, dte_bucket, regime;
  std::int64_t trades = 0, wins = 0, losses = 0, legs = 0;
  double gross = 0, costs = 0, net = 0;
};

// Rows sorted by strategy (the run's order), underlying, DTE bucket and
// regime (the truth's order); only splits with a trade.
std::vector<RegimeRow> regime_breakdown(const engine::RunRecords& records, const TradeLabeler& label);

}  // namespace tapelab::report
