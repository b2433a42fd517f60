#include <gtest/gtest.h>

#include "parquet/metadata.h"
#include "parquet/thrift.h"
#include "util/error.h"

namespace tapelab::parquet {
namespace {

FileMetaData sample_metadata() {
  FileMetaData m;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 2;
  m.schema.push_back(root);
  SchemaElement ts;
  ts.type = PhysicalType::INT64;
  ts.repetition_type = 1;
  ts.name = "timestamp";
  ts.logical_type = LogicalTypeThrift{Column::timestamp("", TimeUnit::NANOS, false).logical, 0};
  m.schema.push_back(ts);
  SchemaElement dec;
  dec.type = PhysicalType::INT32;
  dec.repetition_type = 0;
  dec.name = "price";
  dec.converted_type = 5;
  dec.scale = 2;
  dec.precision = 9;
  dec.logical_type = LogicalTypeThrift{Column::decimal("", 9, 2).logical, 0};
  m.schema.push_back(dec);
  m.num_rows = 1234567890123LL;
  RowGroup rg;
  ColumnChunk cc;
  ColumnMetaData cm;
  cm.type = PhysicalType::INT64;
  cm.encodings = {Encoding::RLE, Encoding::DELTA_BINARY_PACKED};
  cm.path_in_schema = {"timestamp"};
  cm.codec = Codec::ZSTD;
  cm.num_values = 20;
  cm.total_compressed_size = 300;
  cm.total_uncompressed_size = 400;
  cm.data_page_offset = 4;
  cm.dictionary_page_offset = 4;
  cm.statistics = Statistics{std::nullopt, std::nullopt, 3, std::nullopt, std::string("\x01\x02", 2), std::string(8, '\0')};
  cm.encoding_stats = {PageEncodingStats{0, Encoding::DELTA_BINARY_PACKED, 2}};
  cc.meta_data = cm;
  cc.file_offset = 4;
  cc.offset_index_offset = 1000;
  cc.offset_index_length = 20;
  cc.column_index_offset = 900;
  cc.column_index_length = 100;
  rg.columns = {cc, cc};
  rg.num_rows = 20;
  rg.total_byte_size = 400;
  rg.sorting_columns = {SortingColumn{1, true, false}};
  rg.ordinal = 0;
  m.row_groups = {rg, rg};
  m.key_value_metadata = {KeyValue{"k", "v"}, KeyValue{"only-key", std::nullopt}};
  m.created_by = "tapelab version 0.1.0 (build x)";
  m.column_orders = {true, true};
  return m;
}

TEST(Thrift, FileMetaDataRoundTrips) {
  FileMetaData m = sample_metadata();
  EXPECT_EQ(parse_file_metadata(serialize(m), "test"), m);
}

TEST(Thrift, PageHeadersAndIndexesRoundTrip) {
  PageHeader h;
  h.type = PageType::DATA_PAGE_V2;
  h.uncompressed_page_size = 100;
  h.compressed_page_size = 50;
  h.data_page_header_v2 = DataPageHeaderV2{10, 2, 10, Encoding::RLE_DICTIONARY, 4, 0, false, std::nullopt};
  std::string bytes = serialize(h);
  std::size_t consumed = 0;
  EXPECT_EQ(parse_page_header(bytes + "trailing", consumed, "t"), h);
  EXPECT_EQ(consumed, bytes.size());

  ColumnIndex ci{{false, true}, {"a", ""}, {"b", ""}, 1, {0, 5}};
  EXPECT_EQ(parse_column_index(serialize(ci), "t"), ci);
  OffsetIndex oi{{PageLocation{4, 100, 0}, PageLocation{104, 90, 20000}}};
  EXPECT_EQ(parse_offset_index(serialize(oi), "t"), oi);

  // Long lists use the extended list header.
  ColumnIndex big;
  for (int i = 0; i < 40; ++i) {
    big.null_pages.push_back(i % 2);
    big.min_values.push_back(std::to_string(i));
    big.max_values.push_back(std::to_string(i + 1));
    big.null_counts.push_back(i);
  }
  EXPECT_EQ(parse_column_index(serialize(big), "t"), big);
}

// Appends unknown fields of every kind (nested structs, lists, maps) after
// the known ones: a newer writer's file must still parse.
TEST(Thrift, UnknownFieldsAreSkipped) {
  FileMetaData m = sample_metadata();
  std::string bytes = serialize(m);
  ASSERT_EQ(bytes.back(), '\0');
  bytes.pop_back();  // reopen the root struct
  // Field 20 (id > last + 15, so the long header form): a struct holding a
  // list of structs, a map, a double and a binary.
  thrift::Writer x;
  x.begin_root();
  x.begin_struct(20);
  x.begin_list(1, thrift::STRUCT, 2);
  for (int i = 0; i < 2; ++i) {
    x.begin_elem_struct();
    x.field_i64(1, i);
    x.begin_struct(2);
    x.field_bool(1, true);
    x.end_struct();
    x.end_struct();
  }
  x.out().push_back(static_cast<char>((1 << 4) | thrift::MAP));  // field 2: map<binary, i32>
  x.out().push_back(2);
  x.out().push_back(static_cast<char>((thrift::BINARY << 4) | thrift::I32));
  for (int i = 0; i < 2; ++i) {
    x.out().push_back(1);
    x.out().push_back('k');
    x.out().push_back(static_cast<char>(2 * i));
  }
  x.out().push_back(static_cast<char>((1 << 4) | thrift::DOUBLE));  // field 3
  x.out().append(8, '\x11');
  x.field_binary(4, "future");
  x.end_struct();
  x.end_root();  // this STOP closes the original root
  bytes += x.out();
  EXPECT_EQ(parse_file_metadata(bytes, "future"), m);
}

TEST(Thrift, TruncatedAndHostileInputsFailCleanly) {
  std::string bytes = serialize(sample_metadata());
  for (std::size_t n = 0; n < bytes.size(); n += 3) {
    EXPECT_THROW(parse_file_metadata(bytes.substr(0, n), "cut"), Error) << n;
  }
  // A list claiming a billion elements in a few bytes.
  std::string huge = "\x19\xfc\x80\x80\x80\x80\x04";
  EXPECT_THROW(parse_file_metadata(huge, "huge"), Error);
  // Structs nested beyond any sane depth.
  std::string deep(5000, static_cast<char>((1 << 4) | thrift::STRUCT));
  EXPECT_THROW(parse_file_metadata(deep, "deep"), Error);
  try {
    parse_file_metadata(bytes.substr(0, 10), "file.parquet: footer");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("file.parquet: footer"), std::string::npos);
  }
}

}  // namespace
}  // namespace tapelab::parquet
