// The player's built assets (web/, docs/player.md) served at "/": index.html
// for "/" and every other file by its path under the assets folder.
//
// Design note. The folder is read once, when the server starts: a build is a
// few hundred kilobytes, and holding it keeps a request from ever touching
// the disk with a name it chose (a name is looked up in this listing, never
// joined to the folder). Symlinks are not followed. Vite names everything
// under assets/ by its content hash, so those files are served immutable;
// index.html, which names them, is revalidated every time.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "server/route.h"
#include "server/target.h"

namespace tapelab::server {

class StaticFiles {
 public:
  // Throws Error when `root` has no index.html or holds more than 64 MiB.
  explicit StaticFiles(const std::filesystem::path& root);

  // The route of a target outside /api/, or nullopt when no file has its path.
  std::optional<Route> route(const Target& target) const;

 private:
  struct File {
    std::string bytes;
    std::string hash;
    std::string content_type;
  };
  std::map<std::string, File> files_;  // path relative to the root, '/'-separated
};

// The folder of the player's assets next to the running binary (a build
// folder's player/), when it has an index.html.
std::optional<std::filesystem::path> assets_next_to_binary();

}  // namespace tapelab::server
