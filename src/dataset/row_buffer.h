// An append-only store of TickRows in fixed-size blocks, the partition
// builder's buffer between spills.
//
// Why not a vector: a vector that doubles copies every row again at each
// growth and maps twice the memory it ends with, and touching fresh pages was
// a large part of ingest's time. Blocks never move, are not zeroed before
// rows are written into them, and clear() keeps them for the next fill. The
// capacity never passes the limit given at construction (the memory budget):
// the last block is cut to fit.
//
// (Blocks on transparent huge pages were tried: on the 2-core VMs this
// project runs on, faulting them in cost twice the system time of small pages,
// 1.4 s more per 3.3M-row day, presumably compaction at fault time.)
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <vector>

#include "dataset/tick_row.h"

namespace tapelab::dataset {

class RowBuffer {
 public:
  // Rows per full block: 4 MiB.
  static constexpr std::size_t kBlockRows = (std::size_t{4} << 20) / sizeof(TickRow);
  // The first block is small so that small partitions (a futures day) stay small.
  static constexpr std::size_t kFirstBlockRows = 1024;

  explicit RowBuffer(std::size_t max_rows);

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool full() const { return size_ == max_rows_; }
  // Bytes of row storage allocated.
  std::size_t capacity_bytes() const { return capacity_ * sizeof(TickRow); }

  // Precondition: !full().
  TickRow& push_back(const TickRow& row);
  const TickRow& operator[](std::size_t i) const { return *slot(i); }

  // Forgets the rows; `release` also frees the blocks.
  void clear(bool release);

 private:
  struct Free {
    void operator()(TickRow* rows) const { std::free(rows); }
  };
  struct Block {
    std::unique_ptr<TickRow, Free> rows;  // malloc'ed: TickRow is an implicit-lifetime aggregate
    std::size_t capacity = 0;
  };

  TickRow* slot(std::size_t i) const {
    if (i < kFirstBlockRows) return blocks_[0].rows.get() + i;
    const std::size_t j = i - kFirstBlockRows;
    return blocks_[1 + j / kBlockRows].rows.get() + j % kBlockRows;
  }
  void add_block();

  std::size_t max_rows_;
  std::vector<Block> blocks_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // rows the blocks hold
};

}  // namespace tapelab::dataset
