// Content hashes of the files behind responses, recomputed only when a file
// changes. A file is taken as unchanged while its inode, size and
// modification time are; tapelab replaces its outputs by renaming a new file
// over the old (AtomicFile), which always gives a new inode, so a rebuild or
// a rerun is seen on the next request (docs/server.md#caching).
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tapelab::server {

class FileHashes {
 public:
  // nullopt when the path is not a regular file.
  std::optional<std::string> hash(const std::filesystem::path& path);

 private:
  struct Stamp {
    std::uint64_t inode = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const Stamp&) const = default;
  };
  struct Entry {
    Stamp stamp;
    std::string hash;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

// XXH3-128 of a string, in hex: the hash of several hashes and names.
std::string hash_text(std::string_view text);

}  // namespace tapelab::server
