#include "truth/book.h"

#include <algorithm>
#include <limits>

namespace tapelab::truth {
namespace {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();

double ratio_or_null(double part, double whole) { return whole > 0 ? part / whole : kNull; }

// One side's contribution at one level: the new queue when the price moved
// towards the other side or held, minus the old queue when it moved away or
// held (for the bid; the ask is the mirror with `ask` = true).
double side_flow(double price_before, double price_now, double qty_before, double qty_now, bool ask) {
  const bool improved = ask ? price_now <= price_before : price_now >= price_before;
  const bool worsened = ask ? price_now >= price_before : price_now <= price_before;
  return (improved ? qty_now : 0.0) - (worsened ? qty_before : 0.0);
}

}  // namespace

BookMetrics book_metrics(const market::OptionColumns& o, std::size_t row) {
  BookMetrics m;
  const double bid = o.bid_price[0][row];
  const double ask = o.ask_price[0][row];
  const double bq0 = o.bid_qty[0][row];
  const double sq0 = o.ask_qty[0][row];
  const bool two_sided = bid > 0 && ask > 0;
  m.mid = two_sided ? (bid + ask) / 2 : kNull;
  m.spread = two_sided ? ask - bid : kNull;
  m.micro_price = two_sided && bq0 + sq0 > 0 ? (bid * sq0 + ask * bq0) / (bq0 + sq0) : kNull;
  for (int level = 0; level < market::kBookLevels; ++level) {
    m.bid_depth_5 += o.bid_qty[level][row];
    m.ask_depth_5 += o.ask_qty[level][row];
  }
  const auto bids = static_cast<double>(m.bid_depth_5);
  const auto asks = static_cast<double>(m.ask_depth_5);
  m.obi_5 = bids + asks > 0 ? (bids - asks) / (bids + asks) : kNull;
  m.front_bid = ratio_or_null(bq0, bids);
  m.front_ask = ratio_or_null(sq0, asks);
  return m;
}

std::array<double, market::kBookLevels> order_flow_imbalance(const market::OptionColumns& o, std::size_t before,
                                                               std::size_t now) {
  std::array<double, market::kBookLevels> e{};
  for (std::size_t m = 0; m < e.size(); ++m) {
    e[m] = side_flow(o.bid_price[m][before], o.bid_price[m][now], o.bid_qty[m][before], o.bid_qty[m][now], false) -
           side_flow(o.ask_price[m][before], o.ask_price[m][now], o.ask_qty[m][before], o.ask_qty[m][now], true);
  }
  return e;
}

std::int64_t traded_volume(const market::OptionColumns& o, std::int64_t first, std::int64_t last) {
  std::int64_t sum = 0;
  for (std::int64_t r = first; r < last; ++r) sum += std::max<std::int64_t>(0, o.vol_delta[static_cast<std::size_t>(r)]);
  return sum;
}

}  // namespace tapelab::truth
