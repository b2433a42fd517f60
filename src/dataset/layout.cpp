#include "dataset/layout.h"

#include <algorithm>
#include <system_error>

#include "util/error.h"

namespace tapelab::dataset {

namespace {

constexpr TableKind kKinds[] = {TableKind::kOptions, TableKind::kSpot, TableKind::kFutures};
constexpr std::string_view kFileName = "part-0.parquet";

// "date=2025-11-18" -> "2025-11-18"; empty when the prefix does not match.
std::string_view hive_value(std::string_view dir_name, std::string_view column) {
  if (dir_name.size() <= column.size() + 1 || dir_name.substr(0, column.size()) != column ||
      dir_name[column.size()] != '=') {
    return {};
  }
  return dir_name.substr(column.size() + 1);
}

}  // namespace

std::string_view to_string(TableKind kind) {
  switch (kind) {
    case TableKind::kOptions: return "options";
    case TableKind::kSpot: return "spot";
    case TableKind::kFutures: return "futures";
  }
  return "?";
}

std::optional<TableKind> parse_table_kind(std::string_view text) {
  for (TableKind kind : kKinds) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

std::string PartitionKey::to_string() const {
  return fmt::format("{}/{}/{}", dataset::to_string(kind), date.to_string(), underlying);
}

std::filesystem::path partition_relative_path(const PartitionKey& key) {
  if (key.underlying.empty() || key.underlying.find('/') != std::string::npos) {
    fail("partition {}: invalid underlying name '{}'", key.to_string(), key.underlying);
  }
  return std::filesystem::path(std::string(to_string(key.kind))) / ("date=" + key.date.to_string()) /
         ("underlying=" + key.underlying) / std::string(kFileName);
}

std::vector<PartitionKey> list_partitions(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  std::vector<PartitionKey> keys;
  for (TableKind kind : kKinds) {
    const fs::path kind_dir = root / std::string(to_string(kind));
    std::error_code ec;
    if (!fs::is_directory(kind_dir, ec)) continue;
    for (const fs::directory_entry& date_dir : fs::directory_iterator(kind_dir)) {
      const std::string date_name = date_dir.path().filename().string();
      const std::optional<domain::Date> date = domain::Date::parse(hive_value(date_name, "date"));
      if (!date_dir.is_directory() || !date) continue;  // foreign files are not partitions
      for (const fs::directory_entry& und_dir : fs::directory_iterator(date_dir.path())) {
        const std::string und_name = und_dir.path().filename().string();
        const std::string_view underlying = hive_value(und_name, "underlying");
        if (!und_dir.is_directory() || underlying.empty()) continue;
        if (!fs::is_regular_file(und_dir.path() / std::string(kFileName), ec)) continue;
        keys.push_back(PartitionKey{kind, *date, std::string(underlying)});
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace tapelab::dataset
