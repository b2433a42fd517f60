#include "input_file.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tapelab::fuzz {
namespace {

// A setup failure is not a finding in the code under test: stop loudly.
[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "fuzz input file: %s: %s\n", what, std::strerror(errno));
  std::abort();
}

struct MemFile {
  int fd;
  std::filesystem::path path;

  MemFile() : fd(::memfd_create("fuzz-input", MFD_CLOEXEC)) {
    if (fd < 0) die("memfd_create");
    path = "/proc/self/fd/" + std::to_string(fd);
  }
};

}  // namespace

const std::filesystem::path& input_file(std::span<const std::uint8_t> bytes) {
  static const MemFile file;
  if (::ftruncate(file.fd, 0) != 0) die("ftruncate");
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::pwrite(file.fd, bytes.data() + written, bytes.size() - written, static_cast<off_t>(written));
    if (n < 0) die("pwrite");
    written += static_cast<std::size_t>(n);
  }
  return file.path;
}

}  // namespace tapelab::fuzz
