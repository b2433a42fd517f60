// The storage types of older writers: INT96 timestamps (older Spark, pandas
// through pyarrow's use_deprecated_int96_timestamps) and DECIMALs in
// FIXED_LEN_BYTE_ARRAY (Spark for any precision, DuckDB above 18 digits,
// which tests/layouts/interop_ingest_test.cpp covers with DuckDB's files).
// Neither DuckDB nor Polars writes INT96, and our writer writes neither type,
// so the file here is built byte by byte from our Parquet code's own parts
// (the Thrift structs and their serializer): one PLAIN, uncompressed data
// page per column, as parquet-mr's v1 writer lays them out. It must ingest to
// the rows of the same ticks written with TIMESTAMP and DOUBLE columns.
#include <cstring>

#include <gtest/gtest.h>

#include "dump/value.h"
#include "helpers.h"
#include "ingest/ingest.h"
#include "parquet/metadata.h"
#include "parquet_inputs.h"

namespace tapelab::ingest {
namespace {

namespace fs = std::filesystem;
using parquet::PhysicalType;
using testing::Tick;
using testing::TempDir;

const std::vector<Tick> kTicks = {
    {"2025-08-11 09:15:00", 100.05, 75, 750, "2025-08-11 09:14:58", 100.00, 100.10},
    {"2025-08-11 09:15:01", 0.05, 75, 825, "2025-08-11 09:15:01", 0.00, 0.10},
    {"2025-08-11 15:29:59", 24123.45, 150, 975, "2025-08-11 15:29:59", 99.90, 100.00},
    {"2025-08-12 09:15:00", 90.00, 150, 150, "1970-01-01 05:30:00", 89.95, 90.05}};

// A wall-clock time as INT96: nanoseconds of the day, then the Julian day.
std::string int96(const std::string& time) {
  const std::int64_t nanos = dump::parse_datetime(time).nanos;
  const std::int64_t day = nanos / dump::kNanosPerDay;
  const std::int64_t nanos_of_day = nanos % dump::kNanosPerDay;
  const auto julian_day = static_cast<std::int32_t>(day + 2'440'588);
  std::string bytes(12, '\0');
  std::memcpy(bytes.data(), &nanos_of_day, 8);
  std::memcpy(bytes.data() + 8, &julian_day, 4);
  return bytes;
}

// A DECIMAL(20, 2) in 9 bytes: big-endian two's complement.
std::string decimal_20_2(double value) {
  auto unscaled = static_cast<std::int64_t>(std::llround(value * 100));
  std::string bytes(9, unscaled < 0 ? '\xff' : '\0');
  for (int i = 8; i >= 1; --i, unscaled >>= 8) bytes[static_cast<std::size_t>(i)] = static_cast<char>(unscaled & 0xff);
  return bytes;
}

struct LegacyColumn {
  parquet::SchemaElement element;
  std::string values;  // PLAIN: the fixed-width values one after another
};

parquet::SchemaElement element(const std::string& name, PhysicalType type, std::optional<std::int32_t> length) {
  parquet::SchemaElement e;
  e.name = name;
  e.type = type;
  e.type_length = length;
  e.repetition_type = 0;  // REQUIRED: no definition levels in the pages
  return e;
}

// timestamp and lastTradeTime as INT96, price, bp0 and sp0 as DECIMAL(20, 2)
// in FIXED_LEN_BYTE_ARRAY(9).
void write_legacy_file(const fs::path& path, const std::vector<Tick>& ticks) {
  std::vector<LegacyColumn> columns;
  for (const std::string name : {"timestamp", "lastTradeTime"}) {
    columns.push_back({element(name, PhysicalType::INT96, std::nullopt), {}});
  }
  for (const std::string name : {"price", "bp0", "sp0"}) {
    parquet::SchemaElement e = element(name, PhysicalType::FIXED_LEN_BYTE_ARRAY, 9);
    e.converted_type = 5;  // DECIMAL: the legacy annotation Spark writes
    e.precision = 20;
    e.scale = 2;
    columns.push_back({e, {}});
  }
  for (const Tick& t : ticks) {
    columns[0].values += int96(t.time);
    columns[1].values += int96(*t.last_trade_time);
    columns[2].values += decimal_20_2(t.price);
    columns[3].values += decimal_20_2(t.bp0);
    columns[4].values += decimal_20_2(t.sp0);
  }
  std::string file = "PAR1";
  parquet::FileMetaData meta;
  meta.version = 1;
  meta.num_rows = static_cast<std::int64_t>(ticks.size());
  meta.created_by = "tapelab legacy_types_test (hand-built)";
  parquet::SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<std::int32_t>(columns.size());
  meta.schema.push_back(root);
  parquet::RowGroup group;
  group.num_rows = meta.num_rows;
  for (const LegacyColumn& c : columns) {
    meta.schema.push_back(c.element);
    parquet::PageHeader header;
    header.type = parquet::PageType::DATA_PAGE;
    header.uncompressed_page_size = header.compressed_page_size = static_cast<std::int32_t>(c.values.size());
    header.data_page_header = parquet::DataPageHeader{static_cast<std::int32_t>(ticks.size()), parquet::Encoding::PLAIN, parquet::Encoding::RLE,
                                                      parquet::Encoding::RLE, std::nullopt};
    const std::string page = parquet::serialize(header) + c.values;
    parquet::ColumnMetaData m;
    m.type = *c.element.type;
    m.encodings = {parquet::Encoding::PLAIN, parquet::Encoding::RLE};
    m.path_in_schema = {c.element.name};
    m.codec = parquet::Codec::UNCOMPRESSED;
    m.num_values = meta.num_rows;
    m.total_uncompressed_size = m.total_compressed_size = static_cast<std::int64_t>(page.size());
    m.data_page_offset = static_cast<std::int64_t>(file.size());
    parquet::ColumnChunk chunk;
    chunk.file_offset = m.data_page_offset;
    chunk.meta_data = m;
    group.columns.push_back(chunk);
    group.total_byte_size += m.total_uncompressed_size;
    file += page;
  }
  meta.row_groups.push_back(group);
  const std::string footer = parquet::serialize(meta);
  const auto length = static_cast<std::uint32_t>(footer.size());
  file += footer;
  file.append(reinterpret_cast<const char*>(&length), 4);
  file += "PAR1";
  testing::write_text(path, file);
}

IngestOptions options_for(const fs::path& dataset, const fs::path& input) {
  IngestOptions o;
  o.dataset = dataset;
  o.inputs = {input};
  o.jobs = 2;
  return o;
}

TEST(LegacyTypes, Int96TimestampsAndFixedLengthDecimalsGiveTheRowsOfModernTypes) {
  TempDir dir;
  fs::create_directories(dir / "legacy");
  write_legacy_file(dir / "legacy/NIFTY25AUG24000CE.parquet", kTicks);
  // The same ticks as TIMESTAMP (naive, us) and DOUBLE, without qty and volume.
  testing::Table modern = testing::tick_columns(kTicks, {});
  for (const std::string drop : {"qty", "volume"}) {
    for (std::size_t i = 0; i < modern.schema.size(); ++i) {
      if (modern.schema[i].name != drop) continue;
      modern.schema.erase(modern.schema.begin() + static_cast<std::ptrdiff_t>(i));
      modern.columns.erase(modern.columns.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  testing::write_parquet(dir / "modern/NIFTY25AUG24000CE.parquet", modern);

  const auto legacy = ingest(options_for(dir / "from-legacy", dir / "legacy"));
  ingest(options_for(dir / "from-modern", dir / "modern"));
  ASSERT_EQ(legacy.audit.files.size(), 1U);
  EXPECT_EQ(legacy.audit.files[0].skip, FileSkip::kNone) << legacy.audit.files[0].skip_reason;
  EXPECT_EQ(legacy.audit.files[0].rows_added, 4);
  const auto want = testing::partitions_without_source(dir / "from-modern");
  ASSERT_EQ(want.size(), 2U);  // the options of 08-11 and 08-12
  EXPECT_TRUE(testing::partitions_without_source(dir / "from-legacy") == want);
}

}  // namespace
}  // namespace tapelab::ingest
