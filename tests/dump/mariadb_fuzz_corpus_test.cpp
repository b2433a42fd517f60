// The dump reader against MariaDB on the fuzzer's corpus
// (fuzz/corpus/dump_reader_fuzz: the seeds and every regression input a
// finding left). Each input is loaded into a private MariaDB server and read
// by our reader; where both accept it, every value of every table must agree.
// Where one side alone accepts it, the input is listed with the reason, and
// only the differences docs/fuzzing.md#differential-check calls intended may
// remain: MariaDB accepting what we reject is a bug.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dump/reader.h"
#include "mariadb_corpus_model.h"
#include "support/mariadb_server.h"
#include "support/suite_start.h"
#include "test_util.h"
#include "util/error.h"

namespace tapelab::dump {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(TAPELAB_SOURCE_DIR) / "fuzz" / "corpus" / "dump_reader_fuzz";

tapelab::testing::MariaDbServer* server = nullptr;

class MariaDbFuzzCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { suite_start.run([] { server = new tapelab::testing::MariaDbServer; }); }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  void SetUp() override { suite_start.require("the MariaDB server"); }
  static inline tapelab::testing::SuiteStart suite_start;
};

// Drops what the previous input created and gives the next one a database
// to start in (a dump without USE writes into the client's database).
void reset_server() {
  std::string sql;
  for (const auto& row : server->query("SHOW DATABASES")) {
    static const std::set<std::string> kSystem = {"information_schema", "mysql", "performance_schema", "sys"};
    if (!kSystem.contains(row.at(0))) sql += fmt::format("DROP DATABASE `{}`;", row.at(0));
  }
  server->query(sql + "CREATE DATABASE fuzz DEFAULT CHARACTER SET utf8mb4;");
}

// The input's dump: the bytes after the fuzzer's option byte, as a .sql or,
// when they are gzip, a .sql.gz file.
fs::path dump_of(const fs::path& input, const fs::path& dir) {
  const std::string bytes = testing::read_bytes(input);
  const std::string dump = bytes.empty() ? std::string() : bytes.substr(1);
  const bool gz = dump.size() >= 2 && static_cast<unsigned char>(dump[0]) == 0x1f &&
                  static_cast<unsigned char>(dump[1]) == 0x8b;
  const fs::path path = dir / (input.filename().string() + (gz ? ".sql.gz" : ".sql"));
  testing::write_text(path, dump);
  return path;
}

// The `ERROR NNNN (...) at line N: ...` line of the client's message.
std::string error_line(const std::string& message) {
  const std::size_t at = message.find("ERROR ");
  if (at == std::string::npos) return message;
  return message.substr(at, message.find('\n', at) - at);
}

// Why the reader rightly accepts a dump MariaDB refuses with this error, or
// "" when it should not have. The reader checks a dump's syntax and shape;
// whether values fit their columns, keys are unique and tables exist is for
// its handler (ingest checks what it needs, by the table's types).
std::string intended_difference(const std::string& message) {
  static const std::map<std::string, std::string> kReasons = {
      {"1146", "INSERT into a table the dump never created"},
      {"1050", "a table created again"},
      {"1049", "USE of a database the dump never created"},
      {"1062", "duplicate key"},
      {"1048", "NULL in a NOT NULL column"},
      {"1264", "number out of the column's range"},
      {"1366", "value of the wrong type for its column"},
      {"1292", "impossible date-time"},
      {"1406", "string longer than its column"},
      {"1265", "value truncated to its column"},
  };
  const std::string line = error_line(message);
  // Old mysqldump --hex-blob wrote an empty blob as a bare 0x, which SQL
  // reads as a name; the reader takes it for the empty value it meant.
  if (line.find("Unknown column '0x'") != std::string::npos) return "bare 0x read as an empty blob";
  const auto found = line.starts_with("ERROR ") ? kReasons.find(line.substr(6, 4)) : kReasons.end();
  return found == kReasons.end() ? "" : found->second;
}

TEST_F(MariaDbFuzzCorpus, EveryValueMatchesWhereBothAccept) {
  testing::TempDir dir;
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(kCorpus)) inputs.push_back(entry.path());
  std::sort(inputs.begin(), inputs.end());
  ASSERT_FALSE(inputs.empty()) << kCorpus;

  std::size_t compared = 0;
  std::vector<std::string> only_we_accept;
  for (const fs::path& input : inputs) {
    SCOPED_TRACE(input.filename().string());
    const fs::path dump = dump_of(input, dir.path());
    TableModel ours;
    std::string our_error;
    try {
      DumpReader(dump).read(ours);
    } catch (const Error& e) {
      our_error = e.what();
    }
    reset_server();
    std::string their_error;
    try {
      server->load(dump, "fuzz");
    } catch (const std::exception& e) {
      their_error = e.what();
    }
    if (!their_error.empty()) {
      if (!our_error.empty()) continue;
      // We accept what MariaDB refuses only where the reader leaves the
      // judgement to its handler (docs/fuzzing.md#differential-check).
      const std::string reason = intended_difference(their_error);
      EXPECT_NE(reason, "") << "only our reader accepts this dump; MariaDB says: " << their_error;
      only_we_accept.push_back(fmt::format("{}: {} ({})", input.filename().string(), reason, error_line(their_error)));
      continue;
    }
    // MariaDB took it: so must we, with the same values.
    EXPECT_EQ(our_error, "") << "MariaDB accepts this dump, our reader does not";
    if (!our_error.empty()) continue;
    const std::vector<std::string> problems = ours.compare_with(*server);
    for (const std::string& problem : problems) ADD_FAILURE() << problem;
    ++compared;
  }
  std::cout << compared << " of " << inputs.size() << " corpus inputs accepted by both and compared\n";
  for (const std::string& line : only_we_accept) std::cout << "accepted by our reader only (intended): " << line << "\n";
  // The seeds are written to be valid dumps; most of them must be compared.
  EXPECT_GE(compared * 2, inputs.size());
}

}  // namespace
}  // namespace tapelab::dump
