// The price an order gets against one visible snapshot under a fill model
// (docs/strategy-guide.md#the-engines-rules-in-short, "Fills"): bid/ask walking
// the 5 levels, LTP or mid; no fill without a quote, against a stale quote, a
// crossed book, or at price 0.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/config.h"
#include "engine/market_view.h"
#include "engine/types.h"

namespace tapelab::engine {

struct FillQuote {
  RejectReason reason = RejectReason::kNone;  // kNone: fills at `price`
  double price = 0;                           // average price per unit
  std::int64_t quote_age_seconds = 0;
  bool beyond_depth = false;  // price_beyond_depth: units past the visible levels at the penalty
};

// Prices `quantity` units on `side` against `snapshot` (nullopt: the contract
// has not printed). Under bid/ask a sell takes the bids and a buy the asks,
// level by level, at the volume-weighted average; fewer units on the 5 levels
// than the order is kNoDepth (no partial fills). A limit restricts the walk to
// levels at or better than it (LTP and mid: the price must be at or better);
// not reaching it is kLimitNotCrossed. A snapshot older than the configured
// maximum age is kStaleQuote; under LTP the age is the last trade's, not the
// row's. A crossed or locked book is kCrossedBook unless the execution allows it.
FillQuote price_order(const std::optional<OptionSnapshot>& snapshot, Side side, std::int32_t quantity,
                      const ExecutionConfig& execution, std::optional<double> limit = std::nullopt);

// Square-off's price against one snapshot whatever its age: as price_order
// without a limit, except that under bid/ask the units beyond the visible
// levels fill at the worst visible level made worse by
// `execution.depth_penalty_pct` (flagged beyond_depth) instead of kNoDepth.
FillQuote price_beyond_depth(const OptionSnapshot& snapshot, Side side, std::int32_t quantity,
                             const ExecutionConfig& execution);

// The model's price for `side` at one snapshot regardless of depth and age
// (the touch under bid/ask); nullopt where the model has no price there or the
// book is crossed and `use_crossed_books` is false.
std::optional<double> model_price(const OptionSnapshot& snapshot, Side side, FillModel model,
                                  bool use_crossed_books = false);

// The age that decides whether `snapshot` is fresh under `model`: the last
// trade's under LTP (nullopt: no trade time, never fresh), else the row's.
std::optional<std::int64_t> price_age_seconds(const OptionSnapshot& snapshot, FillModel model);

// The option columns (market::OptionFields bits) fills and marks under
// `execution` read: a run loads them for the strategy besides its own needs.
unsigned execution_fields(const ExecutionConfig& execution);

}  // namespace tapelab::engine
