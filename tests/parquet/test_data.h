// Shared builders for the parquet tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parquet/reader.h"
#include "parquet/types.h"
#include "parquet/writer.h"

namespace tapelab::parquet::testing {

// Deterministic values for a column: a mix of repeats (so dictionaries form),
// sorted runs (so deltas are small), extremes, and nulls every 7th row when
// the column is nullable.
inline ColumnData make_column(const Column& c, std::size_t rows, std::uint64_t seed = 1) {
  ColumnData d(c.type);
  std::uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (std::size_t i = 0; i < rows; ++i) {
    if (c.nullable && i % 7 == 3) {
      d.push_null();
      continue;
    }
    std::uint64_t r = next();
    if (!d.valid.empty()) d.valid.push_back(1);
    switch (c.type) {
      case PhysicalType::BOOLEAN: d.bools.push_back(r % 3 == 0); break;
      case PhysicalType::INT32: {
        std::int32_t v = i % 50 == 0 ? (r % 2 ? INT32_MAX : INT32_MIN) : static_cast<std::int32_t>(i / 10 + r % 5);
        if (c.logical.kind == LogicalType::Kind::INT && c.logical.bit_width < 32) {
          std::int64_t span = std::int64_t{1} << c.logical.bit_width;
          std::int64_t lo = c.logical.is_signed ? -span / 2 : 0;
          v = static_cast<std::int32_t>(lo + static_cast<std::int64_t>(r % static_cast<std::uint64_t>(span)));
        }
        d.i32.push_back(v);
        break;
      }
      case PhysicalType::INT64:
        d.i64.push_back(i % 61 == 0 ? (r % 2 ? INT64_MAX : INT64_MIN)
                                    : static_cast<std::int64_t>(1'700'000'000'000'000LL + i * 1'000'000 + r % 3));
        break;
      case PhysicalType::FLOAT: d.f32.push_back(i % 13 == 0 ? -0.0f : static_cast<float>(r % 1000) * 0.05f); break;
      case PhysicalType::DOUBLE: d.f64.push_back(i % 11 == 0 ? 1e300 : static_cast<double>(r % 400) * 0.05 + 100); break;
      case PhysicalType::BYTE_ARRAY: {
        static const char* words[] = {"CE", "PE", "NIFTY", "", "BANKNIFTY25NOV52000CE", "\xff\x01"};
        d.push_string(words[r % 6]);
        break;
      }
      default: break;
    }
  }
  return d;
}

inline std::vector<ColumnData> make_table(const Schema& s, std::size_t rows, std::uint64_t seed = 1) {
  std::vector<ColumnData> out;
  for (std::size_t i = 0; i < s.columns.size(); ++i) out.push_back(make_column(s.columns[i], rows, seed + i));
  return out;
}

// Reads the whole file back, concatenating row groups.
inline std::vector<ColumnData> read_all(const FileReader& r) {
  std::vector<ColumnData> out;
  for (const Column& c : r.schema().columns) out.emplace_back(c.type);
  ReadOptions o;
  for (Batch& b : r.read(o)) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i].append(b.columns[i]);
  }
  return out;
}

// A column as the reader returns it: no validity vector when nothing is null.
inline ColumnData normalized(ColumnData d) {
  if (!d.valid.empty() && d.null_count() == 0) d.valid.clear();
  return d;
}

}  // namespace tapelab::parquet::testing
