// `tapelab truth build`: the truth tables of every selected day of a dataset,
// written incrementally and published atomically
// (docs/market-truth.md#publishing-and-incremental-builds).
//
// A build is three steps: the plan (TruthBuild's constructor: the days, their
// keys, which are already up to date), each day's build (day_build.h: a day
// is loaded, computed and staged on its own) and the publish (all days at
// once). build_truth runs the days in parallel on up to `threads` threads of
// this process; tapelab.distributed.truth_build runs them on Dask workers and
// hands what they made to the same TruthBuild (jobs/truth_parts.h). Memory is
// one day's tape and tables per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "market/loader.h"
#include "truth/day_build.h"
#include "truth/params.h"
#include "truth/truth_manifest.h"

namespace tapelab::dataset {
class Publisher;
}

namespace tapelab::truth {

struct BuildOptions {
  market::DaySelection days;
  TruthParams params;
  int threads = 0;  // 0: every core
};

struct BuildReport {
  std::vector<TruthDay> built;        // this run
  std::int64_t unchanged = 0;         // days whose key and files were already there
  std::vector<SkippedDay> skipped;    // this run, with reasons
};

// A day the build must (re)build: its key changed, or its files are gone.
struct DayToBuild {
  market::DayKey day;
  nlohmann::ordered_json key;
};

class TruthBuild {
 public:
  // Selects the days and plans them. `out` must be new, empty or a truth
  // folder, and never the dataset itself; throws Error naming the path
  // otherwise, or when another process is writing `out` (its lock is held
  // from here until this is destroyed).
  TruthBuild(std::filesystem::path dataset, const std::filesystem::path& out, const BuildOptions& options);
  ~TruthBuild();
  TruthBuild(const TruthBuild&) = delete;
  TruthBuild& operator=(const TruthBuild&) = delete;

  // In the order of the selection.
  const std::vector<DayToBuild>& to_build() const { return to_build_; }
  // The hash of the dataset's manifest.json when planned ("" without one).
  const std::string& manifest_hash() const { return manifest_hash_; }
  // Where a day's file to be published at `relative` is staged; safe from any thread.
  std::filesystem::path staged_file(const std::filesystem::path& relative) const;

  // What became of to_build()[i]: its files, if built, staged at staged_file().
  void set_outcome(std::size_t i, DayOutcome outcome);
  // Publishes every outcome (an Error when one is missing) with the new
  // manifest, atomically; the days that were skipped keep no tables.
  BuildReport publish();

 private:
  struct Day;
  std::filesystem::path dataset_;
  std::unique_ptr<dataset::Publisher> publisher_;
  std::string manifest_hash_;
  TruthManifest manifest_;
  std::vector<Day> days_;               // every selected day, in order
  std::vector<DayToBuild> to_build_;
  std::vector<std::size_t> to_build_index_;  // into days_
  std::int64_t unchanged_ = 0;
};

// The whole build in this process.
BuildReport build_truth(const std::filesystem::path& dataset, const std::filesystem::path& out,
                        const BuildOptions& options);

}  // namespace tapelab::truth
