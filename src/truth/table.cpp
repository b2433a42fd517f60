#include "truth/table.h"

#include <algorithm>
#include <cmath>

#include "dataset/schema.h"
#include "util/error.h"

namespace tapelab::truth {
namespace {

using parquet::Column;
using parquet::ColumnData;
using parquet::PhysicalType;

// An all-ones validity vector is stored as none, so equal tables compare equal.
void set_valid(ColumnData& c, std::span<const std::uint8_t> valid) {
  if (std::find(valid.begin(), valid.end(), 0) == valid.end()) return;
  c.valid.assign(valid.begin(), valid.end());
}

// A column of `type` whose values go to the member `slot`, with their validity.
template <typename T>
ColumnData nullable(PhysicalType type, std::vector<T> ColumnData::*slot, std::span<const T> values,
                    std::span<const std::uint8_t> valid) {
  ColumnData c(type);
  (c.*slot).assign(values.begin(), values.end());
  set_valid(c, valid);
  return c;
}

}  // namespace

const ColumnData& Table::column(std::string_view name) const {
  const int index = schema.find(name);
  if (index < 0) fail("truth table: no column '{}'", name);
  return columns[static_cast<std::size_t>(index)];
}

void Table::add(Column column, ColumnData data) {
  if (!columns.empty() && data.size() != rows()) {
    fail("truth table: column {} has {} rows, the table {}", column.name, data.size(), rows());
  }
  schema.columns.push_back(std::move(column));
  columns.push_back(std::move(data));
}

void Table::add_date(std::string name, domain::Date value, std::size_t rows) {
  ColumnData c(PhysicalType::INT32);
  c.i32.assign(rows, value.days());
  add(Column::date(std::move(name)), std::move(c));
}

void Table::add_string(std::string name, std::string_view value, std::size_t rows) {
  ColumnData c(PhysicalType::BYTE_ARRAY);
  c.push_string(value);  // the one dictionary entry
  c.dictionary = true;
  c.indices.assign(rows, 0);
  add(Column::string(std::move(name)), std::move(c));
}

void Table::add_strings(std::string name, const std::vector<std::string_view>& values,
                        std::span<const std::uint8_t> valid) {
  ColumnData c(PhysicalType::BYTE_ARRAY);
  for (const std::string_view v : values) c.push_string(v);
  set_valid(c, valid);
  add(Column::string(std::move(name), !valid.empty()), std::move(c));
}

void Table::add_time(std::string name, std::span<const domain::WallNanos> times) {
  ColumnData c(PhysicalType::INT64);
  c.i64.reserve(times.size());
  for (const domain::WallNanos t : times) c.i64.push_back(t / dataset::kNanosPerStoredUnit);
  add(Column::timestamp(std::move(name), parquet::TimeUnit::MICROS, false), std::move(c));
}

void Table::add_double(std::string name, std::span<const double> values) {
  ColumnData c(PhysicalType::DOUBLE);
  c.f64.assign(values.begin(), values.end());
  std::vector<std::uint8_t> valid(values.size());
  for (std::size_t r = 0; r < values.size(); ++r) {
    valid[r] = std::isnan(values[r]) ? 0 : 1;
    if (!valid[r]) c.f64[r] = 0;
  }
  set_valid(c, valid);
  add(Column::float64(std::move(name), true), std::move(c));
}

void Table::add_int32(std::string name, std::span<const std::int32_t> values, std::span<const std::uint8_t> valid) {
  add(Column::int32(std::move(name), true), nullable(PhysicalType::INT32, &ColumnData::i32, values, valid));
}

void Table::add_int64(std::string name, std::span<const std::int64_t> values, std::span<const std::uint8_t> valid) {
  add(Column::int64(std::move(name), true), nullable(PhysicalType::INT64, &ColumnData::i64, values, valid));
}

void Table::add_bool(std::string name, std::span<const std::uint8_t> values, std::span<const std::uint8_t> valid) {
  add(Column::boolean(std::move(name), true), nullable(PhysicalType::BOOLEAN, &ColumnData::bools, values, valid));
}

}  // namespace tapelab::truth
