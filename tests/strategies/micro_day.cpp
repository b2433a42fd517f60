#include "strategies/micro_day.h"

#include <algorithm>
#include <utility>

#include "engine/micro_day.h"

namespace tapelab::strategies::testing {
namespace {

constexpr std::int32_t kOpen = at(9, 15);
constexpr std::int32_t kClose = at(15, 30);

}  // namespace

MicroDay& MicroDay::spot(std::int32_t from, double price) {
  spot_.emplace_back(spot_.empty() ? kOpen : from, price);
  return *this;
}

MicroDay::Contract& MicroDay::contract(domain::OptionType type, std::int32_t strike) {
  for (Contract& c : contracts_) {
    if (c.type == type && c.strike == strike) return c;
  }
  contracts_.push_back(Contract{type, strike, {}, {}, {}});
  return contracts_.back();
}

MicroDay& MicroDay::quote(domain::OptionType type, std::int32_t strike, std::int32_t from, double bid, double ask) {
  return book(type, strike, from, Book{bid, ask});
}

MicroDay& MicroDay::book(domain::OptionType type, std::int32_t strike, std::int32_t from, Book book) {
  contract(type, strike).steps.push_back(Step{from, book});
  return *this;
}

MicroDay& MicroDay::gap(domain::OptionType type, std::int32_t strike, std::int32_t from, std::int32_t to) {
  contract(type, strike).gaps.emplace_back(from, to);
  return *this;
}

MicroDay& MicroDay::open_interest(domain::OptionType type, std::int32_t strike, std::int32_t from, std::int64_t oi) {
  contract(type, strike).oi.emplace_back(from, oi);
  return *this;
}

MicroDay& MicroDay::expiring_today() {
  expiry_ = date();
  return *this;
}

MicroDay& MicroDay::underlying(std::string name) {
  underlying_ = std::move(name);
  return *this;
}

market::DayTape MicroDay::build() const {
  engine::testing::MicroDay day(date(), underlying_);
  const auto wall = [&](std::int32_t second) { return day.at(0, 0, 0) + std::int64_t{second} * domain::kNanosPerSecond; };
  for (const auto& [from, price] : spot_) day.spot(wall(from), price);  // as-of: a value holds until the next
  for (const Contract& c : contracts_) {
    std::vector<Step> steps = c.steps;
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.from < b.from; });
    std::vector<engine::testing::Quote> rows;
    for (std::int32_t s = kOpen; s <= kClose; s += every_) {
      const auto next = std::upper_bound(steps.begin(), steps.end(), s,
                                         [](std::int32_t t, const Step& step) { return t < step.from; });
      const bool in_gap =
          std::any_of(c.gaps.begin(), c.gaps.end(), [s](const auto& g) { return s >= g.first && s < g.second; });
      if (next == steps.begin() || in_gap) continue;
      const Book& b = (next - 1)->book;
      // The scenario trades at every printed row (its LTP is fresh), at the mid unless the step says.
      rows.push_back(engine::testing::Quote{wall(s), {{b.bid, b.bid_qty}}, {{b.ask, b.ask_qty}},
                                            b.ltp > 0 ? b.ltp : (b.bid + b.ask) / 2, 0, b.volume, wall(s)});
      std::int32_t oi_from = -1;  // the latest open interest set at or before s
      for (const auto& [from, oi] : c.oi) {
        if (from <= s && from >= oi_from) {
          oi_from = from;
          rows.back().oi = oi;
        }
      }
    }
    day.contract(expiry_, c.type, c.strike, kLotSize, std::move(rows));
  }
  return day.tape();
}

}  // namespace tapelab::strategies::testing
