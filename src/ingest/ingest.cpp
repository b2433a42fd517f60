#include "ingest/ingest.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <malloc.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_for_each.h>
#include <oneapi/tbb/task_arena.h>

#include "dataset/manifest.h"
#include "dataset/partition_builder.h"
#include "dataset/source.h"
#include "domain/trading_calendar.h"
#include "ingest/inputs.h"
#include "ingest/memory_plan.h"
#include "ingest/progress.h"
#include "ingest/read_input.h"
#include "ingest/router.h"
#include "ingest/run_ledger.h"

namespace tapelab::ingest {
namespace fs = std::filesystem;
using dataset::PartitionKey;

namespace {

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

// One ingest in this process: the inputs in batches, each read on reader
// threads into one Router's partition builders, built on writer threads and
// published (ingest.h); the bookkeeping is the RunLedger's.
class IngestRun {
 public:
  IngestRun(const IngestOptions& options, const Inputs& inputs, IngestResult& result)
      : options_(options),
        jobs_(options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()))),
        memory_(plan_memory(options.memory_budget, jobs_, static_cast<int>(std::max(1U, std::thread::hardware_concurrency())))),
        ledger_(options, inputs, result.audit),
        result_(result) {
    if (memory_.below_working_set) {
      fmt::print(stderr,
                 "warning: --memory-budget {} MiB is below what reading or writing a partition needs ({} MiB); "
                 "memory will pass the budget by about that much\n",
                 memory_.budget >> 20, memory_.working_set >> 20);
    }
  }

  void run() {
    const auto batches = ledger_.plan_batches(options_.batch_bytes);
    const auto began = std::chrono::steady_clock::now();
    for (std::size_t b = 0; b < batches.size(); ++b) {
      const auto [begin, end] = batches[b];
      const std::string name = batches.size() > 1 ? fmt::format("batch {}/{}: ", b + 1, batches.size()) : "";
      read_batch(begin, end, name);
      const std::size_t published = publish_batch(name);
      if (batches.size() > 1) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        fmt::print(stderr, "{}files {}-{} of {} read, {} partitions published; {:.0f} s so far\n", name, begin + 1,
                   end, ledger_.files().size(), published, seconds);
      }
    }
    ledger_.finish(result_);
  }

 private:
  // Reads files [begin, end) into a fresh router_. Their sources join the
  // table first (rows carry source indexes).
  void read_batch(std::size_t begin, std::size_t end, const std::string& name) {
    const auto& files = ledger_.files();
    ledger_.begin_batch();
    std::vector<dataset::Source> new_sources(end - begin);
    tbb::parallel_for(begin, end, [&](std::size_t i) {
      new_sources[i - begin] = dataset::describe_source(files[i].source_key, files[i].path);
    });
    std::vector<std::uint32_t> source_index(end - begin);
    for (std::size_t i = begin; i < end; ++i) source_index[i - begin] = ledger_.add_source(i, new_sources[i - begin]);
    router_.emplace(ledger_.sources(), ledger_.publisher().scratch_dir(), memory_.row_budget, options_.gap_seconds);
    meter_.emplace(end - begin, options_.progress);
    for (std::size_t i = begin; i < end; ++i) meter_->file(i - begin).size = new_sources[i - begin].size;
    std::atomic<bool> cancel{false};
    std::mutex ledger_mutex;
    meter_->start(name + "reading");
    read_files(end - begin, memory_.readers, [&](std::size_t n) {
      const std::size_t i = begin + n;
      FileAudit& audit = ledger_.file_audit(i);
      FileRouter file_router(*router_, ledger_.calendar(), source_index[n], audit);
      std::vector<BadTable> bad_tables;
      ExtraColumns extra;
      const ReadContext context{ledger_.calendar(), options_.keep_going, meter_->file(n), cancel};
      read_input(files[i], context, file_router, audit, bad_tables, extra);
      meter_->file(n).bytes.store(new_sources[n].size);
      std::lock_guard lock(ledger_mutex);
      if (audit.skip != FileSkip::kBroken) file_router.keep();
      std::optional<std::pair<std::int64_t, std::int64_t>> range;
      if (file_router.has_rows()) range.emplace(file_router.first(), file_router.last());
      ledger_.file_read(i, std::move(bad_tables), range, std::move(extra));
    }, cancel);
    meter_->stop();
  }

  // The partitions the batch gave rows to: built (merged with what is
  // published), then published in one commit. Returns how many.
  std::size_t publish_batch(const std::string& name) {
    auto& slots = router_->slots();
    // Partitions that only files skipped part-way gave rows are not built.
    std::erase_if(slots, [](const auto& entry) { return !entry.second->kept.load(); });
    std::vector<PartitionKey> routed;
    for (const auto& [key, slot] : slots) routed.push_back(key);
    const std::vector<PartitionKey> keys = ledger_.partitions_to_build(routed);
    std::vector<PartitionKey> spot_keys, other_keys;
    for (const auto& key : keys) {
      (key.kind == dataset::TableKind::kSpot ? spot_keys : other_keys).push_back(key);
      router_->slot(key);  // an options partition refreshed for its spot has no slot yet
    }
    auto finish = [&](const PartitionKey& key) {
      dataset::SpotSeries spot;
      if (key.kind == dataset::TableKind::kOptions) {
        if (const auto spot_file = ledger_.spot_file(key)) spot = dataset::read_spot_series(*spot_file);
      }
      const fs::path staged = ledger_.staged_file(key);
      auto audit = slots.at(key)->builder->finish(ledger_.published_file(key), &spot, domain::TradingCalendar::nse(),
                                                  staged);
      slots.at(key)->builder.reset();  // frees its memory and spill runs
      return_freed_memory();
      ledger_.record(key, std::move(audit), fs::file_size(staged), dataset::hash_file(staged));
    };
    meter_->start_phase(fmt::format("{}writing {} partitions", name, slots.size()));
    // As many partitions at once as the memory plan has writers for; spot
    // first, as its series feeds spot_price of the same day's options.
    tbb::task_arena writers(memory_.writers);
    writers.execute([&] {
      tbb::parallel_for_each(spot_keys.begin(), spot_keys.end(), finish);
      tbb::parallel_for_each(other_keys.begin(), other_keys.end(), finish);
    });
    router_.reset();
    return ledger_.commit_batch();
  }

  const IngestOptions& options_;
  const int jobs_;
  const MemoryPlan memory_;
  RunLedger ledger_;
  IngestResult& result_;
  std::optional<Router> router_;  // of the batch being read
  std::optional<ProgressMeter> meter_;
};

}  // namespace

IngestResult ingest(const IngestOptions& options) {
  const Inputs inputs = find_inputs(options.inputs);
  IngestResult result;
  IngestRun(options, inputs, result).run();
  return result;
}

}  // namespace tapelab::ingest
