#include "strategies/reference_backtest.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <list>
#include <map>
#include <stdexcept>
#include <tuple>

#include "domain/date.h"
#include "strategies/reference_costs.h"
#include "strategies/reference_day.h"

namespace tapelab::strategies::testing {
namespace {

namespace fs = std::filesystem;
using namespace reference_day;  // the reference's own market: rows, as-of lookups, fills

constexpr int kOpen = 9 * 3600 + 15 * 60;
constexpr int kClose = 15 * 3600 + 30 * 60;
constexpr double kCostPerOrder = 5;
constexpr double kDepthPenalty = 0.01;  // units beyond the visible asks at square-off: 1% worse

struct Leg {
  const Contract* contract;
  int quantity;
  double entry_price;
  int entry_second;  // when it filled
  bool open = true;
  bool bought = false;  // a condor's wing; every other leg is sold
};

struct Structure {
  int number = 0;  // given when its first leg fills: structures without a fill leave no trade
  std::vector<Leg> legs;
  std::size_t planned_legs = 2;
  int entry_second = 0;    // when the entry was decided
  int settled_second = 0;  // when its opening orders have had their fill time
  bool checked = false;    // its legs counted once they could all have filled
  std::string closing;     // the exit reason once decided
  int next_close_try = 0;  // an exit in flight until then (latency)
};

// An order decided at one second that fills (or is rejected) against the
// snapshot visible `latency` seconds later (docs/engine-rules.md, "Stale
// quotes and latency").
struct PendingOrder {
  Structure* structure = nullptr;
  const Contract* contract = nullptr;
  bool closing = false;
  int fill_second = 0;
  std::optional<double> limit = std::nullopt;  // rests until the book crosses it (docs/engine-rules.md, "Limit orders")
  bool bought = false;                         // an opening buy (a condor's wing)
};

class Simulation {
 public:
  Simulation(const Day& day, const ReferenceStrategy& s, std::vector<ReferenceTrade>& out)
      : day_(day), s_(s), out_(out) {}

  void run() {
    for (int second = kOpen; second <= kClose; ++second) {
      const std::int64_t now = day_.midnight + std::int64_t{second} * kMicros;
      if (second >= s_.square_off) {
        pending_.clear();  // orders still on their way expire at the square-off
        for (Structure& structure : open_) square_off(structure, second, now);
        return settle();
      }
      if (s_.condor) sample_spot(second, now);
      fill_due(second, now);
      for (Structure& structure : open_) manage(structure, second, now);
      std::erase_if(open_, [&](const Structure& st) {
        return second >= st.settled_second &&
               std::none_of(st.legs.begin(), st.legs.end(), [](const Leg& l) { return l.open; }) &&
               std::none_of(pending_.begin(), pending_.end(), [&](const PendingOrder& o) { return o.structure == &st; });
      });
      if (!open_.empty()) continue;  // one structure at a time
      if (s_.condor) {
        if (!window_used_ && second >= s_.condor->window_from && second <= s_.condor->window_to) {
          enter_condor(second, now);
        }
        continue;
      }
      if (std::find(s_.entries.begin(), s_.entries.end(), second) == s_.entries.end()) continue;
      enter(second, now);
    }
    for (Structure& structure : open_) square_off(structure, kClose, day_.midnight + std::int64_t{kClose} * kMicros);
    settle();
  }

 private:
  std::optional<int> chosen_strike(int expiry, const std::string& type, std::int64_t now, double target) const {
    std::optional<int> best;
    double best_distance = 0;
    for (const auto& [key, contract] : day_.contracts) {  // ascending strike within (expiry, type)
      if (contract.expiry != expiry || contract.type != type) continue;
      if (contract.rows.empty() || contract.rows.front().time > now) continue;  // not listed yet
      const double distance = std::fabs(contract.strike - target);
      if (!best || distance < best_distance) {
        best = contract.strike;
        best_distance = distance;
      }
    }
    return best;
  }

  int nearest_expiry() const {
    int expiry = -1;
    for (const auto& [key, contract] : day_.contracts) {
      if (contract.expiry >= day_.today && (expiry < 0 || contract.expiry < expiry)) expiry = contract.expiry;
    }
    return expiry;
  }

  // The last spot value above 0 at or before `now` (0 is the recorder's "no value").
  std::optional<double> spot_at(std::int64_t now) const {
    auto it = std::upper_bound(day_.spot.begin(), day_.spot.end(), now,
                               [](std::int64_t t, const auto& p) { return t < p.first; });
    while (it != day_.spot.begin() && (it - 1)->second <= 0) --it;
    if (it == day_.spot.begin()) return std::nullopt;
    return (it - 1)->second;
  }

  // The straddle's or strangle's two contracts, chosen at `now`; nullopt
  // without an expiry, a usable spot or a listed strike.
  std::optional<std::pair<const Contract*, const Contract*>> chosen_legs(std::int64_t now) const {
    const int expiry = nearest_expiry();
    const auto spot_now = spot_at(now);
    if (expiry < 0 || !spot_now) return std::nullopt;
    const double spot = *spot_now;
    const double step = day_.underlying == "BANKNIFTY" ? 100 : 50;
    double call_target = std::round(spot / step) * step;
    double put_target = call_target;
    if (s_.strangle) {
      const double distance = spot * s_.otm_pct / 100;
      call_target = spot + distance;
      put_target = spot - distance;
    }
    const auto call_strike = chosen_strike(expiry, "CE", now, call_target);
    const auto put_strike = chosen_strike(expiry, "PE", now, put_target);
    if (!call_strike || !put_strike) return std::nullopt;
    return std::pair{&day_.contracts.at({expiry, "CE", *call_strike}), &day_.contracts.at({expiry, "PE", *put_strike})};
  }

  // With latency 0 the CE is sold first and the PE only if it filled; a PE
  // that does not fill sends the CE back at once (short_premium.h). Under
  // latency both orders go out together, and the structure is checked once
  // their fill time has passed.
  void enter(int second, std::int64_t now) {
    const auto legs = chosen_legs(now);
    if (!legs) return;
    if (s_.limit_over_bid) return send_limit_sell(second, now, *legs->first);
    Structure& structure = open_.emplace_back();
    structure.entry_second = second;
    structure.settled_second = second + s_.latency;
    const PendingOrder call{&structure, legs->first, false, second + s_.latency};
    const PendingOrder put{&structure, legs->second, false, second + s_.latency};
    if (s_.latency > 0) {
      pending_.push_back(call);
      pending_.push_back(put);
      return;
    }
    if (!execute(call, second, now)) {
      open_.pop_back();
      return;
    }
    if (!execute(put, second, now)) {
      structure.checked = true;
      close_all(structure, second, now, "no-quote");
    }
  }

  // T4's entry: the wings first, so the structure is never naked on the way
  // in. A first leg that does not fill leaves the window open for the next
  // second; a later one closes the legs that filled, and the day's window is used.
  void enter_condor(int second, std::int64_t now) {
    const auto legs = condor_legs(now);
    if (!legs) return;
    Structure& structure = open_.emplace_back();
    structure.entry_second = second;
    structure.settled_second = second;
    structure.planned_legs = legs->size();
    for (std::size_t i = 0; i < legs->size(); ++i) {
      const auto [contract, bought] = (*legs)[i];
      if (execute(PendingOrder{&structure, contract, false, second, std::nullopt, bought}, second, now)) continue;
      if (i == 0) {
        open_.pop_back();
        return;
      }
      structure.checked = true;
      close_all(structure, second, now, "no-quote");
      break;
    }
    window_used_ = true;
  }

  // The condor's legs in the order they are sent (CE wing, PE wing, CE, PE)
  // with whether each is bought; nullopt without a spot, listed strikes,
  // wings beyond the short strikes, or a calm spot.
  std::optional<std::array<std::pair<const Contract*, bool>, 4>> condor_legs(std::int64_t now) const {
    const ReferenceStrategy::Condor& c = *s_.condor;
    const int expiry = nearest_expiry();
    const auto spot = spot_at(now);
    if (expiry < 0 || !spot || !calm()) return std::nullopt;
    const double distance = *spot * c.otm_pct / 100;
    const auto call = chosen_strike(expiry, "CE", now, *spot + distance);
    const auto put = chosen_strike(expiry, "PE", now, *spot - distance);
    if (!call || !put) return std::nullopt;
    const auto call_wing = chosen_strike(expiry, "CE", now, *call + c.wing_points);
    const auto put_wing = chosen_strike(expiry, "PE", now, *put - c.wing_points);
    if (!call_wing || !put_wing || *call_wing <= *call || *put_wing >= *put) return std::nullopt;
    const auto at = [&](const char* type, int strike) { return &day_.contracts.at({expiry, type, strike}); };
    return std::array<std::pair<const Contract*, bool>, 4>{{{at("CE", *call_wing), true},
                                                             {at("PE", *put_wing), true},
                                                             {at("CE", *call), false},
                                                             {at("PE", *put), false}}};
  }

  // One spot sample a second, as-of, from the open: what the calm filters read.
  void sample_spot(int second, std::int64_t now) {
    const auto spot = spot_at(now);
    if (!spot) return;
    spot_seconds_.emplace_back(second, *spot);
    day_high_ = std::max(day_high_.value_or(*spot), *spot);
    day_low_ = std::min(day_low_.value_or(*spot), *spot);
  }

  // Spot's high - low over the samples from `first_second` on, counted afresh.
  double spot_range_since(int first_second) const {
    double high = spot_seconds_.back().second;
    double low = high;
    for (auto it = spot_seconds_.rbegin(); it != spot_seconds_.rend() && it->first >= first_second; ++it) {
      high = std::max(high, it->second);
      low = std::min(low, it->second);
    }
    return high - low;
  }

  // Both calm filters, in percent of the latest spot: the range since the
  // open, and the range over the last range_seconds once that many have passed.
  bool calm() const {
    const ReferenceStrategy::Condor& c = *s_.condor;
    if (spot_seconds_.empty()) return false;
    const double spot = spot_seconds_.back().second;
    const int first = spot_seconds_.back().first - c.range_seconds + 1;
    if (!((*day_high_ - *day_low_) / spot * 100 < c.max_day_range_pct)) return false;
    return spot_seconds_.front().first <= first && spot_range_since(first) / spot * 100 < c.max_range_pct;
  }

  // The limit sell is priced off the bid visible at the decision; with
  // latency 0 it is tried at once, then every second until it fills.
  void send_limit_sell(int second, std::int64_t now, const Contract& call) {
    const Row* row = as_of(call, now);
    if (!row || row->bid[0] <= 0) return;
    Structure& structure = open_.emplace_back();
    structure.entry_second = second;
    structure.settled_second = second + s_.latency;
    const PendingOrder order{&structure, &call, false, second + s_.latency, row->bid[0] * (1 + *s_.limit_over_bid)};
    if (s_.latency == 0 && execute(order, second, now)) return;
    pending_.push_back(order);
  }

  // Orders at or past their fill time; a market order is filled or rejected
  // there, a limit order stays until it fills.
  void fill_due(int second, std::int64_t now) {
    std::erase_if(pending_, [&](const PendingOrder& order) {
      return order.fill_second <= second && (execute(order, second, now) || !order.limit);
    });
  }

  // An order at its fill time: filled against the snapshot at `now`, or rejected.
  bool execute(const PendingOrder& order, int second, std::int64_t now) {
    Structure& structure = *order.structure;
    const int lot_quantity = s_.lots * order.contract->lot;
    if (!order.closing) {
      const auto price = fill(*order.contract, now, order.bought, lot_quantity, s_.max_quote_age, order.limit);
      if (!price) return false;
      if (structure.number == 0) structure.number = ++numbered_;
      structure.legs.push_back(Leg{order.contract, lot_quantity, *price, second, true, order.bought});
      return true;
    }
    for (Leg& leg : structure.legs) {
      if (!leg.open || leg.contract != order.contract) continue;
      const auto price = fill(*leg.contract, now, !leg.bought, leg.quantity, s_.max_quote_age);
      if (!price) return false;
      record(structure, leg, second, *price, structure.closing, Exit{});
      return true;
    }
    return false;
  }

  void manage(Structure& structure, int second, std::int64_t now) {
    if (s_.limit_over_bid) return;  // the scripted limit seller has no exit rules
    if (second < structure.settled_second) return;  // opening orders still on their way
    if (std::none_of(structure.legs.begin(), structure.legs.end(), [](const Leg& l) { return l.open; })) return;
    if (!structure.closing.empty()) {
      if (second >= structure.next_close_try) close_all(structure, second, now, structure.closing);
      return;
    }
    if (!structure.checked) {
      structure.checked = true;
      if (structure.legs.size() < structure.planned_legs) return close_all(structure, second, now, "no-quote");
    }
    double credit = 0;
    double cost = 0;
    bool marked = true;
    for (const Leg& leg : structure.legs) {
      const auto mark = mid_mark(*leg.contract, now, s_.max_quote_age);
      if (!mark) marked = false;
      // A wing's price counts against the credit, as docs/strategy-guide.md's "credit" nets it.
      credit += leg.bought ? -leg.entry_price : leg.entry_price;
      cost += leg.bought ? -mark.value_or(0) : mark.value_or(0);
    }
    std::string reason;
    if (marked && credit > 0 && (s_.target || s_.stop)) {
      if (s_.stop && cost - credit >= *s_.stop * credit) {
        reason = "stop";
      } else if (s_.target && credit - cost >= *s_.target * credit) {
        reason = "target";
      }
    }
    if (reason.empty() && s_.max_hold_seconds && second - structure.entry_second >= *s_.max_hold_seconds) {
      reason = "time";
    }
    if (reason.empty() && s_.condor && second >= s_.condor->exit_time) reason = "time";
    if (!reason.empty()) close_all(structure, second, now, reason);
  }

  // Buys back every open leg; an exit that does not fill is tried again a
  // second after its fill time (every second with latency 0, where an
  // unchanged quote rejects again).
  void close_all(Structure& structure, int second, std::int64_t now, const std::string& reason) {
    structure.closing = reason;
    structure.next_close_try = second + s_.latency + 1;
    for (const Leg& leg : structure.legs) {
      if (!leg.open) continue;
      const PendingOrder order{&structure, leg.contract, true, second + s_.latency};
      if (s_.latency == 0) {
        execute(order, second, now);
      } else {
        pending_.push_back(order);
      }
    }
  }

  // Square-off, in the order of the strategy guide's rules: a fresh fill; the
  // last quote with the closing side (asks for a sold leg, bids for a bought
  // one) that is not crossed, its levels walked and units beyond them 1%
  // worse, as `quote` while fresh, `stale` if it printed after the entry;
  // settlement for a leg expiring today; `unpriced` at that quote, or at the
  // most adverse price the contract showed, 1% worse. These strategies do
  // not read the trade columns, so no LTP is ever used.
  void square_off(Structure& structure, int second, std::int64_t now) {
    for (Leg& leg : structure.legs) {
      if (!leg.open) continue;
      const bool buy = !leg.bought;
      if (const auto price = fill(*leg.contract, now, buy, leg.quantity, s_.max_quote_age)) {
        record(structure, leg, second, *price, "end-of-day", Exit{});
        continue;
      }
      const Row* last = nullptr;
      for (const Row& row : leg.contract->rows) {
        if (row.time <= now && (buy ? row.ask[0] : row.bid[0]) > 0 && !crossed(row)) last = &row;
      }
      const std::int64_t entry = day_.midnight + std::int64_t{leg.entry_second} * kMicros;
      if (last && (age(now, *last) <= s_.max_quote_age || last->time > entry)) {
        const std::string pricing = age(now, *last) <= s_.max_quote_age ? "quote" : "stale";
        record(structure, leg, second, walked_with_penalty(*last, buy, leg.quantity), "end-of-day",
               Exit{pricing, age(now, *last), take_levels(*last, buy, leg.quantity).second > 0});
      } else if (leg.contract->expiry == day_.today) {
        settling_.emplace_back(structure.number, leg);
        leg.open = false;
      } else if (last) {
        record(structure, leg, second, walked_with_penalty(*last, buy, leg.quantity), "end-of-day",
               Exit{"unpriced", age(now, *last), take_levels(*last, buy, leg.quantity).second > 0});
      } else {
        record(structure, leg, second, adverse_price(*leg.contract, now, buy), "end-of-day",
               Exit{"unpriced", (now - entry) / kMicros, true});
      }
    }
  }

  static double penalized(double price, bool buy) { return price * (buy ? 1 + kDepthPenalty : 1 - kDepthPenalty); }

  static double walked_with_penalty(const Row& row, bool buy, int quantity) {
    const auto [paid, left] = take_levels(row, buy, quantity);
    const double* price = buy ? row.ask : row.bid;
    double worst = 0;
    for (int level = 0; level < 5 && price[level] > 0; ++level) worst = price[level];
    return (paid + penalized(worst, buy) * static_cast<double>(left)) / quantity;
  }

  // The highest (buying back) or lowest (selling back) price the contract
  // showed up to `now`, made worse by the depth penalty.
  static double adverse_price(const Contract& contract, std::int64_t now, bool buy) {
    std::optional<double> adverse;
    for (const Row& row : contract.rows) {
      if (row.time > now) break;
      for (const double price : {row.bid[0], row.bid[1], row.bid[2], row.bid[3], row.bid[4], row.ask[0], row.ask[1],
                                 row.ask[2], row.ask[3], row.ask[4]}) {
        if (price > 0 && (!adverse || (buy ? price > *adverse : price < *adverse))) adverse = price;
      }
    }
    return penalized(adverse.value_or(0), buy);
  }

  // Legs expiring today without a quote after entry, settled at the close
  // at intrinsic value against the day's last spot; no exit order is charged.
  void settle() {
    const std::int64_t close = day_.midnight + std::int64_t{kClose} * kMicros;
    const auto spot_it = std::upper_bound(day_.spot.begin(), day_.spot.end(), close,
                                          [](std::int64_t t, const auto& p) { return t < p.first; });
    for (auto& [number, leg] : settling_) {
      Structure structure;
      structure.number = number;
      if (spot_it == day_.spot.begin() || (spot_it - 1)->second <= 0) {
        record(structure, leg, kClose, adverse_price(*leg.contract, close, !leg.bought), "end-of-day",
               Exit{"unpriced", kClose - leg.entry_second, true});
        continue;
      }
      const double spot = (spot_it - 1)->second;
      const double intrinsic = leg.contract->type == "CE" ? std::max(spot - leg.contract->strike, 0.0)
                                                          : std::max(leg.contract->strike - spot, 0.0);
      record(structure, leg, kClose, intrinsic, "end-of-day",
             Exit{"settled", (close - (spot_it - 1)->first) / kMicros, false});
    }
    settling_.clear();
  }

  // How an exit was priced, as trades.csv says it.
  struct Exit {
    std::string pricing = "quote";
    std::int64_t age = 0;
    bool beyond_depth = false;
  };

  void record(const Structure& structure, Leg& leg, int second, double exit_price, const std::string& reason,
              const Exit& exit) {
    leg.open = false;
    ReferenceTrade t;
    t.strategy = s_.name;
    t.date = day_.date;
    t.underlying = day_.underlying;
    t.structure = structure.number;
    t.expiry = domain::Date::from_days(leg.contract->expiry).to_string();
    t.type = leg.contract->type;
    t.strike = leg.contract->strike;
    t.side = leg.bought ? "buy" : "sell";
    t.quantity = leg.quantity;
    t.entry_second = leg.entry_second;
    t.exit_second = second;
    t.entry_price = leg.entry_price;
    t.exit_price = exit_price;
    t.reason = reason;
    t.pricing = exit.pricing;
    t.beyond_depth = exit.beyond_depth;
    // A short leg gains when the price falls, a long one when it rises.
    t.gross = (leg.bought ? exit_price - leg.entry_price : leg.entry_price - exit_price) * t.quantity;
    // A leg settled at expiry sends no exit order, and its writer pays no STT
    // on exercise (the reference runs no bought leg under statutory costs).
    const bool exit_order = exit.pricing != "settled";
    t.costs = s_.statutory_costs
                  ? reference_statutory_cost(t.date, !leg.bought, t.entry_price * t.quantity) +
                        (exit_order ? reference_statutory_cost(t.date, leg.bought, t.exit_price * t.quantity) : 0)
                  : kCostPerOrder * (exit_order ? 2 : 1);
    t.net = t.gross - t.costs;
    out_.push_back(t);
  }

  const Day& day_;
  const ReferenceStrategy& s_;
  std::vector<ReferenceTrade>& out_;
  std::list<Structure> open_;  // a list: pending orders point at their structure
  std::vector<PendingOrder> pending_;
  int numbered_ = 0;
  bool window_used_ = false;                        // a condor enters once a day
  std::vector<std::pair<int, double>> spot_seconds_;  // (second, spot): the condor's calm filters
  std::optional<double> day_high_;
  std::optional<double> day_low_;
  std::vector<std::pair<int, Leg>> settling_;  // (structure number, leg)
};

}  // namespace

std::vector<ReferenceTrade> reference_backtest(const ReferenceRowSource& source, const ReferenceStrategy& strategy) {
  if (strategy.condor && (strategy.latency != 0 || strategy.statutory_costs)) {
    throw std::invalid_argument("the reference's condor trades at latency 0 with flat costs only");
  }
  std::vector<ReferenceTrade> trades;
  for (const auto& [date, underlying] : source.days()) {
    const Day day = read_day(source, date, underlying);
    Simulation(day, strategy, trades).run();
  }
  return trades;
}

std::vector<ReferenceTrade> reference_backtest(const fs::path& dataset, const ReferenceStrategy& strategy) {
  return reference_backtest(ParquetRowSource(dataset), strategy);
}

}  // namespace tapelab::strategies::testing
