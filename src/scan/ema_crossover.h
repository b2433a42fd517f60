// The users' benchmark screen, "EMA crossover"
// (docs/engine-rules.md#ema-crossover-benchmark), per contract and over a dataset.
//
// Per contract, rows in time order:
//   - ema5 and ema21 (alpha = 2 / (n + 1)) start at the contract's first price;
//     that row only starts them. Each later priced row updates them as
//     ema += alpha * (price - ema), which keeps an EMA exactly at a flat price
//     (alpha * p + (1 - alpha) * ema drifts by rounding and would make flat
//     stretches cross at random).
//   - Flat, ema5 > ema21, spread ok (bp0 > 0, sp0 > 0,
//     (sp0 - bp0) / mid <= 0.0005 with mid = (bp0 + sp0) / 2) and volume >= 1:
//     buy one unit at price.
//   - Long and (ema21 >= ema5 or this is the contract's last priced row):
//     sell at price; P&L += exit - entry.
//   Both rules are applied to a row in that order, so a buy on the last row
//   is closed on it at the same price (a trade with zero P&L); no position
//   outlives its contract.
//
// What the benchmark leaves open, decided here:
//   - "volume" is the dataset's `volume` column: the dump's cumulative day
//     volume, as the benchmark names it (it names every other input by its
//     dump column too: price, bp0, sp0). `volume >= 1` thus means "the
//     contract has traded today and this row is not a zero-volume glitch
//     read"; it is not `vol_delta` (a trade since the previous row), which
//     would be a different, much stricter screen.
//   - A null or zero `price` is no price (the dump writes 0 when the contract
//     has not traded): such a row does not start or move the EMAs, cannot buy
//     or sell, and the forced exit happens on the last row that has a price,
//     so nothing is ever bought or sold at 0. Rows without a price still
//     count in `rows`.
//   - Null bp0/sp0 read as 0 and fail the spread test; a crossed book
//     (sp0 < bp0) passes it, exactly as the formula says.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <span>

#include "scan/contract_scan.h"

namespace tapelab::scan {

struct EmaCrossover {
  std::uint32_t trades = 0;  // completed round trips
  double pnl = 0;            // sum of exit - entry, in price points
};

// One contract's rows in time order (all spans the same length).
EmaCrossover ema_crossover(std::span<const double> price, std::span<const double> bid,
                           std::span<const double> ask, std::span<const std::int64_t> volume);

// The columns the screen reads besides the contract identity, in the order
// it reads them: price, bp0, sp0, volume.
const std::vector<ColumnRequest>& ema_crossover_columns();

// The screen over every contract of the selected days.
ScanResults<EmaCrossover> scan_ema_crossover(
    const std::filesystem::path& dataset, const market::DaySelection& days,
    std::function<void(std::uint64_t done, std::uint64_t total)> progress = {});

// date,underlying,expiry,type,strike,rows,trades,pnl (pnl with 2 decimals),
// one line per contract in the results' order.
void write_ema_crossover_csv(std::ostream& out, const std::vector<ContractResult<EmaCrossover>>& contracts);

}  // namespace tapelab::scan
