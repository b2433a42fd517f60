// Against a real MariaDB: generated dumps are loaded into a private server,
// re-exported by mysqldump in several styles, and each export ingested. Every
// style gives the same rows (only the source differs), the per-contract counts,
// sums (price, volume, oi, book edges, lastTradeTime) and time-of-day range
// equal MariaDB's, and DuckDB and Polars (reading the dataset with
// Hive partitioning) agree with both.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "helpers.h"
#include "ingest/ingest.h"
#include "support/mariadb_server.h"

namespace tapelab::ingest {
namespace {

namespace fs = std::filesystem;
using testing::Row;
using testing::Sums;
using testing::TempDir;

// Rows without their source, sorted: what must not depend on the export style.
std::vector<Row> without_source(std::vector<Row> rows) {
  for (auto& r : rows) r.source.clear();
  std::sort(rows.begin(), rows.end());
  return rows;
}

Sums mariadb_sums(const tapelab::testing::MariaDbServer& db) {
  Sums sums;
  for (const std::string database : {"nifty", "nse"}) {
    const auto tables = db.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + database + "'" +
        (database == "nse" ? " AND table_name IN ('NIFTY', 'NIFTYFUT')" : ""));
    std::string sql;
    for (const auto& t : tables) {
      const std::string& name = t[0];
      if (!sql.empty()) sql += " UNION ALL ";
      // The fields of testing::Sums, in order (COALESCE: a sum over nulls only is 0 there).
      sql += "SELECT '" + name + "', DATE(`timestamp`), COUNT(*), "
             "COALESCE(CAST(SUM(ROUND(price * 100)) AS SIGNED), 0), COALESCE(SUM(volume), 0), "
             "COALESCE(SUM(oi), 0), COALESCE(CAST(SUM(ROUND(bp0 * 100)) AS SIGNED), 0), "
             "COALESCE(CAST(SUM(ROUND(sp0 * 100)) AS SIGNED), 0), COALESCE(SUM(bq4), 0), COALESCE(SUM(sq4), 0), "
             "COALESCE(SUM(TIMESTAMPDIFF(SECOND, '1970-01-01', lastTradeTime)), 0), "
             "MIN(TIME_TO_SEC(`timestamp`)), MAX(TIME_TO_SEC(`timestamp`)), SUM(TIME_TO_SEC(`timestamp`)) "
             "FROM `" + name + "` WHERE `timestamp` >= '1970-01-02' GROUP BY 2";
    }
    for (const auto& r : db.query(sql, database)) {
      const std::string contract = r[0] == "NIFTY" ? "NIFTY spot" : r[0] == "NIFTYFUT" ? "NIFTY futures" : r[0];
      std::vector<std::int64_t> values;
      for (std::size_t i = 2; i < r.size(); ++i) values.push_back(std::stoll(r[i]));
      sums[{r[1], contract}] = values;
    }
  }
  return sums;
}

Sums node_sums(const nlohmann::json& rows) {
  Sums sums;
  for (const auto& r : rows) {
    std::vector<std::int64_t> values;
    for (std::size_t i = 2; i < r.size(); ++i) values.push_back(r[i].get<std::int64_t>());
    sums[{r[0].get<std::string>(), r[1].get<std::string>()}] = values;
  }
  return sums;
}

TEST(MariaDb, EveryDumpStyleGivesTheSameRowsAndMariaDbsSums) {
  TempDir dir;
  testing::generate(dir / "gen", {"--start", "2025-11-18", "--days", "1", "--underlyings", "NIFTY", "--seed", "3"});
  tapelab::testing::MariaDbServer db;
  db.load(dir / "gen/das_niftyopt_mod.sql.gz");
  db.load(dir / "gen/das_nse_mod.sql.gz");

  IngestOptions base;
  base.jobs = 2;
  base.dataset = dir / "ds-gen";
  base.inputs = {dir / "gen"};
  ingest(base);
  const auto reference = without_source(testing::read_dataset(dir / "ds-gen"));
  ASSERT_FALSE(reference.empty());

  const std::vector<std::pair<std::string, std::vector<std::string>>> styles = {
      {"replace", {"--replace"}},
      {"insert", {}},
      {"single-row", {"--skip-extended-insert"}},
      {"complete", {"--complete-insert"}},
      {"compact", {"--compact"}},
      {"hex-blob", {"--hex-blob"}},
  };
  for (const auto& [name, flags] : styles) {
    SCOPED_TRACE(name);
    fs::create_directories(dir / name);
    for (const auto& [database, file] : {std::pair{"nifty", "das_niftyopt_mod.sql"}, {"nse", "das_nse_mod.sql"}}) {
      std::vector<std::string> args = flags;
      args.insert(args.begin(), {"--databases", database});
      db.dump(args, dir / name / file);
    }
    IngestOptions o = base;
    o.dataset = dir / ("ds-" + name);
    o.inputs = {dir / name};
    ingest(o);
    const auto rows = testing::read_dataset(o.dataset);
    EXPECT_TRUE(without_source(rows) == reference);
    EXPECT_EQ(rows.front().source, name + "/das_niftyopt_mod.sql");
  }

  const Sums ours = testing::sums_by_contract(testing::read_dataset(dir / "ds-gen"));
  EXPECT_EQ(testing::first_difference(mariadb_sums(db), ours), "");

  // DuckDB and Polars, on the dataset as a Hive-partitioned folder.
  const std::string command = "node " TAPELAB_SOURCE_DIR "/tests/ingest/dataset_sums.mjs '" +
                              (dir / "ds-gen").string() + "' " TAPELAB_SOURCE_DIR "/tools/interop > '" +
                              (dir / "node.json").string() + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << testing::read_bytes(dir / "node.json");
  const auto node = testing::read_json(dir / "node.json");
  EXPECT_EQ(testing::first_difference(ours, node_sums(node["duckdb"])), "");
  EXPECT_EQ(testing::first_difference(ours, node_sums(node["polars"])), "");
}

}  // namespace
}  // namespace tapelab::ingest
