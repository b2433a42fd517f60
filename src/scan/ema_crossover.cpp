#include "scan/ema_crossover.h"

#include <cmath>
#include <iterator>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace tapelab::scan {
namespace {

constexpr double kFastAlpha = 2.0 / (5 + 1);
constexpr double kSlowAlpha = 2.0 / (21 + 1);
constexpr double kMaxRelativeSpread = 0.0005;

// `!(x > 0)` rather than `x <= 0` so that a NaN is no price either.
bool has_price(double price) { return price > 0; }

bool spread_ok(double bid, double ask) {
  return bid > 0 && ask > 0 && (ask - bid) / ((ask + bid) / 2) <= kMaxRelativeSpread;
}

// Positions of the columns in ema_crossover_columns().
enum Column : std::size_t { kPrice, kBid, kAsk, kVolume };

}  // namespace

const std::vector<ColumnRequest>& ema_crossover_columns() {
  using parquet::PhysicalType;
  static const std::vector<ColumnRequest> columns = {{"price", PhysicalType::DOUBLE},
                                                     {"bp0", PhysicalType::DOUBLE},
                                                     {"sp0", PhysicalType::DOUBLE},
                                                     {"volume", PhysicalType::INT64}};
  return columns;
}

EmaCrossover ema_crossover(std::span<const double> price, std::span<const double> bid, std::span<const double> ask,
                           std::span<const std::int64_t> volume) {
  EmaCrossover out;
  std::size_t first = 0;
  while (first < price.size() && !has_price(price[first])) ++first;
  if (first == price.size()) return out;
  std::size_t last = price.size() - 1;
  while (!has_price(price[last])) --last;

  double fast = price[first];
  double slow = fast;
  double entry = 0;
  bool holding = false;
  for (std::size_t i = first + 1; i <= last; ++i) {
    const double p = price[i];
    if (!has_price(p)) continue;
    fast += kFastAlpha * (p - fast);
    slow += kSlowAlpha * (p - slow);
    if (!holding && fast > slow && spread_ok(bid[i], ask[i]) && volume[i] >= 1) {
      holding = true;
      entry = p;
    }
    if (holding && (slow >= fast || i == last)) {
      holding = false;
      out.pnl += p - entry;
      ++out.trades;
    }
  }
  return out;
}

ScanResults<EmaCrossover> scan_ema_crossover(const std::filesystem::path& dataset, const market::DaySelection& days,
                                             std::function<void(std::uint64_t, std::uint64_t)> progress) {
  ScanRequest request;
  request.days = days;
  request.columns = ema_crossover_columns();
  request.progress = std::move(progress);
  return scan_contracts<EmaCrossover>(dataset, request, [](const ContractRows& c) {
    return ema_crossover(c.f64(kPrice), c.f64(kBid), c.f64(kAsk), c.i64(kVolume));
  });
}

void write_ema_crossover_csv(std::ostream& out, const std::vector<ContractResult<EmaCrossover>>& contracts) {
  std::string text = "date,underlying,expiry,type,strike,rows,trades,pnl\n";
  for (const ContractResult<EmaCrossover>& c : contracts) {
    // Two decimals (prices are on a 0.05 tick); `+ 0.0` turns a rounded -0 into 0.
    const double pnl = std::round(c.value.pnl * 100) / 100 + 0.0;
    fmt::format_to(std::back_inserter(text), "{},{},{},{},{},{},{},{:.2f}\n", c.id.date.to_string(), c.id.underlying,
                   c.id.expiry.to_string(), domain::to_string(c.id.type), c.id.strike, c.rows, c.value.trades, pnl);
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace tapelab::scan
