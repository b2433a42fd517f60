// Layout paths, source keys and ranks, the manifest and content hashes.
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "dataset/source.h"
#include "test_util.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::dataset {
namespace {

using domain::Date;
using testing::TempDir;

const Date kDay = Date::from_ymd(2025, 11, 18);

void touch(const std::filesystem::path& p, const std::string& content = "x") {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << content;
}

TEST(Layout, HivePathsAndListing) {
  const PartitionKey key{TableKind::kOptions, kDay, "BANKNIFTY"};
  EXPECT_EQ(partition_relative_path(key).generic_string(),
            "options/date=2025-11-18/underlying=BANKNIFTY/part-0.parquet");
  EXPECT_EQ(key.to_string(), "options/2025-11-18/BANKNIFTY");
  EXPECT_EQ(parse_table_kind("futures"), TableKind::kFutures);
  EXPECT_EQ(parse_table_kind("Options"), std::nullopt);
  EXPECT_THROW(partition_relative_path(PartitionKey{TableKind::kSpot, kDay, ""}), Error);

  TempDir dir;
  const PartitionKey spot{TableKind::kSpot, kDay + 1, "NIFTY"};
  touch(partition_path(dir.path(), key));
  touch(partition_path(dir.path(), spot));
  touch(dir.path() / "options/date=garbage/underlying=NIFTY/part-0.parquet");  // not a date
  touch(dir.path() / "options/date=2025-11-19/README");                      // not a partition
  std::filesystem::create_directories(dir.path() / "futures/date=2025-11-19/underlying=NIFTY");  // no file
  EXPECT_EQ(list_partitions(dir.path()), (std::vector<PartitionKey>{key, spot}));
}

TEST(Source, KeyIsParentFolderAndFileName) {
  EXPECT_EQ(source_key("/data/nov 4 to nov 18/das_bankopt_mod.sql.gz"), "nov 4 to nov 18/das_bankopt_mod.sql.gz");
  EXPECT_EQ(source_key("/data/x/../aug/das.sql.gz"), "aug/das.sql.gz");
  // Relative paths resolve against the working directory, never to an empty folder.
  EXPECT_EQ(source_key("das.sql.gz"),
            std::filesystem::current_path().filename().string() + "/das.sql.gz");
}

TEST(Source, ReAddingAKeyKeepsItsIndexAndRanksNeedFinalize) {
  SourceTable t;
  Source a = testing::make_source("f/a.sql.gz", 100);
  const Source b = testing::make_source("f/b.sql.gz", 50);
  EXPECT_EQ(t.add(a), 0);
  EXPECT_EQ(t.add(b), 1);
  t.finalize();
  EXPECT_TRUE(t.finalized());
  EXPECT_GT(t.rank(0), t.rank(1));
  a.checksum = "other";
  a.recording_end = 10;  // re-recorded, now ends first
  EXPECT_EQ(t.add(a), 0);
  EXPECT_FALSE(t.finalized());
  t.finalize();
  EXPECT_LT(t.rank(0), t.rank(1));
  EXPECT_EQ(t.at(0).checksum, "other");
  EXPECT_THROW(t.find("f/c.sql.gz"), Error);
}

Manifest sample_manifest() {
  Manifest m;
  m.tapelab_version = "0.1.0";
  m.updated_at = "2026-01-01T00:00:00Z";
  m.calendar_hash = "";
  m.upsert_source(testing::make_source("b/y.sql.gz", 200));
  m.upsert_source(testing::make_source("a/x.sql.gz", 100));
  m.upsert(PartitionEntry{PartitionKey{TableKind::kSpot, kDay, "NIFTY"}, 10, 1234, "h1", {"b/y.sql.gz"}});
  m.upsert(PartitionEntry{PartitionKey{TableKind::kOptions, kDay, "NIFTY"}, 99, 5678, "h2",
                          {"b/y.sql.gz", "a/x.sql.gz", "b/y.sql.gz"}});
  return m;
}

TEST(Manifest, RoundTripsAndKeepsEntriesSorted) {
  TempDir dir;
  EXPECT_TRUE(Manifest::load(dir.path()).partitions.empty());  // absent = empty dataset
  const Manifest m = sample_manifest();
  ASSERT_EQ(m.sources.size(), 2U);
  EXPECT_EQ(m.sources[0].key, "a/x.sql.gz");
  EXPECT_EQ(m.partitions[0].key.kind, TableKind::kOptions);
  EXPECT_EQ(m.partitions[0].sources, (std::vector<std::string>{"a/x.sql.gz", "b/y.sql.gz"}));
  m.save(dir.path());
  const Manifest back = Manifest::load(dir.path());
  EXPECT_EQ(back.to_json(), m.to_json());
  ASSERT_NE(back.find(PartitionKey{TableKind::kSpot, kDay, "NIFTY"}), nullptr);
  EXPECT_EQ(back.find(PartitionKey{TableKind::kSpot, kDay, "NIFTY"})->bytes, 1234U);
  EXPECT_EQ(back.sources[1].recording_end, 200);

  Manifest changed = back;
  changed.remove(PartitionKey{TableKind::kSpot, kDay, "NIFTY"});
  changed.upsert(PartitionEntry{PartitionKey{TableKind::kOptions, kDay, "NIFTY"}, 1, 2, "h3", {}});
  EXPECT_EQ(changed.partitions.size(), 1U);
  EXPECT_EQ(changed.partitions[0].rows, 1);
}

TEST(Manifest, MalformedManifestsAreErrorsNamingTheFile) {
  TempDir dir;
  const std::string good = sample_manifest().to_json();
  auto expect_error = [&](const std::string& text, const std::string& needle) {
    write_file_atomically(manifest_path(dir.path()), text);
    try {
      Manifest::load(dir.path());
      ADD_FAILURE() << "no error for: " << needle;
    } catch (const Error& e) {
      EXPECT_THAT(e.what(), ::testing::HasSubstr(manifest_path(dir.path()).string()));
      EXPECT_THAT(e.what(), ::testing::HasSubstr(needle));
    }
  };
  expect_error(good.substr(0, good.size() / 2), "malformed");
  expect_error("[]", "expected an object");
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  expect_error(replace("\"rows\": 99", "\"rows\": \"99\""), "'rows'");
  expect_error(replace("\"kind\": \"options\"", "\"kind\": \"bonds\""), "bonds");
  expect_error(replace("\"date\": \"2025-11-18\"", "\"date\": \"2025-13-01\""), "2025-13-01");
  expect_error(replace("\"format\": 1", "\"format\": 7"), "format 7");
  expect_error(replace("\"partitions\": [", "\"partitionz\": ["), "'partitions'");
}

TEST(Manifest, HashFileIsXxh3OfTheBytes) {
  TempDir dir;
  touch(dir.path() / "empty", "");
  touch(dir.path() / "a", "tapelab");
  touch(dir.path() / "b", "tapelaB");
  // XXH3-128 of no bytes (xxHash's published test vector).
  EXPECT_EQ(hash_file(dir.path() / "empty"), "xxh3-128:99aa06d3014798d86001c324468d497f");
  EXPECT_EQ(hash_file(dir.path() / "a"), hash_file(dir.path() / "a"));
  EXPECT_NE(hash_file(dir.path() / "a"), hash_file(dir.path() / "b"));
  EXPECT_THROW(hash_file(dir.path() / "missing"), Error);
}

}  // namespace
}  // namespace tapelab::dataset
