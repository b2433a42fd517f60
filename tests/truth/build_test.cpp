// `tapelab truth build` on the generated dataset (2 days, NIFTY and
// BANKNIFTY): where the files go and what they are named, the manifest, the
// same bytes for every thread count, incremental rebuilds, skipped days with
// their reasons, and DuckDB and Polars reading the tables, DuckDB also
// recomputing the spot features from the dataset without our code.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "dataset/publisher.h"
#include "interop/node.h"
#include "parquet/reader.h"
#include "support/generated_dataset.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "truth/build.h"
#include "truth/layout.h"
#include "truth/table_writer.h"
#include "truth/truth_manifest.h"
#include "util/file.h"

namespace tapelab::truth {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using tapelab::testing::generated_dataset;
using tapelab::testing::published_file_hashes;
using tapelab::testing::run_tapelab;
using tapelab::testing::shell_quote;
using tapelab::testing::TempDir;

const domain::Date kDay = domain::Date::from_ymd(2025, 11, 17);
const domain::Date kNextDay = domain::Date::from_ymd(2025, 11, 18);

struct CliRun {
  int exit_code = -1;
  std::string out;
};

CliRun truth_build(const fs::path& dataset, const fs::path& out, const std::string& flags = "") {
  TempDir logs("tapelab-truth-log");
  CliRun run;
  run.exit_code = run_tapelab(fmt::format("truth build --data {} --out {} {}", shell_quote(dataset.string()),
                                          shell_quote(out.string()), flags),
                              logs / "out.txt", logs / "err.txt");
  run.out = read_file(logs / "out.txt") + read_file(logs / "err.txt");
  return run;
}

// One truth of the whole generated dataset for the suite, on 2 threads.
struct Built {
  TempDir dir{"tapelab-truth"};
  fs::path root = dir.path() / "truth";
  CliRun run = truth_build(generated_dataset(), root, "--threads 2");
};
const Built& built() {
  static const Built b;
  return b;
}

TEST(TruthBuild, BuildsEveryDayAndUnderlying) {
  const Built& b = built();
  ASSERT_EQ(b.run.exit_code, 0) << b.run.out;
  EXPECT_THAT(b.run.out, HasSubstr("4 days built, 0 unchanged, 0 skipped"));
  const TruthManifest m = TruthManifest::load(b.root);
  ASSERT_EQ(m.days.size(), 4U);
  for (const TruthDay& day : m.days) {
    ASSERT_EQ(day.files.size(), kTruthTables.size());
    EXPECT_EQ(day.files[0].rows, 22501) << day.date.to_string() << " " << day.underlying;
    EXPECT_EQ(day.dataset_manifest_hash, dataset::hash_file(dataset::manifest_path(generated_dataset())));
    for (const TruthFile& f : day.files) EXPECT_EQ(dataset::hash_file(b.root / f.path), f.content_hash) << f.path;
  }
  // Provenance: in each file's metadata and in provenance.json.
  const parquet::FileReader reader(b.root / m.days[0].files[0].path);
  std::string provenance;
  for (const parquet::KeyValue& kv : reader.metadata().key_value_metadata) {
    if (kv.key == kProvenanceKey) provenance = kv.value.value_or("");
  }
  const nlohmann::json p = nlohmann::json::parse(provenance);
  EXPECT_EQ(p["tapelab_version"], "0.1.0");
  EXPECT_EQ(p["truth_schema_version"], kTruthSchemaVersion);
  EXPECT_EQ(p["key"]["parameters"]["accel_eps"], 1e-12);
  EXPECT_EQ(p["dataset_manifest_hash"], m.days[0].dataset_manifest_hash);
  EXPECT_TRUE(fs::exists(b.root / "provenance.json"));
}

TEST(TruthBuild, Defect1_UnderlyingInEveryPathAndName) {
  const Built& b = built();
  int files = 0;
  for (const auto& [relative, hash] : published_file_hashes(b.root)) {
    if (!relative.ends_with(".parquet")) continue;
    ++files;
    const fs::path path(relative);
    const std::string underlying = path.parent_path().filename().string().substr(std::string("underlying=").size());
    EXPECT_TRUE(underlying == "NIFTY" || underlying == "BANKNIFTY") << relative;
    EXPECT_THAT(path.filename().string(), HasSubstr("-" + underlying + "-")) << relative;
  }
  EXPECT_EQ(files, 16);  // 4 tables x 2 days x 2 underlyings, none overwriting another
  EXPECT_TRUE(fs::exists(b.root / table_file(TruthTable::kFeatures, kDay, "NIFTY")));
  EXPECT_TRUE(fs::exists(b.root / table_file(TruthTable::kFeatures, kDay, "BANKNIFTY")));
  EXPECT_EQ(table_file(TruthTable::kAtmOptions, kDay, "BANKNIFTY").generic_string(),
            "atm_options/date=2025-11-17/underlying=BANKNIFTY/atm_options-BANKNIFTY-2025-11-17.parquet");
}

TEST(TruthBuild, Defect5_AtmOptionsWrittenForEveryDay) {
  const TruthManifest m = TruthManifest::load(built().root);
  for (const TruthDay& day : m.days) {
    ASSERT_EQ(day.files.size(), kTruthTables.size());
    EXPECT_EQ(day.files[1].table, "atm_options");
    // Ten contracts a second (ATM +-2 steps, CE and PE) for every second with a spot.
    EXPECT_GT(day.files[1].rows, 0) << day.date.to_string() << " " << day.underlying;
    EXPECT_EQ(day.files[1].rows % 10, 0);
    EXPECT_LE(day.files[1].rows, 10 * day.files[0].rows);
  }
}

TEST(TruthBuild, ByteIdenticalAcrossThreadCounts) {
  TempDir dir("tapelab-truth-threads");
  const CliRun one = truth_build(generated_dataset(), dir / "one", "--threads 1");
  ASSERT_EQ(one.exit_code, 0) << one.out;
  std::map<std::string, std::string> theirs = published_file_hashes(built().root);
  std::map<std::string, std::string> ours = published_file_hashes(dir / "one");
  theirs.erase("provenance.json");  // names the output folder
  ours.erase("provenance.json");
  EXPECT_EQ(ours, theirs);
}

TEST(TruthBuild, IncrementalRebuildsOnlyWhatChanged) {
  TempDir dir("tapelab-truth-incremental");
  const fs::path root = dir / "truth";
  ASSERT_EQ(truth_build(generated_dataset(), root).exit_code, 0);
  const auto first = published_file_hashes(root);
  // Nothing changed: nothing rebuilt, the files are the same.
  const CliRun again = truth_build(generated_dataset(), root);
  EXPECT_THAT(again.out, HasSubstr("0 days built, 4 unchanged, 0 skipped")) << again.out;
  EXPECT_EQ(published_file_hashes(root), first);
  // A missing file: that day alone is rebuilt, to the same bytes.
  fs::remove(root / table_file(TruthTable::kAtmOptions, kNextDay, "NIFTY"));
  const CliRun repair = truth_build(generated_dataset(), root);
  EXPECT_THAT(repair.out, HasSubstr("1 days built, 3 unchanged")) << repair.out;
  EXPECT_EQ(published_file_hashes(root), first);
  // Another parameter: the key changes and every selected day is rebuilt.
  BuildOptions options;
  options.days.underlyings = {"BANKNIFTY"};
  options.params.accel_eps = 1e-9;
  const BuildReport report = build_truth(generated_dataset(), root, options);
  EXPECT_EQ(report.built.size(), 2U);
  EXPECT_EQ(report.unchanged, 0);
  const TruthManifest m = TruthManifest::load(root);
  EXPECT_EQ(m.find(kDay, "BANKNIFTY")->key["parameters"]["accel_eps"], 1e-9);
  EXPECT_EQ(m.find(kDay, "NIFTY")->key["parameters"]["accel_eps"], 1e-12);
}

// A copy of the generated dataset to damage.
fs::path copy_of_dataset(const TempDir& dir) {
  const fs::path copy = dir / "dataset";
  fs::copy(generated_dataset(), copy, fs::copy_options::recursive);
  return copy;
}

TEST(TruthBuild, Defect2_ExtraFileInAPartitionIsAnErrorNotSilentlyDropped) {
  TempDir dir("tapelab-truth-extra");
  const fs::path data = copy_of_dataset(dir);
  const fs::path options = dataset::partition_path(data, {dataset::TableKind::kOptions, kDay, "NIFTY"});
  fs::copy_file(options, options.parent_path() / "part-1.parquet");
  const CliRun run = truth_build(data, dir / "truth");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr("skipped 2025-11-17 NIFTY:"));
  EXPECT_THAT(run.out, HasSubstr("part-1.parquet"));
  EXPECT_THAT(run.out, HasSubstr("3 days built, 0 unchanged, 1 skipped"));
  const TruthManifest m = TruthManifest::load(dir / "truth");
  ASSERT_EQ(m.skipped.size(), 1U);
  EXPECT_THAT(m.skipped[0].reason, HasSubstr("part-1.parquet"));
  EXPECT_FALSE(fs::exists(dir / "truth" / table_file(TruthTable::kFeatures, kDay, "NIFTY")));
}

TEST(TruthBuild, ADayWithoutSpotIsSkippedWithItsReasonAndItsOldTablesRemoved) {
  TempDir dir("tapelab-truth-nospot");
  const fs::path data = copy_of_dataset(dir);
  ASSERT_EQ(truth_build(data, dir / "truth").exit_code, 0);
  fs::remove(dataset::partition_path(data, {dataset::TableKind::kSpot, kNextDay, "BANKNIFTY"}));
  const CliRun run = truth_build(data, dir / "truth");
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr("skipped 2025-11-18 BANKNIFTY: no spot partition"));
  EXPECT_THAT(run.out, HasSubstr("0 days built, 3 unchanged, 1 skipped"));
  EXPECT_FALSE(fs::exists(dir / "truth" / table_file(TruthTable::kFeatures, kNextDay, "BANKNIFTY")));
  EXPECT_EQ(TruthManifest::load(dir / "truth").find(kNextDay, "BANKNIFTY"), nullptr);
}

// How many of a features file's seconds have a periodicity factor.
std::size_t vol_factors(const fs::path& features) {
  parquet::ReadOptions read;
  read.columns = {"vol_factor"};
  std::size_t valid = 0;
  for (const parquet::Batch& batch : parquet::FileReader(features).read(read)) {
    for (std::size_t r = 0; r < batch.num_rows(); ++r) valid += batch.columns[0].is_valid(r) ? 1 : 0;
  }
  return valid;
}

// With one day of history required, the generated dataset's second day has
// the intraday periodicity from its first; removing the first day's spot
// changes the second day's key, which rebuilds it without.
TEST(TruthBuild, IntradayPeriodicityComesFromThePastDaysWhoseSpotIsInTheKey) {
  TempDir dir("tapelab-truth-periodicity");
  const fs::path data = copy_of_dataset(dir);
  const fs::path params = dir / "params.json";
  write_file_atomically(params, R"({"periodicity_min_days": 1, "periodicity_bin_s": 1800})");
  const std::string flags = "--underlying NIFTY --params " + shell_quote(params.string());
  const CliRun run = truth_build(data, dir / "truth", flags);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr("periodicity off: 0 days of history, 1 needed"));
  EXPECT_THAT(run.out, HasSubstr("periodicity from 1 days"));
  const TruthManifest m = TruthManifest::load(dir / "truth");
  EXPECT_EQ(m.find(kNextDay, "NIFTY")->periodicity, "periodicity from 1 days");
  EXPECT_EQ(m.find(kNextDay, "NIFTY")->key["periodicity_inputs"].size(), 1U);
  EXPECT_TRUE(m.find(kNextDay, "NIFTY")->key["periodicity_inputs"].contains("2025-11-17"));
  EXPECT_EQ(vol_factors(dir / "truth" / table_file(TruthTable::kFeatures, kDay, "NIFTY")), 0U);
  EXPECT_EQ(vol_factors(dir / "truth" / table_file(TruthTable::kFeatures, kNextDay, "NIFTY")), 22501U);

  fs::remove(dataset::partition_path(data, {dataset::TableKind::kSpot, kDay, "NIFTY"}));
  const CliRun again = truth_build(data, dir / "truth", flags);
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_THAT(again.out, HasSubstr("1 days built, 0 unchanged, 1 skipped"));
  EXPECT_EQ(TruthManifest::load(dir / "truth").find(kNextDay, "NIFTY")->periodicity,
            "periodicity off: 0 days of history, 1 needed");
  EXPECT_EQ(vol_factors(dir / "truth" / table_file(TruthTable::kFeatures, kNextDay, "NIFTY")), 0U);
}

TEST(TruthBuild, RefusesToWriteOverADatasetOrAForeignFolder) {
  const CliRun into_dataset = truth_build(generated_dataset(), generated_dataset());
  EXPECT_NE(into_dataset.exit_code, 0);
  EXPECT_THAT(into_dataset.out, HasSubstr("another folder than the dataset"));
  TempDir dir("tapelab-truth-foreign");
  { std::ofstream(dir / "notes.txt") << "mine"; }
  const CliRun foreign = truth_build(generated_dataset(), dir.path());
  EXPECT_NE(foreign.exit_code, 0);
  EXPECT_THAT(foreign.out, HasSubstr("is not a truth folder"));
  EXPECT_TRUE(fs::exists(dir / "notes.txt"));
}

// Every day the manifest lists has all its files, with the listed bytes, and
// no table file lies outside the manifest: whole days or nothing.
void expect_whole_days(const fs::path& root) {
  const TruthManifest m = TruthManifest::load(root);
  std::set<std::string> listed;
  for (const TruthDay& day : m.days) {
    ASSERT_EQ(day.files.size(), kTruthTables.size());
    for (const TruthFile& f : day.files) {
      ASSERT_TRUE(fs::exists(root / f.path)) << f.path;
      EXPECT_EQ(dataset::hash_file(root / f.path), f.content_hash) << f.path;
      listed.insert(f.path);
    }
  }
  for (const auto& [relative, hash] : published_file_hashes(root)) {
    if (relative.ends_with(".parquet")) {
      EXPECT_TRUE(listed.contains(relative)) << relative << " is not in the manifest";
    }
  }
}

TEST(TruthBuild, AKilledBuildLeavesWholeDaysOrNone) {
  // Publish steps of a first build of 4 days: 1 manifest staged, 2 journal
  // written (the commit point), 3-10 the eight files renamed, 11 manifest installed.
  const fs::path& data = generated_dataset();  // made before the kill switch is set
  for (const int step : {1, 2, 6, 11}) {
    TempDir dir("tapelab-truth-kill");
    const fs::path root = dir / "truth";
    ::setenv("TAPELAB_PUBLISH_KILL_AT", std::to_string(step).c_str(), 1);
    const CliRun killed = truth_build(data, root, "--threads 1");
    ::unsetenv("TAPELAB_PUBLISH_KILL_AT");
    ASSERT_THAT(killed.out, HasSubstr(fmt::format("killed at publish step {}", step)));
    dataset::recover(root);  // what the next reader or writer does first
    expect_whole_days(root);
    EXPECT_EQ(TruthManifest::load(root).days.size(), step == 1 ? 0U : 4U) << "killed at step " << step;
  }
}

bool close_enough(double ours, double theirs) {
  return std::abs(ours - theirs) <= 1e-9 * std::max(std::abs(ours), std::abs(theirs)) || ours == theirs;
}

TEST(TruthBuild, DuckDbAndPolarsReadEveryTableAndDuckDbAgreesOnSpotFeatures) {
  const std::string problem = interop::node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  const Built& b = built();
  TempDir dir("tapelab-truth-readers");
  const fs::path json_file = dir / "readers.json";
  const std::string command = fmt::format(
      "node {} {} {} {} 2025-11-17 NIFTY > {} 2>&1", shell_quote(TAPELAB_SOURCE_DIR "/tests/truth/truth_readers.mjs"),
      shell_quote(b.root.string()), shell_quote(generated_dataset().string()),
      shell_quote(TAPELAB_SOURCE_DIR "/tools/interop"), shell_quote(json_file.string()));
  const int status = std::system(command.c_str());
  const std::string text = read_file(json_file);
  ASSERT_EQ(status, 0) << text;
  const nlohmann::json j = nlohmann::json::parse(text);
  const TruthManifest m = TruthManifest::load(b.root);
  for (std::size_t t = 0; t < kTruthTables.size(); ++t) {
    const std::string name(table_name(kTruthTables[t]));
    std::int64_t rows = 0;
    for (const TruthDay& d : m.days) rows += d.files[t].rows;
    EXPECT_EQ(j["duckdb"][name], rows) << name;
    EXPECT_EQ(j["polars"][name], rows) << name;
  }
  EXPECT_GT(j["duckdb"]["events"].get<std::int64_t>(), 0);  // the generated days have bursts, pulls, ...
  EXPECT_EQ(j["duckdb"]["underlyings"], nlohmann::json::array({"BANKNIFTY", "NIFTY"}));
  EXPECT_EQ(j["duckdb"]["dates"], nlohmann::json::array({"2025-11-17", "2025-11-18"}));

  // DuckDB's ASOF JOIN and window functions against our columns, every second.
  const parquet::FileReader reader(b.root / table_file(TruthTable::kFeatures, kDay, "NIFTY"));
  parquet::ReadOptions read;
  read.columns = {"time", "spot", "ret_1s", "rv_10", "accel_10"};
  std::vector<parquet::ColumnData> ours(read.columns.size());
  for (const parquet::Batch& batch : reader.read(read)) {
    for (std::size_t c = 0; c < ours.size(); ++c) {
      if (ours[c].size() == 0) ours[c] = parquet::ColumnData(batch.columns[c].type);
      ours[c].append(batch.columns[c]);
    }
  }
  const nlohmann::json& theirs = j["asof"];
  ASSERT_EQ(theirs.size(), ours[0].size());
  std::int64_t compared = 0;
  for (std::size_t r = 0; r < theirs.size(); ++r) {
    ASSERT_EQ(theirs[r][0].get<std::int64_t>(), ours[0].i64[r]) << r;
    for (std::size_t c = 1; c < ours.size(); ++c) {
      const nlohmann::json& value = theirs[r][c];
      ASSERT_EQ(value.is_null(), !ours[c].is_valid(r)) << read.columns[c] << " row " << r;
      if (value.is_null()) continue;
      ASSERT_TRUE(close_enough(ours[c].f64[r], value.get<double>()))
          << read.columns[c] << " row " << r << ": ours " << ours[c].f64[r] << ", DuckDB " << value.get<double>();
      ++compared;
    }
  }
  EXPECT_GT(compared, 4 * 22000);  // spot, ret_1s, rv_10 and accel_10 at almost every second
}

}  // namespace
}  // namespace tapelab::truth
