#include "server/static_files.h"

#include <system_error>

#include "server/file_hashes.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::server {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMostAssetBytes = std::uintmax_t{64} << 20;

std::string content_type_of(const fs::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
  std::uintmax_t total = 0;
  // Without follow_directory_symlink the walk never leaves the folder; a
  // symlinked file is skipped below (is_regular_file of the entry's own status).
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.is_symlink()) continue;
    total += entry.file_size();
    if (total > kMostAssetBytes) fail("serve: the player's assets in {} are over 64 MiB", root.string());
    File file{read_file(entry.path()), "", content_type_of(entry.path())};
    file.hash = hash_text(file.bytes);
    files_.emplace(fs::relative(entry.path(), root).generic_string(), std::move(file));
  }
  if (!files_.contains("index.html")) fail("serve: {} has no index.html (build the player: make build)", root.string());
}

std::optional<Route> StaticFiles::route(const Target& target) const {
  std::string path;
  for (const std::string& segment : target.segments) path += (path.empty() ? "" : "/") + segment;
  const auto found = files_.find(path.empty() ? "index.html" : path);
  if (found == files_.end()) return std::nullopt;
  const File& file = found->second;
  // Only content-hashed names may be cached for ever: Vite writes them under assets/.
  const bool immutable = path.starts_with("assets/");
  return Route{file.hash, immutable, [&file] { return Body{file.bytes, file.content_type}; }};
}

std::optional<fs::path> assets_next_to_binary() {
  std::error_code error;
  const fs::path binary = fs::read_symlink("/proc/self/exe", error);
  if (error) return std::nullopt;
  fs::path web = binary.parent_path() / "player";
  if (!fs::is_regular_file(web / "index.html", error)) return std::nullopt;
  return web;
}

}  // namespace tapelab::server
