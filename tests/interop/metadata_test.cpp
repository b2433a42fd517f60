// Our Parquet metadata checked by code other than our reader: the ColumnIndex
// by a Thrift compact decoder written here from the format's definition,
// converted types and row-group statistics by DuckDB (parquet_schema(),
// parquet_metadata()), each against values worked out from the input rows.
#include <charconv>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "interop/matrix.h"
#include "interop/node.h"
#include "parquet/reader.h"
#include "parquet/writer.h"
#include "util/file.h"

namespace tapelab::interop {
namespace {

namespace fs = std::filesystem;
using parquet::Column;
using parquet::ColumnData;
using parquet::Encoding;

fs::path out_dir() {
  const fs::path dir = fs::path(TAPELAB_INTEROP_OUT) / "metadata";
  fs::create_directories(dir);
  return dir;
}

// Thrift compact protocol, the little of it a ColumnIndex uses.
class Compact {
 public:
  explicit Compact(std::string_view in) : in_(in) {}
  std::uint8_t byte() {
    if (pos_ >= in_.size()) throw std::runtime_error("column index truncated");
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const std::uint8_t b = byte();
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
  }
  std::int64_t zigzag() {
    const std::uint64_t v = varint();
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  }
  // A list header: size in the high nibble (15: a varint follows), element type low.
  std::size_t list_size() {
    const std::uint8_t h = byte();
    return (h >> 4) == 15 ? varint() : h >> 4;
  }
  std::string binary() {
    const std::size_t n = varint();
    if (pos_ + n > in_.size()) throw std::runtime_error("column index truncated");
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

struct DecodedIndex {
  std::vector<bool> null_pages;              // field 1, list<bool>
  std::vector<std::string> min_values;       // field 2, list<binary>
  std::vector<std::string> max_values;       // field 3, list<binary>
  std::optional<std::int64_t> boundary_order;  // field 4, i32 enum
  std::vector<std::int64_t> null_counts;     // field 5, list<i64>
};

DecodedIndex decode_column_index(std::string_view bytes) {
  constexpr int kI32 = 5, kList = 9;
  Compact in(bytes);
  DecodedIndex index;
  int field = 0;
  for (std::uint8_t header = in.byte(); header != 0; header = in.byte()) {
    field = (header >> 4) != 0 ? field + (header >> 4) : static_cast<int>(in.zigzag());
    const int type = header & 0x0f;
    if (type != (field == 4 ? kI32 : kList)) throw std::runtime_error("field " + std::to_string(field) + ": type");
    if (field == 4) {
      index.boundary_order = in.zigzag();
      continue;
    }
    const std::size_t n = in.list_size();
    for (std::size_t i = 0; i < n; ++i) {
      switch (field) {
        case 1: index.null_pages.push_back(in.byte() == 1); break;  // 1 true, 0 or 2 false
        case 2: index.min_values.push_back(in.binary()); break;
        case 3: index.max_values.push_back(in.binary()); break;
        case 5: index.null_counts.push_back(in.zigzag()); break;
        default: throw std::runtime_error("unexpected field " + std::to_string(field));
      }
    }
  }
  return index;
}

template <typename T>
std::string plain_bytes(T value) {  // PLAIN: little-endian, as the index stores min and max
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &value, sizeof(T));
  return s;
}

// 95 rows in pages of 10: a timestamp rising every row (ascending pages) and
// a nullable price that jumps about (unordered pages), all null on page 3.
TEST(OurMetadata, ColumnIndexMatchesTheRowsPageByPage) {
  constexpr std::size_t kRows = 95, kPageRows = 10;
  parquet::Schema schema;
  schema.columns = {Column::timestamp("ts", parquet::TimeUnit::MICROS, false), Column::float64("price", true)};
  std::vector<ColumnData> columns = {ColumnData(parquet::PhysicalType::INT64),
                                     ColumnData(parquet::PhysicalType::DOUBLE)};
  for (std::size_t r = 0; r < kRows; ++r) {
    columns[0].i64.push_back(1'763'350'000'000'000 + static_cast<std::int64_t>(r) * 250'000 + (r % 3));
    if ((r >= 30 && r < 40) || r % 7 == 0) {
      columns[1].push_null();
    } else {
      columns[1].f64.push_back(static_cast<double>((r * 7919) % 1000) / 8 - 40);
      if (!columns[1].valid.empty()) columns[1].valid.push_back(1);
    }
  }
  ASSERT_EQ(columns[1].size(), kRows);
  parquet::WriterOptions options;
  options.codec = parquet::Codec::UNCOMPRESSED;
  options.page_row_limit = kPageRows;
  options.columns["ts"].encoding = Encoding::PLAIN;
  options.columns["price"].encoding = Encoding::PLAIN;
  const fs::path path = out_dir() / "column_index.parquet";
  {
    parquet::FileWriter writer(path.string(), schema, options);
    writer.write(columns);
    writer.close();
  }
  const std::string file = read_file(path);
  const parquet::FileReader reader(path);
  ASSERT_EQ(reader.metadata().row_groups.size(), 1u);
  const auto& chunks = reader.metadata().row_groups[0].columns;
  for (std::size_t k = 0; k < 2; ++k) {
    SCOPED_TRACE(schema.columns[k].name);
    ASSERT_TRUE(chunks[k].column_index_offset && chunks[k].column_index_length);
    const DecodedIndex index = decode_column_index(std::string_view(file).substr(
        static_cast<std::size_t>(*chunks[k].column_index_offset), static_cast<std::size_t>(*chunks[k].column_index_length)));
    const std::size_t pages = (kRows + kPageRows - 1) / kPageRows;  // 9 full pages and one of 5 rows
    ASSERT_EQ(index.null_pages.size(), pages);
    ASSERT_EQ(index.min_values.size(), pages);
    ASSERT_EQ(index.max_values.size(), pages);
    ASSERT_EQ(index.null_counts.size(), pages);
    for (std::size_t p = 0; p < pages; ++p) {
      SCOPED_TRACE("page " + std::to_string(p));
      std::int64_t nulls = 0;
      std::optional<std::string> min, max;
      std::optional<double> low, high;
      std::optional<std::int64_t> first, last;
      for (std::size_t r = p * kPageRows; r < std::min(kRows, (p + 1) * kPageRows); ++r) {
        if (k == 0) {
          const std::int64_t v = columns[0].i64[r];
          first = first ? std::min(*first, v) : v;
          last = last ? std::max(*last, v) : v;
        } else if (!columns[1].is_valid(r)) {
          ++nulls;
        } else {
          const double v = columns[1].f64[r];
          low = low ? std::min(*low, v) : v;
          high = high ? std::max(*high, v) : v;
        }
      }
      if (first) min = plain_bytes(*first), max = plain_bytes(*last);
      if (low) min = plain_bytes(*low), max = plain_bytes(*high);
      EXPECT_EQ(index.null_counts[p], nulls);
      EXPECT_EQ(index.null_pages[p], !min.has_value());
      if (min) {
        EXPECT_EQ(index.min_values[p], *min);
        EXPECT_EQ(index.max_values[p], *max);
      }
    }
    // 1 ASCENDING for the rising timestamp, 0 UNORDERED for the prices.
    EXPECT_EQ(index.boundary_order, k == 0 ? 1 : 0);
  }
}

nlohmann::json duckdb_metadata(const fs::path& path) {
  const NodeRun run = run_node_script("metadata.mjs", {path.string()});
  if (run.exit_code != 0) throw std::runtime_error("metadata.mjs failed: " + run.output);
  return nlohmann::json::parse(run.output);
}

// The converted type DuckDB reads for every column kind of the matrix, as the
// format defines it: none for plain numbers, binary, local timestamps and
// every NANOS timestamp (no converted type exists for them).
TEST(OurMetadata, ConvertedTypesAsDuckDBReadsThem) {
  const std::string problem = node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  const std::map<std::string, std::optional<std::string>> expected = {
      {"bool", std::nullopt},         {"i32", std::nullopt},
      {"i64", std::nullopt},          {"f32", std::nullopt},
      {"f64", std::nullopt},          {"bin", std::nullopt},
      {"str", "UTF8"},                {"date", "DATE"},
      {"dec9", "DECIMAL"},            {"dec18", "DECIMAL"},
      {"ts_MILLIS", std::nullopt},    {"ts_MILLIS_utc", "TIMESTAMP_MILLIS"},
      {"ts_MICROS", std::nullopt},    {"ts_MICROS_utc", "TIMESTAMP_MICROS"},
      {"ts_NANOS", std::nullopt},     {"ts_NANOS_utc", std::nullopt},
      {"int8", "INT_8"},              {"uint8", "UINT_8"},
      {"int16", "INT_16"},            {"uint16", "UINT_16"},
      {"int32", "INT_32"},            {"uint32", "UINT_32"},
      {"int64", "INT_64"},            {"uint64", "UINT_64"},
  };
  const TestFile f = interop_matrix(100).front();  // every kind, required and nullable
  const fs::path path = out_dir() / "converted_types.parquet";
  write_test_file(f, path.string());
  const nlohmann::json schema = duckdb_metadata(path)["schema"];
  ASSERT_EQ(schema.size(), f.schema.columns.size());
  for (std::size_t k = 0; k < schema.size(); ++k) {
    std::string kind = schema[k][0].get<std::string>();
    ASSERT_EQ(kind, f.schema.columns[k].name);
    if (kind.ends_with("_n")) kind.resize(kind.size() - 2);
    const auto want = expected.find(kind);
    ASSERT_NE(want, expected.end()) << kind << ": add the kind to this table";
    const std::optional<std::string> got =
        schema[k][1].is_null() ? std::nullopt : std::optional(schema[k][1].get<std::string>());
    EXPECT_EQ(got, want->second) << f.schema.columns[k].name;
  }
}

std::string shortest(float v) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  return std::string(buffer, end);
}

// Row-group statistics of FLOAT, BYTE_ARRAY, a dictionary-encoded string and
// INT32, as DuckDB reads them, against min, max and nulls over each group's rows.
TEST(OurMetadata, RowGroupStatisticsAsDuckDBReadsThem) {
  const std::string problem = node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  constexpr std::size_t kRows = 100, kGroupRows = 40;
  static const char* const kSymbols[] = {"NIFTY25N1826000CE", "BANKNIFTY", "NIFTY25N1826000PE", "FINNIFTY", "A", "zeta"};
  parquet::Schema schema;
  schema.columns = {Column::float32("f32", true), Column::bytes("bin", true), Column::string("sym", true),
                    Column::int32("i32")};
  std::vector<ColumnData> columns = {ColumnData(parquet::PhysicalType::FLOAT), ColumnData(parquet::PhysicalType::BYTE_ARRAY),
                                     ColumnData(parquet::PhysicalType::BYTE_ARRAY), ColumnData(parquet::PhysicalType::INT32)};
  const auto set_valid = [](ColumnData& c) {
    if (!c.valid.empty()) c.valid.push_back(1);
  };
  for (std::size_t r = 0; r < kRows; ++r) {
    // Odd eighths: never a whole number, so DuckDB and to_chars print them alike.
    if (r % 9 == 4) {
      columns[0].push_null();
    } else {
      columns[0].f32.push_back(static_cast<float>(static_cast<int>((r * 37) % 200) * 2 + 1 - 200) / 8);
      set_valid(columns[0]);
    }
    if (r % 11 == 6) {
      columns[1].push_null();
    } else {
      columns[1].push_string("b" + std::to_string((r * 53) % 97));
      set_valid(columns[1]);
    }
    if (r % 13 == 5) {
      columns[2].push_null();
    } else {
      columns[2].push_string(kSymbols[(r * 5) % std::size(kSymbols)]);
      set_valid(columns[2]);
    }
    columns[3].i32.push_back(static_cast<std::int32_t>((r * 7919) % 2001) - 1000);
  }
  parquet::WriterOptions options;
  options.row_group_rows = kGroupRows;
  options.page_row_limit = 10;
  options.columns["sym"].encoding = Encoding::RLE_DICTIONARY;
  const fs::path path = out_dir() / "statistics.parquet";
  {
    parquet::FileWriter writer(path.string(), schema, options);
    writer.write(columns);
    writer.close();
  }
  std::map<std::pair<int, std::string>, std::tuple<std::string, std::string, std::int64_t>> expected;
  for (std::size_t g = 0; g * kGroupRows < kRows; ++g) {
    for (std::size_t k = 0; k < columns.size(); ++k) {
      std::optional<std::string> min, max;
      std::optional<double> low, high;
      std::int64_t nulls = 0;
      for (std::size_t r = g * kGroupRows; r < std::min(kRows, (g + 1) * kGroupRows); ++r) {
        const ColumnData& c = columns[k];
        if (!c.is_valid(r)) {
          ++nulls;
        } else if (c.type == parquet::PhysicalType::BYTE_ARRAY) {
          const std::string v(c.string_at(r));
          min = min ? std::min(*min, v) : v;
          max = max ? std::max(*max, v) : v;
        } else {
          const double v = k == 0 ? c.f32[r] : c.i32[r];
          low = low ? std::min(*low, v) : v;
          high = high ? std::max(*high, v) : v;
        }
      }
      if (k == 0) min = shortest(static_cast<float>(*low)), max = shortest(static_cast<float>(*high));
      if (k == 3) min = std::to_string(static_cast<int>(*low)), max = std::to_string(static_cast<int>(*high));
      expected[{static_cast<int>(g), schema.columns[k].name}] = {*min, *max, nulls};
    }
  }
  std::map<std::pair<int, std::string>, std::tuple<std::string, std::string, std::int64_t>> duckdb;
  const nlohmann::json metadata = duckdb_metadata(path);
  for (const auto& s : metadata["statistics"]) {
    duckdb[{s[0].get<int>(), s[1].get<std::string>()}] = {s[2].is_null() ? "<none>" : s[2].get<std::string>(),
                                                          s[3].is_null() ? "<none>" : s[3].get<std::string>(),
                                                          s[4].is_null() ? -1 : s[4].get<std::int64_t>()};
  }
  ASSERT_EQ(duckdb.size(), expected.size());  // 3 row groups x 4 columns
  for (const auto& [key, want] : expected) {
    SCOPED_TRACE("row group " + std::to_string(key.first) + " column " + key.second);
    EXPECT_EQ(duckdb[key], want);
  }
}

}  // namespace
}  // namespace tapelab::interop
