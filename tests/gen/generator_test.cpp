#include "gen/generator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include "domain/contract.h"
#include "domain/expiry_calendar.h"
#include "domain/time.h"
#include "gen/market.h"
#include "gen/tape.h"
#include "gen/dump_text.h"
#include "support/suite_start.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::gen {
namespace {

using testing::Fields;
using testing::paise;

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("tapelab-gen-test-" + std::to_string(getpid())) / name;
  std::filesystem::remove_all(dir);
  return dir;
}

GenOptions small_options(const std::filesystem::path& out, uint64_t seed) {
  GenOptions options;
  options.out = out;
  options.start = *domain::Date::parse("2025-11-17");  // a Monday: the NIFTY weekly expires on day 2
  options.days = 2;
  options.seed = seed;
  return options;
}

// Trading days of both underlyings in the quirk-rate folder (see GeneratorQuirks).
constexpr int kQuirkDays = 20;

const char* const kFiles[] = {"das_niftyopt_mod.sql.gz", "das_bankopt_mod.sql.gz", "das_nse_mod.sql.gz",
                              "expiry_calendar.csv"};

class GeneratedFolder : public ::testing::Test {
 protected:
  // generate() with overlap_days is itself under test here: when it throws,
  // every test of the suite fails (an exception out of SetUpTestSuite would
  // only skip them).
  static void SetUpTestSuite() {
    suite_start_.run([] {
      auto options = small_options(temp_dir("a"), 7);
      options.overlap_days = 1;
      results_ = new std::vector<FolderResult>(generate(options));
      tables_ = new std::map<std::string, std::vector<Fields>>();
      for (const char* file : {"das_niftyopt_mod.sql.gz", "das_bankopt_mod.sql.gz", "das_nse_mod.sql.gz"}) {
        auto parsed = testing::parse_tick_tables(testing::gunzip(folder() / file), "REPLACE",
                                                 {"BAJAJ-AUTO", "DRREDDY", "M&M", "RELIANCE", "TCS"});
        tables_->insert(parsed.begin(), parsed.end());
      }
    });
  }
  void SetUp() override { suite_start_.require("the generated folder (generate with overlap_days=1)"); }
  static inline tapelab::testing::SuiteStart suite_start_;
  static void TearDownTestSuite() {
    delete results_;
    delete tables_;
  }
  static const std::filesystem::path& folder() { return (*results_)[0].folder; }
  static const nlohmann::json& summary() { return (*results_)[0].summary; }
  static const nlohmann::json* table_summary(const std::string& name) {
    for (const auto& [file, tables] : summary()["tables"].items()) {
      if (tables.contains(name)) return &tables[name];
    }
    return nullptr;
  }
  static std::vector<FolderResult>* results_;
  static std::map<std::string, std::vector<Fields>>* tables_;
};
std::vector<FolderResult>* GeneratedFolder::results_ = nullptr;
std::map<std::string, std::vector<Fields>>* GeneratedFolder::tables_ = nullptr;

TEST_F(GeneratedFolder, WritesTheFilesOfARealFolder) {
  for (const char* file : kFiles) EXPECT_TRUE(std::filesystem::exists(folder() / file)) << file;
  EXPECT_TRUE(std::filesystem::exists(folder() / kSummaryFile));
  EXPECT_EQ(summary()["days"], nlohmann::json({"2025-11-17", "2025-11-18"}));
  // The NIFTY weekly of 18 Nov and the monthly of 25 Nov (the weekly of that date is the monthly).
  const auto& expiries = summary()["per_day"]["NIFTY"]["2025-11-17"]["expiries"];
  ASSERT_EQ(expiries.size(), 2u);
  EXPECT_EQ(expiries[0]["final"], "2025-11-18");
  EXPECT_EQ(expiries[0]["kind"], "weekly");
  EXPECT_EQ(expiries[1]["final"], "2025-11-25");
  EXPECT_EQ(expiries[1]["kind"], "monthly");
  EXPECT_EQ(expiries[1]["lot"], 75);
  // BANKNIFTY has monthlies only after Nov 2024.
  for (const auto& e : summary()["per_day"]["BANKNIFTY"]["2025-11-17"]["expiries"]) EXPECT_EQ(e["kind"], "monthly");
  EXPECT_TRUE(tables_->count("NIFTY25N1826000CE") || tables_->count("NIFTY25N1825900CE"));
  EXPECT_FALSE(tables_->count("NIFTY25N2526000CE")) << "a weekly on the monthly's date is listed as the monthly";
  for (const char* t : {"NIFTY", "BANKNIFTY", "NIFTYFUT", "BANKNIFTYFUT"}) EXPECT_TRUE(tables_->count(t)) << t;
  const uint64_t option_rows = summary()["per_day"]["NIFTY"]["2025-11-17"]["option_rows"];
  EXPECT_GT(option_rows, 1000u);
  EXPECT_LT(option_rows, 50000u);  // small: tens of thousands a day (the ATM quotes every ~20 s)
}

TEST_F(GeneratedFolder, DumpRowsMatchTheSummary) {
  uint64_t rows_1970 = 0, zero_volume = 0, crossed = 0;
  size_t tables_seen = 0;
  for (const auto& [name, rows] : *tables_) {
    const auto* entry = table_summary(name);
    ASSERT_NE(entry, nullptr) << name;
    ++tables_seen;
    EXPECT_EQ((*entry)["rows"].get<size_t>(), rows.size()) << name;
    uint64_t t1970 = 0, tzero = 0, tcrossed = 0;
    for (const auto& row : rows) {
      ASSERT_EQ(row.size(), 46u) << name;
      const bool preopen = row[testing::kTimestamp].rfind("1970-01-01", 0) == 0;
      t1970 += preopen;
      if ((*entry)["kind"] == "option" && !preopen && row[testing::kVolume] == "0") ++tzero;
      const auto bid = paise(row[testing::kBid0 + 1]), ask = paise(row[testing::kAsk0 + 1]);
      if (bid > 0 && ask > 0 && bid > ask) ++tcrossed;
    }
    EXPECT_EQ((*entry)["rows_1970"].get<uint64_t>(), t1970) << name;
    if ((*entry)["kind"] == "option") {
      EXPECT_EQ((*entry)["zero_volume"].get<uint64_t>(), tzero) << name;
    }
    EXPECT_EQ((*entry)["crossed"].get<uint64_t>(), tcrossed) << name;
    rows_1970 += t1970;
    crossed += tcrossed;
    zero_volume += (*entry)["zero_volume"].get<uint64_t>();
    const auto& last = (*entry)["last"];
    EXPECT_EQ(last["timestamp"], rows.back()[testing::kTimestamp]) << name;
    EXPECT_EQ(last["price"], rows.back()[testing::kPrice]) << name;
    EXPECT_EQ(last["oi"].get<int64_t>(), std::stoll(rows.back()[testing::kOi])) << name;
  }
  EXPECT_EQ(summary()["totals"]["rows_1970"].get<uint64_t>(), rows_1970);
  EXPECT_EQ(summary()["totals"]["zero_volume"].get<uint64_t>(), zero_volume);
  EXPECT_EQ(summary()["totals"]["crossed"].get<uint64_t>(), crossed);
  // One 1970 row per option and futures contract per day listed.
  uint64_t contract_days = 0;
  for (const auto& [underlying, days] : summary()["per_day"].items()) {
    for (const auto& [date, day] : days.items()) contract_days += day["option_tables"].get<uint64_t>() + 1;
  }
  EXPECT_EQ(rows_1970, contract_days);
  size_t tick_tables = 0;
  for (const auto& [file, tables] : summary()["tables"].items()) {
    for (const auto& [name, t] : tables.items()) tick_tables += t["kind"] != "equity";
  }
  EXPECT_EQ(tables_seen, tick_tables);
}

TEST_F(GeneratedFolder, BooksAreSaneAndInLots) {
  const auto calendar = domain::ExpiryCalendar::builtin();
  for (const auto& [name, rows] : *tables_) {
    const auto contract = domain::parse_contract(name, calendar).contract;
    if (!contract) continue;  // spot and futures
    const int64_t lot = *domain::lot_size(contract->underlying, contract->expiry, contract->kind);
    int64_t last_volume = 0;
    std::string last_day;
    for (const auto& row : rows) {
      if (row[testing::kTimestamp].rfind("1970", 0) == 0) continue;
      const std::string day = row[testing::kTimestamp].substr(0, 10);
      if (day != last_day) last_volume = 0;
      last_day = day;
      const int64_t volume = std::stoll(row[testing::kVolume]);
      if (volume != 0) {  // zero is a deliberate glitch; otherwise cumulative
        EXPECT_GE(volume, last_volume) << name << " " << row[0];
        last_volume = volume;
      }
      EXPECT_EQ(paise(row[testing::kPrice]) % 5, 0) << name;
      EXPECT_LE(row[testing::kLastTradeTime], row[testing::kTimestamp]) << name;
      EXPECT_EQ(std::stoll(row[testing::kQty]) % lot, 0) << name;
      EXPECT_EQ(std::stoll(row[testing::kOi]) % lot, 0) << name;
      EXPECT_LE(paise(row[testing::kLow]), paise(row[testing::kPrice]));
      EXPECT_GE(paise(row[testing::kHigh]), paise(row[testing::kPrice]));
      EXPECT_LE(paise(row[testing::kLow]), paise(row[testing::kAvgPrice]));
      EXPECT_GE(paise(row[testing::kHigh]), paise(row[testing::kAvgPrice]));
      const double close = paise(row[testing::kClose]) / 100.0;
      EXPECT_NEAR(std::stod(row[testing::kChangeper]), (paise(row[testing::kPrice]) / 100.0 / close - 1) * 100, 1e-9);
      const int64_t bid0 = paise(row[testing::kBid0 + 1]), ask0 = paise(row[testing::kAsk0 + 1]);
      const bool crossed = bid0 > 0 && ask0 > 0 && bid0 > ask0;
      if (!crossed) {
        EXPECT_TRUE(bid0 == 0 || bid0 < ask0) << name << " " << row[0];
      }
      for (int side : {testing::kBid0, testing::kAsk0}) {
        int64_t previous = 0;
        for (int level = 0; level < 5; ++level) {
          const int64_t qty = std::stoll(row[side + 3 * level]);
          const int64_t price = paise(row[side + 3 * level + 1]);
          const int64_t orders = std::stoll(row[side + 3 * level + 2]);
          EXPECT_EQ(qty % lot, 0) << name;
          EXPECT_EQ(price == 0, qty == 0) << name;
          EXPECT_LE(orders, qty / lot) << name;
          if (price == 0 || level == 0 || crossed) {
            previous = price;
            continue;
          }
          if (side == testing::kBid0) {
            EXPECT_LT(price, previous) << name << " " << row[0];
          } else {
            EXPECT_GT(price, previous) << name << " " << row[0];
          }
          previous = price;
        }
      }
    }
  }
}

// Put-call parity: at one second and expiry, C - P + D*K equals the same
// discounted forward D*F for every strike (D = exp(-r*T), T to 15:30 on the
// expiry day), so the intervals [bidC - askP + D*K, askC - bidP + D*K] of all
// strikes must overlap. Only r is taken from the generator; no vol, no spot.
TEST_F(GeneratedFolder, PutCallParityHoldsWithinTheSpread) {
  const auto calendar = domain::ExpiryCalendar::builtin();
  struct Quote { int64_t bid, ask; };
  struct Slot { domain::Date expiry; std::map<int32_t, std::pair<std::optional<Quote>, std::optional<Quote>>> strikes; };
  std::map<std::tuple<std::string, int32_t, std::string>, Slot> book;  // (underlying, expiry, timestamp)
  for (const auto& [name, rows] : *tables_) {
    const auto contract = domain::parse_contract(name, calendar).contract;
    if (!contract) continue;
    for (const auto& row : rows) {
      if (row[0].rfind("1970", 0) == 0) continue;
      const Quote q{paise(row[testing::kBid0 + 1]), paise(row[testing::kAsk0 + 1])};
      if (q.bid > q.ask) continue;  // the deliberately crossed rows
      auto& slot = book[{contract->underlying, contract->expiry.days(), row[0]}];
      slot.expiry = contract->expiry;
      auto& pair = slot.strikes[contract->strike];
      (contract->type == domain::OptionType::kCall ? pair.first : pair.second) = q;
    }
  }
  size_t checked = 0;
  for (const auto& [key, slot] : book) {
    const auto wall = domain::parse_wall_time(std::get<2>(key));
    const auto close = domain::wall_time(slot.expiry, 15, 30, 0);
    const double years = std::max(60.0, static_cast<double>(close - *wall) / 1e9) / (365.0 * 86400.0);
    const double discount = std::exp(-MarketModel::kRate * years);
    double lower = -1e18, upper = 1e18;
    int pairs = 0;
    for (const auto& [strike, quotes] : slot.strikes) {
      if (!quotes.first || !quotes.second) continue;
      ++pairs;
      const double k = discount * strike * 100.0;
      lower = std::max(lower, static_cast<double>(quotes.first->bid - quotes.second->ask) + k);
      upper = std::min(upper, static_cast<double>(quotes.first->ask - quotes.second->bid) + k);
    }
    if (pairs < 2) continue;
    ++checked;
    EXPECT_LE(lower, upper + 1e-6) << std::get<0>(key) << " " << std::get<2>(key) << ": parity bounds do not overlap";
  }
  EXPECT_GT(checked, 100u);
}

TEST_F(GeneratedFolder, CalendarFileAgreesWithTheRules) {
  const auto written = domain::ExpiryCalendar::from_csv(folder() / kCalendarFile);
  const auto from = *domain::Date::parse("2025-11-17"), to = *domain::Date::parse("2026-01-31");
  EXPECT_TRUE(domain::compare(written, domain::ExpiryCalendar::builtin(), from, from + 7).empty());
  EXPECT_FALSE(written.expiries("NIFTY", from, to).empty());
  EXPECT_FALSE(written.expiries("BANKNIFTY", from, to).empty());
}

TEST_F(GeneratedFolder, OverlappingFolderSharesItsFirstDayRowForRow) {
  ASSERT_EQ(results_->size(), 2u);
  const auto& second = (*results_)[1];
  EXPECT_EQ(second.folder.string(), folder().string() + "-2");
  EXPECT_EQ(second.summary["days"], nlohmann::json({"2025-11-18", "2025-11-19"}));
  auto other = testing::parse_tick_tables(testing::gunzip(second.folder / "das_niftyopt_mod.sql.gz"), "REPLACE");
  size_t compared = 0;
  for (const auto& [name, rows] : other) {
    const auto it = tables_->find(name);
    if (it == tables_->end()) continue;
    auto day_rows = [](const std::vector<Fields>& all) {
      std::vector<Fields> out;
      for (const auto& r : all) {
        if (r[0].rfind("2025-11-18", 0) == 0) out.push_back(r);
      }
      return out;
    };
    EXPECT_EQ(day_rows(rows), day_rows(it->second)) << name;
    compared += day_rows(rows).size();
  }
  EXPECT_GT(compared, 1000u);
}

std::string file_bytes(const std::filesystem::path& p) { return read_file(p); }

// The feed quirks hit session rows of options and futures (not the 1970 rows,
// not spot) at tape.h's rates. Counts are binomial: n rows at rate p give
// n*p +- 5*sqrt(n*p*(1-p)). The folder is large enough that 5 sigma is under
// n*p for both rates, so quirks that never happen fail.
TEST(GeneratorQuirks, RatesMatchTheirConstantsWithinFiveSigma) {
  GenOptions options = small_options(temp_dir("quirks"), 21);
  options.days = kQuirkDays;
  options.underlyings = {"NIFTY", "BANKNIFTY"};
  options.threads = 8;
  const nlohmann::json summary = generate(options).front().summary;
  uint64_t eligible = 0;
  for (const auto& [underlying, days] : summary["per_day"].items()) {
    for (const auto& [date, day] : days.items()) {
      eligible += day["option_rows"].get<uint64_t>() + day["futures_rows"].get<uint64_t>();
    }
  }
  eligible -= summary["totals"]["rows_1970"].get<uint64_t>();
  const auto expect_rate = [&](const char* quirk, double rate) {
    const double n = static_cast<double>(eligible);
    const double mean = n * rate, sigma = std::sqrt(n * rate * (1 - rate));
    ASSERT_GT(mean, 5 * sigma) << quirk << ": too few rows (" << eligible << ") to tell the rate";
    const auto count = static_cast<double>(summary["totals"][quirk].get<uint64_t>());
    EXPECT_NEAR(count, mean, 5 * sigma) << quirk << " in " << eligible << " rows, rate " << rate;
  };
  expect_rate("zero_volume", kZeroVolumeRate);
  expect_rate("crossed", kCrossedRate);
}

TEST(GeneratorDeterminism, SameSeedSameBytesDifferentSeedDifferentBytes) {
  auto a = small_options(temp_dir("same-a"), 11);
  a.days = 1;
  // 8 threads, not 0 (all cores): on a 1-core machine that would be one
  // thread against one.
  a.threads = 8;
  auto b = a;
  b.out = temp_dir("same-b");
  b.threads = 1;  // output must not depend on the thread count
  auto c = a;
  c.out = temp_dir("other");
  c.seed = 12;
  generate(a);
  generate(b);
  generate(c);
  for (const char* file : kFiles) {
    EXPECT_EQ(file_bytes(a.out / file), file_bytes(b.out / file)) << file;
  }
  EXPECT_EQ(file_bytes(a.out / kSummaryFile), file_bytes(b.out / kSummaryFile));
  for (const char* file : {"das_niftyopt_mod.sql.gz", "das_bankopt_mod.sql.gz", "das_nse_mod.sql.gz"}) {
    EXPECT_NE(file_bytes(a.out / file), file_bytes(c.out / file)) << file;
  }
}

void expect_error(const GenOptions& options, const std::string& fragment) {
  try {
    generate(options);
    ADD_FAILURE() << "no error; expected one containing '" << fragment << "'";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(GeneratorFlags, BadOptionsGiveClearErrors) {
  auto options = small_options(temp_dir("bad"), 1);
  auto bad = options;
  bad.days = 0;
  expect_error(bad, "--days");
  bad = options;
  bad.underlyings = {"NIFTY", "GOLDPETAL"};
  expect_error(bad, "unknown underlying 'GOLDPETAL'");
  bad = options;
  bad.overlap_days = 5;
  expect_error(bad, "--overlap-days");
  const auto blocker = temp_dir("blocker");
  std::filesystem::create_directories(blocker.parent_path());
  std::ofstream(blocker) << "a file, not a folder";
  bad = options;
  bad.out = blocker / "sub";
  expect_error(bad, "cannot create output folder");
}

int run_cli(const std::string& args, std::string& output) {
  const auto log = temp_dir("cli.log");
  std::filesystem::create_directories(log.parent_path());
  const int status = std::system((std::string(TAPELAB_BINARY) + " gen " + args + " >" + log.string() + " 2>&1").c_str());
  output = read_file(log);
  return WEXITSTATUS(status);
}

TEST(GeneratorCli, RejectsBadDatesAndValues) {
  const std::string out = "--out " + temp_dir("cli").string();
  std::string output;
  EXPECT_EQ(run_cli(out + " --start 2025-13-01", output), 1);
  EXPECT_NE(output.find("--start '2025-13-01' is not a date"), std::string::npos) << output;
  EXPECT_EQ(run_cli(out + " --scale huge", output), 1);
  EXPECT_NE(output.find("--scale must be small or full"), std::string::npos) << output;
  EXPECT_EQ(run_cli(out + " --underlyings NIFTY,,BANKNIFTY", output), 1);
  EXPECT_NE(output.find("empty name"), std::string::npos) << output;
  EXPECT_EQ(run_cli(out + " --days -2", output), 1);
  EXPECT_NE(output.find("--days must be at least 1"), std::string::npos) << output;
}

}  // namespace
}  // namespace tapelab::gen
