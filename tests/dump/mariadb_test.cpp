// Real mysqldump output: a private MariaDB server holds tables like the
// users' (46-column option snapshots, an index table named `Nifty 50`, an
// equity table with hostile strings and binary data); mariadb-dump exports
// them in every style users meet, and the reader must give back every value.
#include <gtest/gtest.h>

#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dump/lexer.h"
#include "dump/reader.h"
#include "support/mariadb_server.h"
#include "support/suite_start.h"
#include "test_util.h"

namespace tapelab::dump {
namespace {

using Row = std::vector<testing::Cell>;  // in CREATE TABLE column order

std::vector<std::string> option_columns() {
  std::vector<std::string> names = {"timestamp", "price", "qty",  "avgPrice",      "volume", "bQty",   "sQty",  "open",
                                    "high",      "low",   "close", "changeper",    "lastTradeTime", "oi", "oiHigh", "oiLow"};
  for (const char side : {'b', 's'}) {
    for (int level = 0; level < 5; ++level) {
      names.push_back(fmt::format("{}q{}", side, level));
      names.push_back(fmt::format("{}p{}", side, level));
      names.push_back(fmt::format("{}o{}", side, level));
    }
  }
  return names;
}

std::string option_type(const std::string& name) {
  if (name == "timestamp" || name == "lastTradeTime") return "datetime";
  if (name == "changeper") return "decimal(20,10)";
  if (name == "volume" || name.starts_with("oi")) return "bigint(20)";
  if (name == "price" || name == "avgPrice" || name == "open" || name == "high" || name == "low" || name == "close" ||
      (name.size() == 3 && name[1] == 'p')) {
    return "decimal(10,2)";
  }
  return "int(11)";
}

std::string hex(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02X}", c);
  return out;
}

struct Fixture {
  std::unique_ptr<tapelab::testing::MariaDbServer> server;
  testing::TempDir dir;
  std::vector<std::string> columns = option_columns();
  std::vector<Row> option_rows;  // BANKNIFTY25DEC58300CE, ordered by timestamp
  std::vector<Row> spot_rows;    // `Nifty 50`
  std::vector<Row> equity_rows;  // RELIANCE: id, name, note, data (raw bytes)
};

Fixture* fixture = nullptr;

class MariaDbDumpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { suite_start.run(start); }
  void SetUp() override { suite_start.require("the MariaDB fixture"); }
  static inline tapelab::testing::SuiteStart suite_start;

  static void start() {
    fixture = new Fixture;
    fixture->server = std::make_unique<tapelab::testing::MariaDbServer>();
    std::string sql =
        "CREATE DATABASE banknifty DEFAULT CHARACTER SET utf8mb4;\n"
        "CREATE DATABASE nse DEFAULT CHARACTER SET utf8mb4;\n"
        "USE banknifty;\nCREATE TABLE `BANKNIFTY25DEC58300CE` (";
    for (const std::string& name : fixture->columns) {
      sql += fmt::format("`{}` {}{}, ", name, option_type(name), name == "timestamp" ? " NOT NULL" : "");
    }
    sql += "PRIMARY KEY (`timestamp`)) ENGINE=InnoDB;\n";
    std::uint64_t state = 12345;
    auto next = [&](std::uint64_t mod) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % mod;
    };
    for (int i = 0; i < 700; ++i) {
      Row row;
      for (const std::string& name : fixture->columns) {
        const std::string type = option_type(name);
        if (name == "timestamp") {
          row.push_back(i == 0 ? std::string("1970-01-01 05:30:00")
                               : fmt::format("2025-11-18 {:02}:{:02}:{:02}", 9 + i / 3600, (i / 60) % 60, i % 60));
        } else if (name == "lastTradeTime") {
          row.push_back(i == 5 ? std::string("0000-00-00 00:00:00")
                               : fmt::format("2025-11-{:02} 09:52:{:02}", 10 + i % 9, i % 60));
        } else if (i == 7 && name == "price") {
          row.push_back(std::nullopt);
        } else if (type == "decimal(10,2)") {
          row.push_back(fmt::format("{}{}.{:02}", i % 11 == 0 ? "-" : "", next(60000), next(20) * 5));
        } else if (type == "decimal(20,10)") {
          row.push_back(fmt::format("-{}.{:010}", next(10), next(10000000000ULL)));
        } else {
          row.push_back(std::to_string(static_cast<std::int64_t>(next(5000000)) - (i % 13 == 0 ? 2500000 : 0)));
        }
      }
      fixture->option_rows.push_back(row);
      sql += "INSERT INTO `BANKNIFTY25DEC58300CE` VALUES (";
      for (std::size_t c = 0; c < row.size(); ++c) {
        sql += c ? "," : "";
        sql += !row[c] ? "NULL" : "'" + *row[c] + "'";
      }
      sql += ");\n";
    }
    sql += "USE nse;\nCREATE TABLE `Nifty 50` (`timestamp` datetime NOT NULL, `price` decimal(10,2), "
           "PRIMARY KEY (`timestamp`)) ENGINE=MyISAM;\n";
    for (int i = 0; i < 50; ++i) {
      Row row = {fmt::format("2025-11-18 09:15:{:02}", i), fmt::format("{}.{:02}", 25900 + i, i * 5 % 100)};
      fixture->spot_rows.push_back(row);
      sql += fmt::format("INSERT INTO `Nifty 50` VALUES ('{}',{});\n", *row[0], *row[1]);
    }
    sql += "CREATE TABLE `RELIANCE` (`id` int NOT NULL, `name` varchar(200), `note` text, `data` blob, "
           "PRIMARY KEY (`id`)) ENGINE=InnoDB;\n";
    const std::vector<std::string> hostile = {
        "it's", "say \"hi\"", "back\\slash", "new\nline", "tab\there", "cr\rlf", std::string("nul\0byte", 8),
        "semi;colon", "),(", "*/ -- # /*", "unicode ✓ ₹ नमस्ते", "ctrl-z \x1a", "'; DROP TABLE x; --", "", "`back`tick`"};
    for (std::size_t i = 0; i < hostile.size() * 3; ++i) {
      const std::string& text = hostile[i % hostile.size()];
      std::string data;
      for (std::size_t b = 0; b < i * 7 % 40; ++b) data.push_back(static_cast<char>((b * 37 + i) % 256));
      Row row = {std::to_string(i), text, i % 4 == 3 ? testing::Cell{} : testing::Cell{text + "|" + text}, data};
      fixture->equity_rows.push_back(row);
      // Hex literals for loading, so the test's own escaping cannot be wrong.
      sql += fmt::format("INSERT INTO `RELIANCE` VALUES ({},X'{}',{},X'{}');\n", i, hex(text),
                         row[2] ? "X'" + hex(*row[2]) + "'" : "NULL", hex(data));
    }
    const auto load = fixture->dir / "load.sql";
    testing::write_text(load, sql);
    fixture->server->load(load);
  }

  static void TearDownTestSuite() {
    delete fixture;
    fixture = nullptr;
  }

  // Dumps with the given flags, gzips, reads back, and compares every value.
  void check(const std::vector<std::string>& flags, StatementKind kind, bool hex_blob, bool with_databases) {
    std::vector<std::string> args = flags;
    if (with_databases) {
      args.insert(args.end(), {"--databases", "banknifty", "nse"});
    } else {
      args.push_back("nse");
    }
    const auto sql = fixture->dir / "dump.sql";
    fixture->server->dump(args, sql);
    const auto gz = fixture->dir / "dump.sql.gz";
    testing::write_text(gz, testing::gzip(testing::read_bytes(sql), 2));

    ReaderOptions options;
    options.chunk_size = 1 << 16;
    DumpReader reader(gz, options);
    testing::Collector got;
    reader.read(got);
    EXPECT_TRUE(reader.problems().empty());

    std::map<std::string, const testing::TableEvent*> tables;
    for (const auto& table : got.tables) tables[table.schema.name] = &table;
    if (with_databases) {
      ASSERT_TRUE(tables.count("BANKNIFTY25DEC58300CE"));
      const TableSchema& option = tables["BANKNIFTY25DEC58300CE"]->schema;
      EXPECT_EQ(option.database, "banknifty");
      ASSERT_EQ(option.columns.size(), 46u);
      for (std::size_t c = 0; c < 46; ++c) EXPECT_EQ(option.columns[c].name, fixture->columns[c]);
      EXPECT_EQ(option.primary_key, std::vector<std::string>{"timestamp"});
      EXPECT_EQ(option.engine, "InnoDB");
      compare(got, "BANKNIFTY25DEC58300CE", fixture->columns, fixture->option_rows, kind, false);
    }
    ASSERT_TRUE(tables.count("Nifty 50"));
    EXPECT_EQ(tables["Nifty 50"]->schema.engine, "MyISAM");
    if (with_databases) {
      EXPECT_EQ(tables["Nifty 50"]->schema.database, "nse");
    }
    compare(got, "Nifty 50", {"timestamp", "price"}, fixture->spot_rows, kind, false);
    compare(got, "RELIANCE", {"id", "name", "note", "data"}, fixture->equity_rows, kind, hex_blob);
    // And the server agrees on the counts.
    EXPECT_EQ(fixture->server->query("SELECT COUNT(*) FROM `RELIANCE`", "nse").at(0).at(0),
              std::to_string(got.rows_of("RELIANCE").size()));
  }

  static void compare(const testing::Collector& got, const std::string& table, const std::vector<std::string>& names,
                      const std::vector<Row>& expected, StatementKind kind, bool hex_blob) {
    SCOPED_TRACE(table);
    const auto rows = got.rows_of(table);
    ASSERT_EQ(rows.size(), expected.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      EXPECT_EQ(rows[r]->kind, kind);
      for (std::size_t c = 0; c < names.size(); ++c) {
        // By name, whatever order the dump wrote the values in.
        testing::Cell value = rows[r]->values.at(names[c]);
        if (hex_blob && names[c] == "data" && value) {
          // --hex-blob writes 0x... for bytes, and '' for an empty blob.
          std::string bytes;
          ASSERT_TRUE(value->empty() || value->starts_with("0x")) << *value;
          if (!value->empty()) {
            ASSERT_TRUE(decode_hex(value->substr(2), bytes));
          }
          value = bytes;
        }
        ASSERT_EQ(value, expected[r][c]) << "row " << r << " column " << names[c];
      }
    }
  }
};

TEST_F(MariaDbDumpTest, DefaultExtendedInsert) { check({}, StatementKind::kInsert, false, true); }
TEST_F(MariaDbDumpTest, Replace) { check({"--replace"}, StatementKind::kReplace, false, true); }
TEST_F(MariaDbDumpTest, SkipExtendedInsert) { check({"--skip-extended-insert"}, StatementKind::kInsert, false, true); }
TEST_F(MariaDbDumpTest, CompleteInsert) { check({"--complete-insert"}, StatementKind::kInsert, false, true); }
TEST_F(MariaDbDumpTest, Compact) { check({"--compact"}, StatementKind::kInsert, false, true); }
TEST_F(MariaDbDumpTest, HexBlob) { check({"--hex-blob"}, StatementKind::kInsert, true, true); }
TEST_F(MariaDbDumpTest, InsertIgnoreSmallPackets) {
  check({"--insert-ignore", "--net-buffer-length=4096"}, StatementKind::kInsertIgnore, false, true);
}
TEST_F(MariaDbDumpTest, OneDatabaseNoCreateDatabase) {
  check({"--replace", "--complete-insert", "--skip-extended-insert"}, StatementKind::kReplace, false, false);
}

}  // namespace
}  // namespace tapelab::dump
