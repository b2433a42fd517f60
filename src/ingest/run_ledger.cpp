#include "ingest/run_ledger.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include <fmt/format.h>
#include <unistd.h>

#include "domain/time.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;
using dataset::PartitionKey;
using dataset::TableKind;

namespace {

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return domain::format_wall_time(secs * domain::kNanosPerSecond);
}

std::string make_run_id() {
  std::string t = utc_now();  // "YYYY-MM-DD HH:MM:SS" (UTC)
  std::erase_if(t, [](char c) { return c == '-' || c == ':'; });
  std::replace(t.begin(), t.end(), ' ', 'T');
  return fmt::format("{}Z-{}", t, ::getpid());
}

// A partition built again by a later batch of the run: its last build has
// the whole partition's checks; the earlier builds' row counts add up (the
// rows an earlier batch wrote are not rows that were already in the dataset).
void merge_report(dataset::PartitionAudit& earlier, dataset::PartitionAudit later) {
  later.rows_in += earlier.rows_in - earlier.rows_written;
  later.duplicates_replaced += earlier.duplicates_replaced;
  later.exact_duplicates += earlier.exact_duplicates;
  earlier = std::move(later);
}

}  // namespace

domain::ExpiryCalendar load_calendar(const std::optional<fs::path>& user) {
  auto builtin = domain::ExpiryCalendar::builtin();
  if (!user) return builtin;
  return domain::ExpiryCalendar::overlay(builtin, domain::ExpiryCalendar::from_csv(*user));
}

RunLedger::RunLedger(const IngestOptions& options, const Inputs& inputs, Audit& audit)
    : options_(options),
      files_(inputs.files),
      calendar_(load_calendar(options.calendar)),
      calendar_hash_(options.calendar ? dataset::hash_file(*options.calendar) : ""),
      publisher_(options.dataset),
      manifest_(dataset::Manifest::load(options.dataset)),
      audit_(audit),
      source_index_(files_.size()),
      extra_(files_.size()) {
  if (!manifest_.partitions.empty() && manifest_.calendar_hash != calendar_hash_) {
    fail("ingest: {} was built with another expiry calendar ({}); give the same --calendar, or rebuild the "
         "dataset with the new one first (tapelab dataset rebuild)",
         options.dataset.string(), manifest_.calendar_hash.empty() ? "the built-in rules" : manifest_.calendar_hash);
  }
  audit_.run_id = make_run_id();
  audit_.dataset = options.dataset.string();
  audit_.gap_seconds = options.gap_seconds;
  audit_.files.resize(files_.size());
  audit_.ignored_files = inputs.ignored;
  for (const auto& s : manifest_.sources) sources_.add(s);
}

std::vector<std::pair<std::size_t, std::size_t>> RunLedger::plan_batches(std::uint64_t batch_bytes) const {
  std::vector<std::pair<std::size_t, std::size_t>> batches;
  std::uint64_t bytes = 0;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < files_.size(); ++i) {
    std::error_code ec;
    bytes += fs::file_size(files_[i].path, ec);
    if (bytes >= batch_bytes || i + 1 == files_.size()) {
      batches.emplace_back(begin, i + 1);
      begin = i + 1;
      bytes = 0;
    }
  }
  return batches;
}

void RunLedger::begin_batch() {
  known_sources_ = sources_.sources().size();
  batch_keys_.clear();
  building_.clear();
  built_.clear();
}

std::uint32_t RunLedger::add_source(std::size_t file, const dataset::Source& source) {
  source_index_.at(file) = sources_.add(source);
  FileAudit& audit = audit_.files.at(file);
  audit.source_key = source.key;
  audit.path = source.path;
  audit.bytes = source.size;
  batch_keys_.push_back(source.key);
  return source_index_[file];
}

void RunLedger::file_read(std::size_t file, std::vector<BadTable> bad_tables,
                          std::optional<std::pair<std::int64_t, std::int64_t>> range, ExtraColumns extra_columns) {
  extra_.at(file) = std::move(extra_columns);
  FileAudit& audit = audit_.files.at(file);
  const std::uint32_t source = source_index_.at(file);
  if (audit.skip == FileSkip::kBroken) {
    // The rows it routed before it failed are left out of every partition
    // (SourceTable::drop), so the file contributes nothing.
    audit.rows_discarded = audit.rows_added;
    audit.rows_added = 0;
    if (audit.rows_discarded == 0) return;
    if (source < known_sources_) {
      fail("{}: cannot skip it: its source {} is already in the dataset, and its rows there would go too "
           "({})", audit.path, audit.source_key, audit.skip_reason);
    }
    sources_.drop(source);
    return;
  }
  audit_.bad_tables.insert(audit_.bad_tables.end(), std::make_move_iterator(bad_tables.begin()),
                           std::make_move_iterator(bad_tables.end()));
  if (range) sources_.set_recording_range(source, range->first, range->second);
}

std::vector<PartitionKey> RunLedger::partitions_to_build(const std::vector<PartitionKey>& routed) {
  sources_.finalize();
  building_.insert(routed.begin(), routed.end());
  for (const PartitionKey& key : routed) {
    const PartitionKey options_key{TableKind::kOptions, key.date, key.underlying};
    if (key.kind == TableKind::kSpot && manifest_.find(options_key)) building_.insert(options_key);
  }
  std::vector<PartitionKey> order;
  for (const PartitionKey& key : building_) {
    if (key.kind == TableKind::kSpot) order.push_back(key);
  }
  for (const PartitionKey& key : building_) {
    if (key.kind != TableKind::kSpot) order.push_back(key);
  }
  return order;
}

std::optional<fs::path> RunLedger::published_file(const PartitionKey& key) const {
  if (!manifest_.find(key)) return std::nullopt;
  return dataset::partition_path(options_.dataset, key);
}

std::optional<fs::path> RunLedger::spot_file(const PartitionKey& options_key) const {
  const PartitionKey spot_key{TableKind::kSpot, options_key.date, options_key.underlying};
  if (building_.count(spot_key)) return publisher_.staged_path(spot_key);
  return published_file(spot_key);
}

void RunLedger::record(const PartitionKey& key, dataset::PartitionAudit audit, std::uint64_t bytes,
                       std::string content_hash) {
  std::lock_guard lock(built_mutex_);
  built_[key] = Built{std::move(audit), bytes, std::move(content_hash)};
}

std::size_t RunLedger::commit_batch() {
  for (const PartitionKey& key : building_) {
    if (!built_.count(key)) fail("ingest: partition {} of the batch was not built", key.to_string());
  }
  // The manifest: the batch's sources (not those of files skipped
  // part-way) and its partitions, in key order so that each lands at the
  // end of the manifest's sorted list.
  std::sort(batch_keys_.begin(), batch_keys_.end());
  for (const auto& key : batch_keys_) {
    const std::uint32_t index = sources_.find(key);
    if (!sources_.dropped(index)) manifest_.upsert_source(sources_.at(index));
  }
  std::vector<PartitionKey> keys;
  for (auto& [key, built] : built_) {
    dataset::PartitionEntry entry;
    entry.key = key;
    entry.rows = built.audit.rows_written;
    entry.bytes = built.bytes;
    entry.content_hash = built.content_hash;
    // Only sources with rows in the file: the existing file's rows went
    // through the same merge, so a source all of whose rows were replaced
    // drops out (it stays in the manifest's source list).
    entry.sources = built.audit.sources;
    manifest_.upsert(std::move(entry));
    keys.push_back(key);
    const auto [report, first] = reports_.try_emplace(key, std::move(built.audit));
    if (!first) merge_report(report->second, std::move(built.audit));
  }
  manifest_.tapelab_version = kVersion;
  manifest_.updated_at = utc_now();
  manifest_.calendar_hash = calendar_hash_;
  publisher_.commit(keys, {}, manifest_);
  ++batches_;
  return keys.size();
}

void RunLedger::finish(IngestResult& result) {
  result.batches = batches_;
  for (const auto& per_file : extra_) {
    for (const auto& [column, tables] : per_file) audit_.extra_columns[column].insert(tables.begin(), tables.end());
  }
  std::sort(audit_.bad_tables.begin(), audit_.bad_tables.end(), [](const BadTable& a, const BadTable& b) {
    return std::tie(a.source_key, a.table) < std::tie(b.source_key, b.table);
  });
  for (auto& [key, report] : reports_) {
    result.published.push_back(key);
    audit_.partitions.push_back({key, std::move(report)});
  }
  reports_.clear();
  add_checks(audit_, manifest_, calendar_);
  write_audit(audit_, options_.dataset);
}

}  // namespace tapelab::ingest
