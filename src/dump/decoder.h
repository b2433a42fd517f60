// The uncompressed bytes of one dump file, read in order: plain text, or gzip
// (one or more concatenated members, as `cat a.gz b.gz` or pigz produce)
// inflated with ISA-L.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>

namespace tapelab::dump {

class Decoder {
 public:
  virtual ~Decoder() = default;

  // Writes up to max bytes to out and returns how many; 0 only at the end of
  // the data. Throws Error naming the file and the compressed position when
  // the file is truncated or corrupt; the bytes returned before that are good.
  virtual std::size_t read(char* out, std::size_t max) = 0;

  // Bytes of the file consumed so far; safe to read from any thread.
  std::uint64_t file_bytes_read() const { return file_bytes_read_.load(std::memory_order_relaxed); }
  std::uint64_t file_size() const { return file_size_; }

 protected:
  std::atomic<std::uint64_t> file_bytes_read_{0};
  std::uint64_t file_size_ = 0;
};

// Chooses by content, not by name: a file starting with the gzip magic is
// inflated, anything else is read as text. A name ending in ".gz" without the
// magic is an error, since it is almost certainly a damaged download.
std::unique_ptr<Decoder> open_decoder(const std::filesystem::path& path);

}  // namespace tapelab::dump
