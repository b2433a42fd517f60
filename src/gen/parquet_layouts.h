// `tapelab gen --layout`: the same market as the dumps, written in the users'
// Parquet layouts (docs/source-data.md#generated-parquet-layouts), with the
// problems of their census (gen/census.h) as extra files that hold no valid
// row the dumps lack.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "gen/market_plan.h"

namespace tapelab::gen {

enum class Layout { kDumps, kRawParquet, kExpiryPacked, kDatePacked };
std::optional<Layout> parse_layout(std::string_view text);  // "dumps", "raw-parquet", ...
std::string_view to_string(Layout layout);
// The folder under --out that holds a Parquet layout: "raw_options", "expiry_packed", "date_packed".
std::string_view layout_root(Layout layout);

struct ParquetLayoutRequest {
  Layout layout = Layout::kRawParquet;
  uint64_t seed = 1;
  bool census_problems = true;
  const std::vector<domain::Date>* days = nullptr;
  const std::vector<UnderlyingPlan>* plans = nullptr;
  std::filesystem::path root;  // created; must not hold files yet
};

// Writes every file of the layout in parallel. Returns the summary's
// "files", "census" and "totals" entries.
nlohmann::json write_parquet_layout(const ParquetLayoutRequest& request);

}  // namespace tapelab::gen
