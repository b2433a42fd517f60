#include "server/listener.h"

#include <algorithm>
#include <csignal>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>

#include "server/session.h"
#include "util/error.h"

namespace tapelab::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpServer::Impl {
  Impl(Api& a, const ListenOptions& o) : api(a), options(o), acceptor(ioc), signals(ioc) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](boost::system::error_code ec, tcp::socket socket) {
      if (!ec) start_session(std::move(socket), api, options.limits);
      if (acceptor.is_open()) accept();
    });
  }

  Api& api;
  ListenOptions options;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
};

bool is_loopback(const std::string& address) {
  boost::system::error_code ec;
  const net::ip::address a = net::ip::make_address(address, ec);
  if (ec) fail("serve: '{}' is not an IP address", address);
  return a.is_loopback();
}

HttpServer::HttpServer(Api& api, const ListenOptions& options) : impl_(std::make_unique<Impl>(api, options)) {
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(options.bind, ec);
  if (ec) fail("serve: '{}' is not an IP address", options.bind);
  const tcp::endpoint endpoint(address, options.port);
  tcp::acceptor& acceptor = impl_->acceptor;
  const auto check = [&](std::string_view step) {
    if (ec) fail("serve: cannot listen on {} port {} ({}): {}", options.bind, options.port, step, ec.message());
  };
  acceptor.open(endpoint.protocol(), ec);
  check("open");
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  check("reuse_address");
  acceptor.bind(endpoint, ec);
  check("bind");
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  check("listen");
  impl_->accept();
}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::run() {
  if (impl_->options.stop_on_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](boost::system::error_code, int) { stop(); });
  }
  const int threads = impl_->options.threads > 0 ? impl_->options.threads
                                                 : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  std::vector<std::thread> workers;
  for (int i = 1; i < threads; ++i) workers.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (std::thread& w : workers) w.join();
}

void HttpServer::stop() {
  net::post(impl_->ioc, [this] {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->signals.cancel(ignored);
  });
  impl_->ioc.stop();
}

}  // namespace tapelab::server
