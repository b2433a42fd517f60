// Walk-forward windows over trading days: one split and rolling windows,
// their edges, and the errors of windows that would be empty.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sweep/walk_forward.h"
#include "util/error.h"

namespace tapelab::sweep {
namespace {

using ::testing::HasSubstr;

domain::Date day(int d) { return domain::Date::from_ymd(2025, 11, d); }

// Mon 17 ... Fri 21, Mon 24, Tue 25: seven trading days.
const std::vector<domain::Date> kDays = {day(17), day(18), day(19), day(20), day(21), day(24), day(25)};

std::string text(const std::vector<Window>& windows) {
  std::string out;
  for (const Window& w : windows) {
    out += w.in.first.to_string().substr(8) + "-" + w.in.last.to_string().substr(8) + "|" +
           w.out.first.to_string().substr(8) + "-" + w.out.last.to_string().substr(8) + " ";
  }
  return out;
}

std::string error_of(const WalkForwardSpec& spec) {
  try {
    make_windows(kDays, spec);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(WalkForwardWindows, RollingWindowsStepByTheOutOfSampleDays) {
  EXPECT_EQ(text(make_windows(kDays, {std::nullopt, 3, 2})), "17-19|20-21 19-21|24-25 ");
  EXPECT_EQ(text(make_windows(kDays, {std::nullopt, 3, 3})), "17-19|20-24 20-24|25-25 ");  // the last one shorter
  EXPECT_EQ(text(make_windows(kDays, {std::nullopt, 6, 1})), "17-24|25-25 ");
  EXPECT_EQ(text(make_windows(kDays, {std::nullopt, 1, 1})), "17-17|18-18 18-18|19-19 19-19|20-20 20-20|21-21 "
                                                              "21-21|24-24 24-24|25-25 ");
}

TEST(WalkForwardWindows, OneSplitIsTheDaysBeforeAndFromTheDate) {
  EXPECT_EQ(text(make_windows(kDays, {day(20), 0, 0})), "17-19|20-25 ");
  EXPECT_EQ(text(make_windows(kDays, {day(22), 0, 0})), "17-21|24-25 ");  // a Saturday: from the next trading day
  EXPECT_EQ(text(make_windows(kDays, {day(25), 0, 0})), "17-24|25-25 ");
}

TEST(WalkForwardWindows, EmptyWindowsAreErrors) {
  EXPECT_EQ(error_of({day(17), 0, 0}),
            "walk-forward: split 2025-11-17 leaves no in-sample days (the run's days are 2025-11-17 to 2025-11-25)");
  EXPECT_EQ(error_of({day(26), 0, 0}), "walk-forward: split 2025-11-26 leaves no out-of-sample days (the run's days "
                                       "are 2025-11-17 to 2025-11-25)");
  EXPECT_EQ(error_of({std::nullopt, 7, 1}),
            "walk-forward: 7 in-sample days leave no out-of-sample day: the run has 7 trading days");
  EXPECT_THAT(error_of({std::nullopt, 0, 1}), HasSubstr("must be > 0"));
}

TEST(WalkForwardWindows, RecordsInARangeKeepEveryStrategy) {
  engine::RunRecords records;
  records.strategies.resize(2);
  for (int d : {17, 18, 19}) {
    engine::TradeRecord t;
    t.date = day(d);
    records.trades.push_back(t);
    engine::DayRecord r;
    r.date = day(d);
    records.days.push_back(r);
    engine::OrderRecord o;
    o.date = day(d);
    records.orders.push_back(o);
  }
  const engine::RunRecords in = records_in(records, {day(18), day(19)});
  EXPECT_EQ(in.strategies.size(), 2u);
  ASSERT_EQ(in.trades.size(), 2u);
  EXPECT_EQ(in.trades[0].date, day(18));
  EXPECT_EQ(in.days.size(), 2u);
  EXPECT_EQ(in.orders.size(), 2u);
}

}  // namespace
}  // namespace tapelab::sweep
