// `tapelab gen`: writes recording folders exactly like the users' ones
// (das_<x>opt_mod.sql.gz per underlying, das_nse_mod.sql.gz with index,
// futures and equity tables, expiry_calendar.csv) plus gen-summary.json,
// which says what was written so tests can check the dumps against it.
// With another layout, the same market goes into the users' Parquet files
// instead (gen/parquet_layouts.h), under a folder named for the layout.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "gen/parquet_layouts.h"
#include "gen/scale.h"
#include "gen/sql_dump.h"

namespace tapelab::gen {

struct GenOptions {
  std::filesystem::path out;
  domain::Date start;  // the first full trading day on or after this date
  int days = 1;        // full trading days per folder
  std::vector<std::string> underlyings = {"NIFTY", "BANKNIFTY"};
  uint64_t seed = 1;
  Scale scale = Scale::kSmall;
  DumpFormat format;
  Layout layout = Layout::kDumps;
  bool census_problems = true;  // Parquet layouts: the census's problem files (gen/census.h)
  // When > 0, also write `out`-2 with the same number of days, sharing its
  // first `overlap_days` days with the last days of `out` (row for row, as
  // overlapping real recordings do).
  int overlap_days = 0;
  int threads = 0;  // 0 = all cores; output never depends on it
};

// Throws Error (naming the flag or path) on invalid options.
void validate(const GenOptions& options);

struct FolderResult {
  std::filesystem::path folder;
  nlohmann::json summary;  // also written to folder/gen-summary.json
};

std::vector<FolderResult> generate(const GenOptions& options);

// The human-readable account of a folder's summary printed by the CLI.
std::string describe(const FolderResult& folder);

// File and database names of an underlying's option dump ("das_niftyopt_mod.sql.gz", "nifty").
std::string option_file_name(const std::string& underlying);
std::string database_name(const std::string& underlying);
inline constexpr const char* kNseFile = "das_nse_mod.sql.gz";
inline constexpr const char* kNseDatabase = "nse";
inline constexpr const char* kSummaryFile = "gen-summary.json";
inline constexpr const char* kCalendarFile = "expiry_calendar.csv";

}  // namespace tapelab::gen
