// Page compression codecs. Internal to the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parquet/types.h"

namespace tapelab::parquet {

// Appends the compressed form of `in` to `out`. Writes UNCOMPRESSED, SNAPPY,
// GZIP, BROTLI, ZSTD and LZ4_RAW; throws Error for the others.
void compress(Codec codec, std::optional<int> level, std::string_view in, std::string& out);

// Decompresses `in` into exactly `out_size` bytes at `out`; throws Error
// (prefixed with `what`) when the data is corrupt or its size differs.
void decompress(Codec codec, const std::uint8_t* in, std::size_t in_size, std::uint8_t* out,
                std::size_t out_size, std::string_view what);

}  // namespace tapelab::parquet
