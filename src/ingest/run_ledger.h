// What one ingest run keeps across its batches, whoever reads the files and
// builds the partitions: ingest() with threads in this process
// (ingest.cpp), or tapelab.distributed.ingest with tasks on Dask workers
// (jobs/ingest_parts.h). It holds the dataset's publisher (and so its lock),
// the manifest, the source table and the audit report, and a batch's steps
// are its methods, called in this order:
//
//   begin_batch, add_source for each file of the batch (before its rows are
//   routed: rows carry the source's index), file_read for each file once it
//   was read, partitions_to_build, record for each partition built,
//   commit_batch; after the last batch, finish.
//
// Both drivers going through these same steps is what makes their datasets
// and audit reports the same, byte for byte (the run id and the manifest's
// updated_at aside, which no two runs share).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "dataset/partition_builder.h"
#include "dataset/publisher.h"
#include "dataset/source.h"
#include "domain/expiry_calendar.h"
#include "ingest/audit.h"
#include "ingest/ingest.h"
#include "ingest/inputs.h"
#include "ingest/read_input.h"

namespace tapelab::ingest {

// The built-in expiry rules, overlaid with the user's calendar file if any.
domain::ExpiryCalendar load_calendar(const std::optional<std::filesystem::path>& user);

class RunLedger {
 public:
  // Takes the dataset's lock and loads its manifest; throws Error for a
  // dataset built with another expiry calendar.
  RunLedger(const IngestOptions& options, const Inputs& inputs, Audit& audit);
  RunLedger(const RunLedger&) = delete;
  RunLedger& operator=(const RunLedger&) = delete;

  const std::vector<InputFile>& files() const { return files_; }
  const domain::ExpiryCalendar& calendar() const { return calendar_; }
  const std::string& calendar_hash() const { return calendar_hash_; }
  dataset::Publisher& publisher() { return publisher_; }
  const dataset::SourceTable& sources() const { return sources_; }
  const dataset::Manifest& manifest() const { return manifest_; }
  FileAudit& file_audit(std::size_t file) { return audit_.files.at(file); }

  // Consecutive files [begin, end) whose bytes add up to at least
  // batch_bytes (the last batch: whatever is left).
  std::vector<std::pair<std::size_t, std::size_t>> plan_batches(std::uint64_t batch_bytes) const;

  void begin_batch();
  // File `file` (an index into files()) is `source`; returns its index in
  // the source table.
  std::uint32_t add_source(std::size_t file, const dataset::Source& source);
  // File `file` was read into its file_audit(): a broken one
  // (FileSkip::kBroken) gives no rows (an Error when its source is already
  // in the dataset, whose rows there would go too); otherwise its bad tables
  // and the range of its rows' timestamps (nullopt: no rows) count. Not
  // thread-safe.
  void file_read(std::size_t file, std::vector<BadTable> bad_tables,
                 std::optional<std::pair<std::int64_t, std::int64_t>> range, ExtraColumns extra_columns);

  // The batch's partitions to build, spot before the others (their
  // spot_price reads the day's spot): `routed`, those the batch's files that
  // were read whole gave rows, and options partitions published before
  // whose day's spot is rebuilt now (the dataset does not depend on which
  // batch brought the spot rows). Finalizes the source table.
  std::vector<dataset::PartitionKey> partitions_to_build(const std::vector<dataset::PartitionKey>& routed);
  // What a partition's build merges its new rows with: its published file.
  std::optional<std::filesystem::path> published_file(const dataset::PartitionKey& key) const;
  // The file an options partition's spot_price comes from: the day's spot
  // partition staged by this batch, else the published one, else none.
  std::optional<std::filesystem::path> spot_file(const dataset::PartitionKey& options_key) const;
  // Where a partition of this batch is written before the commit.
  std::filesystem::path staged_file(const dataset::PartitionKey& key) const { return publisher_.staged_path(key); }

  // A partition of the batch was built into staged_file(key): `bytes` long,
  // `content_hash` its dataset::hash_file. Thread-safe.
  void record(const dataset::PartitionKey& key, dataset::PartitionAudit audit, std::uint64_t bytes,
              std::string content_hash);
  // Publishes the batch's partitions and sources with the manifest, in one
  // commit; returns how many partitions.
  std::size_t commit_batch();

  // Completes the audit (totals, checks against the whole dataset) and
  // writes it into the dataset; fills `result`.
  void finish(IngestResult& result);

 private:
  struct Built {
    dataset::PartitionAudit audit;
    std::uint64_t bytes = 0;
    std::string content_hash;
  };

  const IngestOptions& options_;
  const std::vector<InputFile>& files_;
  const domain::ExpiryCalendar calendar_;
  const std::string calendar_hash_;
  dataset::Publisher publisher_;
  dataset::Manifest manifest_;
  Audit& audit_;
  dataset::SourceTable sources_;
  std::size_t known_sources_ = 0;                         // before the batch
  std::vector<std::uint32_t> source_index_;               // per file
  std::vector<ExtraColumns> extra_;                       // per file
  std::vector<std::string> batch_keys_;                   // source keys of the batch's files
  std::set<dataset::PartitionKey> building_;              // the batch's partitions
  std::mutex built_mutex_;
  std::map<dataset::PartitionKey, Built> built_;          // the batch's, as they are recorded
  std::map<dataset::PartitionKey, dataset::PartitionAudit> reports_;  // every partition published, as last built
  std::size_t batches_ = 0;
};

}  // namespace tapelab::ingest
