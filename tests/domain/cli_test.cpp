// Runs the built `tapelab` binary: the calendar and contract commands as a
// user types them.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

const std::string kFixture = TAPELAB_SOURCE_DIR "/tests/fixtures/expiry_calendar.csv";

struct Result {
  int status;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tapelab-domain-cli-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result run(const std::string& args) {
    fs::path out = dir_ / "out", err = dir_ / "err";
    std::string command =
        "'" + std::string(TAPELAB_BINARY) + "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
    int raw = std::system(command.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
  }

  fs::path dir_;
};

TEST_F(CliTest, ContractDecodesNames) {
  Result r = run("contract BANKNIFTY25DEC58300CE nifty2520623950ce banknifty21n0436300ce");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "BANKNIFTY25DEC58300CE  BANKNIFTY  2025-12-30  monthly   58300  CE\n"
            "nifty2520623950ce      NIFTY      2025-02-06  weekly    23950  CE\n"
            "banknifty21n0436300ce  BANKNIFTY  2021-11-03  weekly    36300  CE\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, ContractFailureExitsOneWithReason) {
  Result r = run("contract NIFTY25N1825900CE NIFTY25DEC0CE");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "NIFTY25N1825900CE  NIFTY      2025-11-18  weekly    25900  CE\n"
            "NIFTY25DEC0CE      error: strike is zero\n");
  EXPECT_EQ(r.err, "tapelab: error: 1 of 2 contract names could not be decoded\n");
}

TEST_F(CliTest, ContractJsonWithUserCalendar) {
  Result r = run("contract --json --calendar '" + kFixture + "' nifty2362918000pe bogus");
  EXPECT_EQ(r.status, 1);
  auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["underlying"], "NIFTY");
  EXPECT_EQ(json[0]["expiry"], "2023-06-29");  // the fixture's (wrong) date wins: it is the user's calendar
  EXPECT_EQ(json[0]["scheduled_expiry"], "2023-06-29");
  EXPECT_EQ(json[0]["kind"], "weekly");
  EXPECT_EQ(json[0]["strike"], 18000);
  EXPECT_EQ(json[0]["type"], "PE");
  EXPECT_EQ(json[0]["lot_size"], 50);
  EXPECT_EQ(json[1]["ok"], false);
  EXPECT_EQ(json[1]["error"], "does not start with a known underlying");
}

TEST_F(CliTest, CalendarListsExpiries) {
  Result r = run("calendar --underlying nifty --from 2025-08-28 --to 2025-09-02");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "underlying  kind     month    scheduled   final       shifted\n"
            "NIFTY       weekly   2025-08  2025-08-28  2025-08-28  no\n"
            "NIFTY       monthly  2025-08  2025-08-28  2025-08-28  no\n"
            "NIFTY       weekly   2025-09  2025-09-02  2025-09-02  no\n");
  Result json = run("calendar --json --from 2025-10-20 --to 2025-10-20");
  EXPECT_EQ(json.status, 0) << json.err;
  auto list = nlohmann::json::parse(json.out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["underlying"], "NIFTY");
  EXPECT_EQ(list[0]["scheduled"], "2025-10-21");
  EXPECT_EQ(list[0]["final"], "2025-10-20");
  EXPECT_EQ(list[0]["shifted"], true);
}

TEST_F(CliTest, CalendarCompareListsTheFixtureErrors) {
  Result r = run("calendar compare '" + kFixture + "'");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("BANKNIFTY monthly 2025-01: csv scheduled 2025-01-29 final 2025-01-29; "
                       "rules scheduled 2025-01-30 final 2025-01-30\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\n12 disagreements between " + kFixture +
                       " and the built-in rules from 2019-01-03 to 2025-12-30\n"),
            std::string::npos)
      << r.out;
  Result json = run("calendar compare --json --from 2023-01-01 --to 2023-12-31 '" + kFixture + "'");
  EXPECT_EQ(json.status, 0) << json.err;
  auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["count"], 4);
  EXPECT_EQ(parsed["disagreements"][0]["csv_final"], "2023-06-29");
  EXPECT_EQ(parsed["disagreements"][0]["rules_final"], "2023-06-28");
}

TEST_F(CliTest, BadInputGivesClearErrors) {
  Result flag = run("calendar --bogus");
  EXPECT_NE(flag.status, 0);
  EXPECT_NE(flag.err.find("--bogus"), std::string::npos) << flag.err;
  Result contract_flag = run("contract --nope NIFTY25DEC25000CE");
  EXPECT_NE(contract_flag.status, 0);
  EXPECT_NE(contract_flag.err.find("--nope"), std::string::npos) << contract_flag.err;
  Result date = run("calendar --from 2025-13-01");
  EXPECT_EQ(date.status, 1);
  EXPECT_EQ(date.err, "tapelab: error: --from '2025-13-01' is not a YYYY-MM-DD date\n");
  Result underlying = run("calendar --underlying NOPE");
  EXPECT_EQ(underlying.status, 1);
  EXPECT_EQ(underlying.err, "tapelab: error: --underlying: unknown underlying 'NOPE'\n");
  fs::path bad = dir_ / "bad.csv";
  std::ofstream(bad) << "underlying,expiry,kind\nNIFTY,2025-11-25,fortnightly\n";
  Result csv = run("calendar compare '" + bad.string() + "'");
  EXPECT_EQ(csv.status, 1);
  EXPECT_EQ(csv.err, "tapelab: error: " + bad.string() + ":2: expiry kind must be weekly or monthly, not 'fortnightly'\n");
  Result missing = run("calendar compare /nonexistent.csv");
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("/nonexistent.csv"), std::string::npos) << missing.err;
}

}  // namespace
