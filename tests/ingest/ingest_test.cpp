// End to end: dumps -> `ingest()` / the CLI -> dataset, checked against what
// went in (hand-made dumps with known rows, generated folders with their
// gen-summary.json), for REPLACE semantics, schema drift, row accounting,
// determinism and bad input.
#include <algorithm>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dataset/manifest.h"
#include "helpers.h"
#include "support/suite_start.h"
#include "ingest/ingest.h"
#include "util/error.h"

namespace tapelab::ingest {
namespace {

namespace fs = std::filesystem;
using testing::CliResult;
using testing::Row;
using testing::TempDir;
using testing::read_bytes;
using testing::read_dataset;
using testing::run_cli;
using testing::write_text;
using ::testing::HasSubstr;

const char* kCreate =
    "CREATE TABLE `{}` (\n  `timestamp` datetime NOT NULL,\n  `price` decimal(12,2),\n  `qty` int,\n"
    "  `volume` bigint,\n  `lastTradeTime` datetime,\n  `bp0` decimal(12,2),\n  `sp0` decimal(12,2),\n"
    "  PRIMARY KEY (`timestamp`)\n) ENGINE=InnoDB;\n";

std::string table(const std::string& name, const std::string& rows, const std::string& verb = "REPLACE") {
  std::string create = kCreate;
  create.replace(create.find("{}"), 2, name);
  return "DROP TABLE IF EXISTS `" + name + "`;\n" + create + "LOCK TABLES `" + name + "` WRITE;\n" + verb +
         " INTO `" + name + "` VALUES " + rows + ";\nUNLOCK TABLES;\n";
}

IngestOptions options_for(const fs::path& dataset, std::vector<fs::path> inputs) {
  IngestOptions o;
  o.dataset = dataset;
  o.inputs = std::move(inputs);
  o.jobs = 2;
  return o;
}

TEST(Ingest, LaterRecordingWinsAndOnlyTheSourceDiffers) {
  TempDir dir;
  fs::create_directories(dir / "aug 1 to aug 20");
  fs::create_directories(dir / "aug 14 to sep 10");
  const std::string c = "NIFTY25AUG24000CE";
  // Folder one ends on Aug 18; folder two on Aug 19, so it wins the shared second.
  write_text(dir / "aug 1 to aug 20/das_niftyopt_mod.sql",
             table(c, "('2025-08-18 10:00:00',100.05,75,750,'2025-08-18 09:59:58',100.00,100.10),"
                      "('2025-08-18 10:00:01',100.10,75,825,'0000-00-00 00:00:00',100.05,100.15),"
                      "('1970-01-01 00:00:07',0,0,0,NULL,0,0)"));
  write_text(dir / "aug 14 to sep 10/das_niftyopt_mod.sql",
             table(c, "('2025-08-18 10:00:01',100.20,75,825,NULL,100.05,100.15),"
                      "('2025-08-18 10:00:00',100.05,75,750,'2025-08-18 09:59:58',100.00,100.10),"
                      "('2025-08-19 09:15:00',90.00,150,150,NULL,89.95,90.05)",
                   "INSERT"));
  const auto result = ingest(options_for(dir / "ds", {dir / "aug 14 to sep 10", dir / "aug 1 to aug 20"}));
  const auto t = result.audit.totals();
  EXPECT_EQ(t.rows_read, 6);
  EXPECT_EQ(t.rows_1970, 1);
  EXPECT_EQ(t.rows_added, 5);
  EXPECT_EQ(t.duplicates_replaced, 1);
  EXPECT_EQ(t.exact_duplicates, 1);
  EXPECT_EQ(t.rows_written, 3);

  const auto rows = read_dataset(dir / "ds");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].partition, "options/2025-08-18/NIFTY");
  EXPECT_EQ(rows[1].price, 100.20);  // the later recording's row
  EXPECT_EQ(rows[1].source, "aug 14 to sep 10/das_niftyopt_mod.sql");
  EXPECT_EQ(rows[2].partition, "options/2025-08-19/NIFTY");
  // The audit is in the dataset, text and JSON.
  const auto report = testing::read_json(audit_dir(dir / "ds") / (result.audit.run_id + ".json"));
  EXPECT_EQ(report["totals"]["dropped"]["rows_1970"], 1);
  EXPECT_TRUE(fs::exists(audit_dir(dir / "ds") / (result.audit.run_id + ".txt")));
}

TEST(Ingest, PartitionSourcesListOnlySourcesThatKeepRows) {
  TempDir dir;
  fs::create_directories(dir / "early");
  fs::create_directories(dir / "late");
  const std::string c = "NIFTY25AUG24000CE";
  // Every row of the early recording is recorded again by the later one.
  write_text(dir / "early/das_niftyopt_mod.sql",
             table(c, "('2025-08-18 10:00:00',100.05,75,750,NULL,100.00,100.10),"
                      "('2025-08-18 10:00:01',100.10,75,825,NULL,100.05,100.15)"));
  write_text(dir / "late/das_niftyopt_mod.sql",
             table(c, "('2025-08-18 10:00:00',100.00,75,750,NULL,100.00,100.10),"
                      "('2025-08-18 10:00:01',100.20,75,825,NULL,100.05,100.15),"
                      "('2025-08-19 09:15:00',90.00,150,150,NULL,89.95,90.05)"));
  const dataset::PartitionKey day{dataset::TableKind::kOptions, domain::Date::from_ymd(2025, 8, 18), "NIFTY"};
  const std::vector<std::string> only_late = {"late/das_niftyopt_mod.sql"};
  // Together, and one folder at a time (the early rows then come from the dataset).
  ingest(options_for(dir / "together", {dir / "early", dir / "late"}));
  ingest(options_for(dir / "apart", {dir / "early"}));
  ingest(options_for(dir / "apart", {dir / "late"}));
  for (const char* name : {"together", "apart"}) {
    const auto manifest = dataset::Manifest::load(dir / name);
    ASSERT_NE(manifest.find(day), nullptr) << name;
    EXPECT_EQ(manifest.find(day)->sources, only_late) << name;
  }
}

TEST(Ingest, SchemaDriftMapsByNameAndReportsTheRest) {
  TempDir dir;
  fs::create_directories(dir / "old");
  // Columns in another order and case, one missing (qty), one extra (flag),
  // values given with an explicit column list in yet another order.
  const std::string text =
      "CREATE TABLE `banknifty1941128500ce` (`PRICE` decimal(10,2), `Timestamp` datetime, `flag` varchar(4),"
      " `volume` bigint, PRIMARY KEY (`Timestamp`));\n"
      "INSERT INTO `banknifty1941128500ce` (`volume`,`flag`,`Timestamp`,`PRICE`) VALUES "
      "(20,'a\\'b','2019-04-10 10:00:00',12.5),(40,NULL,'2019-04-10 10:00:01',-0.5e1);\n"
      "CREATE TABLE `RELIANCE` (`timestamp` datetime, `name` varchar(20));\n"
      "INSERT INTO `RELIANCE` VALUES ('2019-04-10 10:00:00','it''s');\n"
      "CREATE TABLE `BANKNIFTY19XYZ28500CE` (`timestamp` datetime, `price` decimal(10,2));\n"
      "INSERT INTO `BANKNIFTY19XYZ28500CE` VALUES ('2019-04-10 10:00:00',1),('2019-04-10 10:00:01',2);\n"
      "CREATE TABLE `Nifty Bank` (`timestamp` datetime, `price` decimal(10,2));\n"
      "INSERT INTO `Nifty Bank` VALUES ('2019-04-10 10:00:00',29000.5);\n";
  write_text(dir / "old/das_bankopt_mod.sql.gz", testing::gzip(text));
  const auto result = ingest(options_for(dir / "ds", {dir / "old"}));
  const auto& audit = result.audit;
  const auto t = audit.totals();
  EXPECT_EQ(t.rows_read, 5);
  EXPECT_EQ(t.rows_bad_table, 2);
  EXPECT_EQ(t.rows_written, 3);
  EXPECT_EQ(t.tables_skipped, 1);
  ASSERT_EQ(audit.bad_tables.size(), 1u);
  EXPECT_EQ(audit.bad_tables[0].table, "BANKNIFTY19XYZ28500CE");
  EXPECT_EQ(audit.bad_tables[0].rows, 2);
  ASSERT_EQ(audit.extra_columns.count("flag"), 1u);
  EXPECT_EQ(*audit.extra_columns.at("flag").begin(), "banknifty1941128500ce");

  const auto rows = read_dataset(dir / "ds");
  ASSERT_EQ(rows.size(), 3u);
  // Options of the day, then spot (manifest order).
  EXPECT_EQ(rows[0].symbol, "banknifty1941128500ce");
  EXPECT_EQ(rows[0].price, 12.5);
  EXPECT_EQ(rows[0].volume, 20);
  EXPECT_EQ(rows[1].price, -5);
  EXPECT_EQ(rows[2].partition, "spot/2019-04-10/BANKNIFTY");
  EXPECT_EQ(rows[2].price, 29000.5);
}

// A user calendar that puts the NIFTY November 2025 monthly a day early: the
// data (rows on the real expiry day) contradicts it, in the ingest audit and
// in `calendar check`, and the corrected calendar written by --write agrees
// with the data.
TEST(Ingest, CalendarContradictionsAreReportedAndCorrected) {
  TempDir dir;
  fs::create_directories(dir / "nov");
  write_text(dir / "wrong.csv", "underlying,expiry,kind\nNIFTY,2025-11-24,monthly\n");
  write_text(dir / "nov/das_niftyopt_mod.sql",
             table("NIFTY25NOV24000CE", "('2025-11-24 10:00:00',10,75,75,NULL,9.95,10.05),"
                                        "('2025-11-25 10:00:00',12,75,150,NULL,11.95,12.05)"));
  auto options = options_for(dir / "ds", {dir / "nov"});
  options.calendar = dir / "wrong.csv";
  const auto result = ingest(options);
  ASSERT_EQ(result.audit.expiry_contradictions.size(), 1u);
  const auto& c = result.audit.expiry_contradictions[0];
  EXPECT_EQ(c.symbol, "NIFTY25NOV24000CE");
  EXPECT_EQ(c.expiry.to_string(), "2025-11-24");
  EXPECT_EQ(c.implied.to_string(), "2025-11-25");
  EXPECT_TRUE(c.trades_after);

  const CliResult check = run_cli({"calendar", "check", (dir / "ds").string(), "--calendar",
                                   (dir / "wrong.csv").string(), "--write", (dir / "fixed.csv").string()});
  ASSERT_EQ(check.status, 0) << check.output;
  EXPECT_THAT(check.output, HasSubstr("NIFTY25NOV24000CE: calendar expiry 2025-11-24, last trading day 2025-11-25, "
                                      "data implies 2025-11-25"));
  EXPECT_THAT(check.output, HasSubstr("1 contract contradicts"));
  EXPECT_THAT(read_bytes(dir / "fixed.csv"), HasSubstr("NIFTY,2025-11-25,monthly"));
  const CliResult fixed = run_cli({"calendar", "check", (dir / "ds").string(), "--calendar",
                                   (dir / "fixed.csv").string()});
  ASSERT_EQ(fixed.status, 0) << fixed.output;
  EXPECT_THAT(fixed.output, HasSubstr("0 contracts contradict"));
  // The built-in rules agree with the data too.
  EXPECT_THAT(run_cli({"calendar", "check", (dir / "ds").string()}).output, HasSubstr("0 contracts contradict"));
}

// Every generated row is in the dataset or counted under a drop reason, and
// each (underlying, day) holds exactly the rows gen wrote for it.
void expect_accounting(const fs::path& dataset, const std::vector<fs::path>& folders, const Audit& audit) {
  std::int64_t generated = 0, equity = 0;
  std::map<std::pair<std::string, std::string>, std::int64_t> expected;  // (underlying, day) -> rows
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& folder : folders) {
    const auto summary = testing::read_json(folder / "gen-summary.json");
    generated += summary["totals"]["rows"].get<std::int64_t>();
    for (const auto& [file, tables] : summary["tables"].items()) {
      for (const auto& [name, t] : tables.items()) {
        if (t["kind"] == "equity") equity += t["rows"].get<std::int64_t>();
      }
    }
    for (const auto& [underlying, days] : summary["per_day"].items()) {
      for (const auto& [day, d] : days.items()) {
        // Overlapping folders hold the shared days row for row: count them once.
        if (!seen.insert({underlying, day}).second) continue;
        expected[{underlying, day}] += d.value("option_rows", 0) + d.value("spot_rows", 0) +
                                       d.value("futures_rows", 0) - d.value("rows_1970", 0);
      }
    }
  }
  const auto t = audit.totals();
  EXPECT_EQ(t.rows_read, generated - equity);
  EXPECT_EQ(t.rows_read, t.rows_added + t.rows_1970 + t.rows_bad_table + t.rows_bad_value + t.rows_no_expiry);
  EXPECT_EQ(t.rows_written, t.rows_existing + t.rows_added - t.duplicates_replaced - t.exact_duplicates);
  EXPECT_EQ(t.rows_bad_table + t.rows_bad_value + t.rows_no_expiry, 0);
  std::map<std::pair<std::string, std::string>, std::int64_t> actual;
  for (const auto& p : dataset::Manifest::load(dataset).partitions) {
    actual[{p.key.underlying, p.key.date.to_string()}] += p.rows;
  }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(static_cast<std::int64_t>(read_dataset(dataset).size()), t.rows_written);
}

class Generated : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    // Two overlapping REPLACE folders (extended inserts) and one INSERT folder
    // of single-row statements, a week later.
    suite_start_.run([] {
      testing::generate(*dir_ / "a", {"--start", "2025-11-17", "--days", "2", "--overlap-days", "1", "--seed", "7"});
      testing::generate(*dir_ / "b", {"--start", "2025-11-24", "--days", "1", "--style", "insert",
                                      "--rows-per-statement", "1", "--underlyings", "NIFTY", "--seed", "8"});
    });
  }
  void SetUp() override { suite_start_.require("the generated recording folders (tapelab gen)"); }
  static inline tapelab::testing::SuiteStart suite_start_;
  static void TearDownTestSuite() { delete dir_; }
  static std::vector<fs::path> folders() { return {*dir_ / "a", *dir_ / "a-2", *dir_ / "b"}; }
  static TempDir* dir_;
};
TempDir* Generated::dir_ = nullptr;

TEST_F(Generated, ExactRowAccounting) {
  TempDir out;
  const auto result = ingest(options_for(out / "ds", folders()));
  expect_accounting(out / "ds", folders(), result.audit);
  const auto t = result.audit.totals();
  EXPECT_GT(t.exact_duplicates, 0);  // the shared day
  EXPECT_EQ(t.duplicates_replaced, 0);
  EXPECT_GT(t.rows_1970, 0);
  EXPECT_GT(t.tables_skipped, 0);  // equities
  EXPECT_GT(t.crossed_books, 0);
  EXPECT_GT(t.volume_resets, 0);
  // Built-in rules and generated data agree on every expiry and lot.
  EXPECT_TRUE(result.audit.expiry_contradictions.empty());
  EXPECT_TRUE(result.audit.lot_mismatches.empty());
  EXPECT_TRUE(result.audit.bad_tables.empty());
}

TEST_F(Generated, ByteIdenticalWhateverTheOrderOrGrouping) {
  TempDir out;
  auto all = folders();
  ingest(options_for(out / "together", all));
  std::reverse(all.begin(), all.end());
  auto reversed = options_for(out / "reversed", all);
  reversed.jobs = 1;
  reversed.memory_budget = 1 << 20;  // spills all the time
  ingest(reversed);
  for (const auto& folder : all) ingest(options_for(out / "one-by-one", {folder}));
  const auto expected = testing::partition_files(out / "together");
  EXPECT_FALSE(expected.empty());
  EXPECT_TRUE(testing::partition_files(out / "reversed") == expected);
  EXPECT_TRUE(testing::partition_files(out / "one-by-one") == expected);
  // Ingesting the same dumps again changes nothing.
  const auto again = ingest(options_for(out / "together", folders()));
  EXPECT_TRUE(testing::partition_files(out / "together") == expected);
  EXPECT_EQ(again.audit.totals().rows_written, again.audit.totals().rows_existing);
}

TEST_F(Generated, CliPrintsTheSummary) {
  TempDir out;
  const CliResult r = run_cli({"ingest", (*dir_ / "b").string(), "--out", (out / "ds").string(), "--jobs", "2"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("rows read"));
  EXPECT_THAT(r.output, HasSubstr("report: "));
  const CliResult bad = run_cli({"ingest", (out / "nowhere").string(), "--out", (out / "ds").string()});
  EXPECT_EQ(bad.status, 1);
  EXPECT_THAT(bad.output, HasSubstr("nowhere is neither a file nor a folder"));
}

// Bad input: a clear error naming the file and position, non-zero exit, and
// the dataset exactly as it was.
class Corrupt : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "good");
    good_ = table("NIFTY25AUG24000CE", "('2025-08-18 10:00:00',100.05,75,750,NULL,100.00,100.10)");
    write_text(dir_ / "good/das_niftyopt_mod.sql", good_);
    ASSERT_EQ(run_cli({"ingest", (dir_ / "good").string(), "--out", (dir_ / "ds").string()}).status, 0);
    before_ = testing::partition_files(dir_ / "ds");
    manifest_ = read_bytes(dir_ / "ds/manifest.json");
    fs::create_directories(dir_ / "bad");
  }

  // Ingests `bad` together with a good new file; expects failure and no change.
  std::string expect_rejected(const std::string& bytes, const std::string& name = "das_niftyopt_mod.sql") {
    write_text(dir_ / "bad" / name, bytes);
    write_text(dir_ / "bad/das_bankopt_mod.sql",
               table("BANKNIFTY25AUG50000CE", "('2025-08-19 10:00:00',1,35,35,NULL,1,1)"));
    const CliResult r = run_cli({"ingest", (dir_ / "bad").string(), "--out", (dir_ / "ds").string()});
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr(name));
    EXPECT_TRUE(testing::partition_files(dir_ / "ds") == before_);
    EXPECT_EQ(read_bytes(dir_ / "ds/manifest.json"), manifest_);
    return r.output;
  }

  TempDir dir_;
  std::string good_;
  std::map<std::string, std::string> before_;
  std::string manifest_;
};

TEST_F(Corrupt, TruncatedGzip) {
  const std::string gz = testing::gzip(good_ + good_);
  expect_rejected(gz.substr(0, gz.size() / 2), "das_niftyopt_mod.sql.gz");
}

TEST_F(Corrupt, StatementCutInHalf) {
  expect_rejected(good_.substr(0, good_.find("100.05,75") + 3));
}

TEST_F(Corrupt, GarbageBytes) {
  std::string text = good_;
  text.insert(text.find("750,NULL"), "\x01\x02garbage\xff");
  expect_rejected(text);
}

TEST_F(Corrupt, NonNumericPrice) {
  std::string text = good_;
  text.replace(text.find("100.05"), 6, "'1o0.05'");
  const std::string out = expect_rejected(text);
  EXPECT_THAT(out, HasSubstr("column 'price'"));
  EXPECT_THAT(out, HasSubstr("byte "));
}

// A write that fails while a row group is being encoded in the background
// (here: a file-size limit, as a full disk would) stops the run with the
// file's name; nothing is published and a rerun with room succeeds.
TEST_F(Corrupt, AWriteFailureLeavesTheDatasetAsItWas) {
  testing::generate(dir_ / "rec", {"--start", "2025-08-18", "--days", "1", "--underlyings", "NIFTY", "--seed", "3"});
  const CliResult r =
      run_cli({"ingest", (dir_ / "rec").string(), "--out", (dir_ / "ds").string()}, std::size_t{256} << 10);
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("File too large"));
  EXPECT_THAT(r.output, HasSubstr((dir_ / "ds").string()));
  EXPECT_TRUE(testing::partition_files(dir_ / "ds") == before_);
  EXPECT_EQ(read_bytes(dir_ / "ds/manifest.json"), manifest_);
  const CliResult again = run_cli({"ingest", (dir_ / "rec").string(), "--out", (dir_ / "ds").string()});
  EXPECT_EQ(again.status, 0) << again.output;
  EXPECT_GT(testing::partition_files(dir_ / "ds").size(), before_.size());
}

TEST_F(Corrupt, KeepGoingCollectsBadValuesInTheAudit) {
  std::string text = table("NIFTY25AUG24000CE", "('2025-08-18 10:00:05','abc',75,750,NULL,100.00,100.10),"
                                                "('2025-08-18 10:00:06',1.5,75,750,NULL,100.00,100.10)");
  write_text(dir_ / "bad/das_niftyopt_mod.sql", text);
  const CliResult r = run_cli({"ingest", (dir_ / "bad").string(), "--out", (dir_ / "ds").string(), "--keep-going",
                               "--json"});
  ASSERT_EQ(r.status, 0) << r.output;
  const auto report = nlohmann::json::parse(r.output);
  EXPECT_EQ(report["totals"]["rows_written"], 2);  // merged into the existing partition
  EXPECT_EQ(report["totals"]["dropped"]["bad_values"], 1);
  EXPECT_THAT(report["files"][0]["problems"].dump(), HasSubstr("column 'price'"));
}

}  // namespace
}  // namespace tapelab::ingest
