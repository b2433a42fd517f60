// Day series on the wire: a small JSON header and little-endian typed arrays
// that a browser wraps in Float64Array / Int32Array views without parsing a
// value (docs/server.md#columnar-format). The same series can also be written
// as columnar JSON, for people and for the measurement that chose the format.
//
//   bytes 0..7    "TLCOLS01"
//   bytes 8..11   header length H (uint32 LE, a multiple of 8)
//   bytes 12..15  0
//   16..16+H      the header, JSON padded with spaces:
//                 {"rows": n, "columns": [{"name", "type", "data": [offset, bytes],
//                  "valid": [offset, bytes] or null, "offsets": [offset, bytes] (str)}]}
//   16+H..        the arrays, each at an offset (from 16+H) that is a multiple of 8
//
// Types: f64 (DOUBLE, and INT64 exact below 2^53; null = NaN), f32, i32 and
// date (days since 1970-01-01), u8 (BOOLEAN), time (TIMESTAMP as f64 seconds
// of the IST wall clock since 1970-01-01), str (uint32 offsets, rows + 1 of
// them, into UTF-8 bytes). `valid`, one byte per row (1 = a value), is there
// for the integer, boolean and string types when a row is null.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "parquet/types.h"

namespace tapelab::server {

struct SeriesColumn {
  parquet::Column meta;                     // name, physical and logical type
  const parquet::ColumnData* data = nullptr;  // all rows; the series picks [begin, end)
};

struct Series {
  std::vector<SeriesColumn> columns;
  std::size_t begin = 0;
  std::size_t end = 0;  // rows [begin, end) of every column
  std::size_t rows() const { return end - begin; }
};

inline constexpr const char* kColumnsContentType = "application/vnd.tapelab.columns";

std::string encode_columns(const Series& series);
// {"rows": n, "columns": {"name": [values, null for a null], ...}} in column order.
std::string encode_columns_json(const Series& series);

}  // namespace tapelab::server
