// The player's assets at "/" (server/static_files.h): index.html revalidated,
// content-hashed assets immutable, nothing but the listed files (no symlink
// out of the folder, no traversal), and the API unchanged beside them.
#include <filesystem>

#include <gtest/gtest.h>

#include "server/api.h"
#include "server/served_data.h"
#include "support/temp_dir.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::server::testing {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    fs::create_directories(web_ / "assets");
    write_file_atomically(web_ / "index.html", "<!doctype html><script src=\"/assets/main-abc123.js\"></script>");
    write_file_atomically(web_ / "assets" / "main-abc123.js", "console.log('player')");
    write_file_atomically(outside_ / "secret.txt", "not for the web");
    fs::create_symlink(outside_ / "secret.txt", web_ / "assets" / "secret.txt");
  }

  Response get(Api& api, const std::string& target) { return api.handle(Request{"GET", target, "", "", ""}); }

  tapelab::testing::TempDir outside_{"tapelab-web-outside"};
  tapelab::testing::TempDir root_{"tapelab-web"};
  fs::path web_ = root_ / "web";
  Catalog catalog_{served_data().dataset, served_data().truth, {served_data().runs}};
};

TEST_F(StaticFilesTest, ServesIndexAtTheRootRevalidatedAndHashedAssetsImmutable) {
  Api api(catalog_, ApiOptions{"", std::size_t{64} << 20, web_});
  const std::string target = "/?date=2025-11-17&u=NIFTY&t=10:00:00";
  const Response index = get(api, target);
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.cache_control, "no-cache");
  EXPECT_EQ(index.text(), read_file(web_ / "index.html"));
  EXPECT_FALSE(index.etag.empty());

  const Response script = get(api, "/assets/main-abc123.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script.cache_control, "public, max-age=31536000, immutable");
  EXPECT_EQ(script.text(), "console.log('player')");

  Request again{"GET", target, "", index.etag, ""};
  EXPECT_EQ(api.handle(again).status, 304);
  EXPECT_EQ(get(api, "/api/days").status, 200) << "the API is still there beside the player";
}

TEST_F(StaticFilesTest, ServesNothingOutsideTheListedFiles) {
  Api api(catalog_, ApiOptions{"", std::size_t{64} << 20, web_});
  EXPECT_EQ(get(api, "/assets/secret.txt").status, 404) << "a symlink out of the folder";
  EXPECT_EQ(get(api, "/assets/missing.js").status, 404);
  EXPECT_EQ(get(api, "/assets/../index.html").status, 400);
  EXPECT_EQ(get(api, "/assets/%2e%2e/index.html").status, 400);
  EXPECT_EQ(get(api, "/assets%2fmain-abc123.js").status, 400);
  EXPECT_EQ(get(api, "//" + (outside_ / "secret.txt").relative_path().string()).status, 400);
  EXPECT_EQ(get(api, "/" + (outside_ / "secret.txt").relative_path().string()).status, 404)
      << "a path of the file system is only a name to look up";
}

TEST_F(StaticFilesTest, WithoutAssetsTheRootIsANotFound) {
  Api api(catalog_, ApiOptions{"", std::size_t{64} << 20, std::nullopt});
  const Response r = get(api, "/");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.text().find("no such endpoint"), std::string::npos) << r.text();
}

TEST_F(StaticFilesTest, AFolderWithoutIndexIsRefusedAtStart) {
  fs::remove(web_ / "index.html");
  const ApiOptions options{"", std::size_t{64} << 20, web_};
  EXPECT_THROW(Api(catalog_, options), tapelab::Error);
}

}  // namespace
}  // namespace tapelab::server::testing
