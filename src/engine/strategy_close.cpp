// StrategyContext::close(): the engine's side of closing a leg until it is
// closed, so strategies need no retry logic of their own.
#include <algorithm>
#include <utility>

#include "engine/strategy_run.h"
#include "util/error.h"

namespace tapelab::engine {

StrategyRun::Closing StrategyRun::closing_of(const OpenLeg& leg, std::int32_t lots, ExitReason reason) {
  Closing closing;
  closing.key = leg.key;
  closing.structure_id = leg.structure_id;
  closing.side = opposite(leg.side);
  closing.lots = lots;
  closing.reason = reason;
  return closing;
}

OrderRequest StrategyRun::order_of(const Closing& closing) {
  OrderRequest order;
  order.key = closing.key;
  order.side = closing.side;
  order.lots = closing.lots;
  order.structure_id = closing.structure_id;
  order.exit_reason = closing.reason;
  return order;
}

void StrategyRun::close(const OpenLeg& leg, std::int32_t lots, ExitReason reason) {
  Closing closing = closing_of(leg, lots, reason);
  const std::int32_t open = open_lots(order_of(closing));
  if (lots <= 0 || lots > open) {
    fail("strategy {}: close of {} lots of structure {} but {} are open", info_.name, lots, leg.structure_id, open);
  }
  std::erase_if(closing_, [&](const Closing& c) {
    return c.key == closing.key && c.structure_id == closing.structure_id && c.side == closing.side;
  });
  if (!send_close(closing)) closing_.push_back(closing);
}

bool StrategyRun::send_close(Closing& closing) {
  OrderRequest order = order_of(closing);
  const std::int32_t open = open_lots(order);
  const auto memory = std::pair{closing.structure_id, closing.key};
  if (open == 0) {  // closed meanwhile by another order
    rejected_quotes_.erase(memory);
    return true;
  }
  order.lots = std::min(order.lots, open);
  const domain::WallNanos now = view_->now();
  const std::optional<OptionSnapshot> quote = view_->option(closing.key);
  const domain::WallNanos quote_time = quote ? quote->time : 0;
  const auto tried = rejected_quotes_.find(memory);
  closing.retry_from = now + domain::kNanosPerSecond;
  if (tried != rejected_quotes_.end()) {
    if (tried->second == quote_time) return false;  // the quote that rejected the last try, only older now
    rejected_quotes_.erase(tried);
  }
  const OrderResult result = submit(order);
  if (result.filled) return true;
  if (result.pending) {
    closing.in_flight = result.id;
    return false;
  }
  rejected_quotes_.emplace(memory, quote_time);
  return false;
}

void StrategyRun::close_order_done(OrderId id, bool filled) {
  const auto it = std::find_if(closing_.begin(), closing_.end(),
                               [id](const Closing& c) { return c.in_flight && *c.in_flight == id; });
  if (it == closing_.end()) return;  // not a close()'s order, or one a later close() replaced
  if (filled) {
    closing_.erase(it);
    return;
  }
  // Under latency every try meets a later quote: the next one goes a second after this one's fill time.
  it->in_flight.reset();
  it->retry_from = view_->now() + domain::kNanosPerSecond;
}

void StrategyRun::retry_closes() {
  for (std::size_t i = 0; i < closing_.size();) {
    Closing& closing = closing_[i];
    if (closing.in_flight || view_->now() < closing.retry_from || !send_close(closing)) {
      ++i;
    } else {
      closing_.erase(closing_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

}  // namespace tapelab::engine
