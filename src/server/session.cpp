#include "server/session.h"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace tapelab::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// What to answer a request Beast could not parse.
Response refusal(const beast::error_code& ec) {
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return error_response(431, "the request line and headers are too large");
  }
  if (ec == http::error::body_limit) return error_response(413, "the request body is too large");
  return error_response(400, "malformed request: " + ec.message());
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Api& api, const Limits& limits)
      : stream_(std::move(socket)), api_(api), limits_(limits) {}

  void start() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this())); }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(limits_.header_bytes);
    parser_->body_limit(limits_.body_bytes);
    stream_.expires_after(limits_.read_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      return close();
    }
    if (ec) return send(refusal(ec), false, false, 11);
    const auto& req = parser_->get();
    const auto header = [&req](http::field f) { return std::string(req[f]); };
    Request request{std::string(req.method_string()), std::string(req.target()), header(http::field::accept_encoding),
                    header(http::field::if_none_match), header(http::field::authorization)};
    send(api_.handle(request), req.keep_alive(), req.method() == http::verb::head, req.version());
  }

  void send(Response response, bool keep_alive, bool head, unsigned version) {
    // The body is sent from where it is held (the response cache, or this
    // response's own string), kept alive until the write completes.
    std::shared_ptr<const std::string> body =
        response.shared_body ? std::move(response.shared_body) : std::make_shared<const std::string>(std::move(response.body));
    auto msg = std::make_shared<http::response<http::span_body<const char>>>(static_cast<http::status>(response.status),
                                                                             version);
    msg->set(http::field::server, "tapelab");
    msg->set(http::field::content_type, response.content_type);
    if (!response.etag.empty()) msg->set(http::field::etag, response.etag);
    if (!response.cache_control.empty()) msg->set(http::field::cache_control, response.cache_control);
    if (response.gzipped) msg->set(http::field::content_encoding, "gzip");
    for (const auto& [name, value] : response.headers) msg->set(name, value);
    msg->keep_alive(keep_alive);
    if (!head) msg->body() = boost::span<const char>(body->data(), body->size());
    msg->content_length(body->size());  // a HEAD answer says the length of the body it leaves out
    stream_.expires_after(limits_.write_timeout);
    http::async_write(stream_, *msg, [self = shared_from_this(), msg, body, keep_alive](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      if (!keep_alive) return self->drain_and_close();
      self->read();
    });
  }

  // Closing a socket that still holds unread bytes (the rest of a refused
  // request) makes the kernel reset the connection, which can destroy the
  // answer before the client reads it. So the server stops sending, reads
  // and drops what is left until the client closes or the read timeout.
  void drain_and_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(limits_.read_timeout);
    drain();
  }

  void drain() {
    stream_.async_read_some(net::buffer(drained_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->drain();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Api& api_;
  const Limits& limits_;
  std::array<char, 4096> drained_{};
};

}  // namespace

void start_session(tcp::socket&& socket, Api& api, const Limits& limits) {
  std::make_shared<Session>(std::move(socket), api, limits)->start();
}

}  // namespace tapelab::server
