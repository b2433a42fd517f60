// The runner: the session clock, records sorted and identical across runs and
// thread counts, and a whole backtest over a generated and ingested dataset.
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "engine/day_session.h"
#include "engine/runner.h"
#include "market/loader.h"
#include "micro_day.h"
#include "support/shell.h"
#include "support/suite_start.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

namespace fs = std::filesystem;
using domain::Date;
using domain::OptionType;

void expect_same(const RunRecords& a, const RunRecords& b) {
  EXPECT_TRUE(a.trades == b.trades);
  EXPECT_TRUE(a.orders == b.orders);
  EXPECT_TRUE(a.days == b.days);
}

TEST(SessionClock, OneSecondStepsOverTheSessionOrTheSpecialWindows) {
  const auto regular = session_seconds(testing::MicroDay(Date::from_ymd(2025, 11, 18), "NIFTY").tape());
  ASSERT_EQ(regular.size(), 6u * 3600 + 15 * 60 + 1);  // 09:15:00 to 15:30:00 inclusive
  EXPECT_EQ(regular.front(), domain::wall_time(Date::from_ymd(2025, 11, 18), 9, 15, 0));
  EXPECT_EQ(regular.back(), domain::wall_time(Date::from_ymd(2025, 11, 18), 15, 30, 0));
  const auto muhurat = session_seconds(testing::MicroDay(Date::from_ymd(2024, 11, 1), "NIFTY").tape());
  ASSERT_EQ(muhurat.size(), 3601u);
  EXPECT_EQ(muhurat.front(), domain::wall_time(Date::from_ymd(2024, 11, 1), 18, 0, 0));
}

// Sells the nearest expiry's ATM straddle at 09:30 and buys it back at 10:00
// (so it needs the nearest expiry only).
StrategySpec straddle(std::string name, ExecutionConfig execution = {}) {
  return testing::scripted(std::move(name), [](StrategyContext& ctx) {
    const MarketView& m = ctx.market();
    const domain::WallNanos now = m.now();
    const Date d = m.date();
    if (now == domain::wall_time(d, 9, 30, 0)) {
      const std::optional<Date> expiry = m.expiry({});
      if (!expiry) return;
      std::int64_t structure = 0;
      for (const OptionType type : {OptionType::kCall, OptionType::kPut}) {
        const std::optional<std::int32_t> strike = m.atm_strike(*expiry, type, AtmConvention::kNearest);
        if (!strike) continue;
        structure = ctx.submit(testing::order({*expiry, type, *strike}, Side::kSell, 1, structure)).structure_id;
      }
    } else if (now == domain::wall_time(d, 10, 0, 0)) {
      const std::vector<OpenLeg> legs(ctx.open_legs().begin(), ctx.open_legs().end());
      for (const OpenLeg& leg : legs) {
        ctx.submit(testing::order(leg.key, Side::kBuy, leg.lots, leg.structure_id, ExitReason::kTime));
      }
    }
  }, execution, 1);
}

TEST(Runner, RecordsAreSortedAndIdenticalAcrossRuns) {
  testing::MicroDay day(Date::from_ymd(2025, 11, 18), "NIFTY");
  const Date expiry = Date::from_ymd(2025, 11, 25);
  day.spot(day.at(9, 15, 0), 26010);
  for (const OptionType type : {OptionType::kCall, OptionType::kPut}) {
    day.contract(expiry, type, 26000, 75,
                 {testing::quote(day.at(9, 29, 55), 100, 101), testing::quote(day.at(9, 59, 50), 90, 91)});
  }
  const std::vector<StrategySpec> specs = {straddle("b"), straddle("a")};
  const RunRecords first = run_day(specs, day.tape());
  const RunRecords second = run_day(specs, day.tape());
  expect_same(first, second);
  ASSERT_EQ(first.strategies.size(), 2u);
  EXPECT_EQ(first.strategies[0].name, "b");  // the run's own order
  ASSERT_EQ(first.trades.size(), 4u);
  EXPECT_EQ(first.trades[0].strategy, "a");
  EXPECT_EQ(first.trades[2].strategy, "b");
  EXPECT_EQ(first.trades[0].exit_reason, ExitReason::kTime);
  EXPECT_EQ(first.trades[0].exit_price, 91);
  ASSERT_EQ(first.days.size(), 2u);
  EXPECT_EQ(first.days[0].strategy, "a");
  EXPECT_EQ(first.days[0].structures, 1);
  for (std::size_t i = 1; i < first.orders.size(); ++i) {
    const OrderRecord& p = first.orders[i - 1];
    const OrderRecord& o = first.orders[i];
    EXPECT_LE(std::tie(p.strategy, p.date, p.underlying, p.time), std::tie(o.strategy, o.date, o.underlying, o.time));
  }
  EXPECT_THROW(run_day({straddle("x"), straddle("x")}, day.tape()), Error);
}

TEST(Runner, StrategiesRunOnlyOnTheirUnderlyings) {
  testing::MicroDay day(Date::from_ymd(2025, 11, 18), "NIFTY");
  StrategySpec bank = straddle("bank");
  bank.underlyings = {"banknifty"};
  StrategySpec nifty = straddle("nifty");
  nifty.underlyings = {"Nifty"};
  const RunRecords r = run_day({bank, nifty}, day.tape());
  ASSERT_EQ(r.days.size(), 1u);
  EXPECT_EQ(r.days[0].strategy, "nifty");
}

// Throws when the command fails, so the suite's tests fail with it.
void tapelab_cli(const std::string& args) {
  const std::string command = std::string(TAPELAB_BINARY) + " " + args + " > /dev/null 2>&1";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

class GeneratedRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<tapelab::testing::TempDir>();
    suite_start_.run([] {
      const fs::path rec = dir_->path() / "rec";
      using tapelab::testing::shell_quote;
      tapelab_cli("gen --out " + shell_quote(rec.string()) + " --start 2025-11-17 --days 2 --seed 9 --scale small");
      tapelab_cli("ingest " + shell_quote(rec.string()) + " --out " + shell_quote(dataset().string()) +
                  " --calendar " + shell_quote((rec / "expiry_calendar.csv").string()));
    });
  }
  void SetUp() override { suite_start_.require("the generated and ingested dataset"); }
  static inline tapelab::testing::SuiteStart suite_start_;
  static void TearDownTestSuite() { dir_.reset(); }
  static fs::path dataset() { return dir_->path() / "dataset"; }
  static std::unique_ptr<tapelab::testing::TempDir> dir_;
};
std::unique_ptr<tapelab::testing::TempDir> GeneratedRun::dir_;

TEST_F(GeneratedRun, BacktestTradesEveryDayAndIsTheSameOnAnyThreadCount) {
  // Small-scale tapes print a contract every minute or so, not every second.
  ExecutionConfig execution;
  execution.max_quote_age_seconds = 3600;
  const std::vector<StrategySpec> specs = {straddle("straddle", execution)};
  RunOptions options;
  options.dataset = dataset();
  options.threads = 1;
  const RunRecords one = run_backtest(specs, options);
  options.threads = 2;
  const RunRecords two = run_backtest(specs, options);
  expect_same(one, two);

  ASSERT_EQ(one.days.size(), 4u);  // 2 days x NIFTY, BANKNIFTY
  for (const DayRecord& d : one.days) {
    EXPECT_EQ(d.structures, 1) << d.underlying << " " << d.date.to_string();
    EXPECT_EQ(d.trades, 2) << d.underlying << " " << d.date.to_string();
    EXPECT_GT(d.margin, 0);
  }
  ASSERT_EQ(one.trades.size(), 8u);
  for (const TradeRecord& t : one.trades) {
    EXPECT_GE(t.key.expiry, t.date);
    EXPECT_GT(t.entry_price, 0);
    EXPECT_GT(t.exit_price, 0);
    EXPECT_EQ(t.exit_reason, ExitReason::kTime);
    EXPECT_EQ(t.exit_pricing, ExitPricing::kQuote);
  }

  // The runner's pruned (nearest expiry only), projected loads give what a
  // full load of each day gives.
  const std::vector<market::DayKey> days = market::select_days(dataset(), {});
  RunRecords by_hand;
  for (const market::DayKey& key : days) {
    RunRecords day = run_day(specs, market::load_day(dataset(), key));
    by_hand.trades.insert(by_hand.trades.end(), day.trades.begin(), day.trades.end());
    by_hand.orders.insert(by_hand.orders.end(), day.orders.begin(), day.orders.end());
    by_hand.days.insert(by_hand.days.end(), day.days.begin(), day.days.end());
  }
  sort_records(by_hand);
  expect_same(one, by_hand);

  options.days.underlyings = {"NIFTY"};
  options.days.from = Date::from_ymd(2025, 11, 18);
  EXPECT_EQ(run_backtest(specs, options).days.size(), 1u);
  options.days.from = Date::from_ymd(2030, 1, 1);
  EXPECT_THROW(run_backtest(specs, options), Error);
}

// Asks for the previous day's spot and writes what it was handed (rows, first
// and last time) to the orders log at the day's first second.
class PreviousSpotProbe final : public Strategy {
 public:
  void on_day_start(StrategyContext&) override { handed_ = "no previous spot"; }
  void warm_up(std::span<const domain::WallNanos> times, std::span<const double>) override {
    handed_ = handed(times.size(), times.front(), times.back());
  }
  void on_second(StrategyContext& ctx) override {
    if (!handed_.empty()) ctx.log(handed_);
    handed_.clear();
  }
  static std::string handed(std::size_t rows, domain::WallNanos first, domain::WallNanos last) {
    return std::to_string(rows) + " rows from " + std::to_string(first) + " to " + std::to_string(last);
  }

 private:
  std::string handed_;
};

std::string note_of(const RunRecords& r, const Date& date, const std::string& underlying) {
  for (const OrderRecord& o : r.orders) {
    if (o.date == date && o.underlying == underlying && o.status == engine::OrderStatus::kNote) return o.reason;
  }
  return "no note";
}

TEST_F(GeneratedRun, AStrategyThatAsksIsHandedThePreviousSessionsSpotOnly) {
  StrategySpec probe;
  probe.info.name = "probe";
  probe.needs.expiries = 1;
  probe.needs.previous_spot = true;
  probe.make = [] { return std::make_unique<PreviousSpotProbe>(); };
  RunOptions options;
  options.dataset = dataset();
  options.threads = 1;
  const RunRecords one = run_backtest({probe}, options);
  options.threads = 2;
  expect_same(one, run_backtest({probe}, options));

  // Monday 2025-11-17 is the dataset's first day: Friday is not in it.
  const Date monday = Date::from_ymd(2025, 11, 17);
  EXPECT_EQ(note_of(one, monday, "NIFTY"), "no previous spot");
  // Tuesday gets Monday's rows from 09:15:00 to 15:30:00 (NIFTY's session),
  // none of Tuesday's own.
  for (const std::string underlying : {"NIFTY", "BANKNIFTY"}) {
    const market::SeriesColumns spot = market::load_day(dataset(), {monday, underlying}).spot;
    std::vector<domain::WallNanos> session;
    for (const domain::WallNanos t : spot.time) {
      if (t >= domain::wall_time(monday, 9, 15, 0) && t <= domain::wall_time(monday, 15, 30, 0)) session.push_back(t);
    }
    ASSERT_FALSE(session.empty());
    EXPECT_EQ(note_of(one, monday + 1, underlying),
              PreviousSpotProbe::handed(session.size(), session.front(), session.back()));
  }
}

}  // namespace
}  // namespace tapelab::engine
