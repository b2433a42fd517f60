// Hand-built micro-days through the truth computation, each output derived
// by hand in the comments: the grid, carry-forward and ages, dropped 1970
// rows, window rules, returns across a split session's gap, acceleration,
// the ATM strike and its changes, a second without a CE row, the book
// columns and order-flow imbalance, the neighbour strikes and per-second
// volume, and DTE buckets.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "truth/day_tables.h"
#include "truth/micro_day.h"

namespace tapelab::truth {
namespace {

using domain::OptionType;
using testing::at;
using testing::MicroDay;
using testing::Quote;

// A Monday: NIFTY's nearest expiry is Tuesday 2025-11-18, one trading day away.
const domain::Date kMonday = domain::Date::from_ymd(2025, 11, 17);
const domain::Date kTuesday = domain::Date::from_ymd(2025, 11, 18);
// A Saturday disaster-recovery session in two windows, 09:15-10:00 and 11:30-12:30.
const domain::Date kSplitDay = domain::Date::from_ymd(2024, 3, 2);

DayTables tables_of(const MicroDay& day) {
  const DayContext c = day.context();
  return day_tables(day.tape(c.expiry), c, TruthParams{});
}

// Row of second `hms` in a per-second table of `day`.
std::size_t second_index(const Table& features, domain::Date day, const std::string& hms) {
  const std::int64_t micros = at(day, hms) / 1000;
  const auto& time = features.column("time").i64;
  for (std::size_t r = 0; r < time.size(); ++r) {
    if (time[r] == micros) return r;
  }
  ADD_FAILURE() << "no row at " << hms;
  return 0;
}

bool is_null(const Table& t, const std::string& column, std::size_t row) { return !t.column(column).is_valid(row); }
double value(const Table& t, const std::string& column, std::size_t row) {
  EXPECT_TRUE(t.column(column).is_valid(row)) << column << " row " << row << " is null";
  return t.column(column).f64[row];
}

TEST(TruthFeatures, Defect3_EveryOpenSecondHasARow) {
  // Spot quotes only twice and the CE once: the grid is still every second
  // of 09:15:00..15:30:00, 6 h 15 min = 22,500 s, plus the closing second.
  MicroDay day(kMonday);
  day.spot("09:15:00", 25000);
  day.spot("12:00:00", 25010);
  day.option(OptionType::kCall, 25000, "09:15:00", {100, 101, 50, 50, 0});
  const DayTables t = tables_of(day);
  ASSERT_EQ(t.features.rows(), 22501U);
  const auto& time = t.features.column("time").i64;
  EXPECT_EQ(time.front(), at(kMonday, "09:15:00") / 1000);
  EXPECT_EQ(time.back(), at(kMonday, "15:30:00") / 1000);
  for (std::size_t r = 1; r < time.size(); ++r) ASSERT_EQ(time[r] - time[r - 1], 1'000'000) << r;
  // 15:30:00: the spot of 12:00:00, 3.5 h = 12,600 s old; the CE still 09:15:00's, 22,500 s old.
  EXPECT_EQ(value(t.features, "spot", 22500), 25010);
  EXPECT_EQ(value(t.features, "spot_age_s", 22500), 12600);
  EXPECT_EQ(value(t.features, "ce_age_s", 22500), 22500);
}

TEST(TruthFeatures, CarryForwardWithAgeAndOneSecondLatePartialSeconds) {
  // 09:14:58 (pre-open) 100, 09:15:03 101, 09:15:04 a price of 0 (absent),
  // 09:15:05.400 102: first seen at 09:15:06, 0.6 s old.
  MicroDay day(kMonday);
  day.spot("09:14:58", 100);
  day.spot("09:15:03", 101);
  day.spot("09:15:04", 0);
  day.spot("09:15:05.400", 102);
  const Table f = tables_of(day).features;
  const auto row = [&](const std::string& hms) { return second_index(f, kMonday, hms); };
  EXPECT_EQ(value(f, "spot", row("09:15:00")), 100);
  EXPECT_EQ(value(f, "spot_age_s", row("09:15:00")), 2);
  EXPECT_EQ(value(f, "spot_age_s", row("09:15:02")), 4);
  EXPECT_EQ(value(f, "spot", row("09:15:03")), 101);
  EXPECT_EQ(value(f, "spot_age_s", row("09:15:03")), 0);
  EXPECT_EQ(value(f, "spot", row("09:15:05")), 101);  // the 0 at 09:15:04 is not a price
  EXPECT_EQ(value(f, "spot_age_s", row("09:15:05")), 2);
  EXPECT_EQ(value(f, "spot", row("09:15:06")), 102);
  EXPECT_NEAR(value(f, "spot_age_s", row("09:15:06")), 0.6, 1e-12);
  // The open's return is null (no open second before it); 09:15:03's is ln(101/100).
  EXPECT_TRUE(is_null(f, "ret_1s", row("09:15:00")));
  EXPECT_EQ(value(f, "ret_1s", row("09:15:01")), 0);
  EXPECT_DOUBLE_EQ(value(f, "ret_1s", row("09:15:03")), std::log(101.0 / 100.0));
}

TEST(TruthFeatures, A1970RowIsNeverASnapshot) {
  // The logger's 1970-01-01 rows sort first; were they used, 09:15:00 would
  // show 99 and the CE a book. The first real rows are at 09:15:02.
  MicroDay day(kMonday);
  day.spot_at(domain::wall_time(domain::Date::from_ymd(1970, 1, 1), 9, 15, 0), 99);
  day.spot("09:15:02", 25000);
  day.option_at(OptionType::kCall, 25000, domain::wall_time(domain::Date::from_ymd(1970, 1, 1), 0, 0, 0),
                {1, 2, 10, 10, 500});
  day.option(OptionType::kCall, 25000, "09:15:02", {100, 101, 50, 50, 7});
  const Table f = tables_of(day).features;
  EXPECT_TRUE(is_null(f, "spot", 0));
  EXPECT_TRUE(is_null(f, "spot", 1));
  EXPECT_TRUE(is_null(f, "atm_strike", 1));
  EXPECT_EQ(value(f, "spot", 2), 25000);
  EXPECT_TRUE(is_null(f, "ret_1s", 2));  // 09:15:01 had no spot
  EXPECT_EQ(value(f, "ce_mid", 2), 100.5);
  EXPECT_EQ(f.column("ce_vol_1s").i64[2], 7);  // not the 1970 row's 500
}

// Spot alternating 100, 101, 100, ... every second from the open: every
// return is +-ln(1.01), so rv_n = sqrt(n) ln(1.01) and accel_10 = 1 (up to eps).
TEST(TruthFeatures, WindowsAreNullUntilFull) {
  MicroDay day(kMonday);
  for (int s = 0; s <= 200; ++s) day.spot_at(at(kMonday, "09:15:00") + s * domain::kNanosPerSecond, s % 2 ? 101 : 100);
  const Table f = tables_of(day).features;
  const double r = std::log(1.01);
  // ret_1s first exists at open+1, ret_5s at open+5, ret_10s at open+10.
  EXPECT_TRUE(is_null(f, "ret_5s", 4));
  EXPECT_DOUBLE_EQ(value(f, "ret_5s", 5), r);  // 09:15:05 is 101, 09:15:00 is 100
  EXPECT_TRUE(is_null(f, "ret_10s", 9));
  EXPECT_EQ(value(f, "ret_10s", 10), 0);
  // rv_10 at t needs the returns t-9..t: open+10 is the first.
  EXPECT_TRUE(is_null(f, "rv_10", 9));
  EXPECT_NEAR(value(f, "rv_10", 10), std::sqrt(10.0) * r, 1e-13);
  EXPECT_TRUE(is_null(f, "rv_30", 29));
  EXPECT_NEAR(value(f, "rv_30", 30), std::sqrt(30.0) * r, 1e-13);
  EXPECT_TRUE(is_null(f, "rv_120", 119));
  EXPECT_NEAR(value(f, "rv_120", 120), std::sqrt(120.0) * r, 1e-13);
  // accel_10 needs eleven returns: open+11 is the first.
  EXPECT_TRUE(is_null(f, "accel_10", 10));
  EXPECT_NEAR(value(f, "accel_10", 11), 1.0, 1e-9);
}

TEST(TruthFeatures, Defect4_AccelerationAveragesTenReturns) {
  // Spot 100, 101, ..., 110 at open+0..10, then 121 at open+11. The ten
  // returns before open+11 sum to ln(110/100) = ln 1.1, and ret_1s(open+11)
  // = ln(121/110) = ln 1.1: accel = ln 1.1 / (ln 1.1 / 10) = 10. Summing the
  // last nine returns only (the old defect) would give 10 ln 1.1 / ln(110/101) = 11.17.
  MicroDay day(kMonday);
  for (int s = 0; s <= 10; ++s) day.spot_at(at(kMonday, "09:15:00") + s * domain::kNanosPerSecond, 100 + s);
  day.spot("09:15:11", 121);
  const Table f = tables_of(day).features;
  EXPECT_NEAR(value(f, "accel_10", 11), 10.0, 1e-8);  // eps shifts it by 1e-9
}

TEST(TruthFeatures, SplitSessionHasNoClosedSecondsAndNoReturnAcrossTheGap) {
  // 09:15:00-10:00:00 is 2,701 s and 11:30:00-12:30:00 3,601 s: 6,302 rows.
  // Spot quotes every second of both windows, 100 in the first, 200 from 11:30.
  MicroDay day(kSplitDay);
  for (domain::WallNanos t = at(kSplitDay, "09:15:00"); t <= at(kSplitDay, "10:00:00"); t += domain::kNanosPerSecond) {
    day.spot_at(t, 100);
  }
  for (domain::WallNanos t = at(kSplitDay, "11:30:00"); t <= at(kSplitDay, "12:30:00"); t += domain::kNanosPerSecond) {
    day.spot_at(t, 200);
  }
  const Table f = tables_of(day).features;
  ASSERT_EQ(f.rows(), 6302U);
  const std::size_t reopen = second_index(f, kSplitDay, "11:30:00");
  EXPECT_EQ(reopen, 2701U);
  EXPECT_EQ(f.column("time").i64[reopen] - f.column("time").i64[reopen - 1], 90LL * 60 * 1'000'000);
  // ln(200/100) would be the return across the gap: it is null, as are the
  // windows that would span it, until they fill again.
  EXPECT_TRUE(is_null(f, "ret_1s", reopen));
  EXPECT_EQ(value(f, "ret_1s", reopen + 1), 0);
  EXPECT_TRUE(is_null(f, "ret_5s", reopen + 4));
  EXPECT_TRUE(is_null(f, "rv_10", reopen + 9));
  EXPECT_EQ(value(f, "rv_10", reopen + 10), 0);
  // A Saturday's short session does not count in dte: the nearest expiry is
  // Thursday 2024-03-07 and the full trading days to it are 4, 5, 6 and 7 March.
  EXPECT_EQ(f.column("expiry").i32[0], domain::Date::from_ymd(2024, 3, 7).days());
  EXPECT_EQ(f.column("dte").i32[0], 4);
  EXPECT_EQ(f.column("dte_bucket").string_at(0), "3-4");
}

TEST(TruthFeatures, AtmChangeAndASecondWithoutACeRow) {
  // Spot 25,024 -> ATM round(500.48) x 50 = 25,000; at 09:15:03 spot 25,026
  // -> round(500.52) x 50 = 25,050. The 25,000 CE quotes at 09:15:00 and
  // 09:15:01 but not 09:15:02; the 25,050 CE quotes every second.
  MicroDay day(kMonday);
  day.spot("09:15:00", 25024);
  day.spot("09:15:03", 25026);
  day.option(OptionType::kCall, 25000, "09:15:00", {100, 101, 50, 50, 0});
  day.option(OptionType::kCall, 25000, "09:15:01", {102, 103, 50, 50, 0});
  for (int s = 0; s <= 4; ++s) {
    day.option_at(OptionType::kCall, 25050, at(kMonday, "09:15:00") + s * domain::kNanosPerSecond,
                  {80.0 + s, 81.0 + s, 40, 40, 0});
  }
  const Table f = tables_of(day).features;
  EXPECT_EQ(f.column("atm_strike").i32[2], 25000);
  EXPECT_EQ(f.column("atm_strike").i32[3], 25050);
  EXPECT_EQ(f.column("atm_changed").bools[2], 0);
  EXPECT_EQ(f.column("atm_changed").bools[3], 1);
  EXPECT_EQ(f.column("atm_changed").bools[4], 0);
  // 09:15:02 has no 25,000 CE row: its row exists, the 09:15:01 book carried, 1 s old.
  EXPECT_EQ(value(f, "ce_mid", 2), 102.5);
  EXPECT_EQ(value(f, "ce_age_s", 2), 1);
  EXPECT_EQ(value(f, "d_opt_ce_1s", 2), 0);
  EXPECT_EQ(value(f, "d_opt_ce_1s", 1), 2);  // 102.5 - 100.5
  // At the change the 25,050 CE's own change: 83.5 - 82.5, not 83.5 - 102.5.
  EXPECT_EQ(value(f, "ce_mid", 3), 83.5);
  EXPECT_EQ(value(f, "d_opt_ce_1s", 3), 1);
  // No PE is listed: its columns are null.
  EXPECT_TRUE(is_null(f, "pe_mid", 3));
  EXPECT_TRUE(is_null(f, "pe_vol_1s", 3));
}

TEST(TruthFeatures, BookColumnsAndOrderFlowImbalance) {
  // 25,000 CE at 09:15:00: bid 10 x 100, ask 11 x 200 (levels 1-4 a tick away,
  // same sizes); at 09:15:01: bid 10.5 x 50, ask 11 x 150.
  //   mid 10.75, spread 0.5, micro (10.5 x 150 + 11 x 50) / 200 = 10.625
  //   depth: bid 5 x 50 = 250, ask 5 x 150 = 750; obi (250 - 750) / 1000 = -0.5
  //   front: 50 / 250 = 0.2 and 150 / 750 = 0.2
  //   OFI level m: every bid level rose (+ new 50), every ask held (- 150 + 200):
  //   e_m = 50 + 50 = 100, ofi_5l = 500.
  MicroDay day(kMonday);
  day.spot("09:15:00", 25000);
  day.option(OptionType::kCall, 25000, "09:15:00", {10, 11, 100, 200, 0});
  day.option(OptionType::kCall, 25000, "09:15:01", {10.5, 11, 50, 150, 0});
  const Table a = tables_of(day).atm_options;
  // Ten rows per second: offsets -2..2, CE then PE; the ATM CE is row 4 of each second.
  ASSERT_EQ(a.rows() % 10, 0U);
  const std::size_t ce = 10 + 4;
  EXPECT_EQ(a.column("offset").i32[ce], 0);
  EXPECT_EQ(a.column("opt_type").string_at(ce), "CE");
  EXPECT_EQ(value(a, "mid", ce), 10.75);
  EXPECT_EQ(value(a, "spread", ce), 0.5);
  EXPECT_EQ(value(a, "micro_price", ce), 10.625);
  EXPECT_EQ(a.column("bid_depth_5").i64[ce], 250);
  EXPECT_EQ(a.column("ask_depth_5").i64[ce], 750);
  EXPECT_EQ(value(a, "obi_5", ce), -0.5);
  EXPECT_EQ(value(a, "front_bid", ce), 0.2);
  EXPECT_EQ(value(a, "front_ask", ce), 0.2);
  for (int m = 0; m < 5; ++m) EXPECT_EQ(value(a, "ofi_" + std::to_string(m), ce), 100) << m;
  EXPECT_EQ(value(a, "ofi_5l", ce), 500);
  EXPECT_TRUE(is_null(a, "ofi_0", 4));  // the open: no second before it
}

TEST(TruthFeatures, Defect7_NeighbourStrikesAndPerSecondVolume) {
  // ATM 25,000; the 25,100 PE (offset +2) trades 30 at 09:15:01 and 20 at
  // 09:15:01.500 (inside (09:15:01, 09:15:02]): vol_1s 30 at 09:15:01, 20 at
  // 09:15:02, 0 at 09:15:03.
  MicroDay day(kMonday);
  day.spot("09:15:00", 25000);
  day.option(OptionType::kPut, 25100, "09:15:01", {120, 121, 10, 10, 30});
  day.option(OptionType::kPut, 25100, "09:15:01.500", {120, 121, 10, 10, 20});
  const Table a = tables_of(day).atm_options;
  const auto row = [&](std::size_t second) { return second * 10 + 9; };  // offset +2, PE
  EXPECT_EQ(a.column("strike").i32[row(1)], 25100);
  EXPECT_EQ(a.column("opt_type").string_at(row(1)), "PE");
  EXPECT_EQ(a.column("vol_1s").i64[row(1)], 30);
  EXPECT_EQ(a.column("vol_1s").i64[row(2)], 20);
  EXPECT_EQ(a.column("vol_1s").i64[row(3)], 0);
  EXPECT_EQ(a.column("traded").bools[row(2)], 1);
  EXPECT_EQ(a.column("traded").bools[row(3)], 0);
  EXPECT_EQ(a.column("strike").i32[0], 24900);  // offset -2
  EXPECT_EQ(a.rows(), 22501U * 10);
}

TEST(TruthFeatures, Defect6_DteBuckets) {
  EXPECT_EQ(dte_bucket(0), "0");
  EXPECT_EQ(dte_bucket(1), "1-2");
  EXPECT_EQ(dte_bucket(2), "1-2");
  EXPECT_EQ(dte_bucket(3), "3-4");
  EXPECT_EQ(dte_bucket(4), "3-4");
  EXPECT_EQ(dte_bucket(5), "5-6");
  EXPECT_EQ(dte_bucket(6), "5-6");
  EXPECT_EQ(dte_bucket(7), "7+");
  EXPECT_EQ(dte_bucket(30), "7+");
  MicroDay day(kMonday);
  day.spot("09:15:00", 25000);
  const Table f = tables_of(day).features;
  EXPECT_EQ(f.column("expiry").i32[0], kTuesday.days());
  EXPECT_EQ(f.column("dte").i32[0], 1);
  EXPECT_EQ(f.column("dte_bucket").string_at(0), "1-2");
}

}  // namespace
}  // namespace tapelab::truth
