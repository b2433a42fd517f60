// Hand-built micro-days for the engine tests: a few contracts with a few rows
// each, values chosen by hand, laid out exactly like a loaded DayTape (file
// order, contract slices), and a strategy that runs a test's script.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/contract.h"
#include "domain/date.h"
#include "domain/time.h"
#include "engine/runner.h"
#include "engine/strategy.h"
#include "market/day_tape.h"

namespace tapelab::engine::testing {

// One row of a contract: the book's levels (price, qty) from the best out.
// No trade unless a test sets one: LTP 0 and no lastTradeTime.
struct Quote {
  domain::WallNanos time = 0;
  std::vector<BookLevelView> bids;
  std::vector<BookLevelView> asks;
  double ltp = 0;
  std::int64_t oi = 0;
  std::int64_t vol_delta = 0;
  domain::WallNanos last_trade_time = 0;  // 0: null in the dump
};

// A one-level quote: bid and ask of `qty` units each, no trade.
Quote quote(domain::WallNanos time, double bid, double ask, std::int32_t qty = 1000);
// `q` with a last trade at `ltp` at `traded_at`.
Quote traded(Quote q, double ltp, domain::WallNanos traded_at);

class MicroDay {
 public:
  MicroDay(domain::Date date, std::string underlying);

  domain::Date date() const { return date_; }
  // The wall time of hh:mm:ss on the day.
  domain::WallNanos at(int hour, int minute, int second) const;

  MicroDay& spot(domain::WallNanos time, double price);
  // A futures row (the front month expiring on `expiry`).
  MicroDay& futures(domain::WallNanos time, double price, domain::Date expiry);
  MicroDay& contract(domain::Date expiry, domain::OptionType type, std::int32_t strike, std::int32_t lot_size,
                     std::vector<Quote> rows);
  // The tape in file order (expiry, CE before PE, strike), every column loaded.
  market::DayTape tape() const;

 private:
  struct Contract {
    domain::Date expiry;
    domain::OptionType type;
    std::int32_t strike;
    std::int32_t lot_size;
    std::vector<Quote> rows;
  };
  domain::Date date_;
  std::string underlying_;
  std::vector<std::pair<domain::WallNanos, double>> spot_;
  struct FuturesRow {
    domain::WallNanos time;
    double price;
    domain::Date expiry;
  };
  std::vector<FuturesRow> futures_;
  std::vector<Contract> contracts_;
};

// An order for `lots` of `key`; a structure id makes it a closing order when
// a leg of that structure is open on the other side.
OrderRequest order(const OptionKey& key, Side side, std::int32_t lots = 1, std::int64_t structure_id = 0,
                   std::optional<ExitReason> exit_reason = std::nullopt);
// A market order opening (or closing, with a structure id) `lots` of `key`.
inline OrderRequest sell(const OptionKey& key, std::int32_t lots = 1) { return order(key, Side::kSell, lots); }
inline OrderRequest buy(const OptionKey& key, std::int32_t lots = 1) { return order(key, Side::kBuy, lots); }

// A strategy whose every second is a test's lambda.
using Script = std::function<void(StrategyContext&)>;
// `expiries` is its expiries_needed() (0 = any).
StrategySpec scripted(std::string name, Script script, ExecutionConfig execution = {}, int expiries = 0);

}  // namespace tapelab::engine::testing
