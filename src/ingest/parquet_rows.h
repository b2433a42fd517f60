// How the columns of one Parquet file fill TickRows
// (docs/source-data.md#parquet-history).
//
// Columns map onto the 46 dump columns by name, in any case, as dump columns
// do. A value converts to what the dump's text for it would give: integers
// and decimals of any width, FLOAT through its shortest decimal text (so
// 100.05f is 100.05, not 100.0500030517578), DOUBLE as is, numbers stored as
// text through the dump's own parsers. `timestamp` and `lastTradeTime` are
// IST wall-clock: a TIMESTAMP in ms/us/ns that is naive (the value is IST
// wall time) or UTC-adjusted (an instant: IST is UTC + 5:30), or text
// "YYYY-MM-DD HH:MM:SS", or a legacy INT96 (its wall-clock value). Decimals
// may be INT32, INT64 or FIXED_LEN_BYTE_ARRAY. Conversion is columnar: one pass per column over a
// run of rows, no per-value lookups.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/instrument.h"
#include "dataset/schema.h"
#include "dataset/tick_row.h"
#include "parquet/reader.h"
#include "parquet/types.h"

namespace tapelab::ingest {

// The columns of the users' layouts that name the contract a row is about:
// checked against the contract the file name (or `contract`) gives.
enum class IdentityColumn { kSymbol, kOptType, kStrike, kYear, kMonth, kContract };
inline constexpr int kIdentityColumnCount = 6;

class ParquetRowMapper {
 public:
  // Throws Error naming the file and column when a dump column has a type
  // that cannot hold its values (a BOOLEAN price, an INT64 timestamp
  // without a TIMESTAMP type).
  ParquetRowMapper(const parquet::Schema& schema, std::string_view file);

  // The file's columns to read, in the order of a Batch's columns.
  const std::vector<std::string>& projection() const { return projection_; }
  bool has_timestamp() const { return !(missing_mask_ & 1U); }
  // Dump column names the file lacks (null on every row).
  std::vector<std::string> missing_columns() const;
  // Columns that are neither dump nor identity columns.
  const std::vector<std::string>& extra_columns() const { return extra_; }
  // An identity column's value on a row: nullopt when the file lacks the
  // column, the row holds null, or (number()) the value is not a number.
  bool has(IdentityColumn column) const { return identity_[static_cast<std::size_t>(column)].has_value(); }
  std::optional<double> number(const parquet::Batch& batch, IdentityColumn column, std::size_t row) const;
  std::optional<std::string_view> text(const parquet::Batch& batch, IdentityColumn column, std::size_t row) const;

  enum class Status : std::uint8_t { kOk, kNullTimestamp, kBadValue };
  // Converts rows [begin, end) of `batch` into out[0 .. end - begin).
  void convert(const parquet::Batch& batch, std::size_t begin, std::size_t end, dataset::TickRow* out,
               Status* status) const;
  // Why row `row` of `batch` is kBadValue: "column 'qty': 35.5 is not an integer quantity".
  std::string error(const parquet::Batch& batch, std::size_t row) const;

  // How the file stores a column's values.
  // kDecimalBytes: a DECIMAL in FIXED_LEN_BYTE_ARRAY (big-endian two's
  // complement, up to 16 bytes; wide precisions, older Spark). kInt96: the
  // legacy INT96 timestamp (nanoseconds of the day, then the Julian day,
  // little-endian; older Spark and pandas), read as the wall-clock value it
  // holds, as DuckDB and Polars show it: it has no zone to say otherwise.
  enum class Kind : std::uint8_t { kInteger, kDecimal, kDecimalBytes, kFloat, kDouble, kTimestamp, kInt96, kText };

 private:
  struct Mapped {
    int column = 0;         // DumpColumn
    std::size_t slot = 0;   // in the Batch
    dataset::FieldType type = dataset::FieldType::kDouble;  // of the dump column
    std::size_t offset = 0;                                  // of its value in a TickRow
    Kind kind = Kind::kInteger;
    int scale = 0;                 // kDecimal
    std::int64_t to_nanos = 1;     // kTimestamp: unit -> ns
    std::int64_t to_ist = 0;       // kTimestamp: ns added (UTC-adjusted: 5:30)
  };
  bool store(const Mapped& m, const parquet::ColumnData& c, std::size_t r, dataset::TickRow& row,
             std::string* why) const;
  static std::string describe(const Mapped& m, const parquet::ColumnData& c, std::size_t r);

  std::vector<std::string> projection_;
  std::vector<Mapped> mapped_;
  std::vector<std::string> extra_;
  std::optional<Mapped> identity_[kIdentityColumnCount];  // `column` unused
  std::uint64_t missing_mask_ = 0;
};

}  // namespace tapelab::ingest
