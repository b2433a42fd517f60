// Time to expiry on both bases, to the second on expiry day, across weekends,
// holidays and short sessions (data/calendar).
#include <gtest/gtest.h>

#include "domain/time.h"
#include "pricing/time_to_expiry.h"
#include "util/error.h"

namespace tapelab::pricing {
namespace {

using domain::Date;
using domain::wall_time;

Date day(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }

int64_t seconds_left(domain::WallNanos now, Date expiry, TimeBasis basis) {
  return ExpiryClock(domain::date_of(now), expiry, basis).seconds(now);
}

TEST(TimeToExpiry, CalendarCountsEverySecondTo1530OfTheExpiryDay) {
  const Date expiry = day(2025, 11, 18);
  EXPECT_EQ(seconds_left(wall_time(expiry, 9, 15, 0), expiry, TimeBasis::kCalendar), 22500);
  EXPECT_EQ(seconds_left(wall_time(expiry, 15, 29, 59), expiry, TimeBasis::kCalendar), 1);
  EXPECT_EQ(seconds_left(wall_time(expiry, 15, 29, 59) + 999'999'999, expiry, TimeBasis::kCalendar), 1);
  EXPECT_EQ(seconds_left(wall_time(expiry, 15, 30, 0), expiry, TimeBasis::kCalendar), 0);
  EXPECT_EQ(seconds_left(wall_time(expiry, 18, 0, 0), expiry, TimeBasis::kCalendar), 0);
  EXPECT_EQ(seconds_left(wall_time(expiry + 1, 10, 0, 0), expiry, TimeBasis::kCalendar), 0);
  // From the Friday before: weekends count on the calendar.
  EXPECT_EQ(seconds_left(wall_time(day(2025, 11, 14), 15, 0, 0), expiry, TimeBasis::kCalendar), 4 * 86400 + 1800);
  EXPECT_DOUBLE_EQ(years_to_expiry(wall_time(expiry, 15, 29, 59), expiry, TimeBasis::kCalendar),
                   1.0 / (365.0 * 86400));
}

TEST(TimeToExpiry, TradingCountsSessionSecondsOnExpiryDay) {
  const Date expiry = day(2025, 11, 18);
  EXPECT_EQ(seconds_left(wall_time(expiry, 8, 0, 0), expiry, TimeBasis::kTrading), 22500);  // before the open
  EXPECT_EQ(seconds_left(wall_time(expiry, 12, 0, 0), expiry, TimeBasis::kTrading), 12600);
  EXPECT_EQ(seconds_left(wall_time(expiry, 15, 29, 59), expiry, TimeBasis::kTrading), 1);
  EXPECT_EQ(seconds_left(wall_time(expiry, 15, 30, 0), expiry, TimeBasis::kTrading), 0);
  EXPECT_DOUBLE_EQ(years_to_expiry(wall_time(expiry, 15, 29, 0), expiry, TimeBasis::kTrading),
                   60.0 / (252.0 * 22500));
}

TEST(TimeToExpiry, TradingSkipsWeekendsAndHolidays) {
  // Friday 14 Nov 2025, 15:00 to Tuesday 18 Nov: Friday's last half hour,
  // Monday's session, Tuesday's session.
  EXPECT_EQ(seconds_left(wall_time(day(2025, 11, 14), 15, 0, 0), day(2025, 11, 18), TimeBasis::kTrading),
            1800 + 2 * 22500);
  // Thursday 17 Apr 2025 to Tuesday 22 Apr: Good Friday (18 Apr) is a holiday.
  EXPECT_EQ(seconds_left(wall_time(day(2025, 4, 17), 15, 0, 0), day(2025, 4, 22), TimeBasis::kTrading),
            1800 + 2 * 22500);
  // From a Saturday: nothing left that day.
  EXPECT_EQ(seconds_left(wall_time(day(2025, 11, 15), 11, 0, 0), day(2025, 11, 18), TimeBasis::kTrading),
            2 * 22500);
}

TEST(TimeToExpiry, TradingCountsAShortSessionAsItIs) {
  // Monday 20 Oct 2025 15:00 to Thursday 23 Oct: the muhurat hour of 21 Oct
  // (13:45-14:45) and nothing on the 22nd (holiday).
  EXPECT_EQ(seconds_left(wall_time(day(2025, 10, 20), 15, 0, 0), day(2025, 10, 23), TimeBasis::kTrading),
            1800 + 3600 + 22500);
  EXPECT_EQ(seconds_left(wall_time(day(2025, 10, 21), 14, 15, 0), day(2025, 10, 23), TimeBasis::kTrading),
            1800 + 22500);
}

TEST(TimeToExpiry, OneClockServesEveryInstantOfItsDay) {
  const ExpiryClock clock(day(2025, 11, 17), day(2025, 11, 18), TimeBasis::kTrading);
  EXPECT_EQ(clock.seconds(wall_time(day(2025, 11, 17), 9, 15, 0)), 2 * 22500);
  EXPECT_EQ(clock.seconds(wall_time(day(2025, 11, 17), 9, 15, 1)), 2 * 22500 - 1);
  EXPECT_EQ(clock.seconds(wall_time(day(2025, 11, 17), 23, 59, 59)), 22500);
  EXPECT_THROW(clock.seconds(wall_time(day(2025, 11, 18), 9, 15, 0)), Error);
}

TEST(TimeToExpiry, BasisNames) {
  EXPECT_EQ(to_string(TimeBasis::kCalendar), "calendar");
  EXPECT_EQ(to_string(TimeBasis::kTrading), "trading");
}

}  // namespace
}  // namespace tapelab::pricing
