// Order costs by both models, in rupees computed by hand from the rates in
// source-data.md, including the dates STT on option sales changed.
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

TEST(Costs, StatutorySellBeforeAndAfterTheSttChanges) {
  // Sell 75 units at Rs 100: premium Rs 7,500.
  //   exchange 0.0355% = 2.6625, SEBI 10 per crore = 0.0075,
  //   GST 18% of (20 + 2.6625 + 0.0075) = 4.08060
  const OrderCosts before = order_costs(statutory(), Date::from_ymd(2024, 9, 30), Side::kSell, 100, 75);
  EXPECT_DOUBLE_EQ(before.brokerage, 20);
  EXPECT_DOUBLE_EQ(before.stt, 4.6875);  // 0.0625%
  EXPECT_DOUBLE_EQ(before.exchange, 2.6625);
  EXPECT_DOUBLE_EQ(before.sebi, 0.0075);
  EXPECT_DOUBLE_EQ(before.stamp, 0);
  EXPECT_NEAR(before.gst, 4.0806, 1e-9);
  EXPECT_NEAR(before.total(), 31.4381, 1e-9);
  const OrderCosts after = order_costs(statutory(), Date::from_ymd(2024, 10, 1), Side::kSell, 100, 75);
  EXPECT_DOUBLE_EQ(after.stt, 7.5);  // 0.1%
  EXPECT_NEAR(after.total(), 34.2506, 1e-9);
  EXPECT_DOUBLE_EQ(order_costs(statutory(), Date::from_ymd(2026, 3, 31), Side::kSell, 100, 75).stt, 7.5);
  EXPECT_DOUBLE_EQ(order_costs(statutory(), Date::from_ymd(2026, 4, 1), Side::kSell, 100, 75).stt, 11.25);  // 0.15%
}

TEST(Costs, StatutoryBuyPaysStampDutyAndNoStt) {
  const OrderCosts buy = order_costs(statutory(), Date::from_ymd(2025, 6, 2), Side::kBuy, 100, 75);
  EXPECT_DOUBLE_EQ(buy.stt, 0);
  EXPECT_DOUBLE_EQ(buy.stamp, 0.225);  // 0.003% of 7,500
  EXPECT_NEAR(buy.total(), 20 + 2.6625 + 0.0075 + 0.225 + 4.0806, 1e-9);
  CostConfig cheaper = statutory();
  cheaper.brokerage_per_order = 0;
  EXPECT_NEAR(order_costs(cheaper, Date::from_ymd(2025, 6, 2), Side::kBuy, 100, 75).gst, 0.18 * 2.67, 1e-9);
}

TEST(Costs, RateTablesAreCheckedAndDatesBeforeTheTableAreErrors) {
  const char* header = "effective_from,stt_sell_pct,exchange_pct,sebi_per_crore,stamp_buy_pct,gst_pct,note\n";
  EXPECT_EQ(parse_statutory_rates(std::string(header) + "2024-10-01,0.1,0.0355,10,0.003,18,b\n"
                                  "2019-01-01,0.0625,0.0355,10,0.003,18,a\n", "t.csv")[0].stt_sell_pct, 0.0625);
  EXPECT_THROW(parse_statutory_rates(std::string(header) + "2019-01-01,x,0.0355,10,0.003,18,a\n", "t.csv"), Error);
  EXPECT_THROW(parse_statutory_rates(std::string(header) + "2019-01-01,1,1,1,1,1,a\n2019-01-01,1,1,1,1,1,b\n", "t.csv"),
               Error);
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
  const double sell = order_costs(execution.costs, day.date(), Side::kSell, 100, 75).total();
  const double buy = order_costs(execution.costs, day.date(), Side::kBuy, 80, 75).total();
  EXPECT_DOUBLE_EQ(r.trades[0].costs, sell + buy);
  EXPECT_DOUBLE_EQ(r.trades[0].gross_rupees, 1500);
  EXPECT_DOUBLE_EQ(r.trades[0].net, 1500 - sell - buy);
  EXPECT_DOUBLE_EQ(r.orders[0].costs, sell);
  EXPECT_DOUBLE_EQ(r.days[0].net, 1500 - sell - buy);
}

}  // namespace
}  // namespace tapelab::engine
