// One trading day of one underlying, in memory, as the engine and the scans
// read it: the options file's rows as columns (in file order, which is
// (expiry, opt_type, strike, timestamp)), the contract boundaries of that
// file as an index, and the spot and futures series of the same day.
//
// Design note. Everything is a flat column indexed by row number, so strategy
// code and scans touch only the columns they use, and the engine's as-of
// cursors walk a contract's slice of `time` forward with the clock.
// Columns that a load did not ask for stay empty (see market/loader.h).
// Prices are 0 where the dump had no value (an empty book side), exactly as
// the dataset stores them; `valid` flags are not carried because the engine
// treats a zero price as "no quote" everywhere.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/contract.h"
#include "domain/date.h"
#include "domain/time.h"

namespace tapelab::market {

inline constexpr int kBookLevels = 5;

// The options rows of a day file. All vectors have the same length (the row
// count) or are empty when not loaded.
struct OptionColumns {
  std::vector<domain::WallNanos> time;    // timestamp
  std::vector<double> price;              // last traded price (LTP)
  std::vector<std::int32_t> qty;          // last traded quantity
  std::vector<std::int64_t> volume;       // cumulative day volume
  std::vector<std::int64_t> vol_delta;    // volume since the contract's previous row (dataset)
  std::vector<domain::WallNanos> last_trade_time;  // lastTradeTime; 0 where the dump had none
  std::vector<std::int64_t> oi;           // open interest
  std::vector<std::int64_t> total_buy_qty;   // bQty
  std::vector<std::int64_t> total_sell_qty;  // sQty
  std::array<std::vector<double>, kBookLevels> bid_price;        // bp0..bp4
  std::array<std::vector<std::int32_t>, kBookLevels> bid_qty;    // bq0..bq4
  std::array<std::vector<double>, kBookLevels> ask_price;        // sp0..sp4
  std::array<std::vector<std::int32_t>, kBookLevels> ask_qty;    // sq0..sq4

  std::size_t size() const { return time.size(); }
};

// One contract of the day file and where its rows are: [begin, end) in
// OptionColumns, sorted by time.
struct ContractSlice {
  domain::Date expiry;
  domain::OptionType type = domain::OptionType::kCall;
  std::int32_t strike = 0;
  std::int32_t lot_size = 0;
  bool is_monthly = false;
  std::string symbol;  // the dump's table name
  std::size_t begin = 0;
  std::size_t end = 0;

  std::size_t rows() const { return end - begin; }
};

// A time series of one instrument (spot index or front-month futures).
struct SeriesColumns {
  std::vector<domain::WallNanos> time;
  std::vector<double> price;
  std::vector<std::int64_t> volume;     // futures only (an index has no volume)
  std::vector<double> bid_price;        // bp0 (futures)
  std::vector<double> ask_price;        // sp0 (futures)
  std::vector<domain::Date> expiry;     // futures only: the front month of each row
  std::vector<std::int32_t> lot_size;   // futures only

  std::size_t size() const { return time.size(); }
};

// Strikes [low, high] (inclusive) of a load that kept only a window around
// spot (market/loader.h, LoadOptions::strike_reach).
struct StrikeWindow {
  std::int32_t low = 0;
  std::int32_t high = 0;
  bool holds(std::int32_t strike) const { return strike >= low && strike <= high; }
};

// A contract of the loaded expiries that a strike window left out: no rows,
// only when it first printed, so that what is listed at a second (and which
// expiries are known) stays what the whole file says.
struct UnloadedContract {
  domain::Date expiry;
  domain::OptionType type = domain::OptionType::kCall;
  std::int32_t strike = 0;
  domain::WallNanos first_time = 0;
};

struct DayTape {
  domain::Date date;
  std::string underlying;
  OptionColumns options;
  std::vector<ContractSlice> contracts;  // in file order: expiry, CE before PE, strike
  // Set when the load kept only these strikes; `unloaded` lists the rest.
  std::optional<StrikeWindow> strike_window;
  std::vector<UnloadedContract> unloaded;
  SeriesColumns spot;
  SeriesColumns futures;
  // The futures' rows as a book (LoadOptions::futures_book; empty otherwise):
  // time, cumulative volume and the five levels, the columns the market
  // truth's book measures read (vol_delta and the option-only columns stay
  // empty).
  OptionColumns futures_book;

  // Expiries present in the day's options (those a strike window left
  // unloaded included), ascending.
  std::vector<domain::Date> expiries() const;
};

}  // namespace tapelab::market
