// The read-only API as one function from Request to Response: the bearer
// token, the method, the target's decoding, the route to a handler, ETags
// and 304s, the response cache and gzip, and every error as a JSON body
// (docs/server.md); outside /api/, the player's assets (docs/player.md). Thread-safe: the listener calls it from every thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "server/catalog.h"
#include "server/day_data.h"
#include "server/lru_cache.h"
#include "server/request.h"
#include "server/route.h"
#include "server/static_files.h"
#include "server/target.h"

namespace tapelab::server {

struct ApiOptions {
  std::string token;                        // "" = no token asked for (loopback only)
  std::size_t cache_bytes = std::size_t{1} << 30;  // decoded data and finished responses together
  std::optional<std::filesystem::path> web;  // the player's built assets, served at "/" (none: the API only)
};

// A finished response body as the cache keeps it.
struct CachedBody {
  std::string bytes;
  std::string content_type;
  bool gzipped = false;
};

class Api {
 public:
  Api(Catalog& catalog, const ApiOptions& options);

  // Never throws: whatever goes wrong becomes a JSON error response.
  Response handle(const Request& request);

 private:
  Route route(const Target& target);
  Response answer(const Request& request);

  Catalog& catalog_;
  DayData data_;
  Services services_;
  std::string token_;
  std::optional<StaticFiles> web_;
  LruCache<CachedBody> responses_;  // keyed by ETag and target
};

// {"error": status, "message": message}
Response error_response(int status, const std::string& message);

}  // namespace tapelab::server
