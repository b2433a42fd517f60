#include "dump/decoder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <isa-l/igzip_lib.h>

#include "util/error.h"

namespace tapelab::dump {
namespace {

constexpr std::size_t kInputBufferSize = 1 << 20;
constexpr std::size_t kSmallestInputBuffer = 4 << 10;

// A file smaller than the buffer gets a buffer its size: a reader per small
// file (tests, the fuzzer's ~1,000 readers a second) would otherwise fault in
// a fresh MiB each. Never below a few KiB, so a member's trailing odd byte
// always has room to be joined by more input.
std::size_t input_buffer_size(std::uint64_t file_size) {
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(file_size, kSmallestInputBuffer, kInputBufferSize));
}

// An open file descriptor read with plain read(2): the kernel's readahead does
// the rest, and nothing is mapped, so a 50 GB input costs no address space.
class InputFile {
 public:
  explicit InputFile(const std::filesystem::path& path) : path_(path.string()) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) fail("{}: cannot open: {}", path_, std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0) fail("{}: cannot stat: {}", path_, std::strerror(errno));
    size_ = static_cast<std::uint64_t>(st.st_size);
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  ~InputFile() { ::close(fd_); }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  std::size_t read(void* out, std::size_t max) {
    for (;;) {
      ssize_t n = ::read(fd_, out, max);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno != EINTR) fail("{}: read failed: {}", path_, std::strerror(errno));
    }
  }
  void rewind() {
    if (::lseek(fd_, 0, SEEK_SET) != 0) fail("{}: cannot seek: {}", path_, std::strerror(errno));
  }
  const std::string& path() const { return path_; }
  std::uint64_t size() const { return size_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

class PlainDecoder final : public Decoder {
 public:
  explicit PlainDecoder(std::unique_ptr<InputFile> file) : file_(std::move(file)) { file_size_ = file_->size(); }

  std::size_t read(char* out, std::size_t max) override {
    std::size_t n = file_->read(out, max);
    file_bytes_read_.fetch_add(n, std::memory_order_relaxed);
    return n;
  }

 private:
  std::unique_ptr<InputFile> file_;
};

class GzipDecoder final : public Decoder {
 public:
  explicit GzipDecoder(std::unique_ptr<InputFile> file)
      : file_(std::move(file)), input_(input_buffer_size(file_->size())), state_(std::make_unique<inflate_state>()) {
    file_size_ = file_->size();
    start_member();
  }

  std::size_t read(char* out, std::size_t max) override {
    std::size_t produced = 0;
    while (produced < max && !finished_) {
      if (state_->block_state == ISAL_BLOCK_FINISH) {
        next_member_or_finish();
        continue;
      }
      // At the end of the file ISA-L may still hold buffered bits and pending
      // output, so the stream is truncated only once a call makes no progress.
      const bool input_left = state_->avail_in > 0 || refill();
      // ISA-L counts output in 32 bits; hand it at most 1 GiB per call.
      const std::size_t room = std::min<std::size_t>(max - produced, std::size_t{1} << 30);
      state_->next_out = reinterpret_cast<std::uint8_t*>(out + produced);
      state_->avail_out = static_cast<std::uint32_t>(room);
      const int rc = isal_inflate(state_.get());
      const std::size_t made = room - state_->avail_out;
      produced += made;
      if (rc < 0) {
        fail("{}: corrupt gzip data: {} (member starting at compressed byte {}, error near compressed byte {}, "
             "{} bytes decompressed)",
             file_->path(), describe(rc), member_start_, consumed_offset(), uncompressed_ + produced);
      }
      if (!input_left && made == 0 && state_->block_state != ISAL_BLOCK_FINISH) {
        fail("{}: truncated gzip: the file ends inside a compressed member (member starts at compressed byte {}, "
             "file is {} bytes, {} bytes decompressed)",
             file_->path(), member_start_, file_size_, uncompressed_ + produced);
      }
    }
    uncompressed_ += produced;
    return produced;
  }

 private:
  static const char* describe(int rc) {
    switch (rc) {
      case ISAL_INCORRECT_CHECKSUM: return "CRC or length mismatch";
      case ISAL_INVALID_BLOCK: return "invalid deflate block";
      case ISAL_INVALID_SYMBOL: return "invalid deflate symbol";
      case ISAL_INVALID_LOOKBACK: return "invalid back-reference distance";
      case ISAL_INVALID_WRAPPER: return "invalid gzip header";
      case ISAL_UNSUPPORTED_METHOD: return "unsupported compression method";
      default: return "inflate failed";
    }
  }

  // Offset in the file of the next byte ISA-L has not taken yet.
  std::uint64_t consumed_offset() const { return input_end_offset_ - state_->avail_in; }

  bool refill() {
    std::size_t n = file_->read(input_.data(), input_.size());
    if (n == 0) return false;
    input_end_offset_ += n;
    file_bytes_read_.store(input_end_offset_, std::memory_order_relaxed);
    state_->next_in = input_.data();
    state_->avail_in = static_cast<std::uint32_t>(n);
    return true;
  }

  void start_member() {
    std::uint8_t* next_in = state_->next_in;
    std::uint32_t avail_in = state_->avail_in;
    isal_inflate_init(state_.get());
    state_->crc_flag = ISAL_GZIP;
    state_->next_in = next_in;
    state_->avail_in = avail_in;
    member_start_ = consumed_offset();
  }

  // After a member: another one follows (its magic), or the file ends. Zero
  // padding after the last member (tape and block devices add it) is accepted,
  // as gzip does; anything else is damage and must not pass silently.
  void next_member_or_finish() {
    while (state_->avail_in < 2) {
      if (state_->avail_in == 1) {
        // Keep the odd byte: move it to the front and append more input.
        input_[0] = *state_->next_in;
        std::size_t n = file_->read(input_.data() + 1, input_.size() - 1);
        if (n == 0) break;
        input_end_offset_ += n;
        file_bytes_read_.store(input_end_offset_, std::memory_order_relaxed);
        state_->next_in = input_.data();
        state_->avail_in = static_cast<std::uint32_t>(n + 1);
      } else if (!refill()) {
        finished_ = true;
        return;
      }
    }
    const std::uint8_t* p = state_->next_in;
    if (state_->avail_in >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
      start_member();
      return;
    }
    const std::uint64_t garbage_at = consumed_offset();
    for (;;) {
      for (std::uint32_t i = 0; i < state_->avail_in; ++i) {
        if (state_->next_in[i] != 0) {
          fail("{}: corrupt gzip: unexpected bytes after a gzip member at compressed byte {}", file_->path(),
               garbage_at);
        }
      }
      state_->avail_in = 0;
      if (!refill()) break;
    }
    finished_ = true;
  }

  std::unique_ptr<InputFile> file_;
  std::vector<std::uint8_t> input_;
  std::unique_ptr<inflate_state> state_;
  std::uint64_t input_end_offset_ = 0;  // file offset just past the buffered input
  std::uint64_t member_start_ = 0;
  std::uint64_t uncompressed_ = 0;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<Decoder> open_decoder(const std::filesystem::path& path) {
  auto file = std::make_unique<InputFile>(path);
  unsigned char magic[2] = {0, 0};
  std::size_t got = 0;
  while (got < 2) {
    std::size_t n = file->read(magic + got, 2 - got);
    if (n == 0) break;
    got += n;
  }
  const bool gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  if (!gzip && path.extension() == ".gz") fail("{}: not a gzip file (no gzip magic bytes at the start)", path.string());
  file->rewind();
  if (gzip) return std::make_unique<GzipDecoder>(std::move(file));
  return std::make_unique<PlainDecoder>(std::move(file));
}

}  // namespace tapelab::dump
