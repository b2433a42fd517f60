// Streaming reader of mysqldump files (.sql or .sql.gz of any size).
//
// The reader walks the dump once, in bounded memory, and reports what it finds
// to a DumpHandler: each CREATE TABLE (the handler answers whether it wants the
// table's rows), then the rows of each INSERT / REPLACE in batches of
// zero-copy values. Rows of unwanted tables are stepped over without being
// tokenized, which is what makes a dump of thousands of equity tables cheap.
//
//   struct Counter : dump::DumpHandler {
//     dump::TableAction on_table(const dump::TableSchema& t, const dump::Position&) override {
//       return t.name.ends_with("CE") ? dump::TableAction::kRead : dump::TableAction::kSkip;
//     }
//     void on_rows(const dump::RowBatch& batch) override { rows += batch.rows(); }
//     std::uint64_t rows = 0;
//   };
//   Counter counter;
//   dump::DumpReader("das_bankopt_mod.sql.gz").read(counter);
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dump/record_plan.h"
#include "dump/schema.h"
#include "dump/value.h"

namespace tapelab::dump {

// A place in the uncompressed text of a dump.
struct Position {
  std::string_view file;  // valid while the reader lives
  std::uint64_t offset = 0;  // uncompressed byte offset
  std::uint64_t line = 1;    // 1-based

  std::string to_string() const;  // "FILE:LINE (byte OFFSET)"
};

enum class StatementKind : std::uint8_t { kInsert, kInsertIgnore, kReplace };
std::string_view to_string(StatementKind kind);

// Rows of one INSERT / REPLACE statement, or of part of it: a long statement
// arrives in several batches. Views point into the reader's buffers (see
// DumpHandler::on_rows for how long they stay valid). A batch carries its
// rows either as values or, when the handler gave a RecordPlan for the
// layout, as records the reader converted (rows it could not convert come in
// batches of values of their own, in file order).
struct RowBatch {
  const TableSchema* table = nullptr;
  StatementKind kind = StatementKind::kInsert;
  const ColumnLayout* layout = nullptr;
  std::span<const Value> values;          // rows() * width(), row-major; empty for records
  const RecordPlan* plan = nullptr;       // of records
  std::span<const std::byte> records;     // rows() * plan->record_size(), for plan->finish(); empty for values
  std::span<const std::uint64_t> row_offsets;  // uncompressed offset of each row's '('
  Position position;                      // of the first row
  std::uint64_t statement_offset = 0;     // of the statement this batch belongs to

  std::size_t width() const { return layout->width(); }
  std::size_t rows() const { return row_offsets.size(); }
  bool has_records() const { return plan != nullptr; }
  std::span<const Value> row(std::size_t i) const { return values.subspan(i * width(), width()); }
  const std::byte* record(std::size_t i) const { return records.data() + i * plan->record_size(); }
};

enum class TableAction : std::uint8_t { kRead, kSkip };

struct Progress {
  std::uint64_t file_bytes_read = 0;  // of the file as stored (compressed)
  std::uint64_t file_size = 0;
  std::uint64_t text_bytes_parsed = 0;  // uncompressed
};

class DumpHandler {
 public:
  virtual ~DumpHandler() = default;
  // A CREATE TABLE was read, or an INSERT named a table the dump never
  // created (then table.has_definition() is false). Called again when a table
  // is created again. kSkip drops the table's rows until it is created again.
  virtual TableAction on_table(const TableSchema& table, const Position& where) = 0;
  // How the handler wants a read table's rows as records, or nullptr for
  // values. Asked before a statement whose layout differs from the previous
  // statement's, with no batch in the handler; the plan must outlive the
  // batches that use it.
  virtual const RecordPlan* record_plan(const TableSchema& /*table*/, const ColumnLayout& /*layout*/) {
    return nullptr;
  }
  // The batch's views stay valid until this handler's next on_rows() call
  // returns or drain() is called, so a handler may go on working on a batch
  // in the background while the reader parses the next one (the reader
  // calls drain() before it moves its window or changes a table's schema or
  // layout, and before read() returns).
  virtual void on_rows(const RowBatch& batch) = 0;
  // Finishes work on earlier batches; rethrows what that work threw.
  virtual void drain() {}
  // Called after each chunk of input (a few MiB).
  virtual void on_progress(const Progress& /*progress*/) {}
};

// A statement or row that could not be read, in keep-going mode.
struct Problem {
  std::string file;
  std::uint64_t offset = 0;
  std::uint64_t line = 0;
  std::string reason;

  std::string to_string() const;  // "FILE:LINE (byte OFFSET): REASON"
};

struct ReaderOptions {
  // Collect bad statements and rows in problems() and go on, instead of
  // throwing at the first one. Damage to the compressed stream still throws:
  // nothing after it can be read.
  bool keep_going = false;
  // Inflate on a second thread, overlapping with parsing.
  bool background_decode = true;
  std::size_t chunk_size = std::size_t{4} << 20;  // tests use tiny chunks to hit every boundary
  // A batch of ingest's rows (300 bytes each once converted) stays in the
  // cache between the reader and the handler's thread; 4096 did not.
  std::size_t max_batch_rows = 1024;
  // Statements other than INSERTs are held whole to be parsed; one longer than
  // this is an error rather than unbounded memory. Same for a single row.
  std::size_t max_statement_bytes = std::size_t{64} << 20;
  std::size_t max_row_bytes = std::size_t{1} << 30;
};

struct ReadStats {
  std::uint64_t statements = 0;          // every statement, read or skipped
  std::uint64_t insert_statements = 0;   // INSERT / REPLACE whose rows were reported
  std::uint64_t skipped_inserts = 0;     // INSERT / REPLACE into skipped tables
  std::uint64_t rows = 0;                // rows reported
  std::uint64_t tables = 0;              // CREATE TABLE statements
  std::uint64_t bytes = 0;               // uncompressed bytes read
};

class DumpReader {
 public:
  explicit DumpReader(std::filesystem::path path, ReaderOptions options = {});
  ~DumpReader();
  DumpReader(const DumpReader&) = delete;
  DumpReader& operator=(const DumpReader&) = delete;

  // Reads the whole dump once. Throws Error naming the file and position on
  // the first problem, unless keep_going.
  void read(DumpHandler& handler);

  const std::vector<Problem>& problems() const { return problems_; }
  const ReadStats& stats() const { return stats_; }
  // Safe to call from another thread while read() runs.
  Progress progress() const;

 private:
  class Parser;
  friend class Parser;

  std::filesystem::path path_;
  std::string file_name_;
  ReaderOptions options_;
  std::vector<Problem> problems_;
  ReadStats stats_;
  std::atomic<std::uint64_t> file_bytes_read_{0};
  std::atomic<std::uint64_t> file_size_{0};
  std::atomic<std::uint64_t> text_bytes_parsed_{0};
};

}  // namespace tapelab::dump
