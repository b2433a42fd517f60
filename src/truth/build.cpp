#include "truth/build.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "dataset/publisher.h"
#include "truth/day_inputs.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::truth {
namespace {

namespace fs = std::filesystem;

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

bool up_to_date(const TruthManifest& manifest, const fs::path& out, const market::DayKey& day,
                const nlohmann::ordered_json& key) {
  const TruthDay* old = manifest.find(day.date, day.underlying);
  if (old == nullptr || old->key != key) return false;
  for (const TruthFile& f : old->files) {
    if (!fs::exists(out / f.path)) return false;
  }
  return true;
}

}  // namespace

// A selected day: skipped before anything was loaded (its inputs), up to
// date, or to build (with its outcome once known).
struct TruthBuild::Day {
  market::DayKey day;
  std::string skip_reason;
  bool to_build = false;
  std::optional<DayOutcome> outcome;
};

TruthBuild::TruthBuild(fs::path dataset, const fs::path& out, const BuildOptions& options)
    : dataset_(std::move(dataset)) {
  const std::vector<market::DayKey> days = market::select_days(dataset_, options.days);
  check_output(dataset_, out);
  const dataset::Manifest source = dataset::Manifest::load(dataset_);
  const fs::path source_manifest = dataset::manifest_path(dataset_);
  manifest_hash_ = fs::exists(source_manifest) ? dataset::hash_file(source_manifest) : "";
  publisher_ = std::make_unique<dataset::Publisher>(out);
  manifest_ = TruthManifest::load(out);
  for (const market::DayKey& day : days) {
    DayInputs inputs = day_inputs(dataset_, source, day, options.params);
    Day& planned = days_.emplace_back(Day{day, inputs.skip_reason, false, std::nullopt});
    if (!inputs.skip_reason.empty()) continue;
    if (up_to_date(manifest_, out, day, inputs.key)) {
      ++unchanged_;
      continue;
    }
    planned.to_build = true;
    to_build_.push_back({day, std::move(inputs.key)});
    to_build_index_.push_back(days_.size() - 1);
  }
}

TruthBuild::~TruthBuild() = default;

fs::path TruthBuild::staged_file(const fs::path& relative) const { return publisher_->staged_file(relative); }

void TruthBuild::set_outcome(std::size_t i, DayOutcome outcome) {
  if (i >= to_build_.size()) fail("truth build: no day {} to build (of {})", i, to_build_.size());
  days_[to_build_index_[i]].outcome = std::move(outcome);
}

BuildReport TruthBuild::publish() {
  BuildReport report;
  report.unchanged = unchanged_;
  std::vector<fs::path> replaced, removed;
  for (Day& day : days_) {
    const market::DayKey& key = day.day;
    if (day.to_build && !day.outcome) {
      fail("truth build: {} {} was never built", key.date.to_string(), key.underlying);
    }
    if (day.outcome && day.outcome->built) {
      const TruthDay& built = *day.outcome->built;
      manifest_.forget(key.date, key.underlying);
      for (const TruthFile& f : built.files) replaced.emplace_back(f.path);
      manifest_.days.push_back(built);
      report.built.push_back(built);
      continue;
    }
    const std::string& reason = day.outcome ? day.outcome->skip_reason : day.skip_reason;
    if (reason.empty()) continue;  // up to date
    // A day that can no longer be built keeps no stale tables.
    if (const TruthDay* old = manifest_.find(key.date, key.underlying)) {
      for (const TruthFile& f : old->files) removed.emplace_back(f.path);
    }
    manifest_.forget(key.date, key.underlying);
    const SkippedDay skipped{key.date, key.underlying, reason};
    manifest_.skipped.push_back(skipped);
    report.skipped.push_back(skipped);
  }
  manifest_.tapelab_version = kVersion;
  manifest_.sort();
  publisher_->commit_files(replaced, removed, manifest_.to_json());
  return report;
}

BuildReport build_truth(const fs::path& dataset, const fs::path& out, const BuildOptions& options) {
  TruthBuild build(dataset, out, options);
  PastReturns past(dataset);
  const DayBuildContext context{dataset, build.manifest_hash(), options.params, past};
  const std::vector<DayToBuild>& days = build.to_build();
  std::vector<DayOutcome> outcomes(days.size());
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, days.size(), [&](std::size_t i) {
      outcomes[i] = build_day(context, days[i].day, days[i].key,
                              [&build](const fs::path& relative) { return build.staged_file(relative); });
    }, tbb::simple_partitioner());
  });
  for (std::size_t i = 0; i < outcomes.size(); ++i) build.set_outcome(i, std::move(outcomes[i]));
  return build.publish();
}

}  // namespace tapelab::truth
