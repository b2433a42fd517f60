// Builds one partition file (one kind x day x underlying) from rows that
// arrive in any order, from any number of sources, in bounded memory.
//
//   rows in (any order) -> buffer -> sorted run spilled to disk when the
//   buffer passes its budget -> k-way merge of the runs and of the partition
//   already in the dataset -> duplicates resolved by source rank ->
//   derived columns -> Parquet, row groups cut on contract boundaries.
//
// Sort key: options (expiry, opt_type, strike, timestamp); spot and futures
// (timestamp). For equal (contract, timestamp) the row of the highest-ranked
// source wins (SourceTable); rows equal in every field count as exact
// duplicates. The output depends only on the set of rows and sources, never
// on arrival order, thread count or spill points: byte-identical reruns.
// Rows of a source dropped from the SourceTable (its file failed part-way)
// are left out when the partition is finished, wherever they were buffered.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dataset/instrument.h"
#include "dataset/layout.h"
#include "dataset/source.h"
#include "dataset/tick_row.h"
#include "domain/expiry_calendar.h"
#include "domain/trading_calendar.h"

namespace tapelab::dataset {

// The day's index values, for spot_price as of each option row (never a value
// from after the row's timestamp).
struct SpotSeries {
  std::vector<std::int64_t> timestamps;  // ascending
  std::vector<double> prices;
  // Last price with timestamp <= t, or nullopt before the first one. `next`
  // carries the position from call to call: for non-decreasing t (a
  // contract's rows) each lookup walks on from where the last one stopped
  // instead of searching the day again. Start it at 0.
  std::optional<double> as_of(std::int64_t t, std::size_t& next) const;
};

// What one partition's build saw, for the audit report.
struct PartitionAudit {
  std::int64_t rows_in = 0;               // rows added plus rows of the existing file, dropped sources' left out
  std::int64_t rows_written = 0;
  std::int64_t duplicates_replaced = 0;   // same key, different values: lower-ranked row dropped
  std::int64_t exact_duplicates = 0;      // same key, same values
  std::int64_t crossed_books = 0;         // bp0 > 0, sp0 > 0, bp0 > sp0
  std::int64_t locked_books = 0;          // bp0 == sp0 > 0
  std::int64_t zero_prices = 0;           // price == 0
  std::int64_t volume_resets = 0;         // volume 0 or below the running maximum
  std::int64_t contracts = 0;
  struct Gap { std::string symbol; std::int64_t from = 0; std::int64_t to = 0; };
  // Inside the session, longer than gap_seconds, in contracts whose median
  // in-session interval is at most one second (docs/dataset.md#audit).
  std::vector<Gap> gaps;
  // Per instrument: first and last row timestamp (for last-trading-day checks).
  struct Span { std::string symbol; domain::Date expiry; std::int64_t first = 0; std::int64_t last = 0;
                std::int64_t rows = 0; std::int64_t quantity_gcd = 0; };
  std::vector<Span> spans;
  // Keys of the sources that hold at least one written row, sorted: a source
  // whose rows were all replaced by a later recording is not among them.
  std::vector<std::string> sources;
};

struct BuildOptions {
  std::filesystem::path spill_dir;            // where sorted runs go (removed when done)
  std::size_t memory_budget = std::size_t{512} << 20;  // bytes of row buffer (capacity) before a spill
  std::size_t row_group_target_rows = 200'000;  // whole contracts, ~128k-256k rows
  int gap_seconds = 60;
};

// Peak bytes one PartitionBuilder::finish() holds beyond the builder's own
// buffered rows: the row group being filled and the one being encoded (a
// copy of each spilled row, its derived values), the columns being encoded,
// and the spill runs' read blocks. A row group closes at the first contract
// boundary past row_group_target_rows, so it holds up to a contract-day of
// rows more. An estimate from the types' sizes (about 0.45 GB for options;
// heaptrack measured 0.37 GB on a full-scale NIFTY week): ingest reserves
// this much per partition it writes at once (docs/dataset.md#memory).
std::size_t finish_working_set(TableKind kind, const BuildOptions& options);

class PartitionBuilder {
 public:
  PartitionBuilder(PartitionKey key, const SourceTable& sources, BuildOptions options);
  ~PartitionBuilder();
  PartitionBuilder(const PartitionBuilder&) = delete;
  PartitionBuilder& operator=(const PartitionBuilder&) = delete;

  const PartitionKey& key() const;

  // Registers an instrument and returns its index for TickRow::instrument.
  // The same symbol returns the same index. Not thread-safe (callers of one
  // builder serialize).
  std::uint32_t add_instrument(const Instrument& instrument);
  // Adds rows (their `instrument` and `source` fields set). Spills a sorted
  // run when the buffer reaches the budget; the buffer never holds more
  // memory than the budget (it grows up to it, not past it).
  void add(std::span<const TickRow> rows);
  // Bytes the row buffer holds in memory now, allocated capacity included
  // (the ingest driver balances a global budget).
  std::size_t buffered_bytes() const;
  // Writes the buffered rows out as a sorted run now and frees the buffer.
  void spill();

  // For an ingest that reads files in one process and builds partitions in
  // another (jobs/ingest_parts.h): spills the buffer and hands over the
  // sorted runs, which this builder then no longer removes, with the
  // instruments their rows' `instrument` fields index. The builder is empty
  // afterwards.
  struct ReleasedRuns {
    std::vector<Instrument> instruments;
    std::vector<std::filesystem::path> runs;
    std::int64_t rows = 0;
  };
  ReleasedRuns release_runs();

  // Merges the runs with `existing` (the partition's current file in the
  // dataset, if any; its rows keep their sources, which must be in the
  // SourceTable), resolves duplicates, derives columns and writes the Parquet
  // file to `out` (via AtomicFile). `spot` is the day's index series for
  // options (nullptr: no spot recorded that day, spot columns are null).
  PartitionAudit finish(const std::optional<std::filesystem::path>& existing, const SpotSeries* spot,
                        const domain::TradingCalendar& calendar, const std::filesystem::path& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a spot partition file's (timestamp, price) series.
SpotSeries read_spot_series(const std::filesystem::path& spot_file);

}  // namespace tapelab::dataset
