#include "strategies/reference_backtest.h"

#include <algorithm>
#include <cmath>
#include <list>
#include <map>
#include <stdexcept>
#include <tuple>

#include "domain/date.h"
#include "parquet/reader.h"
#include "strategies/reference_costs.h"

namespace tapelab::strategies::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kMicros = 1'000'000;
constexpr int kOpen = 9 * 3600 + 15 * 60;
constexpr int kClose = 15 * 3600 + 30 * 60;
constexpr double kCostPerOrder = 5;
constexpr double kDepthPenalty = 0.01;  // units beyond the visible asks at square-off: 1% worse

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

double number(const parquet::ColumnData& c, std::size_t row) {
  if (!c.is_valid(row)) return 0;
  if (!c.f64.empty()) return c.f64[row];
  if (!c.i32.empty()) return c.i32[row];
  return static_cast<double>(c.i64[row]);
}

std::int64_t integer(const parquet::ColumnData& c, std::size_t row) {
  if (!c.is_valid(row)) return 0;
  return c.i32.empty() ? c.i64[row] : c.i32[row];
}

std::vector<std::string> columns_read(const std::vector<std::string>& fixed) {
  std::vector<std::string> names = fixed;
  for (int level = 0; level < 5; ++level) {
    for (const char* prefix : {"bp", "bq", "sp", "sq"}) names.push_back(prefix + std::to_string(level));
  }
  return names;
}

Day read_day(const fs::path& dataset, const std::string& date, const std::string& underlying) {
  Day day;
  day.date = date;
  day.underlying = underlying;
  const auto parsed = domain::Date::parse(date);
  if (!parsed) throw std::runtime_error("bad partition date " + date);
  day.today = parsed->days();
  day.midnight = std::int64_t{day.today} * 86'400 * kMicros;
  const std::string partition = "date=" + date + "/underlying=" + underlying + "/part-0.parquet";

  const std::vector<std::string> names =
      columns_read({"timestamp", "expiry", "opt_type", "strike", "lot_size", "price"});
  parquet::ReadOptions options;
  options.columns = names;
  for (const parquet::Batch& batch : parquet::FileReader(dataset / "options" / partition).read(options)) {
    const auto& c = batch.columns;
    for (std::size_t r = 0; r < batch.num_rows(); ++r) {
      const int expiry = static_cast<int>(integer(c[1], r));
      const std::string type(c[2].string_at(r));
      const int strike = static_cast<int>(integer(c[3], r));
      Contract& contract = day.contracts[{expiry, type, strike}];
      contract.expiry = expiry;
      contract.type = type;
      contract.strike = strike;
      contract.lot = static_cast<int>(integer(c[4], r));
      Row row;
      row.time = integer(c[0], r);
      row.ltp = number(c[5], r);
      for (std::size_t level = 0; level < 5; ++level) {
        row.bid[level] = number(c[6 + level * 4], r);
        row.bid_qty[level] = integer(c[7 + level * 4], r);
        row.ask[level] = number(c[8 + level * 4], r);
        row.ask_qty[level] = integer(c[9 + level * 4], r);
      }
      contract.rows.push_back(row);
    }
  }
  for (auto& [key, contract] : day.contracts) {
    std::sort(contract.rows.begin(), contract.rows.end(), [](const Row& a, const Row& b) { return a.time < b.time; });
  }
  parquet::ReadOptions spot_options;
  spot_options.columns = {"timestamp", "price"};
  for (const parquet::Batch& batch : parquet::FileReader(dataset / "spot" / partition).read(spot_options)) {
    for (std::size_t r = 0; r < batch.num_rows(); ++r) {
      day.spot.emplace_back(integer(batch.columns[0], r), number(batch.columns[1], r));
    }
  }
  std::sort(day.spot.begin(), day.spot.end());
  return day;
}

// The last row at or before `now`, or nullptr.
const Row* as_of(const Contract& contract, std::int64_t now) {
  const auto it = std::upper_bound(contract.rows.begin(), contract.rows.end(), now,
                                   [](std::int64_t t, const Row& row) { return t < row.time; });
  return it == contract.rows.begin() ? nullptr : &*(it - 1);
}

std::int64_t age(std::int64_t now, const Row& row) { return (now - row.time) / kMicros; }

// Best bid at or above best ask: not a price.
bool crossed(const Row& row) { return row.bid[0] > 0 && row.ask[0] > 0 && row.bid[0] >= row.ask[0]; }

// Buying `quantity` units against a row's asks, level by level: the average
// price, and how many units the 5 levels did not hold.
std::pair<double, std::int64_t> take_asks(const Row& row, int quantity) {
  std::int64_t left = quantity;
  double paid = 0;
  for (int level = 0; level < 5 && left > 0 && row.ask[level] > 0; ++level) {
    const std::int64_t take = std::min(left, std::max<std::int64_t>(row.ask_qty[level], 0));
    paid += row.ask[level] * static_cast<double>(take);
    left -= take;
  }
  return {paid, left};
}

// Bid/ask fill of `quantity` units: sells take the bids, buys the asks, level
// by level at the average price, a limit order only the levels at or better
// than its limit; nullopt without a fresh quote or the depth.
std::optional<double> fill(const Contract& contract, std::int64_t now, bool buy, int quantity, int max_age,
                           std::optional<double> limit = std::nullopt) {
  const Row* row = as_of(contract, now);
  if (!row || age(now, *row) > max_age || crossed(*row)) return std::nullopt;
  const double* price = buy ? row->ask : row->bid;
  const std::int64_t* qty = buy ? row->ask_qty : row->bid_qty;
  std::int64_t left = quantity;
  double paid = 0;
  for (int level = 0; level < 5 && left > 0 && price[level] > 0; ++level) {
    if (limit && (buy ? price[level] > *limit : price[level] < *limit)) break;
    const std::int64_t take = std::min(left, std::max<std::int64_t>(qty[level], 0));
    paid += price[level] * static_cast<double>(take);
    left -= take;
  }
  if (price[0] <= 0 || left > 0) return std::nullopt;
  return paid / quantity;
}

std::optional<double> mid_mark(const Contract& contract, std::int64_t now, int max_age) {
  const Row* row = as_of(contract, now);
  if (!row || age(now, *row) > max_age || row->bid[0] <= 0 || row->ask[0] <= 0 || crossed(*row)) return std::nullopt;
  return (row->bid[0] + row->ask[0]) / 2;
}

struct Leg {
  const Contract* contract;
  int quantity;
  double entry_price;
  int entry_second;  // when it filled
  bool open = true;
};

struct Structure {
  int number = 0;  // given when its first leg fills: structures without a fill leave no trade
  std::vector<Leg> legs;
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
      fill_due(second, now);
      for (Structure& structure : open_) manage(structure, second, now);
      std::erase_if(open_, [&](const Structure& st) {
        return second >= st.settled_second &&
               std::none_of(st.legs.begin(), st.legs.end(), [](const Leg& l) { return l.open; }) &&
               std::none_of(pending_.begin(), pending_.end(), [&](const PendingOrder& o) { return o.structure == &st; });
      });
      if (std::find(s_.entries.begin(), s_.entries.end(), second) == s_.entries.end()) continue;
      if (!open_.empty()) continue;  // one structure at a time
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

  // The straddle's or strangle's two contracts, chosen at `now`; nullopt
  // without an expiry, a usable spot or a listed strike.
  std::optional<std::pair<const Contract*, const Contract*>> chosen_legs(std::int64_t now) const {
    int expiry = -1;
    for (const auto& [key, contract] : day_.contracts) {
      if (contract.expiry >= day_.today && (expiry < 0 || contract.expiry < expiry)) expiry = contract.expiry;
    }
    const auto spot_it = std::upper_bound(day_.spot.begin(), day_.spot.end(), now,
                                          [](std::int64_t t, const auto& p) { return t < p.first; });
    if (expiry < 0 || spot_it == day_.spot.begin() || (spot_it - 1)->second <= 0) return std::nullopt;
    const double spot = (spot_it - 1)->second;
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
      const auto price = fill(*order.contract, now, false, lot_quantity, s_.max_quote_age, order.limit);
      if (!price) return false;
      if (structure.number == 0) structure.number = ++numbered_;
      structure.legs.push_back(Leg{order.contract, lot_quantity, *price, second});
      return true;
    }
    for (Leg& leg : structure.legs) {
      if (!leg.open || leg.contract != order.contract) continue;
      const auto price = fill(*leg.contract, now, true, leg.quantity, s_.max_quote_age);
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
      if (structure.legs.size() < 2) return close_all(structure, second, now, "no-quote");  // a naked half
    }
    double credit = 0;
    double cost = 0;
    bool marked = true;
    for (const Leg& leg : structure.legs) {
      const auto mark = mid_mark(*leg.contract, now, s_.max_quote_age);
      if (!mark) marked = false;
      credit += leg.entry_price;
      cost += mark.value_or(0);
    }
    std::string reason;
    if (marked && (s_.target || s_.stop)) {
      if (s_.stop && cost - credit >= *s_.stop * credit) {
        reason = "stop";
      } else if (s_.target && credit - cost >= *s_.target * credit) {
        reason = "target";
      }
    }
    if (reason.empty() && s_.max_hold_seconds && second - structure.entry_second >= *s_.max_hold_seconds) {
      reason = "time";
    }
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
  // last quote with an ask that is not crossed (its asks walked, units
  // beyond them 1% worse), as `quote` while fresh, `stale` if it printed
  // after the entry; settlement for a leg expiring today; `unpriced` at that
  // quote, or at the highest price the contract showed, 1% worse. These
  // strategies do not read the trade columns, so no LTP is ever used.
  void square_off(Structure& structure, int second, std::int64_t now) {
    for (Leg& leg : structure.legs) {
      if (!leg.open) continue;
      if (const auto price = fill(*leg.contract, now, true, leg.quantity, s_.max_quote_age)) {
        record(structure, leg, second, *price, "end-of-day", Exit{});
        continue;
      }
      const Row* last = nullptr;
      for (const Row& row : leg.contract->rows) {
        if (row.time <= now && row.ask[0] > 0 && !crossed(row)) last = &row;
      }
      const std::int64_t entry = day_.midnight + std::int64_t{leg.entry_second} * kMicros;
      if (last && (age(now, *last) <= s_.max_quote_age || last->time > entry)) {
        const std::string pricing = age(now, *last) <= s_.max_quote_age ? "quote" : "stale";
        record(structure, leg, second, walked_with_penalty(*last, leg.quantity), "end-of-day",
               Exit{pricing, age(now, *last), take_asks(*last, leg.quantity).second > 0});
      } else if (leg.contract->expiry == day_.today) {
        settling_.emplace_back(structure.number, leg);
        leg.open = false;
      } else if (last) {
        record(structure, leg, second, walked_with_penalty(*last, leg.quantity), "end-of-day",
               Exit{"unpriced", age(now, *last), take_asks(*last, leg.quantity).second > 0});
      } else {
        record(structure, leg, second, highest_price(*leg.contract, now) * (1 + kDepthPenalty), "end-of-day",
               Exit{"unpriced", (now - entry) / kMicros, true});
      }
    }
  }

  static double walked_with_penalty(const Row& row, int quantity) {
    const auto [paid, left] = take_asks(row, quantity);
    double worst = 0;
    for (int level = 0; level < 5 && row.ask[level] > 0; ++level) worst = row.ask[level];
    return (paid + worst * (1 + kDepthPenalty) * static_cast<double>(left)) / quantity;
  }

  static double highest_price(const Contract& contract, std::int64_t now) {
    double highest = 0;
    for (const Row& row : contract.rows) {
      if (row.time > now) break;
      for (int level = 0; level < 5; ++level) highest = std::max({highest, row.bid[level], row.ask[level]});
    }
    return highest;
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
        record(structure, leg, kClose, highest_price(*leg.contract, close) * (1 + kDepthPenalty), "end-of-day",
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
    t.quantity = leg.quantity;
    t.entry_second = leg.entry_second;
    t.exit_second = second;
    t.entry_price = leg.entry_price;
    t.exit_price = exit_price;
    t.reason = reason;
    t.pricing = exit.pricing;
    t.beyond_depth = exit.beyond_depth;
    t.gross = (leg.entry_price - exit_price) * t.quantity;  // a short leg gains when the price falls
    // A short leg: sold at entry, bought back at exit. A leg settled at
    // expiry sends no exit order, and its writer pays no STT on exercise.
    const bool exit_order = exit.pricing != "settled";
    t.costs = s_.statutory_costs
                  ? reference_statutory_cost(t.date, true, t.entry_price * t.quantity) +
                        (exit_order ? reference_statutory_cost(t.date, false, t.exit_price * t.quantity) : 0)
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
  std::vector<std::pair<int, Leg>> settling_;  // (structure number, leg)
};

}  // namespace

std::vector<ReferenceTrade> reference_backtest(const fs::path& dataset, const ReferenceStrategy& strategy) {
  std::vector<std::pair<std::string, std::string>> days;
  for (const auto& date_dir : fs::directory_iterator(dataset / "options")) {
    for (const auto& underlying_dir : fs::directory_iterator(date_dir.path())) {
      days.emplace_back(date_dir.path().filename().string().substr(5),
                        underlying_dir.path().filename().string().substr(11));
    }
  }
  std::sort(days.begin(), days.end());
  std::vector<ReferenceTrade> trades;
  for (const auto& [date, underlying] : days) {
    const Day day = read_day(dataset, date, underlying);
    Simulation(day, strategy, trades).run();
  }
  return trades;
}

}  // namespace tapelab::strategies::testing
