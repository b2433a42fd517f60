// The dump reader's view of its input: a window of uncompressed bytes that
// slides forward through the file a chunk at a time.
//
// The window holds bytes [begin(), end()) at uncompressed offset
// offset_of(begin()). refill() appends the next chunk while keeping the bytes
// from a given offset on, so a statement or row cut by a chunk boundary
// becomes contiguous; pointers into the window die with each refill, offsets
// do not. The window also knows the line number of any offset it holds, for
// messages. It knows nothing of SQL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "dump/chunk_stream.h"
#include "dump/decoder.h"

namespace tapelab::dump {

class InputWindow {
 public:
  // Reads `path` (plain or gzip'd) in chunks of `chunk_size` bytes, inflating
  // on a second thread when `background`. The window starts empty.
  InputWindow(const std::filesystem::path& path, std::size_t chunk_size, bool background);
  ~InputWindow();
  InputWindow(const InputWindow&) = delete;
  InputWindow& operator=(const InputWindow&) = delete;

  const char* begin() const { return base_; }
  const char* end() const { return end_; }
  // True once the input has no more chunks: end() is the end of the file.
  bool eof() const { return eof_; }

  std::uint64_t offset_of(const char* p) const { return base_offset_ + static_cast<std::uint64_t>(p - base_); }
  const char* at(std::uint64_t offset) const { return base_ + (offset - base_offset_); }

  // Appends the next chunk, keeping the bytes from offset `keep` on (which
  // must be in the window); pointers into the window are invalid afterwards.
  // False at the end of the input, with the window unchanged and eof() set.
  bool refill(std::uint64_t keep);

  // The 1-based line of `offset`, which must be in the window.
  std::uint64_t line_at(std::uint64_t offset);

  std::uint64_t file_bytes_read() const { return stream_.decoder().file_bytes_read(); }
  std::uint64_t file_size() const { return stream_.decoder().file_size(); }

 private:
  ChunkStream stream_;
  Chunk current_;
  std::vector<char> spill_;  // the window, when the kept tail outgrew the headroom
  const char* base_ = nullptr;
  const char* end_ = nullptr;
  std::uint64_t base_offset_ = 0;
  bool eof_ = false;
  std::uint64_t line_offset_ = 0;  // offset whose line number is line_number_
  std::uint64_t line_number_ = 1;
};

}  // namespace tapelab::dump
