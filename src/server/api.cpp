#include "server/api.h"

#include <exception>
#include <optional>
#include <memory>

#include <nlohmann/json.hpp>

#include "server/file_hashes.h"
#include "server/gzip.h"
#include "server/handlers.h"
#include "server/http_error.h"
#include "util/version.h"

namespace tapelab::server {
namespace {

// Part of every ETag, so that a server whose answers are shaped differently
// never matches an ETag a browser kept from an older one.
constexpr std::string_view kApiVersion = "tapelab-serve-1";
constexpr std::size_t kSmallestGzipBody = 1024;

// Compares without stopping at the first difference, so timing does not
// tell a client how much of a guessed token was right.
bool same_secret(std::string_view given, std::string_view expected) {
  if (given.size() != expected.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return diff == 0;
}

// If-None-Match holds the ETag (either encoding's), or "*".
bool matches(std::string_view if_none_match, const std::string& base) {
  if (if_none_match.empty()) return false;
  if (if_none_match.find('*') != std::string_view::npos) return true;
  return if_none_match.find('"' + base + '"') != std::string_view::npos ||
         if_none_match.find('"' + base + ".gz\"") != std::string_view::npos;
}

Route not_an_endpoint() { not_found("no such endpoint; see /api/days and /api/runs"); }

}  // namespace

Response error_response(int status, const std::string& message) {
  Response r;
  r.status = status;
  // The message may quote the request, whose bytes need not be UTF-8: they
  // are replaced, never allowed to throw here (a throw from the error path
  // would escape the handler and stop the server).
  r.body = nlohmann::json{{"error", status}, {"message", message}}.dump(-1, ' ', false,
                                                                           nlohmann::json::error_handler_t::replace);
  r.cache_control = "no-store";
  return r;
}

Api::Api(Catalog& catalog, const ApiOptions& options)
    : catalog_(catalog),
      data_(options.cache_bytes / 4 * 3),
      services_{catalog_, data_},
      token_(options.token),
      responses_(options.cache_bytes / 4) {
  if (options.web) web_.emplace(*options.web);
}

Route Api::route(const Target& t) {
  const auto& seg = t.segments;
  if (web_ && (seg.empty() || seg[0] != "api")) {
    if (std::optional<Route> file = web_->route(t)) return std::move(*file);
  }
  if (seg.size() < 2 || seg[0] != "api") return not_an_endpoint();
  if (seg[1] == "days") {
    if (seg.size() == 2) return days_route(services_, t);
    if (seg.size() < 5) return not_an_endpoint();
    const DayRef day = find_day(catalog_, seg[2], seg[3]);
    if (seg[4] == "truth" && seg.size() == 6) return truth_route(services_, t, day, seg[5]);
    if (seg[4] == "chain" && seg.size() == 5) return chain_route(services_, t, day);
    if (seg[4] == "book" && seg.size() == 5) return book_route(services_, t, day);
    return not_an_endpoint();
  }
  if (seg[1] == "runs") {
    if (seg.size() == 2) return runs_route(services_, t);
    if (seg.size() > 4) return not_an_endpoint();
    const std::optional<RunFolder> run = catalog_.run(seg[2]);
    if (!run) not_found("no run '{}'", seg[2]);
    if (seg.size() == 3) return run_summary_route(services_, t, *run);
    return run_table_route(services_, t, *run, seg[3]);
  }
  return not_an_endpoint();
}

Response Api::answer(const Request& request) {
  const Route found = route(parse_target(request.target));
  const bool gzip = accepts_gzip(request.accept_encoding);
  const std::string base = hash_text(std::string(kApiVersion) + "\n" + kVersion + "\n" + found.data_hash + "\n" +
                                     request.target);
  Response r;
  r.etag = '"' + base + (gzip ? ".gz" : "") + '"';
  r.cache_control = found.immutable ? "public, max-age=31536000, immutable" : "no-cache";
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (matches(request.if_none_match, base)) {
    r.status = 304;
    return r;
  }
  const std::string key = r.etag + "\n" + request.target;
  std::shared_ptr<const CachedBody> cached = responses_.get(key);
  if (!cached) {
    Body body = found.build();
    const bool compress = gzip && body.bytes.size() >= kSmallestGzipBody;
    auto made = std::make_shared<const CachedBody>(
        CachedBody{compress ? gzip_compress(body.bytes) : std::move(body.bytes), body.content_type, compress});
    responses_.put(key, made, made->bytes.size() + key.size());
    cached = std::move(made);
  }
  r.shared_body = std::shared_ptr<const std::string>(cached, &cached->bytes);
  r.content_type = cached->content_type;
  r.gzipped = cached->gzipped;
  return r;
}

Response Api::handle(const Request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = error_response(405, "the API is read-only: only GET and HEAD");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (!token_.empty() && !same_secret(request.authorization, "Bearer " + token_)) {
    Response r = error_response(401, "this server needs 'Authorization: Bearer <token>'");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  try {
    return answer(request);
  } catch (const HttpError& e) {
    return error_response(e.status(), e.what());
  } catch (const Error& e) {
    return error_response(500, e.what());
  } catch (const std::exception& e) {
    return error_response(500, std::string("internal error: ") + e.what());
  }
}

}  // namespace tapelab::server
