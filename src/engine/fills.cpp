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

// The visible levels an order on `side` takes, walked from the best out.
struct BookWalk {
  double notional = 0;
  std::int64_t remaining = 0;  // units the walked levels did not hold
  double worst_price = 0;      // the last level taken (0: none)
  bool stopped_by_limit = false;
};

BookWalk walk_levels(const OptionSnapshot& snapshot, Side side, std::int32_t quantity, std::optional<double> limit) {
  const auto& levels = side == Side::kSell ? snapshot.bids : snapshot.asks;
  BookWalk walk{0, quantity};
  for (const BookLevelView& level : levels) {
    if (walk.remaining == 0 || level.price <= 0) break;
    if (!within(level.price, side, limit)) {
      walk.stopped_by_limit = true;
      break;
    }
    const std::int64_t take = std::min<std::int64_t>(walk.remaining, std::max(level.qty, 0));
    walk.notional += level.price * static_cast<double>(take);
    walk.remaining -= take;
    walk.worst_price = level.price;
  }
  return walk;
}

// Why the book cannot price `side` at all (kNone: it can).
RejectReason book_refusal(const OptionSnapshot& snapshot, Side side, bool use_crossed_books) {
  if (!(side == Side::kSell ? snapshot.has_bid() : snapshot.has_ask())) return RejectReason::kNoQuote;
  if (snapshot.crossed() && !use_crossed_books) return RejectReason::kCrossedBook;
  return RejectReason::kNone;
}

FillQuote walk_book(const OptionSnapshot& snapshot, Side side, std::int32_t quantity, std::optional<double> limit,
                    bool use_crossed_books) {
  if (const RejectReason refusal = book_refusal(snapshot, side, use_crossed_books); refusal != RejectReason::kNone) {
    return {refusal};
  }
  const BookWalk walk = walk_levels(snapshot, side, quantity, limit);
  if (walk.remaining > 0) return {walk.stopped_by_limit ? RejectReason::kLimitNotCrossed : RejectReason::kNoDepth};
  return {RejectReason::kNone, walk.notional / quantity};
}

// The model's price against one snapshot, before any age check.
FillQuote price_at_model(const OptionSnapshot& snapshot, Side side, std::int32_t quantity,
                         const ExecutionConfig& execution, std::optional<double> limit) {
  if (execution.fill_model == FillModel::kBidAsk) {
    return walk_book(snapshot, side, quantity, limit, execution.use_crossed_books);
  }
  if (const std::optional<double> price =
          model_price(snapshot, side, execution.fill_model, execution.use_crossed_books)) {
    return within(*price, side, limit) ? FillQuote{RejectReason::kNone, *price}
                                       : FillQuote{RejectReason::kLimitNotCrossed};
  }
  const bool crossed = execution.fill_model == FillModel::kMid && snapshot.crossed() && !execution.use_crossed_books;
  return {crossed ? RejectReason::kCrossedBook : RejectReason::kNoQuote};
}

}  // namespace

std::optional<double> model_price(const OptionSnapshot& snapshot, Side side, FillModel model, bool use_crossed_books) {
  switch (model) {
    case FillModel::kBidAsk:
      if (book_refusal(snapshot, side, use_crossed_books) != RejectReason::kNone) return std::nullopt;
      return side == Side::kSell ? snapshot.bids[0].price : snapshot.asks[0].price;
    case FillModel::kLtp:
      if (snapshot.ltp > 0) return snapshot.ltp;
      return std::nullopt;
    case FillModel::kMid:
      if (snapshot.crossed() && !use_crossed_books) return std::nullopt;
      return snapshot.mid();
  }
  return std::nullopt;
}

std::optional<std::int64_t> price_age_seconds(const OptionSnapshot& snapshot, FillModel model) {
  if (model == FillModel::kLtp) return snapshot.trade_age_seconds;
  return snapshot.age_seconds;
}

FillQuote price_order(const std::optional<OptionSnapshot>& snapshot, Side side, std::int32_t quantity,
                      const ExecutionConfig& execution, std::optional<double> limit) {
  if (!snapshot) return {RejectReason::kNoQuote};
  const std::optional<std::int64_t> age = price_age_seconds(*snapshot, execution.fill_model);
  FillQuote quote;
  if (execution.fill_model == FillModel::kLtp && !(snapshot->ltp > 0)) {
    quote.reason = RejectReason::kNoQuote;  // never traded: no price, whatever its age
  } else if (!age || *age > execution.max_quote_age_seconds) {
    quote.reason = RejectReason::kStaleQuote;
  } else {
    quote = price_at_model(*snapshot, side, quantity, execution, limit);
  }
  quote.quote_age_seconds = age.value_or(snapshot->age_seconds);
  return quote;
}

FillQuote price_beyond_depth(const OptionSnapshot& snapshot, Side side, std::int32_t quantity,
                             const ExecutionConfig& execution) {
  FillQuote quote = price_at_model(snapshot, side, quantity, execution, std::nullopt);
  quote.quote_age_seconds = price_age_seconds(snapshot, execution.fill_model).value_or(snapshot.age_seconds);
  if (quote.reason != RejectReason::kNoDepth) return quote;
  const BookWalk walk = walk_levels(snapshot, side, quantity, std::nullopt);
  const double penalty = execution.depth_penalty_pct / 100 * (side == Side::kBuy ? 1 : -1);
  const double penalized = walk.worst_price * (1 + penalty);
  quote.reason = RejectReason::kNone;
  quote.price = (walk.notional + penalized * static_cast<double>(walk.remaining)) / quantity;
  quote.beyond_depth = true;
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
