// `tapelab truth build`: the truth tables of every selected day of a dataset,
// written incrementally and published atomically
// (docs/market-truth.md#publishing-and-incremental-builds).
//
// Days are independent: each is loaded (its nearest expiry's options with the
// full book, spot, futures), computed and staged on its own, in parallel on
// up to `threads` threads, and all are published at once. Memory is one day's
// tape and tables per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "market/loader.h"
#include "truth/params.h"
#include "truth/truth_manifest.h"

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

// `out` must be new, empty or a truth folder, and never the dataset itself;
// throws Error naming the path otherwise.
BuildReport build_truth(const std::filesystem::path& dataset, const std::filesystem::path& out,
                        const BuildOptions& options);

}  // namespace tapelab::truth
