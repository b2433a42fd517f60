#include "strategies/reference_day.h"

#include <algorithm>
#include <stdexcept>

#include "domain/date.h"

namespace tapelab::strategies::testing::reference_day {

Day read_day(const ReferenceRowSource& source, const std::string& date, const std::string& underlying) {
  Day day;
  day.date = date;
  day.underlying = underlying;
  const auto parsed = domain::Date::parse(date);
  if (!parsed) throw std::runtime_error("bad partition date " + date);
  day.today = parsed->days();
  day.midnight = std::int64_t{day.today} * 86'400 * kMicros;
  ReferenceDayRows rows = source.rows(date, underlying);
  for (const ReferenceOptionRow& r : rows.options) {
    Contract& contract = day.contracts[{r.expiry, r.type, r.strike}];
    contract.expiry = r.expiry;
    contract.type = r.type;
    contract.strike = r.strike;
    contract.lot = r.lot;
    Row& row = contract.rows.emplace_back();
    row.time = r.time;
    row.ltp = r.ltp;
    std::copy(r.bid.begin(), r.bid.end(), row.bid);
    std::copy(r.bid_qty.begin(), r.bid_qty.end(), row.bid_qty);
    std::copy(r.ask.begin(), r.ask.end(), row.ask);
    std::copy(r.ask_qty.begin(), r.ask_qty.end(), row.ask_qty);
  }
  for (auto& [key, contract] : day.contracts) {
    std::sort(contract.rows.begin(), contract.rows.end(), [](const Row& a, const Row& b) { return a.time < b.time; });
  }
  day.spot = std::move(rows.spot);
  std::sort(day.spot.begin(), day.spot.end());
  return day;
}

const Row* as_of(const Contract& contract, std::int64_t now) {
  const auto it = std::upper_bound(contract.rows.begin(), contract.rows.end(), now,
                                   [](std::int64_t t, const Row& row) { return t < row.time; });
  return it == contract.rows.begin() ? nullptr : &*(it - 1);
}

std::int64_t age(std::int64_t now, const Row& row) { return (now - row.time) / kMicros; }

bool crossed(const Row& row) { return row.bid[0] > 0 && row.ask[0] > 0 && row.bid[0] >= row.ask[0]; }

std::pair<double, std::int64_t> take_levels(const Row& row, bool buy, int quantity, std::optional<double> limit) {
  const double* price = buy ? row.ask : row.bid;
  const std::int64_t* qty = buy ? row.ask_qty : row.bid_qty;
  std::int64_t left = quantity;
  double paid = 0;
  for (int level = 0; level < 5 && left > 0 && price[level] > 0; ++level) {
    if (limit && (buy ? price[level] > *limit : price[level] < *limit)) break;
    const std::int64_t take = std::min(left, std::max<std::int64_t>(qty[level], 0));
    paid += price[level] * static_cast<double>(take);
    left -= take;
  }
  return {paid, left};
}

std::optional<double> fill(const Contract& contract, std::int64_t now, bool buy, int quantity, int max_age,
                           std::optional<double> limit) {
  const Row* row = as_of(contract, now);
  if (!row || age(now, *row) > max_age || crossed(*row)) return std::nullopt;
  const auto [paid, left] = take_levels(*row, buy, quantity, limit);
  if ((buy ? row->ask[0] : row->bid[0]) <= 0 || left > 0) return std::nullopt;
  return paid / quantity;
}

std::optional<double> mid_mark(const Contract& contract, std::int64_t now, int max_age) {
  const Row* row = as_of(contract, now);
  if (!row || age(now, *row) > max_age || row->bid[0] <= 0 || row->ask[0] <= 0 || crossed(*row)) return std::nullopt;
  return (row->bid[0] + row->ask[0]) / 2;
}

}  // namespace tapelab::strategies::testing::reference_day
