#include "parquet/encoding.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>

#include "util/error.h"

namespace tapelab::parquet::enc {

namespace {

static_assert(std::endian::native == std::endian::little,
              "Parquet is little-endian; the codec memcpy's values on little-endian hosts only");

std::uint64_t load64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Unpacks groups of 8 values of W bits (LSB first, the order of both the
// hybrid encoding and DELTA_BINARY_PACKED). `in` holds groups * W bytes.
// The fast path reads 8-byte words; the last groups, which could read past
// the input, go through a zero-padded copy.
template <int W, typename T>
void unpack_groups(const std::uint8_t* in, T* out, std::size_t groups) {
  if constexpr (W == 0) {
    std::fill(out, out + groups * 8, T{0});
  } else {
    constexpr std::uint64_t mask = W == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << W) - 1;
    auto group = [&](const std::uint8_t* p, T* o) {
      for (int j = 0; j < 8; ++j) {
        constexpr int kW = W;
        const int bit = j * kW;
        std::uint64_t v = load64(p + bit / 8) >> (bit % 8);
        if constexpr (W > 56) {
          if (bit % 8 != 0) v |= static_cast<std::uint64_t>(p[bit / 8 + 8]) << (64 - bit % 8);
        }
        o[j] = static_cast<T>(v & mask);
      }
    };
    // Reading a group touches up to W + 9 bytes from its start.
    std::size_t safe = 0;
    constexpr std::size_t kReach = W + 9;
    std::size_t total = groups * W;
    if (total >= kReach) safe = (total - kReach) / W + 1;
    safe = std::min(safe, groups);
    for (std::size_t g = 0; g < safe; ++g) group(in + g * W, out + g * 8);
    for (std::size_t g = safe; g < groups; ++g) {
      std::array<std::uint8_t, W + 16> buf{};
      std::memcpy(buf.data(), in + g * W, W);
      group(buf.data(), out + g * 8);
    }
  }
}

template <typename T, int... Ws>
void unpack_dispatch(int w, const std::uint8_t* in, T* out, std::size_t groups,
                     std::integer_sequence<int, Ws...>) {
  using Fn = void (*)(const std::uint8_t*, T*, std::size_t);
  static constexpr Fn table[] = {&unpack_groups<Ws, T>...};
  table[w](in, out, groups);
}

template <typename T>
void unpack(int w, const std::uint8_t* in, T* out, std::size_t groups) {
  constexpr int kMax = sizeof(T) * 8;
  unpack_dispatch<T>(w, in, out, groups, std::make_integer_sequence<int, kMax + 1>{});
}

// Packs groups of 8 values of w bits, LSB first.
// Bit-packs n values of width w (0..64), LSB first, into whole groups of 8.
// Values collect in a 64-bit word that is stored whenever it fills: one
// shift and one or two ORs per value instead of a loop over its bytes.
template <typename T>
void pack(const T* values, std::size_t n, int w, std::string& out) {
  static_assert(std::endian::native == std::endian::little, "stores the accumulator in host byte order");
  const std::size_t start = out.size();
  out.resize(start + (n + 7) / 8 * static_cast<std::size_t>(w), '\0');
  if (w == 0) return;
  auto* p = reinterpret_cast<std::uint8_t*>(out.data() + start);
  const std::uint64_t mask = w == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << w) - 1;
  std::uint64_t word = 0;
  int filled = 0;  // bits of `word` in use, always < 64
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t v = static_cast<std::uint64_t>(values[i]) & mask;
    word |= v << filled;
    filled += w;
    if (filled >= 64) {
      std::memcpy(p, &word, 8);
      p += 8;
      filled -= 64;
      // The bits of v that did not fit (none when it ended exactly at 64).
      word = filled == 0 ? 0 : v >> (w - filled);
    }
  }
  std::memcpy(p, &word, static_cast<std::size_t>((filled + 7) / 8));
}

void put_varint(std::uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

std::uint64_t get_varint(Bytes in, std::size_t& pos, std::string_view what) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= in.size) fail("{}: truncated varint", what);
    std::uint8_t b = in.data[pos++];
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  fail("{}: varint longer than 10 bytes", what);
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

}  // namespace

int bit_width_of(std::uint64_t max_value) { return max_value == 0 ? 0 : 64 - std::countl_zero(max_value); }

// --- RLE / bit-packed hybrid -----------------------------------------------

namespace {

// The start of the first maximal run of 8 or more equal values at or after
// `from` (which starts a run), or n. Only such runs are worth an RLE run, and
// most values (dictionary indices of prices) are in short runs: comparing
// neighbours 64 at a time into a bit mask, without a branch per value, skips
// them far faster than measuring each run.
std::size_t next_long_run(const std::uint32_t* values, std::size_t from, std::size_t n) {
  for (std::size_t start = from; start + 8 <= n;) {
    const std::size_t pairs = std::min<std::size_t>(64, n - 1 - start);
    // Bit k: values[start + k] == values[start + k + 1]. Built 8 bits at a
    // time from a byte per pair: a loop the compiler vectorizes.
    std::array<std::uint8_t, 64> same{};
    for (std::size_t k = 0; k < pairs; ++k) same[k] = values[start + k] == values[start + k + 1] ? 1 : 0;
    std::uint64_t equal_next = 0;
    for (std::size_t byte = 0; byte < 8; ++byte) {
      std::uint64_t eight;
      std::memcpy(&eight, same.data() + byte * 8, 8);
      // One bit per byte (each 0 or 1) gathered into the low byte.
      equal_next |= ((eight * 0x0102040810204080ULL) >> 56) << (byte * 8);
    }
    std::uint64_t eight_equal = equal_next;  // bit k: values[start + k .. start + k + 7] are equal
    for (int shift = 1; shift < 7; ++shift) eight_equal &= equal_next >> shift;
    // The lowest such k starts its run: an equal value before it would set bit
    // k - 1, or (k = 0) would have been found by the window before.
    if (eight_equal != 0) return start + static_cast<std::size_t>(std::countr_zero(eight_equal));
    if (pairs < 64) break;
    start += 57;  // the last start this window could see was start + 57
  }
  return n;
}

}  // namespace

void rle_encode(const std::uint32_t* values, std::size_t n, int bit_width, std::string& out) {
  const std::size_t value_bytes = static_cast<std::size_t>((bit_width + 7) / 8);
  std::size_t lit_start = 0;  // values [lit_start, i) wait in a bit-packed run
  auto flush_literals = [&](std::size_t end) {
    std::size_t count = end - lit_start;
    if (count == 0) return;
    std::size_t groups = (count + 7) / 8;
    put_varint((groups << 1) | 1, out);
    pack(values + lit_start, count, bit_width, out);
  };
  std::size_t i = 0;
  for (;;) {
    i = next_long_run(values, i, n);
    if (i == n) break;
    std::size_t run = 8;
    // Runs can be a whole page long (definition levels of a column without
    // nulls): compared 16 at a time, without an early exit per value.
    const std::uint32_t v = values[i];
    while (i + run + 16 <= n) {
      std::uint32_t differ = 0;
      for (std::size_t k = 0; k < 16; ++k) differ |= values[i + run + k] ^ v;
      if (differ != 0) break;
      run += 16;
    }
    while (i + run < n && values[i + run] == v) ++run;
    // A bit-packed run must hold whole groups of 8: lend it the start of
    // this run so it ends on a group boundary.
    const std::size_t lend = (8 - (i - lit_start) % 8) % 8;
    if (run - lend >= 8) {
      flush_literals(i + lend);
      i += lend;
      run -= lend;
      put_varint(run << 1, out);
      for (std::size_t b = 0; b < value_bytes; ++b) out.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
      i += run;
      lit_start = i;
    } else {
      i += run;  // too short once lent: the values stay in the bit-packed run
    }
  }
  flush_literals(n);
}

RleDecoder::RleDecoder(Bytes in, int bit_width, std::string_view what)
    : in_(in), bit_width_(bit_width), what_(what) {
  if (bit_width < 0 || bit_width > 32) fail("{}: RLE bit width {} is out of range 0..32", what, bit_width);
}

bool RleDecoder::next_run() {
  if (pos_ >= in_.size) return false;
  std::uint64_t header = get_varint(in_, pos_, what_);
  if (header & 1) {
    // Bounded before multiplying: a hostile header must not overflow.
    std::uint64_t groups = std::min<std::uint64_t>(header >> 1, std::uint64_t{1} << 40);
    std::uint64_t bytes = groups * static_cast<std::uint64_t>(bit_width_);
    std::uint64_t values = groups * 8;
    // A writer may truncate the final bit-packed run to the bytes it needs.
    std::size_t avail = in_.size - pos_;
    if (bytes > avail) {
      values = avail * 8 / static_cast<std::uint64_t>(bit_width_);
      bytes = avail;
    }
    literal_ = true;
    left_ = values;
    packed_pos_ = pos_;
    packed_index_ = 0;
    pos_ += bytes;
  } else {
    literal_ = false;
    left_ = header >> 1;
    std::size_t nbytes = static_cast<std::size_t>((bit_width_ + 7) / 8);
    if (in_.size - pos_ < nbytes) fail("{}: truncated RLE run value", what_);
    std::uint32_t v = 0;
    for (std::size_t b = 0; b < nbytes; ++b) v |= static_cast<std::uint32_t>(in_.data[pos_ + b]) << (8 * b);
    pos_ += nbytes;
    if (bit_width_ < 32 && (v >> bit_width_) != 0) fail("{}: RLE run value {} wider than {} bits", what_, v, bit_width_);
    value_ = v;
  }
  return true;
}

void RleDecoder::decode(std::uint32_t* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    if (left_ == 0) {
      if (!next_run()) fail("{}: RLE data ends after {} of {} values", what_, done, n);
      continue;
    }
    std::size_t take = std::min(left_, n - done);
    if (!literal_) {
      std::fill(out + done, out + done + take, value_);
    } else {
      // Unpack whole groups straight into the output where possible.
      const std::uint8_t* base = in_.data + packed_pos_;
      const std::size_t w = static_cast<std::size_t>(bit_width_);
      std::size_t idx = packed_index_;
      std::size_t k = 0;
      if (idx % 8 == 0 && take >= 8) {
        std::size_t groups = take / 8;
        unpack<std::uint32_t>(bit_width_, base + idx / 8 * w, out + done, groups);
        k = groups * 8;
      }
      if (k < take) {
        std::uint32_t tmp[8];
        while (k < take) {
          std::size_t g = (idx + k) / 8;
          std::size_t in_group = (idx + k) % 8;
          // Groups may be cut short at the end of the input: pad a copy.
          std::uint8_t buf[32] = {};
          std::size_t avail = in_.size - packed_pos_ - g * w;
          std::memcpy(buf, base + g * w, std::min(w, avail));
          unpack<std::uint32_t>(bit_width_, buf, tmp, 1);
          std::size_t m = std::min<std::size_t>(8 - in_group, take - k);
          std::memcpy(out + done + k, tmp + in_group, m * sizeof(std::uint32_t));
          k += m;
        }
      }
      packed_index_ += take;
    }
    left_ -= take;
    done += take;
  }
}

// --- PLAIN ------------------------------------------------------------------

void plain_encode_bools(const std::uint8_t* values, std::size_t n, std::string& out) {
  std::size_t start = out.size();
  out.resize(start + (n + 7) / 8, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    if (values[i]) out[start + i / 8] = static_cast<char>(out[start + i / 8] | (1 << (i % 8)));
  }
}

void plain_decode_bools(Bytes in, std::uint8_t* out, std::size_t n, std::string_view what) {
  if (in.size < (n + 7) / 8) fail("{}: PLAIN BOOLEAN needs {} bytes, page has {}", what, (n + 7) / 8, in.size);
  for (std::size_t i = 0; i < n; ++i) out[i] = (in.data[i / 8] >> (i % 8)) & 1;
}

void plain_decode_fixed(Bytes in, void* out, std::size_t n, std::size_t width, std::string_view what) {
  if (n > in.size / width) fail("{}: PLAIN data holds {} bytes, {} values need {}", what, in.size, n, n * width);
  if (n > 0) std::memcpy(out, in.data, n * width);
}

void plain_decode_byte_array(Bytes in, std::size_t n, std::string& bytes,
                             std::vector<std::uint64_t>& offsets, std::string_view what) {
  // First pass validates and sizes, so `bytes` grows once.
  std::size_t pos = 0;
  std::size_t total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (in.size - pos < 4) fail("{}: PLAIN BYTE_ARRAY value {} of {} truncated", what, i, n);
    std::uint32_t len;
    std::memcpy(&len, in.data + pos, 4);
    pos += 4;
    if (len > in.size - pos) fail("{}: PLAIN BYTE_ARRAY value {} length {} beyond the page", what, i, len);
    pos += len;
    total += len;
  }
  std::size_t base = bytes.size();
  bytes.resize(base + total);
  char* dst = bytes.data() + base;
  pos = 0;
  std::uint64_t off = base;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t len;
    std::memcpy(&len, in.data + pos, 4);
    pos += 4;
    std::memcpy(dst, in.data + pos, len);
    dst += len;
    pos += len;
    off += len;
    offsets.push_back(off);
  }
}

// --- DELTA_BINARY_PACKED ----------------------------------------------------

namespace {
constexpr std::size_t kDeltaBlock = 128;
constexpr std::size_t kDeltaMiniblocks = 4;
constexpr std::size_t kDeltaMini = kDeltaBlock / kDeltaMiniblocks;

struct DeltaHeader {
  std::size_t block = 0;
  std::size_t miniblocks = 0;
  std::size_t count = 0;
  std::int64_t first = 0;
};

DeltaHeader read_delta_header(Bytes in, std::size_t& pos, std::string_view what) {
  DeltaHeader h;
  std::uint64_t block = get_varint(in, pos, what);
  std::uint64_t minis = get_varint(in, pos, what);
  std::uint64_t count = get_varint(in, pos, what);
  h.first = unzigzag(get_varint(in, pos, what));
  if (block == 0 || block % 128 != 0 || block > (1u << 20)) fail("{}: DELTA block size {} is invalid", what, block);
  if (minis == 0 || block % minis != 0 || (block / minis) % 32 != 0) {
    fail("{}: DELTA miniblock count {} does not divide block size {}", what, minis, block);
  }
  h.block = block;
  h.miniblocks = minis;
  h.count = count;
  return h;
}
}  // namespace

namespace {

// Walks the blocks of DELTA_BINARY_PACKED after the first value; on_block
// gets each block's minimum delta, the bit width of each miniblock (0 past
// the values), how many miniblocks hold values, and the deltas less the
// minimum (kDeltaBlock of them, zeros past the values).
template <typename T, typename OnBlock>
void for_each_delta_block(const T* values, std::size_t n, OnBlock&& on_block) {
  using U = std::make_unsigned_t<T>;
  U deltas[kDeltaBlock];
  for (std::size_t i = 1; i < n; i += kDeltaBlock) {
    std::size_t m = std::min(kDeltaBlock, n - i);
    // Deltas wrap in T's width: the decoder adds them back with the same wrap.
    T min_delta = std::numeric_limits<T>::max();
    for (std::size_t k = 0; k < m; ++k) {
      T d = static_cast<T>(static_cast<U>(values[i + k]) - static_cast<U>(values[i + k - 1]));
      deltas[k] = static_cast<U>(d);
      min_delta = std::min(min_delta, d);
    }
    for (std::size_t k = 0; k < m; ++k) deltas[k] = static_cast<U>(deltas[k] - static_cast<U>(min_delta));
    std::fill(deltas + m, deltas + kDeltaBlock, U{0});
    std::size_t used = (m + kDeltaMini - 1) / kDeltaMini;
    int widths[kDeltaMiniblocks] = {};
    for (std::size_t b = 0; b < used; ++b) {
      U mx = 0;
      for (std::size_t k = 0; k < kDeltaMini; ++k) mx |= deltas[b * kDeltaMini + k];
      widths[b] = bit_width_of(mx);
    }
    on_block(min_delta, widths, used, deltas);
  }
}

std::size_t varint_size(std::uint64_t v) {
  std::size_t bytes = 1;
  for (; v >= 0x80; v >>= 7) ++bytes;
  return bytes;
}

}  // namespace

template <typename T>
void delta_encode(const T* values, std::size_t n, std::string& out) {
  put_varint(kDeltaBlock, out);
  put_varint(kDeltaMiniblocks, out);
  put_varint(n, out);
  put_varint(zigzag(n ? values[0] : 0), out);
  for_each_delta_block(values, n, [&](T min_delta, const int* widths, std::size_t used, const auto* deltas) {
    put_varint(zigzag(min_delta), out);
    for (std::size_t b = 0; b < kDeltaMiniblocks; ++b) out.push_back(static_cast<char>(widths[b]));
    for (std::size_t b = 0; b < used; ++b) pack(deltas + b * kDeltaMini, kDeltaMini, widths[b], out);
  });
}

template <typename T>
std::size_t delta_encoded_size(const T* values, std::size_t n) {
  std::size_t size = varint_size(kDeltaBlock) + varint_size(kDeltaMiniblocks) + varint_size(n) +
                     varint_size(zigzag(n ? values[0] : 0));
  for_each_delta_block(values, n, [&](T min_delta, const int* widths, std::size_t used, const auto*) {
    size += varint_size(zigzag(min_delta)) + kDeltaMiniblocks;
    for (std::size_t b = 0; b < used; ++b) size += kDeltaMini / 8 * static_cast<std::size_t>(widths[b]);
  });
  return size;
}

template <typename T>
std::size_t delta_decode(Bytes in, T* out, std::size_t n, std::string_view what) {
  using U = std::make_unsigned_t<T>;
  std::size_t pos = 0;
  DeltaHeader h = read_delta_header(in, pos, what);
  if (h.count < n) fail("{}: DELTA data holds {} values, page needs {}", what, h.count, n);
  if (h.count == 0) return pos;
  const std::size_t mini = h.block / h.miniblocks;
  if (n > 0) out[0] = static_cast<T>(h.first);
  U last = static_cast<U>(h.first);
  std::size_t done = 1;
  // Deltas are unpacked as 64-bit: DuckDB writes INT32 deltas up to 33 bits
  // wide (computed in 64-bit); the sum mod 2^32 is still the value.
  std::vector<std::uint64_t> buf(mini);
  // Values past n (the page said fewer) are skipped but the bytes still walked,
  // so the consumed size is right for DELTA_* byte arrays.
  while (done < h.count) {
    U min_delta = static_cast<U>(unzigzag(get_varint(in, pos, what)));
    if (in.size - pos < h.miniblocks) fail("{}: DELTA block truncated", what);
    const std::uint8_t* widths = in.data + pos;
    pos += h.miniblocks;
    for (std::size_t b = 0; b < h.miniblocks && done < h.count; ++b) {
      int w = widths[b];
      if (w > 64) fail("{}: DELTA bit width {} exceeds 64", what, w);
      std::size_t bytes = mini / 8 * static_cast<std::size_t>(w);
      std::size_t take = std::min(mini, h.count - done);
      if (in.size - pos < bytes) {
        // The final miniblock may be cut to the bytes its values need.
        std::size_t need = (take * static_cast<std::size_t>(w) + 7) / 8;
        if (in.size - pos < need) fail("{}: DELTA miniblock truncated", what);
        std::vector<std::uint8_t> padded(bytes, 0);
        std::memcpy(padded.data(), in.data + pos, in.size - pos);
        unpack<std::uint64_t>(w, padded.data(), buf.data(), mini / 8);
        pos = in.size;
      } else {
        unpack<std::uint64_t>(w, in.data + pos, buf.data(), mini / 8);
        pos += bytes;
      }
      std::size_t write_end = std::min(take, done < n ? n - done : 0);
      for (std::size_t k = 0; k < write_end; ++k) {
        last = static_cast<U>(last + static_cast<U>(buf[k]) + min_delta);
        out[done + k] = static_cast<T>(last);
      }
      for (std::size_t k = write_end; k < take; ++k) last = static_cast<U>(last + static_cast<U>(buf[k]) + min_delta);
      done += take;
    }
  }
  return pos;
}

template void delta_encode<std::int32_t>(const std::int32_t*, std::size_t, std::string&);
template void delta_encode<std::int64_t>(const std::int64_t*, std::size_t, std::string&);
template std::size_t delta_encoded_size<std::int32_t>(const std::int32_t*, std::size_t);
template std::size_t delta_encoded_size<std::int64_t>(const std::int64_t*, std::size_t);
template std::size_t delta_decode<std::int32_t>(Bytes, std::int32_t*, std::size_t, std::string_view);
template std::size_t delta_decode<std::int64_t>(Bytes, std::int64_t*, std::size_t, std::string_view);

std::size_t delta_count(Bytes in, std::string_view what) {
  std::size_t pos = 0;
  return read_delta_header(in, pos, what).count;
}

// --- BYTE_STREAM_SPLIT ------------------------------------------------------

void bss_encode(const void* values, std::size_t n, std::size_t width, std::string& out) {
  std::size_t start = out.size();
  out.resize(start + n * width);
  const auto* src = static_cast<const std::uint8_t*>(values);
  char* dst = out.data() + start;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t b = 0; b < width; ++b) dst[b * n + i] = static_cast<char>(src[i * width + b]);
  }
}

void bss_decode(Bytes in, void* out, std::size_t n, std::size_t width, std::string_view what) {
  // The streams are as long as the page's value count, which for an optional
  // column is the count of non-null values: the page size must be exactly that.
  if (in.size / width < n) fail("{}: BYTE_STREAM_SPLIT data holds {} bytes, {} values need {}", what, in.size, n, n * width);
  const std::size_t stride = in.size / width;
  auto* dst = static_cast<std::uint8_t*>(out);
  for (std::size_t b = 0; b < width; ++b) {
    const std::uint8_t* s = in.data + b * stride;
    for (std::size_t i = 0; i < n; ++i) dst[i * width + b] = s[i];
  }
}

// --- DELTA_LENGTH_BYTE_ARRAY / DELTA_BYTE_ARRAY -----------------------------

namespace {
// Decodes a DELTA_BINARY_PACKED list of lengths (each 0..size) holding exactly
// n values and returns the bytes used.
std::size_t decode_lengths(Bytes in, std::size_t n, std::vector<std::int32_t>& lengths, std::string_view what) {
  std::size_t count = delta_count(in, what);
  if (count != n) fail("{}: DELTA lengths hold {} values, expected {}", what, count, n);
  lengths.resize(n);
  std::size_t used = delta_decode<std::int32_t>(in, lengths.data(), n, what);
  for (std::size_t i = 0; i < n; ++i) {
    if (lengths[i] < 0) fail("{}: negative byte array length", what);
  }
  return used;
}
}  // namespace

void delta_length_decode(Bytes in, std::size_t n, std::string& bytes,
                         std::vector<std::uint64_t>& offsets, std::string_view what) {
  std::vector<std::int32_t> lengths;
  std::size_t pos = decode_lengths(in, n, lengths, what);
  std::uint64_t total = 0;
  for (std::int32_t l : lengths) total += static_cast<std::uint64_t>(l);
  if (total > in.size - pos) fail("{}: DELTA_LENGTH_BYTE_ARRAY needs {} bytes, page has {}", what, total, in.size - pos);
  std::uint64_t off = bytes.size();
  bytes.append(reinterpret_cast<const char*>(in.data + pos), total);
  for (std::int32_t l : lengths) {
    off += static_cast<std::uint64_t>(l);
    offsets.push_back(off);
  }
}

void delta_byte_array_decode(Bytes in, std::size_t n, std::string& bytes,
                             std::vector<std::uint64_t>& offsets, std::string_view what) {
  std::vector<std::int32_t> prefixes;
  std::size_t pos = decode_lengths(in, n, prefixes, what);
  Bytes rest{in.data + pos, in.size - pos};
  std::vector<std::int32_t> suffixes;
  std::size_t spos = decode_lengths(rest, n, suffixes, what);
  const std::uint8_t* data = rest.data + spos;
  std::size_t left = rest.size - spos;
  std::string previous;
  for (std::size_t i = 0; i < n; ++i) {
    auto p = static_cast<std::size_t>(prefixes[i]);
    auto s = static_cast<std::size_t>(suffixes[i]);
    if (p > previous.size()) fail("{}: DELTA_BYTE_ARRAY prefix {} longer than previous value", what, p);
    if (s > left) fail("{}: DELTA_BYTE_ARRAY suffix beyond the page", what);
    previous.resize(p);
    previous.append(reinterpret_cast<const char*>(data), s);
    data += s;
    left -= s;
    bytes.append(previous);
    offsets.push_back(bytes.size());
  }
}

}  // namespace tapelab::parquet::enc
