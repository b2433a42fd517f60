#include "ingest/dump_input.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_group.h>

#include "dump/reader.h"
#include "ingest/classify.h"
#include "ingest/row_mapper.h"
#include "util/error.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;
using dataset::TickRow;

namespace {

// What one table of the dump being read turns into.
struct TableState {
  FileRouter::Table route;
  std::unordered_map<std::uint64_t, std::unique_ptr<RowMapper>> mappers;  // by layout id
  std::int64_t rows = 0;
};

// Rows per parallel conversion task: enough work (~100 us) to outweigh
// scheduling, small enough to split a reader's batch over the cores.
constexpr std::size_t kConvertGrain = 512;

class FileHandler : public dump::DumpHandler {
 public:
  FileHandler(FileRouter& router, const domain::ExpiryCalendar& calendar, FileAudit& audit,
              std::map<std::string, std::set<std::string>>& extra_columns, bool keep_going,
              ProgressMeter::File& meter, const std::atomic<bool>& cancel)
      : router_(router), calendar_(calendar), audit_(audit), extra_columns_(extra_columns), keep_going_(keep_going),
        meter_(meter), cancel_(cancel) {}

  // The batch in the background uses tables_ and the slot targets.
  ~FileHandler() noexcept override {
    try {
      background_.wait();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the reader's own exception is the one to report
    }
  }
  FileHandler(const FileHandler&) = delete;
  FileHandler& operator=(const FileHandler&) = delete;

  dump::TableAction on_table(const dump::TableSchema& table, const dump::Position&) override {
    drain();  // the batch in the background may be using tables_
    TableState& state = tables_[table.name];
    state = TableState{};
    state.route = FileRouter::Table(classify_table(table.name, calendar_));
    switch (state.route.cls.role) {
      case TableRole::kOptions: ++audit_.tables_options; break;
      case TableRole::kSpot: ++audit_.tables_spot; break;
      case TableRole::kFutures: ++audit_.tables_futures; break;
      case TableRole::kBadOption: ++audit_.tables_bad; break;
      case TableRole::kSkip: ++audit_.tables_skipped; return dump::TableAction::kSkip;
    }
    return dump::TableAction::kRead;
  }

  // The reader converts rows while it reads them (RowMapper's plan); the
  // batch in the background is drained by the reader before it asks.
  const dump::RecordPlan* record_plan(const dump::TableSchema& table, const dump::ColumnLayout& layout) override {
    TableState& state = tables_.at(table.name);
    if (state.route.cls.role == TableRole::kBadOption) return nullptr;  // counted, never converted
    return mapper_for(state, layout).plan();
  }

  // Converting and routing a batch overlaps with the reader parsing the
  // next one (dump::DumpHandler allows it): one batch at a time in the
  // background, in file order, so errors and the audit read as if sequential.
  void on_rows(const dump::RowBatch& batch) override {
    drain();
    if (cancel_.load(std::memory_order_relaxed)) fail("cancelled");
    batch_ = batch;
    background_.run([this] { handle(batch_); });
  }

  void drain() override { background_.wait(); }

 private:
  void handle(const dump::RowBatch& batch) {
    TableState& state = tables_.at(batch.table->name);
    const auto n = static_cast<std::int64_t>(batch.rows());
    audit_.rows_read += n;
    state.rows += n;
    meter_.rows.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
    if (state.route.cls.role == TableRole::kBadOption) {
      audit_.rows_bad_table += n;
      return;
    }
    const RowMapper& mapper = mapper_for(state, *batch.layout);
    // Records only need finishing; values (rows the reader could not convert)
    // are independent and converted on all cores. Either way rows are then
    // routed in row order, so errors and the audit read as if sequential.
    converted_.resize(batch.rows());
    converted_ok_.resize(batch.rows());
    if (batch.has_records()) {
      // The reader converted them with mapper.plan().
      for (std::size_t i = 0; i < batch.rows(); ++i) {
        batch.plan->finish(batch.record(i), reinterpret_cast<std::byte*>(&converted_[i]));
      }
      std::fill(converted_ok_.begin(), converted_ok_.end(), 1);
    } else {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, batch.rows(), kConvertGrain),
                        [&](const tbb::blocked_range<std::size_t>& range) {
                          std::string ignored;
                          for (std::size_t i = range.begin(); i < range.end(); ++i) {
                            converted_ok_[i] = mapper.convert(batch.row(i), converted_[i], ignored) ? 1 : 0;
                          }
                        });
    }
    // Rows that did not convert are reported in row order and dropped; the
    // rest move up over them and go to their partitions.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < batch.rows(); ++i) {
      if (!converted_ok_[i]) {
        mapper.convert(batch.row(i), converted_[i], error_);  // again, for the message
        const std::string what = fmt::format("{}: byte {}: table `{}`: {}", audit_.path,
                                             batch.row_offsets[i], batch.table->name, error_);
        if (!keep_going_) fail("{}", what);
        ++audit_.rows_bad_value;
        audit_.problems.push_back(what);
        continue;
      }
      if (kept != i) converted_[kept] = converted_[i];
      ++kept;
    }
    router_.route(state.route, std::span<TickRow>(converted_.data(), kept));
  }

 public:
  void on_progress(const dump::Progress& progress) override {
    meter_.bytes.store(progress.file_bytes_read, std::memory_order_relaxed);
    if (cancel_.load(std::memory_order_relaxed)) fail("cancelled");
  }

  // Bad option tables, once the file is done (their row counts are final).
  void collect_bad_tables(std::vector<BadTable>& out) const {
    for (const auto& [name, state] : tables_) {
      const TableClass& cls = state.route.cls;
      if (cls.role == TableRole::kBadOption) out.push_back({audit_.source_key, name, cls.reason, state.rows});
    }
  }

 private:
  const RowMapper& mapper_for(TableState& state, const dump::ColumnLayout& layout) {
    auto& mapper = state.mappers[layout.id];
    if (!mapper) {
      mapper = std::make_unique<RowMapper>(layout);
      for (const auto& column : mapper->extra_columns()) extra_columns_[column].insert(state.route.cls.instrument.symbol);
    }
    return *mapper;
  }

  FileRouter& router_;
  const domain::ExpiryCalendar& calendar_;
  FileAudit& audit_;
  std::map<std::string, std::set<std::string>>& extra_columns_;
  bool keep_going_;
  ProgressMeter::File& meter_;
  const std::atomic<bool>& cancel_;
  std::unordered_map<std::string, TableState> tables_;
  tbb::task_group background_;  // handles batch_
  dump::RowBatch batch_;
  std::vector<TickRow> converted_;          // the batch being routed
  std::vector<std::uint8_t> converted_ok_;  // per row: converted without error
  std::string error_;
};

}  // namespace

void read_dump(const fs::path& path, const ReadContext& context, FileRouter& router, FileAudit& audit,
               std::vector<BadTable>& bad_tables, ExtraColumns& extra_columns) {
  dump::ReaderOptions reader_options;
  reader_options.keep_going = context.keep_going;
  reader_options.background_decode = !context.one_thread;
  dump::DumpReader reader(path, reader_options);
  FileHandler handler(router, context.calendar, audit, extra_columns, context.keep_going, context.meter, context.cancel);
  reader.read(handler);
  for (const auto& p : reader.problems()) audit.problems.push_back(p.to_string());
  handler.collect_bad_tables(bad_tables);
}

}  // namespace tapelab::ingest
