#include <map>
#include <mutex>

#include <gtest/gtest.h>

#include "parquet/reader.h"
#include "parquet/writer.h"
#include "util/error.h"

namespace tapelab::parquet {
namespace {

// An options-shaped table: strikes ascending (100 rows each), timestamps
// ascending inside each strike; 4 row groups of 2500 rows, pages of 250 rows.
struct Fixture {
  Schema schema;
  std::vector<ColumnData> table;
  std::string file;
  Fixture() {
    schema.columns = {Column::int32("strike"), Column::timestamp("ts", TimeUnit::MICROS, false),
                      Column::float64("ltp", true), Column::string("opt_type")};
    table = {ColumnData(PhysicalType::INT32), ColumnData(PhysicalType::INT64), ColumnData(PhysicalType::DOUBLE),
             ColumnData(PhysicalType::BYTE_ARRAY)};
    for (int i = 0; i < 10000; ++i) {
      table[0].i32.push_back(20000 + (i / 100) * 50);
      table[1].i64.push_back(1'000'000LL * (i % 100));
      if (i % 10 == 0) {
        table[2].push_null();
      } else {
        if (!table[2].valid.empty()) table[2].valid.push_back(1);
        table[2].f64.push_back(i * 0.5);
      }
      table[3].push_string(i < 5000 ? "CE" : "PE");
    }
    WriterOptions o;
    o.row_group_rows = 2500;
    o.page_row_limit = 250;
    file = write_to_buffer(schema, table, o);
  }
};

std::size_t rows_of(const std::vector<Batch>& batches) {
  std::size_t n = 0;
  for (const Batch& b : batches) n += b.num_rows();
  return n;
}

TEST(Pruning, StrikeBetweenReadsOnlyMatchingRowGroupsAndPages) {
  Fixture f;
  FileReader r(f.file, "prune.parquet");
  ReadOptions o;
  o.columns = {"ts", "ltp"};
  o.predicate.ranges = {ColumnRange{"strike", std::int64_t{21000}, std::int64_t{21100}}};
  ReadStats stats;
  auto batches = r.read(o, &stats);
  // Strikes 21000..21100 are rows 2000..2299: row group 0, pages 8 and 9.
  EXPECT_EQ(stats.row_groups_total, 4);
  EXPECT_EQ(stats.row_groups_read, 1);
  EXPECT_EQ(stats.pages_read, 3 * 2);  // two pages each of ts, ltp and the predicate column strike
  EXPECT_EQ(rows_of(batches), 300u);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].columns.size(), 2u);  // the predicate column is dropped again
  EXPECT_EQ(batches[0].columns[0].i64.front(), 0);
  EXPECT_EQ(batches[0].columns[1].f64[1], 2001 * 0.5);
  EXPECT_FALSE(batches[0].columns[1].is_valid(0));  // row 2000 is null
}

TEST(Pruning, ParallelScanSeesTheSameRowsAsRead) {
  Fixture f;
  FileReader r(f.file, "prune.parquet");
  for (bool with_predicate : {false, true}) {
    ReadOptions o;
    o.columns = {"strike", "ts", "ltp", "opt_type"};
    if (with_predicate) o.predicate.ranges = {ColumnRange{"strike", std::int64_t{20500}, std::int64_t{23000}}};
    ReadStats read_stats;
    std::vector<Batch> expected = r.read(o, &read_stats);
    // Workers reuse their Batch, so the sink copies what it keeps; order is
    // unspecified, so batches are matched by row group.
    std::mutex mutex;
    std::map<std::size_t, Batch> seen;
    ReadStats scan_stats;
    r.scan_parallel(o, [&](const Batch& b) {
      std::lock_guard lock(mutex);
      EXPECT_TRUE(seen.emplace(b.row_group, b).second) << "row group " << b.row_group << " twice";
    }, &scan_stats);
    ASSERT_EQ(seen.size(), expected.size());
    for (const Batch& e : expected) {
      ASSERT_TRUE(seen.count(e.row_group));
      EXPECT_EQ(seen[e.row_group].columns, e.columns) << "row group " << e.row_group;
    }
    EXPECT_EQ(scan_stats.row_groups_read, read_stats.row_groups_read);
    EXPECT_EQ(scan_stats.pages_read, read_stats.pages_read);
  }
}

TEST(Pruning, WithoutPageIndexReadsWholeRowGroups) {
  Fixture f;
  FileReader r(f.file, "prune.parquet");
  ReadOptions o;
  o.columns = {"ts"};
  o.predicate.ranges = {ColumnRange{"strike", std::int64_t{21000}, std::int64_t{21100}}};
  o.use_page_index = false;
  ReadStats stats;
  auto batches = r.read(o, &stats);
  EXPECT_EQ(stats.row_groups_read, 1);
  EXPECT_EQ(stats.pages_read, 20);  // ts and strike, 10 pages each
  EXPECT_EQ(rows_of(batches), 300u);
}

TEST(Pruning, ConjunctionOfRangesMatchesBruteForce) {
  Fixture f;
  FileReader r(f.file, "prune.parquet");
  ReadOptions o;
  o.columns = {"strike", "ts", "ltp", "opt_type"};
  o.predicate.ranges = {ColumnRange{"ts", std::int64_t{90'000'000}, std::nullopt},
                        ColumnRange{"opt_type", std::string("PE"), std::string("PE")},
                        ColumnRange{"ltp", 3000.0, 4000.25}};
  std::size_t expected = 0;
  for (std::size_t i = 0; i < 10000; ++i) {
    bool ok = f.table[1].i64[i] >= 90'000'000 && f.table[3].string_at(i) == "PE" && f.table[2].is_valid(i) &&
              f.table[2].f64[i] >= 3000.0 && f.table[2].f64[i] <= 4000.25;
    expected += ok;
  }
  ReadStats stats;
  auto batches = r.read(o, &stats);
  EXPECT_EQ(rows_of(batches), expected);
  EXPECT_LT(stats.pages_read, stats.pages_total);
  for (const Batch& b : batches) {
    for (std::size_t i = 0; i < b.num_rows(); ++i) {
      EXPECT_GE(b.columns[1].i64[i], 90'000'000);
      EXPECT_EQ(b.columns[3].string_at(i), "PE");
    }
  }
}

TEST(Pruning, SelectRowGroupsAndRowsExposeThePlan) {
  Fixture f;
  FileReader r(f.file, "prune.parquet");
  Predicate p;
  p.ranges = {ColumnRange{"strike", std::int64_t{22500}, std::nullopt}};
  EXPECT_EQ(r.select_row_groups(p), (std::vector<std::size_t>{2, 3}));
  Predicate q;
  q.ranges = {ColumnRange{"strike", std::nullopt, std::int64_t{20049}}};
  EXPECT_EQ(r.select_rows(0, q), (std::vector<RowRange>{{0, 250}}));
  Predicate none;
  none.ranges = {ColumnRange{"strike", std::int64_t{1}, std::int64_t{2}}};
  EXPECT_TRUE(r.select_row_groups(none).empty());
  ReadOptions o;
  o.predicate = none;
  EXPECT_TRUE(r.read(o).empty());
}

TEST(Pruning, BadPredicatesAreClearErrors) {
  Fixture f;
  FileReader r(f.file, "prune.parquet");
  ReadOptions o;
  o.predicate.ranges = {ColumnRange{"nope", std::int64_t{1}, std::nullopt}};
  EXPECT_THROW(r.read(o), Error);
  o.predicate.ranges = {ColumnRange{"strike", std::string("x"), std::nullopt}};
  EXPECT_THROW(r.read(o), Error);
  o.predicate.ranges.clear();
  o.columns = {"missing"};
  EXPECT_THROW(r.read(o), Error);
}

TEST(Pruning, UnfilteredReadKeepsWholePages) {
  Fixture f;
  FileReader r(f.file, "prune.parquet");
  ReadOptions o;
  o.columns = {"strike"};
  o.filter = false;
  o.predicate.ranges = {ColumnRange{"strike", std::int64_t{21000}, std::int64_t{21000}}};
  auto batches = r.read(o);
  EXPECT_EQ(rows_of(batches), 250u);  // page 8 holds strikes 21000 and 21050 (rows 2000..2249)
}

}  // namespace
}  // namespace tapelab::parquet
