#include "engine/strategy_run.h"

#include <algorithm>
#include <map>
#include <utility>

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

StrategyRun::StrategyRun(const StrategyInfo& info, std::unique_ptr<Strategy> strategy, const MarketView& view)
    : info_(info), strategy_(std::move(strategy)), view_(&view), greeks_(view, info.greeks) {
  if (!strategy_) fail("strategy {}: its factory made no strategy", info_.name);
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

OrderRecord StrategyRun::order_record(const WorkingOrder& order, std::string status, std::string reason) const {
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
  r.status = std::move(status);
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
    orders_.push_back(order_record(order, "rejected", std::string(to_string(reason))));
    return result;
  };
  const std::int32_t lot = view_->lot_size(request.key);
  if (lot == 0) return reject(RejectReason::kUnknownContract);
  order.quantity = request.lots * lot;
  if (!order.closing && (squared_off_ || now >= square_off_time())) return reject(RejectReason::kAfterSquareOff);
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
      orders_.push_back(order_record(order, "cancelled", "no open leg left to close"));
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
      fill_closing(order, quote.price, quote.quote_age_seconds, false, result);
    } else {
      fill_opening(order, quote.price, quote.quote_age_seconds, result);
    }
    return true;
  }
  result.reason = quote.reason;
  if (!order.request.limit_price) {
    OrderRecord r = order_record(order, "rejected", std::string(to_string(quote.reason)));
    r.quote_age_seconds = quote.quote_age_seconds;
    orders_.push_back(std::move(r));
    return true;
  }
  // A limit order waits for the book, whatever kept it from filling now.
  result.resting = true;
  if (!order.resting_logged) {
    orders_.push_back(order_record(order, "resting", std::string(to_string(quote.reason))));
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
    const std::optional<SeriesValue> spot = view_->spot();
    structure_entry_spot_[order.request.structure_id] = spot ? spot->price : 0;
  }
  record_fill(order, order.request.note, price, quote_age, cost, result);
}

void StrategyRun::record_fill(const WorkingOrder& order, std::string reason, double price, std::int64_t quote_age,
                              double cost, OrderResult& result) {
  OrderRecord r = order_record(order, "filled", std::move(reason));
  r.price = price;
  r.quote_age_seconds = quote_age;
  r.costs = cost;
  orders_.push_back(std::move(r));
  result.filled = true;
  result.price = price;
  result.quantity = order.quantity;
  filled_this_second_ = true;
}

void StrategyRun::fill_closing(const WorkingOrder& order, double price, std::int64_t quote_age, bool stale,
                               OrderResult& result) {
  const ExitReason reason = order.request.exit_reason.value_or(ExitReason::kSignal);
  const double cost =
      order_costs(info_.execution.costs, view_->date(), order.request.side, price, order.quantity).total();
  std::int32_t remaining = order.request.lots;
  for (std::size_t i = 0; i < legs_.size() && remaining > 0;) {
    OpenLeg& leg = legs_[i];
    if (leg.key != order.request.key || leg.structure_id != order.request.structure_id ||
        leg.side != opposite(order.request.side)) {
      ++i;
      continue;
    }
    const std::int32_t lots = std::min(remaining, leg.lots);
    const std::int32_t quantity = leg.quantity / leg.lots * lots;
    const double entry_cost = leg_entry_costs_[i] * lots / leg.lots;
    TradeRecord t;
    t.strategy = info_.name;
    t.structure_id = leg.structure_id;
    t.date = view_->date();
    t.underlying = view_->underlying();
    t.key = leg.key;
    t.side = leg.side;
    t.lots = lots;
    t.quantity = quantity;
    t.entry_time = leg.entry_time;
    t.exit_time = view_->now();
    t.entry_price = leg.entry_price;
    t.exit_price = price;
    t.fill_model = info_.execution.fill_model;
    t.exit_reason = reason;
    t.stale_exit = stale;
    t.exit_quote_age_seconds = quote_age;
    t.gross_points = sign(leg.side) * (price - leg.entry_price);
    t.gross_rupees = t.gross_points * quantity;
    t.costs = entry_cost + cost * lots / order.request.lots;
    t.net = t.gross_rupees - t.costs;
    trades_.push_back(std::move(t));
    remaining -= lots;
    leg.lots -= lots;
    leg.quantity -= quantity;
    leg_entry_costs_[i] -= entry_cost;
    if (leg.lots == 0) {
      legs_.erase(legs_.begin() + static_cast<std::ptrdiff_t>(i));
      leg_entry_costs_.erase(leg_entry_costs_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  std::string text(to_string(reason));
  if (stale) text += "; stale quote";
  record_fill(order, std::move(text), price, quote_age, cost, result);
}

void StrategyRun::begin_second() {
  if (squared_off_) return;
  if (view_->now() >= square_off_time()) {
    square_off();
    return;
  }
  for (std::size_t i = 0; i < working_.size();) {
    OrderResult ignored;
    if (working_[i].fill_from <= view_->now() && try_fill(working_[i], ignored)) {
      working_.erase(working_.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }
}

void StrategyRun::square_off() {
  squared_off_ = true;
  for (const WorkingOrder& order : working_) orders_.push_back(order_record(order, "expired", "square-off"));
  working_.clear();
  while (!legs_.empty()) {
    const OpenLeg leg = legs_.front();
    WorkingOrder close{++next_order_id_, OrderRequest{leg.key, opposite(leg.side), leg.lots, std::nullopt,
                                                      leg.structure_id, ExitReason::kEndOfDay, "square-off"}};
    close.quantity = leg.quantity;
    close.closing = true;
    OrderResult ignored;
    const FillQuote quote = price_order(view_->option(leg.key), close.request.side, close.quantity, info_.execution);
    if (quote.reason == RejectReason::kNone) {
      fill_closing(close, quote.price, quote.quote_age_seconds, false, ignored);
      continue;
    }
    // No usable quote now: close at the last visible one, flagged stale
    // (decisions.md): the last price the fill model had for this side, else
    // the last LTP, and the entry price only for a contract that never
    // showed either.
    const Side side = close.request.side;
    const FillModel model = info_.execution.fill_model;
    // The last LTP only where the strategy's own columns hold it: a run
    // loads the trade columns when any strategy of the day needs them, and
    // one strategy's records must not depend on the others beside it.
    const bool reads_ltp = ((execution_fields(info_.execution) | strategy_->needed_fields()) & market::kTrade) != 0;
    if (const auto last = view_->last_usable(
            leg.key, [&](const OptionSnapshot& s) { return model_price(s, side, model).has_value(); })) {
      fill_closing(close, *model_price(*last, side, model), last->age_seconds, true, ignored);
    } else if (const auto traded = view_->last_usable(leg.key,
                                                      [&](const OptionSnapshot& s) { return reads_ltp && s.ltp > 0; })) {
      fill_closing(close, traded->ltp, traded->age_seconds, true, ignored);
    } else {
      fill_closing(close, leg.entry_price, (view_->now() - leg.entry_time) / domain::kNanosPerSecond, true, ignored);
    }
  }
}

void StrategyRun::end_second() {
  if (!filled_this_second_) return;  // margin changes only with the legs
  filled_this_second_ = false;
  update_margin();
}

void StrategyRun::end_day() {
  if (!squared_off_) square_off();
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
  orders_.push_back(order_record(*it, "cancelled", "cancelled by the strategy"));
  working_.erase(it);
}

void StrategyRun::log(std::string_view message) {
  OrderRecord r;
  r.strategy = info_.name;
  r.date = view_->date();
  r.underlying = view_->underlying();
  r.time = view_->now();
  r.status = "note";
  r.reason = std::string(message);
  orders_.push_back(std::move(r));
}

std::optional<double> StrategyRun::mark(const OptionKey& key, MarkModel model) const {
  const std::optional<OptionSnapshot> s = view_->option(key);
  if (!s || s->age_seconds > info_.execution.max_quote_age_seconds) return std::nullopt;
  switch (model) {
    case MarkModel::kMid: return s->mid();
    case MarkModel::kLtp: return s->ltp > 0 ? std::optional(s->ltp) : std::nullopt;
    case MarkModel::kTouch: {
      // What closing would cost: the ask for a short leg, the bid for a long one.
      const auto leg = std::find_if(legs_.begin(), legs_.end(), [&](const OpenLeg& l) { return l.key == key; });
      if (leg == legs_.end()) return std::nullopt;
      return model_price(*s, opposite(leg->side), FillModel::kBidAsk);
    }
  }
  return std::nullopt;
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
  out.days.push_back(std::move(day));
  std::move(trades_.begin(), trades_.end(), std::back_inserter(out.trades));
  std::move(orders_.begin(), orders_.end(), std::back_inserter(out.orders));
  trades_.clear();
  orders_.clear();
}

}  // namespace tapelab::engine
