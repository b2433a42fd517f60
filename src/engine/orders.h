// Orders a strategy submits and what the engine reports back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/time.h"
#include "engine/types.h"

namespace tapelab::engine {

struct OrderRequest {
  OptionKey key;
  Side side = Side::kSell;
  std::int32_t lots = 1;
  // Market order when unset; a limit order fills only when the book crosses
  // it (a buy when ask <= limit, a sell when bid >= limit), and keeps resting
  // until it fills, is cancelled, or the day squares off.
  std::optional<double> limit_price;
  // Groups the legs of one entry (trades.csv `structure_id`); the engine
  // assigns it when 0 is given for an opening order.
  std::int64_t structure_id = 0;
  // For closing orders: why the strategy exits (the trade log's exit_reason).
  std::optional<ExitReason> exit_reason;
  std::string note;  // free text carried to the orders log
};

using OrderId = std::int64_t;

// The outcome of an order at the time it was decided (latency 0) or at its
// fill time.
struct OrderResult {
  OrderId id = 0;
  bool filled = false;
  RejectReason reason = RejectReason::kNone;
  double price = 0;             // average fill price (rupees per unit)
  std::int32_t quantity = 0;    // units = lots x lot size
  std::int64_t quote_age_seconds = 0;
  domain::WallNanos time = 0;   // fill (or rejection) time
  bool resting = false;         // a limit order waiting for the book
  // With latency > 0 an order is decided now and tried at `time` (now +
  // latency): its outcome shows in the orders log and in open_legs() then.
  bool pending = false;
  std::int64_t structure_id = 0;
};

}  // namespace tapelab::engine
