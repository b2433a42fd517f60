// The Parquet layouts of `tapelab gen` hold the dumps' market row for row,
// and the census problems as extra files (docs/source-data.md#generated-parquet-layouts).
// Parquet files are read back with our reader and the dumps with the simple
// text reader of dump_text.h, so neither side checks itself.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "domain/contract.h"
#include "domain/expiry_calendar.h"
#include "domain/time.h"
#include "gen/dump_text.h"
#include "gen/generator.h"
#include "gen/parquet_columns.h"
#include "parquet/reader.h"
#include "support/suite_start.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::gen {
namespace {

namespace fs = std::filesystem;
using testing::Fields;
using Json = nlohmann::json;

// Rows of a table, keyed by the contract's identity ("NIFTY|2025-11-18|CE|24400") or
// the index / futures table name, as sorted tuples of the 46 columns' dump text
// ("" for a column the layout leaves out).
using Market = std::map<std::string, std::vector<Fields>>;

fs::path temp_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("tapelab-layouts-test-" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  return dir;
}

GenOptions options_for(Layout layout, const fs::path& out, bool census = true) {
  GenOptions options;
  options.out = out;
  options.start = *domain::Date::parse("2025-11-17");
  options.days = 2;
  options.seed = 11;
  options.layout = layout;
  options.census_problems = census;
  return options;
}

const domain::ExpiryCalendar& calendar() {
  static const auto c = domain::ExpiryCalendar::builtin();
  return c;
}

std::string contract_key(const std::string& underlying, const std::string& expiry, const std::string& type,
                         const std::string& strike) {
  return underlying + "|" + expiry + "|" + type + "|" + strike;
}

// Option tables by identity, index and futures by table name.
std::string table_key(const std::string& table) {
  const auto parsed = domain::parse_contract(table, calendar());
  if (!parsed.contract || table.ends_with("FUT")) return table;
  const auto& c = *parsed.contract;
  return contract_key(c.underlying, c.expiry.to_string(), std::string(domain::to_string(c.type)),
                      std::to_string(c.strike));
}

Market dump_market(const fs::path& folder) {
  Market market;
  for (const char* file : {"das_niftyopt_mod.sql.gz", "das_bankopt_mod.sql.gz", "das_nse_mod.sql.gz"}) {
    auto tables = testing::parse_tick_tables(testing::gunzip(folder / file), "REPLACE",
                                             {"BAJAJ-AUTO", "DRREDDY", "M&M", "RELIANCE", "TCS"});
    for (auto& [name, rows] : tables) {
      auto& out = market[table_key(name)];
      for (auto& row : rows) {
        if (!row[0].starts_with("1970-01-01")) out.push_back(std::move(row));
      }
    }
  }
  for (auto& [key, rows] : market) std::sort(rows.begin(), rows.end());
  std::erase_if(market, [](const auto& entry) { return entry.second.empty(); });
  return market;
}

// A value of a Parquet column as the dump prints it.
std::string dump_text(const parquet::Column& column, const parquet::ColumnData& data, size_t row) {
  if (!data.is_valid(row)) return "NULL";
  if (column.logical.kind == parquet::LogicalType::Kind::TIMESTAMP) {
    return domain::format_wall_time(data.i64[row] * 1000);
  }
  if (column.type == parquet::PhysicalType::DOUBLE) {
    return column.name == "changeper" ? fmt::format("{:.10f}", data.f64[row]) : fmt::format("{:.2f}", data.f64[row]);
  }
  if (column.type == parquet::PhysicalType::INT64) return std::to_string(data.i64[row]);
  return std::string(data.string_at(row));
}

struct LayoutFile {
  fs::path relative;
  std::string key;           // table key of the file's rows (empty for date-packed parts)
  size_t columns = 0;
  int64_t rows = 0;
};

// Reads every Parquet file of a layout but the census's unreadable ones into
// the same shape as dump_market().
Market layout_market(const fs::path& root, const std::set<std::string>& unreadable, std::vector<LayoutFile>& files) {
  Market market;
  const auto& names = tick_columns();
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const auto relative = fs::relative(entry.path(), root);
    if (unreadable.count(relative.generic_string())) continue;
    parquet::FileReader reader(entry.path());
    LayoutFile file{relative, "", reader.schema().columns.size(), reader.num_rows()};
    std::vector<std::string> parts;
    for (const auto& p : relative) parts.push_back(p.string());
    if (parts.size() == 1) {
      std::string stem = relative.stem().string();
      std::transform(stem.begin(), stem.end(), stem.begin(), ::toupper);
      file.key = table_key(stem);
    } else if (parts.size() == 5) {  // UNDERLYING/YYYYMM/exp=D/type=T/strike=N.parquet
      file.key = contract_key(parts[0], parts[2].substr(4), parts[3].substr(5),
                              fs::path(parts[4]).stem().string().substr(7));
    }
    const auto& schema = reader.schema();
    for (const auto& batch : reader.read({})) {
      const int contract = schema.find("contract");
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        Fields row(names.size());
        for (size_t c = 0; c < names.size(); ++c) {
          const int i = schema.find(names[c].name);
          if (i >= 0) row[c] = dump_text(schema.columns[static_cast<size_t>(i)], batch.columns[static_cast<size_t>(i)], r);
        }
        // What an ingest drops: pre-open rows, and rows without a timestamp value or column.
        if (row[0].starts_with("1970-01-01") || row[0] == "NULL" || row[0].empty()) continue;
        const std::string key =
            contract >= 0 ? table_key(std::string(batch.columns[static_cast<size_t>(contract)].string_at(r))) : file.key;
        market[key].push_back(std::move(row));
      }
    }
    files.push_back(file);
  }
  for (auto& [key, rows] : market) std::sort(rows.begin(), rows.end());
  return market;
}

parquet::ReadOptions timestamps_only() {
  parquet::ReadOptions options;
  options.columns = {"timestamp"};
  return options;
}

std::set<std::string> census_paths(const Json& summary, std::initializer_list<const char*> kinds) {
  std::set<std::string> paths;
  for (const char* kind : kinds) {
    for (const auto& p : summary["census"][kind]["paths"]) paths.insert(p.get<std::string>());
  }
  return paths;
}

class Layouts : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_start_.run([] {
      dumps_ = new Market(dump_market(generate(options_for(Layout::kDumps, temp_dir("dumps")))[0].folder));
      for (Layout layout : {Layout::kRawParquet, Layout::kExpiryPacked, Layout::kDatePacked}) {
        summaries_[layout] = generate(options_for(layout, temp_dir(std::string(to_string(layout)))))[0].summary;
      }
    });
  }
  static void TearDownTestSuite() { delete dumps_; }
  void SetUp() override { suite_start_.require("the generated layouts"); }

  static fs::path root(Layout layout) {
    return temp_dir_path(layout) / summaries_[layout]["root"].get<std::string>();
  }
  static fs::path temp_dir_path(Layout layout) {
    return fs::temp_directory_path() / ("tapelab-layouts-test-" + std::to_string(getpid())) /
           std::string(to_string(layout));
  }
  static Market read(Layout layout, std::vector<LayoutFile>& files) {
    const auto unreadable = census_paths(summaries_[layout], {"short_file", "no_footer"});
    return layout_market(root(layout), unreadable, files);
  }

  static inline tapelab::testing::SuiteStart suite_start_;
  static inline Market* dumps_ = nullptr;
  static inline std::map<Layout, Json> summaries_;
};

// Rows of the dumps with the columns a layout leaves out blanked.
Market without_columns(Market market, const std::vector<std::string_view>& dropped) {
  const auto& names = tick_columns();
  for (auto& [key, rows] : market) {
    for (auto& row : rows) {
      for (size_t c = 0; c < names.size(); ++c) {
        if (std::find(dropped.begin(), dropped.end(), names[c].name) != dropped.end()) row[c].clear();
      }
    }
    std::sort(rows.begin(), rows.end());
  }
  return market;
}

void expect_same_market(const Market& market, const Market& expected) {
  ASSERT_EQ(market.size(), expected.size());
  for (const auto& [key, rows] : expected) {
    ASSERT_TRUE(market.count(key)) << key;
    EXPECT_EQ(market.at(key), rows) << key;
  }
}

TEST_F(Layouts, RawFilesHoldTheDumpsRowsPerContract) {
  std::vector<LayoutFile> files;
  const Market market = read(Layout::kRawParquet, files);
  expect_same_market(market, *dumps_);
  const auto no_timestamp = census_paths(summaries_[Layout::kRawParquet], {"no_timestamp"});
  for (const auto& f : files) {
    const bool index = f.key.find('|') == std::string::npos;
    if (!no_timestamp.count(f.relative.generic_string())) {
      EXPECT_EQ(f.columns, index ? 46u : 52u) << f.relative;
    }
  }
}

TEST_F(Layouts, ExpiryPackedFilesHoldTheDumpsRowsLessTheirMissingColumns) {
  std::vector<LayoutFile> files;
  const Market market = read(Layout::kExpiryPacked, files);
  Market expected = without_columns(*dumps_, expiry_packed_dropped());
  for (auto& [key, rows] : expected) {
    if (key.find('|') == std::string::npos) rows = dumps_->at(key);  // index and futures files are whole
  }
  expect_same_market(market, expected);
  const auto no_timestamp = census_paths(summaries_[Layout::kExpiryPacked], {"no_timestamp"});
  for (const auto& f : files) {
    if (f.key.find('|') != std::string::npos && !no_timestamp.count(f.relative.generic_string())) {
      EXPECT_EQ(f.columns, 34u) << f.relative;
    }
  }
}

TEST_F(Layouts, DatePackedPartsHoldTheDumpsRowsInEveryVersionAndShuffled) {
  std::vector<LayoutFile> files;
  const Market market = read(Layout::kDatePacked, files);
  expect_same_market(market, *dumps_);
  std::set<size_t> versions;
  for (const auto& f : files) {
    if (f.relative.string().find("part-") != std::string::npos) versions.insert(f.columns);
  }
  EXPECT_TRUE(versions.count(56) && versions.count(58) && versions.count(64)) << "v1, v2 and v3 parts";
  // Their writer reordered rows: a part's timestamps are not in order.
  parquet::FileReader part(root(Layout::kDatePacked) / "2025-11-17" / "NIFTY" / "part-00000.parquet");
  const auto batch = part.read(timestamps_only());
  ASSERT_FALSE(batch.empty());
  const auto& ts = batch[0].columns[0].i64;
  EXPECT_FALSE(std::is_sorted(ts.begin(), ts.end()));
}

TEST_F(Layouts, EveryLayoutHasEachCensusProblemAtItsRate) {
  for (Layout layout : {Layout::kRawParquet, Layout::kExpiryPacked, Layout::kDatePacked}) {
    SCOPED_TRACE(std::string(to_string(layout)));
    const Json& s = summaries_[layout];
    const auto market_files = s["files"]["market"].get<double>();
    for (const auto& [kind, entry] : s["census"].items()) {
      EXPECT_GE(entry["files"].get<uint64_t>(), 1u) << kind;
      EXPECT_EQ(entry["paths"].size(), entry["files"].get<size_t>()) << kind;
    }
    EXPECT_NEAR(s["census"]["empty"]["files"].get<double>(), 0.081 * market_files, 1.0);
    const fs::path r = root(layout);
    for (const auto& p : s["census"]["short_file"]["paths"]) EXPECT_LT(fs::file_size(r / p.get<std::string>()), 12u);
    for (const auto& p : s["census"]["no_footer"]["paths"]) {
      const std::string bytes = read_file(r / p.get<std::string>());
      EXPECT_TRUE(bytes.starts_with("PAR1"));
      EXPECT_FALSE(bytes.ends_with("PAR1"));
      EXPECT_THROW(parquet::FileReader(r / p.get<std::string>()), Error);
    }
    for (const auto& p : s["census"]["empty"]["paths"]) {
      EXPECT_EQ(parquet::FileReader(r / p.get<std::string>()).num_rows(), 0);
    }
    for (const auto& p : s["census"]["no_timestamp"]["paths"]) {
      parquet::FileReader reader(r / p.get<std::string>());
      EXPECT_GT(reader.num_rows(), 0);
      EXPECT_LT(reader.schema().find("timestamp"), 0);
    }
    for (const auto& p : s["census"]["null_timestamp"]["paths"]) {
      parquet::FileReader reader(r / p.get<std::string>());
      const auto batches = reader.read(timestamps_only());
      ASSERT_FALSE(batches.empty());
      EXPECT_EQ(batches[0].columns[0].null_count(), batches[0].num_rows());
    }
    for (const char* kind : {"tiny", "rows_1970"}) {
      for (const auto& p : s["census"][kind]["paths"]) {
        parquet::FileReader reader(r / p.get<std::string>());
        const auto batches = reader.read(timestamps_only());
        ASSERT_FALSE(batches.empty());
        const auto& ts = batches[0].columns[0].i64;
        EXPECT_TRUE(std::any_of(ts.begin(), ts.end(), [](int64_t t) { return t < 86'400'000'000; })) << p;
        if (std::string(kind) == "tiny") {
          EXPECT_LE(reader.num_rows(), 10);
        }
      }
    }
  }
}

TEST(LayoutsOff, WithoutCensusProblemsOnlyTheMarketIsWritten) {
  const auto summary = generate(options_for(Layout::kRawParquet, temp_dir("off"), false))[0].summary;
  EXPECT_EQ(summary["files"]["written"], summary["files"]["market"]);
  EXPECT_EQ(summary["totals"]["rows_1970"], 0);
  EXPECT_EQ(summary["totals"]["rows"], summary["totals"]["valid_rows"]);
  for (const auto& [kind, entry] : summary["census"].items()) EXPECT_EQ(entry["files"], 0) << kind;
}

TEST(LayoutsSameBytes, TheSameFlagsGiveTheSameFilesOnAnyThreadCount) {
  auto a = options_for(Layout::kDatePacked, temp_dir("same-a"));
  auto b = options_for(Layout::kDatePacked, temp_dir("same-b"));
  b.threads = 1;
  generate(a);
  generate(b);
  size_t compared = 0;
  for (const auto& entry : fs::recursive_directory_iterator(a.out)) {
    if (!entry.is_regular_file()) continue;
    const auto other = b.out / fs::relative(entry.path(), a.out);
    ASSERT_TRUE(fs::exists(other)) << other;
    EXPECT_EQ(read_file(entry.path()), read_file(other)) << entry.path();
    ++compared;
  }
  EXPECT_GT(compared, 30u);
}

TEST(LayoutsFlags, AParquetLayoutRefusesAFolderThatHoldsFiles) {
  const auto out = temp_dir("twice");
  generate(options_for(Layout::kRawParquet, out));
  EXPECT_THROW(generate(options_for(Layout::kRawParquet, out)), Error);
}

}  // namespace
}  // namespace tapelab::gen
