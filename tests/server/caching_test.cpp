// ETags, 304s, Cache-Control, gzip, and that a rerun or a truth rebuild is
// never served stale (docs/server.md#caching).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/gzip.h"
#include "server/http_client.h"
#include "server/served_data.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "util/file.h"

namespace tapelab::server::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tapelab::testing::shell_quote;

const std::string kFeatures = "/api/days/2025-11-17/NIFTY/truth/features?from=09:15:00&to=09:20:00";

TEST(ServeCaching, EtagAnd304) {
  const Reply first = request(shared_port(), kFeatures);
  ASSERT_EQ(first.status, 200);
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(first.header("cache-control"), "no-cache");
  const Reply again = request(shared_port(), kFeatures, {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), etag);
  const Reply other = request(shared_port(), kFeatures, {{"If-None-Match", "\"something-else\""}});
  EXPECT_EQ(other.status, 200);
  // Another window of the same file is another response with its own ETag.
  EXPECT_NE(request(shared_port(), kFeatures + "&columns=time").header("etag"), etag);
}

TEST(ServeCaching, ContentHashedUrlsAreImmutable) {
  const json days = json::parse(request(shared_port(), "/api/days").body)["days"];
  const std::string hash = days[0]["truth"]["features"]["hash"];
  const std::string target = "/api/days/" + days[0]["date"].get<std::string>() + "/" +
                             days[0]["underlying"].get<std::string>() + "/truth/features?v=" + hash;
  const Reply r = request(shared_port(), target);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("cache-control"), "public, max-age=31536000, immutable");
}

TEST(ServeCaching, GzipWhenAccepted) {
  const Reply plain = request(shared_port(), kFeatures);
  const Reply gz = request(shared_port(), kFeatures, {{"Accept-Encoding", "br, gzip;q=0.8"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_EQ(gz.header("vary"), "Accept-Encoding");
  EXPECT_NE(gz.header("etag"), plain.header("etag"));
  EXPECT_LT(gz.body.size(), plain.body.size());
  EXPECT_EQ(gzip_decompress(gz.body), plain.body);
  EXPECT_TRUE(plain.header("content-encoding").empty());
  EXPECT_TRUE(request(shared_port(), kFeatures, {{"Accept-Encoding", "gzip;q=0"}}).header("content-encoding").empty());
}

TEST(ServeCaching, ARerunIsNeverServedStale) {
  const ServedData& d = served_data();
  tapelab::testing::TempDir dir("tapelab-serve-rerun");
  const fs::path run = dir / "runs" / "mine";
  fs::create_directories(run.parent_path());
  fs::copy(d.run, run);
  TestServer server(d.dataset, std::nullopt, {run.parent_path()});
  const std::string target = "/api/runs/mine/trades?format=json";
  const Reply before = request(server.port(), target);
  ASSERT_EQ(before.status, 200) << before.body;

  tapelab_ok("backtest --preset S3 --data " + shell_quote(d.dataset.string()) + " --out " + shell_quote(run.string()));
  const Reply after = request(server.port(), target, {{"If-None-Match", before.header("etag")}});
  ASSERT_EQ(after.status, 200) << "a rerun's trades answered 304 with the old ETag";
  EXPECT_NE(after.header("etag"), before.header("etag"));
  EXPECT_NE(after.body, before.body);
  const json trades = json::parse(after.body);
  EXPECT_EQ(trades["columns"]["strategy"][0], "S3");
}

TEST(ServeCaching, ATruthRebuildIsNeverServedStale) {
  const ServedData& d = served_data();
  tapelab::testing::TempDir dir("tapelab-serve-rebuild");
  const fs::path truth = dir / "truth";
  tapelab_ok("truth build --data " + shell_quote(d.dataset.string()) + " --out " + shell_quote(truth.string()) +
             " --underlying NIFTY");
  TestServer server(d.dataset, truth, {});
  const std::string banknifty = "/api/days/2025-11-17/BANKNIFTY/truth/features?to=09:16:00";
  EXPECT_EQ(request(server.port(), banknifty).status, 404);
  const Reply days_before = request(server.port(), "/api/days");

  tapelab_ok("truth build --data " + shell_quote(d.dataset.string()) + " --out " + shell_quote(truth.string()));
  const Reply days_after = request(server.port(), "/api/days", {{"If-None-Match", days_before.header("etag")}});
  ASSERT_EQ(days_after.status, 200);
  EXPECT_NE(days_after.header("etag"), days_before.header("etag"));
  const Reply features = request(server.port(), banknifty);
  EXPECT_EQ(features.status, 200) << features.body;
}

}  // namespace
}  // namespace tapelab::server::testing
