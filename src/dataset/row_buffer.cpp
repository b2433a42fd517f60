#include "dataset/row_buffer.h"

#include <algorithm>
#include <new>

namespace tapelab::dataset {

RowBuffer::RowBuffer(std::size_t max_rows) : max_rows_(std::max<std::size_t>(max_rows, 1)) {}

void RowBuffer::add_block() {
  Block block;
  // The first block is small; every later one is full-size but for the last,
  // which the limit cuts (slot() relies on full-size blocks before it).
  block.capacity = blocks_.empty() ? std::min(kFirstBlockRows, max_rows_) : std::min(kBlockRows, max_rows_ - capacity_);
  block.rows.reset(static_cast<TickRow*>(std::malloc(block.capacity * sizeof(TickRow))));
  if (!block.rows) throw std::bad_alloc();
  capacity_ += block.capacity;
  blocks_.push_back(std::move(block));
}

TickRow& RowBuffer::push_back(const TickRow& row) {
  if (size_ == capacity_) add_block();
  TickRow* target = slot(size_++);
  *target = row;
  return *target;
}

void RowBuffer::clear(bool release) {
  size_ = 0;
  if (release) {
    blocks_.clear();
    capacity_ = 0;
  }
}

}  // namespace tapelab::dataset
