// A request and a response as the API sees them, free of the HTTP library:
// the router is a function from one to the other, so tests and the fuzzer
// call it without a socket (docs/server.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tapelab::server {

struct Request {
  std::string method;           // "GET", "HEAD", ...
  std::string target;           // the request target as sent: path and query, still percent-encoded
  std::string accept_encoding;  // the Accept-Encoding header ("" when absent)
  std::string if_none_match;    // the If-None-Match header
  std::string authorization;    // the Authorization header
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // A body held by the response cache, sent from there without a copy (then
  // `body` is empty): a whole day's features is 8 MB, and copying it for
  // every request churned the heap enough to grow the server's RSS under load.
  std::shared_ptr<const std::string> shared_body;
  std::string etag;           // quoted, "" for none
  std::string cache_control;  // "" for none
  bool gzipped = false;       // body is gzip: Content-Encoding: gzip
  std::vector<std::pair<std::string, std::string>> headers;  // any other header (Allow, WWW-Authenticate)

  std::string_view text() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
};

}  // namespace tapelab::server
