// The canonical text of column types and values shared with the Node checkers
// (tools/interop/check.mjs documents the format). Both sides turn what they
// hold into these strings, so "equal" means the same thing in C++ and in JS.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "parquet/types.h"

namespace tapelab::interop {

// "NONE", "STRING", "DATE", "TIMESTAMP(MICROS,true)", "DECIMAL(9,2)", "INT(8,false)".
std::string logical_text(const parquet::LogicalType& t);

// The canonical value of a valid row: integers of every width (unsigned as
// unsigned), dates, timestamps and unscaled decimals as decimal text; booleans
// "true"/"false"; strings as is; binary as lower-case hex; FLOAT/DOUBLE as the
// shortest text of the value as a double, or "nan", "inf", "-inf".
std::string canonical_value(const parquet::Column& column, const parquet::ColumnData& data,
                            std::size_t row);

// A manifest column: {name, physical, logical, nullable, values} with null
// for null rows.
nlohmann::json manifest_column(const parquet::Column& column, const parquet::ColumnData& data);

// Compares a column read by our reader with a manifest column; returns a
// description of each mismatch (type, row count, at most `max_diffs` values),
// empty when they agree. FLOAT/DOUBLE compare as numbers (NaN equals NaN,
// -0 differs from 0); everything else compares as canonical text.
std::vector<std::string> diff_column(const parquet::Column& column, const parquet::ColumnData& data,
                                     const nlohmann::json& expected, std::size_t max_diffs = 5);

}  // namespace tapelab::interop
