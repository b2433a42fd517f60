// `tapelab scan ema-crossover`: the CSV is byte-identical whatever the thread
// count, totals go to stdout (stderr when the CSV does), and bad flags or
// data are clear errors with a non-zero exit.
#include <string>

#include <gtest/gtest.h>

#include "support/generated_dataset.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "util/file.h"

namespace tapelab::scan {
namespace {

namespace fs = std::filesystem;
using tapelab::testing::shell_quote;

class ScanCli : public ::testing::Test {
 protected:
  // Runs `tapelab scan ema-crossover ARGS`; keeps stdout and stderr.
  int scan(const std::string& args) {
    const int code = testing::run_tapelab("scan ema-crossover " + args, dir_ / "out.txt", dir_ / "err.txt");
    out_ = read_file(dir_ / "out.txt");
    err_ = read_file(dir_ / "err.txt");
    return code;
  }
  static std::string data() { return "--data " + shell_quote(testing::generated_dataset().string()); }
  std::string csv_flag(const std::string& name) const { return "--out " + shell_quote((dir_ / name).string()); }
  std::string csv(const std::string& name) const { return read_file(dir_ / name); }

  tapelab::testing::TempDir dir_{"tapelab-scan-cli"};
  std::string out_, err_;
};

TEST_F(ScanCli, TheCsvDoesNotDependOnThreadsAndTotalsGoToStdout) {
  ASSERT_EQ(scan(data() + " --threads 1 " + csv_flag("one.csv")), 0) << err_;
  EXPECT_NE(out_.find("ema-crossover: 4 day files"), std::string::npos) << out_;
  EXPECT_NE(out_.find("rows/s per thread, 1 threads"), std::string::npos) << out_;
  ASSERT_EQ(scan(data() + " --threads 3 " + csv_flag("three.csv")), 0) << err_;
  const std::string one = csv("one.csv");
  EXPECT_EQ(one, csv("three.csv"));
  EXPECT_EQ(one.substr(0, one.find('\n')), "date,underlying,expiry,type,strike,rows,trades,pnl");
  EXPECT_NE(one.find("\n2025-11-17,BANKNIFTY,"), std::string::npos);

  // Without --out the CSV alone goes to stdout, the totals to stderr.
  ASSERT_EQ(scan(data()), 0) << err_;
  EXPECT_EQ(out_, one);
  EXPECT_NE(err_.find("ema-crossover: 4 day files"), std::string::npos) << err_;
}

TEST_F(ScanCli, SelectsDaysAndUnderlyings) {
  ASSERT_EQ(scan(data() + " --from 2025-11-18 --to 2025-11-18 --underlying nifty " + csv_flag("day.csv")), 0)
      << err_;
  EXPECT_NE(out_.find("ema-crossover: 1 day files"), std::string::npos) << out_;
  const std::string day = csv("day.csv");
  std::size_t lines = 0;
  for (std::size_t at = day.find('\n'); at + 1 < day.size(); at = day.find('\n', at + 1)) {
    ++lines;
    EXPECT_EQ(day.compare(at + 1, 17, "2025-11-18,NIFTY,"), 0) << day.substr(at + 1, 40);
  }
  EXPECT_GT(lines, 10u);
}

TEST_F(ScanCli, BadInputIsAClearError) {
  EXPECT_EQ(scan("--data " + shell_quote((dir_ / "missing").string())), 1);
  EXPECT_NE(err_.find("not a tapelab dataset"), std::string::npos) << err_;
  EXPECT_EQ(scan(data() + " --from 2025-13-01"), 1);
  EXPECT_NE(err_.find("--from '2025-13-01' is not a date"), std::string::npos) << err_;
  EXPECT_EQ(scan(data() + " --to yesterday"), 1);
  EXPECT_NE(err_.find("--to 'yesterday' is not a date"), std::string::npos) << err_;
  EXPECT_EQ(scan(data() + " --from 2025-11-18 --to 2025-11-17"), 1);
  EXPECT_NE(err_.find("is after --to"), std::string::npos) << err_;
  EXPECT_EQ(scan(data() + " --underlying NIFTY,FINNIFTYX"), 1);
  EXPECT_NE(err_.find("unknown underlying 'FINNIFTYX'"), std::string::npos) << err_;
  EXPECT_EQ(scan(data() + " --from 2024-01-01 --to 2024-01-31"), 1);
  EXPECT_NE(err_.find("no option days match"), std::string::npos) << err_;
  EXPECT_EQ(scan(data() + " --threads -2"), 1);
  EXPECT_NE(err_.find("--threads"), std::string::npos) << err_;
  EXPECT_NE(scan("--from 2025-11-17"), 0);  // --data is required
  EXPECT_NE(err_.find("--data"), std::string::npos) << err_;
  EXPECT_TRUE(out_.empty()) << out_;
}

}  // namespace
}  // namespace tapelab::scan
