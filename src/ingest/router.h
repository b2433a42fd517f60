// Where converted rows go: one PartitionBuilder per (kind, day, underlying)
// under a global memory budget, shared by every input file, whatever its
// format (dump or Parquet). Sharing this step is what makes REPLACE
// semantics hold across formats: a row is a row once it is a TickRow.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <span>

#include "dataset/partition_builder.h"
#include "dataset/source.h"
#include "domain/date.h"
#include "domain/expiry_calendar.h"
#include "ingest/audit.h"
#include "ingest/classify.h"

namespace tapelab::ingest {

// One partition being built. Several reader threads feed the same partition
// (two folders' option dumps, the spot tables of one nse dump), so the
// builder is guarded; `bytes` mirrors its buffer for the global budget.
struct Slot {
  std::mutex mutex;
  std::unique_ptr<dataset::PartitionBuilder> builder;
  std::atomic<std::size_t> bytes{0};
  // A file that was read whole routed rows here (FileRouter::keep): rows of
  // files that failed part-way alone do not make a partition worth writing.
  std::atomic<bool> kept{false};
};

class Router {
 public:
  Router(const dataset::SourceTable& sources, std::filesystem::path scratch, std::size_t budget, int gap_seconds)
      : sources_(sources), scratch_(std::move(scratch)), budget_(budget), gap_seconds_(gap_seconds) {}

  Slot& slot(const dataset::PartitionKey& key);
  // Adds rows of one partition, then spills the largest partitions while
  // the buffered rows of all of them exceed the budget.
  void add(Slot& s, std::span<const dataset::TickRow> rows);

  std::map<dataset::PartitionKey, std::unique_ptr<Slot>>& slots() { return slots_; }

 private:
  bool spill_largest();  // false when there was nothing left to spill

  const dataset::SourceTable& sources_;
  std::filesystem::path scratch_;
  std::size_t budget_;
  int gap_seconds_;
  std::mutex mutex_;
  std::map<dataset::PartitionKey, std::unique_ptr<Slot>> slots_;
  std::atomic<std::size_t> total_{0};
};

// The rows of one input file on their way to the Router: drops what the
// dataset never holds (1970 logger artifacts, futures without a front
// month), stamps source and instrument, and keeps the file's recording range.
class FileRouter {
 public:
  // One table of a dump, one contract of a Parquet file: its rows go to the
  // partitions of their days.
  struct Table {
    Table() = default;
    explicit Table(TableClass c) : cls(std::move(c)) {}
    TableClass cls;
    struct Target {
      Slot* slot = nullptr;
      std::uint32_t instrument = 0;
      bool no_expiry = false;
    };
    std::map<domain::Date, Target> targets;  // futures resolve their front month per day
  };

  FileRouter(Router& router, const domain::ExpiryCalendar& calendar, std::uint32_t source, FileAudit& audit)
      : router_(router), calendar_(calendar), source_(source), audit_(audit) {}

  // Routes converted rows of `table` (kOptions, kSpot or kFutures); `rows`
  // is reordered. Counts what it adds and drops in the file's audit.
  void route(Table& table, std::span<dataset::TickRow> rows);

  // The file was read whole: the partitions it routed rows to are built.
  void keep();
  // Routing (not reading) threw: the run cannot go on, whatever keep_going says.
  bool sink_failed() const { return sink_failed_; }

  bool has_rows() const { return first_ <= last_; }
  std::int64_t first() const { return first_; }
  std::int64_t last() const { return last_; }

 private:
  void route_rows(Table& table, std::span<dataset::TickRow> rows);
  const Table::Target& target_for(Table& table, domain::Date day);

  Router& router_;
  const domain::ExpiryCalendar& calendar_;
  std::uint32_t source_;
  FileAudit& audit_;
  std::vector<Slot*> row_slots_;  // per kept row: its partition
  std::vector<Slot*> touched_;    // every partition given rows, once per (table, day)
  bool sink_failed_ = false;
  std::int64_t first_ = INT64_MAX;
  std::int64_t last_ = INT64_MIN;
};

}  // namespace tapelab::ingest
