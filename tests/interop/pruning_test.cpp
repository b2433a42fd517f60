// Skipping with our statistics and page index, by DuckDB, arrow-rs and us.
//
// The file is shaped like a day of options ticks: 40 contracts (20 strikes x
// CE/PE) of 5000 rows, sorted by (opt_type, strike, timestamp), row groups cut
// at contract boundaries (4 contracts each), 250-row pages. A strike range
// selects whole row groups; a time window matches inside every contract, so
// only the page index can skip there.
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "interop/canon.h"
#include "interop/node.h"
#include "parquet/reader.h"
#include "parquet/writer.h"

namespace tapelab::interop {
namespace {

namespace fs = std::filesystem;
using parquet::Column;
using parquet::ColumnData;
using parquet::ColumnRange;
using parquet::FileReader;
using parquet::PhysicalType;
using parquet::Predicate;
using parquet::ReadOptions;
using parquet::ReadStats;

constexpr int kStrikes = 20;
constexpr int kContracts = 2 * kStrikes;
constexpr std::size_t kRowsPerContract = 5000;
constexpr int kContractsPerRowGroup = 4;
constexpr std::int64_t kOpenMicros = 1'763'437'500'000'000;  // 2025-11-18 09:15 IST as UTC micros
constexpr int kFirstStrike = 22000;
constexpr int kStrikeStep = 100;

struct DayFile {
  fs::path path;
  std::vector<ColumnData> columns;  // strike, opt_type, ts, ltp, volume
};

int strike_of(int contract) { return kFirstStrike + kStrikeStep * (contract % kStrikes); }
std::int64_t ts_of(std::size_t row_in_contract) {
  // One tick a second, plus a sub-second offset that differs per row.
  return kOpenMicros + static_cast<std::int64_t>(row_in_contract) * 1'000'000 +
         static_cast<std::int64_t>((row_in_contract * 7919) % 1'000'000);
}

DayFile write_day(const fs::path& path, bool page_index) {
  parquet::Schema schema{{Column::int32("strike"), Column::string("opt_type"),
                          Column::timestamp("ts", parquet::TimeUnit::MICROS, false),
                          Column::float64("ltp"), Column::int64("volume")}};
  parquet::WriterOptions options;
  options.page_row_limit = 250;
  options.page_index = page_index;
  parquet::FileWriter writer(path, schema, options);
  DayFile day{path, {}};
  for (const auto& c : schema.columns) day.columns.emplace_back(c.type);
  std::vector<ColumnData> group;
  for (int contract = 0; contract < kContracts; ++contract) {
    if (contract % kContractsPerRowGroup == 0) {
      group.clear();
      for (const auto& c : schema.columns) group.emplace_back(c.type);
    }
    std::uint64_t h = 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(contract + 1);
    for (std::size_t r = 0; r < kRowsPerContract; ++r) {
      h ^= h << 13, h ^= h >> 7, h ^= h << 17;
      group[0].i32.push_back(strike_of(contract));
      group[1].push_string(contract < kStrikes ? "CE" : "PE");
      group[2].i64.push_back(ts_of(r));
      group[3].f64.push_back(static_cast<double>(h % 4'000'000) / 20.0);
      group[4].i64.push_back(static_cast<std::int64_t>(r * 75 + h % 75));
    }
    if (contract % kContractsPerRowGroup == kContractsPerRowGroup - 1) {
      writer.write_row_group(group);
      for (std::size_t k = 0; k < group.size(); ++k) day.columns[k].append(group[k]);
    }
  }
  writer.close();
  return day;
}

fs::path out_dir() {
  const fs::path dir = fs::path(TAPELAB_INTEROP_OUT) / "pruning";
  fs::create_directories(dir);
  return dir;
}

// The rows of `day` (projected on `cols`) whose strike is in [lo, hi] and ts
// in [t0, t1], computed by brute force.
std::vector<ColumnData> expected_rows(const DayFile& day, const std::vector<std::size_t>& cols,
                                      int lo, int hi, std::int64_t t0, std::int64_t t1) {
  const auto n = day.columns[0].size();
  std::vector<std::uint8_t> keep(n);
  for (std::size_t r = 0; r < n; ++r) {
    keep[r] = day.columns[0].i32[r] >= lo && day.columns[0].i32[r] <= hi &&
              day.columns[2].i64[r] >= t0 && day.columns[2].i64[r] <= t1;
  }
  std::vector<ColumnData> out;
  for (auto c : cols) {
    out.push_back(day.columns[c]);
    out.back().filter(keep);
  }
  return out;
}

std::vector<ColumnData> concat(std::vector<parquet::Batch> batches, std::size_t ncols,
                               const Column* schema, const std::vector<std::size_t>& cols) {
  std::vector<ColumnData> out;
  for (std::size_t k = 0; k < ncols; ++k) out.emplace_back(schema[cols[k]].type);
  for (auto& b : batches) {
    for (std::size_t k = 0; k < ncols; ++k) out[k].append(b.columns[k]);
  }
  return out;
}

TEST(Pruning, DuckDBReadsOnlyTheRowGroupsOurStatisticsAllow) {
  const std::string problem = node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  const DayFile day = write_day(out_dir() / "day_stats.parquet", true);
  const int strike = kFirstStrike + 4 * kStrikeStep;  // contract 4 (CE) and 24 (PE)
  const NodeRun run = run_node_script(
      "pruning.mjs", {day.path.string(), "strike", std::to_string(strike), std::to_string(strike)});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto result = nlohmann::json::parse(run.output);
  const auto& selective = result.at("selective");
  const auto& full = result.at("full");
  ASSERT_EQ(result.at("row_groups").get<int>(), kContracts / kContractsPerRowGroup);
  EXPECT_EQ(selective.at("rows").get<std::size_t>(), 2 * kRowsPerContract);
  EXPECT_EQ(full.at("rows").get<std::size_t>(), 2 * kRowsPerContract);
  // The two contracts live in row groups 4/4 = 1 and 24/4 = 6.
  EXPECT_EQ(selective.at("row_groups_read").get<std::vector<int>>(), (std::vector<int>{1, 6})) << run.output;
  EXPECT_EQ(full.at("row_groups_read").get<std::vector<int>>().size(), 10u) << run.output;
  EXPECT_LT(selective.at("bytes").get<std::int64_t>() * 4, full.at("bytes").get<std::int64_t>()) << run.output;
}

TEST(Pruning, OurPageIndexSkipsPagesInsideEveryRowGroup) {
  const DayFile day = write_day(out_dir() / "day_pages.parquet", true);
  const FileReader reader(day.path);
  const std::vector<std::size_t> cols = {2, 3, 0};  // ts, ltp, strike
  const std::int64_t t0 = ts_of(2000), t1 = ts_of(2049);

  ReadOptions options;
  options.columns = {"ts", "ltp", "strike"};
  options.predicate = Predicate{{ColumnRange{"ts", t0, t1}}};
  ReadStats stats;
  auto got = concat(reader.read(options, &stats), 3, reader.schema().columns.data(), cols);
  auto want = expected_rows(day, cols, 0, 1 << 30, t0, t1);
  ASSERT_EQ(want[0].size(), 50u * kContracts);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_TRUE(got[k] == want[k]) << "column " << k;

  // Every row group holds matching rows, so statistics cannot skip any; the
  // page index leaves one or two pages of 20 per contract and column.
  EXPECT_EQ(stats.row_groups_read, stats.row_groups_total);
  EXPECT_EQ(stats.pages_total, 3 * kContracts * static_cast<std::int64_t>(kRowsPerContract / 250));
  EXPECT_GE(stats.pages_read, 3 * kContracts);
  EXPECT_LE(stats.pages_read, 2 * 3 * kContracts);

  // The row ranges the page index leaves in row group 0 cover each
  // contract's window and little more.
  const auto ranges = reader.select_rows(0, options.predicate);
  std::int64_t covered = 0;
  for (const auto& r : ranges) covered += r.end - r.begin;
  EXPECT_GE(covered, 50 * kContractsPerRowGroup);
  EXPECT_LE(covered, 2 * 250 * kContractsPerRowGroup);

  // With the page index off, the same read decodes every page.
  ReadStats no_index_stats;
  options.use_page_index = false;
  auto got_no_index = concat(reader.read(options, &no_index_stats), 3, reader.schema().columns.data(), cols);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_TRUE(got_no_index[k] == want[k]) << "column " << k;
  EXPECT_EQ(no_index_stats.pages_read, no_index_stats.pages_total);
}

TEST(Pruning, StatisticsAndPageIndexTogetherNarrowToOneContractWindow) {
  const DayFile day = write_day(out_dir() / "day_both.parquet", true);
  const FileReader reader(day.path);
  const int strike = kFirstStrike + 9 * kStrikeStep;  // contracts 9 (rg 2) and 29 (rg 7)
  const std::int64_t t0 = ts_of(4100), t1 = ts_of(4120);
  ReadOptions options;
  options.predicate = Predicate{{ColumnRange{"strike", std::int64_t{strike}, std::int64_t{strike}},
                                 ColumnRange{"ts", t0, t1}}};
  ReadStats stats;
  const std::vector<std::size_t> all = {0, 1, 2, 3, 4};
  auto got = concat(reader.read(options, &stats), 5, reader.schema().columns.data(), all);
  auto want = expected_rows(day, all, strike, strike, t0, t1);
  ASSERT_EQ(want[0].size(), 2u * 21);
  for (std::size_t k = 0; k < 5; ++k) EXPECT_TRUE(got[k] == want[k]) << "column " << k;
  EXPECT_EQ(reader.select_row_groups(options.predicate), (std::vector<std::size_t>{2, 7}));
  EXPECT_EQ(stats.row_groups_read, 2);
  EXPECT_EQ(stats.row_groups_total, 10);
  // Strike is constant per contract, so its pages leave the whole contract;
  // ts narrows that to one or two pages per column in each of the 2 groups.
  EXPECT_LE(stats.pages_read, 2 * 2 * 5);
}

// arrow-rs has no predicate API, but its async reader turns a row slice into
// page ranges through the OffsetIndex. It fetching a small fraction of the
// bytes from our file, and whole column chunks from the same file written
// without a page index, shows it uses our OffsetIndex.
TEST(Pruning, ArrowRsFetchesOnlyThePagesOurOffsetIndexPointsTo) {
  const std::string problem = node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  const DayFile indexed = write_day(out_dir() / "day_arrow_index.parquet", true);
  const DayFile plain = write_day(out_dir() / "day_arrow_no_index.parquet", false);
  const std::size_t offset = 5 * kContractsPerRowGroup * kRowsPerContract + 1234;  // row group 5
  auto fetch = [&](const DayFile& d) {
    const NodeRun run = run_node_script("page_fetch.mjs", {d.path.string(), "ltp", std::to_string(offset), "10"});
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return nlohmann::json::parse(run.output);
  };
  const auto with_index = fetch(indexed);
  const auto without_index = fetch(plain);

  const FileReader reader(indexed.path);
  const auto& chunk = reader.metadata().row_groups[5].columns[3].meta_data;
  const auto chunk_bytes = chunk->total_compressed_size;
  std::vector<std::string> want;
  for (std::size_t r = offset; r < offset + 10; ++r) want.push_back(canonical_value(reader.schema().columns[3], indexed.columns[3], r));
  std::vector<std::string> got_indexed, got_plain;
  for (const auto& v : with_index.at("values")) got_indexed.push_back(fmt::format("{}", v.get<double>()));
  for (const auto& v : without_index.at("values")) got_plain.push_back(fmt::format("{}", v.get<double>()));
  EXPECT_EQ(got_indexed, want);
  EXPECT_EQ(got_plain, want);
  // arrow-rs loads the whole page index first (all columns and row groups),
  // then the pages; without an index it must fetch the whole column chunk.
  std::int64_t index_bytes = 0;
  for (const auto& rg : reader.metadata().row_groups) {
    for (const auto& c : rg.columns) index_bytes += c.column_index_length.value_or(0) + c.offset_index_length.value_or(0);
  }
  ASSERT_GT(index_bytes, 0);
  EXPECT_GE(without_index.at("fetched_bytes").get<std::int64_t>(), chunk_bytes);
  EXPECT_LT((with_index.at("fetched_bytes").get<std::int64_t>() - index_bytes) * 4, chunk_bytes)
      << "with index " << with_index.at("fetched_bytes") << " (page index " << index_bytes << "), chunk " << chunk_bytes;
}

}  // namespace
}  // namespace tapelab::interop
