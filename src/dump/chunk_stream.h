// Hands the decoded bytes of a file to the parser in large chunks, optionally
// decoding on a background thread so inflate and parsing overlap on two cores.
// Memory is bounded: at most `depth` filled chunks wait in the queue.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "dump/decoder.h"

namespace tapelab::dump {

// Room kept free in front of every chunk's payload: the parser copies the
// unfinished tail of the previous chunk there, so a statement or row that
// straddles two chunks becomes contiguous without copying the new chunk.
inline constexpr std::size_t kChunkHeadroom = std::size_t{64} << 10;

struct Chunk {
  std::unique_ptr<char[]> storage;  // kChunkHeadroom + capacity bytes
  std::size_t capacity = 0;         // payload capacity
  std::size_t size = 0;             // payload bytes

  char* payload() const { return storage.get() + kChunkHeadroom; }
};

class ChunkStream {
 public:
  ChunkStream(std::unique_ptr<Decoder> decoder, std::size_t chunk_size, bool background, std::size_t depth = 3);
  ~ChunkStream();
  ChunkStream(const ChunkStream&) = delete;
  ChunkStream& operator=(const ChunkStream&) = delete;

  // The next chunk in file order, or false at the end of the data. A decoding
  // error is rethrown here, after every good chunk before it was returned.
  bool next(Chunk& out);
  // Gives a chunk's storage back for reuse.
  void recycle(Chunk&& chunk);

  const Decoder& decoder() const { return *decoder_; }

 private:
  Chunk allocate() const;
  void fill(Chunk& chunk);
  void produce();

  std::unique_ptr<Decoder> decoder_;
  std::size_t chunk_size_;
  std::size_t depth_;
  bool background_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Chunk> filled_;
  std::vector<Chunk> free_;
  std::exception_ptr error_;
  bool done_ = false;      // producer reached the end (or failed)
  bool stopping_ = false;  // consumer is gone
  std::thread thread_;
};

}  // namespace tapelab::dump
