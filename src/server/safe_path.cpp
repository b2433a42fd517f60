#include "server/safe_path.h"

#include <algorithm>
#include <system_error>

namespace tapelab::server {

namespace fs = std::filesystem;

bool lies_under(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  const fs::path real_root = fs::canonical(root, ec);
  if (ec) return false;
  const fs::path real = fs::canonical(path, ec);
  if (ec) return false;
  const auto [root_end, path_it] = std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
  return root_end == real_root.end();
}

std::optional<fs::path> resolve_inside(const fs::path& root, const fs::path& relative) {
  if (relative.empty() || relative.is_absolute() || relative.has_root_name() || relative.has_root_directory()) {
    return std::nullopt;
  }
  for (const fs::path& part : relative) {
    if (part == ".." || part == "." || part.native().find('\\') != std::string::npos) return std::nullopt;
  }
  const fs::path joined = root / relative;
  if (!lies_under(root, joined)) return std::nullopt;
  std::error_code ec;
  fs::path real = fs::canonical(joined, ec);
  if (ec || !fs::is_regular_file(real, ec)) return std::nullopt;
  return real;
}

}  // namespace tapelab::server
