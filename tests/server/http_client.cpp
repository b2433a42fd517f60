#include "server/http_client.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace tapelab::server::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

Reply request(std::uint16_t port, const std::string& target, const std::map<std::string, std::string>& headers,
              const std::string& method) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  http::request<http::empty_body> req(http::string_to_verb(method), target, 11);
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.set(name, value);
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1ULL << 30);
  parser.skip(method == "HEAD");
  http::read(stream, buffer, parser);
  const auto& res = parser.get();
  Reply reply;
  reply.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    reply.headers[name] = std::string(field.value());
  }
  reply.body = res.body();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return reply;
}

RawReply send_raw(std::uint16_t port, const std::string& bytes, int wait_ms) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  net::write(stream.socket(), net::buffer(bytes));
  RawReply out;
  std::string chunk(4096, '\0');
  stream.expires_after(std::chrono::milliseconds(wait_ms));
  for (;;) {
    beast::error_code ec;
    const std::size_t n = stream.read_some(net::buffer(chunk), ec);
    out.bytes.append(chunk.data(), n);
    if (ec == net::error::eof || ec == net::error::connection_reset) {
      out.closed = true;
      break;
    }
    if (ec) break;  // the wait ran out with the connection still open
  }
  return out;
}

}  // namespace tapelab::server::testing
