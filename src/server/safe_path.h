// Opening a file named by a manifest or a listing only when it lies inside
// its configured folder (docs/server.md#safety).
//
// A relative path is refused when it is absolute, has a root name, or holds
// a ".." or "." component; what is left is resolved with every symlink
// followed, and the result must still lie under the folder's own resolved
// path and be a regular file. A symlink that points out of the tree is thus
// refused even though its name looks harmless.
#pragma once

#include <filesystem>
#include <optional>

namespace tapelab::server {

// The resolved path of `relative` under `root`, or nullopt when it is not a
// regular file inside it.
std::optional<std::filesystem::path> resolve_inside(const std::filesystem::path& root,
                                                    const std::filesystem::path& relative);

// True when `path` (resolved) lies under `root` (resolved).
bool lies_under(const std::filesystem::path& root, const std::filesystem::path& path);

}  // namespace tapelab::server
