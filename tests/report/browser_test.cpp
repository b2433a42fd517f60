// report.html as its reader sees it, in Debian's Chromium driven by
// playwright-core (tools/browser/check_report.mjs): a one-day backtest of
// every preset on the generated dataset fits a 1400 x 900 window (the wide
// summary table scrolls inside its own box) and draws its intraday path.
// The screenshots stay in the build folder's test-artifacts/report/.
#include <filesystem>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "support/command.h"
#include "support/generated_dataset.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "util/file.h"

namespace tapelab::report {
namespace {

namespace fs = std::filesystem;
using tapelab::testing::CommandResult;
using tapelab::testing::TempDir;
using tapelab::testing::shell_quote;

// "S1,S2,...": every preset `tapelab strategies` lists.
std::string every_preset() {
  const CommandResult listed = tapelab::testing::run_command({TAPELAB_BINARY, "strategies"});
  EXPECT_EQ(listed.status, 0) << listed.err;
  std::istringstream lines(listed.out);
  std::string line;
  std::string names;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    names += (names.empty() ? "" : ",") + line.substr(0, line.find(' '));
  }
  return names;
}

TEST(ReportInBrowser, AOneDayRunOfEveryPresetFitsA1400PxWindowAndDrawsItsIntradayPath) {
  TempDir dir("tapelab-report-browser");
  const fs::path run = dir / "run";
  const fs::path log = dir / "log.txt";
  const int status = tapelab::testing::run_tapelab(
      "backtest --preset " + every_preset() + " --data " + shell_quote(tapelab::testing::generated_dataset().string()) +
          " --from 2025-11-17 --to 2025-11-17 --underlying NIFTY --out " + shell_quote(run.string()),
      dir / "out.txt", log);
  ASSERT_EQ(status, 0) << read_file(log);

  const fs::path artifacts = fs::path(TAPELAB_TEST_ARTIFACTS) / "report";
  fs::create_directories(artifacts);
  fs::remove(artifacts / "report_1400x900.png");
  const CommandResult check = tapelab::testing::run_command(
      {"/usr/bin/env", "node", TAPELAB_SOURCE_DIR "/tools/browser/check_report.mjs", (run / "report.html").string(),
       artifacts.string(), "1400", "900"});
  EXPECT_EQ(check.status, 0) << check.out << check.err
                             << "(node and tools/browser/node_modules come from scripts/setup.sh)";
  EXPECT_TRUE(fs::exists(artifacts / "report_1400x900.png")) << check.err;
}

}  // namespace
}  // namespace tapelab::report
