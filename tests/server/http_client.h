// A real HTTP client for the server tests (Boost.Beast's client side): one
// request per call on a fresh connection, or raw bytes for the hostile
// requests a well-behaved client cannot send.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace tapelab::server::testing {

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// GET (or `method`) of `target` on 127.0.0.1:port; `headers` are added as is.
Reply request(std::uint16_t port, const std::string& target, const std::map<std::string, std::string>& headers = {},
              const std::string& method = "GET");

// Writes `bytes` as they are and returns whatever the server sent back until
// it closed the connection (or `wait_ms` passed), and whether it closed.
struct RawReply {
  std::string bytes;
  bool closed = false;
};
RawReply send_raw(std::uint16_t port, const std::string& bytes, int wait_ms = 5000);

}  // namespace tapelab::server::testing
