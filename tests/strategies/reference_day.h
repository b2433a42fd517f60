// The reference backtest's own view of a day's market (reference_backtest.h):
// each contract's rows sorted by time, spot, and the as-of lookups and
// bid/ask fills the reference trades on, written without src/engine.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "strategies/reference_rows.h"

namespace tapelab::strategies::testing::reference_day {

inline constexpr std::int64_t kMicros = 1'000'000;

struct Row {
  std::int64_t time = 0;  // wall micros
  double ltp = 0;
  double bid[5] = {};
  std::int64_t bid_qty[5] = {};
  double ask[5] = {};
  std::int64_t ask_qty[5] = {};
};

struct Contract {
  int expiry = 0;  // days since 1970
  std::string type;
  int strike = 0;
  int lot = 0;
  std::vector<Row> rows;
};

struct Day {
  std::string date;
  std::string underlying;
  std::int64_t midnight = 0;  // wall micros
  int today = 0;
  std::map<std::tuple<int, std::string, int>, Contract> contracts;
  std::vector<std::pair<std::int64_t, double>> spot;
};

// The day's rows from `source`, each contract's sorted by time.
Day read_day(const ReferenceRowSource& source, const std::string& date, const std::string& underlying);

// The last row at or before `now`, or nullptr.
const Row* as_of(const Contract& contract, std::int64_t now);

// Whole seconds since the row printed.
std::int64_t age(std::int64_t now, const Row& row);

// Best bid at or above best ask: not a price.
bool crossed(const Row& row);

// Buying (selling) `quantity` units against a row's asks (bids), level by
// level, a limit order only the levels at or better than its limit: what
// they cost, and how many units those levels did not hold.
std::pair<double, std::int64_t> take_levels(const Row& row, bool buy, int quantity,
                                            std::optional<double> limit = std::nullopt);

// Bid/ask fill of `quantity` units at `now`: the average price of
// take_levels; nullopt without a fresh quote that is not crossed, or the depth.
std::optional<double> fill(const Contract& contract, std::int64_t now, bool buy, int quantity, int max_age,
                           std::optional<double> limit = std::nullopt);

// (best bid + best ask) / 2 of a fresh two-sided quote that is not crossed.
std::optional<double> mid_mark(const Contract& contract, std::int64_t now, int max_age);

}  // namespace tapelab::strategies::testing::reference_day
