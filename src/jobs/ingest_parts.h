// An ingest split into parts that run anywhere (tapelab.distributed.ingest
// runs them as Dask tasks). The client plans the run, holds the dataset's
// lock and publishes: IngestJob, over the same ingest::RunLedger a local
// ingest keeps. A batch's parts:
//
//   each input file: ingest_file_part reads it into sorted runs of rows, one
//   set per partition it gives rows to, under the dataset's staging folder,
//   and returns its audit and where the runs are;
//   each partition of the batch: ingest_partition_part merges the runs of
//   every file with the published partition into the partition's staged
//   file (spot first: an options partition reads its day's spot);
//   the client commits the batch.
//
// The dataset and its audit report are a local ingest's, byte for byte (the
// run id and the manifest's updated_at aside; docs/python.md#ingest-on-dask).
//
// Why runs on shared storage rather than rows sent back as bytes (the truth
// build's way, jobs/truth_parts.h): a file's rows are the dataset's bulk,
// several times the size of its gzip, and the partition that needs them is
// built on another worker; the client only handles audits and paths. A part
// that dies half-way leaves files only under a folder of its own, which the
// batch's commit (or the next run) removes with the rest of staging.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dataset/layout.h"
#include "ingest/ingest.h"
#include "ingest/inputs.h"

namespace tapelab::ingest {
class RunLedger;
}

namespace tapelab::jobs {

class IngestJob {
 public:
  // Finds the inputs and takes the dataset's lock; throws Error as
  // `tapelab ingest` would. options.jobs and options.progress do not apply
  // (a task reads one file with one thread); options.memory_budget is each
  // task's.
  explicit IngestJob(ingest::IngestOptions options);
  ~IngestJob();
  IngestJob(const IngestJob&) = delete;
  IngestJob& operator=(const IngestJob&) = delete;

  // The run's batches (options.batch_bytes of input each).
  std::size_t batches() const { return batches_.size(); }

  struct Task {
    std::string label;    // the file's path as given, or the partition ("options/2025-11-18/NIFTY")
    std::string encoded;  // for ingest_file_part or ingest_partition_part
    std::optional<std::size_t> after;  // partitions: the task (its day's spot) that must finish first
    // How much work it is, for the scheduler to start the largest first (a
    // large file or partition started last leaves every other worker idle
    // while it runs): files, their bytes; partitions, the rows their files
    // gave them and the published file's, spot partitions above all others.
    std::uint64_t weight = 0;
  };
  // The files of batch `batch` (the next one to run), a task each.
  std::vector<Task> file_tasks(std::size_t batch);
  // The part ingest_file_part made of file_tasks()[i]. Throws Error for a
  // part of another file or damaged bytes.
  void add_file_part(std::size_t i, std::string_view part);
  // Once every file's part is in: the batch's partitions to build, spot first.
  std::vector<Task> partition_tasks();
  void add_partition_part(std::size_t i, std::string_view part);
  // Publishes the batch (an Error when a partition is missing); returns how
  // many partitions it published.
  std::size_t commit_batch();
  // After the last batch: writes the audit report; returns what
  // `tapelab ingest` prints.
  std::string finish();
  // Gives up: the batch in progress is not published, the lock is
  // released, staging removed.
  void close();

 private:
  ingest::RunLedger& ledger();
  // Where the batch's parts write (removed when it commits).
  std::filesystem::path scratch_folder();
  // The batch's file parts, taken into the ledger; returns, per partition,
  // the runs each file gave it (JSON, as the partition tasks carry them).
  std::map<dataset::PartitionKey, nlohmann::json> take_file_parts();
  std::string partition_task(const dataset::PartitionKey& key, nlohmann::json inputs, bool spot_from_after);

  ingest::IngestOptions options_;
  ingest::Inputs inputs_;
  ingest::IngestResult result_;
  std::unique_ptr<ingest::RunLedger> ledger_;
  std::vector<std::pair<std::size_t, std::size_t>> batches_;
  std::size_t batch_ = 0;
  struct FilePart;
  std::vector<std::unique_ptr<FilePart>> file_parts_;       // of the batch, per file task
  std::vector<std::string> partition_labels_;               // of the batch, per partition task
  std::map<dataset::PartitionKey, std::string> built_files_;  // of the batch: where each partition was built
};

// Reads one input file from its task (on a worker, one thread); returns the
// part for IngestJob::add_file_part.
std::string ingest_file_part(std::string_view task);
// Builds one partition from its task (on a worker, one thread) into a folder
// of its own under staging; returns the part for
// IngestJob::add_partition_part. An options partition whose day's spot is
// built in the same batch is given that spot task's part (its task's
// `after`): its spot_price reads the file that task wrote.
std::string ingest_partition_part(std::string_view task, std::optional<std::string_view> spot_part);

}  // namespace tapelab::jobs
