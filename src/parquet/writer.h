// Parquet file writer.
//
// Design note. The caller hands over whole row groups (all columns at once),
// so it decides where row groups end (ingest cuts at contract boundaries) and
// the writer never buffers more than one row group. Columns of a row group are
// encoded and compressed in parallel (oneTBB) into separate buffers and then
// appended in schema order, so the output is byte-identical whatever the
// thread count. A file written to a path appears atomically on close() (temp
// file + fsync + rename); abandoning the writer leaves no partial file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "parquet/metadata.h"
#include "parquet/options.h"
#include "parquet/types.h"

namespace tapelab::parquet {

class FileWriter {
 public:
  // Writes to `path` (published on close()).
  FileWriter(const std::filesystem::path& path, Schema schema, WriterOptions options = {});
  // Writes into `out` (appended), for tests, fuzz seeds and in-memory use.
  FileWriter(std::string* out, Schema schema, WriterOptions options = {});
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  // Writes one row group holding exactly these rows. columns[i] matches
  // schema.columns[i] in type; all have the same size; nulls only in nullable
  // columns. Throws Error (nothing written) on a mismatch.
  void write_row_group(std::span<const ColumnData> columns);
  // Writes rows cut into row groups of options.row_group_rows.
  void write(std::span<const ColumnData> columns);
  // Writes the page indexes and footer, then publishes the file.
  void close();

  std::int64_t rows_written() const;
  const FileMetaData& metadata() const;  // as written so far

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Convenience: writes a whole table to memory in one call.
std::string write_to_buffer(const Schema& schema, std::span<const ColumnData> columns,
                            const WriterOptions& options = {});

}  // namespace tapelab::parquet
