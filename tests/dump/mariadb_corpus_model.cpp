#include "mariadb_corpus_model.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace tapelab::dump {
namespace {

// The database an unqualified table lands in: the test loads every dump
// into `fuzz` unless it says USE.
std::string database_of(const TableSchema& table) { return table.database.empty() ? "fuzz" : table.database; }

std::string hex_of(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02X}", c);
  return out;
}

// The number in parentheses of a type ("decimal(10,2)" -> 2, "datetime(3)" -> 3).
int type_digits(std::string_view type, bool after_comma) {
  const std::size_t open = type.find('(');
  if (open == std::string_view::npos) return 0;
  std::size_t at = open + 1;
  if (after_comma) {
    const std::size_t comma = type.find(',', open);
    if (comma == std::string_view::npos) return 0;
    at = comma + 1;
  }
  int n = 0;
  while (at < type.size() && type[at] >= '0' && type[at] <= '9') n = n * 10 + (type[at++] - '0');
  return n;
}

// MariaDB's SELECT expression for a column whose value the test compares in
// the canonical form below.
std::string select_expression(const Column& column) {
  const std::string name = "`" + column.name + "`";
  if (column.type.starts_with("bit")) return "BIN(" + name + ")";
  if (column.family == TypeFamily::kString || column.family == TypeFamily::kBinary) return "HEX(" + name + ")";
  return name;
}

std::string canonical_number(std::string_view text, const Column& column) {
  if (column.family == TypeFamily::kInteger) {
    if (const auto n = parse_int64(text)) return std::to_string(*n);
  }
  const std::optional<double> value = parse_double(text);
  if (!value) return "not a number: " + std::string(text);
  switch (column.family) {
    case TypeFamily::kInteger: return fmt::format("{}", std::llround(*value));
    case TypeFamily::kDecimal: {
      std::string out = fmt::format("{:.{}f}", *value, type_digits(column.type, true));
      if (out.starts_with('-') && out.find_first_not_of("-0.") == std::string::npos) out.erase(0, 1);
      return out;
    }
    default:
      return column.type.starts_with("float") ? fmt::format("{:.6g}", static_cast<float>(*value))
                                               : fmt::format("{:.15g}", *value);
  }
}

// A DATETIME column keeps its declared fraction digits and drops the rest
// (MariaDB truncates); a DATE keeps the day.
std::string canonical_datetime(std::string_view text, const Column& column) {
  const DateTimeResult parsed = parse_datetime(text);
  if (parsed.status == DateTimeResult::kZero) return "zero date";
  if (parsed.status == DateTimeResult::kInvalid) return "invalid date-time: " + std::string(text);
  if (column.family == TypeFamily::kDate) return std::to_string(parsed.nanos / kNanosPerDay);
  std::int64_t unit = kNanosPerSecond;
  for (int i = 0; i < type_digits(column.type, false); ++i) unit /= 10;
  return std::to_string(parsed.nanos - parsed.nanos % unit);
}

// A value as ours reads it, or as MariaDB's text gives it (then `kind` is
// kNumber for anything but NULL and the text is what select_expression
// returned: hex for strings, binary digits for bits).
std::string canonical(ValueKind kind, std::string_view text, const Column& column, bool from_server) {
  if (kind == ValueKind::kNull) return "NULL";
  if (column.type.starts_with("bit")) {
    const std::size_t first = text.find_first_not_of('0');
    return first == std::string_view::npos ? "0" : std::string(text.substr(first));
  }
  switch (column.family) {
    case TypeFamily::kInteger:
    case TypeFamily::kDecimal:
    case TypeFamily::kFloat: return canonical_number(text, column);
    case TypeFamily::kDateTime:
    case TypeFamily::kDate: return canonical_datetime(text, column);
    case TypeFamily::kString:
    case TypeFamily::kBinary: {
      if (from_server) return std::string(text);
      std::string_view bytes = text;
      // CHAR pads with spaces and hands them back stripped.
      if (column.type.starts_with("char")) bytes = bytes.substr(0, bytes.find_last_not_of(' ') + 1);
      return hex_of(bytes);
    }
    default: return std::string(text);
  }
}

}  // namespace

TableAction TableModel::on_table(const TableSchema& table, const Position& /*where*/) {
  Table& model = tables_[{database_of(table), table.name}];
  model = Table{table, {}, std::vector<bool>(table.columns.size(), true), {}};
  return TableAction::kRead;
}

void TableModel::on_rows(const RowBatch& batch) {
  Table& table = tables_[{database_of(*batch.table), batch.table->name}];
  if (!table.schema.has_definition()) return;
  std::string scratch;
  for (std::size_t r = 0; r < batch.rows(); ++r) {
    std::vector<Cell> row(table.schema.columns.size());
    std::vector<bool> given(row.size(), false);
    const auto values = batch.row(r);
    for (std::size_t v = 0; v < values.size(); ++v) {
      const int column = batch.layout->schema_index[v];
      if (column < 0) continue;
      Cell& cell = row[static_cast<std::size_t>(column)];
      cell.kind = values[v].kind;
      if (values[v].kind == ValueKind::kString) {
        cell.text = values[v].unescaped(scratch);
      } else if (values[v].kind != ValueKind::kHex || !decode_hex(values[v].text, cell.text)) {
        cell.text = values[v].text;
      }
      given[static_cast<std::size_t>(column)] = true;
    }
    for (std::size_t c = 0; c < given.size(); ++c) table.given[c] = table.given[c] && given[c];
    store(table, batch.kind, std::move(row));
  }
}

// What each statement kind does with a row whose primary key is taken.
void TableModel::store(Table& table, StatementKind kind, std::vector<Cell> row) {
  std::vector<std::string> key;
  for (const std::string& name : table.schema.primary_key) {
    const int c = table.schema.find_column(name);
    if (c < 0) return;
    const Cell& cell = row[static_cast<std::size_t>(c)];
    key.push_back(canonical(cell.kind, cell.text, table.schema.columns[static_cast<std::size_t>(c)], false));
  }
  const auto taken = key.empty() ? table.row_by_key.end() : table.row_by_key.find(key);
  if (taken == table.row_by_key.end()) {
    if (!key.empty()) table.row_by_key.emplace(key, table.rows.size());
    table.rows.push_back(std::move(row));
  } else if (kind == StatementKind::kReplace) {
    table.rows[taken->second] = std::move(row);
  }
  // INSERT IGNORE drops the row; a plain INSERT makes MariaDB refuse the dump.
}

std::vector<std::string> TableModel::compare_with(const testing::MariaDbServer& server) const {
  std::vector<std::string> problems;
  for (const auto& [name, table] : tables_) {
    if (!table.schema.has_definition()) continue;
    std::vector<std::size_t> columns;
    std::string select;
    for (std::size_t c = 0; c < table.schema.columns.size(); ++c) {
      if (!table.given[c]) continue;
      columns.push_back(c);
      select += (select.empty() ? "" : ", ") + select_expression(table.schema.columns[c]);
    }
    if (columns.empty()) continue;
    std::vector<std::vector<std::string>> theirs;
    for (const auto& fields : server.query(fmt::format("SELECT {} FROM `{}`.`{}`", select, name.first, name.second))) {
      std::vector<std::string> row;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string& text = i < fields.size() ? fields[i] : std::string();
        row.push_back(canonical(text == "NULL" ? ValueKind::kNull : ValueKind::kNumber, text,
                                table.schema.columns[columns[i]], true));
      }
      theirs.push_back(std::move(row));
    }
    std::vector<std::vector<std::string>> ours;
    for (const auto& cells : table.rows) {
      std::vector<std::string> row;
      for (std::size_t c : columns) row.push_back(canonical(cells[c].kind, cells[c].text, table.schema.columns[c], false));
      ours.push_back(std::move(row));
    }
    std::sort(theirs.begin(), theirs.end());
    std::sort(ours.begin(), ours.end());
    const std::string where = fmt::format("table `{}`.`{}`", name.first, name.second);
    if (ours.size() != theirs.size()) {
      problems.push_back(fmt::format("{}: {} rows read, MariaDB holds {}", where, ours.size(), theirs.size()));
      continue;
    }
    for (std::size_t r = 0; r < ours.size(); ++r) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (ours[r][i] == theirs[r][i]) continue;
        problems.push_back(fmt::format("{}, sorted row {}, column {}: ours '{}', MariaDB '{}'", where, r,
                                       table.schema.columns[columns[i]].name, ours[r][i], theirs[r][i]));
      }
    }
  }
  return problems;
}

}  // namespace tapelab::dump
