// Hand-built days for the truth tests: a DayTape assembled row by row, with
// times given as "HH:MM:SS[.fff]" on the day, so each test states exactly what
// the tape holds and derives the expected outputs from it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "domain/contract.h"
#include "domain/date.h"
#include "market/day_tape.h"
#include "truth/day_context.h"

namespace tapelab::truth::testing {

domain::WallNanos at(domain::Date day, const std::string& hms);

// A two-sided quote: level 0 as given, levels 1..4 each a tick further away
// with the same sizes.
struct Quote {
  double bid = 0;
  double ask = 0;
  std::int32_t bid_qty = 0;
  std::int32_t ask_qty = 0;
  std::int64_t vol_delta = 0;
};

class MicroDay {
 public:
  MicroDay(domain::Date date, std::string underlying = "NIFTY") : date_(date), underlying_(std::move(underlying)) {}

  void spot(const std::string& hms, double price);
  void spot_at(domain::WallNanos time, double price);
  void option(domain::OptionType type, std::int32_t strike, const std::string& hms, const Quote& quote);
  void option_at(domain::OptionType type, std::int32_t strike, domain::WallNanos time, const Quote& quote);
  // A front futures row: its last price, the day's cumulative volume and its
  // book (the quote's vol_delta is not used: futures carry cumulative volume).
  void futures_at(domain::WallNanos time, double price, std::int64_t volume, const Quote& quote);

  // The tape (contracts of the context's expiry, in file order) and the
  // context from the built-in calendars.
  market::DayTape tape(domain::Date expiry) const;
  DayContext context() const;

 private:
  struct Row {
    domain::WallNanos time;
    Quote quote;
  };
  domain::Date date_;
  std::string underlying_;
  std::vector<std::pair<domain::WallNanos, double>> spot_;
  std::map<std::tuple<domain::OptionType, std::int32_t>, std::vector<Row>> options_;
  struct FuturesRow {
    domain::WallNanos time;
    double price;
    std::int64_t volume;
    Quote quote;
  };
  std::vector<FuturesRow> futures_;
};

}  // namespace tapelab::truth::testing
