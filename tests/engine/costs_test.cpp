// Order costs by both models, in rupees worked out by hand from the dated
// rates of docs/costs.md: a trade in each rate era and every date a rate changed.
#include <gtest/gtest.h>

#include "engine/costs.h"
#include "engine/runner.h"
#include "micro_day.h"
#include "util/error.h"

namespace tapelab::engine {
namespace {

using domain::Date;

CostConfig statutory() {
  CostConfig c;
  c.model = CostConfig::Model::kStatutory;
  return c;
}

TEST(Costs, FlatIsTheSameForEveryOrder) {
  const CostConfig flat;
  EXPECT_EQ(order_costs(flat, Date::from_ymd(2025, 1, 2), Side::kSell, 100, 75).total(), 5);
  EXPECT_EQ(order_costs(flat, Date::from_ymd(2025, 1, 2), Side::kBuy, 3, 1500).total(), 5);
}

// One order's charges, each worked out by hand in the test that states it.
struct Expected {
  double stt, exchange, sebi, stamp, gst, total;
};

void expect_costs(const OrderCosts& got, const Expected& want) {
  EXPECT_DOUBLE_EQ(got.brokerage, 20);
  EXPECT_NEAR(got.stt, want.stt, 1e-9);
  EXPECT_NEAR(got.exchange, want.exchange, 1e-9);
  EXPECT_NEAR(got.sebi, want.sebi, 1e-9);
  EXPECT_NEAR(got.stamp, want.stamp, 1e-9);
  EXPECT_NEAR(got.gst, want.gst, 1e-9);
  EXPECT_NEAR(got.total(), want.total, 1e-9);
}

// Every dated test below sells 75 units at Rs 100 (premium Rs 7,500) and buys
// 75 at Rs 80 (Rs 6,000), brokerage Rs 20 an order; rates from data/cost_rates.csv.
OrderCosts sell_75_at_100(Date d) { return order_costs(statutory(), d, Side::kSell, 100, 75); }
OrderCosts buy_75_at_80(Date d) { return order_costs(statutory(), d, Side::kBuy, 80, 75); }

TEST(Costs, A2019TradePaysMaharashtraStampOnBothSidesAndTheOldSebiFee) {
  // STT 0.05%, NSE 0.05%, SEBI Rs 15/crore, stamp 0.002% both sides.
  // Sell: STT 3.75, NSE 3.75, SEBI 7500 x 15 / 1e7 = 0.01125, stamp 0.15,
  //   GST 18% of (20 + 3.75 + 0.01125) = 4.277025; total 31.938275.
  expect_costs(sell_75_at_100(Date::from_ymd(2019, 3, 7)), {3.75, 3.75, 0.01125, 0.15, 4.277025, 31.938275});
  // Buy: NSE 3.0, SEBI 0.009, stamp 0.12, GST 18% of 23.009 = 4.14162; total 27.27062.
  expect_costs(buy_75_at_80(Date::from_ymd(2019, 3, 7)), {0, 3.0, 0.009, 0.12, 4.14162, 27.27062});
}

TEST(Costs, A2022TradePaysTheRaisedNseChargeAndBuySideStampOnly) {
  // STT 0.05%, NSE 0.053% (6% up from Jan 2021), SEBI Rs 10/crore, stamp 0.003% on buys.
  // Sell: STT 3.75, NSE 3.975, SEBI 0.0075, no stamp, GST 18% of 23.9825 = 4.31685; total 32.04935.
  expect_costs(sell_75_at_100(Date::from_ymd(2022, 6, 16)), {3.75, 3.975, 0.0075, 0, 4.31685, 32.04935});
  // Buy: NSE 3.18, SEBI 0.006, stamp 0.18, GST 18% of 23.186 = 4.17348; total 27.53948.
  expect_costs(buy_75_at_80(Date::from_ymd(2022, 6, 16)), {0, 3.18, 0.006, 0.18, 4.17348, 27.53948});
}

TEST(Costs, AMid2023TradePaysTheFinanceAct2023Stt) {
  // STT 0.0625%, NSE 0.0495%, SEBI Rs 10/crore, stamp 0.003% on buys.
  // Sell: STT 4.6875, NSE 3.7125, SEBI 0.0075, GST 18% of 23.72 = 4.2696; total 32.6771.
  expect_costs(sell_75_at_100(Date::from_ymd(2023, 7, 13)), {4.6875, 3.7125, 0.0075, 0, 4.2696, 32.6771});
  // Buy: NSE 2.97, SEBI 0.006, stamp 0.18, GST 18% of 22.976 = 4.13568; total 27.29168.
  expect_costs(buy_75_at_80(Date::from_ymd(2023, 7, 13)), {0, 2.97, 0.006, 0.18, 4.13568, 27.29168});
}

TEST(Costs, AnOctober2024TradePaysTheUniformNseCharge) {
  // STT 0.1%, NSE 0.03503%, SEBI Rs 10/crore, stamp 0.003% on buys.
  // Sell: STT 7.5, NSE 2.62725, SEBI 0.0075, GST 18% of 22.63475 = 4.074255; total 34.209005.
  expect_costs(sell_75_at_100(Date::from_ymd(2024, 10, 3)), {7.5, 2.62725, 0.0075, 0, 4.074255, 34.209005});
  // Buy: NSE 2.1018, SEBI 0.006, stamp 0.18, GST 18% of 22.1078 = 3.979404; total 26.267204.
  expect_costs(buy_75_at_80(Date::from_ymd(2024, 10, 3)), {0, 2.1018, 0.006, 0.18, 3.979404, 26.267204});
}

TEST(Costs, AnApril2026TradePaysTheFinanceAct2026Stt) {
  // STT 0.15%; the rest as in Oct 2024. Sell: 20 + 11.25 + 2.62725 + 0.0075 + 4.074255 = 37.959005.
  expect_costs(sell_75_at_100(Date::from_ymd(2026, 4, 7)), {11.25, 2.62725, 0.0075, 0, 4.074255, 37.959005});
  expect_costs(buy_75_at_80(Date::from_ymd(2026, 4, 7)), {0, 2.1018, 0.006, 0.18, 3.979404, 26.267204});
}

TEST(Costs, EachRateChangesOnItsEffectiveDate) {
  // STT on a Rs 7,500 sale: 0.05% = 3.75 to 31 Mar 2023, 0.0625% = 4.6875 from 1 Apr 2023,
  // 0.1% = 7.5 from 1 Oct 2024, 0.15% = 11.25 from 1 Apr 2026.
  EXPECT_DOUBLE_EQ(sell_75_at_100(Date::from_ymd(2023, 3, 31)).stt, 3.75);
  EXPECT_DOUBLE_EQ(sell_75_at_100(Date::from_ymd(2023, 4, 1)).stt, 4.6875);
  EXPECT_DOUBLE_EQ(sell_75_at_100(Date::from_ymd(2024, 9, 30)).stt, 4.6875);
  EXPECT_DOUBLE_EQ(sell_75_at_100(Date::from_ymd(2024, 10, 1)).stt, 7.5);
  EXPECT_DOUBLE_EQ(sell_75_at_100(Date::from_ymd(2026, 3, 31)).stt, 7.5);
  EXPECT_DOUBLE_EQ(sell_75_at_100(Date::from_ymd(2026, 4, 1)).stt, 11.25);
  // NSE on Rs 7,500: 0.05% = 3.75 in 2020, 0.053% = 3.975 from 1 Jan 2021,
  // 0.0495% = 3.7125 from 1 Apr 2023, 0.03503% = 2.62725 from 1 Oct 2024.
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2020, 12, 31)).exchange, 3.75, 1e-12);
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2021, 1, 1)).exchange, 3.975, 1e-12);
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2023, 3, 31)).exchange, 3.975, 1e-12);
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2023, 4, 1)).exchange, 3.7125, 1e-12);
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2024, 9, 30)).exchange, 3.7125, 1e-12);
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2024, 10, 1)).exchange, 2.62725, 1e-12);
  // SEBI on Rs 7,500: Rs 15/crore = 0.01125 to 31 Mar 2019, Rs 10 = 0.0075,
  // halved to Rs 5 = 0.00375 from Jun 2020 to Mar 2021.
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2019, 3, 29)).sebi, 0.01125, 1e-12);
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2019, 4, 1)).sebi, 0.0075, 1e-12);
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2020, 6, 1)).sebi, 0.00375, 1e-12);
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2021, 3, 31)).sebi, 0.00375, 1e-12);
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2021, 4, 1)).sebi, 0.0075, 1e-12);
  // Stamp: Maharashtra 0.002% of both sides until 30 Jun 2020 (0.15 on the
  // sale, 0.12 on Rs 6,000 bought), then 0.003% of the buy side only (0.18).
  EXPECT_NEAR(sell_75_at_100(Date::from_ymd(2020, 6, 30)).stamp, 0.15, 1e-12);
  EXPECT_NEAR(buy_75_at_80(Date::from_ymd(2020, 6, 30)).stamp, 0.12, 1e-12);
  EXPECT_DOUBLE_EQ(sell_75_at_100(Date::from_ymd(2020, 7, 1)).stamp, 0);
  EXPECT_NEAR(buy_75_at_80(Date::from_ymd(2020, 7, 1)).stamp, 0.18, 1e-12);
}

TEST(Costs, ExerciseSttIsChargedOnTheIntrinsicValueAtItsDatedRate) {
  // 75 units settled Rs 50 in the money: intrinsic value Rs 3,750.
  // 0.125% = 4.6875 until 31 Mar 2026, 0.15% = 5.625 from 1 Apr 2026.
  EXPECT_DOUBLE_EQ(settlement_costs(statutory(), Date::from_ymd(2019, 3, 7), Side::kBuy, 50, 75).stt, 4.6875);
  EXPECT_DOUBLE_EQ(settlement_costs(statutory(), Date::from_ymd(2026, 3, 31), Side::kBuy, 50, 75).stt, 4.6875);
  EXPECT_DOUBLE_EQ(settlement_costs(statutory(), Date::from_ymd(2026, 4, 1), Side::kBuy, 50, 75).stt, 5.625);
  EXPECT_DOUBLE_EQ(settlement_costs(statutory(), Date::from_ymd(2026, 4, 1), Side::kBuy, 50, 75).total(), 5.625);
  EXPECT_DOUBLE_EQ(settlement_costs(statutory(), Date::from_ymd(2026, 4, 1), Side::kBuy, 0, 75).total(), 0);
  EXPECT_DOUBLE_EQ(settlement_costs(CostConfig{}, Date::from_ymd(2026, 4, 1), Side::kBuy, 50, 75).total(), 0);
}

TEST(Costs, RateTablesAreCheckedAndDatesBeforeTheTableAreErrors) {
  const std::string header =
      "effective_from,stt_sell_pct,stt_exercise_pct,exchange_pct,sebi_per_crore,stamp_buy_pct,stamp_sell_pct,gst_pct,"
      "source\n";
  const auto parsed = parse_statutory_rates(header + "2024-10-01,0.1,0.125,0.035,10,0.003,0,18,b\n"
                                            "2019-01-01,0.05,0.125,0.05,15,0.002,0.002,18,a\n", "t.csv");
  EXPECT_EQ(parsed[0].stt_sell_pct, 0.05);
  EXPECT_EQ(parsed[0].stamp_sell_pct, 0.002);
  EXPECT_EQ(parsed[1].stt_exercise_pct, 0.125);
  EXPECT_THROW(parse_statutory_rates(header + "2019-01-01,x,0.125,0.05,10,0.003,0,18,a\n", "t.csv"), Error);
  EXPECT_THROW(parse_statutory_rates(header + "2019-01-01,1,1,1,1,1,1,1,a\n2019-01-01,1,1,1,1,1,1,1,b\n", "t.csv"),
               Error);
  EXPECT_THROW(parse_statutory_rates(header + "2019-01-01,1,1,1,1,1,1,1,\n", "t.csv"), Error);  // no source
  EXPECT_THROW(parse_statutory_rates(header, "t.csv"), Error);
  EXPECT_THROW(statutory_rates(Date::from_ymd(2018, 12, 31)), Error);
}

TEST(Costs, ATradeCarriesTheCostsOfItsEntryAndExitOrders) {
  testing::MicroDay day(Date::from_ymd(2024, 10, 1), "NIFTY");
  const Date expiry = Date::from_ymd(2024, 10, 3);
  const OptionKey call{expiry, domain::OptionType::kCall, 26000};
  day.contract(expiry, call.type, call.strike, 25,
               {testing::quote(day.at(9, 15, 0), 100, 101), testing::quote(day.at(9, 16, 0), 79, 80)});
  ExecutionConfig execution;
  execution.costs = statutory();
  const RunRecords r = run_day({testing::scripted("s", [&](StrategyContext& ctx) {
                                 if (ctx.market().now() == day.at(9, 15, 0)) {
                                   ctx.submit(testing::order(call, Side::kSell, 3));
                                 } else if (ctx.market().now() == day.at(9, 16, 0)) {
                                   ctx.submit(testing::order(call, Side::kBuy, 3, ctx.open_legs()[0].structure_id));
                                 }
                               }, execution)},
                               day.tape());
  ASSERT_EQ(r.trades.size(), 1u);
  // 1 Oct 2024: the sale of 75 at 100 costs 34.209005 and the buy of 75 at 80
  // 26.267204 (worked out in AnOctober2024TradePaysTheUniformNseCharge).
  const double sell = 34.209005, buy = 26.267204;
  EXPECT_NEAR(r.trades[0].costs, sell + buy, 1e-9);
  EXPECT_DOUBLE_EQ(r.trades[0].gross_rupees, 1500);
  EXPECT_NEAR(r.trades[0].net, 1500 - sell - buy, 1e-9);
  EXPECT_NEAR(r.orders[0].costs, sell, 1e-9);
  EXPECT_NEAR(r.days[0].net, 1500 - sell - buy, 1e-9);
}

}  // namespace
}  // namespace tapelab::engine
