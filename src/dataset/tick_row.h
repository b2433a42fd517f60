// One snapshot of one instrument as the dump recorded it, typed.
//
// This is the unit that flows through ingest: the dump side converts a dump
// row into a TickRow (mapping values by column NAME), the partition side sorts,
// spills, merges, de-duplicates and writes them. It is trivially copyable on
// purpose: spill runs are written and read back as raw arrays of it.
//
// The 46 dump columns keep their dump names in the dataset (dump_columns()).
// Any of them can be missing in an old recording (schema drift), so every
// field has a null bit; a null field holds 0.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace tapelab::dataset {

struct BookLevel {
  std::int32_t qty = 0;
  std::int32_t orders = 0;
  double price = 0;
};

struct TickRow {
  std::int64_t timestamp = 0;        // IST wall clock, ns (domain::WallNanos); never null
  std::int64_t last_trade_time = 0;  // IST wall clock, ns; null for MySQL's zero date
  double price = 0;                  // last traded price
  double avg_price = 0;              // day VWAP
  double open = 0, high = 0, low = 0;
  double close = 0;                  // PREVIOUS day's close
  double changeper = 0;              // as recorded (dataset rounds to 2 decimals)
  std::int64_t volume = 0;           // cumulative day volume, units
  std::int64_t total_buy_qty = 0;    // bQty
  std::int64_t total_sell_qty = 0;   // sQty
  std::int64_t oi = 0, oi_high = 0, oi_low = 0;
  std::int32_t qty = 0;              // last traded quantity
  // Which source (dump or Parquet file) the row came from: an index into the
  // ingest run's source table. Decides which duplicate wins
  // (docs/dataset.md#duplicates). 32 bits: a user's per-contract Parquet
  // history alone is some 85,000 files.
  std::uint32_t source = 0;
  // Which instrument of its partition: an index into the partition's
  // contract table (options) or 0 (spot, futures).
  std::uint32_t instrument = 0;
  std::array<BookLevel, 5> bids{};   // bq0/bp0/bo0 .. bq4/bp4/bo4
  std::array<BookLevel, 5> asks{};   // sq0/sp0/so0 .. sq4/sp4/so4
  std::uint64_t null_mask = 0;       // bit i set: dump column i (DumpColumn) is null
};
static_assert(std::is_trivially_copyable_v<TickRow>);

// The dump's 46 columns, in dump order. The value is the bit in null_mask.
enum class DumpColumn : std::uint8_t {
  kTimestamp, kPrice, kQty, kAvgPrice, kVolume, kBQty, kSQty, kOpen, kHigh, kLow, kClose,
  kChangeper, kLastTradeTime, kOi, kOiHigh, kOiLow,
  // Then bq0,bp0,bo0, ..., bq4,bp4,bo4 (16..30) and sq0,sp0,so0, ..., sq4,sp4,so4 (31..45).
};
inline constexpr int kDumpColumnCount = 46;
inline constexpr int kFirstBidColumn = 16;
inline constexpr int kFirstAskColumn = 31;

// Dump column names in dump order ("timestamp", "price", ..., "so4").
const std::array<std::string_view, kDumpColumnCount>& dump_columns();

inline bool is_null(const TickRow& row, int column) { return (row.null_mask >> column) & 1U; }
inline void set_null(TickRow& row, int column) { row.null_mask |= std::uint64_t{1} << column; }

}  // namespace tapelab::dataset
