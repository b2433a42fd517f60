#include "dump/chunk_stream.h"

namespace tapelab::dump {

ChunkStream::ChunkStream(std::unique_ptr<Decoder> decoder, std::size_t chunk_size, bool background,
                         std::size_t depth)
    : decoder_(std::move(decoder)), chunk_size_(chunk_size), depth_(depth == 0 ? 1 : depth), background_(background) {
  if (background_) thread_ = std::thread([this] { produce(); });
}

ChunkStream::~ChunkStream() {
  if (thread_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
}

Chunk ChunkStream::allocate() const {
  Chunk chunk;
  chunk.storage = std::make_unique_for_overwrite<char[]>(kChunkHeadroom + chunk_size_);
  chunk.capacity = chunk_size_;
  return chunk;
}

void ChunkStream::fill(Chunk& chunk) {
  chunk.size = 0;
  while (chunk.size < chunk.capacity) {
    std::size_t n = decoder_->read(chunk.payload() + chunk.size, chunk.capacity - chunk.size);
    if (n == 0) break;
    chunk.size += n;
  }
}

void ChunkStream::produce() {
  for (;;) {
    Chunk chunk;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || filled_.size() < depth_; });
      if (stopping_) return;
      if (!free_.empty()) {
        chunk = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!chunk.storage) chunk = allocate();
    std::exception_ptr error;
    try {
      fill(chunk);
    } catch (...) {
      error = std::current_exception();
    }
    const bool at_end = error || chunk.size < chunk.capacity;
    {
      std::lock_guard lock(mutex_);
      // A partial chunk before an error still carries good data.
      if (chunk.size > 0) {
        filled_.push_back(std::move(chunk));
      } else {
        free_.push_back(std::move(chunk));
      }
      if (at_end) {
        error_ = error;
        done_ = true;
      }
    }
    changed_.notify_all();
    if (at_end) return;
  }
}

bool ChunkStream::next(Chunk& out) {
  if (!background_) {
    // Same contract as the thread: good bytes first, then the error.
    if (error_) std::rethrow_exception(error_);
    if (done_) return false;
    Chunk chunk;
    if (!free_.empty()) {
      chunk = std::move(free_.back());
      free_.pop_back();
    }
    if (!chunk.storage) chunk = allocate();
    try {
      fill(chunk);
    } catch (...) {
      error_ = std::current_exception();
      if (chunk.size == 0) std::rethrow_exception(error_);
    }
    if (chunk.size == 0) {
      done_ = true;
      free_.push_back(std::move(chunk));
      return false;
    }
    out = std::move(chunk);
    return true;
  }
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !filled_.empty() || done_; });
  if (!filled_.empty()) {
    out = std::move(filled_.front());
    filled_.pop_front();
    lock.unlock();
    changed_.notify_all();
    return true;
  }
  if (error_) std::rethrow_exception(error_);
  return false;
}

void ChunkStream::recycle(Chunk&& chunk) {
  if (!chunk.storage) return;
  std::lock_guard lock(mutex_);
  if (free_.size() < depth_ + 1) free_.push_back(std::move(chunk));
}

}  // namespace tapelab::dump
