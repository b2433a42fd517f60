// Hostile requests: nothing outside the configured folders can be read
// (traversal in every encoding, backslashes, symlinks, absolute paths), the
// limits hold, only GET and HEAD, the token, and after every one of them the
// server goes on serving (docs/server.md#safety).
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/http_client.h"
#include "server/served_data.h"
#include "support/temp_dir.h"
#include "util/file.h"

namespace tapelab::server::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

void still_serves(std::uint16_t port) {
  const Reply r = request(port, "/api/days");
  ASSERT_EQ(r.status, 200) << "the server stopped serving";
}

TEST(ServeSafety, TraversalInEveryEncodingIsRefused) {
  const std::uint16_t port = shared_port();
  for (const char* target :
       {"/api/days/../../../../etc/passwd", "/api/days/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/api/days/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/api/days/%252e%252e/%252e%252e/etc/passwd",
        "/api/days/..%5c..%5c..%5cetc%5cpasswd", "/api/days/2025-11-17/NIFTY/truth/..%2f..%2fmanifest.json",
        "/api/days/2025-11-17/NIFTY/truth/%2fetc%2fpasswd", "/api/runs/..", "/api/runs/%2e%2e/%2e%2e/etc",
        "/api/runs/s1/..%2Fsummary", "/api/runs/%2Fetc%2Fpasswd", "//etc/passwd", "/etc/passwd",
        "/api/days/2025-11-17/..%00/chain?at=10:00:00"}) {
    const Reply r = request(port, target);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " -> " << r.status;
    EXPECT_THAT(r.body, Not(HasSubstr("root:"))) << target;
    EXPECT_EQ(json::parse(r.body)["error"], r.status) << target;
    still_serves(port);
  }
  // A query value is a filter compared with the file's fields, never a path.
  const Reply filtered = request(port, "/api/runs/s1/trades?date=..%2F..%2Fetc&format=json");
  EXPECT_EQ(filtered.status, 200);
  EXPECT_EQ(json::parse(filtered.body)["rows"], 0);
}

TEST(ServeSafety, AbsoluteFormAndGarbageRequestsAreRefused) {
  const std::uint16_t port = shared_port();
  for (const std::string& raw : {std::string("GET http://example.com/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                                std::string("GET /api/days HTTP/9.9\r\n\r\n"),
                                std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 binary", 18),
                                std::string("GET /api/days\\..\\..\\etc\\passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")}) {
    const RawReply r = send_raw(port, raw);
    EXPECT_THAT(r.bytes, ::testing::StartsWith("HTTP/1.1 4")) << raw;
    EXPECT_THAT(r.bytes, Not(HasSubstr("root:")));
    still_serves(port);
  }
}

// Found by server_request_fuzz: an error message quoting a request byte that
// is not UTF-8 made the JSON writer throw from the error path.
TEST(ServeSafety, BytesThatAreNotUtf8AreAnsweredAndTheServerGoesOn) {
  const std::uint16_t port = shared_port();
  for (const std::string& raw :
       {std::string("GET /api/runs/s1/tra\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        std::string("GET /api/days/2025-11-17/NIFTY/truth/features?columns=\xc3\x28 HTTP/1.1\r\nHost: x\r\n"
                    "Connection: close\r\n\r\n")}) {
    const RawReply r = send_raw(port, raw);
    EXPECT_THAT(r.bytes, ::testing::StartsWith("HTTP/1.1 4")) << raw;
    still_serves(port);
  }
}

// A truth folder whose manifest points outside it, by "..", by an absolute
// path, and through a symlink: none of them is read.
TEST(ServeSafety, ManifestPathsAndSymlinksOutOfTheTreeAreNotFollowed) {
  const ServedData& d = served_data();
  tapelab::testing::TempDir dir("tapelab-serve-symlink");
  const fs::path truth = dir / "truth";
  fs::copy(d.truth, truth, fs::copy_options::recursive);
  std::ofstream(dir / "secret.parquet") << "root:x:0:0";
  json manifest = json::parse(read_file(truth / "manifest.json"));
  for (json& day : manifest["days"]) {
    for (json& f : day["files"]) {
      if (f["table"] != "features") continue;
      const std::string underlying = day["underlying"];
      if (underlying == "NIFTY" && day["date"] == "2025-11-17") f["path"] = "../secret.parquet";
      if (underlying == "NIFTY" && day["date"] == "2025-11-18") f["path"] = (dir / "secret.parquet").string();
      if (underlying == "BANKNIFTY" && day["date"] == "2025-11-17") {
        fs::remove(truth / f["path"].get<std::string>());
        fs::create_symlink(dir / "secret.parquet", truth / f["path"].get<std::string>());
      }
    }
  }
  std::ofstream(truth / "manifest.json") << manifest.dump(2);
  TestServer server(d.dataset, truth, {});
  for (const char* target : {"/api/days/2025-11-17/NIFTY/truth/features", "/api/days/2025-11-18/NIFTY/truth/features",
                             "/api/days/2025-11-17/BANKNIFTY/truth/features"}) {
    const Reply r = request(server.port(), target);
    EXPECT_EQ(r.status, 404) << target << ": " << r.body;
    EXPECT_THAT(r.body, Not(HasSubstr("root:")));
  }
  EXPECT_EQ(request(server.port(), "/api/days/2025-11-18/BANKNIFTY/truth/features").status, 200);
}

TEST(ServeSafety, ARunFolderSymlinkedFromOutsideIsNotListed) {
  const ServedData& d = served_data();
  tapelab::testing::TempDir dir("tapelab-serve-runlink");
  fs::create_directories(dir / "runs");
  fs::create_directory_symlink(d.run, dir / "runs" / "linked");
  TestServer server(d.dataset, std::nullopt, {dir / "runs"});
  EXPECT_EQ(json::parse(request(server.port(), "/api/runs").body)["runs"], json::array());
  EXPECT_EQ(request(server.port(), "/api/runs/linked").status, 404);
}

TEST(ServeSafety, OnlyGetAndHead) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    const Reply r = request(shared_port(), "/api/days", {}, method);
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.header("allow"), "GET, HEAD");
    still_serves(shared_port());
  }
}

TEST(ServeSafety, LimitsOnTargetHeadersAndBody) {
  const std::uint16_t port = shared_port();
  EXPECT_EQ(request(port, "/api/days?x=" + std::string(5000, 'a')).status, 414);
  still_serves(port);
  const RawReply headers = send_raw(port, "GET /api/days HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') +
                                              "\r\n\r\n");
  EXPECT_THAT(headers.bytes, ::testing::StartsWith("HTTP/1.1 431"));
  EXPECT_TRUE(headers.closed);
  still_serves(port);
  const RawReply body = send_raw(port, "GET /api/days HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" +
                                           std::string(100000, 'b'));
  EXPECT_THAT(body.bytes, ::testing::StartsWith("HTTP/1.1 413"));
  still_serves(port);
}

TEST(ServeSafety, ASlowClientIsCutOff) {
  const ServedData& d = served_data();
  Limits limits;
  limits.read_timeout = std::chrono::milliseconds(300);
  TestServer server(d.dataset, std::nullopt, {}, "", limits);
  // Half a request, then nothing: the server closes the connection on its own.
  const RawReply r = send_raw(server.port(), "GET /api/days HTTP/1.1\r\nHost:", 10'000);
  EXPECT_TRUE(r.closed);
  EXPECT_TRUE(r.bytes.empty());
  still_serves(server.port());
}

TEST(ServeSafety, TheTokenIsRequiredOnEveryRequest) {
  const ServedData& d = served_data();
  TestServer server(d.dataset, d.truth, {}, "s3cret");
  EXPECT_EQ(request(server.port(), "/api/days").status, 401);
  EXPECT_EQ(request(server.port(), "/api/days", {{"Authorization", "Bearer wrong!"}}).status, 401);
  EXPECT_EQ(request(server.port(), "/api/days", {{"Authorization", "s3cret"}}).status, 401);
  const Reply denied = request(server.port(), "/api/days/2025-11-17/NIFTY/truth/features");
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.header("www-authenticate"), "Bearer");
  EXPECT_EQ(request(server.port(), "/api/days", {{"Authorization", "Bearer s3cret"}}).status, 200);
}

}  // namespace
}  // namespace tapelab::server::testing
