// File helpers shared by every library that touches disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace tapelab {

// Reads a whole (small) file; throws Error naming the path on failure.
std::string read_file(const std::filesystem::path& path);

// A read-only memory map of a whole file. Readers decode straight out of the
// map, so a multi-gigabyte file costs no heap and pages are shared with the
// page cache. Empty files map to an empty view.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// Writes a file so that readers see either the old content or the whole new
// content, never a partial file: data goes to a temporary file in the same
// directory, is fsync'ed, and is renamed over the target by commit(). If the
// object is destroyed without commit() (an exception, a crash), the temporary
// file is removed and the target is untouched.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, std::size_t size);
  void write(std::string_view data) { write(data.data(), data.size()); }
  std::uint64_t bytes_written() const { return bytes_written_; }
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  static constexpr std::uint64_t kWritebackStep = std::uint64_t{8} << 20;
  int fd_ = -1;
  std::uint64_t bytes_written_ = 0;
  std::uint64_t writeback_from_ = 0;  // bytes before it are being written back
};

// Convenience for small outputs (manifests, reports).
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace tapelab
