// What a dump says about its tables: CREATE TABLE read into names and types,
// and how the values of one INSERT line up with those names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tapelab::dump {

// Coarse class of a column's SQL type, so a consumer can decide how to parse
// a value without re-reading type strings.
enum class TypeFamily : std::uint8_t { kInteger, kDecimal, kFloat, kDateTime, kDate, kTime, kString, kBinary, kOther };

struct Column {
  std::string name;
  std::string type;  // lower case as declared, e.g. "decimal(10,2)", "int(11) unsigned"
  TypeFamily family = TypeFamily::kOther;
  bool nullable = true;
};

struct TableSchema {
  std::string database;  // from a qualified name or the last USE; "" if none
  std::string name;
  std::vector<Column> columns;           // empty: the dump had no CREATE TABLE for it
  std::vector<std::string> primary_key;  // column names, in key order
  std::string engine;                    // as written, e.g. "InnoDB"; "" when absent

  bool has_definition() const { return !columns.empty(); }
  // Index of a column by name, case-insensitive as MySQL compares them; -1.
  int find_column(std::string_view column) const;
};

// The names of the values of an INSERT's rows, in value order: the INSERT's
// own column list when it has one (--complete-insert), else the table's
// CREATE TABLE columns.
struct ColumnLayout {
  std::vector<std::string> names;
  std::vector<int> schema_index;  // per value: index in TableSchema::columns, -1 if the table lacks it
  bool explicit_list = false;
  // Equal ids mean equal layouts for the same table, so a handler can map its
  // columns once per id instead of once per batch.
  std::uint64_t id = 0;

  std::size_t width() const { return names.size(); }
  // Position of a value by column name, case-insensitive; -1 when absent.
  int find(std::string_view column) const;
};

TypeFamily classify_type(std::string_view type);

// A syntax problem inside one statement; offset is relative to the statement
// text, the reader turns it into a file position.
struct SyntaxError {
  std::size_t offset;
  std::string message;
};

// Parses a whole CREATE TABLE statement (without its delimiter). The schema's
// database is set only when the name is qualified. Throws SyntaxError.
TableSchema parse_create_table(std::string_view statement);

}  // namespace tapelab::dump
