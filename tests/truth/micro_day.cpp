#include "truth/micro_day.h"

#include <stdexcept>

#include "domain/expiry_calendar.h"
#include "domain/trading_calendar.h"

namespace tapelab::truth::testing {

domain::WallNanos at(domain::Date day, const std::string& hms) {
  const std::optional<domain::WallNanos> t = domain::parse_wall_time(day.to_string() + " " + hms);
  if (!t) throw std::invalid_argument("bad time " + hms);
  return *t;
}

void MicroDay::spot(const std::string& hms, double price) { spot_at(at(date_, hms), price); }
void MicroDay::spot_at(domain::WallNanos time, double price) { spot_.emplace_back(time, price); }

void MicroDay::option(domain::OptionType type, std::int32_t strike, const std::string& hms, const Quote& quote) {
  option_at(type, strike, at(date_, hms), quote);
}
void MicroDay::option_at(domain::OptionType type, std::int32_t strike, domain::WallNanos time, const Quote& quote) {
  options_[{type, strike}].push_back({time, quote});
}

void MicroDay::futures_at(domain::WallNanos time, double price, std::int64_t volume, const Quote& quote) {
  futures_.push_back({time, price, volume, quote});
}

namespace {

// A quote's five levels, each a tick further from level 0 with the same size.
void push_book(market::OptionColumns& o, const Quote& quote) {
  for (int m = 0; m < market::kBookLevels; ++m) {
    o.bid_price[m].push_back(quote.bid > 0 ? quote.bid - 0.05 * m : 0);
    o.ask_price[m].push_back(quote.ask > 0 ? quote.ask + 0.05 * m : 0);
    o.bid_qty[m].push_back(quote.bid_qty);
    o.ask_qty[m].push_back(quote.ask_qty);
  }
}

}  // namespace

market::DayTape MicroDay::tape(domain::Date expiry) const {
  market::DayTape t;
  t.date = date_;
  t.underlying = underlying_;
  for (const auto& [time, price] : spot_) {
    t.spot.time.push_back(time);
    t.spot.price.push_back(price);
  }
  market::OptionColumns& o = t.options;
  for (const auto& [key, rows] : options_) {  // map order: CE before PE, strikes ascending
    market::ContractSlice slice;
    slice.expiry = expiry;
    slice.type = std::get<0>(key);
    slice.strike = std::get<1>(key);
    slice.symbol = underlying_ + std::to_string(slice.strike) + (slice.type == domain::OptionType::kCall ? "CE" : "PE");
    slice.begin = o.size();
    for (const Row& r : rows) {
      o.time.push_back(r.time);
      o.vol_delta.push_back(r.quote.vol_delta);
      push_book(o, r.quote);
    }
    slice.end = o.size();
    t.contracts.push_back(slice);
  }
  for (const FuturesRow& r : futures_) {
    t.futures.time.push_back(r.time);
    t.futures.price.push_back(r.price);
    t.futures.volume.push_back(r.volume);
    t.futures.bid_price.push_back(r.quote.bid);
    t.futures.ask_price.push_back(r.quote.ask);
    t.futures_book.time.push_back(r.time);
    t.futures_book.volume.push_back(r.volume);
    push_book(t.futures_book, r.quote);
  }
  return t;
}

DayContext MicroDay::context() const {
  std::string why;
  const std::optional<DayContext> c =
      day_context(date_, underlying_, domain::TradingCalendar::nse(), domain::ExpiryCalendar::builtin(), why);
  if (!c) throw std::runtime_error("no context: " + why);
  return *c;
}

}  // namespace tapelab::truth::testing
