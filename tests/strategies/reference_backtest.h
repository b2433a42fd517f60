// A deliberately slow, separate implementation of the short-premium rules
// for the S1/A1/A2 cross-check, and of T4's calm-day iron condor: it takes
// the raw rows of the dataset from a row source (reference_rows.h: our
// Parquet reader, or DuckDB's export), looks quotes up as-of each second by binary search,
// fills at bid/ask walking the book (never a crossed one) after the latency, and applies target,
// stop, max hold and the square-off's fallbacks with its own loops. It shares no code with src/engine or
// src/strategies, so an error in either shows up as a difference.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "strategies/reference_rows.h"

namespace tapelab::strategies::testing {

// The parameters the reference understands, written out by the test.
struct ReferenceStrategy {
  std::string name;
  bool strangle = false;
  double otm_pct = 0;
  std::vector<int> entries;  // seconds after midnight
  std::optional<double> target;
  std::optional<double> stop;
  std::optional<int> max_hold_seconds;
  int square_off = 15 * 3600 + 15 * 60;
  int max_quote_age = 30;  // seconds
  bool statutory_costs = false;  // reference_costs.h; Rs 5 an order otherwise
  int lots = 1;                  // per leg; several lots walk the book
  int latency = 0;               // seconds from an order's decision to the snapshot it fills against
  // Instead of the straddle, the test's scripted limit seller: at each entry
  // one limit sell of the ATM call this fraction above the bid then visible,
  // resting until the book crosses it, held to the square-off.
  std::optional<double> limit_over_bid = std::nullopt;
  // Instead of the straddle, T4's iron condor (docs/engine-rules.md#strategy-library;
  // strategies/presets/T4.toml): at the first second of the window where
  // spot is calm, buy the CE and PE wings, then sell the CE and PE nearest
  // spot +- otm_pct; target and stop on the net credit, out at exit_time.
  // Latency 0 only.
  struct Condor {
    double otm_pct = 0;
    double wing_points = 0;  // the wings: the listed strikes nearest this far beyond the short ones
    int window_from = 0;     // seconds after midnight, both ends included
    int window_to = 0;
    double max_day_range_pct = 0;  // spot's high - low since the open, percent of spot now, must be below
    int range_seconds = 0;         // and over the last range_seconds (a full window of them) ...
    double max_range_pct = 0;      // ... below this
    int exit_time = 0;
  };
  std::optional<Condor> condor = std::nullopt;
};

// One leg round trip, in plain values.
struct ReferenceTrade {
  std::string strategy;
  std::string date;
  std::string underlying;
  int structure = 0;  // 1, 2, ... in order of entry within the strategy's day
  std::string expiry;
  std::string type;   // CE / PE
  int strike = 0;
  std::string side = "sell";  // the opening side: a condor's wings are bought
  int quantity = 0;
  int entry_second = 0;  // seconds after midnight
  int exit_second = 0;
  double entry_price = 0;
  double exit_price = 0;
  std::string reason;  // target, stop, time, end-of-day, no-quote
  std::string pricing;  // quote, stale, settled, unpriced (docs/strategy-guide.md#the-engines-rules-in-short, "Intraday")
  bool beyond_depth = false;
  double gross = 0;  // rupees
  double costs = 0;
  double net = 0;
};

// Every day and underlying of the dataset, Rs 5 per order (or the statutory
// charges), mid marks, the strategy's latency.
std::vector<ReferenceTrade> reference_backtest(const ReferenceRowSource& source, const ReferenceStrategy& strategy);
// The same on the dataset's Parquet files through our reader.
std::vector<ReferenceTrade> reference_backtest(const std::filesystem::path& dataset, const ReferenceStrategy& strategy);

}  // namespace tapelab::strategies::testing
