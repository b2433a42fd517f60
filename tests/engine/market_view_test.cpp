// The as-of market view on hand-built micro-days: which expiry is tradable,
// that other expiries never leak into a chain, the ATM strike, what a strike
// window lists and quotes, and that nothing after the clock is ever visible.
#include <gtest/gtest.h>

#include "engine/market_view.h"
#include "micro_day.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::Date;
using domain::OptionType;
using testing::MicroDay;
using testing::quote;

constexpr auto kCE = OptionType::kCall;
constexpr auto kPE = OptionType::kPut;
const Date kTue = Date::from_ymd(2025, 11, 18);  // a NIFTY weekly expiry day
const Date kNextTue = Date::from_ymd(2025, 11, 25);
const Date kMonthly = Date::from_ymd(2025, 12, 30);

MicroDay chain_day(Date date) {
  MicroDay day(date, "NIFTY");
  const auto open = day.at(9, 15, 0);
  day.spot(open, 26023);
  // A leftover row of last week's expiry, and three live expiries.
  day.contract(Date::from_ymd(2025, 11, 11), kCE, 26000, 75, {quote(open, 1, 2)});
  for (const Date e : {kTue, kNextTue, kMonthly}) day.contract(e, kCE, 26000, 75, {quote(open, 10, 11)});
  return day;
}

TEST(MarketView, NearestExpiryIsTheDaysOwnOnExpiryDay) {
  const market::DayTape tape = chain_day(kTue).tape();
  MarketView view(tape);
  view.advance_to(tape.spot.time[0]);
  ASSERT_EQ(view.expiries().size(), 3u);  // the expired 2025-11-11 is not part of the view
  EXPECT_EQ(view.expiry({}), kTue);
  EXPECT_EQ(view.expiry({ExpiryChoice::Kind::kNext}), kNextTue);
  EXPECT_EQ(view.dte(kTue), 0);
  EXPECT_EQ(view.dte(kNextTue), 5);
  EXPECT_EQ(view.expiry({ExpiryChoice::Kind::kDteRange, 4, 6}), kNextTue);
  EXPECT_EQ(view.expiry({ExpiryChoice::Kind::kDteRange, 100, 200}), std::nullopt);
  EXPECT_FALSE(view.option({Date::from_ymd(2025, 11, 11), kCE, 26000}));
}

TEST(MarketView, NearestExpiryBeforeExpiryDayIsTheComingOne) {
  const market::DayTape tape = chain_day(kTue - 1).tape();
  MarketView view(tape);
  view.advance_to(tape.spot.time[0]);
  EXPECT_EQ(view.expiry({}), kTue);
  EXPECT_EQ(view.dte(kTue), 1);
}

TEST(MarketView, AFarExpiryWithTheSameStrikeNeverLeaksIn) {
  MicroDay day(kTue, "NIFTY");
  day.spot(day.at(9, 15, 0), 26023);
  // The far expiry prints first and at a very different price.
  day.contract(kNextTue, kCE, 26100, 75, {quote(day.at(9, 15, 0), 200, 201)});
  day.contract(kNextTue, kCE, 26000, 75, {quote(day.at(9, 15, 0), 300, 301)});
  day.contract(kTue, kCE, 26000, 75, {quote(day.at(9, 15, 5), 100, 101)});
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  view.advance_to(day.at(9, 15, 0));
  EXPECT_FALSE(view.option({kTue, kCE, 26000}));  // the nearest has not printed yet
  EXPECT_TRUE(view.strikes(kTue, kCE).empty());
  view.advance_to(day.at(9, 15, 5));
  const auto near = view.option({kTue, kCE, 26000});
  ASSERT_TRUE(near);
  EXPECT_EQ(near->bids[0].price, 100);
  EXPECT_EQ(near->key.expiry, kTue);
  ASSERT_EQ(view.strikes(kTue, kCE).size(), 1u);  // 26100 exists only in the far expiry
  EXPECT_EQ(view.atm_strike(kTue, kCE, AtmConvention::kNearest), 26000);
  EXPECT_EQ(view.option({kNextTue, kCE, 26000})->bids[0].price, 300);
}

// Expiries and lot sizes answer only what a trader knows at the clock
// (docs/engine-rules.md#no-look-ahead). 2025-11-25 is a NIFTY expiry the
// calendar lists in advance: known from the open though its first row is at
// 10:00. 2025-11-26 (a Wednesday) is no NIFTY expiry by the calendar, as a
// user's calendar at ingest might have put one: it exists for a strategy only
// from its first row, at 11:00.
TEST(MarketView, ExpiriesAndLotSizesAreKnownOnlyFromTheCalendarOrTheFirstRow) {
  const Date unlisted = Date::from_ymd(2025, 11, 26);
  MicroDay day(kTue, "NIFTY");
  day.spot(day.at(9, 15, 0), 26023);
  day.contract(kTue, kCE, 26000, 75, {quote(day.at(9, 15, 0), 10, 11)});
  day.contract(kNextTue, kCE, 26000, 75, {quote(day.at(10, 0, 0), 20, 21)});
  day.contract(unlisted, kCE, 26000, 65, {quote(day.at(11, 0, 0), 30, 31)});
  const market::DayTape tape = day.tape();
  MarketView view(tape);

  view.advance_to(day.at(9, 15, 0));
  EXPECT_EQ(std::vector<Date>(view.expiries().begin(), view.expiries().end()), (std::vector<Date>{kTue, kNextTue}));
  EXPECT_EQ(view.expiry({ExpiryChoice::Kind::kNext}), kNextTue);
  EXPECT_EQ(view.lot_size({kTue, kCE, 26000}), 75);
  EXPECT_EQ(view.lot_size({kNextTue, kCE, 26000}), 0);   // listed, not printed yet
  EXPECT_EQ(view.lot_size({unlisted, kCE, 26000}), 0);   // neither
  EXPECT_EQ(view.lot_size({kTue, kCE, 99900}), 0);       // no such contract: the same answer

  view.advance_to(day.at(10, 0, 0));
  EXPECT_EQ(view.lot_size({kNextTue, kCE, 26000}), 75);
  EXPECT_EQ(view.expiries().size(), 2u);
  EXPECT_EQ(view.expiry({ExpiryChoice::Kind::kDteRange, 6, 6}), std::nullopt);  // the 26th: 6 trading days, unknown yet

  view.advance_to(day.at(11, 0, 0));
  EXPECT_EQ(std::vector<Date>(view.expiries().begin(), view.expiries().end()),
            (std::vector<Date>{kTue, kNextTue, unlisted}));
  EXPECT_EQ(view.expiry({ExpiryChoice::Kind::kDteRange, 6, 6}), unlisted);
  EXPECT_EQ(view.lot_size({unlisted, kCE, 26000}), 65);
}

TEST(MarketView, AStrikeWindowListsTheWholeChainButQuotesOnlyItsStrikes) {
  // As market::load_day leaves a window: 26200 CE, first printed at 10:00,
  // is outside and unloaded; its expiry's unlisted neighbour is known only
  // from an unloaded contract's first print.
  const Date unlisted = Date::from_ymd(2025, 11, 26);
  MicroDay day(kTue, "NIFTY");
  day.spot(day.at(9, 15, 0), 26023);
  for (const std::int32_t k : {25900, 26000, 26100}) day.contract(kTue, kCE, k, 75, {quote(day.at(9, 15, 0), 10, 11)});
  market::DayTape tape = day.tape();
  tape.strike_window = market::StrikeWindow{25850, 26150};
  tape.unloaded.push_back({kTue, kCE, 26200, day.at(10, 0, 0)});
  tape.unloaded.push_back({unlisted, kCE, 26400, day.at(11, 0, 0)});
  MarketView view(tape);

  view.advance_to(day.at(9, 15, 0));
  EXPECT_EQ(std::vector<std::int32_t>(view.strikes(kTue, kCE).begin(), view.strikes(kTue, kCE).end()),
            (std::vector<std::int32_t>{25900, 26000, 26100}));
  EXPECT_EQ(view.nearest_strike(kTue, kCE, 26300), 26100);
  EXPECT_EQ(view.option({kTue, kCE, 26100})->bids[0].price, 10);

  view.advance_to(day.at(10, 0, 0));
  EXPECT_EQ(view.strikes(kTue, kCE).back(), 26200);
  EXPECT_EQ(view.nearest_strike(kTue, kCE, 26300), 26200);  // what the whole file lists
  EXPECT_THROW(view.option({kTue, kCE, 26200}), Error);       // but its quotes were not loaded
  EXPECT_THROW(view.lot_size({kTue, kCE, 26200}), Error);
  EXPECT_THROW(view.option({kTue, kPE, 25800}), Error);  // unlisted and outside: still loud
  EXPECT_EQ(view.expiries().size(), 1u);

  view.advance_to(day.at(11, 0, 0));
  EXPECT_EQ(std::vector<Date>(view.expiries().begin(), view.expiries().end()), (std::vector<Date>{kTue, unlisted}));
}

market::DayTape atm_day(const std::string& underlying, double spot, std::int32_t from, std::int32_t to,
                        std::int32_t step) {
  MicroDay day(kTue, underlying);
  day.spot(day.at(9, 15, 0), spot);
  for (std::int32_t k = from; k <= to; k += step) {
    day.contract(kMonthly, kCE, k, 75, {quote(day.at(9, 15, 0), 10, 11)});
    day.contract(kMonthly, kPE, k, 75, {quote(day.at(9, 15, 0), 10, 11)});
  }
  return day.tape();
}

TEST(MarketView, AtmByEachConvention) {
  const market::DayTape nifty = atm_day("NIFTY", 26023, 25800, 26300, 50);
  MarketView view(nifty);
  view.advance_to(nifty.spot.time[0]);
  EXPECT_EQ(view.atm_strike(kMonthly, kCE, AtmConvention::kNearest), 26000);
  EXPECT_EQ(view.atm_strike(kMonthly, kPE, AtmConvention::kNearest), 26000);
  EXPECT_EQ(view.atm_strike(kMonthly, kCE, AtmConvention::kCeUpPeDown), 26050);
  EXPECT_EQ(view.atm_strike(kMonthly, kPE, AtmConvention::kCeUpPeDown), 26000);

  const market::DayTape bank = atm_day("BANKNIFTY", 56052, 55500, 56500, 100);
  MarketView bank_view(bank);
  bank_view.advance_to(bank.spot.time[0]);
  EXPECT_EQ(bank_view.strike_step(), 100);
  EXPECT_EQ(bank_view.atm_strike(kMonthly, kCE, AtmConvention::kNearest), 56100);
  EXPECT_EQ(bank_view.atm_strike(kMonthly, kCE, AtmConvention::kCeUpPeDown), 56100);
  EXPECT_EQ(bank_view.atm_strike(kMonthly, kPE, AtmConvention::kCeUpPeDown), 56000);
}

TEST(MarketView, AtmOnAListedStrikeIsThatStrikeForBothSides) {
  const market::DayTape tape = atm_day("NIFTY", 26000, 25800, 26300, 50);
  MarketView view(tape);
  view.advance_to(tape.spot.time[0]);
  EXPECT_EQ(view.atm_strike(kMonthly, kCE, AtmConvention::kCeUpPeDown), 26000);
  EXPECT_EQ(view.atm_strike(kMonthly, kPE, AtmConvention::kCeUpPeDown), 26000);
}

TEST(MarketView, AsOfNeverReadsTheFuture) {
  MicroDay day(kTue, "NIFTY");
  day.spot(day.at(9, 14, 55), 25990).spot(day.at(9, 15, 0), 26000).spot(day.at(9, 15, 2), 26400);
  testing::Quote first = quote(day.at(9, 15, 0), 100, 101);
  first.vol_delta = 10;
  testing::Quote second = quote(day.at(9, 15, 1), 102, 103);
  second.vol_delta = 5;
  day.contract(kMonthly, kCE, 26000, 75, {first, second, quote(day.at(9, 15, 2), 150, 151)});
  day.contract(kMonthly, kCE, 26400, 75, {quote(day.at(9, 15, 2), 1, 2)});
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  view.advance_to(day.at(9, 15, 0));
  EXPECT_EQ(view.spot()->price, 26000);
  EXPECT_EQ(view.option({kMonthly, kCE, 26000})->volume_last_second, 10);
  view.advance_to(day.at(9, 15, 1) + domain::kNanosPerSecond / 2);
  const auto snap = view.option({kMonthly, kCE, 26000});
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->bids[0].price, 102);
  EXPECT_EQ(snap->age_seconds, 0);
  EXPECT_EQ(snap->volume, 15);
  EXPECT_EQ(snap->volume_last_second, 5);
  EXPECT_EQ(view.spot()->price, 26000);
  EXPECT_EQ(view.spot()->age_seconds, 1);
  EXPECT_EQ(view.atm_strike(kMonthly, kCE, AtmConvention::kNearest), 26000);  // 26400 has not printed
  EXPECT_EQ(view.strikes(kMonthly, kCE).size(), 1u);
  view.advance_to(day.at(9, 15, 3));
  EXPECT_EQ(view.option({kMonthly, kCE, 26000})->volume_last_second, 0);  // nothing traded in the last second
  EXPECT_EQ(view.atm_strike(kMonthly, kCE, AtmConvention::kNearest), 26400);
  EXPECT_THROW(view.advance_to(day.at(9, 15, 2)), Error);
}

TEST(MarketView, RowsBeforeTheOpenAreVisibleWithTheirAge) {
  MicroDay day(kTue, "NIFTY");
  day.spot(day.at(9, 14, 50), 26000);
  day.contract(kMonthly, kCE, 26000, 75, {quote(day.at(9, 10, 0), 100, 101)});
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  EXPECT_FALSE(view.spot());
  view.advance_to(day.at(9, 15, 0));
  EXPECT_EQ(view.spot()->age_seconds, 10);
  EXPECT_EQ(view.option({kMonthly, kCE, 26000})->age_seconds, 300);
  EXPECT_FALSE(view.futures());
}

}  // namespace
}  // namespace tapelab::engine
