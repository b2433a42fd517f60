// The request target's decoding and the path checks, on their own.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "server/http_error.h"
#include "server/safe_path.h"
#include "server/target.h"
#include "support/temp_dir.h"

namespace tapelab::server {
namespace {

namespace fs = std::filesystem;

int status_of(std::string_view target) {
  try {
    parse_target(target);
    return 200;
  } catch (const HttpError& e) {
    return e.status();
  }
}

TEST(Target, SplitsAndDecodesOnce) {
  const Target t = parse_target("/api/days/2025-11-17/NIFTY/truth/features?from=10%3A00%3A00&columns=a,b&x=1+2");
  EXPECT_THAT(t.segments, ::testing::ElementsAre("api", "days", "2025-11-17", "NIFTY", "truth", "features"));
  EXPECT_EQ(t.get("from"), "10:00:00");
  EXPECT_EQ(t.get("columns"), "a,b");
  EXPECT_EQ(t.get("x"), "1 2");
  EXPECT_FALSE(t.get("to").has_value());
}

TEST(Target, RefusesTraversalInEveryEncoding) {
  for (const char* hostile : {"/api/../etc/passwd", "/api/%2e%2e/etc", "/api/%2E%2E/etc", "/api/.%2e/etc",
                              "/api/%252e%252e/etc", "/api/..%2fetc", "/api/..%5cetc", "/api/a%5cb", "/api/./x",
                              "/api/%2e/x", "/api/a%00b", "/api//x", "api/days", "", "http://host/api/days",
                              "/api/%zz", "/api/%2", "/api/days?a=%00", "/api/days?a=1&a=2", "/api/days?=1",
                              "/api/days#x"}) {
    EXPECT_EQ(status_of(hostile), 400) << hostile;
  }
  EXPECT_EQ(status_of("/" + std::string(kMaxTargetBytes, 'a')), 414);
}

TEST(Target, LimitsTheNumberOfParameters) {
  std::string target = "/api/days?";
  for (std::size_t i = 0; i <= kMaxQueryParameters; ++i) target += "p" + std::to_string(i) + "=1&";
  EXPECT_EQ(status_of(target), 400);
}

TEST(SafePath, StaysInsideTheFolder) {
  tapelab::testing::TempDir dir("tapelab-safe-path");
  const fs::path root = dir / "root";
  fs::create_directories(root / "a");
  std::ofstream(root / "a" / "file.txt") << "inside";
  std::ofstream(dir / "secret.txt") << "outside";
  fs::create_symlink(dir / "secret.txt", root / "a" / "link.txt");
  fs::create_symlink(dir.path(), root / "escape");
  EXPECT_TRUE(resolve_inside(root, "a/file.txt").has_value());
  EXPECT_FALSE(resolve_inside(root, "a/link.txt").has_value());         // a symlink out of the tree
  EXPECT_FALSE(resolve_inside(root, "escape/secret.txt").has_value());  // a folder symlink out of it
  EXPECT_FALSE(resolve_inside(root, "../secret.txt").has_value());
  EXPECT_FALSE(resolve_inside(root, "a/../../secret.txt").has_value());
  EXPECT_FALSE(resolve_inside(root, (dir / "secret.txt").string()).has_value());  // absolute
  EXPECT_FALSE(resolve_inside(root, "a\\..\\..\\secret.txt").has_value());
  EXPECT_FALSE(resolve_inside(root, "a").has_value());  // a folder, not a file
  EXPECT_FALSE(resolve_inside(root, "a/missing.txt").has_value());
}

}  // namespace
}  // namespace tapelab::server
