#include "domain/time.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace tapelab::domain {
namespace {

TEST(Date, CivilFieldsAndWeekday) {
  Date epoch;
  EXPECT_EQ(epoch.to_string(), "1970-01-01");
  EXPECT_EQ(epoch.weekday(), 3u);  // Thursday
  Date d = Date::from_ymd(2025, 9, 2);
  EXPECT_EQ(d.year(), 2025);
  EXPECT_EQ(d.month(), 9u);
  EXPECT_EQ(d.day(), 2u);
  EXPECT_EQ(d.weekday(), 1u);  // Tuesday
  EXPECT_EQ(weekday_name(d.weekday()), "Tuesday");
  EXPECT_EQ(Date::from_ymd(1969, 12, 31).weekday(), 2u);  // before the epoch too
  EXPECT_EQ(Date::from_ymd(1969, 12, 31).days(), -1);
  EXPECT_EQ((Date::from_ymd(2024, 3, 1) - Date::from_ymd(2024, 2, 28)), 2);  // leap year
  EXPECT_EQ((Date::from_ymd(2024, 12, 31) + 1).to_string(), "2025-01-01");
  EXPECT_EQ(last_day_of_month(2024, 2).to_string(), "2024-02-29");
  EXPECT_EQ(last_day_of_month(2025, 2).to_string(), "2025-02-28");
}

TEST(Date, ParseIsStrict) {
  EXPECT_EQ(Date::parse("2025-11-18")->to_string(), "2025-11-18");
  for (const char* bad : {"", "2025-11-1", "2025/11/18", "2025-13-01", "2025-02-29", "0000-00-00",
                          "2025-11-18 ", "+025-11-18", "2025-1a-18"}) {
    EXPECT_FALSE(Date::parse(bad).has_value()) << bad;
  }
  EXPECT_THROW(Date::from_ymd(2025, 2, 30), Error);
  EXPECT_FALSE(Date::try_from_ymd(2025, 4, 31).has_value());
  EXPECT_EQ(parse_weekday_name("thursday"), 3u);
  EXPECT_FALSE(parse_weekday_name("Thu").has_value());
}

TEST(WallTime, ParseFormatRoundTrip) {
  auto t = parse_wall_time("2025-11-18 10:01:27");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(format_wall_time(*t), "2025-11-18 10:01:27");
  EXPECT_EQ(date_of(*t), Date::from_ymd(2025, 11, 18));
  EXPECT_EQ(*t, wall_time(Date::from_ymd(2025, 11, 18), 10, 1, 27));
  // Every second of a day survives the round trip, including midnight edges.
  Date day = Date::from_ymd(2024, 2, 29);
  for (int s = 0; s < 86'400; s += 37) {
    WallNanos w = wall_time(day, s / 3600, s / 60 % 60, s % 60);
    EXPECT_EQ(parse_wall_time(format_wall_time(w)), w);
    EXPECT_EQ(date_of(w), day);
  }
}

TEST(WallTime, FractionsAndRejects) {
  WallNanos base = *parse_wall_time("2025-11-18 10:01:27");
  EXPECT_EQ(parse_wall_time("2025-11-18 10:01:27.5"), base + 500'000'000);
  EXPECT_EQ(parse_wall_time("2025-11-18 10:01:27.000001"), base + 1'000);
  EXPECT_EQ(parse_wall_time("2025-11-18 10:01:27.123456789"), base + 123'456'789);
  EXPECT_EQ(format_wall_time(base + 999'999'999), "2025-11-18 10:01:27");  // truncated
  for (const char* bad : {"0000-00-00 00:00:00", "2025-11-18", "2025-11-18T10:01:27", "2025-11-18 24:00:00",
                          "2025-11-18 10:60:00", "2025-11-18 10:01:27.", "2025-11-18 10:01:27.1234567890",
                          "2025-11-18 10:01:27Z"}) {
    EXPECT_FALSE(parse_wall_time(bad).has_value()) << bad;
  }
}

TEST(WallTime, IstOffsetAndUtc) {
  // 09:15 IST is 03:45 UTC.
  WallNanos open = *parse_wall_time("2025-11-18 09:15:00");
  int64_t utc = wall_to_utc_nanos(open);
  EXPECT_EQ(format_wall_time(utc), "2025-11-18 03:45:00");
  EXPECT_EQ(utc_to_wall_nanos(utc), open);
  EXPECT_EQ(kIstOffsetNanos, (5 * 3600 + 30 * 60) * kNanosPerSecond);
  // Early-morning IST is still the previous day in UTC.
  WallNanos early = *parse_wall_time("2025-01-01 02:00:00");
  EXPECT_EQ(date_of(wall_to_utc_nanos(early)), Date::from_ymd(2024, 12, 31));
  static_assert(utc_to_wall_nanos(wall_to_utc_nanos(12345)) == 12345);
  // The logger's 1970 artifact rows are before the epoch in UTC.
  WallNanos artifact = *parse_wall_time("1970-01-01 05:00:00");
  EXPECT_LT(wall_to_utc_nanos(artifact), 0);
  EXPECT_EQ(format_wall_time(wall_to_utc_nanos(artifact)), "1969-12-31 23:30:00");
}

TEST(WallTime, SecondsSinceOpen) {
  const Underlying* nifty = find_underlying("NIFTY");
  ASSERT_NE(nifty, nullptr);
  EXPECT_EQ(seconds_since_open(*parse_wall_time("2025-11-18 09:15:00"), *nifty), 0);
  EXPECT_EQ(seconds_since_open(*parse_wall_time("2025-11-18 10:01:27.9"), *nifty), 46 * 60 + 27);
  EXPECT_EQ(seconds_since_open(*parse_wall_time("2025-11-18 15:30:00"), *nifty), 6 * 3600 + 15 * 60);
  EXPECT_EQ(seconds_since_open(*parse_wall_time("2025-11-18 09:14:59"), *nifty), -1);
}

}  // namespace
}  // namespace tapelab::domain
