#include "engine/fills.h"

#include <algorithm>

#include "market/loader.h"

namespace tapelab::engine {
namespace {

// Whether `price` is at or better than the limit for `side`.
bool within(double price, Side side, std::optional<double> limit) {
  if (!limit) return true;
  return side == Side::kBuy ? price <= *limit : price >= *limit;
}

FillQuote walk_book(const OptionSnapshot& snapshot, Side side, std::int32_t quantity, std::optional<double> limit) {
  const auto& levels = side == Side::kSell ? snapshot.bids : snapshot.asks;
  if (levels[0].price <= 0) return {RejectReason::kNoQuote};
  std::int64_t remaining = quantity;
  double notional = 0;
  bool stopped_by_limit = false;
  for (const BookLevelView& level : levels) {
    if (remaining == 0 || level.price <= 0) break;
    if (!within(level.price, side, limit)) {
      stopped_by_limit = true;
      break;
    }
    const std::int64_t take = std::min<std::int64_t>(remaining, std::max(level.qty, 0));
    notional += level.price * static_cast<double>(take);
    remaining -= take;
  }
  if (remaining > 0) return {stopped_by_limit ? RejectReason::kLimitNotCrossed : RejectReason::kNoDepth};
  return {RejectReason::kNone, notional / quantity};
}

}  // namespace

std::optional<double> model_price(const OptionSnapshot& snapshot, Side side, FillModel model) {
  switch (model) {
    case FillModel::kBidAsk: {
      const double touch = side == Side::kSell ? snapshot.bids[0].price : snapshot.asks[0].price;
      if (touch > 0) return touch;
      return std::nullopt;
    }
    case FillModel::kLtp:
      if (snapshot.ltp > 0) return snapshot.ltp;
      return std::nullopt;
    case FillModel::kMid: return snapshot.mid();
  }
  return std::nullopt;
}

FillQuote price_order(const std::optional<OptionSnapshot>& snapshot, Side side, std::int32_t quantity,
                      const ExecutionConfig& execution, std::optional<double> limit) {
  if (!snapshot) return {RejectReason::kNoQuote};
  FillQuote quote;
  if (snapshot->age_seconds > execution.max_quote_age_seconds) {
    quote.reason = RejectReason::kStaleQuote;
  } else if (execution.fill_model == FillModel::kBidAsk) {
    quote = walk_book(*snapshot, side, quantity, limit);
  } else if (const std::optional<double> price = model_price(*snapshot, side, execution.fill_model)) {
    quote = within(*price, side, limit) ? FillQuote{RejectReason::kNone, *price}
                                        : FillQuote{RejectReason::kLimitNotCrossed};
  } else {
    quote.reason = RejectReason::kNoQuote;
  }
  quote.quote_age_seconds = snapshot->age_seconds;
  return quote;
}

unsigned execution_fields(const ExecutionConfig& execution) {
  unsigned fields = 0;
  switch (execution.fill_model) {
    case FillModel::kBidAsk: fields |= market::kTopOfBook | market::kFullBook; break;
    case FillModel::kLtp: fields |= market::kTrade; break;
    case FillModel::kMid: fields |= market::kTopOfBook; break;
  }
  fields |= execution.mark_model == MarkModel::kLtp ? market::kTrade : market::kTopOfBook;
  return fields;
}

}  // namespace tapelab::engine
