#include "parquet/compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <memory>

#include "util/error.h"

namespace tapelab::parquet {

namespace {

struct ZstdContexts {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_DCtx* d = ZSTD_createDCtx();
  ~ZstdContexts() {
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
  }
};

// One context per thread: creating them per page costs more than small pages.
ZstdContexts& zstd_contexts() {
  thread_local ZstdContexts contexts;
  return contexts;
}

void gzip_compress(int level, std::string_view in, std::string& out) {
  z_stream z{};
  // 15 + 16: gzip framing, which Parquet's GZIP codec means.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) fail("gzip: init failed");
  std::size_t start = out.size();
  out.resize(start + deflateBound(&z, in.size()) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data() + start);
  z.avail_out = static_cast<uInt>(out.size() - start);
  int rc = deflate(&z, Z_FINISH);
  out.resize(start + z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) fail("gzip: compression failed");
}

void gzip_decompress(const std::uint8_t* in, std::size_t in_size, std::uint8_t* out, std::size_t out_size,
                     std::string_view what) {
  z_stream z{};
  // 15 + 32: accept both zlib and gzip headers (writers differ).
  if (inflateInit2(&z, 15 + 32) != Z_OK) fail("{}: gzip init failed", what);
  z.next_in = const_cast<Bytef*>(in);
  z.avail_in = static_cast<uInt>(in_size);
  z.next_out = out;
  z.avail_out = static_cast<uInt>(out_size);
  int rc = inflate(&z, Z_FINISH);
  std::size_t produced = z.total_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END || produced != out_size) {
    fail("{}: corrupt GZIP data (inflate returned {}, {} of {} bytes)", what, rc, produced, out_size);
  }
}

// Hadoop's LZ4 framing (the old LZ4 codec as parquet-mr writes it): blocks of
// [big-endian uncompressed size][big-endian compressed size][raw LZ4 block].
bool lz4_hadoop(const std::uint8_t* in, std::size_t in_size, std::uint8_t* out, std::size_t out_size) {
  auto be32 = [](const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
  };
  std::size_t pos = 0, produced = 0;
  while (pos < in_size) {
    if (in_size - pos < 8) return false;
    std::uint32_t raw = be32(in + pos), comp = be32(in + pos + 4);
    pos += 8;
    if (comp > in_size - pos || raw > out_size - produced) return false;
    int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in + pos), reinterpret_cast<char*>(out + produced),
                                static_cast<int>(comp), static_cast<int>(raw));
    if (n < 0 || static_cast<std::uint32_t>(n) != raw) return false;
    pos += comp;
    produced += raw;
  }
  return produced == out_size;
}

}  // namespace

void compress(Codec codec, std::optional<int> level, std::string_view in, std::string& out) {
  std::size_t start = out.size();
  switch (codec) {
    case Codec::UNCOMPRESSED:
      out.append(in);
      return;
    case Codec::SNAPPY: {
      out.resize(start + snappy::MaxCompressedLength(in.size()));
      std::size_t n = 0;
      snappy::RawCompress(in.data(), in.size(), out.data() + start, &n);
      out.resize(start + n);
      return;
    }
    case Codec::GZIP:
      gzip_compress(level.value_or(6), in, out);
      return;
    case Codec::BROTLI: {
      std::size_t n = BrotliEncoderMaxCompressedSize(in.size());
      if (n == 0) n = in.size() + 1024;
      out.resize(start + n);
      if (!BrotliEncoderCompress(level.value_or(5), BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                                 reinterpret_cast<const std::uint8_t*>(in.data()),
                                 &n, reinterpret_cast<std::uint8_t*>(out.data() + start))) {
        fail("brotli: compression failed");
      }
      out.resize(start + n);
      return;
    }
    case Codec::ZSTD: {
      out.resize(start + ZSTD_compressBound(in.size()));
      ZSTD_CCtx* c = zstd_contexts().c;
      std::size_t n = ZSTD_compressCCtx(c, out.data() + start, out.size() - start, in.data(), in.size(),
                                        level.value_or(3));
      if (ZSTD_isError(n)) fail("zstd: {}", ZSTD_getErrorName(n));
      out.resize(start + n);
      return;
    }
    case Codec::LZ4_RAW: {
      if (in.size() > LZ4_MAX_INPUT_SIZE) fail("lz4: page of {} bytes too large", in.size());
      out.resize(start + static_cast<std::size_t>(LZ4_compressBound(static_cast<int>(in.size()))));
      int n = LZ4_compress_default(in.data(), out.data() + start, static_cast<int>(in.size()),
                                   static_cast<int>(out.size() - start));
      if (n <= 0) fail("lz4: compression failed");
      out.resize(start + static_cast<std::size_t>(n));
      return;
    }
    default:
      fail("writing {} compression is not supported", to_string(codec));
  }
}

void decompress(Codec codec, const std::uint8_t* in, std::size_t in_size, std::uint8_t* out,
                std::size_t out_size, std::string_view what) {
  switch (codec) {
    case Codec::UNCOMPRESSED:
      if (in_size != out_size) fail("{}: uncompressed page of {} bytes claims {}", what, in_size, out_size);
      if (in_size > 0) std::memcpy(out, in, in_size);
      return;
    case Codec::SNAPPY: {
      std::size_t n = 0;
      const char* src = reinterpret_cast<const char*>(in);
      if (!snappy::GetUncompressedLength(src, in_size, &n) || n != out_size ||
          !snappy::RawUncompress(src, in_size, reinterpret_cast<char*>(out))) {
        fail("{}: corrupt SNAPPY data (expected {} bytes)", what, out_size);
      }
      return;
    }
    case Codec::GZIP:
      gzip_decompress(in, in_size, out, out_size, what);
      return;
    case Codec::BROTLI: {
      std::size_t n = out_size;
      if (BrotliDecoderDecompress(in_size, in, &n, out) != BROTLI_DECODER_RESULT_SUCCESS || n != out_size) {
        fail("{}: corrupt BROTLI data (expected {} bytes)", what, out_size);
      }
      return;
    }
    case Codec::ZSTD: {
      std::size_t n = ZSTD_decompressDCtx(zstd_contexts().d, out, out_size, in, in_size);
      if (ZSTD_isError(n)) fail("{}: corrupt ZSTD data: {}", what, ZSTD_getErrorName(n));
      if (n != out_size) fail("{}: ZSTD data holds {} bytes, page header says {}", what, n, out_size);
      return;
    }
    case Codec::LZ4_RAW:
    case Codec::LZ4: {
      if (codec == Codec::LZ4 && lz4_hadoop(in, in_size, out, out_size)) return;
      if (in_size > LZ4_MAX_INPUT_SIZE || out_size > LZ4_MAX_INPUT_SIZE) fail("{}: LZ4 page too large", what);
      int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in), reinterpret_cast<char*>(out),
                                  static_cast<int>(in_size), static_cast<int>(out_size));
      if (n < 0 || static_cast<std::size_t>(n) != out_size) {
        fail("{}: corrupt LZ4 data (expected {} bytes)", what, out_size);
      }
      return;
    }
    default:
      fail("{}: {} compression is not supported", what, to_string(codec));
  }
}

}  // namespace tapelab::parquet
