#include "jobs/ingest_parts.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <oneapi/tbb/task_arena.h>

#include "dataset/manifest.h"
#include "dataset/partition_builder.h"
#include "dataset/source.h"
#include "dataset/spill.h"
#include "domain/trading_calendar.h"
#include "ingest/read_input.h"
#include "ingest/router.h"
#include "ingest/run_ledger.h"
#include "jobs/cbor.h"
#include "util/error.h"

// How the parts' records are encoded (CBOR of JSON): each type's fields by
// name, so that a part that lost a field fails to decode instead of reading
// as zero. nlohmann finds these by argument-dependent lookup, so they sit in
// their types' namespaces.
namespace tapelab::ingest {
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FileAudit, source_key, path, bytes, rows_read, rows_added, rows_1970,
                                   rows_bad_table, rows_bad_value, rows_no_expiry, rows_null_timestamp,
                                   rows_discarded, tables_options, tables_spot, tables_futures, tables_skipped,
                                   tables_bad, problems, skip, skip_reason, format, missing_columns,
                                   rows_identity_mismatch, identity_mismatches)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(BadTable, source_key, table, reason, rows)
}  // namespace tapelab::ingest

namespace tapelab::domain {
inline void to_json(nlohmann::json& json, const Date& date) { json = date.to_string(); }
inline void from_json(const nlohmann::json& json, Date& date) {
  const std::optional<Date> parsed = Date::parse(json.get<std::string>());
  if (!parsed) fail("'{}' is not a date", json.dump());
  date = *parsed;
}
}  // namespace tapelab::domain

namespace tapelab::dataset {
inline void to_json(nlohmann::json& json, const PartitionKey& key) {
  json = {{"kind", to_string(key.kind)}, {"date", key.date}, {"underlying", key.underlying}};
}
inline void from_json(const nlohmann::json& json, PartitionKey& key) {
  const std::optional<TableKind> kind = parse_table_kind(json.at("kind").get<std::string>());
  if (!kind) fail("'{}' is not a table kind", json.at("kind").dump());
  key = {*kind, json.at("date").get<domain::Date>(), json.at("underlying").get<std::string>()};
}
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Instrument, symbol, expiry_type, is_monthly, expiry, opt_type, strike, lot_size)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Source, key, path, size, checksum, recording_start, recording_end)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PartitionAudit::Gap, symbol, from, to)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PartitionAudit::Span, symbol, expiry, first, last, rows, quantity_gcd)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PartitionAudit, rows_in, rows_written, duplicates_replaced, exact_duplicates,
                                   crossed_books, locked_books, zero_prices, volume_resets, contracts, gaps, spans,
                                   sources)
}  // namespace tapelab::dataset

namespace tapelab::jobs {
namespace {

namespace fs = std::filesystem;
using dataset::PartitionKey;
using Json = nlohmann::json;

constexpr int kFormatVersion = 1;

std::string encode(Json json) {
  json["format"] = kFormatVersion;
  return to_cbor(json);
}

// `what` names the bytes in the error ("ingest file task", "ingest partition part").
Json decode(std::string_view bytes, std::string_view what) { return from_cbor<Json>(bytes, what, kFormatVersion); }

template <class T>
T field(const Json& json, const char* name, std::string_view what) {
  try {
    return json.at(name).get<T>();
  } catch (const Json::exception& e) {
    fail("{} is damaged: {}", what, e.what());
  }
}

// A folder of its own for one attempt at a part under the batch's scratch
// folder: a part whose worker died and that runs again elsewhere never
// meets the files of its first attempt.
fs::path attempt_folder(const fs::path& scratch, const std::string& name) {
  std::random_device random;
  const std::uint64_t tag = (std::uint64_t{random()} << 32) | random();
  return scratch / fmt::format("{}-{:016x}", name, tag);
}

std::string partition_label(const PartitionKey& key) { return key.to_string(); }

}  // namespace

struct IngestJob::FilePart {
  bool in = false;
  Json part;
};

IngestJob::IngestJob(ingest::IngestOptions options)
    : options_(std::move(options)),
      inputs_(ingest::find_inputs(options_.inputs)),
      ledger_(std::make_unique<ingest::RunLedger>(options_, inputs_, result_.audit)),
      batches_(ledger_->plan_batches(options_.batch_bytes)) {}

IngestJob::~IngestJob() = default;

ingest::RunLedger& IngestJob::ledger() {
  if (!ledger_) fail("ingest job: used after finish() or close()");
  return *ledger_;
}

fs::path IngestJob::scratch_folder() { return ledger().publisher().scratch_dir() / fmt::format("batch-{}", batch_); }

std::vector<IngestJob::Task> IngestJob::file_tasks(std::size_t batch) {
  if (batch != batch_ || batch >= batches_.size()) fail("ingest job: batch {} asked for, {} is next", batch, batch_);
  ingest::RunLedger& run = ledger();
  run.begin_batch();
  const fs::path scratch = scratch_folder();
  fs::create_directories(scratch);
  const auto [begin, end] = batches_[batch];
  std::vector<Task> tasks;
  file_parts_.clear();
  for (std::size_t i = begin; i < end; ++i) {
    const ingest::InputFile& file = run.files()[i];
    Json task = {{"file", i},
                 {"path", file.path.string()},
                 {"input_format", file.format},
                 {"layout", file.layout},
                 {"source_key", file.source_key},
                 {"not_parquet", file.not_parquet},
                 {"calendar", options_.calendar ? Json(options_.calendar->string()) : Json()},
                 {"calendar_hash", run.calendar_hash()},
                 {"keep_going", options_.keep_going},
                 {"gap_seconds", options_.gap_seconds},
                 {"memory_budget", options_.memory_budget},
                 {"scratch", scratch.string()}};
    std::error_code ec;
    const std::uint64_t bytes = fs::file_size(file.path, ec);
    tasks.push_back({file.path.string(), encode(std::move(task)), std::nullopt, ec ? 0 : bytes});
    file_parts_.push_back(std::make_unique<FilePart>());
  }
  return tasks;
}

void IngestJob::add_file_part(std::size_t i, std::string_view part) {
  if (i >= file_parts_.size()) fail("ingest job: file part {} of {}", i, file_parts_.size());
  Json json = decode(part, "ingest file part");
  const std::size_t file = batches_.at(batch_).first + i;
  if (field<std::size_t>(json, "file", "ingest file part") != file) {
    fail("ingest job: the part of file {} came as file {}'s", json.at("file").dump(), file);
  }
  file_parts_[i]->part = std::move(json);
  file_parts_[i]->in = true;
}

std::map<PartitionKey, Json> IngestJob::take_file_parts() {
  ingest::RunLedger& run = ledger();
  const std::size_t first_file = batches_.at(batch_).first;
  // The ledger's steps in a local run's order: every source, then every file read.
  for (std::size_t i = 0; i < file_parts_.size(); ++i) {
    if (!file_parts_[i]->in) fail("ingest job: the part of {} is missing", run.files()[first_file + i].path.string());
    const Json& part = file_parts_[i]->part;
    run.file_audit(first_file + i) = field<ingest::FileAudit>(part, "audit", "ingest file part");
    run.add_source(first_file + i, field<dataset::Source>(part, "source", "ingest file part"));
  }
  std::map<PartitionKey, Json> inputs;
  for (std::size_t i = 0; i < file_parts_.size(); ++i) {
    const Json& part = file_parts_[i]->part;
    std::optional<std::pair<std::int64_t, std::int64_t>> range;
    if (!part.at("range").is_null()) range = part.at("range").get<std::pair<std::int64_t, std::int64_t>>();
    run.file_read(first_file + i, field<std::vector<ingest::BadTable>>(part, "bad_tables", "ingest file part"), range,
                  field<ingest::ExtraColumns>(part, "extra_columns", "ingest file part"));
    for (const Json& routed : part.at("partitions")) {
      Json& input = inputs[field<PartitionKey>(routed, "key", "ingest file part")];
      if (input.is_null()) input = Json::array();
      input.push_back({{"source", part.at("source").at("key")},
                       {"instruments", routed.at("instruments")},
                       {"runs", routed.at("runs")},
                       {"rows", routed.at("rows")}});
    }
  }
  file_parts_.clear();
  return inputs;
}

std::string IngestJob::partition_task(const PartitionKey& key, Json inputs, bool spot_from_after) {
  ingest::RunLedger& run = ledger();
  // The sources of its rows: the new files' and those of the published file's rows.
  std::set<std::string> source_keys;
  for (const Json& input : inputs) source_keys.insert(input.at("source").get<std::string>());
  if (const dataset::PartitionEntry* entry = run.manifest().find(key)) {
    source_keys.insert(entry->sources.begin(), entry->sources.end());
  }
  Json sources = Json::array();
  for (const std::string& source : source_keys) sources.push_back(run.sources().at(run.sources().find(source)));
  const auto published = run.published_file(key);
  const auto spot = key.kind == dataset::TableKind::kOptions && !spot_from_after ? run.spot_file(key) : std::nullopt;
  return encode({{"key", key},
                 {"published", published ? Json(published->string()) : Json()},
                 {"spot", spot ? Json(spot->string()) : Json()},
                 {"spot_from_after", spot_from_after},
                 {"sources", std::move(sources)},
                 {"inputs", std::move(inputs)},
                 {"gap_seconds", options_.gap_seconds},
                 {"memory_budget", options_.memory_budget},
                 {"scratch", scratch_folder().string()}});
}

std::vector<IngestJob::Task> IngestJob::partition_tasks() {
  if (!partition_labels_.empty()) fail("ingest job: the batch's partitions were planned already");
  std::map<PartitionKey, Json> inputs = take_file_parts();  // per partition, its files' runs
  std::vector<PartitionKey> routed;
  for (const auto& [key, input] : inputs) routed.push_back(key);
  std::map<PartitionKey, std::size_t> spot_task;
  std::vector<Task> tasks;
  for (const PartitionKey& key : ledger().partitions_to_build(routed)) {
    const PartitionKey spot_key{dataset::TableKind::kSpot, key.date, key.underlying};
    std::optional<std::size_t> after;
    if (key.kind == dataset::TableKind::kOptions && spot_task.count(spot_key)) after = spot_task.at(spot_key);
    if (key.kind == dataset::TableKind::kSpot) spot_task[key] = tasks.size();
    Json input = inputs.count(key) ? std::move(inputs.at(key)) : Json::array();
    std::uint64_t rows = 0;
    for (const Json& file : input) rows += file.at("rows").get<std::uint64_t>();
    if (const dataset::PartitionEntry* entry = ledger().manifest().find(key)) rows += entry->rows;
    tasks.push_back({partition_label(key), partition_task(key, std::move(input), after.has_value()), after, rows});
    partition_labels_.push_back(partition_label(key));
  }
  // Spot partitions before any other, however small: options partitions wait for them.
  std::uint64_t heaviest = 0;
  for (const Task& task : tasks) heaviest = std::max(heaviest, task.weight);
  for (auto& [key, index] : spot_task) tasks[index].weight += heaviest + 1;
  return tasks;
}

void IngestJob::add_partition_part(std::size_t i, std::string_view part) {
  if (i >= partition_labels_.size()) fail("ingest job: partition part {} of {}", i, partition_labels_.size());
  const Json json = decode(part, "ingest partition part");
  const PartitionKey key = field<PartitionKey>(json, "key", "ingest partition part");
  if (partition_label(key) != partition_labels_[i]) {
    fail("ingest job: the part of {} came as {}'s", partition_label(key), partition_labels_[i]);
  }
  built_files_[key] = field<std::string>(json, "file", "ingest partition part");
  ledger().record(key, field<dataset::PartitionAudit>(json, "audit", "ingest partition part"),
                  field<std::uint64_t>(json, "bytes", "ingest partition part"),
                  field<std::string>(json, "content_hash", "ingest partition part"));
}

std::size_t IngestJob::commit_batch() {
  ingest::RunLedger& run = ledger();
  // Only now, with no task of the batch running, do the files move to where
  // the publisher takes them: an options task may still be reading its
  // day's spot file until then.
  for (const auto& [key, file] : built_files_) fs::rename(file, run.staged_file(key));
  built_files_.clear();
  const std::size_t published = run.commit_batch();
  std::error_code ec;
  fs::remove_all(scratch_folder(), ec);
  ++batch_;
  file_parts_.clear();
  partition_labels_.clear();
  return published;
}

std::string IngestJob::finish() {
  if (batch_ != batches_.size()) fail("ingest job: finished after {} of {} batches", batch_, batches_.size());
  ledger().finish(result_);
  ledger_.reset();  // releases the dataset's lock
  return ingest::printed_summary(result_.audit, options_.dataset);
}

void IngestJob::close() { ledger_.reset(); }

std::string ingest_file_part(std::string_view bytes) {
  constexpr std::string_view what = "ingest file task";
  const Json task = decode(bytes, what);
  ingest::InputFile file;
  file.path = field<std::string>(task, "path", what);
  file.format = field<ingest::InputFormat>(task, "input_format", what);
  file.layout = field<ingest::ParquetLayout>(task, "layout", what);
  file.source_key = field<std::string>(task, "source_key", what);
  file.not_parquet = field<std::string>(task, "not_parquet", what);
  std::optional<fs::path> calendar_file;
  if (!task.at("calendar").is_null()) calendar_file = field<std::string>(task, "calendar", what);
  const domain::ExpiryCalendar calendar = ingest::load_calendar(calendar_file);
  if (calendar_file && dataset::hash_file(*calendar_file) != field<std::string>(task, "calendar_hash", what)) {
    fail("{}: the expiry calendar is not the one the ingest was planned with", calendar_file->string());
  }
  const dataset::Source source = dataset::describe_source(file.source_key, file.path);
  dataset::SourceTable sources;
  sources.add(source);
  ingest::Router router(sources, attempt_folder(field<std::string>(task, "scratch", what), "file"),
                        field<std::size_t>(task, "memory_budget", what), field<int>(task, "gap_seconds", what));
  ingest::FileAudit audit;
  audit.source_key = source.key;
  audit.path = source.path;
  audit.bytes = source.size;
  ingest::ProgressMeter::File meter;
  meter.size = source.size;
  const std::atomic<bool> cancel{false};
  ingest::FileRouter file_router(router, calendar, 0, audit);
  std::vector<ingest::BadTable> bad_tables;
  ingest::ExtraColumns extra_columns;
  Json partitions = Json::array();
  // One tapelab thread per task: a worker runs as many tasks as it has threads.
  tbb::task_arena(1).execute([&] {
    const ingest::ReadContext context{calendar, field<bool>(task, "keep_going", what), meter, cancel, true};
    ingest::read_input(file, context, file_router, audit, bad_tables, extra_columns);
    if (audit.skip == ingest::FileSkip::kBroken) return;
    file_router.keep();
    for (auto& [key, slot] : router.slots()) {
      dataset::PartitionBuilder::ReleasedRuns released = slot->builder->release_runs();
      Json runs = Json::array();
      for (const fs::path& run : released.runs) runs.push_back(run.string());
      partitions.push_back({{"key", key},
                            {"instruments", released.instruments},
                            {"runs", std::move(runs)},
                            {"rows", released.rows}});
    }
  });
  Json range;
  if (file_router.has_rows()) range = std::pair{file_router.first(), file_router.last()};
  return encode({{"file", task.at("file")},
                  {"source", source},
                  {"audit", audit},
                  {"bad_tables", bad_tables},
                  {"extra_columns", extra_columns},
                  {"range", range},
                  {"partitions", std::move(partitions)}});
}

namespace {

// Feeds the rows of one file's runs to `builder`, their instrument indexes
// mapped to the builder's and their source set to `source`.
void add_runs(dataset::PartitionBuilder& builder, const Json& input, std::uint32_t source, std::string_view what) {
  std::vector<std::uint32_t> instruments;
  for (const Json& instrument : input.at("instruments")) {
    instruments.push_back(builder.add_instrument(instrument.get<dataset::Instrument>()));
  }
  std::vector<dataset::TickRow> block;
  block.reserve(dataset::kSpillBlockRows);
  for (const Json& run : input.at("runs")) {
    dataset::SpillReader reader(run.get<std::string>());
    for (; reader.peek() != nullptr; reader.next()) {
      dataset::TickRow row = *reader.peek();
      if (!instruments.empty()) {
        if (row.instrument >= instruments.size()) {
          fail("{}: {} holds a row of instrument {} of {}", what, run.get<std::string>(), row.instrument,
               instruments.size());
        }
        row.instrument = instruments[row.instrument];
      }
      row.source = source;
      block.push_back(row);
      if (block.size() == dataset::kSpillBlockRows) {
        builder.add(block);
        block.clear();
      }
    }
  }
  builder.add(block);
}

// The spot file an options partition's spot_price comes from: the published
// one the task names, or the one the day's spot task of this batch wrote.
std::optional<fs::path> spot_file(const Json& task, const std::optional<std::string_view>& spot_part) {
  if (!task.at("spot").is_null()) return field<std::string>(task, "spot", "ingest partition task");
  if (!field<bool>(task, "spot_from_after", "ingest partition task")) return std::nullopt;
  if (!spot_part) fail("ingest partition task: its day's spot part is missing");
  return field<std::string>(decode(*spot_part, "ingest partition part"), "file", "ingest partition part");
}

}  // namespace

std::string ingest_partition_part(std::string_view bytes, std::optional<std::string_view> spot_part) {
  constexpr std::string_view what = "ingest partition task";
  const Json task = decode(bytes, what);
  const PartitionKey key = field<PartitionKey>(task, "key", what);
  dataset::SourceTable sources;
  for (const Json& source : task.at("sources")) sources.add(source.get<dataset::Source>());
  sources.finalize();
  // The partition's file, and its spill runs, in a folder of this attempt's.
  const std::string name = fmt::format("{}-{}-{}", to_string(key.kind), key.date.to_string(), key.underlying);
  const fs::path folder = attempt_folder(field<std::string>(task, "scratch", what), name);
  fs::create_directories(folder);
  const fs::path out = folder / "partition.parquet";
  dataset::BuildOptions options;
  options.spill_dir = folder / "runs";
  options.memory_budget = field<std::size_t>(task, "memory_budget", what);
  options.gap_seconds = field<int>(task, "gap_seconds", what);
  std::optional<fs::path> published;
  if (!task.at("published").is_null()) published = field<std::string>(task, "published", what);
  const std::optional<fs::path> spot_path = spot_file(task, spot_part);
  dataset::PartitionAudit audit;
  tbb::task_arena(1).execute([&] {
    dataset::PartitionBuilder builder(key, sources, options);
    for (const Json& input : task.at("inputs")) {
      add_runs(builder, input, sources.find(input.at("source").get<std::string>()), what);
    }
    dataset::SpotSeries spot;
    if (spot_path) spot = dataset::read_spot_series(*spot_path);
    audit = builder.finish(published, &spot, domain::TradingCalendar::nse(), out);
  });
  std::error_code ec;
  fs::remove_all(options.spill_dir, ec);
  return encode({{"key", key},
                  {"audit", audit},
                  {"file", out.string()},
                  {"bytes", fs::file_size(out)},
                  {"content_hash", dataset::hash_file(out)}});
}

}  // namespace tapelab::jobs
