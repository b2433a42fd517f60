// Values as people read them, and predicates as people write them: the
// text side of `tapelab parquet`, kept in the library so every tool prints
// and parses the same way.
//
// Timestamps print as YYYY-MM-DD HH:MM:SS with the fraction the unit carries
// when it is non-zero (the wall-clock value stored, whatever isAdjustedToUTC
// says: tapelab stores IST wall-clock times); dates as YYYY-MM-DD; decimals
// with their scale; unsigned integers unsigned; doubles in the shortest form
// that round-trips.
#pragma once

#include <string>
#include <string_view>

#include "parquet/reader.h"
#include "parquet/types.h"

namespace tapelab::parquet {

// The value of `row` as text; "" for null (check is_valid to tell them apart).
std::string format_value(const Column& column, const ColumnData& data, std::size_t row);

// Parses a literal for a column into its physical domain: timestamps from
// 'YYYY-MM-DD[ HH:MM:SS[.f...]]', dates from 'YYYY-MM-DD', decimals from a
// decimal number (scaled), booleans from true/false. Throws Error.
Value parse_literal(const Column& column, std::string_view text);

// Parses "strike between 100 and 200 and timestamp >= '2025-11-18 10:00:00'"
// (conditions: BETWEEN, >=, >, <=, <, =; joined by AND; quotes optional for
// values without spaces). Throws Error naming the problem.
Predicate parse_where(const Schema& schema, std::string_view text);

// Days since 1970-01-01 for a civil date, and back (proleptic Gregorian).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
std::string civil_from_days(std::int64_t days);

}  // namespace tapelab::parquet
