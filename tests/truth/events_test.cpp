// Hand-built micro-days through the events and regimes
// (docs/market-truth.md#events, docs/market-truth.md#regimes), every
// expected value derived in the comments. The main one is planted_day()
// (planted_day.h), which lists what it plants.
//
// Notation: s = seconds after 09:15:00; a = one 1-point return of a ~25,000
// index (ln(25001/25000) ~ 4e-5). The burst rule compares volatility per
// second, so with returns in units of a it reads
//   start: rv_10^2 > (1.8^2 / 12) rv_120^2 = 0.27 rv_120^2
//   end:   rv_10^2 < (1.3^2 / 12) rv_120^2 = 0.1408 rv_120^2
// and the Lee-Mykland threshold for alpha 0.01 and n = 22,500 is 6.416.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "pricing/forward.h"
#include "pricing/implied_vol.h"
#include "pricing/time_to_expiry.h"
#include "truth/day_tables.h"
#include "truth/jumps.h"
#include "truth/micro_day.h"
#include "truth/planted_day.h"

namespace tapelab::truth {
namespace {

using testing::at;
using testing::kMonday;
using testing::MicroDay;
using testing::open_plus;
using testing::planted_day;
using testing::spot_path;
// A Saturday session in two windows, 09:15-10:00 and 11:30-12:30.
const domain::Date kSplitDay = domain::Date::from_ymd(2024, 3, 2);

DayTables tables_of(const MicroDay& day) {
  const DayContext c = day.context();
  return day_tables(day.tape(c.expiry), c, TruthParams{});
}

std::string text(const Table& t, const std::string& column, std::size_t row) {
  return t.column(column).is_valid(row) ? std::string(t.column(column).string_at(row)) : "null";
}
double num(const Table& t, const std::string& column, std::size_t row) {
  EXPECT_TRUE(t.column(column).is_valid(row)) << column << " row " << row << " is null";
  return t.column(column).f64[row];
}
bool is_null(const Table& t, const std::string& column, std::size_t row) { return !t.column(column).is_valid(row); }
std::int64_t micros(domain::Date day, int s) { return open_plus(day, s) / 1000; }

// The rows of one kind, in table order.
std::vector<std::size_t> rows_of(const Table& events, const std::string& kind) {
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < events.rows(); ++r) {
    if (text(events, "kind", r) == kind) rows.push_back(r);
  }
  return rows;
}

void expect_span(const Table& e, std::size_t r, domain::Date day, int start, int end, int known_at) {
  EXPECT_EQ(e.column("start").i64[r], micros(day, start)) << text(e, "kind", r);
  EXPECT_EQ(e.column("end").i64[r], micros(day, end)) << text(e, "kind", r);
  EXPECT_EQ(e.column("known_at").i64[r], micros(day, known_at)) << text(e, "kind", r);
  EXPECT_EQ(num(e, "duration_s", r), end - start);
}

std::string regime_at(const Table& regimes, domain::Date day, int s) {
  const auto& time = regimes.column("time").i64;
  for (std::size_t r = 0; r < time.size(); ++r) {
    if (time[r] == micros(day, s)) return text(regimes, "regime", r);
  }
  return "no such second";
}

// The regime at each (s, regime) pair's second.
void expect_regimes(const Table& regimes, const std::vector<std::pair<int, std::string>>& expected) {
  for (const auto& [s, regime] : expected) EXPECT_EQ(regime_at(regimes, kMonday, s), regime) << "s = " << s;
}

// The ATM put's IV as the truth prices it: Black-76 on the parity forward, calendar time, rate 0.
double put_iv(domain::Date day, int s, double call_mid, double put_mid) {
  const double years = pricing::years_to_expiry(open_plus(day, s), domain::Date::from_ymd(2025, 11, 18),
                                                pricing::TimeBasis::kCalendar);
  pricing::OptionInputs put;
  put.type = domain::OptionType::kPut;
  put.underlying = pricing::forward_from_parity(25000, call_mid, put_mid, years, 0);
  put.strike = 25000;
  put.years = years;
  return pricing::implied_vol(put, put_mid).vol;
}

const DayTables& main_tables() {
  static const DayTables tables = tables_of(planted_day());
  return tables;
}

TEST(TruthEvents, EveryPlantedEventInKnownAtOrder) {
  // Sorted by (known_at, start, kind); derivations in the tests below.
  const Table& e = main_tables().events;
  std::vector<std::string> kinds;
  for (std::size_t r = 0; r < e.rows(); ++r) kinds.push_back(text(e, "kind", r));
  EXPECT_EQ(kinds, (std::vector<std::string>{"burst", "fear", "burst", "fear_decay", "pull", "replenish", "pull",
                                             "pull", "replenish", "pull", "replenish", "pull", "replenish", "flicker",
                                             "jump", "burst"}));
  for (std::size_t r = 0; r < e.rows(); ++r) EXPECT_EQ(text(e, "underlying", r), "NIFTY");
}

TEST(TruthEvents, BurstUpAtTheOpenRespondedByTheBook) {
  // Burst A. rv_120 first exists at s = 120 (09:17:00), the earliest second
  // any burst can start. There: |S - S_110| = |25013 - 25000| = 13 >= 10; the
  // last 3 s moved 4 >= 3; rv_10^2 = 7 + 3 x 16 = 55 > 0.27 x (117 + 48) = 44.6.
  // It ends at the first s with |S - S_{s-5}| < 3 and rv_10^2 < 0.1408 rv_120^2:
  // s = 129 holds two steps (32 > 0.1408 x 172 = 24.2); s = 130 one (16 < 0.1408 x 171 = 24.1).
  const Table& e = main_tables().events;
  const std::size_t r = rows_of(e, "burst").at(0);
  expect_span(e, r, kMonday, 120, 130, 130);
  EXPECT_EQ(text(e, "direction", r), "up");
  EXPECT_EQ(num(e, "size", r), 4);  // max - min over 09:17:00..09:17:10: 25017 - 25013
  EXPECT_EQ(num(e, "spot_start", r), 25013);
  EXPECT_EQ(num(e, "spot_end", r), 25017);
  EXPECT_EQ(e.column("atm_strike").i64[r], 25000);
  // The CE's mid went 110.5 -> 115.5 at 09:17:03 with nothing traded; the PE stayed 100.5.
  EXPECT_EQ(num(e, "ce_mid_change", r), 5);
  EXPECT_EQ(num(e, "pe_mid_change", r), 0);
  EXPECT_EQ(num(e, "rel_delta_ce", r), 5.0 / 4);
  EXPECT_EQ(num(e, "rel_delta_pe", r), 0);
  EXPECT_EQ(num(e, "convexity", r), 5.0 / 16);
  EXPECT_EQ(num(e, "trade_pressure", r), 0);
  // Vacuum: CE 0 widening + 0 depth lost + 5 / (1 + 0 traded); PE 0; the mean 2.5.
  EXPECT_EQ(num(e, "vacuum_score", r), 2.5);
  // The whole mid path (5) was travelled without trades: share 0, vacuum-driven.
  EXPECT_EQ(num(e, "trade_share", r), 0);
  EXPECT_EQ(text(e, "label", r), "vacuum");
  EXPECT_EQ(e.column("jumps").i64[r], 0);  // Lee-Mykland at s = 120: 4 / sqrt(136 / 118) = 3.7 < 6.4
}

TEST(TruthEvents, BurstDownTradeDrivenWithFear) {
  // Burst B from 25016/25017: s = 602 is the first with |S - S_592| = |25005 - 25016| = 11 >= 10
  // (s = 601: |25009 - 25017| = 8); it ends at 612, one step left in rv_10, as burst A.
  const Table& e = main_tables().events;
  const std::size_t r = rows_of(e, "burst").at(1);
  expect_span(e, r, kMonday, 602, 612, 612);
  EXPECT_EQ(text(e, "direction", r), "down");
  EXPECT_EQ(num(e, "size", r), 4);
  // CE 110.5 -> 140.5 and PE 100.5 -> 130.5 while spot moved 25005 -> 25001.
  EXPECT_EQ(num(e, "ce_mid_change", r), 30);
  EXPECT_EQ(num(e, "pe_mid_change", r), 30);
  EXPECT_EQ(num(e, "rel_delta_ce", r), -7.5);
  EXPECT_EQ(num(e, "rel_delta_pe", r), -7.5);
  EXPECT_EQ(num(e, "convexity", r), 60.0 / 16);
  EXPECT_DOUBLE_EQ(num(e, "trade_pressure", r), 50.0 / 11);  // 20 + 30 traded over 11 seconds
  EXPECT_DOUBLE_EQ(num(e, "vacuum_score", r), (30.0 / 21 + 30.0 / 31) / 2);
  // Mid path: 09:25:04 +10 +10 (no trade), 09:25:05 +20 +20 (traded, order flow up): 40 / 60.
  EXPECT_DOUBLE_EQ(num(e, "trade_share", r), 40.0 / 60);
  EXPECT_EQ(text(e, "label", r), "trade");

  // Fear: the put's IV at s = 592 (10 s before the start, where the move
  // began) with mids 110.5 / 100.5; at 09:25:04 the put is 110.5 (IV ~ +10%),
  // at 09:25:05 130.5 (~ +30% >= 20%): confirmed then, the start known only now.
  const std::size_t f = rows_of(e, "fear").at(0);
  expect_span(e, f, kMonday, 602, 605, 605);
  const double before = put_iv(kMonday, 592, 110.5, 100.5);
  EXPECT_NEAR(num(e, "iv_before", f), before, 1e-12);
  EXPECT_NEAR(num(e, "iv", f), put_iv(kMonday, 605, 140.5, 130.5), 1e-12);
  EXPECT_GT(num(e, "iv_jump", f), 0.28);
  EXPECT_LT(num(e, "iv_jump", f), 0.32);
  // Decay: the same put price with less time left is a higher IV, so the
  // peak is 09:25:29, the last second at 130.5; 09:25:30's 120.5 (~ +20%) is
  // above half-way (~ +15%); 09:26:00's 110.5 (~ +10%) is below: 31 s after the peak.
  const std::size_t d = rows_of(e, "fear_decay").at(0);
  expect_span(e, d, kMonday, 605, 660, 660);
  EXPECT_NEAR(num(e, "iv_peak", d), put_iv(kMonday, 629, 140.5, 130.5), 1e-12);
  EXPECT_EQ(num(e, "peak_at_s", d), 27);
  EXPECT_EQ(num(e, "half_life_s", d), 31);
  EXPECT_TRUE(e.column("decayed").bools[d]);
}

TEST(TruthEvents, PullsWithAndWithoutVolumeAndAReplenish) {
  const Table& e = main_tables().events;
  const std::vector<std::size_t> pulls = rows_of(e, "pull");
  ASSERT_EQ(pulls.size(), 5U);
  // PE 25050 (ATM + 1): bid depth 500 -> 250 (-50% >= 35%), bid 60 -> 59.5, nothing
  // traded. 09:40:20: 450 >= 80% of 500 and >= half-way (375): both 20 s later.
  std::size_t r = pulls[0];
  expect_span(e, r, kMonday, 1500, 1520, 1520);
  EXPECT_EQ(text(e, "opt_type", r), "PE");
  EXPECT_EQ(text(e, "side", r), "bid");
  EXPECT_EQ(e.column("strike").i64[r], 25050);
  EXPECT_EQ(e.column("offset").i64[r], 1);
  EXPECT_EQ(num(e, "depth_before", r), 500);
  EXPECT_EQ(num(e, "depth_after", r), 250);
  EXPECT_EQ(num(e, "volume", r), 0);
  EXPECT_TRUE(e.column("recovered").bools[r]);
  EXPECT_EQ(num(e, "recovery_s", r), 20);
  EXPECT_EQ(num(e, "half_life_s", r), 20);
  // The same second is a replenish: 250 -> 450 (+80% >= 25%), spread 1.5 -> 1.
  const std::size_t rep = rows_of(e, "replenish").at(0);
  expect_span(e, rep, kMonday, 1520, 1520, 1520);
  EXPECT_EQ(num(e, "depth_before", rep), 250);
  EXPECT_EQ(num(e, "depth_after", rep), 450);
  // PE 24950 (ATM - 1): ask depth 500 -> 200 with 20 traded (<= 10% of the 300 lost),
  // ask 41 -> 41.5. It never recovers: the row ends at the 300 s horizon.
  r = pulls[1];
  expect_span(e, r, kMonday, 1800, 2100, 2100);
  EXPECT_EQ(text(e, "side", r), "ask");
  EXPECT_EQ(e.column("offset").i64[r], -1);
  EXPECT_EQ(num(e, "volume", r), 20);
  EXPECT_FALSE(e.column("recovered").bools[r]);
  EXPECT_TRUE(is_null(e, "recovery_s", r));
  EXPECT_TRUE(is_null(e, "half_life_s", r));
  // Regimes: a pull without volume is a vacuum for 10 s; the one with volume is not.
  expect_regimes(main_tables().regimes, {{1499, "calm"}, {1500, "vacuum"}, {1509, "vacuum"}, {1510, "calm"}, {1800, "calm"}});
  // All on option books; the planted day has no futures, so no futures event and no futures book.
  for (const std::string kind : {"pull", "replenish"}) {
    for (const std::size_t row : rows_of(e, kind)) EXPECT_EQ(text(e, "instrument", row), "option");
  }
  const Table& f = main_tables().features;
  EXPECT_TRUE(is_null(f, "fut_ofi_5l", 1500));
  EXPECT_TRUE(is_null(f, "fut_bid_depth_5", 1500));
}

TEST(TruthEvents, FuturesBookPullReplenishAndOrderFlow) {
  // futures_day() (planted_day.cpp): quiet spot, no options, the front
  // futures' book 100 a level (depth 500 a side) at 25049.5 / 25050.5, never
  // trading.
  // s = 100: the bid drops to 25049 with 40 a level (depth 200, -60%): a
  //   pull without volume. Every bid level fell, so e_m = -B_m(t-1) = -100
  //   and ofi_5l = -500.
  // s = 105: back to 25049.5 with 100 a level: depth 500 >= 80% of 500 and
  //   >= half-way (350), so the pull recovered after 5 s; the same second is
  //   a replenish (200 -> 500, spread 1.5 -> 1). Every bid level rose:
  //   e_m = +B_m(t) = +100, ofi_5l = +500.
  const MicroDay day = testing::futures_day();
  const DayTables t = tables_of(day);
  const Table& e = t.events;
  ASSERT_EQ(e.rows(), 2U);
  const std::size_t pull = rows_of(e, "pull").at(0);
  expect_span(e, pull, kMonday, 100, 105, 105);
  EXPECT_EQ(text(e, "instrument", pull), "futures");
  EXPECT_EQ(text(e, "side", pull), "bid");
  EXPECT_EQ(text(e, "opt_type", pull), "null");
  EXPECT_TRUE(is_null(e, "strike", pull));
  EXPECT_EQ(num(e, "depth_before", pull), 500);
  EXPECT_EQ(num(e, "depth_after", pull), 200);
  EXPECT_EQ(num(e, "volume", pull), 0);
  EXPECT_EQ(num(e, "recovery_s", pull), 5);
  EXPECT_EQ(num(e, "half_life_s", pull), 5);
  const std::size_t replenish = rows_of(e, "replenish").at(0);
  expect_span(e, replenish, kMonday, 105, 105, 105);
  EXPECT_EQ(text(e, "instrument", replenish), "futures");
  const Table& f = t.features;
  EXPECT_TRUE(is_null(f, "fut_ofi_5l", 0));  // no snapshot a second before
  EXPECT_EQ(num(f, "fut_ofi_5l", 99), 0);
  EXPECT_EQ(num(f, "fut_ofi_5l", 100), -500);
  EXPECT_EQ(num(f, "fut_ofi_0", 100), -100);
  EXPECT_EQ(num(f, "fut_ofi_4", 100), -100);
  EXPECT_EQ(num(f, "fut_ofi_5l", 101), 0);
  EXPECT_EQ(num(f, "fut_ofi_5l", 105), 500);
  EXPECT_EQ(f.column("fut_bid_depth_5").i64[100], 200);
  EXPECT_EQ(f.column("fut_ask_depth_5").i64[100], 500);
  EXPECT_EQ(num(f, "fut_mid", 100), (25049 + 25050.5) / 2);
  EXPECT_EQ(num(f, "fut_spread", 105), 1);
  EXPECT_EQ(num(f, "fut_obi_5", 100), (200.0 - 500) / 700);
  // The futures traded nothing, so the pull makes s = 100 .. 109 a vacuum.
  expect_regimes(t.regimes, {{99, "calm"}, {100, "vacuum"}, {109, "vacuum"}, {110, "calm"}});
}

TEST(TruthEvents, FlickerWindow) {
  // PE 24900 (ATM - 2): pulls at 10:00:00, :04, :08 (500 -> 200, bid away),
  // replenishes at :02, :06, :10 (200 -> 500, spread 1.5 -> 1); the ATM CE's
  // spread changes at :01 .. :09 (5 times). Over a trailing 30 s all three
  // counts first reach 3 / 3 / 5 at 10:00:10 (s = 2710) and hold until the
  // 10:00:00 pull leaves the window at 10:00:30, which confirms the end.
  const Table& e = main_tables().events;
  const std::size_t r = rows_of(e, "flicker").at(0);
  expect_span(e, r, kMonday, 2710, 2729, 2730);
  EXPECT_EQ(num(e, "pulls", r), 3);
  EXPECT_EQ(num(e, "replenishes", r), 3);
  EXPECT_EQ(num(e, "spread_changes", r), 5);
  // Each pull recovered two seconds later.
  const std::size_t pull = rows_of(e, "pull").at(2);
  expect_span(e, pull, kMonday, 2700, 2702, 2702);
  EXPECT_EQ(num(e, "recovery_s", pull), 2);
  // Regimes: the pulls (no volume) make 10:00:00..10:00:17 a vacuum, which
  // outranks flicker; flicker then until 10:00:29.
  expect_regimes(main_tables().regimes, {{2717, "vacuum"}, {2718, "flicker"}, {2729, "flicker"}, {2730, "calm"}});
}

TEST(TruthEvents, AJumpThatIsAlsoABurstAtANewAtmWithoutACeRow) {
  // 11:00:00 (s = 6300): 25001 -> 25031. The bipower sigma of the 118 quiet
  // products before is a, so L = ln(25031/25001) / a ~ 30 > 6.416.
  const Table& e = main_tables().events;
  const std::size_t j = rows_of(e, "jump").at(0);
  expect_span(e, j, kMonday, 6300, 6300, 6300);
  EXPECT_EQ(text(e, "direction", j), "up");
  EXPECT_NEAR(num(e, "lm_stat", j), std::log(25031.0 / 25001) / std::log(25001.0 / 25000), 1e-9);
  EXPECT_NEAR(num(e, "lm_threshold", j), 6.416, 1e-3);
  EXPECT_GT(num(e, "jump_share", j), 0.5);
  EXPECT_TRUE(e.column("in_burst").bools[j]);
  // The same second starts burst D (|S - S_6290| = 31, rv_10 carries the jump);
  // it ends 10 s later, when the jump leaves rv_10. Spot is 25031 throughout:
  // size 0, no move, so no relative delta. The ATM is now 25050, which lists
  // no CE: the CE's response is null, the PE's (60.5 -> 60.5) is 0.
  const std::size_t b = rows_of(e, "burst").at(2);
  expect_span(e, b, kMonday, 6300, 6310, 6310);
  EXPECT_EQ(e.column("atm_strike").i64[b], 25050);
  EXPECT_EQ(num(e, "size", b), 0);
  EXPECT_EQ(e.column("jumps").i64[b], 1);
  EXPECT_TRUE(is_null(e, "ce_mid_change", b));
  EXPECT_EQ(num(e, "pe_mid_change", b), 0);
  EXPECT_TRUE(is_null(e, "rel_delta_pe", b));
  EXPECT_TRUE(main_tables().features.column("atm_changed").bools[6300]);
}

TEST(TruthRegimes, PrecedenceAndFearFromItsConfirmation) {
  // Burst B covers 09:25:02..09:25:12; fear is confirmed at 09:25:05 and
  // decays at 09:26:00, so it outranks bursting from 09:25:05 only.
  const Table& g = main_tables().regimes;
  ASSERT_EQ(g.rows(), 22501U);
  expect_regimes(g, {{119, "calm"}, {120, "bursting"}, {130, "bursting"}, {131, "calm"}, {604, "bursting"},
                     {605, "fear"}, {659, "fear"}, {660, "calm"}, {6305, "bursting"}});
}

TEST(TruthRegimes, TrendingNeedsEfficiencyAndAMoveOfTwoBursts) {
  // Spot climbs 0.1 a second for 400 s, then stays at 25040. Over 300 s the
  // efficiency is 1 and the move 30 >= 2 x 10 from 09:20:00 (the first full
  // window); at s = 500 the move is 25040 - 25020 = 20, at 501 19.9 < 20.
  MicroDay day(kMonday);
  spot_path(day, kMonday, 0, 400, [](int s) { return 25000 + s / 10.0; });
  const Table g = tables_of(day).regimes;
  expect_regimes(g, {{299, "calm"}, {300, "trending"}, {500, "trending"}, {501, "calm"}});
  EXPECT_EQ(tables_of(day).events.rows(), 0U);  // 1 point per 10 s is no burst
}

TEST(TruthEvents, ASplitSessionEndsABurstAtItsBreakAndNeverBridgesIt) {
  // Window 1 ends at 10:00:00 (s = 2700). Spot quiet, then +4 a second from
  // 09:59:50: the burst starts at 09:59:52 (|25013 - 25000| = 13) and is still
  // running at the break, so it ends there. Window 2 opens at 11:30:00 55
  // points higher: no return crosses the gap, so no burst and no jump.
  MicroDay day(kSplitDay);
  spot_path(day, kSplitDay, 0, 2689, [](int s) { return 25000 + s % 2; });
  spot_path(day, kSplitDay, 2690, 2700, [](int s) { return 25001 + 4 * (s - 2689); });
  for (int s = 0; s <= 3600; ++s) day.spot_at(at(kSplitDay, "11:30:00") + s * domain::kNanosPerSecond, 25100 + s % 2);
  const DayTables t = tables_of(day);
  const Table& e = t.events;
  ASSERT_EQ(e.rows(), 1U);
  EXPECT_EQ(text(e, "kind", 0), "burst");
  expect_span(e, 0, kSplitDay, 2692, 2700, 2700);
  EXPECT_EQ(num(e, "size", 0), 32);  // 25045 - 25013
  EXPECT_EQ(regime_at(t.regimes, kSplitDay, 2700), "bursting");
  EXPECT_EQ(t.regimes.rows(), 6302U);
}

TEST(TruthEvents, LeeMyklandThreshold) {
  // The Gumbel critical value: centre sqrt(2 ln n)/c - (ln pi + ln ln n)/(2 c sqrt(2 ln n)),
  // scale 1/(c sqrt(2 ln n)), c = sqrt(2/pi); threshold = centre - scale ln(-ln(1 - alpha)).
  // n = 22,500: 5.128110 + 0.279952 x 4.600149 = 6.415931.
  EXPECT_NEAR(lee_mykland_threshold(0.01, 22500), 6.415931, 1e-6);
}

}  // namespace
}  // namespace tapelab::truth
