#include "server/file_hashes.h"

#include <sys/stat.h>

#include <fmt/format.h>
#include <xxhash.h>

#include "dataset/manifest.h"

namespace tapelab::server {

std::optional<std::string> FileHashes::hash(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  const Stamp stamp{static_cast<std::uint64_t>(st.st_ino), static_cast<std::uint64_t>(st.st_size),
                    std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec};
  {
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(path.native());
    if (it != entries_.end() && it->second.stamp == stamp) return it->second.hash;
  }
  std::string hash = dataset::hash_file(path);
  const std::lock_guard lock(mutex_);
  entries_[path.native()] = Entry{stamp, hash};
  return hash;
}

std::string hash_text(std::string_view text) {
  const XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
  return fmt::format("{:016x}{:016x}", h.high64, h.low64);
}

}  // namespace tapelab::server
