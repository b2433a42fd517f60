#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <tuple>

#include <unistd.h>

#include "parquet/reader.h"
#include "parquet/writer.h"
#include "test_data.h"
#include "util/error.h"

namespace tapelab::parquet {
namespace {

using testing::make_table;
using testing::normalized;
using testing::read_all;

Schema all_kinds(bool nullable) {
  Schema s;
  s.columns = {
      Column::boolean("flag", nullable),
      Column::int32("i32", nullable),
      Column::int64("i64", nullable),
      Column::float32("f32", nullable),
      Column::float64("f64", nullable),
      Column::bytes("raw", nullable),
      Column::string("str", nullable),
      Column::date("day", nullable),
      Column::timestamp("ts_ms", TimeUnit::MILLIS, true, nullable),
      Column::timestamp("ts_us", TimeUnit::MICROS, false, nullable),
      Column::timestamp("ts_ns", TimeUnit::NANOS, false, nullable),
      Column::decimal("dec9", 9, 2, nullable),
      Column::decimal("dec18", 18, 4, nullable),
      Column::integer("i8", 8, true, nullable),
      Column::integer("u8", 8, false, nullable),
      Column::integer("i16", 16, true, nullable),
      Column::integer("u16", 16, false, nullable),
      Column::integer("u32", 32, false, nullable),
      Column::integer("u64", 64, false, nullable),
  };
  return s;
}

bool fits(Encoding e, PhysicalType t) {
  switch (e) {
    case Encoding::PLAIN: return true;
    case Encoding::RLE_DICTIONARY: return t != PhysicalType::BOOLEAN;
    case Encoding::DELTA_BINARY_PACKED: return t == PhysicalType::INT32 || t == PhysicalType::INT64;
    case Encoding::BYTE_STREAM_SPLIT: return t == PhysicalType::FLOAT || t == PhysicalType::DOUBLE;
    case Encoding::RLE: return t == PhysicalType::BOOLEAN;
    default: return false;
  }
}

// (codec, data page v2, nullable, encoding; PLAIN_DICTIONARY stands for "automatic")
using Params = std::tuple<Codec, bool, bool, Encoding>;

class RoundTrip : public ::testing::TestWithParam<Params> {};

TEST_P(RoundTrip, ValuesNullsAndStatisticsSurvive) {
  auto [codec, v2, nullable, encoding] = GetParam();
  Schema schema = all_kinds(nullable);
  WriterOptions o;
  o.codec = codec;
  o.data_page_v2 = v2;
  o.page_row_limit = 300;
  o.row_group_rows = 1000;
  if (encoding != Encoding::PLAIN_DICTIONARY) {
    for (const Column& c : schema.columns) {
      if (fits(encoding, c.type)) o.columns[c.name].encoding = encoding;
    }
  }
  auto table = make_table(schema, 2345);
  std::string file = write_to_buffer(schema, table, o);

  FileReader r(file, "mem.parquet");
  EXPECT_EQ(r.schema(), schema);
  EXPECT_EQ(r.num_rows(), 2345);
  EXPECT_EQ(r.num_row_groups(), 3u);
  auto back = read_all(r);
  ASSERT_EQ(back.size(), table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(back[i], normalized(table[i])) << schema.columns[i].name;
  }
  // Every chunk states its encoding and statistics.
  for (const RowGroup& rg : r.metadata().row_groups) {
    for (std::size_t c = 0; c < rg.columns.size(); ++c) {
      const ColumnMetaData& m = *rg.columns[c].meta_data;
      EXPECT_EQ(m.codec, codec);
      ASSERT_TRUE(m.statistics.has_value());
      EXPECT_EQ(m.statistics->null_count.value_or(-1) > 0, nullable) << schema.columns[c].name;
      if (encoding != Encoding::PLAIN_DICTIONARY && fits(encoding, schema.columns[c].type)) {
        EXPECT_NE(std::find(m.encodings.begin(), m.encodings.end(), encoding), m.encodings.end())
            << schema.columns[c].name;
      }
    }
  }
  // Same input, same bytes.
  EXPECT_EQ(write_to_buffer(schema, table, o), file);
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, RoundTrip,
    ::testing::Combine(::testing::Values(Codec::UNCOMPRESSED, Codec::SNAPPY, Codec::ZSTD, Codec::LZ4_RAW, Codec::GZIP,
                                         Codec::BROTLI),
                       ::testing::Bool(), ::testing::Bool(),
                       ::testing::Values(Encoding::PLAIN_DICTIONARY, Encoding::PLAIN, Encoding::RLE_DICTIONARY,
                                         Encoding::DELTA_BINARY_PACKED, Encoding::BYTE_STREAM_SPLIT, Encoding::RLE)));

TEST(RoundTripEdges, EmptyFileHasSchemaAndNoRows) {
  Schema s = all_kinds(true);
  std::vector<ColumnData> empty;
  for (const Column& c : s.columns) empty.emplace_back(c.type);
  std::string file = write_to_buffer(s, empty);
  FileReader r(file, "empty.parquet");
  EXPECT_EQ(r.schema(), s);
  EXPECT_EQ(r.num_rows(), 0);
  EXPECT_EQ(r.num_row_groups(), 0u);
  EXPECT_TRUE(r.read({}).empty());
}

TEST(RoundTripEdges, OneRow) {
  Schema s = all_kinds(false);
  auto t = make_table(s, 1);
  std::string file = write_to_buffer(s, t);
  FileReader r(file, "one.parquet");
  auto back = read_all(r);
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_EQ(back[i], normalized(t[i]));
}

TEST(RoundTripEdges, AllNullColumnsAndAllNullPages) {
  Schema s;
  s.columns = {Column::float64("x", true), Column::string("s", true), Column::int32("late", true)};
  std::vector<ColumnData> t{ColumnData(PhysicalType::DOUBLE), ColumnData(PhysicalType::BYTE_ARRAY),
                            ColumnData(PhysicalType::INT32)};
  for (int i = 0; i < 100; ++i) {
    t[0].push_null();
    t[1].push_null();
    if (i < 60) {
      t[2].push_null();  // the first pages hold only nulls, later ones values
    } else {
      t[2].i32.push_back(i % 3);
      t[2].valid.push_back(1);
    }
  }
  for (bool force_dictionary : {false, true}) {
    WriterOptions o;
    o.page_row_limit = 25;
    if (force_dictionary) {
      for (const Column& c : s.columns) o.columns[c.name].encoding = Encoding::RLE_DICTIONARY;
    }
    std::string file = write_to_buffer(s, t, o);
    FileReader r(file, "nulls.parquet");
    auto back = read_all(r);
    for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(back[c], t[c]) << c << force_dictionary;
    const Statistics& st = *r.metadata().row_groups[0].columns[0].meta_data->statistics;
    EXPECT_EQ(st.null_count, 100);
    EXPECT_FALSE(st.min_value.has_value());
  }
}

TEST(RoundTripEdges, ManyRowGroupsAtCallerBoundaries) {
  Schema s;
  s.columns = {Column::int64("id")};
  std::string file;
  FileWriter w(&file, s);
  std::int64_t next = 0;
  for (int g = 0; g < 40; ++g) {
    ColumnData d(PhysicalType::INT64);
    for (int i = 0; i <= g; ++i) d.i64.push_back(next++);
    w.write_row_group(std::span(&d, 1));
  }
  w.close();
  FileReader r(file, "groups.parquet");
  ASSERT_EQ(r.num_row_groups(), 40u);
  for (std::size_t g = 0; g < 40; ++g) EXPECT_EQ(r.metadata().row_groups[g].num_rows, static_cast<std::int64_t>(g + 1));
  auto back = read_all(r);
  ASSERT_EQ(back[0].i64.size(), static_cast<std::size_t>(next));
  for (std::int64_t i = 0; i < next; ++i) EXPECT_EQ(back[0].i64[static_cast<std::size_t>(i)], i);
}

TEST(RoundTripEdges, DictionaryFallsBackWhenTooLarge) {
  Schema s;
  s.columns = {Column::string("s"), Column::int64("n")};
  std::vector<ColumnData> t{ColumnData(PhysicalType::BYTE_ARRAY), ColumnData(PhysicalType::INT64)};
  for (int i = 0; i < 5000; ++i) {
    t[0].push_string("value-" + std::to_string(i));
    t[1].i64.push_back(i * 7919 % 5000);
  }
  WriterOptions o;
  o.dictionary_page_limit = 4096;
  o.page_row_limit = 200;
  o.columns["s"].encoding = Encoding::RLE_DICTIONARY;
  o.columns["n"].encoding = Encoding::RLE_DICTIONARY;
  std::string file = write_to_buffer(s, t, o);
  FileReader r(file, "fallback.parquet");
  for (std::size_t c = 0; c < 2; ++c) {
    const ColumnMetaData& m = *r.metadata().row_groups[0].columns[c].meta_data;
    // Dictionary pages first, then PLAIN once the dictionary is full.
    EXPECT_TRUE(m.dictionary_page_offset.has_value());
    EXPECT_NE(std::find(m.encodings.begin(), m.encodings.end(), Encoding::RLE_DICTIONARY), m.encodings.end());
    EXPECT_NE(std::find(m.encodings.begin(), m.encodings.end(), Encoding::PLAIN), m.encodings.end());
  }
  auto back = read_all(r);
  EXPECT_EQ(back[0], t[0]);
  EXPECT_EQ(back[1], t[1]);
}

// Whether column c's chunk in the first row group lists encoding e.
bool first_chunk_uses(const FileReader& r, std::size_t c, Encoding e) {
  const auto& encs = r.metadata().row_groups[0].columns[c].meta_data->encodings;
  return std::find(encs.begin(), encs.end(), e) != encs.end();
}

TEST(RoundTripEdges, AutomaticEncodingsPickDeltaDictionaryAndSplit) {
  Schema s;
  s.columns = {Column::timestamp("ts", TimeUnit::MICROS, false), Column::string("opt_type"),
               Column::float64("iv")};
  std::vector<ColumnData> t{ColumnData(PhysicalType::INT64), ColumnData(PhysicalType::BYTE_ARRAY),
                            ColumnData(PhysicalType::DOUBLE)};
  for (int i = 0; i < 20000; ++i) {
    t[0].i64.push_back(1'763'000'000'000'000LL + i * 1'000'000LL);
    t[1].push_string(i % 2 ? "CE" : "PE");
    t[2].f64.push_back(0.1 + i * 1e-7);
  }
  std::string file = write_to_buffer(s, t);
  FileReader r(file, "auto.parquet");
  auto has = [&](std::size_t c, Encoding e) { return first_chunk_uses(r, c, e); };
  EXPECT_TRUE(has(0, Encoding::DELTA_BINARY_PACKED));
  EXPECT_TRUE(has(1, Encoding::RLE_DICTIONARY));
  EXPECT_TRUE(has(2, Encoding::BYTE_STREAM_SPLIT));
}

// The first `columns` columns (doubles) read back bit for bit: -0.0 stays
// -0.0, a value off the grid keeps its last bit.
void expect_same_doubles(const std::vector<ColumnData>& back, const std::vector<ColumnData>& written,
                         std::size_t columns) {
  for (std::size_t c = 0; c < columns; ++c) {
    ASSERT_EQ(back[c].f64.size(), written[c].f64.size());
    for (std::size_t i = 0; i < written[c].f64.size(); ++i) {
      ASSERT_EQ(std::bit_cast<std::uint64_t>(back[c].f64[i]), std::bit_cast<std::uint64_t>(written[c].f64[i]))
          << "column " << c << " row " << i;
    }
  }
}

// The automatic dictionary trial indexes integers and doubles by their
// nearest hundredth in a narrow range directly: every bit pattern must
// survive (0.0 and -0.0 are different entries, a value off the grid keeps
// its own), a span too wide takes the hash path, and a dictionary over the
// limit still falls back.
TEST(RoundTripEdges, AutomaticDictionaryOnGridPricesAndNarrowIntegers) {
  Schema s;
  s.columns = {Column::float64("price"), Column::float64("off_grid"), Column::int32("qty"),
               Column::int64("wide"), Column::int32("many")};
  std::vector<ColumnData> t{ColumnData(PhysicalType::DOUBLE), ColumnData(PhysicalType::DOUBLE),
                            ColumnData(PhysicalType::INT32), ColumnData(PhysicalType::INT64),
                            ColumnData(PhysicalType::INT32)};
  for (int i = 0; i < 6000; ++i) {
    // Prices as a feed writes them: the double nearest to a whole number of paise.
    const double grid = (i % 7 == 0) ? (i % 2 ? -0.0 : 0.0) : (9705 + 5 * (i % 40)) / 100.0;
    t[0].f64.push_back(grid);
    t[1].f64.push_back(i == 3000 ? 1.0 / 3 : grid);
    t[2].i32.push_back(-75 * (i % 13) + 75 * (i % 5));
    t[3].i64.push_back(i % 3 == 0 ? INT64_MIN + i % 17 : INT64_MAX - i % 11);
    t[4].i32.push_back(i);
  }
  WriterOptions o;
  o.dictionary_page_limit = 4 * 3000;  // "many": 6000 distinct int32 do not fit
  std::string file = write_to_buffer(s, t, o);
  FileReader r(file, "grid.parquet");
  auto has = [&](std::size_t c, Encoding e) { return first_chunk_uses(r, c, e); };
  EXPECT_TRUE(has(0, Encoding::RLE_DICTIONARY));
  EXPECT_TRUE(has(1, Encoding::RLE_DICTIONARY));
  EXPECT_TRUE(has(2, Encoding::RLE_DICTIONARY));
  EXPECT_TRUE(has(3, Encoding::RLE_DICTIONARY));
  EXPECT_FALSE(has(4, Encoding::RLE_DICTIONARY));
  EXPECT_TRUE(has(4, Encoding::DELTA_BINARY_PACKED));
  auto back = read_all(r);
  expect_same_doubles(back, t, 2);
  EXPECT_EQ(back[2], t[2]);
  EXPECT_EQ(back[3], t[3]);
  EXPECT_EQ(back[4], t[4]);
}

TEST(RoundTripEdges, DictionaryKeepsDoublesApartThatRoundToTheSameHundredth) {
  // Values computed from grid prices (a strike minus the spot) are off the
  // grid by a rounding error, one double per hundredth: a dictionary. Where
  // two doubles share a hundredth (here in one chunk of "shared"), each keeps
  // its own entry.
  Schema s;
  s.columns = {Column::float64("computed"), Column::float64("shared")};
  std::vector<ColumnData> t{ColumnData(PhysicalType::DOUBLE), ColumnData(PhysicalType::DOUBLE)};
  for (int i = 0; i < 4000; ++i) {
    const double computed = 23000.0 - (2481677 + 5 * (i % 50)) / 100.0;  // -1816.7700000000004, ...
    t[0].f64.push_back(computed);
    t[1].f64.push_back(i % 500 == 7 ? std::nextafter(computed, 0.0) : computed);
  }
  ASSERT_NE(std::bit_cast<std::uint64_t>(t[0].f64[0]), std::bit_cast<std::uint64_t>(-1816.77));
  std::string file = write_to_buffer(s, t, WriterOptions{});
  FileReader r(file, "computed.parquet");
  for (std::size_t c = 0; c < 2; ++c) EXPECT_TRUE(first_chunk_uses(r, c, Encoding::RLE_DICTIONARY)) << c;
  auto back = read_all(r);
  expect_same_doubles(back, t, 2);
}

TEST(RoundTripEdges, MetadataCarriesCreatedByOrdersSortingAndKeyValues) {
  Schema s;
  s.columns = {Column::int32("strike"), Column::string("name")};
  WriterOptions o;
  o.sorting_columns = {SortingColumn{0, false, true}};
  o.key_value_metadata = {KeyValue{"tapelab.kind", "options"}};
  auto t = make_table(s, 10);
  std::string file = write_to_buffer(s, t, o);
  FileReader r(file, "meta.parquet");
  const FileMetaData& m = r.metadata();
  ASSERT_TRUE(m.created_by.has_value());
  EXPECT_EQ(m.created_by->rfind("tapelab version 0.1.0 (build ", 0), 0u);
  EXPECT_EQ(m.column_orders, std::vector<bool>({true, true}));
  EXPECT_EQ(m.row_groups[0].sorting_columns, o.sorting_columns);
  EXPECT_EQ(m.key_value_metadata, o.key_value_metadata);
  // Legacy converted types for readers that predate logical types.
  EXPECT_EQ(m.schema[2].converted_type, 0);  // UTF8
}

TEST(RoundTripEdges, UnsignedAndStringStatisticsUseTheirOrder) {
  Schema s;
  s.columns = {Column::integer("u", 32, false), Column::string("s")};
  std::vector<ColumnData> t{ColumnData(PhysicalType::INT32), ColumnData(PhysicalType::BYTE_ARRAY)};
  t[0].i32 = {1, -1, 5};  // -1 is 4294967295 unsigned: the maximum
  t[1].push_string("a");
  t[1].push_string("\xff");
  t[1].push_string("b");
  std::string file = write_to_buffer(s, t);
  FileReader r(file, "order.parquet");
  const Statistics& u = *r.metadata().row_groups[0].columns[0].meta_data->statistics;
  EXPECT_EQ(decode_value(s.columns[0], *u.min_value), Value(std::int64_t{1}));
  EXPECT_EQ(decode_value(s.columns[0], *u.max_value), Value(std::int64_t{4294967295}));
  EXPECT_FALSE(u.min.has_value());  // no legacy (signed) min/max for unsigned
  const Statistics& st = *r.metadata().row_groups[0].columns[1].meta_data->statistics;
  EXPECT_EQ(*st.min_value, "a");
  EXPECT_EQ(*st.max_value, "\xff");
}

TEST(RoundTripEdges, WriterRejectsMismatchedInput) {
  Schema s;
  s.columns = {Column::int64("a"), Column::int64("b")};
  std::vector<ColumnData> t{ColumnData(PhysicalType::INT64), ColumnData(PhysicalType::INT64)};
  t[0].i64 = {1, 2};
  t[1].i64 = {1};
  EXPECT_THROW(write_to_buffer(s, t), Error);
  t[1].i64 = {1, 2};
  t[1].push_null();
  t[0].i64.push_back(3);
  EXPECT_THROW(write_to_buffer(s, t), Error);  // null in a required column
  WriterOptions o;
  t[1] = t[0];
  o.columns["a"].encoding = Encoding::BYTE_STREAM_SPLIT;
  EXPECT_THROW(write_to_buffer(s, t, o), Error);
}

TEST(RoundTripEdges, FileWriterPublishesAtomically) {
  auto dir = std::filesystem::temp_directory_path() / ("pq-atomic-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "t.parquet";
  Schema s;
  s.columns = {Column::int64("a")};
  auto t = make_table(s, 100);
  {
    FileWriter w(path, s);
    w.write(t);
    EXPECT_FALSE(std::filesystem::exists(path));
    w.close();
  }
  FileReader r(path);
  EXPECT_EQ(read_all(r)[0], t[0]);
  {
    FileWriter abandoned(path, s);  // never closed: the old file stays
    abandoned.write(t);
  }
  EXPECT_EQ(FileReader(path).num_rows(), 100);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tapelab::parquet
