#include "layouts/partitions.h"

#include <bit>

#include <fmt/format.h>

#include "dataset/layout.h"
#include "parquet/reader.h"

namespace tapelab::testing {
namespace {

namespace fs = std::filesystem;

std::vector<parquet::ColumnData> read_all(const parquet::FileReader& reader) {
  std::vector<parquet::ColumnData> columns;
  for (const auto& c : reader.schema().columns) columns.emplace_back(c.type);
  for (auto& batch : reader.read({})) {
    for (size_t k = 0; k < columns.size(); ++k) columns[k].append(batch.columns[k]);
  }
  return columns;
}

// The first row where two columns differ, or -1.
long first_difference(const parquet::ColumnData& a, const parquet::ColumnData& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t r = 0; r < n; ++r) {
    const bool va = a.is_valid(r), vb = b.is_valid(r);
    if (va != vb) return static_cast<long>(r);
    if (!va) continue;
    bool same = true;
    switch (a.type) {
      case parquet::PhysicalType::BOOLEAN: same = a.bools[r] == b.bools[r]; break;
      case parquet::PhysicalType::INT32: same = a.i32[r] == b.i32[r]; break;
      case parquet::PhysicalType::INT64: same = a.i64[r] == b.i64[r]; break;
      case parquet::PhysicalType::FLOAT: same = a.f32[r] == b.f32[r]; break;
      // Bitwise, so NaN equals NaN and -0.0 differs from 0.0.
      case parquet::PhysicalType::DOUBLE: same = std::bit_cast<uint64_t>(a.f64[r]) == std::bit_cast<uint64_t>(b.f64[r]); break;
      default: same = a.string_at(r) == b.string_at(r); break;
    }
    if (!same) return static_cast<long>(r);
  }
  return a.size() == b.size() ? -1 : static_cast<long>(n);
}

void compare_partition(const fs::path& a_path, const fs::path& b_path, const std::string& name,
                       const std::set<std::string>& null_in_b, DatasetDiff& diff) {
  const parquet::FileReader a(a_path), b(b_path);
  if (!(a.schema() == b.schema())) {
    diff.differences.push_back(name + ": the schemas differ");
    return;
  }
  if (a.num_rows() != b.num_rows()) {
    diff.differences.push_back(fmt::format("{}: {} rows against {}", name, a.num_rows(), b.num_rows()));
    return;
  }
  const auto ca = read_all(a), cb = read_all(b);
  for (size_t k = 0; k < ca.size(); ++k) {
    const std::string& column = a.schema().columns[k].name;
    if (column == "source") continue;
    if (null_in_b.count(column)) {
      if (cb[k].null_count() != cb[k].size()) diff.differences.push_back(name + ": column " + column + " is not all null");
      continue;
    }
    const long row = first_difference(ca[k], cb[k]);
    if (row >= 0) diff.differences.push_back(fmt::format("{}: column {} differs first at row {}", name, column, row));
  }
  ++diff.partitions;
  diff.rows += static_cast<size_t>(a.num_rows());
}

}  // namespace

DatasetDiff compare_datasets(const fs::path& a, const fs::path& b, const std::set<std::string>& null_in_b_options) {
  DatasetDiff diff;
  const auto in_a = dataset::list_partitions(a);
  const auto in_b = dataset::list_partitions(b);
  if (in_a != in_b) {
    diff.differences.push_back(fmt::format("{} partitions in {} against {} in {}", in_a.size(), a.string(),
                                           in_b.size(), b.string()));
    return diff;
  }
  for (const auto& key : in_a) {
    const bool options = key.kind == dataset::TableKind::kOptions;
    compare_partition(dataset::partition_path(a, key), dataset::partition_path(b, key), key.to_string(),
                      options ? null_in_b_options : std::set<std::string>{}, diff);
  }
  return diff;
}

}  // namespace tapelab::testing
