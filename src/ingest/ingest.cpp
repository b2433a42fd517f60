#include "ingest/ingest.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_for_each.h>
#include <oneapi/tbb/task_group.h>
#include <unistd.h>

#include "dataset/manifest.h"
#include "dataset/partition_builder.h"
#include "dataset/publisher.h"
#include "domain/expiry_calendar.h"
#include "domain/time.h"
#include "domain/trading_calendar.h"
#include "dump/reader.h"
#include "ingest/classify.h"
#include "ingest/inputs.h"
#include "ingest/parquet_input.h"
#include "ingest/progress.h"
#include "ingest/router.h"
#include "ingest/row_mapper.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;
using dataset::PartitionKey;
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

// Reads one dump into `router`, accounting in `audit`.
void read_dump(const fs::path& path, bool keep_going, FileRouter& router, const domain::ExpiryCalendar& calendar,
               FileAudit& audit, std::map<std::string, std::set<std::string>>& extra_columns,
               ProgressMeter::File& meter, const std::atomic<bool>& cancel, std::vector<BadTable>& bad_tables) {
  dump::ReaderOptions reader_options;
  reader_options.keep_going = keep_going;
  dump::DumpReader reader(path, reader_options);
  FileHandler handler(router, calendar, audit, extra_columns, keep_going, meter, cancel);
  reader.read(handler);
  for (const auto& p : reader.problems()) audit.problems.push_back(p.to_string());
  handler.collect_bad_tables(bad_tables);
}

domain::ExpiryCalendar load_calendar(const std::optional<fs::path>& user) {
  auto builtin = domain::ExpiryCalendar::builtin();
  if (!user) return builtin;
  return domain::ExpiryCalendar::overlay(builtin, domain::ExpiryCalendar::from_csv(*user));
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return domain::format_wall_time(secs * domain::kNanosPerSecond);
}

std::string make_run_id() {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  std::string t = domain::format_wall_time(secs * domain::kNanosPerSecond);  // "YYYY-MM-DD HH:MM:SS" (UTC)
  std::erase_if(t, [](char c) { return c == '-' || c == ':'; });
  std::replace(t.begin(), t.end(), ' ', 'T');
  return fmt::format("{}Z-{}", t, ::getpid());
}

// Reads every file on up to `jobs` threads. The first failure cancels the
// other readers and is rethrown once all have stopped.
void read_files(std::size_t files, int jobs, const std::function<void(std::size_t)>& read_one,
                std::atomic<bool>& cancel) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < files && !cancel.load();) {
      try {
        read_one(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        cancel.store(true);
      }
    }
  };
  const std::size_t n = std::min<std::size_t>(files, static_cast<std::size_t>(std::max(jobs, 1)));
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace

IngestResult ingest(const IngestOptions& options) {
  const Inputs inputs = find_inputs(options.inputs);
  const std::vector<InputFile>& files = inputs.files;
  const auto calendar = load_calendar(options.calendar);
  const std::string calendar_hash = options.calendar ? dataset::hash_file(*options.calendar) : "";
  const auto& trading = domain::TradingCalendar::nse();
  const int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));

  dataset::Publisher publisher(options.dataset);
  dataset::Manifest manifest = dataset::Manifest::load(options.dataset);
  if (!manifest.partitions.empty() && manifest.calendar_hash != calendar_hash) {
    fail("ingest: {} was built with another expiry calendar ({}); give the same --calendar, or rebuild the "
         "dataset with the new one first (tapelab dataset rebuild)",
         options.dataset.string(), manifest.calendar_hash.empty() ? "the built-in rules" : manifest.calendar_hash);
  }

  IngestResult result;
  Audit& audit = result.audit;
  audit.run_id = make_run_id();
  audit.dataset = options.dataset.string();
  audit.gap_seconds = options.gap_seconds;
  audit.files.resize(files.size());
  audit.ignored_files = inputs.ignored;

  // Every source is known before any row is routed (rows carry source indexes).
  dataset::SourceTable sources;
  for (const auto& s : manifest.sources) sources.add(s);
  std::vector<dataset::Source> new_sources(files.size());
  tbb::parallel_for(std::size_t{0}, files.size(), [&](std::size_t i) {
    new_sources[i].key = files[i].source_key;
    new_sources[i].path = files[i].path.string();
    new_sources[i].size = fs::file_size(files[i].path);
    new_sources[i].checksum = dataset::hash_file(files[i].path);
  });
  std::vector<std::uint32_t> source_index(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    source_index[i] = sources.add(new_sources[i]);
    audit.files[i].source_key = new_sources[i].key;
    audit.files[i].path = new_sources[i].path;
    audit.files[i].bytes = new_sources[i].size;
  }

  Router router(sources, publisher.scratch_dir(), options.memory_budget, options.gap_seconds);
  ProgressMeter meter(files.size(), options.progress);
  for (std::size_t i = 0; i < files.size(); ++i) meter.file(i).size = new_sources[i].size;
  std::atomic<bool> cancel{false};
  std::mutex shared_mutex;  // audit parts shared by the readers
  std::vector<std::map<std::string, std::set<std::string>>> extra(files.size());

  meter.start("reading");
  read_files(files.size(), jobs, [&](std::size_t i) {
    FileRouter file_router(router, calendar, source_index[i], audit.files[i]);
    std::vector<BadTable> bad_tables;
    if (files[i].format == InputFormat::kParquet) {
      const ParquetReadContext context{calendar, options.keep_going, meter.file(i), cancel};
      read_parquet(files[i], context, file_router, audit.files[i], bad_tables, extra[i]);
    } else {
      read_dump(files[i].path, options.keep_going, file_router, calendar, audit.files[i], extra[i], meter.file(i),
                cancel, bad_tables);
    }
    meter.file(i).bytes.store(new_sources[i].size);
    std::lock_guard lock(shared_mutex);
    audit.bad_tables.insert(audit.bad_tables.end(), bad_tables.begin(), bad_tables.end());
    if (file_router.has_rows()) sources.set_recording_range(source_index[i], file_router.first(), file_router.last());
  }, cancel);
  meter.stop();
  sources.finalize();
  for (const auto& per_file : extra) {
    for (const auto& [column, tables] : per_file) audit.extra_columns[column].insert(tables.begin(), tables.end());
  }
  std::sort(audit.bad_tables.begin(), audit.bad_tables.end(), [](const BadTable& a, const BadTable& b) {
    return std::tie(a.source_key, a.table) < std::tie(b.source_key, b.table);
  });

  // Spot first: its series feeds spot_price of the same day's options.
  auto& slots = router.slots();
  std::vector<PartitionKey> spot_keys, other_keys;
  for (const auto& [key, slot] : slots) (key.kind == dataset::TableKind::kSpot ? spot_keys : other_keys).push_back(key);
  std::map<PartitionKey, fs::path> staged;
  for (const auto& [key, slot] : slots) staged[key] = publisher.staged_path(key);
  std::map<PartitionKey, dataset::PartitionAudit> audits;
  for (const auto& key : spot_keys) audits[key];
  for (const auto& key : other_keys) audits[key];

  auto finish = [&](const PartitionKey& key) {
    std::optional<fs::path> existing;
    if (manifest.find(key)) existing = dataset::partition_path(options.dataset, key);
    dataset::SpotSeries spot;
    if (key.kind == dataset::TableKind::kOptions) {
      const PartitionKey spot_key{dataset::TableKind::kSpot, key.date, key.underlying};
      if (staged.count(spot_key)) {
        spot = dataset::read_spot_series(staged.at(spot_key));
      } else if (manifest.find(spot_key)) {
        spot = dataset::read_spot_series(dataset::partition_path(options.dataset, spot_key));
      }
    }
    audits.at(key) = slots.at(key)->builder->finish(existing, &spot, trading, staged.at(key));
    slots.at(key)->builder.reset();  // frees its memory and spill runs
  };
  meter.start_phase(fmt::format("writing {} partitions", slots.size()));
  tbb::parallel_for_each(spot_keys.begin(), spot_keys.end(), finish);
  tbb::parallel_for_each(other_keys.begin(), other_keys.end(), finish);

  // The manifest: sources and the rebuilt partitions.
  // In key order, so that each lands at the end of the manifest's sorted list.
  std::vector<std::string> new_keys;
  for (const auto& f : new_sources) new_keys.push_back(f.key);
  std::sort(new_keys.begin(), new_keys.end());
  for (const auto& key : new_keys) manifest.upsert_source(sources.at(sources.find(key)));
  for (const auto& [key, partition_audit] : audits) {
    dataset::PartitionEntry entry;
    entry.key = key;
    entry.rows = partition_audit.rows_written;
    entry.bytes = fs::file_size(staged.at(key));
    entry.content_hash = dataset::hash_file(staged.at(key));
    // Only sources with rows in the file: the existing file's rows went
    // through the same merge, so a source all of whose rows were replaced
    // drops out (it stays in the manifest's source list).
    entry.sources = partition_audit.sources;
    manifest.upsert(std::move(entry));
    result.published.push_back(key);
    audit.partitions.push_back({key, partition_audit});
  }
  manifest.tapelab_version = kVersion;
  manifest.updated_at = utc_now();
  manifest.calendar_hash = calendar_hash;
  publisher.commit(result.published, {}, manifest);

  add_checks(audit, manifest, calendar);
  write_audit(audit, options.dataset);
  return result;
}

}  // namespace tapelab::ingest
