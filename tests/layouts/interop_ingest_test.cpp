// Raw-layout files written by DuckDB and by Polars ingest to the rows of the
// same files written by us: timestamps naive and zoned (+05:30), in ms, us
// and ns, compressed with snappy, zstd and gzip. Each writer covers every
// unit and codec once and both zone modes (tools/interop/rewrite_raw.mjs);
// DuckDB also writes the prices as FIXED_LEN_BYTE_ARRAY decimals.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "interop/node.h"
#include "layouts/partitions.h"
#include "support/command.h"
#include "support/suite_start.h"
#include "support/temp_dir.h"

namespace tapelab::testing {
namespace {

namespace fs = std::filesystem;

CommandResult tapelab(std::vector<std::string> args) {
  args.insert(args.begin(), TAPELAB_BINARY);
  return run_command(args);
}

class TheirRawFiles : public ::testing::TestWithParam<std::tuple<const char*, const char*, const char*, const char*>> {
 protected:
  // Our raw files (no census problems: this is about their writers) and the
  // dataset ingested from them.
  static void SetUpTestSuite() {
    suite_start_.run([] {
      dir_ = new TempDir("tapelab-their-raw");
      const auto gen = tapelab({"gen", "--out", (*dir_ / "gen").string(), "--layout", "raw-parquet",
                                "--census-problems", "off", "--days", "1", "--underlyings", "NIFTY", "--seed", "5"});
      if (gen.status != 0) throw std::runtime_error("gen: " + gen.err);
      const auto ingest = tapelab({"ingest", ours().string(), "--out", (*dir_ / "ds-ours").string()});
      if (ingest.status != 0) throw std::runtime_error("ingest of our raw files: " + ingest.err);
    });
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override { suite_start_.require("our raw files and their dataset"); }

  static fs::path ours() { return *dir_ / "gen" / "raw_options"; }

  // Their files ingest to the rows of ours.
  static void expect_our_rows(const fs::path& theirs) {
    const fs::path dataset = *dir_ / ("ds-" + theirs.filename().string());
    const auto ingest = tapelab({"ingest", theirs.string(), "--out", dataset.string()});
    ASSERT_EQ(ingest.status, 0) << ingest.err;
    const auto diff = compare_datasets(*dir_ / "ds-ours", dataset);
    std::string lines;
    for (const auto& d : diff.differences) lines += d + "\n";
    EXPECT_TRUE(diff.differences.empty()) << lines;
    EXPECT_EQ(diff.partitions, 3u);  // options, spot and futures of the one day
    EXPECT_GT(diff.rows, 5000u);
  }

  static inline SuiteStart suite_start_;
  static inline TempDir* dir_ = nullptr;
};

TEST_P(TheirRawFiles, IngestToOurRows) {
  const std::string problem = interop::node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  const auto [writer, zone, unit, codec] = GetParam();
  const std::string name = fmt::format("{}-{}-{}-{}", writer, zone, unit, codec);
  const fs::path theirs = *dir_ / name;
  const auto rewrite = interop::run_node_script(
      "rewrite_raw.mjs", {writer, zone, unit, codec, ours().string(), theirs.string()});
  ASSERT_EQ(rewrite.exit_code, 0) << rewrite.output;
  expect_our_rows(theirs);
}

// Older Spark writers store decimals as FIXED_LEN_BYTE_ARRAY; DuckDB does
// too for precisions above 18: every DOUBLE column as DECIMAL(28, 10).
TEST_F(TheirRawFiles, DuckDBWideDecimalsIngestToOurRows) {
  const std::string problem = interop::node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  const fs::path theirs = *dir_ / "duckdb-wide-decimals";
  const auto rewrite = interop::run_node_script(
      "rewrite_raw.mjs", {"duckdb", "naive", "us", "zstd", ours().string(), theirs.string(), "wide-decimals"});
  ASSERT_EQ(rewrite.exit_code, 0) << rewrite.output;
  const fs::path one_file = fs::directory_iterator(theirs)->path();
  const auto schema = tapelab({"parquet", "schema", one_file.string()});
  EXPECT_NE(schema.out.find("FIXED_LEN_BYTE_ARRAY"), std::string::npos) << schema.out << schema.err;
  expect_our_rows(theirs);
}

INSTANTIATE_TEST_SUITE_P(
    DuckDBAndPolars, TheirRawFiles,
    ::testing::Values(std::make_tuple("duckdb", "naive", "ms", "snappy"), std::make_tuple("duckdb", "zoned", "us", "zstd"),
                      std::make_tuple("duckdb", "naive", "ns", "gzip"), std::make_tuple("polars", "zoned", "ms", "gzip"),
                      std::make_tuple("polars", "naive", "us", "snappy"), std::make_tuple("polars", "zoned", "ns", "zstd")),
    [](const auto& param_info) {
      return fmt::format("{}_{}_{}_{}", std::get<0>(param_info.param), std::get<1>(param_info.param), std::get<2>(param_info.param),
                         std::get<3>(param_info.param));
    });

}  // namespace
}  // namespace tapelab::testing
