// Value encodings of the Parquet spec (Encodings.md). Internal to the library.
//
// Decoders take untrusted bytes and an expected value count, check every
// length against the bytes present, and throw Error prefixed with `what`
// (file / row group / column / page). Hot loops are templates on the value
// type and, for bit unpacking, on the bit width, so there is no per-value
// dispatch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tapelab::parquet::enc {

// Bytes are a (pointer, size) window into a page; consumed from the front.
struct Bytes {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

int bit_width_of(std::uint64_t max_value);

// --- RLE / bit-packed hybrid -----------------------------------------------

// Appends the hybrid encoding of values (each < 2^bit_width), with no length prefix.
void rle_encode(const std::uint32_t* values, std::size_t n, int bit_width, std::string& out);

class RleDecoder {
 public:
  RleDecoder(Bytes in, int bit_width, std::string_view what);
  // Decodes exactly n values into out; throws if the input ends first.
  void decode(std::uint32_t* out, std::size_t n);

 private:
  bool next_run();
  Bytes in_;
  int bit_width_;
  std::string_view what_;
  std::size_t pos_ = 0;
  // Current run: either repeated `value_` (literal_ == false) or bit-packed
  // values starting at byte `packed_pos_`.
  bool literal_ = false;
  std::uint32_t value_ = 0;
  std::size_t left_ = 0;
  std::size_t packed_pos_ = 0;
  std::size_t packed_index_ = 0;
};

// --- PLAIN ------------------------------------------------------------------

void plain_encode_bools(const std::uint8_t* values, std::size_t n, std::string& out);
void plain_decode_bools(Bytes in, std::uint8_t* out, std::size_t n, std::string_view what);

// Fixed-width PLAIN is a little-endian memcpy; checks that n values fit.
void plain_decode_fixed(Bytes in, void* out, std::size_t n, std::size_t width, std::string_view what);

// Appends n byte arrays (4-byte little-endian length prefix each) to bytes/offsets.
void plain_decode_byte_array(Bytes in, std::size_t n, std::string& bytes,
                             std::vector<std::uint64_t>& offsets, std::string_view what);

// --- DELTA_BINARY_PACKED ----------------------------------------------------

template <typename T>  // int32_t or int64_t
void delta_encode(const T* values, std::size_t n, std::string& out);
// The bytes delta_encode would append, without packing them (the writer
// weighs a dictionary against DELTA for every integer column chunk).
template <typename T>
std::size_t delta_encoded_size(const T* values, std::size_t n);

// Decodes exactly n values; returns the bytes the encoding used.
template <typename T>
std::size_t delta_decode(Bytes in, T* out, std::size_t n, std::string_view what);

// Reads only the header's total value count (for DELTA_* byte arrays).
std::size_t delta_count(Bytes in, std::string_view what);

// --- BYTE_STREAM_SPLIT ------------------------------------------------------

void bss_encode(const void* values, std::size_t n, std::size_t width, std::string& out);
void bss_decode(Bytes in, void* out, std::size_t n, std::size_t width, std::string_view what);

// --- DELTA_LENGTH_BYTE_ARRAY / DELTA_BYTE_ARRAY (read only) -----------------

void delta_length_decode(Bytes in, std::size_t n, std::string& bytes,
                         std::vector<std::uint64_t>& offsets, std::string_view what);
void delta_byte_array_decode(Bytes in, std::size_t n, std::string& bytes,
                             std::vector<std::uint64_t>& offsets, std::string_view what);

}  // namespace tapelab::parquet::enc
