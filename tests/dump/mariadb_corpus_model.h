// What a dump leaves in its tables as our reader reads it, and how that
// compares with MariaDB's tables after the server loaded the same dump: the
// model behind the fuzz corpus's differential test.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dump/reader.h"
#include "support/mariadb_server.h"

namespace tapelab::dump {

class TableModel : public DumpHandler {
 public:
  TableAction on_table(const TableSchema& table, const Position& where) override;
  void on_rows(const RowBatch& batch) override;

  // One line per disagreement: a table's rows, compared as sets of rows in
  // one canonical text per value (numbers at the column's precision,
  // date-times as MariaDB's column holds them, strings as bytes), over the
  // columns every INSERT gave.
  std::vector<std::string> compare_with(const testing::MariaDbServer& server) const;

 private:
  struct Cell {
    ValueKind kind = ValueKind::kNull;
    std::string text;  // strings unescaped, hex decoded to bytes, numbers and bits as written
  };
  struct Table {
    TableSchema schema;
    std::vector<std::vector<Cell>> rows;          // schema column order
    std::vector<bool> given;                      // columns every row gave a value for
    std::map<std::vector<std::string>, std::size_t> row_by_key;  // canonical primary key -> row
  };

  void store(Table& table, StatementKind kind, std::vector<Cell> row);

  std::map<std::pair<std::string, std::string>, Table> tables_;  // by database, name
};

}  // namespace tapelab::dump
