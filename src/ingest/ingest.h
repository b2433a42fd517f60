// `tapelab ingest`: mysqldump recordings and the users' Parquet history ->
// the packed dataset.
//
//   input files, in batches of about batch_bytes (in the order find_inputs
//   gives them), each batch:
//   files (a thread each, up to `jobs`) -> DumpReader -> classify tables ->
//   RowMapper (or, for Parquet, parquet_input.h: row groups -> TickRows) ->
//   TickRows routed by (kind, day, underlying) to a PartitionBuilder each (a
//   global memory budget spills the largest) -> sources ranked -> spot
//   partitions finished, then options and futures (spot series feed
//   spot_price) in parallel, each merged with its published file under the
//   REPLACE rule -> Publisher commits the batch's files and the manifest
//   atomically. Then the audit report of the whole run.
//
// Why batches (docs/dataset-publish.md#batches): the users' history is
// contract-major, so no day is complete before every input is read; a run
// over all of it would publish nothing for hours and lose it all to a kill.
// A batch's partitions are merged with what earlier batches published, so
// the result is the same set of rows whatever the batches were, and a rerun
// of a killed run converges to the dataset of an uninterrupted one.
//
// Nothing of a batch is published unless every file of it was read: a bad
// dump (truncated gzip, a corrupt statement, a value that does not parse) or
// an unreadable Parquet file (not Parquet, truncated, no timestamp column)
// throws Error naming the file and position and leaves the dataset as the
// batches before left it (as it was, when the inputs fit one batch). With
// keep_going, bad statements and values are collected into the audit and
// unreadable files are skipped with the reason instead; a file that fails
// part-way is skipped whole, the rows it gave before failing left out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "ingest/audit.h"

namespace tapelab::ingest {

struct IngestOptions {
  std::vector<std::filesystem::path> inputs;  // dump and Parquet files, or folders of them (inputs.h)
  std::filesystem::path dataset;
  std::optional<std::filesystem::path> calendar;  // user expiry calendar over the built-in rules
  std::size_t memory_budget = std::size_t{2} << 30;  // bytes for the whole run (memory_plan.h)
  std::uint64_t batch_bytes = std::uint64_t{8} << 30;  // input bytes read and published at a time
  int jobs = 0;                                      // files read at once; 0 = all cores
  bool keep_going = false;
  int gap_seconds = 60;
  bool progress = false;  // progress line on stderr (the CLI sets it when stderr is a terminal)
};

struct IngestResult {
  Audit audit;
  std::vector<dataset::PartitionKey> published;  // partitions written by this run, sorted
  std::size_t batches = 0;                       // commits it made
};

IngestResult ingest(const IngestOptions& options);

}  // namespace tapelab::ingest
