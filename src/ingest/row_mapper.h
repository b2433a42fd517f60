// Turns dump values into TickRows by column NAME, never by position alone: the
// value order comes from the INSERT's column list or the table's CREATE TABLE,
// and old recordings miss columns, add columns, or spell them in another case.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dataset/schema.h"
#include "dataset/tick_row.h"
#include "dump/record_plan.h"
#include "dump/schema.h"
#include "dump/value.h"

namespace tapelab::ingest {

// How the values of one column layout map onto the 46 dump columns.
class RowMapper {
 public:
  explicit RowMapper(const dump::ColumnLayout& layout);

  // Columns of the layout that are not dump columns (kept in the audit,
  // dropped from the dataset), in layout order.
  const std::vector<std::string>& extra_columns() const { return extra_; }
  // Dump columns the layout lacks (their null bit is set on every row).
  const std::vector<int>& missing_columns() const { return missing_; }

  // Converts one row. On a value that does not parse, returns false and sets
  // `error` to "column 'NAME': REASON"; the row must then be dropped.
  bool convert(std::span<const dump::Value> values, dataset::TickRow& row, std::string& error) const;

  // The same conversion for the reader to do while it tokenizes (records
  // finish as TickRows), or nullptr when no row of the layout can convert (no
  // timestamp column). A row the plan takes gives the TickRow convert() would.
  const dump::RecordPlan* plan() const { return plan_ ? &*plan_ : nullptr; }

 private:
  void make_plan();

  // Per value of the layout: which dump column it fills (-1: an extra
  // column) and where in the TickRow, resolved once per layout so that a row
  // costs one parse per value and no lookups.
  struct Target {
    std::int8_t column = -1;
    dataset::FieldType type = dataset::FieldType::kInt64;
    std::uint16_t offset = 0;
  };
  std::vector<Target> target_;
  std::vector<int> missing_;
  std::vector<std::string> extra_;
  std::uint64_t missing_mask_ = 0;
  std::optional<dump::RecordPlan> plan_;
};

// Stores one non-NULL dump value of dump column `column` (DumpColumn) into
// `row` as convert() would; false with `why` set when it does not parse as
// the column's type. The Parquet path uses it for values stored as text.
bool store_value(const dump::Value& value, int column, dataset::TickRow& row, std::string& why);

}  // namespace tapelab::ingest
