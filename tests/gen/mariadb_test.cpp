// The generated dumps load into a real MariaDB server, and what SQL reads
// back matches what the generator says it wrote.
#include <gtest/gtest.h>
#include <unistd.h>

#include <exception>
#include <memory>
#include <string>

#include "gen/generator.h"
#include "support/mariadb_server.h"
#include "support/suite_start.h"

namespace tapelab::gen {
namespace {

class MariaDbLoad : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_start_.run([] { server_ = new tapelab::testing::MariaDbServer(); });
  }
  void SetUp() override { suite_start_.require("the MariaDB server"); }
  static inline tapelab::testing::SuiteStart suite_start_;
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static FolderResult make_folder(const std::string& name, StatementStyle style, size_t rows_per_statement,
                                  size_t statement_bytes) {
    GenOptions options;
    options.out = std::filesystem::temp_directory_path() / ("tapelab-gen-sql-" + std::to_string(getpid())) / name;
    std::filesystem::remove_all(options.out);
    options.start = *domain::Date::parse("2025-11-24");  // day 2 is the monthly expiry of both underlyings
    options.days = 2;
    options.seed = 3;
    options.format = {style, rows_per_statement, statement_bytes};
    return generate(options).front();
  }

  // Loads every dump of the folder and checks each table against the summary.
  static void load_and_check(const FolderResult& folder) {
    for (const auto& [file, info] : folder.summary["files"].items()) {
      const std::string database = info["database"];
      server_->query("DROP DATABASE IF EXISTS `" + database + "`");
      ASSERT_NO_THROW(server_->load(folder.folder / file)) << file;
      const auto& tables = folder.summary["tables"][file];
      std::string sql;
      for (const auto& [name, t] : tables.items()) {
        if (!sql.empty()) sql += " UNION ALL ";
        sql += "SELECT '" + name + "', COUNT(*), SUM(timestamp < '1971-01-01')";
        if (t["kind"] == "equity") {
          sql += ", 0, 0 FROM `" + name + "`";
        } else {
          sql += ", SUM(volume = 0 AND timestamp > '1971-01-01'), SUM(bp0 > sp0 AND sp0 > 0) FROM `" + name + "`";
        }
      }
      const auto rows = server_->query(sql, database);
      ASSERT_EQ(rows.size(), tables.size()) << file;
      for (const auto& row : rows) {
        const auto& t = tables[row[0]];
        EXPECT_EQ(std::stoull(row[1]), t["rows"].get<uint64_t>()) << row[0];
        EXPECT_EQ(std::stoull(row[2]), t["rows_1970"].get<uint64_t>()) << row[0];
        if (t["kind"] == "option" || t["kind"] == "futures") {
          EXPECT_EQ(std::stoull(row[3]), t["zero_volume"].get<uint64_t>()) << row[0];
        }
        EXPECT_EQ(std::stoull(row[4]), t["crossed"].get<uint64_t>()) << row[0];
      }
      // Sample values: the last row of every tick table.
      size_t sampled = 0;
      for (const auto& [name, t] : tables.items()) {
        if (!t.contains("last") || sampled++ >= 12) continue;
        const auto& last = t["last"];
        const auto got = server_->query("SELECT timestamp, price, volume, oi, bp0, sp0 FROM `" + name +
                                            "` ORDER BY timestamp DESC LIMIT 1",
                                        database);
        ASSERT_EQ(got.size(), 1u) << name;
        EXPECT_EQ(got[0][0], last["timestamp"].get<std::string>()) << name;
        EXPECT_EQ(got[0][1], last["price"].get<std::string>()) << name;
        EXPECT_EQ(std::stoll(got[0][2]), last["volume"].get<int64_t>()) << name;
        EXPECT_EQ(std::stoll(got[0][3]), last["oi"].get<int64_t>()) << name;
        EXPECT_EQ(got[0][4], last["bp0"].get<std::string>()) << name;
        EXPECT_EQ(got[0][5], last["sp0"].get<std::string>()) << name;
      }
    }
  }

  static tapelab::testing::MariaDbServer* server_;
};
tapelab::testing::MariaDbServer* MariaDbLoad::server_ = nullptr;

TEST_F(MariaDbLoad, ExtendedReplaceStatements) {
  load_and_check(make_folder("replace", StatementStyle::kReplace, 0, 1'000'000));
}

TEST_F(MariaDbLoad, ExtendedInsertsSplitBySize) {
  load_and_check(make_folder("insert-split", StatementStyle::kInsert, 0, 4096));
}

TEST_F(MariaDbLoad, OneRowPerStatement) {
  load_and_check(make_folder("one-row", StatementStyle::kInsert, 1, 1'000'000));
}

TEST_F(MariaDbLoad, EquityTextSurvivesTheRoundTrip) {
  const auto folder = make_folder("equity", StatementStyle::kReplace, 0, 1'000'000);
  ASSERT_NO_THROW(server_->load(folder.folder / kNseFile));
  const auto rows = server_->query("SELECT DISTINCT company FROM `DRREDDY`", kNseDatabase);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "Dr. Reddy's Laboratories Ltd.");
  const auto remarks = server_->query("SELECT COUNT(*) FROM `TCS` WHERE remarks LIKE '%),(%'", kNseDatabase);
  EXPECT_NE(remarks[0][0], "0");
  // The fixture's mysqldump helper: a dump of the loaded database reloads.
  const auto dumped = folder.folder / "nse-again.sql";
  server_->dump({"--databases", kNseDatabase}, dumped);
  server_->query("DROP DATABASE `nse`");
  ASSERT_NO_THROW(server_->load(dumped));
  EXPECT_EQ(server_->query("SELECT COUNT(*) FROM `NIFTY`", kNseDatabase)[0][0],
            std::to_string(folder.summary["tables"][kNseFile]["NIFTY"]["rows"].get<uint64_t>()));
}

}  // namespace
}  // namespace tapelab::gen
