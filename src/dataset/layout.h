// Where things live in a dataset folder (docs/dataset.md#layout), Hive-style so
// DuckDB, Polars and Spark discover the partitions:
//
//   <root>/options/date=2025-11-18/underlying=BANKNIFTY/part-0.parquet
//   <root>/spot/date=.../underlying=.../part-0.parquet
//   <root>/futures/date=.../underlying=.../part-0.parquet
//   <root>/manifest.json            what is in the dataset, from which dumps
//   <root>/.staging/                an ingest's unpublished files and its publish journal
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"

namespace tapelab::dataset {

enum class TableKind { kOptions, kSpot, kFutures };
std::string_view to_string(TableKind kind);  // "options", "spot", "futures"
std::optional<TableKind> parse_table_kind(std::string_view text);

struct PartitionKey {
  TableKind kind = TableKind::kOptions;
  domain::Date date;
  std::string underlying;

  auto operator<=>(const PartitionKey&) const = default;
  std::string to_string() const;  // "options/2025-11-18/BANKNIFTY"
};

// Path of a partition's file relative to the dataset root.
std::filesystem::path partition_relative_path(const PartitionKey& key);
inline std::filesystem::path partition_path(const std::filesystem::path& root, const PartitionKey& key) {
  return root / partition_relative_path(key);
}
inline std::filesystem::path manifest_path(const std::filesystem::path& root) { return root / "manifest.json"; }
inline std::filesystem::path staging_dir(const std::filesystem::path& root) { return root / ".staging"; }

// Partitions present on disk (by walking the folders), sorted.
std::vector<PartitionKey> list_partitions(const std::filesystem::path& root);

}  // namespace tapelab::dataset
