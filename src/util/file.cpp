#include "util/file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "util/error.h"

namespace tapelab {

namespace {

std::string errno_text() { return std::strerror(errno); }

// Distinct temp names per process and per object, so concurrent writers of
// different targets in one directory never collide.
std::filesystem::path temp_path_for(const std::filesystem::path& target) {
  static std::atomic<std::uint64_t> counter{0};
  auto name = target.filename().string();
  name = "." + name + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  return target.parent_path() / name;
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
  MappedFile file(path);
  return std::string(file.view());
}

MappedFile::MappedFile(const std::filesystem::path& path) : path_(path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("{}: cannot open: {}", path.string(), errno_text());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    std::string reason = errno_text();
    ::close(fd);
    fail("{}: cannot stat: {}", path.string(), reason);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    fail("{}: not a regular file", path.string());
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      std::string reason = errno_text();
      ::close(fd);
      fail("{}: cannot map: {}", path.string(), reason);
    }
    data_ = static_cast<const std::uint8_t*>(map);
  }
  ::close(fd);
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : path_(std::move(other.path_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
    path_ = std::move(other.path_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target)), temp_(temp_path_for(target_)) {
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) fail("{}: cannot create: {}", temp_.string(), errno_text());
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
}

void AtomicFile::write(const void* data, std::size_t size) {
  if (fd_ < 0) fail("{}: write after commit", target_.string());
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("{}: write failed: {}", temp_.string(), errno_text());
    }
    p += n;
    size -= static_cast<std::size_t>(n);
    bytes_written_ += static_cast<std::uint64_t>(n);
  }
#ifdef __linux__
  // Starts writing back what is written so far, without waiting for it: a
  // large file's commit() then waits for its tail only, not for the whole
  // file (for a day's options partition, 70 ms at the end of ingest). An
  // error here is commit()'s fsync's to report.
  if (bytes_written_ - writeback_from_ >= kWritebackStep) {
    ::sync_file_range(fd_, static_cast<off_t>(writeback_from_), static_cast<off_t>(bytes_written_ - writeback_from_),
                      SYNC_FILE_RANGE_WRITE);
    writeback_from_ = bytes_written_;
  }
#endif
}

void AtomicFile::commit() {
  if (fd_ < 0) fail("{}: committed twice", target_.string());
  if (::fsync(fd_) != 0) fail("{}: fsync failed: {}", temp_.string(), errno_text());
  if (::close(fd_) != 0) {
    fd_ = -1;
    ::unlink(temp_.c_str());
    fail("{}: close failed: {}", temp_.string(), errno_text());
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) {
    std::string reason = errno_text();
    ::unlink(temp_.c_str());
    fail("{}: cannot publish: {}", target_.string(), reason);
  }
  // Make the rename itself durable.
  int dir = ::open(target_.parent_path().empty() ? "." : target_.parent_path().c_str(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFile file(path);
  file.write(content);
  file.commit();
}

}  // namespace tapelab
