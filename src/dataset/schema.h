// The columns of a partition file and how they are written.
//
// Options files: the 46 dump columns (dump names, dump order), then identity
// columns (underlying, symbol, expiry, expiry_type, is_weekly, is_monthly,
// opt_type, strike, lot_size, date, source), then derived columns:
//
//   vol_delta          INT64   traded volume since the contract's previous row (docs/dataset.md#volume-delta)
//   mid_price, spread  DOUBLE  (bp0 + sp0) / 2 and sp0 - bp0; null when either side is empty
//                              (price 0 or null); a crossed book gives a negative spread
//   spot_price         DOUBLE  last spot price at or before the row's timestamp; null before the first
//   distance_from_spot DOUBLE  strike - spot
//   moneyness_pct      DOUBLE  how far in the money, in percent of the strike:
//                              CE (spot - strike) / strike * 100, PE (strike - spot) / strike * 100;
//                              positive = in the money, negative = out of the money, so one
//                              threshold selects OTM strikes of both types
//   intrinsic_value    DOUBLE  CE max(spot - strike, 0), PE max(strike - spot, 0)
//   time_value         DOUBLE  price - intrinsic_value
//   dte                INT32   full trading days from `date` to `expiry` (domain::days_to_expiry)
//
// The spot-derived columns are null where spot_price is. `changeper` is
// stored rounded to 2 decimals in every kind of partition.
//
// Spot files: the 46 dump columns + date, underlying, source. Futures files:
// the same + expiry (front month) and lot_size.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "dataset/layout.h"
#include "dataset/tick_row.h"
#include "parquet/options.h"
#include "parquet/types.h"

namespace tapelab::dataset {

// Where a dump column lives in a TickRow and how it is stored.
enum class FieldType { kTimestamp, kDouble, kInt32, kInt64 };
struct DumpField {
  std::string_view name;
  FieldType type;
  std::size_t offset;  // byte offset of the value inside TickRow
};
// In dump order (dump_columns()); field i's null bit is i.
const std::array<DumpField, kDumpColumnCount>& dump_fields();

parquet::Schema partition_schema(TableKind kind);
// Encodings, sorting columns and key-value metadata for a partition's file.
parquet::WriterOptions partition_writer_options(const PartitionKey& key);

// Timestamps are stored in MICROS (Spark reads them); TickRow keeps nanoseconds.
inline constexpr std::int64_t kNanosPerStoredUnit = 1000;

}  // namespace tapelab::dataset
