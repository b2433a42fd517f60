// Sorted runs of TickRows on disk, for partitions larger than the memory
// budget. A run is a sequence of blocks, each [row count u32][compressed
// bytes u32][LZ4 block of row count raw TickRows]; it is written once, in
// order, and read back streaming one block at a time, so a k-way merge holds
// k blocks in memory, not k runs. Runs are private scratch files of one
// process (raw structs, host byte order), removed when the build is done.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "dataset/tick_row.h"

namespace tapelab::dataset {

inline constexpr std::size_t kSpillBlockRows = 2048;

class SpillWriter {
 public:
  explicit SpillWriter(std::filesystem::path path);
  ~SpillWriter();  // removes an unfinished file
  SpillWriter(const SpillWriter&) = delete;
  SpillWriter& operator=(const SpillWriter&) = delete;

  void append(const TickRow& row);
  // Flushes and closes; the file stays for SpillReader.
  void finish();
  const std::filesystem::path& path() const { return path_; }

 private:
  void flush_block();

  std::filesystem::path path_;
  int fd_ = -1;
  std::vector<TickRow> block_;
  std::vector<char> compressed_;
};

class SpillReader {
 public:
  explicit SpillReader(std::filesystem::path path);
  ~SpillReader();
  SpillReader(const SpillReader&) = delete;
  SpillReader& operator=(const SpillReader&) = delete;

  // The current row, or nullptr at the end of the run.
  const TickRow* peek() const { return pos_ < block_.size() ? &block_[pos_] : nullptr; }
  void next();

 private:
  void load_block();

  std::filesystem::path path_;
  int fd_ = -1;
  std::vector<TickRow> block_;
  std::vector<char> compressed_;
  std::size_t pos_ = 0;
};

}  // namespace tapelab::dataset
