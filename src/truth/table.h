// A truth table in memory: its Parquet schema and one ColumnData per column,
// built from per-row vectors where NaN (doubles) or a cleared flag means null.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/time.h"
#include "parquet/types.h"

namespace tapelab::truth {

struct Table {
  parquet::Schema schema;
  std::vector<parquet::ColumnData> columns;

  std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
  // Throws Error when there is no such column (a test or a reader asking for a wrong name).
  const parquet::ColumnData& column(std::string_view name) const;

  // Every column is nullable except the ones marked required, so readers see
  // one schema for every day.
  void add_date(std::string name, domain::Date value, std::size_t rows);
  void add_string(std::string name, std::string_view value, std::size_t rows);
  // `valid` empty: every row is valid.
  void add_strings(std::string name, const std::vector<std::string_view>& values,
                   std::span<const std::uint8_t> valid = {});
  void add_time(std::string name, std::span<const domain::WallNanos> times);
  void add_double(std::string name, std::span<const double> values);
  // `valid` empty: every row is valid.
  void add_int32(std::string name, std::span<const std::int32_t> values, std::span<const std::uint8_t> valid = {});
  void add_int64(std::string name, std::span<const std::int64_t> values, std::span<const std::uint8_t> valid = {});
  void add_bool(std::string name, std::span<const std::uint8_t> values, std::span<const std::uint8_t> valid = {});

 private:
  void add(parquet::Column column, parquet::ColumnData data);
};

}  // namespace tapelab::truth
