// The intraday path (engine::IntradayRecord, intraday.csv): a point at every
// whole minute, open legs at the run's mark model, a minute without a mark
// held at the last one, the day's last point equal to its net, and recording
// it leaves every other record as it was.
#include <stdexcept>

#include <gtest/gtest.h>

#include "engine/day_session.h"
#include "engine/runner.h"
#include "micro_day.h"

namespace tapelab::engine {
namespace {

using domain::Date;
using domain::OptionType;
using testing::MicroDay;
using testing::quote;
using testing::scripted;
using testing::sell;

const Date kDay = Date::from_ymd(2025, 11, 18);
const Date kExpiry = Date::from_ymd(2025, 11, 25);
const OptionKey kCall{kExpiry, OptionType::kCall, 26000};

// The call quotes 100/101 to 09:17, then 110/111; at 09:19 its book is
// crossed (112/111), and after that it never quotes again.
MicroDay day_with_a_sold_call() {
  MicroDay day(kDay, "NIFTY");
  day.spot(day.at(9, 15, 0), 26'000);
  day.contract(kExpiry, OptionType::kCall, 26000, 75,
               {quote(day.at(9, 15, 0), 100, 101), quote(day.at(9, 16, 0), 100, 101),
                quote(day.at(9, 17, 0), 110, 111), quote(day.at(9, 19, 0), 112, 111)});
  return day;
}

StrategySpec sells_the_call_at(const MicroDay& day) {
  const domain::WallNanos when = day.at(9, 16, 0);
  return scripted("short call", [when](StrategyContext& ctx) {
    if (ctx.market().now() == when) ctx.submit(sell(kCall));
  });
}

const IntradayPoint& point_at(const IntradayRecord& record, domain::WallNanos time) {
  for (const IntradayPoint& p : record.points) {
    if (p.time == time) return p;
  }
  throw std::runtime_error("no point at that time");
}

TEST(Intraday, ASoldLegIsMarkedEveryMinuteAtTheMidAndHeldWithoutAMark) {
  const MicroDay day = day_with_a_sold_call();
  const RunRecords r = run_day({sells_the_call_at(day)}, day.tape());
  ASSERT_EQ(r.intraday.size(), 1u);
  const IntradayRecord& record = r.intraday[0];
  EXPECT_EQ(record.strategy, "short call");
  EXPECT_EQ(record.date, kDay);
  EXPECT_EQ(record.underlying, "NIFTY");
  ASSERT_EQ(record.points.size(), 376u) << "09:15 to 15:30, every whole minute";
  EXPECT_EQ(record.points.front().time, day.at(9, 15, 0));
  EXPECT_EQ(record.points.back().time, day.at(15, 30, 0));

  const IntradayPoint& before = point_at(record, day.at(9, 15, 0));
  EXPECT_EQ(before.open_legs, 0);
  EXPECT_EQ(before.realized + before.unrealized, 0);
  // Sold at the bid 100 with Rs 5 costs; the mid 100.5 marks it 0.5 against.
  const IntradayPoint& sold = point_at(record, day.at(9, 16, 0));
  EXPECT_EQ(sold.open_legs, 1);
  EXPECT_EQ(sold.unmarked_legs, 0);
  EXPECT_DOUBLE_EQ(sold.unrealized, -0.5 * 75 - 5);
  const IntradayPoint& risen = point_at(record, day.at(9, 17, 0));
  EXPECT_DOUBLE_EQ(risen.unrealized, -10.5 * 75 - 5);
  // 09:18: the 09:17 quote is 60 s old, past the 30 s limit; 09:19: the book
  // is crossed. Both hold the last mark.
  for (const auto time : {day.at(9, 18, 0), day.at(9, 19, 0)}) {
    const IntradayPoint& held = point_at(record, time);
    EXPECT_EQ(held.unmarked_legs, 1);
    EXPECT_DOUBLE_EQ(held.unrealized, risen.unrealized);
  }
}

TEST(Intraday, TheDaysLastPointIsItsNetWithNothingOpen) {
  const MicroDay day = day_with_a_sold_call();
  const RunRecords r = run_day({sells_the_call_at(day)}, day.tape());
  ASSERT_EQ(r.trades.size(), 1u);
  ASSERT_EQ(r.days.size(), 1u);
  const IntradayPoint& last = r.intraday[0].points.back();
  EXPECT_EQ(last.open_legs, 0);
  EXPECT_EQ(last.unrealized, 0);
  EXPECT_DOUBLE_EQ(last.realized, r.days[0].net);
  EXPECT_NE(r.days[0].net, 0);
}

TEST(Intraday, RecordingThePathChangesNoOtherRecord) {
  const MicroDay day = day_with_a_sold_call();
  const StrategySpec spec = sells_the_call_at(day);
  const market::DayTape tape = day.tape();
  const RunRecords with = run_session({&spec}, tape, {}, true);
  const RunRecords without = run_session({&spec}, tape, {}, false);
  EXPECT_TRUE(without.intraday.empty());
  ASSERT_EQ(with.intraday.size(), 1u);
  EXPECT_EQ(with.trades, without.trades);
  EXPECT_EQ(with.orders, without.orders);
  // The crossed book the path met at 09:19 is not a strategy's refused mark.
  EXPECT_EQ(with.days, without.days);
}

}  // namespace
}  // namespace tapelab::engine
