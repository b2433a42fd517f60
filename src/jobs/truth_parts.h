// A truth build split into parts that run anywhere
// (tapelab.distributed.truth_build runs each day as a Dask task): the client
// plans the build and holds the truth folder's lock (TruthBuildJob), each
// day is built by truth_day_part from an encoded task and comes back as its
// manifest entry and file bytes, and the client stages and publishes them
// with the same truth::TruthBuild a local build uses. The truth folder is
// the local build's, byte for byte (docs/python.md#truth-on-dask).
//
// Why the files come back as bytes rather than through staging on shared
// storage: a day's tables are small beside what the day reads (a generated
// day's four are 1.4 MB, its full-scale options partition about 150 MB;
// docs/python.md#truth-on-dask), the workers need no write access to the
// truth folder, and a worker killed while writing leaves nothing half
// written where the publisher looks.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobs/truth_jobs.h"
#include "truth/build.h"

namespace tapelab::jobs {

class TruthBuildJob {
 public:
  // Plans the build and takes the truth folder's lock; throws Error as
  // `tapelab truth build` would.
  explicit TruthBuildJob(const TruthBuildRequest& request);

  // The days to build, in the build's order, each with its task for
  // truth_day_part (what the worker needs: the dataset path, the day, its
  // key, the parameters, the dataset manifest's hash).
  struct Task {
    market::DayKey day;
    std::string encoded;
  };
  const std::vector<Task>& tasks() const { return tasks_; }

  // The part truth_day_part made of tasks()[i]: its files staged and checked
  // against their hashes. Throws Error for a part of another day, damaged
  // bytes, or after finish() or close().
  void add_part(std::size_t i, std::string_view part);
  // Publishes (an Error when a part is missing) and writes provenance.json;
  // returns the text `tapelab truth build` prints.
  std::string finish();
  // Gives up: nothing is published, the lock is released, staging removed.
  void close();

 private:
  truth::TruthBuild& build();

  TruthBuildRequest request_;
  truth::BuildOptions options_;
  std::optional<std::string> manifest_hash_;
  std::unique_ptr<truth::TruthBuild> build_;
  std::vector<Task> tasks_;
};

// Builds one day from its task with one thread (on a worker); returns the
// encoded part for TruthBuildJob::add_part. A day that cannot be built is a
// part saying why, as the local build skips it.
std::string truth_day_part(std::string_view task);

}  // namespace tapelab::jobs
