// The columns of the users' Parquet files, filled from generated rows
// (docs/source-data.md#generated-parquet-layouts): the dump's 46 tick columns
// (prices DOUBLE rupees, counts INT64, times naive-IST TIMESTAMP(MICROS)),
// the raw files' identity columns, and the date-packed files' own extras.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/contract.h"
#include "domain/date.h"
#include "domain/lot_size.h"
#include "gen/market.h"
#include "gen/tick_row.h"
#include "parquet/types.h"

namespace tapelab::gen {

// An option contract as the users' files name and describe it.
struct ContractIdentity {
  std::string underlying;  // "NIFTY"
  std::string contract;    // the dump table name, "NIFTY2520623950CE"
  domain::OptionType type = domain::OptionType::kCall;
  int32_t strike = 0;
  domain::Date expiry;     // the final expiry date
  domain::ExpiryKind kind = domain::ExpiryKind::kWeekly;
  int contract_year = 0;
  unsigned contract_month = 0;
};

// One row of a layout file: the tick plus what the extra columns are made of.
struct LayoutRow {
  TickRow tick;
  const ContractIdentity* identity = nullptr;  // null in index and futures files
  const SpotDay* spot = nullptr;               // the row's day: date-packed v3's spot enrichment
  int64_t vol_delta = 0;                       // their volume difference to the contract's previous row
  bool null_timestamp = false;                 // the census kind "timestamp column entirely null"
};

struct LayoutColumn {
  parquet::Column column;
  std::function<void(parquet::ColumnData&, const LayoutRow&)> append;
};

enum class ColumnSet {
  kTick,          // the 46 (index and futures files)
  kExpiryPacked,  // the 46 less the order counts and oiHigh/oiLow (kExpiryPackedDropped)
  kRaw,           // the 46 + symbol, opt_type, strike, year, month, ts
  kDateV1,        // raw + contract, timestamp_ns, vol_delta, expiry
  kDateV2,        // v1 + expiry_type, is_weekly
  kDateV3,        // v2 + is_monthly, spot_ltp, spot_open, spot_high, spot_low, spot_close
};

// The dump columns expiry-packed files leave out.
const std::vector<std::string_view>& expiry_packed_dropped();

std::vector<LayoutColumn> layout_columns(ColumnSet set);
// The same without `timestamp` and `ts`: the census kind "no timestamp column".
std::vector<LayoutColumn> without_timestamp(std::vector<LayoutColumn> columns);

// Writes `rows` as one Parquet file (published atomically by the writer).
void write_layout_file(const std::filesystem::path& path, const std::vector<LayoutColumn>& columns,
                       std::span<const LayoutRow> rows, parquet::Codec codec);
// The bytes write_layout_file would write.
std::string layout_file_bytes(const std::vector<LayoutColumn>& columns, std::span<const LayoutRow> rows,
                              parquet::Codec codec);

}  // namespace tapelab::gen
