// Suite-wide setup (a database server, a generated folder) whose failure
// fails every test of the suite. An exception out of SetUpTestSuite only
// marks the tests skipped, and ctest counts skipped tests as passed: a
// broken fixture would look green.
#pragma once

#include <exception>
#include <string>

#include <gtest/gtest.h>

namespace tapelab::testing {

class SuiteStart {
 public:
  // For SetUpTestSuite(): runs `start`, keeping what it threw.
  template <typename Start>
  void run(Start start) {
    try {
      start();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  // For SetUp(): a fatal failure naming `what` when the start failed (the
  // test body is then not run).
  void require(const char* what) const {
    if (!error_.empty()) FAIL() << what << " did not start: " << error_;
  }

 private:
  std::string error_;
};

}  // namespace tapelab::testing
