// An append-only store of TickRows in fixed-size blocks, the partition
// builder's buffer between spills.
//
// Why not a vector: a vector that doubles copies every row again at each
// growth and maps twice the memory it ends with, and its fresh pages were a
// large part of ingest's time. Blocks never move, the big ones sit on huge
// pages (util/huge_pages.h), and clear() keeps them for the next fill. The
// capacity never passes the limit given at construction (the memory budget):
// the last block is cut to fit.
#pragma once

#include <cstddef>
#include <vector>

#include "dataset/tick_row.h"
#include "util/huge_pages.h"

namespace tapelab::dataset {

class RowBuffer {
 public:
  // Rows per full block: 4 MiB, two huge pages.
  static constexpr std::size_t kBlockRows = (std::size_t{4} << 20) / sizeof(TickRow);
  // The first block is small so that small partitions (a futures day) stay small.
  static constexpr std::size_t kFirstBlockRows = 1024;

  explicit RowBuffer(std::size_t max_rows);

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool full() const { return size_ == max_rows_; }
  std::size_t max_rows() const { return max_rows_; }
  // Bytes of row storage allocated.
  std::size_t capacity_bytes() const { return capacity_ * sizeof(TickRow); }

  // Precondition: !full().
  TickRow& push_back(const TickRow& row);
  const TickRow& operator[](std::size_t i) const { return *slot(i); }

  // Forgets the rows; `release` also frees the blocks.
  void clear(bool release);

 private:
  struct Block {
    HugePageMemory huge;            // full blocks
    std::vector<TickRow> small;     // the first block
    TickRow* rows = nullptr;
    std::size_t capacity = 0;
  };

  TickRow* slot(std::size_t i) const {
    if (i < kFirstBlockRows) return blocks_[0].rows + i;
    const std::size_t j = i - kFirstBlockRows;
    return blocks_[1 + j / kBlockRows].rows + j % kBlockRows;
  }
  void add_block();

  std::size_t max_rows_;
  std::vector<Block> blocks_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // rows the blocks hold
};

}  // namespace tapelab::dataset
