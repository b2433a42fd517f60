// The proof of docs/source-data.md#generated-parquet-layouts: one generated
// market, written as dumps and in each of the users' Parquet layouts and
// ingested by `tapelab ingest` as a user would, gives the same partitions
// (the `source` column aside), and the audit counts every census problem the
// generator planted.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "dataset/layout.h"
#include "gen/parquet_columns.h"
#include "layouts/partitions.h"
#include "parquet/reader.h"
#include "parquet/writer.h"
#include "support/command.h"
#include "support/suite_start.h"
#include "support/temp_dir.h"
#include "util/file.h"

namespace tapelab::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const std::vector<std::string> kLayouts = {"raw-parquet", "expiry-packed", "date-packed"};

CommandResult tapelab(std::vector<std::string> args) {
  args.insert(args.begin(), TAPELAB_BINARY);
  return run_command(args);
}

void generate(const fs::path& out, const std::string& layout) {
  const auto run = tapelab({"gen", "--out", out.string(), "--layout", layout, "--days", "2", "--seed", "3"});
  if (run.status != 0) throw std::runtime_error("gen --layout " + layout + ": " + run.err);
}

class IngestedLayouts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_start_.run([] {
      dir_ = new TempDir("tapelab-layouts");
      generate(*dir_ / "gen-dumps", "dumps");
      const auto dumps = tapelab({"ingest", (*dir_ / "gen-dumps").string(), "--out", (*dir_ / "ds-dumps").string()});
      if (dumps.status != 0) throw std::runtime_error("ingest of the dumps: " + dumps.err);
      for (const auto& layout : kLayouts) {
        generate(*dir_ / ("gen-" + layout), layout);
        summaries_[layout] = Json::parse(read_file(*dir_ / ("gen-" + layout) / "gen-summary.json"));
        // First without --keep-going: the census's unreadable files stop it.
        strict_[layout] = tapelab({"ingest", root(layout).string(), "--out", dataset(layout + "-strict").string()});
        const auto run = tapelab({"ingest", root(layout).string(), "--out", dataset(layout).string(), "--keep-going",
                                  "--json"});
        if (run.status != 0) throw std::runtime_error("ingest --keep-going of " + layout + ": " + run.err);
        audits_[layout] = Json::parse(run.out);
      }
    });
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override { suite_start_.require("the generated and ingested layouts"); }

  static fs::path root(const std::string& layout) {
    return *dir_ / ("gen-" + layout) / summaries_[layout]["root"].get<std::string>();
  }
  static fs::path dataset(const std::string& name) { return *dir_ / ("ds-" + name); }

  static inline SuiteStart suite_start_;
  static inline TempDir* dir_ = nullptr;
  static inline std::map<std::string, Json> summaries_, audits_;
  static inline std::map<std::string, CommandResult> strict_;
};

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST_F(IngestedLayouts, RawFilesGiveTheDumpsPartitions) {
  const auto diff = compare_datasets(dataset("dumps"), dataset("raw-parquet"));
  EXPECT_TRUE(diff.differences.empty()) << joined(diff.differences);
  EXPECT_GE(diff.partitions, 12u);  // options, spot, futures x 2 days x 2 underlyings
  EXPECT_GT(diff.rows, 30000u);
}

TEST_F(IngestedLayouts, DatePackedPartsGiveTheDumpsPartitions) {
  const auto diff = compare_datasets(dataset("dumps"), dataset("date-packed"));
  EXPECT_TRUE(diff.differences.empty()) << joined(diff.differences);
  EXPECT_GE(diff.partitions, 12u);
}

// Expiry-packed files lack some dump columns: those are null in the options
// partitions, and every other column is the dumps'.
TEST_F(IngestedLayouts, ExpiryPackedFilesGiveTheDumpsPartitionsWithTheirMissingColumnsNull) {
  std::set<std::string> dropped;
  for (auto name : gen::expiry_packed_dropped()) dropped.insert(std::string(name));
  const auto diff = compare_datasets(dataset("dumps"), dataset("expiry-packed"), dropped);
  EXPECT_TRUE(diff.differences.empty()) << joined(diff.differences);
  EXPECT_GE(diff.partitions, 12u);
  // Compared in full, the options partitions differ in those columns only.
  const auto full = compare_datasets(dataset("dumps"), dataset("expiry-packed"));
  EXPECT_FALSE(full.differences.empty());
  for (const auto& d : full.differences) {
    EXPECT_TRUE(d.starts_with("options/")) << d;
    bool names_a_dropped_column = false;
    for (const auto& c : dropped) names_a_dropped_column |= d.find("column " + c + " ") != std::string::npos;
    EXPECT_TRUE(names_a_dropped_column) << d;
  }
}

// Without --keep-going the first file that cannot give rows (not Parquet, or
// no timestamp column) stops the run, named in the error.
TEST_F(IngestedLayouts, WithoutKeepGoingAnUnreadableFileStopsTheRunAndPublishesNothing) {
  for (const auto& layout : kLayouts) {
    SCOPED_TRACE(layout);
    const auto& run = strict_[layout];
    EXPECT_NE(run.status, 0);
    bool names_one = false;
    for (const char* kind : {"short_file", "no_footer", "no_timestamp"}) {
      for (const auto& p : summaries_[layout]["census"][kind]["paths"]) {
        names_one |= run.err.find(fs::path(p.get<std::string>()).filename().string()) != std::string::npos;
      }
    }
    EXPECT_TRUE(names_one) << run.err;
    EXPECT_TRUE(dataset::list_partitions(dataset(layout + "-strict")).empty());
  }
}

// The generator's census (by kind, paths relative to the layout's folder)
// against the ingest audit's (by kind, the paths as ingested): each planted file is counted under its kind. Real files
// can add to the audit's rows_1970 and ten_rows_or_fewer (a far strike with a
// few rows), and pre-open-only tiny files are also files with 1970 rows.
TEST_F(IngestedLayouts, TheAuditCountsEveryCensusProblemThatWasPlanted) {
  const std::map<std::string, std::vector<std::string>> audit_kinds = {
      {"empty", {"no_rows"}},
      {"null_timestamp", {"timestamp_all_null"}},
      {"rows_1970", {"rows_1970"}},
      {"tiny", {"ten_rows_or_fewer", "rows_1970"}},
      {"no_timestamp", {"no_timestamp_column"}},
      {"short_file", {"not_parquet"}},
      {"no_footer", {"not_parquet"}}};
  for (const auto& layout : kLayouts) {
    SCOPED_TRACE(layout);
    const Json& census = audits_[layout].at("census");
    auto paths_of = [&](const std::string& kind) {
      std::set<std::string> paths;
      if (!census.contains(kind)) return paths;
      for (const auto& p : census[kind]["paths"]) {
        paths.insert(fs::relative(p.get<std::string>(), root(layout)).generic_string());
      }
      EXPECT_EQ(census[kind]["files"].get<size_t>(), paths.size()) << kind;
      return paths;
    };
    for (const auto& [kind, entry] : summaries_[layout]["census"].items()) {
      ASSERT_GE(entry["files"].get<size_t>(), 1u) << kind;
      for (const auto& audit_kind : audit_kinds.at(kind)) {
        const auto counted = paths_of(audit_kind);
        for (const auto& p : entry["paths"]) {
          EXPECT_TRUE(counted.count(p.get<std::string>())) << p << " (" << kind << ") not counted as " << audit_kind;
        }
      }
    }
    // Kinds that only the planted files can have are counted exactly.
    auto planted = [&](std::initializer_list<const char*> kinds) {
      size_t n = 0;
      for (const char* k : kinds) n += summaries_[layout]["census"][k]["files"].get<size_t>();
      return n;
    };
    EXPECT_EQ(paths_of("no_rows").size(), planted({"empty"}));
    EXPECT_EQ(paths_of("timestamp_all_null").size(), planted({"null_timestamp"}));
    EXPECT_EQ(paths_of("no_timestamp_column").size(), planted({"no_timestamp"}));
    EXPECT_EQ(paths_of("not_parquet").size(), planted({"short_file", "no_footer"}));
  }
}

// The comparison behind these proofs sees a single changed value, and lets
// nothing but `source` differ.
TEST_F(IngestedLayouts, TheComparisonFindsAChangedValueAndIgnoresOnlySource) {
  const fs::path copy = *dir_ / "ds-copy";
  fs::copy(dataset("dumps"), copy, fs::copy_options::recursive);
  const auto key = dataset::list_partitions(copy).front();
  const fs::path file = dataset::partition_path(copy, key);
  auto rewrite = [&](const std::string& column, const std::function<void(parquet::ColumnData&)>& change) {
    const parquet::FileReader reader(file);
    std::vector<parquet::ColumnData> columns;
    for (const auto& c : reader.schema().columns) columns.emplace_back(c.type);
    for (auto& batch : reader.read({})) {
      for (size_t k = 0; k < columns.size(); ++k) columns[k].append(batch.columns[k]);
    }
    change(columns[static_cast<size_t>(reader.schema().find(column))]);
    const auto schema = reader.schema();
    parquet::FileWriter writer(file, schema);
    writer.write(columns);
    writer.close();
  };
  rewrite("source", [](parquet::ColumnData& c) {
    parquet::ColumnData other(c.type);
    for (size_t r = 0; r < c.size(); ++r) other.push_string("another/file.parquet");
    c = other;
  });
  EXPECT_TRUE(compare_datasets(dataset("dumps"), copy).differences.empty());
  rewrite("price", [](parquet::ColumnData& c) { c.f64[0] += 0.05; });
  const auto diff = compare_datasets(dataset("dumps"), copy);
  ASSERT_EQ(diff.differences.size(), 1u);
  EXPECT_NE(diff.differences[0].find("column price differs first at row 0"), std::string::npos) << diff.differences[0];
}

}  // namespace
}  // namespace tapelab::testing
