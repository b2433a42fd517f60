// One day's truth tables computed and written: the step of a truth build that
// runs once per day (docs/market-truth.md#publishing-and-incremental-builds),
// on the building process's threads (build.h) or on a Dask worker
// (jobs/truth_parts.h). Which days to build, and the publish, are build.h's.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/expiry_calendar.h"
#include "market/loader.h"
#include "truth/params.h"
#include "truth/past_returns.h"
#include "truth/truth_manifest.h"

namespace tapelab::truth {

// What every day of a build shares.
struct DayBuildContext {
  std::filesystem::path dataset;
  std::string manifest_hash;  // of the dataset's manifest.json ("" without one)
  TruthParams params;
  PastReturns& past;
  domain::ExpiryCalendar expiries = domain::ExpiryCalendar::builtin();
};

// The day's entry in the manifest, or why it was skipped.
struct DayOutcome {
  std::optional<TruthDay> built;
  std::string skip_reason;
};

// Where a table file that will be published at `relative` (to the truth
// root) is written now.
using StagedFile = std::function<std::filesystem::path(const std::filesystem::path& relative)>;

// Loads and computes the day (`key`: its day_inputs key) and writes its
// tables where `staged` says. A day that has no truth (closed, no options of
// its nearest expiry, no spot price) or fails to load is skipped with the
// reason, so one bad day never stops a build.
DayOutcome build_day(const DayBuildContext& context, const market::DayKey& day, const nlohmann::ordered_json& key,
                     const StagedFile& staged);

}  // namespace tapelab::truth
