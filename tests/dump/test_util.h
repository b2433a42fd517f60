// Helpers shared by the dump tests: temporary folders, gzip writers and a
// handler that records everything the reader reports as plain strings.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "dump/reader.h"

namespace tapelab::dump::testing {

using tapelab::testing::TempDir;

void write_text(const std::filesystem::path& path, const std::string& text);
std::string read_bytes(const std::filesystem::path& path);
// Compresses text with zlib's gzip format; members > 1 splits it into that
// many concatenated gzip members.
std::string gzip(const std::string& text, int members = 1);

// One value as the tests compare it: nullopt for NULL, the unescaped string,
// the number's text, or "0x" + hex digits / "b'" + bits + "'".
using Cell = std::optional<std::string>;
Cell cell_of(const Value& value);

struct TableEvent {
  TableSchema schema;
  Position position;  // position.file is reset: it dies with the reader
  std::string file;
};

struct RowEvent {
  std::string table;
  StatementKind kind;
  std::vector<std::string> layout;  // value names
  std::uint64_t line;               // of the batch's first row
  std::uint64_t row_offset;
  // Values by column name (as in the layout), so rows compare by names.
  std::map<std::string, Cell> values;
  std::vector<Cell> ordered;
};

class Collector : public DumpHandler {
 public:
  std::vector<std::string> skip;  // table names to skip
  std::vector<TableEvent> tables;
  std::vector<RowEvent> rows;
  std::uint64_t batches = 0;
  std::uint64_t progress_calls = 0;

  TableAction on_table(const TableSchema& table, const Position& where) override;
  void on_rows(const RowBatch& batch) override;
  void on_progress(const Progress&) override { ++progress_calls; }

  std::vector<const RowEvent*> rows_of(const std::string& table) const;
};

// Reads a dump with the given options and returns what was reported.
Collector read_all(const std::filesystem::path& path, ReaderOptions options = {},
                   std::vector<std::string> skip = {});

}  // namespace tapelab::dump::testing
