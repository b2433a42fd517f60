// Writer options.
//
// Design note. Defaults are chosen for tick data read back by a columnar
// engine: ZSTD (best size for a modest CPU cost, every reader supports it),
// data page v1 (the most widely read), pages of at most 1 MiB / 20k rows so the
// page index can skip inside a row group, and an automatic encoding per
// column: dictionary while it stays small (low-cardinality strings, strikes,
// prices on a tick grid), else DELTA_BINARY_PACKED for integers (sorted
// timestamps and counters become a few bits per value), BYTE_STREAM_SPLIT for
// floating point (groups exponent bytes so ZSTD finds them), PLAIN otherwise.
// Every choice can be overridden per column by name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/types.h"

namespace tapelab::parquet {

struct ColumnOptions {
  // PLAIN, RLE_DICTIONARY, DELTA_BINARY_PACKED (INT32/INT64), BYTE_STREAM_SPLIT
  // (FLOAT/DOUBLE), RLE (BOOLEAN). Unset: automatic (see above). A dictionary
  // that outgrows `dictionary_page_limit` falls back to the automatic
  // non-dictionary encoding for the rest of the chunk.
  std::optional<Encoding> encoding;
  std::optional<Codec> codec;  // unset: WriterOptions::codec
  std::optional<int> compression_level;
};

struct WriterOptions {
  Codec codec = Codec::ZSTD;
  // Codec level (ZSTD 1..22, GZIP/BROTLI levels); unset = the library default.
  std::optional<int> compression_level;
  bool data_page_v2 = false;
  std::size_t page_size = 1 << 20;         // target uncompressed bytes per data page
  std::size_t page_row_limit = 20000;      // at most this many rows per data page
  std::size_t dictionary_page_limit = 1 << 20;  // dictionary bytes before falling back
  std::size_t row_group_rows = 1 << 20;    // used by FileWriter::write() to cut row groups
  bool statistics = true;
  bool page_index = true;
  std::map<std::string, ColumnOptions> columns;  // per-column overrides by name
  std::vector<SortingColumn> sorting_columns;    // written in every row group
  std::vector<KeyValue> key_value_metadata;
  // Unset: "tapelab version 0.1.0 (build tapelab)" (the form parquet-mr and
  // Arrow parse to decide which statistics they trust).
  std::optional<std::string> created_by;
};

}  // namespace tapelab::parquet
