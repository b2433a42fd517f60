// IV and Greeks on hand-built micro-days: every number equals the pricing
// library called in the test on the same inputs (the mid, the forward or spot,
// the time to expiry), the parity forward comes from the ATM strike with both
// mids, every case without a number has its reason, answers are cached for
// the second, strike by |delta|, and a later quote never changes an earlier
// second's answer.
#include <bit>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "engine/greeks.h"
#include "engine/market_view.h"
#include "engine/runner.h"
#include "micro_day.h"
#include "pricing/forward.h"
#include "pricing/implied_vol.h"
#include "pricing/time_to_expiry.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::Date;
using domain::OptionType;
using pricing::Model;
using pricing::TimeBasis;
using testing::MicroDay;
using testing::quote;

constexpr auto kCE = OptionType::kCall;
constexpr auto kPE = OptionType::kPut;
const Date kMon = Date::from_ymd(2025, 11, 17);
const Date kTue = Date::from_ymd(2025, 11, 18);      // NIFTY weekly expiry
const Date kMonthly = Date::from_ymd(2025, 11, 25);  // NIFTY monthly (the futures' expiry)

// Spot 26010 at the open; strikes 25950-26100 quoted from 09:15:00. With
// `later_rows`, every contract and spot move after 10:00:00 (a new row at
// 10:00:01 at twice the prices, spot 26200 half a second after 10:00:00), and
// a new strike prints at 10:00:01.
MicroDay chain_day(bool later_rows = false) {
  MicroDay day(kMon, "NIFTY");
  const auto open = day.at(9, 15, 0);
  const auto later = day.at(10, 0, 1);
  day.spot(open, 26010);
  if (later_rows) {
    day.spot(day.at(10, 0, 0) + domain::kNanosPerSecond / 2, 26200);
    day.contract(kTue, kCE, 26300, 75, {quote(later, 3, 4)});
  }
  for (const auto& [type, strike, bid, ask] : std::vector<std::tuple<OptionType, int, double, double>>{
           {kCE, 25950, 96, 98}, {kPE, 25950, 30, 31}, {kCE, 26000, 62, 63}, {kPE, 26000, 46, 47},
           {kCE, 26050, 38, 39}, {kPE, 26050, 71, 73}, {kCE, 26100, 21, 22}, {kPE, 26100, 104, 106}}) {
    std::vector<testing::Quote> rows{quote(open, bid, ask)};
    if (later_rows) rows.push_back(quote(later, 2 * bid, 2 * ask));
    day.contract(kTue, type, strike, 75, rows);
  }
  return day;
}

GreeksConfig black76_parity(double rate = 0.065) {
  GreeksConfig config;
  config.rate = rate;
  return config;
}

// What the test expects: the pricing library on the option's own inputs.
void expect_priced(const OptionGreeks& g, const pricing::OptionInputs& inputs, double mid) {
  ASSERT_EQ(g.status, GreeksStatus::kOk) << to_string(g.status);
  const pricing::ImpliedVol iv = pricing::implied_vol(inputs, mid);
  ASSERT_TRUE(iv.solved());
  const pricing::Greeks expected = pricing::greeks(inputs, iv.vol);
  EXPECT_EQ(g.premium, mid);
  EXPECT_EQ(g.underlying, inputs.underlying);
  EXPECT_EQ(g.years, inputs.years);
  EXPECT_EQ(g.iv, iv.vol);
  EXPECT_EQ(g.delta, expected.delta);
  EXPECT_EQ(g.gamma, expected.gamma);
  EXPECT_EQ(g.theta, expected.theta);
  EXPECT_EQ(g.vega, expected.vega);
}

void expect_no_numbers(const OptionGreeks& g) {
  EXPECT_TRUE(std::isnan(g.iv));
  EXPECT_TRUE(std::isnan(g.delta));
  EXPECT_TRUE(std::isnan(g.gamma));
  EXPECT_TRUE(std::isnan(g.theta));
  EXPECT_TRUE(std::isnan(g.vega));
}

TEST(ChainGreeks, ParityForwardAtTheAtmStrikeAndGreeksEqualThePricingLibrary) {
  const MicroDay day = chain_day();
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  const auto now = day.at(10, 0, 0);
  view.advance_to(now);
  const ChainGreeks greeks(view, black76_parity());

  const double years = pricing::years_to_expiry(now, kTue, TimeBasis::kCalendar);
  EXPECT_EQ(greeks.years(kTue), years);
  EXPECT_DOUBLE_EQ(years, 29.5 * 3600 / (365.0 * 86400));  // Mon 10:00 to Tue 15:30
  // Spot 26010: ATM 26000, call mid 62.5, put mid 46.5.
  const PricingUnderlying forward = greeks.underlying(kTue);
  ASSERT_TRUE(forward.ok());
  EXPECT_EQ(forward.parity_strike, 26000);
  const double expected_forward = pricing::forward_from_parity(26000, 62.5, 46.5, years, 0.065);
  EXPECT_EQ(forward.price, expected_forward);
  EXPECT_NEAR(forward.price, 26016, 0.01);
  EXPECT_EQ(forward.age_seconds, 45 * 60);

  for (const auto& [type, strike, mid] : std::vector<std::tuple<OptionType, int, double>>{
           {kCE, 26050, 38.5}, {kPE, 26050, 72}, {kCE, 25950, 97}, {kPE, 26100, 105}}) {
    SCOPED_TRACE(strike);
    const OptionGreeks g = greeks.option({kTue, type, strike});
    expect_priced(g, {Model::kBlack76, type, expected_forward, double(strike), years, 0.065, 0}, mid);
    EXPECT_EQ(g.quote_age_seconds, 45 * 60);
  }
  // At a premium of the caller's choosing, on the same forward.
  expect_priced(greeks.at_premium({kTue, kCE, 26050}, 40.25),
                {Model::kBlack76, kCE, expected_forward, 26050, years, 0.065, 0}, 40.25);
  EXPECT_EQ(greeks.at_premium({Date::from_ymd(2025, 11, 11), kCE, 26050}, 1).status, GreeksStatus::kExpired);
  EXPECT_THROW(greeks.at_premium({kTue, kCE, 26050}, std::nan("")), Error);
  const OptionGreeks call = greeks.option({kTue, kCE, 26050});
  EXPECT_GT(call.delta, 0.3);
  EXPECT_LT(call.delta, 0.5);
  EXPECT_LT(greeks.option({kTue, kPE, 26050}).delta, -0.5);
}

TEST(ChainGreeks, ParityMovesToTheNextStrikeWhenTheAtmHasNoTwoSidedQuote) {
  // The ATM put has a one-sided book: 26050 (40 from spot) is next, before
  // 25950 (60 from spot).
  MicroDay one_sided(kMon, "NIFTY");
  const auto open = one_sided.at(9, 15, 0);
  one_sided.spot(open, 26010);
  for (const int strike : {25950, 26050}) {
    one_sided.contract(kTue, kCE, strike, 75, {quote(open, 50, 52)});
    one_sided.contract(kTue, kPE, strike, 75, {quote(open, 40, 42)});
  }
  one_sided.contract(kTue, kCE, 26000, 75, {quote(open, 62, 63)});
  one_sided.contract(kTue, kPE, 26000, 75, {{open, {{46, 100}}, {}, 46, 0, 0}});
  const market::DayTape tape = one_sided.tape();
  MarketView view(tape);
  view.advance_to(one_sided.at(9, 30, 0));
  const ChainGreeks greeks(view, black76_parity(0));
  const PricingUnderlying forward = greeks.underlying(kTue);
  ASSERT_TRUE(forward.ok());
  EXPECT_EQ(forward.parity_strike, 26050);
  EXPECT_EQ(forward.price, 26060);  // 26050 + 51 - 41 at rate 0
  EXPECT_EQ(greeks.option({kTue, kPE, 26000}).status, GreeksStatus::kNoQuote);
}

TEST(ChainGreeks, FuturesForwardIsCarriedFromTheFuturesExpiry) {
  MicroDay day = chain_day();
  day.futures(day.at(9, 59, 58), 26080, kMonthly);
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  const auto now = day.at(10, 0, 0);
  view.advance_to(now);
  GreeksConfig config = black76_parity();
  config.forward = ForwardSource::kFutures;
  const ChainGreeks greeks(view, config);
  const double years = pricing::years_to_expiry(now, kTue, TimeBasis::kCalendar);
  const double futures_years = pricing::years_to_expiry(now, kMonthly, TimeBasis::kCalendar);
  const double expected = pricing::forward_from_futures(26080, futures_years, years, 0.065);
  const PricingUnderlying forward = greeks.underlying(kTue);
  ASSERT_TRUE(forward.ok());
  EXPECT_EQ(forward.price, expected);
  EXPECT_LT(forward.price, 26080);  // carried back a week
  EXPECT_EQ(forward.age_seconds, 2);
  EXPECT_EQ(forward.parity_strike, 0);
  // The futures' own expiry is priced on the futures price itself.
  EXPECT_EQ(greeks.underlying(kMonthly).price, 26080);
  expect_priced(greeks.option({kTue, kCE, 26050}), {Model::kBlack76, kCE, expected, 26050, years, 0.065, 0}, 38.5);
}

TEST(ChainGreeks, BlackScholesOnSpotWithRateAndDividendInTradingTime) {
  const MicroDay day = chain_day();
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  const auto now = day.at(11, 0, 0);
  view.advance_to(now);
  GreeksConfig config;
  config.model = Model::kBlackScholes;
  config.rate = 0.07;
  config.dividend = 0.012;
  config.time_basis = TimeBasis::kTrading;
  const ChainGreeks greeks(view, config);
  const double years = pricing::years_to_expiry(now, kTue, TimeBasis::kTrading);
  EXPECT_DOUBLE_EQ(years, (4.5 * 3600 + 22500) / (252.0 * 22500));  // rest of Mon + all of Tue
  EXPECT_EQ(greeks.years(kTue), years);
  const PricingUnderlying spot = greeks.underlying(kTue);
  ASSERT_TRUE(spot.ok());
  EXPECT_EQ(spot.price, 26010);
  expect_priced(greeks.option({kTue, kPE, 25950}), {Model::kBlackScholes, kPE, 26010, 25950, years, 0.07, 0.012},
                30.5);
}

TEST(ChainGreeks, EveryMissingNumberHasItsReason) {
  MicroDay day(kMon, "NIFTY");
  const auto open = day.at(9, 15, 0);
  day.contract(kTue, kCE, 26000, 75, {quote(open, 62, 63)});
  day.contract(kTue, kPE, 26000, 75, {quote(open, 46, 47)});
  day.contract(kTue, kCE, 25000, 75, {quote(open, 1000, 1004)});  // below F - K = 1016
  day.contract(kTue, kCE, 24000, 75, {quote(open, 27000, 27010)});  // above the discounted forward
  day.contract(kTue, kCE, 26500, 75, {quote(day.at(9, 40, 0), 5, 6)});
  day.spot(day.at(9, 20, 0), 26010);
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  const ChainGreeks parity(view, black76_parity(0));
  GreeksConfig futures_config;
  futures_config.forward = ForwardSource::kFutures;
  const ChainGreeks futures(view, futures_config);
  GreeksConfig spot_config;
  spot_config.model = Model::kBlackScholes;
  const ChainGreeks spot(view, spot_config);

  view.advance_to(day.at(9, 15, 30));  // no spot yet
  EXPECT_EQ(parity.underlying(kTue).status, GreeksStatus::kNoSpot);
  EXPECT_EQ(parity.option({kTue, kCE, 26000}).status, GreeksStatus::kNoSpot);
  EXPECT_EQ(spot.option({kTue, kCE, 26000}).status, GreeksStatus::kNoSpot);
  EXPECT_EQ(futures.option({kTue, kCE, 26000}).status, GreeksStatus::kNoForward);  // no futures in the day
  EXPECT_TRUE(std::isnan(futures.underlying(kTue).price));

  view.advance_to(day.at(9, 30, 0));
  const OptionGreeks not_printed = parity.option({kTue, kCE, 26500});
  EXPECT_EQ(not_printed.status, GreeksStatus::kNoQuote);
  EXPECT_TRUE(std::isnan(not_printed.premium));
  expect_no_numbers(not_printed);
  EXPECT_EQ(parity.option({kTue, kCE, 30000}).status, GreeksStatus::kNoQuote);  // not in the data

  const OptionGreeks below = parity.option({kTue, kCE, 25000});
  EXPECT_EQ(below.status, GreeksStatus::kAtOrBelowIntrinsic);
  EXPECT_EQ(below.premium, 1002);
  EXPECT_EQ(below.underlying, 26016);
  expect_no_numbers(below);
  EXPECT_EQ(parity.option({kTue, kCE, 24000}).status, GreeksStatus::kAtOrAboveUpperBound);
  EXPECT_EQ(parity.option({kTue, kCE, 26000}).status, GreeksStatus::kOk);

  // 15:30 of expiry day: no time left.
  MicroDay expiry_day(kTue, "NIFTY");
  expiry_day.spot(expiry_day.at(9, 15, 0), 26010);
  expiry_day.contract(kTue, kCE, 26000, 75, {quote(expiry_day.at(9, 15, 0), 12, 13)});
  expiry_day.contract(kTue, kPE, 26000, 75, {quote(expiry_day.at(9, 15, 0), 2, 3)});
  const market::DayTape expiry_tape = expiry_day.tape();
  MarketView expiry_view(expiry_tape);
  const ChainGreeks at_close(expiry_view, black76_parity(0));
  expiry_view.advance_to(expiry_day.at(15, 29, 59));
  EXPECT_EQ(at_close.years(kTue), 1 / (365.0 * 86400));
  EXPECT_EQ(at_close.option({kTue, kCE, 26000}).status, GreeksStatus::kOk);
  expiry_view.advance_to(expiry_day.at(15, 30, 0));
  EXPECT_EQ(at_close.years(kTue), 0);
  const OptionGreeks expired = at_close.option({kTue, kCE, 26000});
  EXPECT_EQ(expired.status, GreeksStatus::kExpired);
  expect_no_numbers(expired);
}

TEST(ChainGreeks, NoStrikeWithBothMidsIsNoForward) {
  MicroDay day(kMon, "NIFTY");
  const auto open = day.at(9, 15, 0);
  day.spot(open, 26010);
  day.contract(kTue, kCE, 26000, 75, {quote(open, 62, 63)});
  day.contract(kTue, kPE, 26050, 75, {quote(open, 70, 71)});  // no strike has both types
  day.contract(kTue, kCE, 26100, 75, {quote(open, 20, 21)});
  day.contract(kTue, kPE, 26100, 75, {quote(open, 26200, 26300)});  // a put above its strike: broken
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  view.advance_to(day.at(9, 20, 0));
  const ChainGreeks greeks(view, black76_parity());
  EXPECT_EQ(greeks.underlying(kTue).status, GreeksStatus::kNoForward);
  EXPECT_EQ(greeks.option({kTue, kCE, 26000}).status, GreeksStatus::kNoForward);
  EXPECT_EQ(greeks.option({kTue, kCE, 26000}).premium, 62.5);
}

TEST(ChainGreeks, ACachedAnswerCostsNothingUntilTheClockMoves) {
  const MicroDay day = chain_day();
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  view.advance_to(day.at(9, 30, 0));
  const ChainGreeks greeks(view, black76_parity());
  EXPECT_EQ(greeks.solves(), 0u);
  const OptionGreeks first = greeks.option({kTue, kCE, 26050});
  EXPECT_EQ(greeks.solves(), 1u);
  const OptionGreeks again = greeks.option({kTue, kCE, 26050});
  EXPECT_EQ(greeks.solves(), 1u);
  EXPECT_EQ(again.iv, first.iv);
  greeks.option({kTue, kPE, 26050});
  EXPECT_EQ(greeks.solves(), 2u);
  greeks.underlying(kTue);  // the forward needs no solve
  EXPECT_EQ(greeks.solves(), 2u);
  view.advance_to(day.at(9, 30, 1));
  const OptionGreeks next_second = greeks.option({kTue, kCE, 26050});
  EXPECT_EQ(greeks.solves(), 3u);
  EXPECT_LT(next_second.years, first.years);  // a second less to expiry
  EXPECT_GT(next_second.iv, first.iv);        // the same premium over less time
}

TEST(ChainGreeks, StrikeByDeltaIsTheVisibleStrikeNearestTheTarget) {
  MicroDay day = chain_day();
  const auto open = day.at(9, 15, 0);
  day.contract(kTue, kCE, 26150, 75, {quote(open, 10, 11)});
  day.contract(kTue, kCE, 26200, 75, {quote(open, 4, 4.5)});
  day.contract(kTue, kCE, 26250, 75, {{open, {}, {{2, 100}}, 2, 0, 0}});  // ask only: no Greeks
  day.contract(kTue, kCE, 26300, 75, {quote(day.at(10, 0, 1), 1, 1.5)});  // prints after now
  const market::DayTape tape = day.tape();
  MarketView view(tape);
  view.advance_to(day.at(10, 0, 0));
  const ChainGreeks greeks(view, black76_parity());
  std::vector<double> deltas;
  for (const int strike : {25950, 26000, 26050, 26100, 26150, 26200}) {
    const OptionGreeks g = greeks.option({kTue, kCE, strike});
    ASSERT_TRUE(g.ok()) << strike;
    deltas.push_back(g.delta);
  }
  for (std::size_t i = 1; i < deltas.size(); ++i) EXPECT_LT(deltas[i], deltas[i - 1]);  // falls with the strike
  EXPECT_EQ(greeks.strike_by_delta(kTue, kCE, deltas[3]), 26100);
  EXPECT_EQ(greeks.strike_by_delta(kTue, kCE, 0.999 * deltas[3] + 0.001 * deltas[4]), 26100);
  EXPECT_EQ(greeks.strike_by_delta(kTue, kCE, 0.4 * deltas[3] + 0.6 * deltas[4]), 26150);
  EXPECT_EQ(greeks.strike_by_delta(kTue, kCE, 0.5), 26000);  // ITM side of spot 26010: the 0.5 may be either
  EXPECT_EQ(greeks.strike_by_delta(kTue, kCE, 0.0), 26200);  // 26250 has no mid, 26300 has not printed
  EXPECT_EQ(greeks.strike_by_delta(kTue, kCE, 1.0), 25950);
  // Puts by |delta|.
  const double put_delta = greeks.option({kTue, kPE, 25950}).delta;
  ASSERT_LT(put_delta, 0);
  EXPECT_EQ(greeks.strike_by_delta(kTue, kPE, -put_delta), 25950);
  EXPECT_EQ(greeks.strike_by_delta(kMonthly, kCE, 0.25), std::nullopt);  // no such chain
}

// Everything an answer is made of, bit for bit (NaN equals NaN), for
// comparing two views.
std::vector<std::uint64_t> answer(const ChainGreeks& greeks, const OptionKey& key) {
  const OptionGreeks g = greeks.option(key);
  const PricingUnderlying u = greeks.underlying(key.expiry);
  std::vector<std::uint64_t> bits{std::uint64_t(g.status), std::uint64_t(g.quote_age_seconds),
                                  std::uint64_t(u.parity_strike)};
  for (const double x : {g.premium, g.underlying, g.years, g.iv, g.delta, g.gamma, g.theta, g.vega, u.price}) {
    bits.push_back(std::bit_cast<std::uint64_t>(x));
  }
  return bits;
}

TEST(ChainGreeks, ALaterQuoteNeverChangesAnEarlierAnswer) {
  const MicroDay day = chain_day();
  const MicroDay with_later_rows = chain_day(true);
  const market::DayTape early = day.tape();
  const market::DayTape late = with_later_rows.tape();
  MarketView early_view(early), late_view(late);
  early_view.advance_to(day.at(10, 0, 0));
  late_view.advance_to(day.at(10, 0, 0));
  const ChainGreeks early_greeks(early_view, black76_parity()), late_greeks(late_view, black76_parity());
  for (const OptionKey& key : {OptionKey{kTue, kCE, 26050}, OptionKey{kTue, kPE, 25950}, OptionKey{kTue, kCE, 26300}}) {
    EXPECT_EQ(answer(early_greeks, key), answer(late_greeks, key));
  }
  EXPECT_EQ(late_greeks.option({kTue, kCE, 26300}).status, GreeksStatus::kNoQuote);
  EXPECT_EQ(late_greeks.strike_by_delta(kTue, kCE, 0.0), 26100);

  // The next second sees the later rows, in the cache too.
  late_view.advance_to(day.at(10, 0, 1));
  EXPECT_EQ(late_greeks.option({kTue, kCE, 26050}).premium, 77);
  EXPECT_EQ(late_greeks.underlying(kTue).parity_strike, 26100);  // nearest spot 26200 with both mids
  EXPECT_EQ(late_greeks.strike_by_delta(kTue, kCE, 0.0), 26300);
}

TEST(ChainGreeks, AStrategyAsksThroughItsContextUnderItsOwnConfig) {
  const MicroDay day = chain_day();
  const market::DayTape tape = day.tape();
  std::vector<OptionGreeks> seen;
  std::size_t quiet_solves = 99;
  StrategySpec asking = testing::scripted("asking", [&](StrategyContext& ctx) {
    if (ctx.market().now() == day.at(10, 0, 0)) {
      seen.push_back(ctx.greeks().option({kTue, kCE, 26050}));
      seen.push_back(ctx.greeks().option({kTue, kCE, 26050}));
      EXPECT_EQ(ctx.greeks().solves(), 1u);
    }
  });
  asking.info.greeks.model = Model::kBlackScholes;
  asking.info.greeks.rate = 0.05;
  StrategySpec quiet = testing::scripted("quiet", [&](StrategyContext& ctx) { quiet_solves = ctx.greeks().solves(); });
  run_day({asking, quiet}, tape);
  ASSERT_EQ(seen.size(), 2u);
  const double years = pricing::years_to_expiry(day.at(10, 0, 0), kTue, TimeBasis::kCalendar);
  expect_priced(seen[0], {Model::kBlackScholes, kCE, 26010, 26050, years, 0.05, 0}, 38.5);
  EXPECT_EQ(seen[1].iv, seen[0].iv);
  EXPECT_EQ(quiet_solves, 0u);  // a strategy that never asks pays nothing
}

TEST(ChainGreeks, AConfigNoOptionCanBePricedUnderIsAnError) {
  const market::DayTape tape = chain_day().tape();
  MarketView view(tape);
  GreeksConfig config;
  config.dividend = 0.01;  // under Black-76
  EXPECT_THROW(ChainGreeks(view, config), Error);
  config.model = Model::kBlackScholes;
  config.rate = std::nan("");
  EXPECT_THROW(ChainGreeks(view, config), Error);
}

}  // namespace
}  // namespace tapelab::engine
