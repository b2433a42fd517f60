// The derived Greeks dataset on the generated test dataset: the original
// columns, row groups and rows are unchanged; every row's IV and Greeks equal
// the pricing library on that row's own inputs (its mid, its strike, the
// stored forward and time), the forward is the one an as-of view gives at the
// row's timestamp, rows without IV are null with their reason counted;
// DuckDB reads the result; bad flags and paths fail clearly, and a failed
// run leaves an existing output as it was.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "derived/greeks_dataset.h"
#include "engine/greeks.h"
#include "engine/market_view.h"
#include "interop/node.h"
#include "market/loader.h"
#include "parquet/reader.h"
#include "pricing/implied_vol.h"
#include "pricing/time_to_expiry.h"
#include "support/generated_dataset.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::derived {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using dataset::PartitionKey;
using dataset::TableKind;
using tapelab::testing::generated_dataset;
using tapelab::testing::published_file_hashes;
using tapelab::testing::run_tapelab;
using tapelab::testing::shell_quote;
using tapelab::testing::TempDir;

const domain::Date kDay = domain::Date::from_ymd(2025, 11, 17);
const domain::Date kNextDay = domain::Date::from_ymd(2025, 11, 18);

GreeksDatasetOptions nifty_on(domain::Date day) {
  GreeksDatasetOptions options;
  options.days.from = day;
  options.days.to = day;
  options.days.underlyings = {"NIFTY"};
  options.greeks.rate = 0.065;
  return options;
}

// One derived dataset for the suite: NIFTY on the first day, rate 6.5%.
struct Derived {
  TempDir dir{"tapelab-derived"};
  fs::path root = dir.path() / "derived";
  GreeksDatasetReport report = write_greeks_dataset(generated_dataset(), root, nifty_on(kDay));
};
const Derived& derived() {
  static const Derived d;
  return d;
}

const PartitionKey kOptions{TableKind::kOptions, kDay, "NIFTY"};

// Named columns of a file, every row.
std::map<std::string, parquet::ColumnData> read_all(const fs::path& file, const std::vector<std::string>& names) {
  parquet::ReadOptions options;
  options.columns = names;
  std::map<std::string, parquet::ColumnData> out;
  for (const parquet::Batch& batch : parquet::FileReader(file).read(options)) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      auto [it, fresh] = out.try_emplace(names[i], batch.columns[i].type);
      it->second.append(batch.columns[i]);
    }
  }
  return out;
}

TEST(GreeksDataset, OriginalColumnsRowGroupsAndRowsAreUnchanged) {
  const Derived& d = derived();
  EXPECT_EQ(d.report.option_partitions, 1);
  EXPECT_EQ(d.report.series_partitions, 2);  // the day's spot and futures
  const parquet::FileReader source(dataset::partition_path(generated_dataset(), kOptions));
  const parquet::FileReader ours(dataset::partition_path(d.root, kOptions));
  ASSERT_EQ(ours.schema().columns.size(), source.schema().columns.size() + 8);
  for (std::size_t i = 0; i < source.schema().columns.size(); ++i) {
    EXPECT_EQ(ours.schema().columns[i], source.schema().columns[i]);
  }
  const std::vector<std::string> added = {"iv",   "delta",        "gamma",       "theta",
                                          "vega", "greeks_underlying", "greeks_years", "greeks_status"};
  for (std::size_t i = 0; i < added.size(); ++i) {
    EXPECT_EQ(ours.schema().columns[source.schema().columns.size() + i].name, added[i]);
  }
  EXPECT_EQ(d.report.rows, source.num_rows());
  ASSERT_EQ(ours.num_row_groups(), source.num_row_groups());
  std::vector<std::size_t> columns(source.schema().columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) columns[i] = i;
  for (std::size_t rg = 0; rg < source.num_row_groups(); ++rg) {
    const parquet::Batch theirs_batch = source.read_row_group(rg, columns);
    const parquet::Batch ours_batch = ours.read_row_group(rg, columns);
    ASSERT_EQ(ours_batch.columns.size(), theirs_batch.columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
      EXPECT_EQ(ours_batch.columns[c], theirs_batch.columns[c]) << source.schema().columns[c].name << " rg " << rg;
    }
  }
  EXPECT_EQ(ours.metadata().row_groups[0].sorting_columns, source.metadata().row_groups[0].sorting_columns);
  // The spot and futures files are the source's, byte for byte.
  for (const TableKind kind : {TableKind::kSpot, TableKind::kFutures}) {
    const PartitionKey key{kind, kDay, "NIFTY"};
    EXPECT_EQ(dataset::hash_file(dataset::partition_path(d.root, key)),
              dataset::hash_file(dataset::partition_path(generated_dataset(), key)));
  }
  // Only the selected days and underlyings.
  EXPECT_FALSE(fs::exists(dataset::partition_path(d.root, {TableKind::kOptions, kNextDay, "NIFTY"})));
  EXPECT_FALSE(fs::exists(dataset::partition_path(d.root, {TableKind::kOptions, kDay, "BANKNIFTY"})));
}

TEST(GreeksDataset, EveryRowEqualsThePricingLibraryOnItsOwnInputs) {
  const Derived& d = derived();
  const fs::path file = dataset::partition_path(d.root, kOptions);
  auto c = read_all(file, {"timestamp", "expiry", "opt_type", "strike", "bp0", "sp0", "iv", "delta", "gamma", "theta",
                           "vega", "greeks_underlying", "greeks_years", "greeks_status"});
  const std::size_t rows = c["timestamp"].size();
  ASSERT_EQ(static_cast<std::int64_t>(rows), d.report.rows);
  std::map<std::string, std::int64_t> statuses;
  std::int64_t checked = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const domain::WallNanos time = c["timestamp"].i64[r] * 1000;
    const domain::Date expiry = domain::Date::from_days(c["expiry"].i32[r]);
    const std::string status(c["greeks_status"].string_at(r));
    ++statuses[status];
    ASSERT_EQ(c["greeks_years"].f64[r], pricing::years_to_expiry(time, expiry, pricing::TimeBasis::kCalendar)) << r;
    const bool quoted = c["bp0"].is_valid(r) && c["sp0"].is_valid(r) && c["bp0"].f64[r] > 0 && c["sp0"].f64[r] > 0;
    if (!quoted) {
      ASSERT_EQ(status, "no-quote") << r;
    }
    if (status != "ok") {
      for (const char* name : {"iv", "delta", "gamma", "theta", "vega"}) ASSERT_FALSE(c[name].is_valid(r)) << name << r;
      continue;
    }
    const double mid = (c["bp0"].f64[r] + c["sp0"].f64[r]) / 2;
    const pricing::OptionInputs inputs{pricing::Model::kBlack76,
                                       c["opt_type"].string_at(r) == "CE" ? domain::OptionType::kCall
                                                                          : domain::OptionType::kPut,
                                       c["greeks_underlying"].f64[r],
                                       static_cast<double>(c["strike"].i32[r]),
                                       c["greeks_years"].f64[r],
                                       0.065,
                                       0};
    const pricing::ImpliedVol iv = pricing::implied_vol(inputs, mid);
    ASSERT_TRUE(iv.solved()) << r;
    const pricing::Greeks g = pricing::greeks(inputs, iv.vol);
    ASSERT_EQ(c["iv"].f64[r], iv.vol) << r;
    ASSERT_EQ(c["delta"].f64[r], g.delta) << r;
    ASSERT_EQ(c["gamma"].f64[r], g.gamma) << r;
    ASSERT_EQ(c["theta"].f64[r], g.theta) << r;
    ASSERT_EQ(c["vega"].f64[r], g.vega) << r;
    ++checked;
  }
  EXPECT_GT(checked, static_cast<std::int64_t>(rows) / 2);  // most rows of a generated day have IV
  EXPECT_EQ(statuses["ok"], d.report.rows_with_iv);
  statuses.erase("ok");
  EXPECT_EQ(statuses, d.report.rows_without_iv);
  EXPECT_FALSE(d.report.rows_without_iv.empty());  // the generator's one-sided and crossed books
}

TEST(GreeksDataset, TheForwardIsTheAsOfViewsAtTheRowsTimestamp) {
  const Derived& d = derived();
  auto c = read_all(dataset::partition_path(d.root, kOptions),
                    {"timestamp", "expiry", "greeks_underlying", "greeks_status"});
  // Rows in time order, sampled, each checked against a view advanced to
  // exactly its timestamp (so nothing later is visible to it).
  std::vector<std::size_t> sample;
  for (std::size_t r = 0; r < c["timestamp"].size(); r += 97) {
    if (c["greeks_status"].string_at(r) == "ok") sample.push_back(r);
  }
  std::sort(sample.begin(), sample.end(), [&](std::size_t a, std::size_t b) {
    return c["timestamp"].i64[a] < c["timestamp"].i64[b];
  });
  ASSERT_GT(sample.size(), 50u);
  market::LoadOptions load;
  load.option_fields = market::kTopOfBook;
  const market::DayTape tape = market::load_day(generated_dataset(), {kDay, "NIFTY"}, load);
  engine::MarketView view(tape);
  engine::GreeksConfig config;
  config.rate = 0.065;
  const engine::ChainGreeks greeks(view, config);
  for (const std::size_t r : sample) {
    view.advance_to(c["timestamp"].i64[r] * 1000);
    const engine::PricingUnderlying forward = greeks.underlying(domain::Date::from_days(c["expiry"].i32[r]));
    ASSERT_TRUE(forward.ok()) << r;
    ASSERT_EQ(c["greeks_underlying"].f64[r], forward.price) << r;
  }
}

TEST(GreeksDataset, TheCommandWritesADatasetDuckDbReads) {
  const std::string problem = interop::node_problem();
  ASSERT_TRUE(problem.empty()) << problem;
  TempDir dir("tapelab-derived-cli");
  const fs::path out = dir.path() / "derived";
  const fs::path stdout_file = dir.path() / "out.txt";
  const fs::path stderr_file = dir.path() / "err.txt";
  ASSERT_EQ(run_tapelab(fmt::format("dataset greeks {} --out {} --from 2025-11-17 --to 2025-11-17 "
                                    "--underlying NIFTY --rate 0.065",
                                    shell_quote(generated_dataset().string()), shell_quote(out.string())),
                        stdout_file, stderr_file),
            0)
      << tapelab::testing::shell_quote(stderr_file.string());
  std::ifstream printed(stdout_file);
  const std::string text((std::istreambuf_iterator<char>(printed)), std::istreambuf_iterator<char>());
  const GreeksDatasetReport& report = derived().report;
  EXPECT_THAT(text, HasSubstr(fmt::format("wrote 1 options partitions ({} rows, {} with IV) and copied 2", report.rows,
                                          report.rows_with_iv)));
  // The command and the library write the same bytes (the run time lives only in the manifest).
  EXPECT_EQ(dataset::hash_file(dataset::partition_path(out, kOptions)),
            dataset::hash_file(dataset::partition_path(derived().root, kOptions)));

  const fs::path json_file = dir.path() / "duckdb.json";
  const std::string command = fmt::format("node {} {} {} > {} 2>&1",
                                          shell_quote(TAPELAB_SOURCE_DIR "/tests/derived/greeks_duckdb.mjs"),
                                          shell_quote(out.string()), shell_quote(TAPELAB_SOURCE_DIR "/tools/interop"),
                                          shell_quote(json_file.string()));
  std::ifstream json_in;
  const int status = std::system(command.c_str());
  json_in.open(json_file);
  const std::string json_text((std::istreambuf_iterator<char>(json_in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(status, 0) << json_text;
  const nlohmann::json duck = nlohmann::json::parse(json_text);
  EXPECT_EQ(duck["rows"], report.rows);
  EXPECT_EQ(duck["statuses"]["ok"][0], report.rows_with_iv);
  EXPECT_EQ(duck["statuses"]["ok"][1], report.rows_with_iv);  // every ok row has an iv and a delta
  EXPECT_EQ(duck["statuses"]["ok"][2], report.rows_with_iv);
  for (const auto& [reason, rows] : report.rows_without_iv) {
    EXPECT_EQ(duck["statuses"][reason][0], rows) << reason;
    EXPECT_EQ(duck["statuses"][reason][1], 0) << reason;  // null where there is no IV
  }
  EXPECT_GT(duck["spot_rows"].get<std::int64_t>(), 0);
  EXPECT_EQ(run_tapelab("dataset info " + shell_quote(out.string()), stdout_file, stderr_file), 0);
}

TEST(GreeksDataset, TheCommandRecordsItsVersionSourceAndSettings) {
  TempDir dir("tapelab-derived-provenance");
  const fs::path out = dir.path() / "derived";
  const fs::path err = dir.path() / "err.txt";
  ASSERT_EQ(run_tapelab(fmt::format("dataset greeks {} --out {} --from 2025-11-17 --to 2025-11-17 "
                                    "--underlying NIFTY --model bs --rate 0.065 --div 0.01",
                                    shell_quote(generated_dataset().string()), shell_quote(out.string())),
                        dir.path() / "out.txt", err),
            0);
  std::ifstream in(out / "provenance.json");
  const nlohmann::json p = nlohmann::json::parse(in);
  EXPECT_EQ(p["tapelab_version"], kVersion);
  EXPECT_EQ(p["dataset"]["path"], generated_dataset().string());
  EXPECT_EQ(p["dataset"]["manifest_hash"], dataset::hash_file(generated_dataset() / "manifest.json"));
  const nlohmann::json& c = p["configuration"];
  EXPECT_EQ(c["command"], "dataset greeks");
  EXPECT_EQ(c["days"]["from"], "2025-11-17");
  EXPECT_EQ(c["days"]["to"], "2025-11-17");
  EXPECT_EQ(c["days"]["underlyings"], nlohmann::json::array({"NIFTY"}));
  EXPECT_EQ(c["greeks"]["model"], "bs");
  EXPECT_EQ(c["greeks"]["time_basis"], "calendar");
  EXPECT_EQ(c["greeks"]["rate"], 0.065);
  EXPECT_EQ(c["greeks"]["dividend"], 0.01);
  // The derived dataset stays a dataset tapelab reads.
  EXPECT_EQ(run_tapelab("dataset info " + shell_quote(out.string()), dir.path() / "info.txt", err), 0);
}

std::string error_of(const fs::path& dataset, const fs::path& out, const GreeksDatasetOptions& options) {
  try {
    write_greeks_dataset(dataset, out, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(GreeksDataset, BadPathsAndFlagsFailClearly) {
  TempDir dir("tapelab-derived-bad");
  const fs::path& source = generated_dataset();
  EXPECT_THAT(error_of(dir.path() / "nothing", dir.path() / "out", nifty_on(kDay)), HasSubstr("not a tapelab dataset"));
  EXPECT_THAT(error_of(source, source, nifty_on(kDay)), HasSubstr("the output must be another folder than the dataset"));
  std::ofstream(dir.path() / "file.txt") << "x";
  EXPECT_THAT(error_of(source, dir.path() / "file.txt", nifty_on(kDay)), HasSubstr("file.txt: exists and is not a folder"));
  fs::create_directories(dir.path() / "stuff");
  std::ofstream(dir.path() / "stuff" / "notes.txt") << "mine";
  EXPECT_THAT(error_of(source, dir.path() / "stuff", nifty_on(kDay)), HasSubstr("stuff: exists and is not a dataset"));
  // A plain dataset (a copy of the source) is never written over.
  const fs::path plain = dir.path() / "plain";
  fs::copy(source, plain, fs::copy_options::recursive);
  const auto before = published_file_hashes(plain);
  EXPECT_THAT(error_of(source, plain, nifty_on(kDay)), HasSubstr("is a dataset without Greeks columns"));
  EXPECT_EQ(published_file_hashes(plain), before);
  EXPECT_THAT(error_of(source, dir.path() / "out", nifty_on(domain::Date::from_ymd(2030, 1, 1))),
              HasSubstr("no options partition in the selected days"));
  EXPECT_FALSE(fs::exists(dir.path() / "out"));

  const fs::path out = dir.path() / "cli-out";
  const fs::path o = dir.path() / "o.txt";
  const fs::path e = dir.path() / "e.txt";
  const std::string args = "dataset greeks " + shell_quote(source.string()) + " --out " + shell_quote(out.string());
  auto stderr_text = [&] {
    std::ifstream in(e);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  EXPECT_NE(run_tapelab(args + " --model b76", o, e), 0);
  EXPECT_THAT(stderr_text(), HasSubstr("--model"));
  EXPECT_EQ(run_tapelab(args + " --div 0.01", o, e), 1);
  EXPECT_THAT(stderr_text(), HasSubstr("--div applies to --model bs only"));
  EXPECT_EQ(run_tapelab(args + " --model bs --forward futures", o, e), 1);
  EXPECT_THAT(stderr_text(), HasSubstr("--forward applies to --model black76 only"));
  EXPECT_NE(run_tapelab(args + " --time-basis business", o, e), 0);
  EXPECT_THAT(stderr_text(), HasSubstr("--time-basis"));
  EXPECT_EQ(run_tapelab(args + " --from 2025-13-01", o, e), 1);
  EXPECT_THAT(stderr_text(), HasSubstr("--from"));
  EXPECT_NE(run_tapelab("dataset greeks " + shell_quote(source.string()), o, e), 0);  // --out is required
  EXPECT_THAT(stderr_text(), HasSubstr("--out"));
  EXPECT_FALSE(fs::exists(out));
}

TEST(GreeksDataset, AFailedRunLeavesTheExistingOutputAsItWas) {
  TempDir dir("tapelab-derived-update");
  const fs::path out = dir.path() / "derived";
  write_greeks_dataset(generated_dataset(), out, nifty_on(kDay));
  const auto first = published_file_hashes(out);

  // A source whose next day's options file is cut short.
  const fs::path broken = dir.path() / "broken";
  fs::copy(generated_dataset(), broken, fs::copy_options::recursive);
  const fs::path cut = dataset::partition_path(broken, {TableKind::kOptions, kNextDay, "NIFTY"});
  fs::resize_file(cut, fs::file_size(cut) / 2);
  GreeksDatasetOptions both = nifty_on(kDay);
  both.days.to = kNextDay;
  EXPECT_THROW(write_greeks_dataset(broken, out, both), Error);
  EXPECT_EQ(published_file_hashes(out), first);  // nothing of the failed run is visible

  // A good run over both days replaces the first (the same bytes) and adds the second.
  const GreeksDatasetReport report = write_greeks_dataset(generated_dataset(), out, both);
  EXPECT_EQ(report.option_partitions, 2);
  const auto second = published_file_hashes(out);
  const std::string first_day = dataset::partition_relative_path(kOptions).string();
  EXPECT_EQ(second.at(first_day), first.at(first_day));
  EXPECT_TRUE(second.contains(dataset::partition_relative_path({TableKind::kOptions, kNextDay, "NIFTY"}).string()));
  // An update of the second day alone keeps the first.
  write_greeks_dataset(generated_dataset(), out, nifty_on(kNextDay));
  EXPECT_EQ(published_file_hashes(out).at(first_day), first.at(first_day));
  EXPECT_EQ(dataset::Manifest::load(out).partitions.size(), 6u);
}

}  // namespace
}  // namespace tapelab::derived
