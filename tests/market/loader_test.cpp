// The day loader against a generated and ingested dataset: contract slices
// cover the file in its sort order, projection, expiry pruning and a strike
// window keep the same rows, and a tape reused from day to day holds what a
// fresh load does.
#include <cmath>

#include <gtest/gtest.h>

#include "dataset/layout.h"
#include "market/loader.h"
#include "parquet/reader.h"
#include "support/generated_dataset.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace tapelab::market {
namespace {

namespace fs = std::filesystem;
using domain::Date;
using tapelab::testing::TempDir;

class LoaderTest : public ::testing::Test {
 protected:
  static const fs::path& dataset() { return tapelab::testing::generated_dataset(); }
};

TEST_F(LoaderTest, SelectsDaysByRangeAndUnderlying) {
  const auto all = select_days(dataset(), {});
  ASSERT_EQ(all.size(), 4u);  // 2 days x NIFTY, BANKNIFTY
  EXPECT_EQ(all[0].date, Date::from_ymd(2025, 11, 17));
  EXPECT_EQ(all[0].underlying, "BANKNIFTY");
  const auto nifty = select_days(dataset(), {Date::from_ymd(2025, 11, 18), std::nullopt, {"nifty"}});
  ASSERT_EQ(nifty.size(), 1u);
  EXPECT_EQ(nifty[0].underlying, "NIFTY");
  EXPECT_EQ(nifty[0].date, Date::from_ymd(2025, 11, 18));
  TempDir empty;
  EXPECT_THROW(select_days(empty.path(), {}), Error);
}

TEST_F(LoaderTest, ContractSlicesCoverTheFileInSortOrder) {
  const DayKey day{Date::from_ymd(2025, 11, 18), "NIFTY"};
  const DayTape tape = load_day(dataset(), day);
  const fs::path file = dataset::partition_path(
      dataset(), dataset::PartitionKey{dataset::TableKind::kOptions, day.date, day.underlying});
  ASSERT_EQ(static_cast<std::int64_t>(tape.options.size()), parquet::FileReader(file).num_rows());
  ASSERT_GT(tape.contracts.size(), 10u);
  EXPECT_EQ(tape.options.price.size(), tape.options.size());
  EXPECT_EQ(tape.options.ask_qty[4].size(), tape.options.size());
  std::size_t next = 0;
  for (std::size_t i = 0; i < tape.contracts.size(); ++i) {
    const ContractSlice& c = tape.contracts[i];
    EXPECT_EQ(c.begin, next);
    EXPECT_LT(c.begin, c.end);
    next = c.end;
    EXPECT_GT(c.lot_size, 0) << c.symbol;
    if (i > 0) {
      const ContractSlice& p = tape.contracts[i - 1];
      EXPECT_LT(std::tie(p.expiry, p.type, p.strike), std::tie(c.expiry, c.type, c.strike));
    }
    for (std::size_t row = c.begin + 1; row < c.end; ++row) {
      ASSERT_LT(tape.options.time[row - 1], tape.options.time[row]) << c.symbol;
    }
  }
  EXPECT_EQ(next, tape.options.size());
  EXPECT_GE(tape.expiries().size(), 2u);
  EXPECT_GT(tape.spot.size(), 1000u);
  EXPECT_GT(tape.futures.size(), 1000u);
  EXPECT_EQ(tape.futures.expiry.size(), tape.futures.size());
}

// Contract `n` of `part` holds the rows of contract `c` of `full` (time and
// the book columns `part` loaded).
void expect_same_rows(const DayTape& part, const ContractSlice& n, const DayTape& full, const ContractSlice& c) {
  EXPECT_EQ(n.symbol, c.symbol);
  ASSERT_EQ(n.rows(), c.rows());
  for (std::size_t i = 0; i < c.rows(); ++i) {
    ASSERT_EQ(part.options.time[n.begin + i], full.options.time[c.begin + i]);
    ASSERT_EQ(part.options.bid_price[0][n.begin + i], full.options.bid_price[0][c.begin + i]);
    if (!part.options.ask_price[4].empty()) {
      ASSERT_EQ(part.options.ask_price[4][n.begin + i], full.options.ask_price[4][c.begin + i]);
    }
  }
}

TEST_F(LoaderTest, ExpiryPruningAndProjectionKeepTheSameRows) {
  const DayKey day{Date::from_ymd(2025, 11, 17), "NIFTY"};
  const DayTape full = load_day(dataset(), day);
  const Date nearest = full.expiries().front();
  LoadOptions only_nearest;
  only_nearest.option_fields = kTopOfBook;
  only_nearest.max_expiry = nearest;
  only_nearest.futures = false;
  const DayTape near = load_day(dataset(), day, only_nearest);
  EXPECT_TRUE(near.options.price.empty());
  EXPECT_TRUE(near.options.bid_price[1].empty());
  EXPECT_TRUE(near.futures.time.empty());
  ASSERT_FALSE(near.contracts.empty());
  std::size_t k = 0;
  for (const ContractSlice& c : full.contracts) {
    if (c.expiry != nearest) continue;
    ASSERT_LT(k, near.contracts.size());
    expect_same_rows(near, near.contracts[k++], full, c);
  }
  EXPECT_EQ(k, near.contracts.size());
}

TEST_F(LoaderTest, AStrikeWindowKeepsItsContractsRowsAndListsTheOthersFirstPrints) {
  const DayKey day{Date::from_ymd(2025, 11, 17), "NIFTY"};
  LoadOptions whole;
  whole.min_expiry = day.date;
  const DayTape full = load_day(dataset(), day, whole);
  LoadOptions windowed = whole;
  windowed.strike_window = StrikeWindow{25700, 25900};
  const DayTape near = load_day(dataset(), day, windowed);
  ASSERT_TRUE(near.strike_window.has_value());
  std::size_t k = 0;
  std::size_t u = 0;
  for (const ContractSlice& c : full.contracts) {
    if (!near.strike_window->holds(c.strike)) {
      ASSERT_LT(u, near.unloaded.size());
      const UnloadedContract& n = near.unloaded[u++];
      EXPECT_EQ(std::tie(n.expiry, n.type, n.strike), std::tie(c.expiry, c.type, c.strike));
      EXPECT_EQ(n.first_time, full.options.time[c.begin]) << c.symbol;
      continue;
    }
    ASSERT_LT(k, near.contracts.size());
    expect_same_rows(near, near.contracts[k++], full, c);
  }
  EXPECT_EQ(k, near.contracts.size());
  EXPECT_EQ(u, near.unloaded.size());
  EXPECT_GT(u, 0u);  // the window must leave something out, or this proves nothing
  EXPECT_GT(k, 0u);
  EXPECT_FALSE(full.strike_window.has_value());
  EXPECT_TRUE(full.unloaded.empty());
  EXPECT_EQ(near.expiries(), full.expiries());
}

TEST_F(LoaderTest, AStrikeReachLoadsTheWindowAroundTheDaysSpot) {
  const DayKey day{Date::from_ymd(2025, 11, 17), "NIFTY"};
  LoadOptions reach;
  reach.strike_reach = StrikeReach{100, 0, 0};
  const DayTape tape = load_day(dataset(), day, reach);
  ASSERT_TRUE(tape.strike_window.has_value());
  const StrikeWindow expected = *strike_window(tape.spot, *reach.strike_reach, 50);  // NIFTY's strike step
  EXPECT_EQ(tape.strike_window->low, expected.low);
  EXPECT_EQ(tape.strike_window->high, expected.high);
  for (const ContractSlice& c : tape.contracts) EXPECT_TRUE(tape.strike_window->holds(c.strike)) << c.symbol;
}

TEST(StrikeWindow, SpansTheUsableSpotRangeWidenedByTheReachAndAMargin) {
  SeriesColumns spot;
  spot.price = {0, 26010, 25940.5, 26120, 0};  // the recorder's zeros are no spot
  const StrikeWindow w = *strike_window(spot, StrikeReach{100, 2, 0.01}, 50);
  EXPECT_EQ(w.low, static_cast<std::int32_t>(std::floor(25940.5 * 0.99 - 100 - (2 + kWindowMarginSteps) * 50)));
  EXPECT_EQ(w.high, static_cast<std::int32_t>(std::ceil(26120 * 1.01 + 100 + (2 + kWindowMarginSteps) * 50)));
  spot.price = {0, 0};
  EXPECT_FALSE(strike_window(spot, StrikeReach{}, 50).has_value());
}

void expect_same_tape(const DayTape& a, const DayTape& b) {
  EXPECT_EQ(a.date, b.date);
  EXPECT_EQ(a.underlying, b.underlying);
  ASSERT_EQ(a.contracts.size(), b.contracts.size());
  for (std::size_t i = 0; i < a.contracts.size(); ++i) {
    EXPECT_EQ(a.contracts[i].symbol, b.contracts[i].symbol);
    EXPECT_EQ(a.contracts[i].begin, b.contracts[i].begin);
    EXPECT_EQ(a.contracts[i].end, b.contracts[i].end);
  }
  EXPECT_EQ(a.options.time, b.options.time);
  EXPECT_EQ(a.options.price, b.options.price);
  EXPECT_EQ(a.options.last_trade_time, b.options.last_trade_time);
  EXPECT_EQ(a.options.oi, b.options.oi);
  for (int level = 0; level < kBookLevels; ++level) {
    EXPECT_EQ(a.options.bid_price[level], b.options.bid_price[level]);
    EXPECT_EQ(a.options.ask_qty[level], b.options.ask_qty[level]);
  }
  EXPECT_EQ(a.spot.price, b.spot.price);
  EXPECT_EQ(a.futures.time, b.futures.time);
}

TEST_F(LoaderTest, ATapeReusedForTheNextDayHoldsWhatAFreshLoadDoes) {
  // The first load is the larger (every column, every expiry); the second
  // asks for fewer columns and one expiry, so nothing of the first may stay.
  const DayKey first{Date::from_ymd(2025, 11, 17), "NIFTY"};
  const DayKey second{Date::from_ymd(2025, 11, 18), "BANKNIFTY"};
  LoadOptions narrow;
  narrow.option_fields = kTrade | kTopOfBook;
  narrow.min_expiry = second.date;
  narrow.max_expiry = load_day(dataset(), second).expiries().front();
  narrow.futures = false;
  DayTape reused;
  load_day(dataset(), first, {}, reused);
  expect_same_tape(reused, load_day(dataset(), first));
  load_day(dataset(), second, narrow, reused);
  const DayTape fresh = load_day(dataset(), second, narrow);
  expect_same_tape(reused, fresh);
  EXPECT_TRUE(reused.options.oi.empty());
  EXPECT_TRUE(reused.options.bid_price[1].empty());
  EXPECT_TRUE(reused.futures.time.empty());
  EXPECT_FALSE(reused.options.price.empty());
}

}  // namespace
}  // namespace tapelab::market
