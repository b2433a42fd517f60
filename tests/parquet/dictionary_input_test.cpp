// BYTE_ARRAY columns handed to the writer dictionary-encoded
// (ColumnData::dictionary): the file must be byte for byte the one the same
// strings, one per row, give, whatever order the entries come in, with
// unused and repeated entries, nulls, several row groups and pages, and a
// dictionary that outgrows its limit.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parquet/reader.h"
#include "parquet/writer.h"
#include "util/error.h"

namespace tapelab::parquet {
namespace {

struct Pair {
  ColumnData plain{PhysicalType::BYTE_ARRAY};
  ColumnData encoded{PhysicalType::BYTE_ARRAY};
};

// Rows drawn from `pool` (in runs of a repeated value, as identity columns
// have, when `runs`), with every third row null when `nulls`; the encoded form lists the
// pool shuffled, with an unused entry and a repeated one (either copy is
// used), and gives null rows any index.
Pair random_rows(std::mt19937& rng, std::size_t n, const std::vector<std::string>& pool, bool nulls, bool runs) {
  Pair p;
  std::vector<std::string> entries = pool;
  entries.push_back("never used");
  entries.push_back(pool.front());
  std::shuffle(entries.begin(), entries.end(), rng);
  p.encoded.dictionary = true;
  for (const std::string& e : entries) {
    p.encoded.bytes += e;
    p.encoded.offsets.push_back(p.encoded.bytes.size());
  }
  std::size_t value = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (!runs || rng() % 8 == 0) value = rng() % pool.size();
    if (nulls && r % 3 == 0) {
      p.plain.push_null();
      p.encoded.indices.push_back(static_cast<std::uint32_t>(rng() % entries.size()));
      continue;
    }
    p.plain.push_string(pool[value]);
    if (!p.plain.valid.empty()) p.plain.valid.push_back(1);  // push_string leaves `valid` to the caller
    std::vector<std::uint32_t> copies;
    for (std::uint32_t e = 0; e < entries.size(); ++e) {
      if (entries[e] == pool[value]) copies.push_back(e);
    }
    p.encoded.indices.push_back(copies[rng() % copies.size()]);
  }
  p.encoded.valid = p.plain.valid;
  return p;
}

TEST(DictionaryInput, WritesTheFileThePlainStringsWrite) {
  std::mt19937 rng(5);
  const std::vector<std::string> pool = {"NIFTY25D0223000CE", "NIFTY25D0223000PE", "NIFTY25NOV26350CE", "CE", "", "PE",
                                         "recording/das_niftyopt_mod.sql.gz"};
  // Many short strings, each on a few rows: a dictionary about as large as
  // the plain values, so the automatic choice could go either way.
  std::vector<std::string> many;
  for (int i = 0; i < 400; ++i) many.push_back(std::to_string(i * 7));
  for (int trial = 0; trial < 40; ++trial) {
    const bool nulls = trial % 2 == 1;
    const std::size_t n = 1 + rng() % 3000;
    const bool short_strings = trial % 5 == 4;
    Pair p = random_rows(rng, n, short_strings ? many : pool, nulls, !short_strings);
    ASSERT_EQ(p.encoded.size(), n);
    for (std::size_t r = 0; r < n; ++r) {
      if (p.plain.is_valid(r)) {
        ASSERT_EQ(p.encoded.string_at(r), p.plain.string_at(r)) << r;
      }
    }
    Schema schema;
    schema.columns = {Column::string("s", nulls)};
    WriterOptions o;
    o.row_group_rows = 1 + rng() % 1500;
    o.page_row_limit = 1 + rng() % 700;
    if (trial % 3 == 0) o.columns["s"].encoding = Encoding::RLE_DICTIONARY;
    if (trial % 4 == 0) o.dictionary_page_limit = 40;  // overflows: pages fall back to PLAIN
    const std::string plain = write_to_buffer(schema, {&p.plain, 1}, o);
    const std::string encoded = write_to_buffer(schema, {&p.encoded, 1}, o);
    ASSERT_EQ(encoded, plain) << "trial " << trial;
  }
}

TEST(DictionaryInput, RejectsIndicesOutOfRangeAndOtherTypes) {
  Schema schema;
  schema.columns = {Column::string("s")};
  ColumnData d(PhysicalType::BYTE_ARRAY);
  d.push_string("a");
  d.push_string("b");
  d.dictionary = true;
  d.indices = {0, 1, 2};
  try {
    write_to_buffer(schema, {&d, 1});
    FAIL() << "an index past the entries was written";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("row 2 names entry 2 of 2"), std::string::npos) << e.what();
  }
  d.indices = {1, 0, 1};
  const std::string file = write_to_buffer(schema, {&d, 1});
  const FileReader reader(file, "dictionary.parquet");
  const Batch batch = reader.read_row_group(0, {0});
  ASSERT_EQ(batch.columns[0].size(), 3U);
  EXPECT_EQ(batch.columns[0].string_at(0), "b");
  EXPECT_EQ(batch.columns[0].string_at(1), "a");
  EXPECT_EQ(batch.columns[0].string_at(2), "b");

  // Rows of a dictionary-encoded column are indices: the row-wise edits refuse it.
  EXPECT_THROW(d.push_string("c"), Error);
  EXPECT_THROW(d.push_null(), Error);
  EXPECT_THROW(d.filter({1, 1, 1}), Error);
  ColumnData plain(PhysicalType::BYTE_ARRAY);
  EXPECT_THROW(plain.append(d), Error);

  Schema ints;
  ints.columns = {Column::int32("i")};
  ColumnData i(PhysicalType::INT32);
  i.i32 = {1, 2};
  i.dictionary = true;
  EXPECT_THROW(write_to_buffer(ints, {&i, 1}), Error);
}

}  // namespace
}  // namespace tapelab::parquet
