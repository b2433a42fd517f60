// `tapelab ingest`: mysqldump recordings and the users' Parquet history ->
// the packed dataset, in one pass.
//
//   files (a thread each, up to `jobs`) -> DumpReader -> classify tables ->
//   RowMapper (or, for Parquet, parquet_input.h: row groups -> TickRows) -> TickRows routed by (kind, day, underlying) to a
//   PartitionBuilder each (a global memory budget spills the largest) ->
//   sources ranked -> spot partitions finished, then options and futures
//   (spot series feed spot_price) in parallel -> Publisher commits the new
//   files and the manifest atomically -> audit report.
//
// Nothing is published unless every file was read: a bad dump (truncated
// gzip, a corrupt statement, a value that does not parse) or an unreadable
// Parquet file (not Parquet, truncated, no timestamp column) throws Error
// naming the file and position and leaves the dataset as it was. With
// keep_going, bad statements and values are collected into the audit and
// unreadable Parquet files are skipped with the reason instead.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <vector>

#include "ingest/audit.h"

namespace tapelab::ingest {

struct IngestOptions {
  std::vector<std::filesystem::path> inputs;  // dump and Parquet files, or folders of them (inputs.h)
  std::filesystem::path dataset;
  std::optional<std::filesystem::path> calendar;  // user expiry calendar over the built-in rules
  std::size_t memory_budget = std::size_t{2} << 30;  // bytes of buffered rows across all partitions
  int jobs = 0;                                      // files read at once; 0 = all cores
  bool keep_going = false;
  int gap_seconds = 60;
  bool progress = false;  // progress line on stderr (the CLI sets it when stderr is a terminal)
};

struct IngestResult {
  Audit audit;
  std::vector<dataset::PartitionKey> published;  // partitions written by this run, sorted
};

IngestResult ingest(const IngestOptions& options);

}  // namespace tapelab::ingest
