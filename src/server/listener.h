// The HTTP side: Boost.Beast on Asio, asynchronous, keep-alive, on a few
// threads, with limits on what a client may send and how slowly
// (docs/server.md#limits). Each request is parsed by Beast and answered by
// Api::handle; a request Beast cannot parse is answered with a 4xx and the
// connection is closed, and the server goes on serving everyone else.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "server/api.h"

namespace tapelab::server {

struct Limits {
  std::uint32_t header_bytes = 16 * 1024;  // request line and headers together (431 beyond)
  std::uint64_t body_bytes = 1024;         // GET and HEAD carry no body (413 beyond)
  // A whole request must arrive within it, and an idle keep-alive connection
  // is closed after it: a client that sends a byte a second cannot hold a
  // connection for ever.
  std::chrono::milliseconds read_timeout{15'000};
  std::chrono::milliseconds write_timeout{60'000};
};

struct ListenOptions {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (port() says which)
  int threads = 0;            // 0: one per core
  bool stop_on_signals = false;  // SIGINT and SIGTERM stop run()
  Limits limits;
};

class HttpServer {
 public:
  // Binds and listens; throws Error naming the address when it cannot.
  HttpServer(Api& api, const ListenOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  // Serves until stop(), on the calling thread and threads - 1 more.
  void run();
  // Thread-safe; run() returns soon after.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True for 127.0.0.0/8 and ::1; Error for text that is not an IP address.
bool is_loopback(const std::string& address);

}  // namespace tapelab::server
