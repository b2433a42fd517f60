// The ingest audit report: what was read, what was written, what was dropped
// and why, and what the data says that looks wrong (crossed books, gaps,
// expiry and lot-size contradictions). Written into the dataset as text and
// JSON under audit/<run id>.{txt,json}; the summary is printed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "dataset/partition_builder.h"
#include "domain/date.h"
#include "domain/expiry_calendar.h"
#include "ingest/checks.h"

namespace tapelab::ingest {

// Why a file gave no rows at all (docs/source-data.md#census).
enum class FileSkip {
  kNone,
  kEmpty,              // a Parquet file without rows
  kNoTimestampColumn,  // a Parquet file without a `timestamp` column (--keep-going)
  kUnreadable,         // not Parquet, or its footer does not decode (--keep-going)
  kNotAContract,       // a raw Parquet file whose name is no option, index or futures table
  kBroken,             // a dump or Parquet file that failed part-way (--keep-going): none of its rows kept
};
std::string_view to_string(FileSkip skip);

// Row accounting of one input file. rows_read = rows_added + the drops.
struct FileAudit {
  std::string source_key;
  std::string path;
  std::uint64_t bytes = 0;
  std::int64_t rows_read = 0;        // rows of option, spot, futures and bad option tables
  std::int64_t rows_added = 0;       // handed to the partition builders
  std::int64_t rows_1970 = 0;        // logger artifacts before the open
  std::int64_t rows_bad_table = 0;   // rows of option-looking tables whose names do not decode
  std::int64_t rows_bad_value = 0;   // rows with a value that does not parse (--keep-going)
  std::int64_t rows_no_expiry = 0;   // futures rows on a day the calendar has no front month for
  std::int64_t rows_null_timestamp = 0;  // Parquet rows whose `timestamp` is null
  std::int64_t rows_discarded = 0;       // routed before the file failed part-way, then left out (kBroken)
  std::int64_t tables_options = 0, tables_spot = 0, tables_futures = 0, tables_skipped = 0, tables_bad = 0;
  std::vector<std::string> problems;  // bad statements and values (--keep-going)
  FileSkip skip = FileSkip::kNone;
  std::string skip_reason;
  // Parquet only.
  std::string format = "dump";                    // "parquet raw", "parquet expiry-packed", "parquet date-packed"
  std::vector<std::string> missing_columns;       // dump columns the file lacks: null in the dataset
  std::int64_t rows_identity_mismatch = 0;        // rows whose identity columns disagree with the name (the name wins)
  std::vector<std::string> identity_mismatches;   // one line per contract and column
  bool is_parquet() const { return format != "dump"; }
};

struct BadTable {
  std::string source_key;
  std::string table;
  std::string reason;
  std::int64_t rows = 0;
};

struct PartitionReport {
  dataset::PartitionKey key;
  dataset::PartitionAudit audit;
};

struct Audit {
  std::string run_id;
  std::string dataset;
  std::vector<FileAudit> files;
  std::vector<BadTable> bad_tables;
  std::map<std::string, std::set<std::string>> extra_columns;  // column -> tables that have it
  std::vector<std::string> ignored_files;                      // in input folders, neither dump nor Parquet
  std::vector<PartitionReport> partitions;                     // sorted by key
  std::vector<ExpiryContradiction> expiry_contradictions;
  std::vector<LotMismatch> lot_mismatches;
  int gap_seconds = 60;

  struct Totals {
    std::int64_t rows_read = 0, rows_added = 0, rows_1970 = 0, rows_bad_table = 0, rows_bad_value = 0,
                 rows_no_expiry = 0, rows_existing = 0, rows_written = 0, duplicates_replaced = 0,
                 exact_duplicates = 0, crossed_books = 0, locked_books = 0, zero_prices = 0, volume_resets = 0,
                 gaps = 0, tables_skipped = 0, rows_null_timestamp = 0, rows_identity_mismatch = 0,
                 rows_discarded = 0;
  };
  Totals totals() const;

  // The kinds of problem the users' census of their Parquet files counts
  // (docs/source-data.md#census), each with the paths of the Parquet files
  // that have it: no_rows, timestamp_all_null, rows_1970, ten_rows_or_fewer,
  // no_timestamp_column, not_parquet (unreadable). Kinds without files are absent.
  std::map<std::string, std::vector<std::string>> census() const;

  nlohmann::json to_json() const;
  std::string to_text() const;     // the whole report
  std::string summary() const;     // the few lines printed after an ingest
};

// Fills the expiry and lot-size checks from the partitions' spans; the days
// with data come from the whole dataset (the manifest), so a chain that stopped
// early is seen even when the later days were ingested before.
void add_checks(Audit& audit, const dataset::Manifest& manifest, const domain::ExpiryCalendar& calendar);

// Where a run's report goes: <dataset>/audit/<run id>.txt and .json.
std::filesystem::path audit_dir(const std::filesystem::path& dataset);
void write_audit(const Audit& audit, const std::filesystem::path& dataset);
// What `tapelab ingest` prints: the summary and where the whole report is.
std::string printed_summary(const Audit& audit, const std::filesystem::path& dataset);

}  // namespace tapelab::ingest
