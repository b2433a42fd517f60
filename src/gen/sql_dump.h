// The text of a mysqldump file: header, per-table DDL and data statements,
// footer, laid out the way `mysqldump --databases` writes them (MySQL 5.7
// style, which MariaDB and MySQL clients both load).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gen/text.h"

namespace tapelab::gen {

enum class StatementStyle { kReplace, kInsert };

struct DumpFormat {
  StatementStyle style = StatementStyle::kReplace;
  // Rows per statement; 0 = as many as fit in statement_bytes (extended
  // inserts), 1 = one row per statement.
  size_t rows_per_statement = 0;
  // Like mysqldump's net_buffer_length: a statement is closed once it reaches
  // this many bytes.
  size_t statement_bytes = 1'000'000;
};

struct ColumnDef {
  std::string_view name;
  std::string_view type;  // SQL type, e.g. "decimal(12,2)"
};

// The 46 columns of the logger's tick tables, in dump order.
const std::vector<ColumnDef>& tick_columns();

void append_file_header(TextBuffer& out, std::string_view database);
// DROP/CREATE TABLE (PRIMARY KEY (`timestamp`)), LOCK TABLES, DISABLE KEYS.
void append_table_preamble(TextBuffer& out, std::string_view table, const std::vector<ColumnDef>& columns);
// ENABLE KEYS, UNLOCK TABLES.
void append_table_epilogue(TextBuffer& out, std::string_view table);
// `completed_on` is the footer's "Dump completed on" time; it is fixed by the
// caller (not the clock) so that output is reproducible.
void append_file_footer(TextBuffer& out, std::string_view completed_on);

// Groups row tuples into statements of the configured style and size.
class StatementBuilder {
 public:
  StatementBuilder(TextBuffer& out, std::string_view table, const DumpFormat& format);
  // Starts a row: the caller then appends one tuple "(...)" to the buffer.
  void begin_row();
  void end_row();
  // Closes the open statement, if any.
  void finish();

 private:
  TextBuffer& out_;
  std::string prefix_;  // "REPLACE INTO `T` VALUES "
  const DumpFormat& format_;
  size_t statement_start_ = 0;
  size_t rows_in_statement_ = 0;
  bool open_ = false;
};

}  // namespace tapelab::gen
