// Parquet file reader: projection, pruning, parallel decode into ColumnData.
//
// Design note. The file is memory-mapped and pages are decoded straight from
// the map (compressed pages into one reusable buffer per column task) into the
// typed vectors of ColumnData, so the only copy is the decode itself. Every
// length, count and offset read from the file is checked against the bytes
// that exist before it is used or allocated from; anything malformed throws
// tapelab::Error naming the file, row group, column and page.
//
// Pruning works on a conjunction of column ranges (Predicate). Row groups whose
// statistics cannot match are skipped; inside a row group the page index
// (ColumnIndex/OffsetIndex) narrows the rows to the pages that can match, and
// only pages overlapping those rows are decompressed, for every projected
// column. Pruning is conservative: with `filter` off a Batch can hold rows
// that do not match; with `filter` on, rows are then filtered exactly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/types.h"

namespace tapelab::parquet {

// A bound in the column's physical domain: integers (INT32/INT64/BOOLEAN,
// timestamps in the column's unit, dates in days, decimals unscaled) as
// int64_t, FLOAT/DOUBLE as double, BYTE_ARRAY as string (bytewise order).
using Value = std::variant<std::int64_t, double, std::string>;

struct ColumnRange {
  std::string column;
  std::optional<Value> min;  // inclusive; unset = unbounded
  std::optional<Value> max;  // inclusive; unset = unbounded
};

// All ranges must hold (AND). Nulls never match a range.
struct Predicate {
  std::vector<ColumnRange> ranges;
  bool empty() const { return ranges.empty(); }
};

struct ReadOptions {
  std::vector<std::string> columns;  // projection by name; empty = all columns
  Predicate predicate;
  bool use_statistics = true;  // prune row groups
  bool use_page_index = true;  // prune pages
  bool filter = true;          // drop rows that do not match the predicate exactly
  bool parallel = true;        // decode columns / row groups on oneTBB
};

// Rows [begin, end) of a row group.
struct RowRange {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  friend bool operator==(const RowRange&, const RowRange&) = default;
};

// The decoded rows of one row group: columns in projection order.
struct Batch {
  std::size_t row_group = 0;
  std::vector<ColumnData> columns;
  std::size_t num_rows() const { return columns.empty() ? 0 : columns[0].size(); }
};

// What a read touched, for tests and diagnostics.
struct ReadStats {
  std::int64_t row_groups_total = 0;
  std::int64_t row_groups_read = 0;
  std::int64_t pages_total = 0;  // data pages of the projected columns in read row groups
  std::int64_t pages_read = 0;   // data pages decompressed and decoded
  std::int64_t bytes_read = 0;   // compressed page bytes touched
};

class FileReader {
 public:
  // Maps the file and parses the footer; throws Error on a malformed footer.
  explicit FileReader(const std::filesystem::path& path);
  // Reads from caller-owned memory that outlives the reader (fuzzing, tests).
  FileReader(std::string_view data, std::string name);
  // Reads from memory it takes over (so a temporary buffer cannot dangle).
  FileReader(std::string&& data, std::string name);
  ~FileReader();
  FileReader(FileReader&&) noexcept;
  FileReader& operator=(FileReader&&) noexcept;

  const std::string& name() const;
  const FileMetaData& metadata() const;
  // Flat columns of the file. Nested leaves are listed with `nested` set and
  // cannot be read.
  const Schema& schema() const;
  bool is_nested(std::size_t column) const;
  std::int64_t num_rows() const;
  std::size_t num_row_groups() const;

  // Resolves names to column indexes; throws Error naming an unknown column.
  std::vector<std::size_t> resolve(const std::vector<std::string>& names) const;

  // Row groups that may hold matching rows (all row groups for an empty predicate).
  std::vector<std::size_t> select_row_groups(const Predicate& predicate) const;
  // Row ranges of a row group that may match, from the page index (the whole
  // row group when the file has none).
  std::vector<RowRange> select_rows(std::size_t row_group, const Predicate& predicate) const;

  // Reads every row of one row group for these columns (no pruning).
  Batch read_row_group(std::size_t row_group, const std::vector<std::size_t>& columns) const;

  // Reads all matching row groups. Batches come in row-group order.
  std::vector<Batch> read(const ReadOptions& options, ReadStats* stats = nullptr) const;
  // Streams matching row groups one at a time (bounded memory), in order.
  void scan(const ReadOptions& options, const std::function<void(Batch&&)>& sink,
            ReadStats* stats = nullptr) const;
  // The engine's scan path: decodes matching row groups on all cores and
  // calls `sink` on the decoding thread, concurrently and in no particular
  // order. Each worker decodes every row group it takes into the same Batch,
  // so memory stays at one row group per core and the values are still in
  // cache when the sink reads them. The Batch is valid during the call only.
  void scan_parallel(const ReadOptions& options, const std::function<void(const Batch&)>& sink,
                     ReadStats* stats = nullptr) const;
  // The same over several files at once: the row groups of all files form
  // one pool for the same workers and reused Batches, so a scan of many day
  // files keeps every core busy to the end and allocates per worker, not per
  // file. `sink` gets the file's index in `files`; stats are summed.
  static void scan_parallel(std::span<const FileReader* const> files, const ReadOptions& options,
                            const std::function<void(std::size_t file, const Batch&)>& sink,
                            ReadStats* stats = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Decodes a statistics / page-index value of a column to a Value (empty if the
// bytes do not fit the type).
std::optional<Value> decode_value(const Column& column, std::string_view bytes);

}  // namespace tapelab::parquet
