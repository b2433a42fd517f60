#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>

#include "parquet/encoding.h"
#include "util/error.h"

namespace tapelab::parquet::enc {
namespace {

Bytes bytes_of(const std::string& s) { return Bytes{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

TEST(Rle, RoundTripsEveryWidthAndRunShape) {
  std::mt19937 rng(7);
  for (int width = 0; width <= 32; ++width) {
    const std::uint64_t limit = width == 32 ? 0xffffffffULL : (1ULL << width) - 1;
    std::vector<std::uint32_t> v;
    for (int block = 0; block < 30; ++block) {
      auto value = static_cast<std::uint32_t>(rng() & limit);
      std::size_t len = rng() % 40 + 1;
      bool run = rng() % 2;
      for (std::size_t i = 0; i < len; ++i) v.push_back(run ? value : static_cast<std::uint32_t>(rng() & limit));
    }
    std::string out;
    rle_encode(v.data(), v.size(), width, out);
    std::vector<std::uint32_t> back(v.size());
    RleDecoder(bytes_of(out), width, "t").decode(back.data(), back.size());
    EXPECT_EQ(back, v) << "width " << width;
  }
}

// A bit-packed run as the format defines it: the header varint
// (groups << 1 | 1), then the values LSB first, bit by bit, zero-padded to
// whole groups of 8 values.
std::string bit_packed_by_definition(const std::uint32_t* v, std::size_t n, int width) {
  const std::size_t groups = (n + 7) / 8;
  std::string out;
  for (std::uint64_t header = groups << 1 | 1;; header >>= 7) {
    out.push_back(static_cast<char>((header & 0x7f) | (header > 0x7f ? 0x80 : 0)));
    if (header <= 0x7f) break;
  }
  std::string packed(groups * static_cast<std::size_t>(width), '\0');
  for (std::size_t i = 0; i < n; ++i) {
    for (int b = 0; b < width; ++b) {
      const std::size_t bit = i * static_cast<std::size_t>(width) + static_cast<std::size_t>(b);
      if ((v[i] >> b) & 1) packed[bit / 8] = static_cast<char>(packed[bit / 8] | (1 << (bit % 8)));
    }
  }
  return out + packed;
}

// One group of 8 values bit-packed, bytes written out by hand.
TEST(Rle, OneBitPackedGroupHasTheBytesOfTheFormat) {
  struct Case {
    int width;
    std::vector<std::uint32_t> values;
    std::string bytes;
  };
  const Case cases[] = {
      // Header (1 group << 1 | 1) = 0x03. Width 1: value i is bit i:
      // 1,0,1,1,0,0,0,1 -> bits 0, 2, 3, 7 -> 0b10001101 = 0x8d.
      {1, {1, 0, 1, 1, 0, 0, 0, 1}, "\x03\x8d"},
      // Width 3: value i in bits 3i..3i+2. 1 -> bit 3, 2 -> bit 7 (byte 0x88);
      // 3 -> bits 9,10, 4 -> bit 14, 5 -> bits 15,17 (byte 1: bits 1,2,6,7 = 0xc6);
      // 6 -> bits 19,20, 7 -> bits 21,22,23 (byte 2: bits 1,3,4,5,6,7 = 0xfa).
      {3, {0, 1, 2, 3, 4, 5, 6, 7}, "\x03\x88\xc6\xfa"},
      // Width 8: each value is one byte, in order.
      {8, {0x01, 0x80, 0xff, 0x00, 0x7f, 0x10, 0x02, 0xab}, std::string("\x03\x01\x80\xff\x00\x7f\x10\x02\xab", 9)},
  };
  for (const Case& c : cases) {
    std::string out;
    rle_encode(c.values.data(), c.values.size(), c.width, out);
    EXPECT_EQ(out, c.bytes) << "width " << c.width;
    EXPECT_EQ(bit_packed_by_definition(c.values.data(), c.values.size(), c.width), c.bytes) << "width " << c.width;
    std::vector<std::uint32_t> back(c.values.size());
    RleDecoder(bytes_of(c.bytes), c.width, "t").decode(back.data(), back.size());
    EXPECT_EQ(back, c.values) << "width " << c.width;
  }
}

// The encoder looks for long runs 64 values at a time; the bytes must be
// those of the plain definition: walk the maximal runs in order, and give a
// run its own RLE run when, after lending the bit-packed run before it the
// values that complete its last group of 8, 8 or more are left.
std::string rle_by_definition(const std::vector<std::uint32_t>& v, int width) {
  std::string out;
  std::size_t literal_start = 0;
  auto literals = [&](std::size_t end) {
    if (end == literal_start) return;
    out += bit_packed_by_definition(v.data() + literal_start, end - literal_start, width);
  };
  for (std::size_t i = 0; i < v.size();) {
    std::size_t run = 1;
    while (i + run < v.size() && v[i + run] == v[i]) ++run;
    const std::size_t lend = (8 - (i - literal_start) % 8) % 8;
    if (run >= 8 && run - lend >= 8) {
      literals(i + lend);
      out.push_back(static_cast<char>((run - lend) << 1));  // runs stay below 64 here: one varint byte
      for (int b = 0; b < (width + 7) / 8; ++b) out.push_back(static_cast<char>(v[i] >> (8 * b)));
      literal_start = i + run;
    }
    i += run;
  }
  literals(v.size());
  return out;
}

TEST(Rle, LongRunsAreFoundWhereverTheyStart) {
  // One run among distinct values, at every offset (across the 64-value windows).
  for (std::size_t offset = 0; offset < 200; ++offset) {
    for (std::size_t length : {8, 9, 10, 15, 16, 17, 23, 24, 25, 40, 41, 63}) {
      std::vector<std::uint32_t> v;
      for (std::size_t i = 0; i < offset; ++i) v.push_back(i % 2);
      v.insert(v.end(), length, 7);
      for (std::size_t i = 0; i < 70; ++i) v.push_back(i % 2);
      std::string out;
      rle_encode(v.data(), v.size(), 4, out);
      ASSERT_EQ(out, rle_by_definition(v, 4)) << "offset " << offset << " length " << length;
    }
  }
  std::mt19937 rng(11);
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<std::uint32_t> v;
    std::uint32_t value = 0;
    const std::size_t n = 1 + rng() % 300;
    while (v.size() < n) {
      // Runs of 1..40 (under 64, see rle_by_definition), short ones mostly.
      const std::size_t run = rng() % 4 == 0 ? 1 + rng() % 40 : 1 + rng() % 3;
      value = (value + 1 + rng() % 3) % 16;
      for (std::size_t k = 0; k < run && v.size() < n; ++k) v.push_back(value);
    }
    // Split runs that merged with an equal neighbour above 63 values.
    for (std::size_t i = 63; i < v.size(); ++i) {
      if (std::all_of(v.begin() + static_cast<std::ptrdiff_t>(i - 63), v.begin() + static_cast<std::ptrdiff_t>(i + 1),
                      [&](std::uint32_t x) { return x == v[i]; })) {
        v[i] = (v[i] + 1) % 16;
      }
    }
    std::string out;
    rle_encode(v.data(), v.size(), 4, out);
    ASSERT_EQ(out, rle_by_definition(v, 4)) << "trial " << trial;
    std::vector<std::uint32_t> back(v.size());
    RleDecoder(bytes_of(out), 4, "t").decode(back.data(), back.size());
    ASSERT_EQ(back, v) << "trial " << trial;
  }
}

TEST(Rle, RejectsWidthsAboveThirtyTwoAndShortData) {
  EXPECT_THROW(RleDecoder(Bytes{}, 33, "t"), Error);
  std::vector<std::uint32_t> v(100, 1);
  std::string out;
  rle_encode(v.data(), v.size(), 1, out);
  std::vector<std::uint32_t> back(101);
  EXPECT_THROW(RleDecoder(bytes_of(out), 1, "t").decode(back.data(), back.size()), Error);
  // An RLE run whose value does not fit the width.
  std::string bad = "\x08\x05";  // run of 4, value 5, width 1
  EXPECT_THROW(RleDecoder(bytes_of(bad), 1, "t").decode(back.data(), 4), Error);
}

template <typename T>
void delta_round_trip(const std::vector<T>& v) {
  std::string out;
  delta_encode<T>(v.data(), v.size(), out);
  EXPECT_EQ(delta_encoded_size<T>(v.data(), v.size()), out.size());
  std::vector<T> back(v.size());
  EXPECT_EQ(delta_decode<T>(bytes_of(out), back.data(), back.size(), "t"), out.size());
  EXPECT_EQ(back, v);
}

TEST(Delta, RoundTripsSortedRandomAndExtremeValues) {
  std::mt19937_64 rng(3);
  for (std::size_t n : {0, 1, 2, 31, 32, 33, 127, 128, 129, 1000, 4097}) {
    std::vector<std::int64_t> sorted, random, extreme;
    std::vector<std::int32_t> small;
    for (std::size_t i = 0; i < n; ++i) {
      sorted.push_back(1'700'000'000'000'000LL + static_cast<std::int64_t>(i) * 1000 + static_cast<std::int64_t>(rng() % 3));
      random.push_back(static_cast<std::int64_t>(rng()));
      extreme.push_back(i % 2 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min());
      small.push_back(i % 3 ? std::numeric_limits<std::int32_t>::min() : static_cast<std::int32_t>(rng()));
    }
    delta_round_trip(sorted);
    delta_round_trip(random);
    delta_round_trip(extreme);
    delta_round_trip(small);
  }
}

TEST(Delta, RoundTripsEveryMiniblockWidth) {
  // Deltas of exactly w bits (after the block minimum) for every w, so that
  // bit packing meets every width and every alignment within a 64-bit word.
  std::mt19937_64 rng(11);
  for (int width = 0; width <= 64; ++width) {
    const std::uint64_t mask = width == 64 ? ~0ULL : (1ULL << width) - 1;
    std::vector<std::int64_t> v = {0};
    for (int i = 0; i < 300; ++i) {
      std::uint64_t delta = rng() & mask;
      if (i % 32 == 5) delta = mask;  // the widest delta appears in every miniblock
      v.push_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(v.back()) + delta));
    }
    SCOPED_TRACE(::testing::Message() << "width " << width);
    delta_round_trip(v);
    if (width <= 32) {
      std::vector<std::int32_t> narrow(v.begin(), v.end());
      for (std::size_t i = 0; i < narrow.size(); ++i) narrow[i] = static_cast<std::int32_t>(static_cast<std::uint32_t>(v[i]));
      delta_round_trip(narrow);
    }
  }
}

TEST(Delta, RejectsBitWidthBeyond64) {
  std::vector<std::int64_t> v(200);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::int64_t>(i * i);
  std::string out;
  delta_encode<std::int64_t>(v.data(), v.size(), out);
  // Header: 4 varints (128, 4, 200, first); then the block's min delta varint, then widths.
  std::size_t pos = 0;
  for (int k = 0; k < 5; ++k) {
    while (static_cast<std::uint8_t>(out[pos]) & 0x80) ++pos;
    ++pos;
  }
  std::string bad64 = out;
  bad64[pos] = 65;
  std::vector<std::int64_t> back(v.size());
  EXPECT_THROW(delta_decode<std::int64_t>(bytes_of(bad64), back.data(), back.size(), "t"), Error);
  std::vector<std::int32_t> back32(v.size());
  EXPECT_THROW(delta_decode<std::int32_t>(bytes_of(bad64), back32.data(), back32.size(), "t"), Error);
  // Truncation before the last block fails cleanly (the last miniblock's
  // padding may legitimately be cut short).
  for (std::size_t cut = 0; cut < out.size() / 2; cut += 5) {
    EXPECT_THROW(delta_decode<std::int64_t>(bytes_of(out.substr(0, cut)), back.data(), back.size(), "t"), Error);
  }
}

TEST(ByteStreamSplit, RoundTrips) {
  std::vector<double> v{1.5, -0.0, 1e300, 3.25, std::numeric_limits<double>::infinity()};
  std::string out;
  bss_encode(v.data(), v.size(), sizeof(double), out);
  std::vector<double> back(v.size());
  bss_decode(bytes_of(out), back.data(), back.size(), sizeof(double), "t");
  EXPECT_EQ(std::memcmp(back.data(), v.data(), v.size() * sizeof(double)), 0);
  EXPECT_THROW(bss_decode(bytes_of(out.substr(0, 20)), back.data(), back.size(), sizeof(double), "t"), Error);
}

std::string delta_lengths(const std::vector<std::int32_t>& lengths) {
  std::string out;
  delta_encode<std::int32_t>(lengths.data(), lengths.size(), out);
  return out;
}

TEST(DeltaByteArrays, DecodeLengthAndPrefixForms) {
  std::vector<std::string> words{"BANKNIFTY25NOV52000CE", "BANKNIFTY25NOV52000PE", "BANKNIFTY25NOV52100CE", "", "NIFTY"};
  std::string dlba;
  std::vector<std::int32_t> lengths;
  for (const auto& w : words) lengths.push_back(static_cast<std::int32_t>(w.size()));
  dlba = delta_lengths(lengths);
  for (const auto& w : words) dlba += w;
  std::string bytes;
  std::vector<std::uint64_t> offsets{0};
  delta_length_decode(bytes_of(dlba), words.size(), bytes, offsets, "t");
  for (std::size_t i = 0; i < words.size(); ++i) EXPECT_EQ(bytes.substr(offsets[i], offsets[i + 1] - offsets[i]), words[i]);

  std::vector<std::int32_t> prefixes, suffixes;
  std::string suffix_data;
  std::string prev;
  for (const auto& w : words) {
    std::size_t p = 0;
    while (p < prev.size() && p < w.size() && prev[p] == w[p]) ++p;
    prefixes.push_back(static_cast<std::int32_t>(p));
    suffixes.push_back(static_cast<std::int32_t>(w.size() - p));
    suffix_data += w.substr(p);
    prev = w;
  }
  std::string dba = delta_lengths(prefixes) + delta_lengths(suffixes) + suffix_data;
  bytes.clear();
  offsets = {0};
  delta_byte_array_decode(bytes_of(dba), words.size(), bytes, offsets, "t");
  for (std::size_t i = 0; i < words.size(); ++i) EXPECT_EQ(bytes.substr(offsets[i], offsets[i + 1] - offsets[i]), words[i]);

  // A prefix longer than the previous value is corrupt.
  prefixes[1] = 100;
  std::string bad = delta_lengths(prefixes) + delta_lengths(suffixes) + suffix_data;
  EXPECT_THROW(delta_byte_array_decode(bytes_of(bad), words.size(), bytes, offsets, "t"), Error);
}

TEST(Plain, ByteArrayLengthsAreBoundsChecked) {
  std::string page("\x05\x00\x00\x00" "abc", 7);
  std::string bytes;
  std::vector<std::uint64_t> offsets{0};
  EXPECT_THROW(plain_decode_byte_array(bytes_of(page), 1, bytes, offsets, "t"), Error);
  std::uint8_t out[4];
  EXPECT_THROW(plain_decode_fixed(bytes_of(page), out, 2, 4, "t"), Error);
}

}  // namespace
}  // namespace tapelab::parquet::enc
