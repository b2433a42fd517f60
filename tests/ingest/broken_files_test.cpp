// A file that fails part-way through (a Parquet file whose last row group is
// damaged, a gzip dump cut off near its end), among good files: under
// --keep-going it is skipped whole, with its path and reason in the audit,
// although some of its rows were already routed to partitions (and maybe
// spilled) when it failed; the dataset is the one the good files alone give.
// Without --keep-going the run stops naming the file and the dataset is
// untouched.
#include <fstream>

#include <fmt/format.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dataset/manifest.h"
#include "helpers.h"
#include "ingest/ingest.h"
#include "parquet/reader.h"
#include "parquet_inputs.h"
#include "util/error.h"

namespace tapelab::ingest {
namespace {

namespace fs = std::filesystem;
using testing::Tick;
using testing::TempDir;
using ::testing::HasSubstr;

IngestOptions options_for(const fs::path& dataset, std::vector<fs::path> inputs, bool keep_going) {
  IngestOptions o;
  o.dataset = dataset;
  o.inputs = std::move(inputs);
  o.jobs = 2;
  o.keep_going = keep_going;
  o.memory_budget = 64 << 10;  // a few hundred rows: the broken file's rows are spilled too when it fails
  return o;
}

std::vector<Tick> good_ticks() {
  return {{"2025-08-11 09:15:00", 100.05, 75, 750, std::nullopt, 100.00, 100.10},
          {"2025-08-11 09:15:01", 100.10, 75, 825, std::nullopt, 100.05, 100.15},
          {"2025-08-12 09:15:00", 90.00, 150, 150, std::nullopt, 89.95, 90.05}};
}

// Rows on 08-11 (a partition the good files have too) and on 08-13 (one
// only this file has), two per row group; the third row group is damaged.
std::vector<Tick> broken_ticks() {
  return {{"2025-08-11 09:15:00", 55.00, 75, 75, std::nullopt, 54.95, 55.05},
          {"2025-08-13 09:15:00", 56.00, 75, 150, std::nullopt, 55.95, 56.05},
          {"2025-08-13 09:15:01", 56.50, 75, 225, std::nullopt, 56.45, 56.55},
          {"2025-08-13 09:15:02", 57.00, 75, 300, std::nullopt, 56.95, 57.05},
          {"2025-08-13 09:15:03", 57.50, 75, 375, std::nullopt, 57.45, 57.55}};
}

// Overwrites the first column chunk of the file's last row group: its page
// header no longer decodes, so reading fails after the earlier row groups.
void damage_last_row_group(const fs::path& file) {
  std::int64_t offset = 0, size = 0;
  {
    const parquet::FileReader reader(file);
    ASSERT_GE(reader.num_row_groups(), 3U);
    const auto& meta = *reader.metadata().row_groups.back().columns.front().meta_data;
    offset = meta.dictionary_page_offset.value_or(meta.data_page_offset);
    size = meta.total_compressed_size;
  }
  std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
  out.seekp(offset);
  const std::string garbage(static_cast<std::size_t>(size), '\xff');
  out.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  ASSERT_TRUE(out.good());
}

const FileAudit& audit_of(const IngestResult& result, const std::string& name) {
  for (const auto& f : result.audit.files) {
    if (fs::path(f.path).filename() == name) return f;
  }
  throw std::runtime_error("no audit for " + name);
}

bool manifest_names_source(const fs::path& dataset, const std::string& name) {
  const auto manifest = testing::read_json(dataset::manifest_path(dataset));
  for (const auto& s : manifest["sources"]) {
    if (s["key"].get<std::string>().find(name) != std::string::npos) return true;
  }
  return false;
}

// dir_/good: good files; dir_/all: them and broken_; dir_/expected: the
// dataset of the good files alone.
class BrokenFile : public ::testing::Test {
 protected:
  // Ingests dir_/all with --keep-going into dir_/ds; broken_'s audit says it was skipped whole.
  IngestResult ingest_keep_going() {
    IngestResult result = ingest(options_for(dir_ / "ds", {dir_ / "all"}, true));
    broken_audit_ = audit_of(result, broken_.filename().string());
    EXPECT_EQ(broken_audit_.skip, FileSkip::kBroken);
    EXPECT_EQ(broken_audit_.rows_added, 0);
    EXPECT_FALSE(broken_audit_.problems.empty());
    for (const auto& p : broken_audit_.problems) EXPECT_THAT(p, HasSubstr(broken_.string()));
    return result;
  }
  TempDir dir_;
  fs::path broken_;
  FileAudit broken_audit_;
};

class BrokenParquet : public BrokenFile {
 protected:
  void SetUp() override {
    testing::write_parquet(dir_ / "good/NIFTY25AUG24000CE.parquet", testing::tick_columns(good_ticks(), {}));
    testing::write_parquet(dir_ / "good/NIFTY25AUG24100PE.parquet", testing::tick_columns(good_ticks(), {}));
    fs::create_directories(dir_ / "all");
    fs::copy(dir_ / "good", dir_ / "all", fs::copy_options::recursive);
    broken_ = dir_ / "all/NIFTY25AUG24200CE.parquet";
    testing::write_parquet(broken_, testing::tick_columns(broken_ticks(), {}), {}, 2);
    damage_last_row_group(broken_);
    ingest(options_for(dir_ / "expected", {dir_ / "good"}, false));
  }
};

TEST_F(BrokenParquet, UnderKeepGoingTheFileIsSkippedWholeThoughItsFirstRowsWereRouted) {
  const auto result = ingest_keep_going();
  EXPECT_THAT(broken_audit_.skip_reason, HasSubstr("stopped after 4 rows (none kept)"));
  EXPECT_EQ(broken_audit_.rows_discarded, 4);  // the first two row groups' rows were routed
  EXPECT_EQ(result.audit.census().at("broken"), std::vector<std::string>{broken_.string()});
  // The dataset the good files alone give: no 08-13 partition, 08-11's rows
  // without the broken file's, and no such source in the manifest.
  EXPECT_EQ(testing::partitions_without_source(dir_ / "ds"), testing::partitions_without_source(dir_ / "expected"));
  EXPECT_FALSE(manifest_names_source(dir_ / "ds", broken_.filename().string()));
  EXPECT_EQ(result.audit.totals().rows_existing, 0);
}

// Without --keep-going: `dir`/all (the good files and `broken`) on top of
// the good files' dataset stops naming `broken` and `why`, and publishes nothing.
void expect_stop_leaving_dataset_untouched(const fs::path& dir, const fs::path& broken, const std::string& why) {
  ingest(options_for(dir / "ds", {dir / "good"}, false));
  const auto before = testing::partition_files(dir / "ds");
  const std::string manifest = testing::read_bytes(dataset::manifest_path(dir / "ds"));
  try {
    ingest(options_for(dir / "ds", {dir / "all"}, false));
    FAIL() << "a file broken part-way must stop the run";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr(broken.string()));
    EXPECT_THAT(e.what(), HasSubstr(why));
  }
  EXPECT_EQ(testing::partition_files(dir / "ds"), before);
  EXPECT_EQ(testing::read_bytes(dataset::manifest_path(dir / "ds")), manifest);
}

TEST_F(BrokenParquet, WithoutKeepGoingTheRunStopsNamingItAndTheDatasetIsUntouched) {
  expect_stop_leaving_dataset_untouched(dir_.path(), broken_, "row group 2");
}

// A dump of four option tables, one row a second for most of a day each
// (the day the good dump starts with), about 10 MB: the reader parses it in
// 4 MiB chunks, so it routes and spills many batches before the cut.
std::string long_dump() {
  std::string text;
  for (const std::string table : {"NIFTY25AUG24000CE", "NIFTY25AUG24100CE", "NIFTY25AUG24200CE", "NIFTY25AUG24300CE"}) {
    std::vector<Tick> ticks;
    for (int s = 0; s < 22000; ++s) {
      const std::string time = fmt::format("2025-08-11 {:02}:{:02}:{:02}", 9 + s / 3600, s / 60 % 60, s % 60);
      ticks.push_back({time, 100.0 + s % 50, 75, 75 * s, std::nullopt, 99.95, 100.05});
    }
    text += testing::dump_table(table, ticks);
  }
  return text;
}

class BrokenGzipDump : public BrokenFile {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "good");
    testing::write_text(dir_ / "good/das_niftyopt_mod.sql", testing::dump_table("NIFTY25AUG24000PE", good_ticks()));
    fs::create_directories(dir_ / "all/late");
    fs::copy(dir_ / "good/das_niftyopt_mod.sql", dir_ / "all/das_niftyopt_mod.sql");
    const std::string gz = testing::gzip(long_dump());
    broken_ = dir_ / "all/late/das_niftyopt_mod.sql.gz";
    testing::write_text(broken_, gz.substr(0, gz.size() * 9 / 10));  // cut off in its last tenth
    ingest(options_for(dir_ / "expected", {dir_ / "good"}, false));
  }
};

TEST_F(BrokenGzipDump, UnderKeepGoingTheDumpIsSkippedWholeThoughItsFirstRowsWereRouted) {
  const auto result = ingest_keep_going();
  EXPECT_THAT(broken_audit_.skip_reason, HasSubstr("truncated gzip"));
  EXPECT_GT(broken_audit_.rows_discarded, 0);
  EXPECT_EQ(testing::partitions_without_source(dir_ / "ds"), testing::partitions_without_source(dir_ / "expected"));
  EXPECT_FALSE(manifest_names_source(dir_ / "ds", "late/"));
  // In the JSON report too.
  const auto report = testing::read_json(audit_dir(dir_ / "ds") / (result.audit.run_id + ".json"));
  EXPECT_EQ(report["totals"]["dropped"]["rows_of_broken_files"], broken_audit_.rows_discarded);
}

TEST_F(BrokenGzipDump, WithoutKeepGoingTheRunStopsNamingItAndTheDatasetIsUntouched) {
  expect_stop_leaving_dataset_untouched(dir_.path(), broken_, "truncated gzip");
}

}  // namespace
}  // namespace tapelab::ingest
