// What one option snapshot's book says (docs/market-truth.md#option-book-columns)
// and the order-flow imbalance between two snapshots of the same contract
// (docs/market-truth.md#order-flow-imbalance).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "market/day_tape.h"

namespace tapelab::truth {

// NaN marks a value the book does not define (no two-sided quote, an empty side).
struct BookMetrics {
  double mid = 0;
  double spread = 0;
  double micro_price = 0;
  std::int64_t bid_depth_5 = 0;
  std::int64_t ask_depth_5 = 0;
  double obi_5 = 0;
  double front_bid = 0;
  double front_ask = 0;
};

BookMetrics book_metrics(const market::OptionColumns& o, std::size_t row);

// e_m for levels m = 0..4 between the rows `before` and `now` of one contract.
std::array<double, market::kBookLevels> order_flow_imbalance(const market::OptionColumns& o, std::size_t before,
                                                               std::size_t now);

// Traded volume of rows [first, last): the sum of their vol_delta, floored at 0.
std::int64_t traded_volume(const market::OptionColumns& o, std::int64_t first, std::int64_t last);

}  // namespace tapelab::truth
