#include "engine/strategy_run.h"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "engine/costs.h"
#include "engine/fills.h"
#include "engine/margin.h"
#include "market/loader.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::WallNanos;

NakedMarginRule margin_rule(const StrategyInfo& info, const std::string& underlying) {
  const std::optional<NakedMarginRule> rule = naked_margin_rule(info.capital, underlying);
  if (!rule) fail("strategy {}: no margin per lot configured for {}", info.name, underlying);
  return *rule;
}

}  // namespace

StrategyRun::StrategyRun(const StrategySpec& spec, const MarketView& view, const DayRegimes* regimes)
    : info_(spec.info),
      needs_(spec.needs),
      regime_filter_(spec.regime_filter),
      regimes_(regimes),
      strategy_(spec.make()),
      view_(&view),
      greeks_(view, spec.info.greeks) {
  if (!strategy_) fail("strategy {}: its factory made no strategy", info_.name);
  if (regime_filter_.on() && regimes_ == nullptr) {
    fail("strategy {}: entry_regimes needs the market truth's regimes (backtest --truth TRUTH)", info_.name);
  }
  margin_rule(info_, view_->underlying());  // fail before the day starts, not at the first short
}

WallNanos StrategyRun::square_off_time() const {
  return domain::wall_time(view_->date(), 0, 0, 0) +
         static_cast<WallNanos>(info_.execution.square_off_seconds) * domain::kNanosPerSecond;
}

bool StrategyRun::is_closing(const OrderRequest& order) const { return open_lots(order) > 0; }

std::int32_t StrategyRun::open_lots(const OrderRequest& order) const {
  if (order.structure_id == 0) return 0;
  std::int32_t lots = 0;
  for (const OpenLeg& leg : legs_) {
    if (leg.key == order.key && leg.structure_id == order.structure_id && leg.side == opposite(order.side)) {
      lots += leg.lots;
    }
  }
  return lots;
}

OrderRecord StrategyRun::order_record(const WorkingOrder& order, OrderStatus status, std::string reason) const {
  OrderRecord r;
  r.strategy = info_.name;
  r.date = view_->date();
  r.underlying = view_->underlying();
  r.time = view_->now();
  r.order_id = order.id;
  r.structure_id = order.request.structure_id;
  r.key = order.request.key;
  r.side = order.request.side;
  r.lots = order.request.lots;
  r.quantity = order.quantity;
  r.is_limit = order.request.limit_price.has_value();
  r.limit_price = order.request.limit_price.value_or(0);
  r.status = status;
  r.reason = std::move(reason);
  return r;
}

OrderResult StrategyRun::submit(const OrderRequest& request) {
  if (request.lots <= 0) fail("strategy {}: an order needs at least one lot, not {}", info_.name, request.lots);
  if (request.limit_price && !(*request.limit_price > 0)) {
    fail("strategy {}: limit price {} is not positive", info_.name, *request.limit_price);
  }
  WorkingOrder order{++next_order_id_, request};
  order.closing = is_closing(request);
  if (order.closing && request.lots > open_lots(request)) {
    fail("strategy {}: order closes {} lots of structure {} but {} are open", info_.name, request.lots,
         request.structure_id, open_lots(request));
  }
  if (!order.closing) {
    if (order.request.structure_id == 0) order.request.structure_id = next_structure_id_ + 1;
    next_structure_id_ = std::max(next_structure_id_, order.request.structure_id);
  }
  const WallNanos now = view_->now();
  OrderResult result;
  result.id = order.id;
  result.time = now;
  result.structure_id = order.request.structure_id;
  const auto reject = [&](RejectReason reason) {
    result.reason = reason;
    orders_.push_back(order_record(order, OrderStatus::kRejected, std::string(to_string(reason))));
    return result;
  };
  const std::int32_t lot = view_->lot_size(request.key);
  if (lot == 0) return reject(RejectReason::kUnknownContract);
  order.quantity = request.lots * lot;
  if (!order.closing && (squared_off_ || now >= square_off_time())) return reject(RejectReason::kAfterSquareOff);
  // Entries only: a filter that held back exits could keep a position open through the regime it fears.
  if (!order.closing && regime_filter_.on()) {
    if (std::optional<std::string> why = regime_filter_.blocks(*regimes_, now)) {
      result.reason = RejectReason::kRegimeFilter;
      orders_.push_back(order_record(order, OrderStatus::kRejected, std::move(*why)));
      return result;
    }
  }
  order.fill_from = now + info_.execution.latency_seconds * domain::kNanosPerSecond;
  if (order.fill_from == now && try_fill(order, result)) return result;
  if (order.fill_from > now) {
    result.pending = true;
    result.time = order.fill_from;
  }
  working_.push_back(std::move(order));
  return result;
}

bool StrategyRun::try_fill(WorkingOrder& order, OrderResult& result) {
  result.time = view_->now();
  if (order.closing) {
    // Under latency another order may have closed the leg in the meantime.
    const std::int32_t open = open_lots(order.request);
    if (open == 0) {
      orders_.push_back(order_record(order, OrderStatus::kCancelled, "no open leg left to close"));
      return true;
    }
    if (open < order.request.lots) {
      order.quantity = order.quantity / order.request.lots * open;
      order.request.lots = open;
    }
  }
  const FillQuote quote = price_order(view_->option(order.request.key), order.request.side, order.quantity,
                                      info_.execution, order.request.limit_price);
  result.quote_age_seconds = quote.quote_age_seconds;
  if (quote.reason == RejectReason::kNone) {
    if (order.closing) {
      fill_closing(order, ExitQuote{quote.price, quote.quote_age_seconds}, result);
    } else {
      fill_opening(order, quote.price, quote.quote_age_seconds, result);
    }
    return true;
  }
  result.reason = quote.reason;
  if (quote.reason == RejectReason::kCrossedBook) ++crossed_book_skips_;
  if (!order.request.limit_price) {
    OrderRecord r = order_record(order, OrderStatus::kRejected, std::string(to_string(quote.reason)));
    r.quote_age_seconds = quote.quote_age_seconds;
    orders_.push_back(std::move(r));
    return true;
  }
  // A limit order waits for the book, whatever kept it from filling now.
  result.resting = true;
  if (!order.resting_logged) {
    orders_.push_back(order_record(order, OrderStatus::kResting, std::string(to_string(quote.reason))));
    order.resting_logged = true;
  }
  return false;
}

void StrategyRun::fill_opening(const WorkingOrder& order, double price, std::int64_t quote_age,
                               OrderResult& result) {
  const double cost =
      order_costs(info_.execution.costs, view_->date(), order.request.side, price, order.quantity).total();
  legs_.push_back(OpenLeg{order.request.structure_id, order.request.key, order.request.side, order.request.lots,
                          order.quantity, price, view_->now()});
  leg_entry_costs_.push_back(cost);
  if (filled_structures_.insert(order.request.structure_id).second) {
    structure_entry_spot_[order.request.structure_id] = view_->spot_price().value_or(0);
  }
  record_fill(order, order.request.note, price, quote_age, cost, result);
}

void StrategyRun::record_fill(const WorkingOrder& order, std::string reason, double price, std::int64_t quote_age,
                              double cost, OrderResult& result) {
  OrderRecord r = order_record(order, OrderStatus::kFilled, std::move(reason));
  r.price = price;
  r.quote_age_seconds = quote_age;
  r.costs = cost;
  orders_.push_back(std::move(r));
  result.filled = true;
  result.price = price;
  result.quantity = order.quantity;
  filled_this_second_ = true;
}

TradeRecord StrategyRun::trade_record(const OpenLeg& leg, std::int32_t lots, const ExitQuote& exit, ExitReason reason,
                                      double costs) const {
  TradeRecord t;
  t.strategy = info_.name;
  t.structure_id = leg.structure_id;
  t.date = view_->date();
  t.underlying = view_->underlying();
  t.key = leg.key;
  t.side = leg.side;
  t.lots = lots;
  t.quantity = leg.quantity / leg.lots * lots;
  t.entry_time = leg.entry_time;
  t.exit_time = view_->now();
  t.entry_price = leg.entry_price;
  t.exit_price = exit.price;
  t.fill_model = info_.execution.fill_model;
  t.exit_reason = reason;
  t.exit_pricing = exit.pricing;
  t.beyond_depth = exit.beyond_depth;
  t.exit_quote_age_seconds = exit.age_seconds;
  t.gross_points = sign(leg.side) * (exit.price - leg.entry_price);
  t.gross_rupees = t.gross_points * t.quantity;
  t.costs = costs;
  t.net = t.gross_rupees - t.costs;
  return t;
}

void StrategyRun::fill_closing(const WorkingOrder& order, const ExitQuote& exit, OrderResult& result) {
  const ExitReason reason = order.request.exit_reason.value_or(ExitReason::kSignal);
  const double cost =
      order_costs(info_.execution.costs, view_->date(), order.request.side, exit.price, order.quantity).total();
  std::int32_t remaining = order.request.lots;
  for (std::size_t i = 0; i < legs_.size() && remaining > 0;) {
    OpenLeg& leg = legs_[i];
    if (leg.key != order.request.key || leg.structure_id != order.request.structure_id ||
        leg.side != opposite(order.request.side)) {
      ++i;
      continue;
    }
    const std::int32_t lots = std::min(remaining, leg.lots);
    const double entry_cost = leg_entry_costs_[i] * lots / leg.lots;
    TradeRecord t = trade_record(leg, lots, exit, reason, entry_cost + cost * lots / order.request.lots);
    remaining -= lots;
    leg.lots -= lots;
    leg.quantity -= t.quantity;
    leg_entry_costs_[i] -= entry_cost;
    trades_.push_back(std::move(t));
    if (leg.lots == 0) {
      legs_.erase(legs_.begin() + static_cast<std::ptrdiff_t>(i));
      leg_entry_costs_.erase(leg_entry_costs_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  std::string text(to_string(reason));
  if (exit.pricing != ExitPricing::kQuote) text += fmt::format("; {} ({} s)", to_string(exit.pricing), exit.age_seconds);
  if (exit.beyond_depth) text += fmt::format("; beyond the visible depth (+{:g}%)", info_.execution.depth_penalty_pct);
  record_fill(order, std::move(text), exit.price, exit.age_seconds, cost, result);
}

void StrategyRun::begin_second() {
  if (squared_off_) return;
  if (view_->now() >= square_off_time()) {
    square_off();
    return;
  }
  for (std::size_t i = 0; i < working_.size();) {
    OrderResult result;
    if (working_[i].fill_from <= view_->now() && try_fill(working_[i], result)) {
      close_order_done(working_[i].id, result.filled);
      working_.erase(working_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
  retry_closes();
}

void StrategyRun::square_off() {
  squared_off_ = true;
  for (const WorkingOrder& order : working_) orders_.push_back(order_record(order, OrderStatus::kExpired, "square-off"));
  working_.clear();
  closing_.clear();
  while (!legs_.empty()) {
    const OpenLeg leg = legs_.front();
    const WorkingOrder close = square_off_order(leg);
    OrderResult ignored;
    if (const auto exit = square_off_quote(leg, close.request.side, close.quantity)) {
      fill_closing(close, *exit, ignored);
      continue;
    }
    settling_.emplace_back(leg, leg_entry_costs_.front());
    legs_.erase(legs_.begin());
    leg_entry_costs_.erase(leg_entry_costs_.begin());
  }
}

StrategyRun::WorkingOrder StrategyRun::square_off_order(const OpenLeg& leg) {
  WorkingOrder close{++next_order_id_, OrderRequest{leg.key, opposite(leg.side), leg.lots, std::nullopt,
                                                    leg.structure_id, ExitReason::kEndOfDay, "square-off"}};
  close.quantity = leg.quantity;
  close.closing = true;
  return close;
}

// The fallbacks in order: the current quote; the last quote the fill model
// can price (units beyond its depth at the penalty) while it is fresh; a fresh
// last trade; settlement for an expiring leg with no quote after entry; that
// last quote when stale; and, for a leg whose closing side never showed, its
// most adverse visible price. Never the entry price (docs/strategy-guide.md#the-engines-rules-in-short, "Intraday").
std::optional<StrategyRun::ExitQuote> StrategyRun::square_off_quote(const OpenLeg& leg, Side side,
                                                                    std::int32_t quantity) {
  const ExecutionConfig& execution = info_.execution;
  const FillQuote now = price_order(view_->option(leg.key), side, quantity, execution);
  if (now.reason == RejectReason::kNone) return ExitQuote{now.price, now.quote_age_seconds};
  if (now.reason == RejectReason::kCrossedBook) ++crossed_book_skips_;
  const auto last = view_->last_usable(leg.key, [&](const OptionSnapshot& s) {
    return model_price(s, side, execution.fill_model, execution.use_crossed_books).has_value();
  });
  std::optional<ExitQuote> at_last;
  if (last) {
    const FillQuote q = price_beyond_depth(*last, side, quantity, execution);
    const std::optional<std::int64_t> age = price_age_seconds(*last, execution.fill_model);
    const bool fresh = age && *age <= execution.max_quote_age_seconds;
    if (fresh) return ExitQuote{q.price, q.quote_age_seconds, ExitPricing::kQuote, q.beyond_depth};
    const bool after_entry = last->time > leg.entry_time;
    at_last = ExitQuote{q.price, q.quote_age_seconds, after_entry ? ExitPricing::kStale : ExitPricing::kUnpriced,
                        q.beyond_depth};
  }
  if (const auto traded = fresh_trade(leg.key)) {
    return ExitQuote{traded->ltp, *traded->trade_age_seconds, ExitPricing::kLastTrade};
  }
  if (at_last && at_last->pricing == ExitPricing::kStale) return at_last;
  if (leg.key.expiry == view_->date()) return std::nullopt;
  if (at_last) return at_last;
  return never_quoted_exit(leg, side);
}

bool StrategyRun::reads_trades() const {
  // A run loads the trade columns when any strategy of the day needs them, and
  // one strategy's records must not depend on the others beside it.
  return ((execution_fields(info_.execution) | needs_.option_fields) & market::kTrade) != 0;
}

std::optional<OptionSnapshot> StrategyRun::fresh_trade(const OptionKey& key) const {
  if (!reads_trades()) return std::nullopt;
  const std::optional<OptionSnapshot> s = view_->option(key);
  if (!s || s->ltp <= 0 || !s->trade_age_seconds || *s->trade_age_seconds > info_.execution.max_quote_age_seconds) {
    return std::nullopt;
  }
  return s;
}

StrategyRun::ExitQuote StrategyRun::never_quoted_exit(const OpenLeg& leg, Side side) const {
  // Selling back: the lowest price the contract showed; buying back: the highest.
  std::optional<double> adverse;
  const auto consider = [&](double price) {
    if (price <= 0) return;
    if (!adverse || (side == Side::kSell ? price < *adverse : price > *adverse)) adverse = price;
  };
  view_->last_usable(leg.key, [&](const OptionSnapshot& s) {
    for (const BookLevelView& level : s.bids) consider(level.price);
    for (const BookLevelView& level : s.asks) consider(level.price);
    if (reads_trades()) consider(s.ltp);
    return false;  // visit every row
  });
  // The leg opened against a visible price, so one exists.
  if (!adverse) fail("strategy {}: leg {} has no visible price to close at", info_.name, leg.key.strike);
  const double penalty = info_.execution.depth_penalty_pct / 100 * (side == Side::kBuy ? 1 : -1);
  return ExitQuote{*adverse * (1 + penalty), (view_->now() - leg.entry_time) / domain::kNanosPerSecond,
                   ExitPricing::kUnpriced, true};
}

void StrategyRun::settle_expiring_legs() {
  const std::optional<SeriesValue> spot = view_->usable_spot();
  for (const auto& [leg, entry_costs] : settling_) {
    ExitQuote exit;
    if (spot) {
      const double strike = leg.key.strike;
      const double intrinsic = leg.key.type == domain::OptionType::kCall ? std::max(spot->price - strike, 0.0)
                                                                          : std::max(strike - spot->price, 0.0);
      exit = ExitQuote{intrinsic, spot->age_seconds, ExitPricing::kSettled};
    } else {
      exit = never_quoted_exit(leg, opposite(leg.side));  // no spot to settle against
    }
    const double costs =
        exit.pricing == ExitPricing::kSettled
            ? settlement_costs(info_.execution.costs, view_->date(), leg.side, exit.price, leg.quantity).total()
            : order_costs(info_.execution.costs, view_->date(), opposite(leg.side), exit.price, leg.quantity).total();
    trades_.push_back(trade_record(leg, leg.lots, exit, ExitReason::kEndOfDay, entry_costs + costs));
  }
  settling_.clear();
}

void StrategyRun::end_second() {
  if (record_intraday_ && view_->now() % (60 * domain::kNanosPerSecond) == 0) {
    intraday_.push_back(intraday_point());
  }
  if (!filled_this_second_) return;  // margin changes only with the legs
  filled_this_second_ = false;
  update_margin();
}

void StrategyRun::end_day() {
  if (!squared_off_) square_off();
  settle_expiring_legs();
  if (!record_intraday_) return;
  // The settlement books its trades after the clock's last second: the day's
  // last point shows them (it replaces the one taken at that second).
  if (!intraday_.empty() && intraday_.back().time == view_->now()) intraday_.pop_back();
  intraday_.push_back(intraday_point());
}

IntradayPoint StrategyRun::intraday_point() {
  IntradayPoint p;
  p.time = view_->now();
  for (const TradeRecord& t : trades_) p.realized += t.net;
  const auto add = [&](const OpenLeg& leg, double entry_costs) {
    bool crossed = false;
    const std::optional<double> now = mark_price(leg.key, info_.execution.mark_model, crossed);
    if (now) last_marks_[leg.key] = *now;
    const auto last = last_marks_.find(leg.key);
    const double mark = last != last_marks_.end() ? last->second : leg.entry_price;
    ++p.open_legs;
    if (!now) ++p.unmarked_legs;
    p.unrealized += sign(leg.side) * (mark - leg.entry_price) * leg.quantity - entry_costs;
  };
  for (std::size_t i = 0; i < legs_.size(); ++i) add(legs_[i], leg_entry_costs_[i]);
  for (const auto& [leg, entry_costs] : settling_) add(leg, entry_costs);
  return p;
}

void StrategyRun::update_margin() {
  std::map<std::int64_t, std::vector<OpenLeg>> structures;
  for (const OpenLeg& leg : legs_) structures[leg.structure_id].push_back(leg);
  const NakedMarginRule rule = margin_rule(info_, view_->underlying());
  double total = 0;
  for (const auto& [id, legs] : structures) total += structure_margin(legs, rule, structure_entry_spot_.at(id));
  peak_margin_ = std::max(peak_margin_, total);
}

void StrategyRun::cancel(OrderId id) {
  const auto it = std::find_if(working_.begin(), working_.end(), [id](const WorkingOrder& o) { return o.id == id; });
  if (it == working_.end()) return;  // filled, rejected or unknown: nothing waits
  orders_.push_back(order_record(*it, OrderStatus::kCancelled, "cancelled by the strategy"));
  working_.erase(it);
}

void StrategyRun::log(std::string_view message) {
  OrderRecord r;
  r.strategy = info_.name;
  r.date = view_->date();
  r.underlying = view_->underlying();
  r.time = view_->now();
  r.status = OrderStatus::kNote;
  r.reason = std::string(message);
  orders_.push_back(std::move(r));
}

std::optional<double> StrategyRun::mark(const OptionKey& key, MarkModel model) const {
  bool crossed = false;
  const std::optional<double> price = mark_price(key, model, crossed);
  if (crossed) ++crossed_book_skips_;
  return price;
}

std::optional<double> StrategyRun::mark_price(const OptionKey& key, MarkModel model, bool& crossed) const {
  const std::optional<OptionSnapshot> s = view_->option(key);
  const ExecutionConfig& execution = info_.execution;
  if (!s) return std::nullopt;
  if (model == MarkModel::kLtp) {
    // The trade's own age decides: a row can be fresh while its LTP is hours old.
    const bool fresh = s->trade_age_seconds && *s->trade_age_seconds <= execution.max_quote_age_seconds;
    return fresh && s->ltp > 0 ? std::optional(s->ltp) : std::nullopt;
  }
  if (s->age_seconds > execution.max_quote_age_seconds) return std::nullopt;
  if (s->crossed() && !execution.use_crossed_books) {
    crossed = true;
    return std::nullopt;
  }
  if (model == MarkModel::kMid) return s->mid();
  // Touch: what closing would cost, the ask for a short leg and the bid for a long one.
  const auto leg = std::find_if(legs_.begin(), legs_.end(), [&](const OpenLeg& l) { return l.key == key; });
  if (leg == legs_.end()) return std::nullopt;
  return model_price(*s, opposite(leg->side), FillModel::kBidAsk, execution.use_crossed_books);
}

void StrategyRun::take_records(RunRecords& out) {
  DayRecord day;
  day.strategy = info_.name;
  day.date = view_->date();
  day.underlying = view_->underlying();
  day.trades = static_cast<std::int32_t>(trades_.size());
  day.structures = static_cast<std::int32_t>(filled_structures_.size());
  for (const TradeRecord& t : trades_) {
    day.gross += t.gross_rupees;
    day.costs += t.costs;
    day.net += t.net;
  }
  day.margin = peak_margin_;
  day.crossed_book_skips = crossed_book_skips_;
  out.days.push_back(std::move(day));
  if (record_intraday_) {
    out.intraday.push_back(IntradayRecord{info_.name, view_->date(), view_->underlying(), std::move(intraday_)});
    intraday_.clear();
  }
  std::move(trades_.begin(), trades_.end(), std::back_inserter(out.trades));
  std::move(orders_.begin(), orders_.end(), std::back_inserter(out.orders));
  trades_.clear();
  orders_.clear();
}

}  // namespace tapelab::engine
