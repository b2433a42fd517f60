#include "truth/build.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "dataset/publisher.h"
#include "domain/expiry_calendar.h"
#include "domain/trading_calendar.h"
#include "truth/day_context.h"
#include "truth/day_inputs.h"
#include "truth/day_tables.h"
#include "truth/layout.h"
#include "truth/periodicity.h"
#include "truth/series_features.h"
#include "truth/session_grid.h"
#include "truth/table_writer.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::truth {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// `out` may be new, empty, or a truth folder; never the dataset or another kind of folder.
void check_output(const fs::path& dataset, const fs::path& out) {
  if (!fs::exists(out)) return;
  if (!fs::is_directory(out)) fail("{}: exists and is not a folder", out.string());
  if (fs::equivalent(out, dataset)) fail("{}: the truth must go to another folder than the dataset", out.string());
  // A folder holding only a lock and staging is one whose first publish was interrupted.
  const bool only_publish_state = std::all_of(fs::directory_iterator(out), fs::directory_iterator(), [](const auto& e) {
    const std::string name = e.path().filename().string();
    return name == ".lock" || name == ".staging";
  });
  if (only_publish_state) return;
  if (!fs::exists(dataset::manifest_path(out))) {
    fail("{}: exists and is not a truth folder; give a new or empty folder", out.string());
  }
  TruthManifest::load(out);  // an Error when it is some other manifest
}

// One day to build: what the manifest will say, or why it was skipped.
struct DayJob {
  market::DayKey day;
  DayInputs inputs;
  std::optional<TruthDay> built;
  std::string skip_reason;
};

bool up_to_date(const TruthManifest& manifest, const fs::path& out, const DayJob& job) {
  const TruthDay* old = manifest.find(job.day.date, job.day.underlying);
  if (old == nullptr || old->key != job.inputs.key) return false;
  for (const TruthFile& f : old->files) {
    if (!fs::exists(out / f.path)) return false;
  }
  return true;
}

// One-second spot returns of past days, each loaded once per run however
// many days' periodicity windows hold it (20 days of a month share most of
// their 60-day windows). Days built in parallel may both load a day; the
// first stored wins, and both are the same.
class PastReturns {
 public:
  explicit PastReturns(const fs::path& dataset) : dataset_(dataset) {}

  // nullptr when the dataset has no spot partition for the day; the
  // returns live as long as this.
  const DayReturns* of(const market::DayKey& day) {
    {
      std::lock_guard lock(mutex_);
      if (const auto it = days_.find(day); it != days_.end()) return it->second.get();
    }
    std::unique_ptr<DayReturns> loaded;
    if (fs::exists(dataset::partition_path(dataset_, {dataset::TableKind::kSpot, day.date, day.underlying}))) {
      const market::SeriesColumns spot = market::load_spot(dataset_, day);
      loaded = std::make_unique<DayReturns>();
      loaded->grid = session_grid(day.date, domain::TradingCalendar::nse());
      loaded->ret_1s = one_second_returns(spot.time, spot.price, loaded->grid,
                                          fmt::format("spot of {} {}", day.underlying, day.date.to_string()));
    }
    std::lock_guard lock(mutex_);
    return days_.try_emplace(day, std::move(loaded)).first->second.get();
  }

 private:
  const fs::path& dataset_;
  std::mutex mutex_;
  std::map<market::DayKey, std::unique_ptr<const DayReturns>> days_;
};

// What every day of a run shares.
struct Run {
  const fs::path& dataset;
  dataset::Publisher& publisher;
  std::string manifest_hash;  // of the dataset's manifest.json ("" without one)
  TruthParams params;
  PastReturns& past;
  domain::ExpiryCalendar expiries = domain::ExpiryCalendar::builtin();
};

// The day's intraday periodicity from the spot of the trading days before it
// that the dataset has; the day's own rows never enter it.
Periodicity day_periodicity(const Run& run, const DayContext& c) {
  std::vector<const DayReturns*> history;
  for (const domain::Date d : periodicity_window(c.date, domain::TradingCalendar::nse(), run.params.periodicity_days)) {
    if (const DayReturns* day = run.past.of({d, c.underlying})) history.push_back(day);
  }
  return estimate_periodicity(history, c.grid, run.params);
}

// Loads, computes and stages one day; sets job.built or job.skip_reason.
void build_day(const Run& run, DayJob& job) {
  std::string why;
  std::optional<DayContext> context =
      day_context(job.day.date, job.day.underlying, domain::TradingCalendar::nse(), run.expiries, why);
  if (!context) {
    job.skip_reason = why;
    return;
  }
  market::LoadOptions load;
  load.option_fields = market::kTrade | market::kFullBook;
  load.min_expiry = context->expiry;
  load.max_expiry = context->expiry;
  // Only the strikes the tables visit: ATM (spot rounded to a strike, so
  // within half a step of the day's spot range) +- strike_offsets. The other
  // strikes were about two thirds of the load (docs/market-truth.md#atm-strike).
  load.strike_reach = market::StrikeReach{.steps = run.params.strike_offsets + 1.0};
  load.futures_book = true;
  const market::DayTape tape = market::load_day(run.dataset, job.day, load);
  if (tape.contracts.empty() && tape.unloaded.empty()) {
    job.skip_reason = fmt::format("no options of the nearest expiry {} (by the expiry calendar)", context->expiry.to_string());
    return;
  }
  if (std::none_of(tape.spot.price.begin(), tape.spot.price.end(), [](double p) { return p > 0; })) {
    job.skip_reason = "no spot price above 0";
    return;
  }
  context->periodicity = day_periodicity(run, *context);
  const DayTables tables = day_tables(tape, *context, run.params);
  TruthDay day{job.day.date, job.day.underlying, job.inputs.key, run.manifest_hash, {},
               context->periodicity.describe(run.params.periodicity_min_days)};
  const std::string provenance = Json{{"tapelab_version", kVersion},
                                      {"truth_schema_version", kTruthSchemaVersion},
                                      {"dataset_manifest_hash", run.manifest_hash},
                                      {"key", job.inputs.key},
                                      {"periodicity", day.periodicity}}
                                     .dump();
  for (const TruthTable table : kTruthTables) {
    const Table& t = tables.of(table);
    const fs::path relative = table_file(table, day.date, day.underlying);
    const fs::path staged = run.publisher.staged_file(relative);
    write_table(t, staged, provenance);
    day.files.push_back({std::string(table_name(table)), relative.generic_string(), static_cast<std::int64_t>(t.rows()),
                         dataset::hash_file(staged)});
  }
  job.built = std::move(day);
}

// Runs build_day on every job, in parallel; a day that fails is skipped with its error.
void build_days(const Run& run, int threads, std::vector<DayJob*>& jobs) {
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t j) {
      try {
        build_day(run, *jobs[j]);
      } catch (const Error& e) {
        jobs[j]->skip_reason = e.what();
      }
    }, tbb::simple_partitioner());
  });
}

}  // namespace

BuildReport build_truth(const fs::path& dataset, const fs::path& out, const BuildOptions& options) {
  const std::vector<market::DayKey> days = market::select_days(dataset, options.days);
  check_output(dataset, out);
  const dataset::Manifest source = dataset::Manifest::load(dataset);
  const fs::path source_manifest = dataset::manifest_path(dataset);

  dataset::Publisher publisher(out);
  PastReturns past(dataset);
  const Run run{dataset, publisher, fs::exists(source_manifest) ? dataset::hash_file(source_manifest) : "",
                options.params, past};
  TruthManifest manifest = TruthManifest::load(out);
  BuildReport report;
  std::vector<DayJob> jobs;
  for (const market::DayKey& day : days) jobs.push_back({day, day_inputs(dataset, source, day, options.params), {}, {}});
  std::vector<DayJob*> to_build;
  for (DayJob& job : jobs) {
    if (!job.inputs.skip_reason.empty()) {
      job.skip_reason = job.inputs.skip_reason;
    } else if (up_to_date(manifest, out, job)) {
      ++report.unchanged;
    } else {
      to_build.push_back(&job);
    }
  }
  build_days(run, options.threads, to_build);

  std::vector<fs::path> replaced, removed;
  for (DayJob& job : jobs) {
    if (job.built) {
      manifest.forget(job.day.date, job.day.underlying);
      for (const TruthFile& f : job.built->files) replaced.emplace_back(f.path);
      manifest.days.push_back(*job.built);
      report.built.push_back(*job.built);
    } else if (!job.skip_reason.empty()) {
      // A day that can no longer be built keeps no stale tables.
      if (const TruthDay* old = manifest.find(job.day.date, job.day.underlying)) {
        for (const TruthFile& f : old->files) removed.emplace_back(f.path);
      }
      manifest.forget(job.day.date, job.day.underlying);
      const SkippedDay skipped{job.day.date, job.day.underlying, job.skip_reason};
      manifest.skipped.push_back(skipped);
      report.skipped.push_back(skipped);
    }
  }
  manifest.tapelab_version = kVersion;
  manifest.sort();
  publisher.commit_files(replaced, removed, manifest.to_json());
  return report;
}

}  // namespace tapelab::truth
