#include "dump/input_window.h"

#include <cstring>
#include <utility>

namespace tapelab::dump {

namespace {

std::uint64_t count_newlines(const char* begin, const char* end) {
  std::uint64_t count = 0;
  while (begin < end) {
    const void* hit = std::memchr(begin, '\n', static_cast<std::size_t>(end - begin));
    if (hit == nullptr) break;
    ++count;
    begin = static_cast<const char*>(hit) + 1;
  }
  return count;
}

}  // namespace

InputWindow::InputWindow(const std::filesystem::path& path, std::size_t chunk_size, bool background)
    : stream_(open_decoder(path), chunk_size, background) {}

InputWindow::~InputWindow() { stream_.recycle(std::move(current_)); }

bool InputWindow::refill(std::uint64_t keep) {
  if (eof_) return false;
  const char* keep_ptr = at(keep);
  const std::size_t tail = static_cast<std::size_t>(end_ - keep_ptr);
  if (line_offset_ < keep) {  // the bytes before `keep` are about to go
    line_number_ += count_newlines(at(line_offset_), keep_ptr);
    line_offset_ = keep;
  }
  Chunk next;
  if (!stream_.next(next)) {
    eof_ = true;
    return false;
  }
  if (tail <= kChunkHeadroom) {
    char* start = next.payload() - tail;
    if (tail > 0) std::memcpy(start, keep_ptr, tail);
    base_ = start;
    end_ = next.payload() + next.size;
    stream_.recycle(std::move(current_));
    current_ = std::move(next);
    spill_.clear();
  } else {
    // Rare: a statement head or row longer than the headroom.
    std::vector<char> joined(tail + next.size);
    std::memcpy(joined.data(), keep_ptr, tail);
    std::memcpy(joined.data() + tail, next.payload(), next.size);
    stream_.recycle(std::move(next));
    stream_.recycle(std::move(current_));
    spill_ = std::move(joined);
    base_ = spill_.data();
    end_ = base_ + spill_.size();
  }
  base_offset_ = keep;
  return true;
}

std::uint64_t InputWindow::line_at(std::uint64_t offset) {
  if (offset >= line_offset_) {
    line_number_ += count_newlines(at(line_offset_), at(offset));
  } else {
    line_number_ -= count_newlines(at(offset), at(line_offset_));
  }
  line_offset_ = offset;
  return line_number_;
}

}  // namespace tapelab::dump
