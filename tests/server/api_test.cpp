// Every endpoint over the generated dataset, its truth and a backtest run,
// through a real server on port 0 and a real HTTP client: the values equal
// what the files hold (read with our Parquet reader, the run's CSVs, and
// DuckDB for a features window), and bad input gets a JSON 400 or 404.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dataset/layout.h"
#include "dataset/manifest.h"
#include "domain/time.h"
#include "parquet/reader.h"
#include "server/http_client.h"
#include "server/served_data.h"
#include "support/shell.h"
#include "support/temp_dir.h"
#include "truth/truth_manifest.h"
#include "util/file.h"

namespace tapelab::server::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

const domain::Date kDay = domain::Date::from_ymd(2025, 11, 17);

json get_json(const std::string& target, int expected_status = 200) {
  const Reply r = request(shared_port(), target);
  EXPECT_EQ(r.status, expected_status) << target << ": " << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json") << target;
  return json::parse(r.body);
}

fs::path truth_file(const std::string& table, const std::string& underlying) {
  const ServedData& d = served_data();
  const truth::TruthManifest manifest = truth::TruthManifest::load(d.truth);
  const truth::TruthDay* day = manifest.find(kDay, underlying);
  for (const truth::TruthFile& f : day->files) {
    if (f.table == table) return d.truth / f.path;
  }
  ADD_FAILURE() << "no " << table;
  return {};
}

parquet::ColumnData read_column(const fs::path& file, const std::string& column) {
  const parquet::FileReader reader(file);
  parquet::ReadOptions options;
  options.columns = {column};
  parquet::ColumnData out(reader.schema().columns[static_cast<std::size_t>(reader.schema().find(column))].type);
  for (const parquet::Batch& b : reader.read(options)) out.append(b.columns[0]);
  return out;
}

std::int64_t micros(int h, int m, int s) { return domain::wall_time(kDay, h, m, s) / 1000; }

TEST(ServeApi, DaysListsWhatEachSourceHolds) {
  const ServedData& d = served_data();
  const json days = get_json("/api/days")["days"];
  ASSERT_EQ(days.size(), 4U);
  const dataset::Manifest manifest = dataset::Manifest::load(d.dataset);
  const truth::TruthManifest truth = truth::TruthManifest::load(d.truth);
  for (const json& day : days) {
    const auto date = *domain::Date::parse(day["date"].get<std::string>());
    const std::string underlying = day["underlying"];
    const auto* options = manifest.find({dataset::TableKind::kOptions, date, underlying});
    ASSERT_NE(options, nullptr);
    EXPECT_EQ(day["dataset"]["options"]["hash"], options->content_hash);
    EXPECT_EQ(day["dataset"]["options"]["rows"], options->rows);
    const truth::TruthDay* t = truth.find(date, underlying);
    ASSERT_NE(t, nullptr);
    for (const truth::TruthFile& f : t->files) {
      EXPECT_EQ(day["truth"][f.table]["hash"], f.content_hash);
      EXPECT_EQ(day["truth"][f.table]["rows"], f.rows);
    }
    // S1 trades both underlyings on both days: daily.csv has a row for each.
    EXPECT_EQ(day["runs"], json::array({"s1"})) << day.dump();
  }
}

TEST(ServeApi, FeaturesWindowEqualsTheFile) {
  const json j = get_json("/api/days/2025-11-17/NIFTY/truth/features?from=10:00:00&to=10:05:00&columns=time,spot,"
                          "atm_strike,ce_mid&format=json");
  const fs::path file = truth_file("features", "NIFTY");
  const parquet::ColumnData time = read_column(file, "time");
  const parquet::ColumnData spot = read_column(file, "spot");
  const parquet::ColumnData ce_mid = read_column(file, "ce_mid");
  const auto first = std::lower_bound(time.i64.begin(), time.i64.end(), micros(10, 0, 0)) - time.i64.begin();
  ASSERT_EQ(j["rows"], 301);  // every second of 10:00:00..10:05:00
  const json& cols = j["columns"];
  EXPECT_EQ(cols.size(), 4U);
  for (std::size_t i = 0; i < 301; ++i) {
    const std::size_t row = static_cast<std::size_t>(first) + i;
    EXPECT_EQ(cols["time"][i].get<double>(), static_cast<double>(time.i64[row]) * 1e-6);
    if (spot.is_valid(row)) {
      EXPECT_EQ(cols["spot"][i].get<double>(), spot.f64[row]);
    }
    EXPECT_EQ(cols["ce_mid"][i].is_null(), !ce_mid.is_valid(row));
    if (ce_mid.is_valid(row)) {
      EXPECT_EQ(cols["ce_mid"][i].get<double>(), ce_mid.f64[row]);
    }
  }
}

// events has no `time`: a window there is of known_at, the second each row became known.
TEST(ServeApi, EventsWindowIsOfKnownAt) {
  const json j = get_json("/api/days/2025-11-17/NIFTY/truth/events?from=10:00:00&to=11:00:00&columns=kind,known_at"
                          "&format=json");
  const fs::path file = truth_file("events", "NIFTY");
  const parquet::ColumnData known_at = read_column(file, "known_at");
  const auto first = std::lower_bound(known_at.i64.begin(), known_at.i64.end(), micros(10, 0, 0));
  const auto last = std::upper_bound(first, known_at.i64.end(), micros(11, 0, 0));
  ASSERT_GT(last - first, 0) << "the generated day has events known between 10:00 and 11:00";
  ASSERT_EQ(j["rows"], last - first);
  const json& served = j["columns"]["known_at"];
  for (std::size_t i = 0; i < served.size(); ++i) {
    EXPECT_EQ(served[i].get<double>(), static_cast<double>(*(first + static_cast<std::ptrdiff_t>(i))) * 1e-6);
  }
}

TEST(ServeApi, WholeTablesInColumnsFormat) {
  const Reply r = request(shared_port(), "/api/days/2025-11-17/BANKNIFTY/truth/atm_options");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/vnd.tapelab.columns");
  ASSERT_EQ(r.body.substr(0, 8), "TLCOLS01");
  std::uint32_t header_bytes = 0;
  std::memcpy(&header_bytes, r.body.data() + 8, 4);
  const json header = json::parse(r.body.substr(16, header_bytes));
  const parquet::FileReader reader(truth_file("atm_options", "BANKNIFTY"));
  EXPECT_EQ(header["rows"], reader.num_rows());
  EXPECT_EQ(header["columns"].size(), reader.schema().columns.size());
  // The last array ends where the body ends: nothing is missing or extra.
  std::size_t end = 0;
  for (const json& c : header["columns"]) {
    for (const char* part : {"data", "valid", "offsets"}) {
      if (c.contains(part) && !c[part].is_null()) end = std::max(end, c[part][0].get<std::size_t>() + c[part][1].get<std::size_t>());
    }
  }
  EXPECT_EQ(16 + header_bytes + end, r.body.size());
}

double number_at(const parquet::ColumnData& c, std::size_t row) {
  switch (c.type) {
    case parquet::PhysicalType::DOUBLE: return c.f64[row];
    case parquet::PhysicalType::INT32: return c.i32[row];
    default: return static_cast<double>(c.i64[row]);
  }
}

// The as-of row of one contract in the dataset's options file, read without the server's code.
struct OptionRow {
  std::int64_t time_us = 0;
  double bid = 0, ask = 0, ltp = 0, oi = 0;
  std::optional<std::int64_t> next_time_us;
};

std::optional<OptionRow> as_of_row(const std::string& expiry, std::int32_t strike, const std::string& type,
                                   std::int64_t at_us) {
  const parquet::FileReader reader(dataset::partition_path(served_data().dataset,
                                                           {dataset::TableKind::kOptions, kDay, "NIFTY"}));
  parquet::ReadOptions options;
  options.columns = {"expiry", "strike", "opt_type", "timestamp", "bp0", "sp0", "price", "oi"};
  std::optional<OptionRow> found;
  const std::int32_t expiry_days = domain::Date::parse(expiry)->days();
  for (const parquet::Batch& b : reader.read(options)) {
    for (std::size_t r = 0; r < b.num_rows(); ++r) {
      if (b.columns[0].i32[r] != expiry_days || b.columns[1].i32[r] != strike || b.columns[2].string_at(r) != type) {
        continue;
      }
      const std::int64_t t = b.columns[3].i64[r];
      if (t > at_us) {
        if (found && !found->next_time_us) found->next_time_us = t;
        continue;
      }
      found = OptionRow{t, number_at(b.columns[4], r), number_at(b.columns[5], r), number_at(b.columns[6], r),
                        number_at(b.columns[7], r), {}};
    }
  }
  return found;
}

TEST(ServeApi, ChainIsEachContractsLastSnapshotAtOrBefore) {
  const json chain = get_json("/api/days/2025-11-17/NIFTY/chain?at=10:30:00");
  EXPECT_EQ(chain["at"], "10:30:00");
  ASSERT_FALSE(chain["strikes"].empty());
  int checked = 0, with_iv = 0;
  for (const json& row : chain["strikes"]) {
    for (const char* type : {"CE", "PE"}) {
      if (row[type].is_null()) continue;
      const auto expected = as_of_row(chain["expiry"], row["strike"], type, micros(10, 30, 0));
      ASSERT_TRUE(expected.has_value()) << row.dump();
      EXPECT_EQ(row[type]["bid"].get<double>(), expected->bid);
      EXPECT_EQ(row[type]["ask"].get<double>(), expected->ask);
      EXPECT_EQ(row[type]["ltp"].get<double>(), expected->ltp);
      EXPECT_EQ(row[type]["oi"].get<double>(), expected->oi);
      if (!row[type]["iv"].is_null()) {
        ++with_iv;
        EXPECT_GT(row[type]["iv"].get<double>(), 0.0);
        EXPECT_LT(row[type]["iv"].get<double>(), 5.0);
      }
      ++checked;
      if (checked > 12) break;  // the reader pass per contract is slow under ASan
    }
    if (checked > 12) break;
  }
  EXPECT_GT(checked, 0);
  EXPECT_GT(with_iv, 0);
}

TEST(ServeApi, BookIsTheLastSnapshotNeverALaterOne) {
  const json chain = get_json("/api/days/2025-11-17/NIFTY/chain?at=11:00:00");
  const json& middle = chain["strikes"][chain["strikes"].size() / 2];
  const std::int32_t strike = middle["strike"];
  const json book = get_json(fmt::format("/api/days/2025-11-17/NIFTY/book?at=11:00:00&strike={}&type=CE", strike));
  const auto expected = as_of_row(chain["expiry"], strike, "CE", micros(11, 0, 0));
  ASSERT_TRUE(expected.has_value());
  const json& snap = book["snapshot"];
  EXPECT_EQ(snap["bids"].size(), 5U);
  EXPECT_EQ(snap["asks"].size(), 5U);
  EXPECT_EQ(snap["bids"][0]["price"].get<double>(), expected->bid);
  EXPECT_EQ(snap["asks"][0]["price"].get<double>(), expected->ask);
  const std::string stamped = domain::format_wall_time(expected->time_us * 1000).substr(11);
  EXPECT_EQ(snap["time"], stamped);
  if (expected->next_time_us) {
    EXPECT_GT(*expected->next_time_us, micros(11, 0, 0));
  }
  // Before the day's first row, nothing has printed yet.
  EXPECT_TRUE(get_json(fmt::format("/api/days/2025-11-17/NIFTY/book?at=00:00:01&strike={}&type=CE", strike))["snapshot"]
                  .is_null());
}

TEST(ServeApi, RunsSummaryTradesAndIntradayEqualTheFiles) {
  const ServedData& d = served_data();
  const json runs = get_json("/api/runs")["runs"];
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_EQ(runs[0]["id"], "s1");
  const json summary = get_json("/api/runs/s1");
  EXPECT_EQ(summary["summary"], json::parse(read_file(d.run / "summary.json")));
  EXPECT_EQ(summary["provenance"], json::parse(read_file(d.run / "provenance.json")));

  const json trades = get_json("/api/runs/s1/trades?format=json");
  std::ifstream csv(d.run / "trades.csv");
  std::string header, line;
  std::getline(csv, header);
  std::vector<std::string> lines;
  while (std::getline(csv, line)) lines.push_back(line);
  ASSERT_EQ(trades["rows"], lines.size());
  ASSERT_FALSE(lines.empty());
  const std::string first_field = lines[0].substr(0, lines[0].find(','));
  const std::string first_name = header.substr(0, header.find(','));
  EXPECT_EQ(trades["columns"][first_name][0], first_field);

  const json intraday = get_json("/api/runs/s1/intraday?date=2025-11-17&underlying=NIFTY&format=json");
  EXPECT_EQ(intraday["rows"], 376);  // every minute of 09:15..15:30
  for (const json& u : intraday["columns"]["underlying"]) EXPECT_EQ(u, "NIFTY");
  EXPECT_EQ(intraday["columns"]["time"][0], "09:15:00");
}

TEST(ServeApi, BadInputIsAJsonErrorNamingTheProblem) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"/api/days/2025-11-19/NIFTY/truth/features", 404},
      {"/api/days/2025-11-17/SENSEX/chain?at=10:00:00", 404},
      {"/api/days/2025-13-01/NIFTY/chain?at=10:00:00", 400},
      {"/api/days/2025-11-17/NIFTY/chain", 400},
      {"/api/days/2025-11-17/NIFTY/chain?at=25:00:00", 400},
      {"/api/days/2025-11-17/NIFTY/chain?at=10:00", 400},
      {"/api/days/2025-11-17/NIFTY/chain?at=10:00:00&expiry=2030-01-01", 404},
      {"/api/days/2025-11-17/NIFTY/book?at=10:00:00&strike=1&type=CE", 404},
      {"/api/days/2025-11-17/NIFTY/book?at=10:00:00&strike=abc&type=CE", 400},
      {"/api/days/2025-11-17/NIFTY/book?at=10:00:00&strike=24000&type=XX", 400},
      {"/api/days/2025-11-17/NIFTY/truth/nope", 404},
      {"/api/days/2025-11-17/NIFTY/truth/features?columns=nope", 400},
      {"/api/days/2025-11-17/NIFTY/truth/features?columns=spot,spot", 400},
      {"/api/days/2025-11-17/NIFTY/truth/features?from=11:00:00&to=10:00:00", 400},
      {"/api/days/2025-11-17/NIFTY/truth/features?format=xml", 400},
      {"/api/days/2025-11-17/NIFTY/truth/features?color=red", 400},
      {"/api/days/2025-11-17/NIFTY/truth/features?v=0123", 404},
      {"/api/runs/nope", 404},
      {"/api/runs/s1/nope", 404},
      {"/api/nope", 404},
      {"/", 404},
  };
  for (const auto& [target, status] : cases) {
    const json j = get_json(target, status);
    EXPECT_EQ(j["error"], status) << target;
    EXPECT_FALSE(j["message"].get<std::string>().empty()) << target;
  }
  EXPECT_THAT(get_json("/api/days/2025-11-17/NIFTY/truth/features?columns=nope", 400)["message"].get<std::string>(),
              HasSubstr("ce_mid"));
}

TEST(ServeApi, HeadHasTheHeadersWithoutTheBody) {
  const Reply get = request(shared_port(), "/api/days");
  const Reply head = request(shared_port(), "/api/days", {}, "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.header("etag"), get.header("etag"));
  EXPECT_TRUE(head.body.empty());
}

// DuckDB reads the features file and a Node client decodes the server's
// binary columns with typed-array views; both must agree value for value.
TEST(ServeApi, FeaturesWindowMatchesDuckDbThroughTheColumnsFormat) {
  const ServedData& d = served_data();
  tapelab::testing::TempDir dir("tapelab-serve-duckdb");
  const fs::path out = dir / "out.json";
  const std::string command = fmt::format(
      "/usr/bin/env node {} {} {} {} > {} 2>&1", tapelab::testing::shell_quote(TAPELAB_SOURCE_DIR "/tests/server/duckdb_window.mjs"),
      tapelab::testing::shell_quote(TAPELAB_SOURCE_DIR "/tools/interop"), shared_port(),
      tapelab::testing::shell_quote(truth_file("features", "NIFTY").string()), tapelab::testing::shell_quote(out.string()));
  const int status = std::system(command.c_str());
  const std::string text = read_file(out);
  ASSERT_EQ(status, 0) << text;
  const json j = json::parse(text);
  EXPECT_EQ(j["rows"], 301);
  EXPECT_GE(j["values_compared"].get<int>(), 301 * 4);
  EXPECT_EQ(j["mismatches"], json::array());
  (void)d;
}

}  // namespace
}  // namespace tapelab::server::testing
