#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <limits>

#include <unistd.h>

#include "parquet/display.h"
#include "parquet/writer.h"
#include "util/error.h"

namespace tapelab::parquet {
namespace {

using ::testing::HasSubstr;

struct Output {
  int status;
  std::string text;
};

Output run(const std::string& args) {
  std::string cmd = std::string(TAPELAB_BINARY) + " " + args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = ::pclose(p);
  return {WEXITSTATUS(status), out};
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("pq-cli-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "day.parquet").string();
    Schema s;
    s.columns = {Column::timestamp("timestamp", TimeUnit::MICROS, false), Column::int32("strike"),
                 Column::string("opt_type"), Column::decimal("ltp", 9, 2, true), Column::date("expiry"),
                 Column::integer("qty", 32, false)};
    std::vector<ColumnData> t{ColumnData(PhysicalType::INT64), ColumnData(PhysicalType::INT32),
                              ColumnData(PhysicalType::BYTE_ARRAY), ColumnData(PhysicalType::INT32),
                              ColumnData(PhysicalType::INT32), ColumnData(PhysicalType::INT32)};
    const std::int64_t base = days_from_civil(2025, 11, 18) * 86'400'000'000LL + 9LL * 3600 * 1'000'000;
    for (int i = 0; i < 1000; ++i) {
      t[0].i64.push_back(base + (i % 100) * 1'000'000LL + (i == 1 ? 250'000 : 0));
      t[1].i32.push_back(50000 + (i / 100) * 100);
      t[2].push_string(i % 2 ? "CE" : "PE");
      if (i == 2) {
        t[3].push_null();
      } else {
        if (!t[3].valid.empty()) t[3].valid.push_back(1);
        t[3].i32.push_back(150710 + i);
      }
      t[4].i32.push_back(static_cast<std::int32_t>(days_from_civil(2025, 11, 25)));
      t[5].i32.push_back(i == 0 ? -1 : i);
    }
    WriterOptions o;
    o.row_group_rows = 300;
    o.page_row_limit = 50;
    FileWriter w(std::filesystem::path(path_), s, o);
    w.write(t);
    w.close();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(Cli, SchemaShowsLogicalTypes) {
  Output o = run("parquet schema " + path_);
  EXPECT_EQ(o.status, 0) << o.text;
  EXPECT_THAT(o.text, HasSubstr("timestamp: INT64 TIMESTAMP(MICROS,false) required"));
  EXPECT_THAT(o.text, HasSubstr("ltp: INT32 DECIMAL(9,2) optional"));
  EXPECT_THAT(o.text, HasSubstr("opt_type: BYTE_ARRAY STRING required"));
}

TEST_F(Cli, MetaAndStatsShowRowGroupsEncodingsAndReadableStatistics) {
  Output m = run("parquet meta " + path_);
  EXPECT_EQ(m.status, 0) << m.text;
  EXPECT_THAT(m.text, HasSubstr("row groups: 4"));
  EXPECT_THAT(m.text, HasSubstr("row group 3: 100 rows"));
  EXPECT_THAT(m.text, HasSubstr("min 2025-11-18 09:00:00 max 2025-11-18 09:01:39"));
  EXPECT_THAT(m.text, HasSubstr("created_by: tapelab version 0.1.0"));
  Output s = run("parquet stats " + path_);
  EXPECT_EQ(s.status, 0) << s.text;
  EXPECT_THAT(s.text, HasSubstr("ltp,INT32 DECIMAL(9,2) optional"));
  EXPECT_THAT(s.text, HasSubstr(",1,1507.10,1517.09"));  // one null, min, max
  EXPECT_THAT(s.text, HasSubstr(",0,1,4294967295"));     // unsigned order
}

TEST_F(Cli, HeadPrintsCsvAndJson) {
  Output o = run("parquet head -n 3 " + path_);
  EXPECT_EQ(o.status, 0) << o.text;
  EXPECT_EQ(o.text,
            "timestamp,strike,opt_type,ltp,expiry,qty\n"
            "2025-11-18 09:00:00,50000,PE,1507.10,2025-11-25,4294967295\n"
            "2025-11-18 09:00:01.250000,50000,CE,1507.11,2025-11-25,1\n"
            "2025-11-18 09:00:02,50000,PE,,2025-11-25,2\n");
  Output j = run("parquet head -n 1 --json --columns strike,ltp " + path_);
  EXPECT_EQ(j.text, "{\"strike\":50000,\"ltp\":\"1507.10\"}\n");
}

TEST_F(Cli, CatFiltersWithWhereAndProjects) {
  Output o = run("parquet cat --columns strike,timestamp --where \"strike between 50200 and 50300 and timestamp >= "
                 "'2025-11-18 09:01:30'\" " + path_);
  EXPECT_EQ(o.status, 0) << o.text;
  // Strikes 50200 and 50300 hold 100 rows each; seconds 90..99 of each match.
  EXPECT_EQ(std::count(o.text.begin(), o.text.end(), '\n'), 1 + 20);
  EXPECT_THAT(o.text, HasSubstr("50300,2025-11-18 09:01:39\n"));
  Output all = run("parquet cat " + path_);
  EXPECT_EQ(std::count(all.text.begin(), all.text.end(), '\n'), 1001);
}

TEST_F(Cli, ErrorsAreClear) {
  Output bad = run("parquet cat --where \"nope > 1\" " + path_);
  EXPECT_NE(bad.status, 0);
  EXPECT_THAT(bad.text, HasSubstr("no column named 'nope'"));
  std::string junk = (dir_ / "junk.parquet").string();
  FILE* f = std::fopen(junk.c_str(), "w");
  std::fputs("this is not parquet at all", f);
  std::fclose(f);
  Output j = run("parquet meta " + junk);
  EXPECT_NE(j.status, 0);
  EXPECT_THAT(j.text, HasSubstr("junk.parquet: not a Parquet file"));
}

TEST(Display, LiteralsAndWhereParse) {
  Column ts = Column::timestamp("t", TimeUnit::MILLIS, false);
  EXPECT_EQ(parse_literal(ts, "'1970-01-02 00:00:01.5'"), Value(std::int64_t{86'401'500}));
  EXPECT_EQ(parse_literal(Column::decimal("d", 9, 2), "1507.1"), Value(std::int64_t{150710}));
  EXPECT_EQ(parse_literal(Column::date("d"), "1969-12-31"), Value(std::int64_t{-1}));
  Schema s;
  s.columns = {Column::int32("strike"), Column::float64("px")};
  Predicate p = parse_where(s, "strike > 100 AND px < 2.5");
  ASSERT_EQ(p.ranges.size(), 2u);
  EXPECT_EQ(p.ranges[0].min, Value(std::int64_t{101}));
  EXPECT_LT(std::get<double>(*p.ranges[1].max), 2.5);
  EXPECT_THROW(parse_where(s, "strike between 1"), Error);
  EXPECT_THROW(parse_where(s, "strike ~ 1"), Error);
}

// Found by reading the fuzz target's code path: a strict bound at the edge of
// int64 overflowed, and a decimal literal beyond int64 was converted to it.
TEST(Display, BoundsAtTheEdgesOfInt64MatchNothingInsteadOfOverflowing) {
  Schema s;
  s.columns = {Column::int64("n"), Column::decimal("d", 18, 2)};
  Predicate above = parse_where(s, "n > 9223372036854775807");
  EXPECT_EQ(above.ranges[0].min, Value(std::numeric_limits<double>::infinity()));
  Predicate below = parse_where(s, "n < -9223372036854775808");
  EXPECT_EQ(below.ranges[0].max, Value(-std::numeric_limits<double>::infinity()));
  EXPECT_EQ(parse_where(s, "n > 41").ranges[0].min, Value(std::int64_t{42}));
  EXPECT_EQ(parse_literal(s.columns[1], "1e17"), Value(1e19));
  EXPECT_EQ(parse_literal(s.columns[1], "-1e17"), Value(-1e19));
  EXPECT_EQ(parse_literal(s.columns[1], "1e15"), Value(std::int64_t{100'000'000'000'000'000}));
}

}  // namespace
}  // namespace tapelab::parquet
