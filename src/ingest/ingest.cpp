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
#include <optional>

#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_for_each.h>
#include <oneapi/tbb/task_arena.h>
#include <malloc.h>
#include <unistd.h>

#include "dataset/manifest.h"
#include "dataset/partition_builder.h"
#include "dataset/publisher.h"
#include "domain/expiry_calendar.h"
#include "domain/time.h"
#include "domain/trading_calendar.h"
#include "ingest/dump_input.h"
#include "ingest/inputs.h"
#include "ingest/memory_plan.h"
#include "ingest/parquet_input.h"
#include "ingest/progress.h"
#include "ingest/router.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;
using dataset::PartitionKey;

namespace {

void mark_broken(FileAudit& audit, const std::string& reason) {
  audit.skip = FileSkip::kBroken;
  audit.skip_reason = reason;
  audit.problems.push_back(fmt::format("{}: skipped whole: {}", audit.path, reason));
}

// The rows a file skipped part-way already routed are left out of every
// partition (SourceTable::drop), so the file contributes nothing. Sources
// before `known` are already in the dataset: their rows there would be
// dropped too, so such a file cannot be skipped.
void discard_rows(FileAudit& audit, std::uint32_t source, std::size_t known, dataset::SourceTable& sources) {
  audit.rows_discarded = audit.rows_added;
  audit.rows_added = 0;
  if (audit.rows_discarded == 0) return;
  if (source < known) {
    fail("{}: cannot skip it: its source {} is already in the dataset, and its rows there would go too "
         "({})", audit.path, audit.source_key, audit.skip_reason);
  }
  sources.drop(source);
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

// glibc keeps freed row blocks and columns in its arenas for reuse; the rows
// still buffered and the next partition's writer need other sizes, so without
// a trim after each partition the run's memory passed the budget by about
// 0.3 GB (docs/dataset.md#memory). Under AddressSanitizer malloc is ASan's,
// and glibc's trim would walk an arena nobody set up (it crashed).
#if defined(__SANITIZE_ADDRESS__)
#define TAPELAB_UNDER_ASAN
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TAPELAB_UNDER_ASAN
#endif
#endif
void return_freed_memory() {
#ifndef TAPELAB_UNDER_ASAN
  malloc_trim(0);
#endif
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

// Consecutive input files, [begin, end), whose bytes add up to at least
// `batch_bytes` (the last batch: whatever is left).
std::vector<std::pair<std::size_t, std::size_t>> plan_batches(const std::vector<InputFile>& files,
                                                              std::uint64_t batch_bytes) {
  std::vector<std::pair<std::size_t, std::size_t>> batches;
  std::uint64_t bytes = 0;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    bytes += fs::file_size(files[i].path, ec);
    if (bytes >= batch_bytes || i + 1 == files.size()) {
      batches.emplace_back(begin, i + 1);
      begin = i + 1;
      bytes = 0;
    }
  }
  return batches;
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

// One ingest: the inputs in batches, each read, built and published on its
// own (ingest.h).
class IngestRun {
 public:
  IngestRun(const IngestOptions& options, const Inputs& inputs, IngestResult& result)
      : options_(options),
        files_(inputs.files),
        calendar_(load_calendar(options.calendar)),
        calendar_hash_(options.calendar ? dataset::hash_file(*options.calendar) : ""),
        jobs_(options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()))),
        memory_(plan_memory(options.memory_budget, jobs_, static_cast<int>(std::max(1U, std::thread::hardware_concurrency())))),
        publisher_(options.dataset),
        manifest_(dataset::Manifest::load(options.dataset)),
        result_(result),
        audit_(result.audit),
        source_index_(files_.size()),
        extra_(files_.size()) {
    if (!manifest_.partitions.empty() && manifest_.calendar_hash != calendar_hash_) {
      fail("ingest: {} was built with another expiry calendar ({}); give the same --calendar, or rebuild the "
           "dataset with the new one first (tapelab dataset rebuild)",
           options.dataset.string(), manifest_.calendar_hash.empty() ? "the built-in rules" : manifest_.calendar_hash);
    }
    if (memory_.below_working_set) {
      fmt::print(stderr,
                 "warning: --memory-budget {} MiB is below what reading or writing a partition needs ({} MiB); "
                 "memory will pass the budget by about that much\n",
                 memory_.budget >> 20, memory_.working_set >> 20);
    }
    audit_.run_id = make_run_id();
    audit_.dataset = options.dataset.string();
    audit_.gap_seconds = options.gap_seconds;
    audit_.files.resize(files_.size());
    audit_.ignored_files = inputs.ignored;
    for (const auto& s : manifest_.sources) sources_.add(s);
  }

  void run() {
    const auto batches = plan_batches(files_, options_.batch_bytes);
    const auto began = std::chrono::steady_clock::now();
    for (std::size_t b = 0; b < batches.size(); ++b) {
      const auto [begin, end] = batches[b];
      const std::string name = batches.size() > 1 ? fmt::format("batch {}/{}: ", b + 1, batches.size()) : "";
      read_batch(begin, end, name);
      const std::size_t published = publish_batch(name);
      if (batches.size() > 1) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        fmt::print(stderr, "{}files {}-{} of {} read, {} partitions published; {:.0f} s so far\n", name, begin + 1,
                   end, files_.size(), published, seconds);
      }
    }
    result_.batches = batches.size();
    for (const auto& per_file : extra_) {
      for (const auto& [column, tables] : per_file) audit_.extra_columns[column].insert(tables.begin(), tables.end());
    }
    std::sort(audit_.bad_tables.begin(), audit_.bad_tables.end(), [](const BadTable& a, const BadTable& b) {
      return std::tie(a.source_key, a.table) < std::tie(b.source_key, b.table);
    });
    for (auto& [key, report] : reports_) {
      result_.published.push_back(key);
      audit_.partitions.push_back({key, std::move(report)});
    }
    add_checks(audit_, manifest_, calendar_);
    write_audit(audit_, options_.dataset);
  }

 private:
  // Reads files [begin, end) into a fresh router_. Their sources join the
  // table first (rows carry source indexes).
  void read_batch(std::size_t begin, std::size_t end, const std::string& name) {
    const std::size_t known = sources_.sources().size();
    std::vector<dataset::Source> new_sources(end - begin);
    tbb::parallel_for(begin, end, [&](std::size_t i) {
      dataset::Source& s = new_sources[i - begin];
      s.key = files_[i].source_key;
      s.path = files_[i].path.string();
      s.size = fs::file_size(files_[i].path);
      s.checksum = dataset::hash_file(files_[i].path);
    });
    for (std::size_t i = begin; i < end; ++i) {
      const dataset::Source& s = new_sources[i - begin];
      source_index_[i] = sources_.add(s);
      audit_.files[i].source_key = s.key;
      audit_.files[i].path = s.path;
      audit_.files[i].bytes = s.size;
      batch_keys_.push_back(s.key);
    }
    router_.emplace(sources_, publisher_.scratch_dir(), memory_.row_budget, options_.gap_seconds);
    meter_.emplace(end - begin, options_.progress);
    for (std::size_t i = begin; i < end; ++i) meter_->file(i - begin).size = new_sources[i - begin].size;
    std::atomic<bool> cancel{false};
    std::mutex shared_mutex;  // audit parts shared by the readers
    meter_->start(name + "reading");
    read_files(end - begin, memory_.readers, [&](std::size_t n) {
      const std::size_t i = begin + n;
      FileRouter file_router(*router_, calendar_, source_index_[i], audit_.files[i]);
      std::vector<BadTable> bad_tables;
      try {
        read_file(i, file_router, meter_->file(n), cancel, bad_tables);
      } catch (const Error& e) {
        // A file that fails part-way is skipped whole under keep_going; a
        // failure to route (a spill that cannot be written) or another
        // file's failure stops the run.
        if (!options_.keep_going || file_router.sink_failed() || cancel.load()) throw;
        mark_broken(audit_.files[i], e.what());
      }
      meter_->file(n).bytes.store(new_sources[n].size);
      std::lock_guard lock(shared_mutex);
      if (audit_.files[i].skip == FileSkip::kBroken) {
        discard_rows(audit_.files[i], source_index_[i], known, sources_);
        return;
      }
      file_router.keep();
      audit_.bad_tables.insert(audit_.bad_tables.end(), bad_tables.begin(), bad_tables.end());
      if (file_router.has_rows()) sources_.set_recording_range(source_index_[i], file_router.first(), file_router.last());
    }, cancel);
    meter_->stop();
    sources_.finalize();
  }

  void read_file(std::size_t i, FileRouter& router, ProgressMeter::File& meter, const std::atomic<bool>& cancel,
                 std::vector<BadTable>& bad_tables) {
    if (files_[i].format == InputFormat::kParquet) {
      const ParquetReadContext context{calendar_, options_.keep_going, meter, cancel};
      read_parquet(files_[i], context, router, audit_.files[i], bad_tables, extra_[i]);
    } else {
      read_dump(files_[i].path, options_.keep_going, router, calendar_, audit_.files[i], extra_[i], meter, cancel,
                bad_tables);
    }
  }

  // The partitions the batch gave rows to: built (merged with what is
  // published), then published in one commit. Returns how many.
  std::size_t publish_batch(const std::string& name) {
    auto& slots = router_->slots();
    // Partitions that only files skipped part-way gave rows are not built.
    std::erase_if(slots, [](const auto& entry) { return !entry.second->kept.load(); });
    // An options partition published before whose day's spot is rebuilt now
    // is rebuilt too (its spot-based columns): the dataset does not depend
    // on which batch brought the spot rows.
    std::vector<PartitionKey> refresh;
    for (const auto& [key, slot] : slots) {
      const PartitionKey options_key{dataset::TableKind::kOptions, key.date, key.underlying};
      if (key.kind == dataset::TableKind::kSpot && !slots.count(options_key) && manifest_.find(options_key)) {
        refresh.push_back(options_key);
      }
    }
    for (const auto& key : refresh) router_->slot(key).kept = true;

    std::vector<PartitionKey> spot_keys, other_keys;
    for (const auto& [key, slot] : slots) (key.kind == dataset::TableKind::kSpot ? spot_keys : other_keys).push_back(key);
    std::map<PartitionKey, fs::path> staged;
    std::map<PartitionKey, dataset::PartitionAudit> built;
    for (const auto& [key, slot] : slots) {
      staged[key] = publisher_.staged_path(key);
      built[key];
    }
    // Spot first: its series feeds spot_price of the same day's options.
    auto finish = [&](const PartitionKey& key) {
      std::optional<fs::path> existing;
      if (manifest_.find(key)) existing = dataset::partition_path(options_.dataset, key);
      dataset::SpotSeries spot;
      if (key.kind == dataset::TableKind::kOptions) {
        const PartitionKey spot_key{dataset::TableKind::kSpot, key.date, key.underlying};
        if (staged.count(spot_key)) {
          spot = dataset::read_spot_series(staged.at(spot_key));
        } else if (manifest_.find(spot_key)) {
          spot = dataset::read_spot_series(dataset::partition_path(options_.dataset, spot_key));
        }
      }
      built.at(key) = slots.at(key)->builder->finish(existing, &spot, domain::TradingCalendar::nse(), staged.at(key));
      slots.at(key)->builder.reset();  // frees its memory and spill runs
      return_freed_memory();
    };
    meter_->start_phase(fmt::format("{}writing {} partitions", name, slots.size()));
    // As many partitions at once as the memory plan has writers for.
    tbb::task_arena writers(memory_.writers);
    writers.execute([&] {
      tbb::parallel_for_each(spot_keys.begin(), spot_keys.end(), finish);
      tbb::parallel_for_each(other_keys.begin(), other_keys.end(), finish);
    });

    // The manifest: the batch's sources (not those of files skipped
    // part-way) and its partitions, in key order so that each lands at the
    // end of the manifest's sorted list.
    std::sort(batch_keys_.begin(), batch_keys_.end());
    for (const auto& key : batch_keys_) {
      const std::uint32_t index = sources_.find(key);
      if (!sources_.dropped(index)) manifest_.upsert_source(sources_.at(index));
    }
    batch_keys_.clear();
    std::vector<PartitionKey> keys;
    for (auto& [key, partition_audit] : built) {
      dataset::PartitionEntry entry;
      entry.key = key;
      entry.rows = partition_audit.rows_written;
      entry.bytes = fs::file_size(staged.at(key));
      entry.content_hash = dataset::hash_file(staged.at(key));
      // Only sources with rows in the file: the existing file's rows went
      // through the same merge, so a source all of whose rows were replaced
      // drops out (it stays in the manifest's source list).
      entry.sources = partition_audit.sources;
      manifest_.upsert(std::move(entry));
      keys.push_back(key);
      const auto [report, first] = reports_.try_emplace(key, std::move(partition_audit));
      if (!first) merge_report(report->second, std::move(partition_audit));
    }
    manifest_.tapelab_version = kVersion;
    manifest_.updated_at = utc_now();
    manifest_.calendar_hash = calendar_hash_;
    publisher_.commit(keys, {}, manifest_);
    router_.reset();
    return keys.size();
  }

  const IngestOptions& options_;
  const std::vector<InputFile>& files_;
  const domain::ExpiryCalendar calendar_;
  const std::string calendar_hash_;
  const int jobs_;
  const MemoryPlan memory_;
  dataset::Publisher publisher_;
  dataset::Manifest manifest_;
  IngestResult& result_;
  Audit& audit_;
  dataset::SourceTable sources_;
  std::vector<std::uint32_t> source_index_;                           // per file
  std::vector<std::map<std::string, std::set<std::string>>> extra_;  // per file
  std::vector<std::string> batch_keys_;                              // source keys of the batch's files
  std::optional<Router> router_;                                     // of the batch being read
  std::optional<ProgressMeter> meter_;
  std::map<PartitionKey, dataset::PartitionAudit> reports_;  // every partition published, as last built
};

}  // namespace

IngestResult ingest(const IngestOptions& options) {
  const Inputs inputs = find_inputs(options.inputs);
  IngestResult result;
  IngestRun(options, inputs, result).run();
  return result;
}

}  // namespace tapelab::ingest
