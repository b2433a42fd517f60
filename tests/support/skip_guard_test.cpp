// Cases for the skip rule of test_main.cpp, run by skip_guard_check.sh, which
// expects the first to pass as a skip CTest recognises and the others to fail.
#include <stdexcept>

#include <gtest/gtest.h>

#include "support/named_skip.h"

namespace {

TEST(NamedSkip, SkipsForANamedReason) { TAPELAB_SKIP_BECAUSE("example-reason") << "only to show it passes"; }

TEST(UnnamedSkip, SkipsWithoutAName) { GTEST_SKIP() << "a reason without a name"; }

class ThrowingSuiteSetUp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { throw std::runtime_error("the suite's fixture did not start"); }
};

TEST_F(ThrowingSuiteSetUp, NeverRuns) { SUCCEED(); }

}  // namespace
