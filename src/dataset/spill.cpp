#include "dataset/spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <lz4.h>

#include "util/error.h"

namespace tapelab::dataset {

namespace {

struct BlockHeader {
  std::uint32_t rows;
  std::uint32_t compressed;
};

void write_all(int fd, const void* data, std::size_t size, const std::filesystem::path& path) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("{}: cannot write spill run: {}", path.string(), std::strerror(errno));
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Reads exactly `size` bytes; false at a clean end of file before the first byte.
bool read_all(int fd, void* data, std::size_t size, const std::filesystem::path& path) {
  char* p = static_cast<char*>(data);
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, p + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("{}: cannot read spill run: {}", path.string(), std::strerror(errno));
    if (n == 0) {
      if (done == 0) return false;
      fail("{}: spill run truncated", path.string());
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

SpillWriter::SpillWriter(std::filesystem::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd_ < 0) fail("{}: cannot create spill run: {}", path_.string(), std::strerror(errno));
  block_.reserve(kSpillBlockRows);
}

SpillWriter::~SpillWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
}

void SpillWriter::append(const TickRow& row) {
  block_.push_back(row);
  if (block_.size() == kSpillBlockRows) flush_block();
}

void SpillWriter::flush_block() {
  if (block_.empty()) return;
  const int raw = static_cast<int>(block_.size() * sizeof(TickRow));
  compressed_.resize(static_cast<std::size_t>(LZ4_compressBound(raw)));
  const int n = LZ4_compress_default(reinterpret_cast<const char*>(block_.data()), compressed_.data(), raw,
                                     static_cast<int>(compressed_.size()));
  if (n <= 0) fail("{}: LZ4 compression of a spill block failed", path_.string());
  const BlockHeader header{static_cast<std::uint32_t>(block_.size()), static_cast<std::uint32_t>(n)};
  write_all(fd_, &header, sizeof header, path_);
  write_all(fd_, compressed_.data(), static_cast<std::size_t>(n), path_);
  block_.clear();
}

void SpillWriter::finish() {
  flush_block();
  if (::close(fd_) != 0) {
    fd_ = -1;
    fail("{}: cannot close spill run: {}", path_.string(), std::strerror(errno));
  }
  fd_ = -1;
}

SpillReader::SpillReader(std::filesystem::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) fail("{}: cannot open spill run: {}", path_.string(), std::strerror(errno));
  load_block();
}

SpillReader::~SpillReader() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillReader::next() {
  if (++pos_ >= block_.size()) load_block();
}

void SpillReader::load_block() {
  pos_ = 0;
  block_.clear();
  BlockHeader header{};
  if (!read_all(fd_, &header, sizeof header, path_)) return;
  // Our own file, but a full disk or a stray truncation must still fail
  // loudly rather than decode garbage.
  if (header.rows == 0 || header.rows > kSpillBlockRows ||
      header.compressed > static_cast<std::uint32_t>(LZ4_compressBound(kSpillBlockRows * sizeof(TickRow)))) {
    fail("{}: corrupt spill block header", path_.string());
  }
  compressed_.resize(header.compressed);
  if (!read_all(fd_, compressed_.data(), compressed_.size(), path_)) fail("{}: spill run truncated", path_.string());
  block_.resize(header.rows);
  const int raw = static_cast<int>(header.rows * sizeof(TickRow));
  const int n = LZ4_decompress_safe(compressed_.data(), reinterpret_cast<char*>(block_.data()),
                                    static_cast<int>(compressed_.size()), raw);
  if (n != raw) fail("{}: corrupt spill block", path_.string());
}

}  // namespace tapelab::dataset
