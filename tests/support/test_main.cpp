// main() of every test binary: GoogleTest's, plus the rule that a test may
// skip only for a named reason (support/named_skip.h). GoogleTest reports a
// skip as a success and turns an exception out of SetUpTestSuite into skips,
// and CTest counts any output with "[  SKIPPED ]" as a skip (gtest_discover_tests
// sets that SKIP_REGULAR_EXPRESSION), which `make test` passes. Here a skip
// without a name is printed as a failure, never as "[  SKIPPED ]", and makes
// the binary exit non-zero, so CTest fails it.
#include <cstdio>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "support/named_skip.h"

namespace {

// The message a skipped test was skipped with ("" for the skips that stand
// for a failed SetUpTestSuite).
std::string skip_message(const ::testing::TestResult& result) {
  for (int i = 0; i < result.total_part_count(); ++i) {
    const ::testing::TestPartResult& part = result.GetTestPartResult(i);
    if (part.skipped()) return part.message();
  }
  return "";
}

// "<marker> <name>: ...", the name lowercase words joined by single '-'.
bool names_its_reason(const std::string& message) {
  const std::string prefix = TAPELAB_NAMED_SKIP_MARKER " ";
  if (message.rfind(prefix, 0) != 0) return false;
  const std::size_t end = message.find(": ", prefix.size());
  if (end == std::string::npos || end == prefix.size()) return false;
  const std::string name = message.substr(prefix.size(), end - prefix.size());
  if (name.front() == '-' || name.back() == '-' || name.find("--") != std::string::npos) return false;
  return name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

bool unnamed_skip(const ::testing::TestInfo& test) {
  return test.should_run() && test.result()->Skipped() && !names_its_reason(skip_message(*test.result()));
}

// What the suite's own setup reported (the failure that made GoogleTest skip its tests).
std::string suite_failures(const ::testing::TestSuite& suite) {
  std::string text;
  const ::testing::TestResult& result = suite.ad_hoc_test_result();
  for (int i = 0; i < result.total_part_count(); ++i) {
    if (result.GetTestPartResult(i).failed()) text += std::string("\n  ") + result.GetTestPartResult(i).message();
  }
  return text;
}

int count_unnamed_skips(const ::testing::UnitTest& unit) {
  int unnamed = 0;
  for (int s = 0; s < unit.total_test_suite_count(); ++s) {
    const ::testing::TestSuite& suite = *unit.GetTestSuite(s);
    for (int t = 0; t < suite.total_test_count(); ++t) unnamed += unnamed_skip(*suite.GetTestInfo(t));
  }
  return unnamed;
}

// GoogleTest's own printer, except that an unnamed skip is reported as a
// failure, in its line and in the summary.
class SkipRulePrinter : public ::testing::TestEventListener {
 public:
  explicit SkipRulePrinter(::testing::TestEventListener* printer) : printer_(printer) {}
  void OnTestProgramStart(const ::testing::UnitTest& u) override { printer_->OnTestProgramStart(u); }
  void OnTestIterationStart(const ::testing::UnitTest& u, int i) override { printer_->OnTestIterationStart(u, i); }
  void OnEnvironmentsSetUpStart(const ::testing::UnitTest& u) override { printer_->OnEnvironmentsSetUpStart(u); }
  void OnEnvironmentsSetUpEnd(const ::testing::UnitTest& u) override { printer_->OnEnvironmentsSetUpEnd(u); }
  void OnTestSuiteStart(const ::testing::TestSuite& s) override { printer_->OnTestSuiteStart(s); }
  void OnTestCaseStart(const ::testing::TestCase& s) override { printer_->OnTestCaseStart(s); }
  void OnTestStart(const ::testing::TestInfo& t) override { printer_->OnTestStart(t); }
  void OnTestPartResult(const ::testing::TestPartResult& r) override { printer_->OnTestPartResult(r); }
  void OnTestEnd(const ::testing::TestInfo& test) override {
    if (!unnamed_skip(test)) return printer_->OnTestEnd(test);
    const ::testing::TestSuite& suite = *::testing::UnitTest::GetInstance()->current_test_suite();
    std::printf("[  FAILED  ] %s.%s was skipped without a named reason (TAPELAB_SKIP_BECAUSE); skip message: \"%s\"%s%s\n",
                test.test_suite_name(), test.name(), skip_message(*test.result()).c_str(),
                suite.ad_hoc_test_result().Failed() ? "; the suite's setup failed:" : "",
                suite_failures(suite).c_str());
    std::fflush(stdout);
  }
  void OnTestSuiteEnd(const ::testing::TestSuite& s) override { printer_->OnTestSuiteEnd(s); }
  void OnTestCaseEnd(const ::testing::TestCase& s) override { printer_->OnTestCaseEnd(s); }
  void OnEnvironmentsTearDownStart(const ::testing::UnitTest& u) override { printer_->OnEnvironmentsTearDownStart(u); }
  void OnEnvironmentsTearDownEnd(const ::testing::UnitTest& u) override { printer_->OnEnvironmentsTearDownEnd(u); }
  void OnTestIterationEnd(const ::testing::UnitTest& unit, int i) override {
    const int unnamed = count_unnamed_skips(unit);
    if (unnamed == 0) return printer_->OnTestIterationEnd(unit, i);
    std::printf("[==========] %d tests ran.\n[  FAILED  ] %d tests were skipped without a named reason.\n",
                unit.test_to_run_count(), unnamed);
    std::fflush(stdout);
  }
  void OnTestProgramEnd(const ::testing::UnitTest& u) override { printer_->OnTestProgramEnd(u); }

 private:
  std::unique_ptr<::testing::TestEventListener> printer_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::TestEventListeners& listeners = ::testing::UnitTest::GetInstance()->listeners();
  if (::testing::TestEventListener* printer = listeners.Release(listeners.default_result_printer())) {
    listeners.Append(new SkipRulePrinter(printer));
  }
  const int status = RUN_ALL_TESTS();
  const int unnamed = count_unnamed_skips(*::testing::UnitTest::GetInstance());
  return status != 0 ? status : (unnamed > 0 ? 1 : 0);
}
