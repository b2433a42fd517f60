// Column statistics, sort orders and predicate evaluation. Internal.
//
// Values are compared by the column's sort order (parquet.thrift
// ColumnOrder / LogicalTypes.md): signed for INT32/INT64 (dates, timestamps,
// decimals), unsigned for INT(_, false), IEEE for FLOAT/DOUBLE with NaN
// ignored, unsigned bytewise for BYTE_ARRAY, false < true for BOOLEAN.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/metadata.h"
#include "parquet/reader.h"
#include "parquet/types.h"

namespace tapelab::parquet {

// Min/max/null count of rows [begin, end) as encoded statistics bytes
// (min_value/max_value, plus the legacy min/max for signed orders).
// min/max are unset when no non-null, non-NaN value exists.
Statistics make_statistics(const Column& column, const ColumnData& data, std::size_t begin, std::size_t end);
// The same for a BYTE_ARRAY page whose non-null values are
// dictionary[indices[k]]: each run of equal indices is compared once, not
// every row (an identity column repeats one string for thousands of rows).
Statistics make_dictionary_statistics(const ColumnData& data, std::size_t begin, std::size_t end,
                                      std::span<const std::string_view> dictionary,
                                      std::span<const std::uint32_t> indices);

// Merges page statistics into chunk statistics.
void merge_statistics(const Column& column, Statistics& into, const Statistics& page);

// <0, 0, >0 comparing two values of a column (Values already in the
// column's domain, see reader.h).
int compare_values(const Column& column, const Value& a, const Value& b);

// Whether any value within [min, max] (encoded stats; unset = unknown) can
// satisfy the range. Conservative: unknown means "may match".
bool stats_may_match(const Column& column, const std::optional<std::string>& min,
                     const std::optional<std::string>& max, const ColumnRange& range);

// Checks that a range's bounds can be compared with the column; throws Error otherwise.
void check_range(const Column& column, const ColumnRange& range);

// Sets keep[row] = 0 for rows of `data` outside the range (nulls never match).
void apply_range(const Column& column, const ColumnData& data, const ColumnRange& range,
                 std::vector<std::uint8_t>& keep);

}  // namespace tapelab::parquet
