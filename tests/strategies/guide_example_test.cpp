// The worked example of docs/strategy-guide.md#writing-a-strategy: a
// strategy written directly against the engine's interface, run on a
// hand-built day whose one trade is known in advance. The guide points here,
// so the example always compiles and always does what the guide says.
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "engine/runner.h"
#include "engine/strategy.h"
#include "strategies/clock.h"
#include "strategies/micro_day.h"

namespace tapelab::strategies {
namespace {

using domain::OptionType;
using engine::ExitReason;
using engine::OptionKey;
using engine::StrategyContext;
using testing::at;
using testing::MicroDay;

// At 10:00, when spot is above where it opened, sell one lot of the ATM call
// of the nearest expiry; buy it back when its mid doubles (stop) or at 14:00.
class MorningCallSeller final : public engine::Strategy {
 public:
  void on_second(StrategyContext& ctx) override {
    const engine::MarketView& market = ctx.market();
    const auto spot = market.spot();
    if (!spot) return;
    if (!opening_spot_) opening_spot_ = spot->price;  // the first value the clock saw: the past only
    const std::int32_t second = second_of_day(market.now());
    if (!sold_ && second == at(10, 0) && spot->price > *opening_spot_) return sell(ctx);
    if (!sold_ || ctx.open_legs().empty() || closing_) return;
    const auto mid = ctx.mark(*sold_, engine::MarkModel::kMid);
    if (mid && *mid >= 2 * entry_price_) return buy_back(ctx, ExitReason::kStop);
    if (second == at(14, 0)) buy_back(ctx, ExitReason::kTime);
  }

 private:
  void sell(StrategyContext& ctx) {
    const engine::MarketView& market = ctx.market();
    const auto expiry = market.expiry(engine::ExpiryChoice{});
    if (!expiry) return;
    const auto strike = market.atm_strike(*expiry, OptionType::kCall, engine::AtmConvention::kNearest);
    if (!strike) return;
    engine::OrderRequest order;
    order.key = OptionKey{*expiry, OptionType::kCall, *strike};
    order.side = engine::Side::kSell;
    const engine::OrderResult fill = ctx.submit(order);
    if (!fill.filled) return ctx.log("10:00 call not sold: " + std::string(engine::to_string(fill.reason)));
    sold_ = order.key;
    entry_price_ = fill.price;
  }

  void buy_back(StrategyContext& ctx, ExitReason why) {
    // Unfilled (no quote), the engine tries again at the leg's next quote;
    // the square-off is the backstop.
    ctx.close(ctx.open_legs().front(), 1, why);
    closing_ = true;
  }

  std::optional<double> opening_spot_;
  std::optional<OptionKey> sold_;
  double entry_price_ = 0;
  bool closing_ = false;
};

engine::StrategySpec morning_call_seller() {
  engine::StrategySpec spec;
  spec.info.name = "morning-call";
  spec.info.description = "sell the ATM call at 10:00 on an up morning";
  // Marks and fills go through the context, and the engine loads what they
  // need: the strategy reads no column of its own, only the nearest expiry.
  spec.needs.expiries = 1;
  spec.make = [] { return std::make_unique<MorningCallSeller>(); };
  return spec;
}

TEST(GuideExample, SellsOnAnUpMorningAndStopsWhenTheCallDoubles) {
  MicroDay day;
  day.spot(0, 26000).spot(at(9, 45), 26040);  // up from the open by 10:00: ATM 26050
  day.quote(OptionType::kCall, 26050, 0, 80, 81);
  day.quote(OptionType::kCall, 26050, at(11, 0), 150, 152);  // mid 151 < 160: not yet
  day.quote(OptionType::kCall, 26050, at(11, 30), 160, 162);  // mid 161 >= 2 x 80
  const engine::RunRecords r = engine::run_day({morning_call_seller()}, day.build());
  ASSERT_EQ(r.trades.size(), 1u);
  const engine::TradeRecord& t = r.trades[0];
  EXPECT_EQ(t.key.strike, 26050);
  EXPECT_EQ(t.side, engine::Side::kSell);
  EXPECT_DOUBLE_EQ(t.entry_price, 80);   // sold at the bid
  EXPECT_DOUBLE_EQ(t.exit_price, 162);   // bought back at the ask
  EXPECT_EQ(t.exit_reason, ExitReason::kStop);
  EXPECT_EQ(second_of_day(t.exit_time), at(11, 30));
  EXPECT_DOUBLE_EQ(t.gross_rupees, (80.0 - 162) * MicroDay::kLotSize);
  EXPECT_DOUBLE_EQ(t.costs, 10);  // Rs 5 per order by default
}

TEST(GuideExample, StaysOutOnADownMorningAndLeavesAtTwoOtherwise) {
  MicroDay down;
  down.spot(0, 26000).spot(at(9, 45), 25960);
  down.quote(OptionType::kCall, 25950, 0, 80, 81).quote(OptionType::kCall, 26000, 0, 60, 61);
  EXPECT_TRUE(engine::run_day({morning_call_seller()}, down.build()).trades.empty());

  MicroDay calm;
  calm.spot(0, 26000).spot(at(9, 45), 26010);
  calm.quote(OptionType::kCall, 26000, 0, 80, 81).quote(OptionType::kCall, 26000, at(12, 0), 70, 71);
  const engine::RunRecords r = engine::run_day({morning_call_seller()}, calm.build());
  ASSERT_EQ(r.trades.size(), 1u);
  EXPECT_EQ(r.trades[0].exit_reason, ExitReason::kTime);
  EXPECT_EQ(second_of_day(r.trades[0].exit_time), at(14, 0));
  EXPECT_DOUBLE_EQ(r.trades[0].exit_price, 71);
}

}  // namespace
}  // namespace tapelab::strategies
