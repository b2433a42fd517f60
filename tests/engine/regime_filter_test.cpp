// The regime entry filter (docs/strategy-guide.md#entry-regimes): on a
// hand-built day with hand-built regimes, entries are held back exactly in
// the seconds whose regime the strategy does not list, exits never are, and
// a strategy with the filter needs the truth's regimes.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/regimes.h"
#include "engine/runner.h"
#include "micro_day.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::WallNanos;

// A Monday, and the NIFTY weekly expiring the next day.
const domain::Date kMonday = domain::Date::from_ymd(2025, 11, 17);
const OptionKey kWeeklyCall{domain::Date::from_ymd(2025, 11, 18), domain::OptionType::kCall, 26000};

// The call quotes 100/101 every second from 09:15:00 to 09:16:00.
testing::MicroDay quoted_minute() {
  testing::MicroDay day(kMonday, "NIFTY");
  day.spot(day.at(9, 15, 0), 26'000);
  std::vector<testing::Quote> rows;
  for (int s = 0; s <= 60; ++s) {
    rows.push_back(testing::quote(day.at(9, 15, 0) + s * domain::kNanosPerSecond, 100, 101));
  }
  day.contract(kWeeklyCall.expiry, kWeeklyCall.type, kWeeklyCall.strike, 75, rows);
  return day;
}

// 09:15:00-09:15:08 calm, 09:15:09-09:15:18 bursting, 09:15:19-09:15:28 fear,
// then calm to the close; one row a second, like a truth's regimes table.
DayRegimes planted_regimes(const testing::MicroDay& day) {
  DayRegimes r;
  for (WallNanos t = day.at(9, 15, 0); t <= day.at(15, 30, 0); t += domain::kNanosPerSecond) {
    const std::int64_t s = (t - day.at(9, 15, 0)) / domain::kNanosPerSecond;
    r.seconds.push_back(t);
    r.regime.push_back(*regime_index(s >= 9 && s < 19 ? "bursting" : s >= 19 && s < 29 ? "fear" : "calm"));
  }
  return r;
}

// Until 09:16: sells the call when it holds nothing, buys it back the next
// second; `opens` records the seconds it tried to open.
StrategySpec in_and_out(const testing::MicroDay& day, std::set<WallNanos>& opens,
                        std::vector<std::string> entry_regimes) {
  const WallNanos last = day.at(9, 16, 0);
  StrategySpec spec = testing::scripted("in-and-out", [&opens, last](StrategyContext& ctx) {
    const WallNanos now = ctx.market().now();
    if (now > last) return;
    if (ctx.open_legs().empty()) {
      opens.insert(now);
      ctx.submit(testing::sell(kWeeklyCall));
    } else {
      const OpenLeg leg = ctx.open_legs().front();
      ctx.submit(testing::order(kWeeklyCall, Side::kBuy, leg.lots, leg.structure_id));
    }
  });
  spec.regime_filter.entry_regimes = std::move(entry_regimes);
  return spec;
}

TEST(RegimeFilter, HoldsBackEntriesExactlyInTheSecondsOfAnUnlistedRegime) {
  const testing::MicroDay day = quoted_minute();
  const DayRegimes regimes = planted_regimes(day);
  std::set<WallNanos> opens;
  const RunRecords r = run_day({in_and_out(day, opens, {"calm", "fear"})}, day.tape(), {}, &regimes);

  std::map<WallNanos, std::string> blocked;
  std::set<WallNanos> exits_in_bursting;
  for (const OrderRecord& o : r.orders) {
    if (o.status == OrderStatus::kRejected) {
      EXPECT_TRUE(blocked.emplace(o.time, o.reason).second);
    } else if (o.status == OrderStatus::kFilled && o.side == Side::kBuy && regimes.at(o.time) == "bursting") {
      exits_in_bursting.insert(o.time);
    }
  }
  // Every attempted entry in a bursting second is refused, with the regime; every other one fills.
  std::set<WallNanos> expected;
  for (const WallNanos t : opens) {
    if (regimes.at(t) == "bursting") expected.insert(t);
  }
  // It opens at even seconds and closes at odd ones until the filter breaks the rhythm: the leg
  // opened at 09:15:08 is closed at 09:15:09, then every second 09:15:10-09:15:18 tries to open.
  ASSERT_EQ(expected.size(), 9U);
  std::set<WallNanos> got;
  for (const auto& [t, reason] : blocked) {
    got.insert(t);
    EXPECT_EQ(reason, "regime-filter: bursting");
  }
  EXPECT_EQ(got, expected);
  // The leg opened in the last calm second is closed in the first bursting one: exits are never held back.
  EXPECT_EQ(exits_in_bursting, (std::set<WallNanos>{day.at(9, 15, 9)}));
  // Round trips: 5 opened in calm to 09:15:08, 5 opened in fear (09:15:19, 21, ..., 27), 16 opened
  // from 09:15:29 to 09:16:00 (the last squared off at the close).
  EXPECT_EQ(r.trades.size(), 26U);
}

TEST(RegimeFilter, AnEmptyFilterIsNoFilterAndTheRecordsDoNotChange) {
  const testing::MicroDay day = quoted_minute();
  const DayRegimes regimes = planted_regimes(day);
  std::set<WallNanos> a;
  std::set<WallNanos> b;
  const RunRecords with = run_day({in_and_out(day, a, {})}, day.tape(), {}, &regimes);
  const RunRecords without = run_day({in_and_out(day, b, {})}, day.tape());
  EXPECT_TRUE(with.trades == without.trades);
  EXPECT_TRUE(with.orders == without.orders);
  EXPECT_EQ(with.trades.size(), 31U);  // 09:15:00 to 09:16:00, in and out every two seconds
}

// The message of the Error `run` throws ("" when it throws none).
std::string error_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(RegimeFilter, NeedsTheTruthsRegimes) {
  const testing::MicroDay day = quoted_minute();
  std::set<WallNanos> opens;
  const std::string needs = "entry_regimes needs the market truth's regimes";
  EXPECT_NE(error_of([&] { run_day({in_and_out(day, opens, {"calm"})}, day.tape()); }).find(needs), std::string::npos);
  RunOptions options;
  options.dataset = "no-such-dataset";  // the check comes before the dataset is even looked at
  EXPECT_NE(error_of([&] { run_backtest({in_and_out(day, opens, {"calm"})}, options); }).find(needs),
            std::string::npos);
}

TEST(RegimeFilter, AClosedSecondTakesTheLastOpenSecondsRegime) {
  DayRegimes r;
  r.seconds = {10, 11, 20};
  r.regime = {*regime_index("calm"), *regime_index("fear"), *regime_index("vacuum")};
  EXPECT_EQ(r.at(9), std::nullopt);
  EXPECT_EQ(r.at(10), "calm");
  EXPECT_EQ(r.at(15), "fear");
  EXPECT_EQ(r.at(20), "vacuum");
  EXPECT_FALSE(RegimeFilter{{"calm"}}.blocks(r, 10).has_value());
  EXPECT_EQ(RegimeFilter{{"calm"}}.blocks(r, 15), "regime-filter: fear");
  EXPECT_EQ(RegimeFilter{{"calm"}}.blocks(r, 9), "regime-filter: no regime yet");
}

}  // namespace
}  // namespace tapelab::engine
