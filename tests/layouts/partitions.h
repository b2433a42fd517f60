// Two datasets compared partition by partition and column by column, for the
// proofs that the same market ingested from dumps and from each Parquet
// layout (or from another writer's files) gives the same dataset.
#pragma once

#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace tapelab::testing {

struct DatasetDiff {
  std::vector<std::string> differences;  // empty when the datasets agree
  std::size_t partitions = 0;            // partitions compared
  std::size_t rows = 0;                  // rows compared
};

// Every partition of `a` and `b` (the same set of partitions, the same
// schema, the same values), except the `source` column, which names the
// input files. Columns in `null_in_b_options` are not compared in options
// partitions: they must be null on every row of b's (what a layout whose
// option files lack them gives).
DatasetDiff compare_datasets(const std::filesystem::path& a, const std::filesystem::path& b,
                             const std::set<std::string>& null_in_b_options = {});

}  // namespace tapelab::testing
