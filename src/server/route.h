// What a handler hands the router: the hash of everything the response is
// made from, known before any work, and how to make the body. The router
// answers 304 or a cached body from the hash alone (docs/server.md#caching).
#pragma once

#include <functional>
#include <string>

#include "server/catalog.h"
#include "server/day_data.h"

namespace tapelab::server {

struct Body {
  std::string bytes;
  std::string content_type = "application/json";
};

struct Route {
  std::string data_hash;   // hash of the files (or manifests) behind the response
  bool immutable = false;  // the URL named that hash (v=), so the response can never change
  std::function<Body()> build;
};

// What every handler reads from.
struct Services {
  Catalog& catalog;
  DayData& data;
};

}  // namespace tapelab::server
