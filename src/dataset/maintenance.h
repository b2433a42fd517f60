// Whole-dataset operations that need no dumps: what a dataset covers, removing
// a day, and rebuilding the identity and derived columns with a corrected
// expiry calendar (docs/dataset.md#merging-and-maintenance: users delete their
// dumps, so a calendar fix must be applied from the dataset itself).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "domain/date.h"
#include "domain/expiry_calendar.h"

namespace tapelab::dataset {

struct DayCoverage {
  domain::Date date;
  std::int64_t option_rows = 0, spot_rows = 0, futures_rows = 0;
  std::vector<domain::Date> expiries;  // distinct option expiries of the day, ascending
};

struct UnderlyingCoverage {
  std::string underlying;
  std::vector<DayCoverage> days;            // ascending; days with any partition
  std::vector<domain::Date> missing_days;   // full trading days between the first and last day without options
};

struct DatasetInfo {
  std::string tapelab_version;
  std::string calendar_hash;
  std::int64_t partitions = 0;
  std::int64_t rows = 0;
  std::uint64_t bytes = 0;
  std::vector<UnderlyingCoverage> underlyings;  // by name
  std::vector<Source> sources;
  // Disagreements between the manifest and the files on disk (should be none).
  std::vector<std::string> problems;
};

// Reads the manifest and each options file's `expiry` column.
DatasetInfo inspect_dataset(const std::filesystem::path& root);
nlohmann::ordered_json info_to_json(const DatasetInfo& info);
std::string info_to_text(const DatasetInfo& info);

// Removes every partition (options, spot, futures) of `date`, of one
// underlying or all, atomically; sources no partition uses any more leave the
// manifest. Returns what was removed; Error if nothing matches.
std::vector<PartitionKey> remove_day(const std::filesystem::path& root, domain::Date date,
                                     const std::optional<std::string>& underlying);

struct RebuildOptions {
  std::size_t memory_budget = std::size_t{512} << 20;
  std::string calendar_hash;  // recorded in the manifest ("" = built-in rules)
};
struct RebuildReport {
  std::int64_t partitions_rebuilt = 0;   // options and futures partitions read
  std::int64_t partitions_changed = 0;   // whose bytes differ afterwards (only these are replaced)
  std::int64_t rows = 0;
};

// Re-derives expiry, expiry_type, is_weekly, is_monthly, lot_size and dte of
// every options partition (expiry and lot_size of futures) from the stored
// symbols with `calendar`, re-sorts, and publishes atomically. Lot sizes the
// built-in table lacks keep their stored (data-inferred) value.
RebuildReport rebuild_dataset(const std::filesystem::path& root, const domain::ExpiryCalendar& calendar,
                              const RebuildOptions& options);

// "2025-11-18T10:01:27Z": the manifests' informational run time.
std::string utc_now_text();

}  // namespace tapelab::dataset
