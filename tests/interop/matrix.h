// The files tapelab writes for other readers to check: every column kind
// (physical x logical type) x encoding x codec x page version x nullability,
// plus the shapes that break readers (empty, one row, many row groups cut at
// odd boundaries, dictionary fallback, edge values). Content is generated from
// a fixed seed, so the same build writes byte-identical files.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "parquet/options.h"
#include "parquet/types.h"

namespace tapelab::interop {

struct TestFile {
  std::string name;  // file stem, unique
  parquet::Schema schema;
  std::vector<parquet::ColumnData> columns;
  parquet::WriterOptions options;
  // Rows per row group, in order; empty = one FileWriter::write() call (cut by
  // options.row_group_rows).
  std::vector<std::size_t> row_groups;
  // Ask DuckDB to probe the statistics (check.mjs probe_statistics).
  bool probe_statistics = false;
};

// `max_rows` caps every file's row count (small files seed the fuzzer).
std::vector<TestFile> interop_matrix(std::size_t max_rows = 1 << 20);

// Writes `file` to `path` with FileWriter; returns nothing, throws on error.
void write_test_file(const TestFile& file, const std::string& path);

}  // namespace tapelab::interop
