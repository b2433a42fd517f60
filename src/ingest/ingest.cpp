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
#include "ingest/progress.h"
#include "ingest/row_mapper.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;
using dataset::PartitionKey;
using dataset::TickRow;

namespace {

bool is_dump_name(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.ends_with(".sql") || name.ends_with(".sql.gz");
}

// One partition being built. Several reader threads feed the same partition
// (two folders' option dumps, the spot tables of one nse dump), so the
// builder is guarded; `bytes` mirrors its buffer for the global budget.
struct Slot {
  std::mutex mutex;
  std::unique_ptr<dataset::PartitionBuilder> builder;
  std::atomic<std::size_t> bytes{0};
};

class Router {
 public:
  Router(const dataset::SourceTable& sources, fs::path scratch, std::size_t budget, int gap_seconds)
      : sources_(sources), scratch_(std::move(scratch)), budget_(budget), gap_seconds_(gap_seconds) {}

  Slot& slot(const PartitionKey& key) {
    std::lock_guard lock(mutex_);
    auto& s = slots_[key];
    if (!s) {
      s = std::make_unique<Slot>();
      dataset::BuildOptions options;
      options.spill_dir = scratch_ / fmt::format("{}-{}-{}", dataset::to_string(key.kind), key.date.to_string(),
                                                 key.underlying);
      // The router enforces the global budget; a builder alone never spills first.
      options.memory_budget = budget_;
      options.gap_seconds = gap_seconds_;
      s->builder = std::make_unique<dataset::PartitionBuilder>(key, sources_, options);
    }
    return *s;
  }

  void add(Slot& s, std::span<const TickRow> rows) {
    {
      std::lock_guard lock(s.mutex);
      s.builder->add(rows);
      const std::size_t now = s.builder->buffered_bytes();
      const std::size_t before = s.bytes.exchange(now);
      total_ += now - before;  // wraps correctly when the builder spilled on its own
    }
    while (total_.load() > budget_ && spill_largest()) {
    }
  }

  std::map<PartitionKey, std::unique_ptr<Slot>>& slots() { return slots_; }

 private:
  // False when there was nothing left to spill.
  bool spill_largest() {
    Slot* largest = nullptr;
    {
      std::lock_guard lock(mutex_);
      for (auto& [key, s] : slots_) {
        if (!largest || s->bytes.load() > largest->bytes.load()) largest = s.get();
      }
    }
    if (!largest) return false;
    std::lock_guard lock(largest->mutex);
    if (largest->bytes.load() == 0) return false;
    largest->builder->spill();
    const std::size_t now = largest->builder->buffered_bytes();
    total_ -= largest->bytes.exchange(now) - now;
    return true;
  }

  const dataset::SourceTable& sources_;
  fs::path scratch_;
  std::size_t budget_;
  int gap_seconds_;
  std::mutex mutex_;
  std::map<PartitionKey, std::unique_ptr<Slot>> slots_;
  std::atomic<std::size_t> total_{0};
};

// What one table of the dump being read turns into.
struct TableState {
  TableClass cls;
  std::unordered_map<std::uint64_t, std::unique_ptr<RowMapper>> mappers;  // by layout id
  // Per day: where its rows go. Futures resolve their front month per day.
  struct Target {
    Slot* slot = nullptr;
    std::uint32_t instrument = 0;
    bool no_expiry = false;
  };
  std::map<domain::Date, Target> targets;
  std::int64_t rows = 0;
};

// Rows per parallel conversion task: enough work (~100 us) to outweigh
// scheduling, small enough to split a reader's batch over the cores.
constexpr std::size_t kConvertGrain = 512;

class FileHandler : public dump::DumpHandler {
 public:
  FileHandler(Router& router, const domain::ExpiryCalendar& calendar, std::uint16_t source, FileAudit& audit,
              std::map<std::string, std::set<std::string>>& extra_columns, bool keep_going,
              ProgressMeter::File& meter, const std::atomic<bool>& cancel)
      : router_(router), calendar_(calendar), source_(source), audit_(audit), extra_columns_(extra_columns),
        keep_going_(keep_going), meter_(meter), cancel_(cancel) {}

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
    state.cls = classify_table(table.name, calendar_);
    switch (state.cls.role) {
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
    if (state.cls.role == TableRole::kBadOption) return nullptr;  // counted, never converted
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
    if (state.cls.role == TableRole::kBadOption) {
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
    // Kept rows move up over dropped ones (in place) and go to their
    // partitions straight from here, a run of rows with the same target at a
    // time (a table's batch is one contract and mostly one day: one run).
    std::size_t kept = 0;
    row_slots_.resize(batch.rows());
    for (std::size_t i = 0; i < batch.rows(); ++i) {
      TickRow& row = converted_[i];
      if (!converted_ok_[i]) {
        mapper.convert(batch.row(i), row, error_);  // again, for the message
        const std::string what = fmt::format("{}: byte {}: table `{}`: {}", audit_.path,
                                             batch.row_offsets[i], batch.table->name, error_);
        if (!keep_going_) fail("{}", what);
        ++audit_.rows_bad_value;
        audit_.problems.push_back(what);
        continue;
      }
      const domain::Date day = domain::date_of(row.timestamp);
      if (day == domain::Date{}) {
        ++audit_.rows_1970;
        continue;
      }
      const TableState::Target& target = target_for(state, day);
      if (target.no_expiry) {
        ++audit_.rows_no_expiry;
        continue;
      }
      row.source = source_;
      row.instrument = target.instrument;
      first_ = std::min(first_, row.timestamp);
      last_ = std::max(last_, row.timestamp);
      if (kept != i) converted_[kept] = row;
      row_slots_[kept++] = target.slot;
    }
    for (std::size_t begin = 0, end = 0; begin < kept; begin = end) {
      while (end < kept && row_slots_[end] == row_slots_[begin]) ++end;
      router_.add(*row_slots_[begin], std::span<const TickRow>(converted_.data() + begin, end - begin));
      audit_.rows_added += static_cast<std::int64_t>(end - begin);
    }
  }

 public:
  void on_progress(const dump::Progress& progress) override {
    meter_.bytes.store(progress.file_bytes_read, std::memory_order_relaxed);
    if (cancel_.load(std::memory_order_relaxed)) fail("cancelled");
  }

  // Bad option tables, once the file is done (their row counts are final).
  void collect_bad_tables(std::vector<BadTable>& out) const {
    for (const auto& [name, state] : tables_) {
      if (state.cls.role == TableRole::kBadOption) out.push_back({audit_.source_key, name, state.cls.reason, state.rows});
    }
  }

  bool has_rows() const { return first_ <= last_; }
  std::int64_t first() const { return first_; }
  std::int64_t last() const { return last_; }

 private:
  const RowMapper& mapper_for(TableState& state, const dump::ColumnLayout& layout) {
    auto& mapper = state.mappers[layout.id];
    if (!mapper) {
      mapper = std::make_unique<RowMapper>(layout);
      for (const auto& column : mapper->extra_columns()) extra_columns_[column].insert(state.cls.instrument.symbol);
    }
    return *mapper;
  }

  const TableState::Target& target_for(TableState& state, domain::Date day) {
    auto [it, fresh] = state.targets.try_emplace(day);
    if (!fresh) return it->second;
    TableState::Target& target = it->second;
    dataset::Instrument instrument = state.cls.instrument;
    if (state.cls.role == TableRole::kFutures) {
      // No expiry in the name: the front month on that day (a roll shows as an expiry change).
      auto front = dataset::futures_instrument(instrument.symbol, state.cls.underlying, day, calendar_);
      if (!front) {
        target.no_expiry = true;
        return target;
      }
      instrument = std::move(*front);
    }
    target.slot = &router_.slot(PartitionKey{table_kind(state.cls.role), day, state.cls.underlying});
    std::lock_guard lock(target.slot->mutex);
    target.instrument = target.slot->builder->add_instrument(instrument);
    return target;
  }

  Router& router_;
  const domain::ExpiryCalendar& calendar_;
  std::uint16_t source_;
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
  std::vector<Slot*> row_slots_;            // per kept row: its partition
  std::string error_;
  std::int64_t first_ = INT64_MAX;
  std::int64_t last_ = INT64_MIN;
};

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
void read_files(const std::vector<fs::path>& files, int jobs, const std::function<void(std::size_t)>& read_one,
                std::atomic<bool>& cancel) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < files.size() && !cancel.load();) {
      try {
        read_one(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        cancel.store(true);
      }
    }
  };
  const std::size_t n = std::min<std::size_t>(files.size(), static_cast<std::size_t>(std::max(jobs, 1)));
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace

std::vector<fs::path> dump_files(const std::vector<fs::path>& inputs) {
  std::vector<fs::path> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::directory_iterator(input)) {
        if (entry.is_regular_file() && is_dump_name(entry.path())) found.push_back(entry.path());
      }
      if (found.empty()) fail("ingest: folder {} holds no .sql or .sql.gz dump", input.string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(input, ec)) {
      files.push_back(input);
    } else {
      fail("ingest: {} is neither a dump file nor a folder", input.string());
    }
  }
  if (files.empty()) fail("ingest: no dump files given");
  std::set<std::string> keys;
  for (const auto& f : files) {
    if (!keys.insert(dataset::source_key(f)).second) {
      fail("ingest: two inputs have the same source key '{}' (parent folder/file name): {}", dataset::source_key(f),
           f.string());
    }
  }
  return files;
}

IngestResult ingest(const IngestOptions& options) {
  const auto files = dump_files(options.inputs);
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

  // Every source is known before any row is routed (rows carry source indexes).
  dataset::SourceTable sources;
  for (const auto& s : manifest.sources) sources.add(s);
  std::vector<dataset::Source> new_sources(files.size());
  tbb::parallel_for(std::size_t{0}, files.size(), [&](std::size_t i) {
    new_sources[i].key = dataset::source_key(files[i]);
    new_sources[i].path = files[i].string();
    new_sources[i].size = fs::file_size(files[i]);
    new_sources[i].checksum = dataset::hash_file(files[i]);
  });
  std::vector<std::uint16_t> source_index(files.size());
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
  read_files(files, jobs, [&](std::size_t i) {
    dump::ReaderOptions reader_options;
    reader_options.keep_going = options.keep_going;
    dump::DumpReader reader(files[i], reader_options);
    FileHandler handler(router, calendar, source_index[i], audit.files[i], extra[i], options.keep_going, meter.file(i),
                        cancel);
    reader.read(handler);
    for (const auto& p : reader.problems()) audit.files[i].problems.push_back(p.to_string());
    meter.file(i).bytes.store(new_sources[i].size);
    std::lock_guard lock(shared_mutex);
    handler.collect_bad_tables(audit.bad_tables);
    if (handler.has_rows()) sources.set_recording_range(source_index[i], handler.first(), handler.last());
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
  for (const auto& s : sources.sources()) {
    for (const auto& f : new_sources) {
      if (f.key == s.key) manifest.upsert_source(s);
    }
  }
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
