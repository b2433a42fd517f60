// Market scenarios for the strategy tests, on top of the engine suite's
// hand-built tapes (tests/engine/micro_day.h): quotes are piecewise constant
// (a price holds from the time it is set until the next change) and printed
// every few seconds, so a test states a whole day in a handful of lines and
// knows the trades in advance.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/contract.h"
#include "domain/date.h"
#include "market/day_tape.h"

namespace tapelab::strategies::testing {

// Seconds after midnight of a clock time.
constexpr std::int32_t at(int hour, int minute, int second = 0) { return hour * 3600 + minute * 60 + second; }

class MicroDay {
 public:
  // NIFTY on Monday 2025-11-17, nearest expiry Tuesday 2025-11-18, lot 75;
  // rows every `every` seconds from 09:15:00 to 15:30:00.
  explicit MicroDay(int every = 5) : every_(every) {}

  static domain::Date date() { return domain::Date::from_ymd(2025, 11, 17); }
  static domain::Date expiry() { return domain::Date::from_ymd(2025, 11, 18); }
  // The expiry this day's contracts get: expiry(), or date() after expiring_today().
  domain::Date contract_expiry() const { return expiry_; }
  static constexpr std::int32_t kLotSize = 75;

  // The spot index from `from` on (the first value holds from the open).
  MicroDay& spot(std::int32_t from, double price);
  // A contract quoting bid/ask (1000 units each, trading at the mid every row) from `from` on.
  MicroDay& quote(domain::OptionType type, std::int32_t strike, std::int32_t from, double bid, double ask);
  // A one-level book with its sizes, the price it trades at on every row of
  // the step (0: the mid) and the volume every row carries (its vol_delta).
  struct Book {
    double bid = 0;
    double ask = 0;
    std::int32_t bid_qty = 1000;
    std::int32_t ask_qty = 1000;
    double ltp = 0;
    std::int64_t volume = 0;
  };
  MicroDay& book(domain::OptionType type, std::int32_t strike, std::int32_t from, Book book);
  // No rows for the contract in [from, to): its last quote grows old.
  MicroDay& gap(domain::OptionType type, std::int32_t strike, std::int32_t from, std::int32_t to);
  // The contract's open interest from `from` on (0 before the first call).
  MicroDay& open_interest(domain::OptionType type, std::int32_t strike, std::int32_t from, std::int64_t oi);
  // Every contract expires on the day itself (an expiry day) instead of on expiry().
  MicroDay& expiring_today();
  // The day is of `name` (BANKNIFTY, ...) instead of NIFTY; the lot stays kLotSize.
  MicroDay& underlying(std::string name);

  market::DayTape build() const;

 private:
  struct Step {
    std::int32_t from;
    Book book;
  };
  struct Contract {
    domain::OptionType type;
    std::int32_t strike;
    std::vector<Step> steps;
    std::vector<std::pair<std::int32_t, std::int32_t>> gaps;
    std::vector<std::pair<std::int32_t, std::int64_t>> oi;  // (from, open interest)
  };
  Contract& contract(domain::OptionType type, std::int32_t strike);

  int every_;
  domain::Date expiry_ = expiry();
  std::string underlying_ = "NIFTY";
  std::vector<std::pair<std::int32_t, double>> spot_;
  std::vector<Contract> contracts_;
};

}  // namespace tapelab::strategies::testing
