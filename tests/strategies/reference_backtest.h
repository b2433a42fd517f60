// A deliberately slow, separate implementation of the short-premium rules
// for the S1/A1/A2 cross-check: it reads the raw rows of the dataset's
// Parquet files itself, looks quotes up as-of each second by binary search,
// fills at bid/ask walking the book (never a crossed one) after the latency, and applies target,
// stop, max hold and the square-off's fallbacks with its own loops. It shares no code with src/engine or
// src/strategies, so an error in either shows up as a difference.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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
std::vector<ReferenceTrade> reference_backtest(const std::filesystem::path& dataset, const ReferenceStrategy& strategy);

}  // namespace tapelab::strategies::testing
