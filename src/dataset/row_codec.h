// Conversion between TickRows and the columns of a partition file.
//
// Writing: RowGroupAccumulator collects the rows of one row group (with
// their instrument, source and derived values) column by column, ready for
// parquet::FileWriter::write_row_group. Reading: scan_partition streams a
// partition file back, one row group at a time, as TickRows plus the
// distinct instruments and source keys they reference, so that a partition
// can be merged into or rebuilt without the dumps it came from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/instrument.h"
#include "dataset/layout.h"
#include "dataset/row_buffer.h"
#include "dataset/tick_row.h"
#include "parquet/types.h"

namespace tapelab::dataset {

// Per-row derived columns of options partitions (schema.h defines them).
struct DerivedValues {
  std::int64_t vol_delta = 0;
  std::optional<double> mid_price, spread, spot_price, distance_from_spot, moneyness_pct,
      intrinsic_value, time_value;
  std::int32_t dte = 0;
};

// The rows of one row group, staged as they arrive (in file order) and then
// turned into the partition's columns in one pass on all cores.
class RowGroupAccumulator {
 public:
  // source_keys[i] is the key of source i (TickRow::source).
  RowGroupAccumulator(const PartitionKey& key, std::vector<std::string> source_keys);

  // Stages one row; `instrument` must outlive build(). `derived` is used by
  // options partitions only. A `stable` row stays where it is, unchanged,
  // until build() has returned, and is staged by its address; any other is
  // copied. (Rows are 300 bytes: copying every one and faulting in the
  // memory for two row groups of them cost more than building the columns.)
  void append(const TickRow& row, bool stable, const Instrument& instrument, const DerivedValues& derived);
  // Sets lot_size of rows [first_row, rows()) to `lot` (options and futures):
  // a lot inferred from the data is known only after a contract's last row.
  void set_lot_size(std::size_t first_row, std::int32_t lot);
  std::size_t rows() const { return rows_.size(); }
  // Writes the staged rows into `columns` as the partition's columns, in
  // schema order. `columns` keeps its memory from one row group to the next
  // (the writer builds and encodes one row group at a time, so the
  // accumulator being filled and the one being written share one set).
  void build(std::vector<parquet::ColumnData>& columns);
  // Forgets the staged rows (memory is kept for the next row group).
  void clear();

 private:
  PartitionKey key_;
  parquet::Schema schema_;
  std::vector<std::string> source_keys_;
  std::vector<const TickRow*> rows_;
  RowBuffer copies_;  // of the rows that were not stable
  std::vector<DerivedValues> derived_;
  std::vector<const Instrument*> instruments_;
  std::vector<std::int32_t> lots_;  // 0: unknown (null)
};

// Rows of one row group as stored: each row's `instrument` indexes
// `instruments` and its `source` indexes `sources` (both local to the batch).
struct StoredBatch {
  std::vector<TickRow> rows;
  std::vector<Instrument> instruments;
  std::vector<std::string> sources;
};

// Reads a partition file of `kind` row group by row group. Throws Error
// naming the file when it lacks a column of the partition schema or holds a
// value a partition cannot have.
void scan_partition(const std::filesystem::path& file, TableKind kind,
                    const std::function<void(StoredBatch&&)>& sink);

}  // namespace tapelab::dataset
