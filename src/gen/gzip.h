// Parallel single-member gzip output.
//
// Pieces of a file are compressed independently (on any thread) into raw
// deflate segments that end on a byte boundary (a sync flush), so their
// concatenation is one valid deflate stream; the CRC-32s are combined in
// order. The result is an ordinary .gz that gzip, zcat and our dump reader
// read, and its bytes depend only on the pieces, not on thread timing. The
// header carries mtime 0 so that identical inputs give identical files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "util/file.h"

namespace tapelab::gen {

struct DeflatedPiece {
  std::string data;      // raw deflate, byte-aligned, not final unless `last`
  uint32_t crc = 0;      // CRC-32 of the uncompressed text
  uint64_t raw_size = 0;
};

// ISA-L igzip at level 1: several times faster than zlib at a ratio close to
// gzip -1. `last` marks the final piece of a file (it ends the stream).
DeflatedPiece deflate_piece(std::string_view text, bool last);

// Writes pieces in order to `path`, atomically published by finish().
class GzipFileWriter {
 public:
  explicit GzipFileWriter(const std::filesystem::path& path);
  void append(const DeflatedPiece& piece);
  // Writes the trailer and publishes the file; the final piece must have been
  // deflated with last = true.
  void finish();
  uint64_t raw_bytes() const { return raw_size_; }
  uint64_t file_bytes() const { return file_.bytes_written(); }

 private:
  AtomicFile file_;
  uint32_t crc_ = 0;
  uint64_t raw_size_ = 0;
};

}  // namespace tapelab::gen
