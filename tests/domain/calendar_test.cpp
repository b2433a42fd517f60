// The NSE trading calendar: holidays, weekends, special sessions, trading-day
// arithmetic.
#include <gtest/gtest.h>

#include "domain/contract.h"
#include "domain/trading_calendar.h"
#include "util/error.h"

namespace tapelab::domain {
namespace {

Date d(std::string_view iso) { return *Date::parse(iso); }
const TradingCalendar& nse() { return TradingCalendar::nse(); }

TEST(TradingCalendar, CoversEveryYearOfTheData) {
  EXPECT_EQ(nse().first_covered(), d("2019-01-01"));
  EXPECT_EQ(nse().last_covered(), d("2026-12-31"));
  EXPECT_TRUE(nse().covers(d("2023-06-29")));
  EXPECT_FALSE(nse().covers(d("2027-01-01")));
}

TEST(TradingCalendar, EveryListedHolidayIsClosed) {
  // A sample from each year of data/calendar/, including the late-moved one
  // (docs/contracts-and-calendar.md#late-holiday-change-june-2023).
  for (const char* day : {"2019-03-04", "2019-10-21", "2020-11-30", "2021-11-19", "2022-08-31", "2023-06-29",
                          "2024-01-22", "2024-11-20", "2025-02-26", "2025-10-22", "2026-01-15", "2026-12-25"}) {
    EXPECT_EQ(nse().session(d(day)), SessionKind::kClosed) << day;
    EXPECT_FALSE(nse().is_trading_day(d(day))) << day;
    EXPECT_TRUE(nse().session_windows(d(day)).empty()) << day;
  }
  EXPECT_EQ(nse().session(d("2023-06-28")), SessionKind::kRegular);  // the original date trades
  EXPECT_EQ(nse().description(d("2025-12-25")), "Christmas");
}

TEST(TradingCalendar, RegularDaysAndWeekends) {
  EXPECT_EQ(nse().session(d("2025-11-18")), SessionKind::kRegular);
  EXPECT_EQ(nse().session_windows(d("2025-11-18")), (std::vector<SessionWindow>{{33300, 55800}}));
  EXPECT_EQ(nse().session(d("2025-11-22")), SessionKind::kClosed);  // Saturday
  EXPECT_EQ(nse().session(d("2025-11-23")), SessionKind::kClosed);  // Sunday
  EXPECT_EQ(nse().description(d("2025-11-18")), "");
}

TEST(TradingCalendar, SpecialSessions) {
  struct Case {
    const char* day;
    SessionKind kind;
    std::vector<SessionWindow> windows;
    bool full;
  };
  const SessionWindow regular{33300, 55800};
  const Case cases[] = {
      {"2020-02-01", SessionKind::kSpecialFull, {regular}, true},  // budget Saturday
      {"2024-01-20", SessionKind::kSpecialFull, {regular}, true},
      {"2025-02-01", SessionKind::kSpecialFull, {regular}, true},
      {"2026-02-01", SessionKind::kSpecialFull, {regular}, true},  // a Sunday
      {"2024-03-02", SessionKind::kSpecialShort, {{33300, 36000}, {41400, 45000}}, false},
      {"2024-05-18", SessionKind::kSpecialShort, {{33300, 36000}, {41400, 45000}}, false},
      {"2019-10-27", SessionKind::kMuhurat, {{65700, 69300}}, false},
      {"2021-11-04", SessionKind::kMuhurat, {{65700, 69300}}, false},  // a weekday holiday with muhurat
      {"2021-02-24", SessionKind::kSpecialFull, {{33300, 42000}, {56700, 61200}}, true},  // the outage day
  };
  for (const Case& c : cases) {
    EXPECT_EQ(nse().session(d(c.day)), c.kind) << c.day;
    EXPECT_TRUE(nse().is_trading_day(d(c.day))) << c.day;
    EXPECT_EQ(nse().is_full_trading_day(d(c.day)), c.full) << c.day;
    EXPECT_EQ(nse().session_windows(d(c.day)), c.windows) << c.day;
  }
}

TEST(TradingCalendar, PreviousAndNextTradingDay) {
  // Across a weekend.
  EXPECT_EQ(nse().previous_trading_day(d("2025-11-17")), d("2025-11-14"));
  EXPECT_EQ(nse().next_trading_day(d("2025-11-14")), d("2025-11-17"));
  // Across a holiday and a weekend: Diwali 2025 (Tue 21 muhurat, Wed 22 holiday).
  EXPECT_EQ(nse().previous_trading_day(d("2025-10-23")), d("2025-10-20"));
  EXPECT_EQ(nse().next_trading_day(d("2025-10-20")), d("2025-10-23"));
  // Good Friday + weekend + Ambedkar Jayanti Monday is not a thing, but Holi Friday 14 Mar 2025 is.
  EXPECT_EQ(nse().previous_trading_day(d("2025-03-17")), d("2025-03-13"));
  // A special full Saturday counts; a short one does not.
  EXPECT_EQ(nse().previous_trading_day(d("2020-02-03")), d("2020-02-01"));
  EXPECT_EQ(nse().previous_trading_day(d("2024-03-04")), d("2024-03-01"));
  // Across a year boundary with Christmas and a weekend.
  EXPECT_EQ(nse().previous_trading_day(d("2024-12-26")), d("2024-12-24"));
  EXPECT_EQ(nse().next_trading_day(d("2026-12-31")), d("2027-01-01"));  // past coverage: weekdays
  EXPECT_EQ(nse().on_or_before(d("2025-11-18")), d("2025-11-18"));
  EXPECT_EQ(nse().on_or_before(d("2025-11-16")), d("2025-11-14"));
  EXPECT_EQ(nse().on_or_before(d("2021-11-04")), d("2021-11-03"));  // muhurat is not a full day
}

TEST(TradingCalendar, TradingDaysAndCounts) {
  auto days = nse().trading_days(d("2025-10-17"), d("2025-10-24"));
  std::vector<Date> expected = {d("2025-10-17"), d("2025-10-20"), d("2025-10-23"), d("2025-10-24")};
  EXPECT_EQ(days, expected);
  // 2025 had 248 full sessions (weekdays minus 14 holidays, plus the budget Saturday).
  EXPECT_EQ(nse().trading_days(d("2025-01-01"), d("2025-12-31")).size(), 248u);
  EXPECT_EQ(nse().count_full_trading_days(d("2024-12-31"), d("2025-12-31")), 248);
  EXPECT_EQ(nse().count_full_trading_days(d("2025-12-31"), d("2024-12-31")), -248);
  // The prefix-sum path and the slow path agree where coverage ends.
  EXPECT_EQ(nse().count_full_trading_days(d("2026-12-30"), d("2027-01-05")), 4);  // 31 Dec, 1, 4, 5 Jan
}

TEST(DaysToExpiry, CountsFullTradingDays) {
  // Zero on the expiry day itself.
  EXPECT_EQ(days_to_expiry(d("2025-11-25"), d("2025-11-25"), nse()), 0);
  EXPECT_EQ(days_to_expiry(d("2025-11-24"), d("2025-11-25"), nse()), 1);
  // Friday to Tuesday: Monday and Tuesday.
  EXPECT_EQ(days_to_expiry(d("2025-11-21"), d("2025-11-25"), nse()), 2);
  // Across the Diwali holidays: 20 Oct (Mon) to 28 Oct (Tue): 23, 24, 27, 28.
  EXPECT_EQ(days_to_expiry(d("2025-10-20"), d("2025-10-28"), nse()), 4);
  // A short special Saturday is not a full day.
  EXPECT_EQ(days_to_expiry(d("2024-03-01"), d("2024-03-06"), nse()), 3);
  // From a weekend.
  EXPECT_EQ(days_to_expiry(d("2025-11-22"), d("2025-11-25"), nse()), 2);
  // After the expiry.
  EXPECT_EQ(days_to_expiry(d("2025-11-26"), d("2025-11-25"), nse()), -1);
}

TEST(TradingCalendarFiles, MalformedFilesNameTheLine) {
  const std::string header = "date,kind,hours,description\n";
  struct Case {
    std::string name;
    std::string body;
    std::string message;
  };
  const Case cases[] = {
      {"2025.csv", "2025-02-30,holiday,,x\n", "data/calendar/2025.csv:2: bad date '2025-02-30'"},
      {"2025.csv", "2024-02-26,holiday,,x\n", "data/calendar/2025.csv:2: 2024-02-26 does not belong in 2025.csv"},
      {"2025.csv", "2025-02-26,feast,,x\n",
       "data/calendar/2025.csv:2: kind must be holiday, special_full, special_short or muhurat, not 'feast'"},
      {"2025.csv", "2025-03-01,holiday,,x\n", "data/calendar/2025.csv:2: holiday 2025-03-01 falls on a weekend"},
      {"2025.csv", "2025-02-26,holiday,09:15-15:30,x\n", "data/calendar/2025.csv:2: a holiday has no hours"},
      {"2025.csv", "2025-02-01,special_full,,x\n", "data/calendar/2025.csv:2: a special_full session needs its hours"},
      {"2025.csv", "2025-02-01,special_short,11:00-10:00,x\n",
       "data/calendar/2025.csv:2: bad hours '11:00-10:00', expected HH:MM-HH:MM[;HH:MM-HH:MM]"},
      {"2025.csv", "2025-02-01,special_short,09:15-11:00;10:00-12:00,x\n",
       "data/calendar/2025.csv:2: session windows overlap or are out of order"},
      {"2025.csv", "2025-02-26,holiday,,x\n2025-02-26,holiday,,y\n",
       "data/calendar/2025.csv:3: 2025-02-26 is listed twice"},
      {"2025.csv", "2025-02-26,holiday\n", "data/calendar/2025.csv:2: 2 fields, expected 4"},
      {"holidays.csv", "", "trading calendar: file name 'holidays.csv' is not <year>.csv"},
  };
  for (const Case& c : cases) {
    std::string text = header + c.body;
    try {
      TradingCalendar::from_files({{c.name, text}});
      ADD_FAILURE() << "accepted " << c.body;
    } catch (const Error& e) {
      EXPECT_EQ(e.what(), c.message);
    }
  }
  EXPECT_THROW(TradingCalendar::from_files({{"2024.csv", header}, {"2026.csv", header}}), Error);  // gap
  EXPECT_THROW(TradingCalendar::from_files({}), Error);
}

TEST(TradingCalendarFiles, CustomCalendar) {
  auto cal = TradingCalendar::from_files({{"2030.csv", "# a comment\r\ndate,kind,hours,description\r\n"
                                                       "2030-01-01,holiday,,New Year\r\n"}});
  EXPECT_EQ(cal.first_covered(), d("2030-01-01"));
  EXPECT_EQ(cal.session(d("2030-01-01")), SessionKind::kClosed);
  EXPECT_EQ(cal.description(d("2030-01-01")), "New Year");
  EXPECT_EQ(cal.next_trading_day(d("2029-12-31")), d("2030-01-02"));
}

}  // namespace
}  // namespace tapelab::domain
