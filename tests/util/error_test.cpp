#include "util/error.h"

#include <gtest/gtest.h>

namespace tapelab {
namespace {

TEST(Error, FailFormatsTheMessage) {
  try {
    fail("{}: bad value at offset {}", "file.sql", 42);
    FAIL() << "fail() returned";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "file.sql: bad value at offset 42");
  }
}

}  // namespace
}  // namespace tapelab
