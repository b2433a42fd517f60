#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "parquet/reader.h"
#include "parquet/writer.h"
#include "test_data.h"
#include "util/error.h"

namespace tapelab::parquet {
namespace {

using ::testing::HasSubstr;

std::string sample(Codec codec = Codec::ZSTD, std::optional<Encoding> enc = std::nullopt, bool v2 = false) {
  Schema s;
  s.columns = {Column::int64("ts"), Column::string("name", true), Column::float64("px", true)};
  WriterOptions o;
  o.codec = codec;
  o.data_page_v2 = v2;
  o.page_row_limit = 100;
  if (enc) o.columns["ts"].encoding = *enc;
  return write_to_buffer(s, testing::make_table(s, 500), o);
}

// Reads everything; returns the error message, or "" on success.
std::string read_error(const std::string& file) {
  try {
    FileReader r(file, "bad.parquet");
    testing::read_all(r);
    return "";
  } catch (const Error& e) {
    return e.what();
  }
}

std::string replace_footer(const std::string& file, const FileMetaData& m) {
  std::uint32_t len;
  std::memcpy(&len, file.data() + file.size() - 8, 4);
  std::string out = file.substr(0, file.size() - 8 - len);
  std::string footer = serialize(m);
  auto n = static_cast<std::uint32_t>(footer.size());
  out += footer;
  out.append(reinterpret_cast<const char*>(&n), 4);
  out += "PAR1";
  return out;
}

TEST(Malformed, TruncatedFilesFailAtEveryLength) {
  std::string file = sample();
  for (std::size_t n = 0; n < file.size(); n += 37) {
    EXPECT_THAT(read_error(file.substr(0, n)), HasSubstr("bad.parquet")) << n;
  }
}

TEST(Malformed, BadMagicAndFooterLength) {
  std::string file = sample();
  std::string a = file;
  a[0] = 'X';
  EXPECT_THAT(read_error(a), HasSubstr("bad magic at the start"));
  std::string b = file;
  b.back() = 'X';
  EXPECT_THAT(read_error(b), HasSubstr("bad magic at the end"));
  std::string c = file;
  std::uint32_t huge = 0x7fffffff;
  std::memcpy(c.data() + c.size() - 8, &huge, 4);
  EXPECT_THAT(read_error(c), HasSubstr("footer length 2147483647 beyond the file size"));
  EXPECT_THAT(read_error("PAR1PAR1"), HasSubstr("too small"));
}

TEST(Malformed, ChunkOutsideTheFileOrWrongCounts) {
  std::string file = sample();
  FileMetaData m = FileReader(file, "x").metadata();
  FileMetaData a = m;
  a.row_groups[0].columns[1].meta_data->total_compressed_size = 1 << 30;
  EXPECT_THAT(read_error(replace_footer(file, a)), HasSubstr("row group 0, column name"));
  FileMetaData b = m;
  b.row_groups[0].num_rows += 1;
  EXPECT_THAT(read_error(replace_footer(file, b)), HasSubstr("values for"));
  FileMetaData c = m;
  c.row_groups[0].columns[0].meta_data->type = PhysicalType::DOUBLE;
  EXPECT_THAT(read_error(replace_footer(file, c)), HasSubstr("differs from the schema"));
  FileMetaData d = m;
  d.row_groups[0].columns.pop_back();
  EXPECT_THAT(read_error(replace_footer(file, d)), HasSubstr("column chunks for 3 columns"));
}

TEST(Malformed, WrongCompressedSizeInPageHeader) {
  std::string file = sample();
  FileMetaData m = FileReader(file, "x").metadata();
  auto off = static_cast<std::size_t>(m.row_groups[0].columns[0].meta_data->data_page_offset);
  std::size_t consumed = 0;
  PageHeader h = parse_page_header(std::string_view(file).substr(off), consumed, "t");
  int checked = 0;
  for (int delta : {1, -1, 5000}) {
    PageHeader bad = h;
    bad.compressed_page_size += delta;
    std::string bytes = serialize(bad);
    if (bytes.size() != consumed) continue;  // keep the layout
    std::string f = file;
    f.replace(off, consumed, bytes);
    EXPECT_THAT(read_error(f), HasSubstr("row group 0, column ts, page 0")) << delta;
    ++checked;
  }
  // +-1 keeps the varint's length for any size that is not at a 7-bit edge.
  EXPECT_GE(checked, 2);
}

TEST(Malformed, DeltaBitWidthAbove64NamesThePage) {
  std::string file = sample(Codec::UNCOMPRESSED, Encoding::DELTA_BINARY_PACKED);
  FileMetaData m = FileReader(file, "x").metadata();
  auto off = static_cast<std::size_t>(m.row_groups[0].columns[0].meta_data->data_page_offset);
  std::size_t consumed = 0;
  parse_page_header(std::string_view(file).substr(off), consumed, "t");
  std::size_t pos = off + consumed;
  for (int k = 0; k < 5; ++k) {  // 4 header varints and the first block's min delta
    while (static_cast<std::uint8_t>(file[pos]) & 0x80) ++pos;
    ++pos;
  }
  file[pos] = 65;
  EXPECT_THAT(read_error(file), HasSubstr("column ts, page 0 at offset"));
  EXPECT_THAT(read_error(file), HasSubstr("bit width 65 exceeds 64"));
}

TEST(Malformed, DictionaryIndexBeyondTheDictionary) {
  Schema s;
  s.columns = {Column::string("s")};
  std::vector<ColumnData> t{ColumnData(PhysicalType::BYTE_ARRAY)};
  for (int i = 0; i < 64; ++i) t[0].push_string(i % 2 ? "a" : "b");
  WriterOptions o;
  o.codec = Codec::UNCOMPRESSED;
  o.columns["s"].encoding = Encoding::RLE_DICTIONARY;
  std::string file = write_to_buffer(s, t, o);
  FileMetaData m = FileReader(file, "x").metadata();
  auto off = static_cast<std::size_t>(m.row_groups[0].columns[0].meta_data->data_page_offset);
  std::size_t consumed = 0;
  parse_page_header(std::string_view(file).substr(off), consumed, "t");
  // Body: bit width 1, then a bit-packed run; widen to 8 bits so indices reach 255.
  std::size_t body = off + consumed;
  ASSERT_EQ(file[body], 1);
  file[body] = 8;
  EXPECT_THAT(read_error(file), HasSubstr("column s, page 0"));
}

// Random corruption anywhere: every outcome is a clean Error or a successful
// read (sanitizers check the rest).
TEST(Malformed, RandomByteFlipsNeverCrash) {
  std::mt19937 rng(11);
  for (auto [codec, v2] : {std::pair{Codec::UNCOMPRESSED, false}, std::pair{Codec::SNAPPY, true},
                           std::pair{Codec::ZSTD, false}}) {
    std::string file = sample(codec, std::nullopt, v2);
    for (int i = 0; i < 300; ++i) {
      std::string f = file;
      for (int k = 0; k < 3; ++k) f[rng() % f.size()] = static_cast<char>(rng());
      read_error(f);
    }
  }
}

}  // namespace
}  // namespace tapelab::parquet
