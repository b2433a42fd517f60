// The users' Parquet history through `ingest()` and the CLI
// (docs/source-data.md#parquet-history): each layout gives the rows its dump
// would, in every storage style (timestamp units, naive or zoned, FLOAT,
// DECIMAL and text values, codecs, page versions); REPLACE semantics hold
// across formats; each kind of problem the users' census counts is counted
// with its path; an unreadable file stops the run with the dataset untouched.
#include <algorithm>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "dataset/manifest.h"
#include "domain/expiry_calendar.h"
#include "helpers.h"
#include "ingest/classify.h"
#include "ingest/ingest.h"
#include "parquet_inputs.h"
#include "util/error.h"

namespace tapelab::ingest {
namespace {

namespace fs = std::filesystem;
using testing::Style;
using testing::Tick;
using testing::TempDir;
using testing::partitions_without_source;
using testing::read_dataset;
using testing::tick_columns;
using testing::write_parquet;
using testing::write_text;
using ::testing::HasSubstr;

IngestOptions options_for(const fs::path& dataset, std::vector<fs::path> inputs, bool keep_going = false) {
  IngestOptions o;
  o.dataset = dataset;
  o.inputs = std::move(inputs);
  o.jobs = 2;
  o.keep_going = keep_going;
  return o;
}

const std::string kMonthly = "NIFTY25AUG24000CE";
const std::string kWeekly = "NIFTY2581424000PE";  // expires Thursday 2025-08-14

// Two days of one contract: a zero lastTradeTime, NULLs, a 1970 artifact.
std::vector<Tick> ticks(double shift = 0) {
  return {{"2025-08-11 09:15:00", 100.05 + shift, 75, 750, "2025-08-11 09:14:58", 100.00, 100.10},
          {"2025-08-11 09:15:01", 100.10 + shift, 75, 825, std::nullopt, 100.05, 100.15},
          {"2025-08-11 15:29:59", 99.95 + shift, 150, 975, "2025-08-11 15:29:59", 99.90, 100.00},
          {"2025-08-12 09:15:00", 90.00 + shift, 150, 150, "2025-08-12 09:15:00", 89.95, 90.05},
          {"1970-01-01 05:30:07", 0, 0, 0, std::nullopt, 0, 0}};
}

domain::Date expiry_of(const std::string& symbol) {
  return classify_table(symbol, domain::ExpiryCalendar::builtin()).instrument.expiry;
}

// The dataset the dump of these ticks gives, to compare the Parquet ones with.
fs::path dump_dataset(const fs::path& dir, const std::vector<std::pair<std::string, std::vector<Tick>>>& tables) {
  fs::create_directories(dir / "dumps");
  std::string text;
  for (const auto& [name, rows] : tables) text += testing::dump_table(name, rows);
  write_text(dir / "dumps/das_niftyopt_mod.sql", text);
  ingest(options_for(dir / "from-dump", {dir / "dumps"}));
  return dir / "from-dump";
}

void expect_same_partitions(const fs::path& expected, const fs::path& actual) {
  const auto want = partitions_without_source(expected), got = partitions_without_source(actual);
  ASSERT_FALSE(want.empty());
  ASSERT_EQ(want.size(), got.size());
  for (const auto& [path, columns] : want) {
    ASSERT_TRUE(got.count(path)) << path;
    EXPECT_TRUE(got.at(path) == columns) << path;
  }
}

struct NamedStyle {
  const char* name;
  Style style;
};

class RawStyles : public ::testing::TestWithParam<NamedStyle> {};

TEST_P(RawStyles, ARawFileGivesItsDumpsPartitionsApartFromTheSource) {
  TempDir dir;
  const fs::path expected = dump_dataset(dir.path(), {{kMonthly, ticks()}});
  auto table = tick_columns(ticks(), GetParam().style);
  testing::add_identity(table, ticks().size(), "NIFTY", "CE", 24000, 2025, 8);
  testing::add_text_column(table, "ts", std::vector<std::string>(ticks().size(), "ignored"));
  write_parquet(dir / "raw_options/nifty25aug24000ce.parquet", table, GetParam().style, 2);
  const auto result = ingest(options_for(dir / "from-raw", {dir / "raw_options"}));
  expect_same_partitions(expected, dir / "from-raw");
  const auto t = result.audit.totals();
  EXPECT_EQ(t.rows_read, 5);
  EXPECT_EQ(t.rows_1970, 1);
  EXPECT_EQ(t.rows_written, 4);
  EXPECT_EQ(result.audit.files.at(0).format, "parquet raw");
  EXPECT_TRUE(result.audit.extra_columns.empty());  // identity columns and `ts` are expected
  EXPECT_EQ(read_dataset(dir / "from-raw").at(0).source, "raw_options/nifty25aug24000ce.parquet");
}

INSTANTIATE_TEST_SUITE_P(
    ParquetIngest, RawStyles,
    ::testing::Values(
        NamedStyle{"NaiveMillisSnappy", {.unit = parquet::TimeUnit::MILLIS, .codec = parquet::Codec::SNAPPY}},
        NamedStyle{"NaiveMicros", {.unit = parquet::TimeUnit::MICROS}},
        NamedStyle{"NaiveNanosGzip", {.unit = parquet::TimeUnit::NANOS, .codec = parquet::Codec::GZIP}},
        NamedStyle{"ZonedMillis", {.unit = parquet::TimeUnit::MILLIS, .zoned = true}},
        NamedStyle{"ZonedMicrosPageV2", {.unit = parquet::TimeUnit::MICROS, .zoned = true, .data_page_v2 = true}},
        NamedStyle{"ZonedNanosFloatPrices",
                   {.unit = parquet::TimeUnit::NANOS, .zoned = true, .prices = Style::Prices::kFloat}},
        NamedStyle{"DecimalPricesUncompressed",
                   {.prices = Style::Prices::kDecimal, .codec = parquet::Codec::UNCOMPRESSED}},
        NamedStyle{"TextTimes", {.text_times = true}}),
    [](const ::testing::TestParamInfo<NamedStyle>& p) { return std::string(p.param.name); });

fs::path expiry_packed_path(const fs::path& root, const std::string& symbol, const std::string& type,
                            const std::string& strike) {
  const domain::Date e = expiry_of(symbol);
  return root / "NIFTY" / fmt::format("{:04}{:02}", e.year(), e.month()) / ("exp=" + e.to_string()) /
         ("type=" + type) / ("strike=" + strike + ".parquet");
}

TEST(ParquetIngest, ExpiryPackedFilesGiveTheDumpsPartitions) {
  TempDir dir;
  const fs::path expected = dump_dataset(dir.path(), {{kMonthly, ticks()}, {kWeekly, ticks(1)}});
  write_parquet(expiry_packed_path(dir / "packed", kMonthly, "CE", "24000"), tick_columns(ticks(), {}));
  write_parquet(expiry_packed_path(dir / "packed", kWeekly, "PE", "24000.0"), tick_columns(ticks(1), {}));
  const auto result = ingest(options_for(dir / "from-packed", {dir / "packed"}));
  expect_same_partitions(expected, dir / "from-packed");
  ASSERT_EQ(result.audit.files.size(), 2u);
  for (const auto& f : result.audit.files) {
    EXPECT_EQ(f.format, "parquet expiry-packed");
    EXPECT_EQ(f.missing_columns.size(), 46u - 7u);  // reported once per file
    EXPECT_EQ(f.source_key.substr(0, 6), "NIFTY/");  // the layout's 5 path components
  }
}

TEST(ParquetIngest, DatePackedFilesInAnyRowOrderGiveTheDumpsPartitions) {
  TempDir dir;
  const fs::path expected = dump_dataset(dir.path(), {{kMonthly, ticks()}, {kWeekly, ticks(1)}});
  // One file per day holding both contracts, rows shuffled, v3's extra columns.
  for (const char* day : {"2025-08-11", "2025-08-12"}) {
    std::vector<Tick> rows;
    std::vector<std::string> contract;
    for (const auto& [name, shift] : {std::pair{kMonthly, 0.0}, std::pair{kWeekly, 1.0}}) {
      for (const Tick& t : ticks(shift)) {
        if (t.time.starts_with(day) || (std::string(day) == "2025-08-11" && t.time.starts_with("1970"))) {
          rows.push_back(t);
          contract.push_back(name);
        }
      }
    }
    std::vector<std::size_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0U);
    std::shuffle(order.begin(), order.end(), std::mt19937(7));
    std::vector<Tick> shuffled;
    std::vector<std::string> names;
    for (std::size_t i : order) {
      shuffled.push_back(rows[i]);
      names.push_back(contract[i]);
    }
    auto table = tick_columns(shuffled, {});
    testing::add_text_column(table, "contract", names);
    testing::add_text_column(table, "expiry_type", std::vector<std::string>(names.size(), "whatever"));
    testing::add_text_column(table, "spot_ltp", std::vector<std::string>(names.size(), "theirs"));
    write_parquet(dir / "by_date" / day / "NIFTY/part-0.parquet", table, {}, 3);
  }
  const auto result = ingest(options_for(dir / "from-dates", {dir / "by_date"}));
  expect_same_partitions(expected, dir / "from-dates");
  EXPECT_EQ(result.audit.files.at(0).format, "parquet date-packed");
  EXPECT_EQ(result.audit.files.at(0).source_key, "2025-08-11/NIFTY/part-0.parquet");
  EXPECT_EQ(result.audit.totals().rows_1970, 2);
}

TEST(ParquetIngest, ADumpAndAParquetFileReplaceEachOtherByRecordingEnd) {
  // The dump ends on Aug 12, the raw file on Aug 11: the dump wins the
  // shared seconds. With one more raw row on Aug 13 the file wins them.
  for (const bool parquet_later : {false, true}) {
    SCOPED_TRACE(parquet_later ? "parquet later" : "dump later");
    TempDir dir;
    fs::create_directories(dir / "dumps");
    write_text(dir / "dumps/das_niftyopt_mod.sql", testing::dump_table(kMonthly, ticks()));
    std::vector<Tick> raw = {ticks(0.5)[0], ticks(0.5)[1]};
    if (parquet_later) raw.push_back({"2025-08-13 09:15:00", 80, 75, 75, std::nullopt, 79.95, 80.05});
    write_parquet(dir / "raw/NIFTY25AUG24000CE.parquet", tick_columns(raw, {}));
    const auto result = ingest(options_for(dir / "ds", {dir / "raw", dir / "dumps"}));
    EXPECT_EQ(result.audit.totals().duplicates_replaced, 2);
    const auto rows = read_dataset(dir / "ds");
    ASSERT_GE(rows.size(), 2u);
    const std::string winner = parquet_later ? "raw/NIFTY25AUG24000CE.parquet" : "dumps/das_niftyopt_mod.sql";
    EXPECT_EQ(rows[0].source, winner);
    EXPECT_EQ(rows[1].source, winner);
    EXPECT_EQ(rows[0].price, parquet_later ? ticks(0.5)[0].price : ticks()[0].price);
  }
}

TEST(ParquetIngest, IdentityColumnsThatDisagreeAreReportedAndTheNameWins) {
  TempDir dir;
  auto table = tick_columns(ticks(), {});
  testing::add_identity(table, ticks().size(), "NIFTY", "CE", 24100, 2025, 8);
  write_parquet(dir / "raw/nifty25aug24000ce.parquet", table);
  const auto result = ingest(options_for(dir / "ds", {dir / "raw"}));
  const FileAudit& f = result.audit.files.at(0);
  EXPECT_EQ(f.rows_identity_mismatch, 5);  // every row read, the 1970 one too
  ASSERT_EQ(f.identity_mismatches.size(), 1u);
  EXPECT_THAT(f.identity_mismatches[0], HasSubstr("column 'strike' says 24100, the name 24000"));
  const auto rows = read_dataset(dir / "ds");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].symbol, "NIFTY25AUG24000CE");  // as the dump table is named
  EXPECT_THAT(result.audit.summary(), HasSubstr("5 rows whose identity columns disagree"));
}

TEST(ParquetIngest, ABadValueNamesTheFileAndRowOrIsCollected) {
  TempDir dir;
  auto table = tick_columns(ticks(), {});
  table.columns[2] = parquet::ColumnData(parquet::PhysicalType::DOUBLE);  // qty as DOUBLE, one not whole
  table.schema[2] = parquet::Column::float64("qty");
  table.columns[2].f64 = {75, 75, 150.5, 150, 0};
  write_parquet(dir / "raw/NIFTY25AUG24000CE.parquet", table);
  try {
    ingest(options_for(dir / "ds", {dir / "raw"}));
    FAIL() << "a bad value must stop the run";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("NIFTY25AUG24000CE.parquet: row 2: column 'qty': 150.5 is not an integer quantity"));
  }
  EXPECT_FALSE(fs::exists(dataset::manifest_path(dir / "ds")));
  const auto result = ingest(options_for(dir / "ds", {dir / "raw"}, true));
  EXPECT_EQ(result.audit.totals().rows_bad_value, 1);
  EXPECT_EQ(result.audit.totals().rows_written, 3);
}

// One file of each kind the users' census counts, plus a good one.
struct CensusFolder {
  explicit CensusFolder(const fs::path& root) : dir(root / "raw_options") {
    write_parquet(dir / "NIFTY25AUG24000CE.parquet", tick_columns(ticks(), {}));  // 1970 rows mixed in
    write_parquet(dir / "NIFTY25AUG24100CE.parquet", tick_columns({}, {}));       // no rows
    auto null_times = tick_columns({ticks()[0], ticks()[1]}, {});
    null_times.schema[0].nullable = true;
    null_times.columns[0].valid = {0, 0};
    write_parquet(dir / "NIFTY25AUG24200CE.parquet", null_times);                 // timestamp all null
    const auto all = ticks();
    auto few = tick_columns(std::vector<Tick>(all.begin(), all.begin() + 3), {});
    write_parquet(dir / "NIFTY25AUG24300CE.parquet", few);                        // 10 rows or fewer
    auto no_time = tick_columns(ticks(), {});
    no_time.schema.erase(no_time.schema.begin());
    no_time.columns.erase(no_time.columns.begin());
    write_parquet(dir / "NIFTY25AUG24400CE.parquet", no_time);                    // no timestamp column
    write_text(dir / "NIFTY25AUG24500CE.parquet", "PAR1");                        // shorter than 12 bytes
    const std::string whole = testing::read_bytes(dir / "NIFTY25AUG24000CE.parquet");
    write_text(dir / "NIFTY25AUG24600CE.parquet", whole.substr(0, whole.size() / 2));  // no footer
  }
  fs::path dir;
};

TEST(ParquetCensus, EachKindIsCountedWithItsPathUnderKeepGoing) {
  TempDir dir;
  const CensusFolder folder(dir.path());
  const auto result = ingest(options_for(dir / "ds", {folder.dir}, true));
  const auto census = result.audit.census();
  auto paths = [&](const std::string& kind) {
    std::vector<std::string> names;
    if (census.count(kind)) {
      for (const auto& p : census.at(kind)) names.push_back(fs::path(p).filename().string());
    }
    return names;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(paths("no_rows"), V{"NIFTY25AUG24100CE.parquet"});
  EXPECT_EQ(paths("timestamp_all_null"), V{"NIFTY25AUG24200CE.parquet"});
  EXPECT_EQ(paths("rows_1970"), V{"NIFTY25AUG24000CE.parquet"});
  EXPECT_EQ(paths("ten_rows_or_fewer"),
            (V{"NIFTY25AUG24000CE.parquet", "NIFTY25AUG24200CE.parquet", "NIFTY25AUG24300CE.parquet"}));
  EXPECT_EQ(paths("no_timestamp_column"), V{"NIFTY25AUG24400CE.parquet"});
  EXPECT_EQ(paths("not_parquet"), (V{"NIFTY25AUG24500CE.parquet", "NIFTY25AUG24600CE.parquet"}));
  const auto t = result.audit.totals();
  EXPECT_EQ(t.rows_null_timestamp, 2);
  EXPECT_EQ(t.rows_written, 4 + 3);
  // In the JSON report and the summary too.
  const auto report = testing::read_json(audit_dir(dir / "ds") / (result.audit.run_id + ".json"));
  EXPECT_EQ(report["census"]["not_parquet"]["files"], 2);
  EXPECT_EQ(report["totals"]["dropped"]["null_timestamp"], 2);
  EXPECT_THAT(result.audit.summary(), HasSubstr("2 not_parquet"));
}

TEST(ParquetCensus, WithoutKeepGoingTheFirstUnreadableFileStopsTheRunAndNamesIt) {
  TempDir dir;
  const CensusFolder folder(dir.path());
  fs::create_directories(dir / "good");
  write_text(dir / "good/das_niftyopt_mod.sql", testing::dump_table(kWeekly, ticks()));
  ingest(options_for(dir / "ds", {dir / "good"}));
  const auto before = testing::partition_files(dir / "ds");
  const std::string manifest = testing::read_bytes(dataset::manifest_path(dir / "ds"));
  // Files are read in parallel, so "first" is whichever reader hits one first.
  try {
    ingest(options_for(dir / "ds", {folder.dir}));
    FAIL() << "an unreadable file must stop the run";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), ::testing::AnyOf(HasSubstr("NIFTY25AUG24400CE.parquet: no timestamp column"),
                                           HasSubstr("NIFTY25AUG24500CE.parquet: not Parquet"),
                                           HasSubstr("NIFTY25AUG24600CE.parquet: not Parquet: no footer")));
  }
  EXPECT_EQ(testing::partition_files(dir / "ds"), before);
  EXPECT_EQ(testing::read_bytes(dataset::manifest_path(dir / "ds")), manifest);
}

TEST(ParquetCensus, ATruncatedFileInTheMiddleOfARunLeavesTheDatasetUntouched) {
  TempDir dir;
  write_parquet(dir / "raw/NIFTY25AUG24000CE.parquet", tick_columns(ticks(), {}));
  ingest(options_for(dir / "ds", {dir / "raw"}));
  const auto before = testing::partition_files(dir / "ds");
  // Three files, the middle one cut short (the magic at its end survives:
  // the footer itself is what is damaged).
  write_parquet(dir / "more/a/NIFTY25AUG24100CE.parquet", tick_columns(ticks(1), {}));
  write_parquet(dir / "more/c/NIFTY25AUG24300CE.parquet", tick_columns(ticks(3), {}));
  const std::string whole = testing::read_bytes(dir / "more/a/NIFTY25AUG24100CE.parquet");
  fs::create_directories(dir / "more/b");
  write_text(dir / "more/b/NIFTY25AUG24200CE.parquet", whole.substr(0, 40) + whole.substr(whole.size() - 30));
  try {
    ingest(options_for(dir / "ds", {dir / "more"}));
    FAIL() << "a truncated file must stop the run";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr((dir / "more/b/NIFTY25AUG24200CE.parquet").string()));
  }
  EXPECT_EQ(testing::partition_files(dir / "ds"), before);
}

TEST(ParquetInputs, TheFormatComesFromTheContentNotTheName) {
  TempDir dir;
  fs::create_directories(dir / "mixed");
  write_parquet(dir / "mixed/history.bin", tick_columns(ticks(), {}));  // Parquet by content
  write_text(dir / "mixed/recording.dat", testing::dump_table(kWeekly, ticks()));  // a dump by content
  write_text(dir / "mixed/README", "notes about the folder\n");
  write_text(dir / "mixed/_SUCCESS", "");
  const auto result = ingest(options_for(dir / "ds", {dir / "mixed"}, true));
  ASSERT_EQ(result.audit.files.size(), 2u);
  EXPECT_EQ(result.audit.files[0].format, "parquet raw");
  EXPECT_EQ(result.audit.files[0].skip, FileSkip::kNotAContract);  // "history" names no table
  EXPECT_EQ(result.audit.files[1].format, "dump");
  EXPECT_EQ(result.audit.files[1].rows_added, 4);
  EXPECT_EQ(result.audit.ignored_files.size(), 2u);
}

TEST(ParquetIngest, AGeneratedMarketExportedToRawFilesGivesTheSamePartitions) {
  TempDir dir;
  testing::generate(dir / "rec", {"--start", "2025-11-17", "--days", "2", "--underlyings", "NIFTY", "--seed", "3"});
  const auto from_dumps = ingest(options_for(dir / "from-dumps", {dir / "rec"}));
  const auto files = testing::export_raw_parquet(dir / "from-dumps", dir / "raw_options");
  ASSERT_GT(files.size(), 10u);
  auto options = options_for(dir / "from-raw", {dir / "raw_options"});
  options.memory_budget = 1 << 20;  // spills: contract-major in, date-major out
  const auto from_raw = ingest(options);
  expect_same_partitions(dir / "from-dumps", dir / "from-raw");
  EXPECT_EQ(from_raw.audit.totals().rows_written, from_dumps.audit.totals().rows_written);
}

}  // namespace
}  // namespace tapelab::ingest
