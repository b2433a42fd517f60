#include "domain/expiry_calendar.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "util/error.h"

namespace tapelab::domain {
namespace {

Date d(std::string_view iso) { return *Date::parse(iso); }

const char* const kFixture = TAPELAB_SOURCE_DIR "/tests/fixtures/expiry_calendar.csv";
const char* const kUserHeader =
    "Instrument,Expiry_Type,Contract_Month,Scheduled_Expiry,Scheduled_Day,Final_Expiry,Final_Day,"
    "Final_Day_Label,Shifted,Days_Moved_Back,Holiday_on_Scheduled?,Rule\n";

const ExpiryCalendar& builtin() {
  static const ExpiryCalendar cal = ExpiryCalendar::builtin();
  return cal;
}

std::vector<std::string> finals(const std::vector<Expiry>& expiries, ExpiryKind kind) {
  std::vector<std::string> out;
  for (const auto& e : expiries) {
    if (e.kind == kind) out.push_back(e.final.to_string());
  }
  return out;
}

TEST(BuiltinCalendar, IssueExamples) {
  // NIFTY weekly 10 Apr 2025 (Mahavir Jayanti) moved to the 9th.
  auto w = builtin().weekly_by_scheduled("NIFTY", d("2025-04-10"));
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->final, d("2025-04-09"));
  EXPECT_EQ(w->contract_year, 2025);
  EXPECT_EQ(w->contract_month, 4u);
  // Tuesday 21 Oct 2025 (Diwali, muhurat only) moved to Monday the 20th.
  EXPECT_EQ(builtin().weekly_by_scheduled("nifty", d("2025-10-21"))->final, d("2025-10-20"));
  // The first Tuesday expiry, and no weekly on the Thursday of the same week.
  EXPECT_EQ(builtin().weekly_by_scheduled("NIFTY", d("2025-09-02"))->final, d("2025-09-02"));
  EXPECT_FALSE(builtin().weekly_by_scheduled("NIFTY", d("2025-09-04")).has_value());
  EXPECT_EQ(finals(builtin().expiries("NIFTY", d("2025-08-25"), d("2025-09-10")), ExpiryKind::kWeekly),
            (std::vector<std::string>{"2025-08-28", "2025-09-02", "2025-09-09"}));
  // BANKNIFTY monthly Nov 2025: last Tuesday.
  auto m = builtin().monthly_for("BANKNIFTY", 2025, 11);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->scheduled, d("2025-11-25"));
  EXPECT_EQ(m->final, d("2025-11-25"));
}

TEST(BuiltinCalendar, ExpiryWeekdayTimeline) {
  // NIFTY weeklies start 14 Feb 2019.
  EXPECT_FALSE(builtin().weekly_by_scheduled("NIFTY", d("2019-02-07")).has_value());
  EXPECT_TRUE(builtin().weekly_by_scheduled("NIFTY", d("2019-02-14")).has_value());
  EXPECT_EQ(builtin().monthly_for("NIFTY", 2025, 8)->final, d("2025-08-28"));   // last Thursday
  EXPECT_EQ(builtin().monthly_for("NIFTY", 2025, 9)->final, d("2025-09-30"));   // last Tuesday
  // BANKNIFTY weekly: Thursday until Aug 2023, Wednesday from 6 Sep 2023, last on 13 Nov 2024.
  EXPECT_TRUE(builtin().weekly_by_scheduled("BANKNIFTY", d("2023-08-31")).has_value());
  EXPECT_FALSE(builtin().weekly_by_scheduled("BANKNIFTY", d("2023-09-07")).has_value());
  EXPECT_TRUE(builtin().weekly_by_scheduled("BANKNIFTY", d("2023-09-06")).has_value());
  EXPECT_TRUE(builtin().weekly_by_scheduled("BANKNIFTY", d("2024-11-13")).has_value());
  EXPECT_EQ(finals(builtin().expiries("BANKNIFTY", d("2024-11-14"), d("2026-12-31")), ExpiryKind::kWeekly),
            std::vector<std::string>{});
  // BANKNIFTY monthly: last Thursday to Feb 2024, last Wednesday Mar-Dec 2024, last Thursday
  // from Jan 2025, last Tuesday from Sep 2025.
  EXPECT_EQ(builtin().monthly_for("BANKNIFTY", 2024, 2)->final, d("2024-02-29"));
  EXPECT_EQ(builtin().monthly_for("BANKNIFTY", 2024, 3)->final, d("2024-03-27"));
  EXPECT_EQ(builtin().monthly_for("BANKNIFTY", 2024, 12)->scheduled, d("2024-12-25"));
  EXPECT_EQ(builtin().monthly_for("BANKNIFTY", 2024, 12)->final, d("2024-12-24"));
  EXPECT_EQ(builtin().monthly_for("BANKNIFTY", 2025, 1)->final, d("2025-01-30"));
  EXPECT_EQ(builtin().monthly_for("BANKNIFTY", 2025, 8)->final, d("2025-08-28"));
  EXPECT_EQ(builtin().monthly_for("BANKNIFTY", 2025, 9)->final, d("2025-09-30"));
  // The late-moved 2023 holiday: 29 June expiries went out on the 28th.
  EXPECT_EQ(builtin().monthly_for("NIFTY", 2023, 6)->final, d("2023-06-28"));
  // A weekly scheduled on a holiday whose final lands in the previous month.
  auto w = builtin().weekly_by_scheduled("BANKNIFTY", d("2024-05-01"));
  EXPECT_EQ(w->final, d("2024-04-30"));
  EXPECT_EQ(w->contract_month, 4u);
  // No rules for underlyings the documents do not give a timeline for.
  EXPECT_EQ(builtin().underlyings(), (std::vector<std::string>{"BANKNIFTY", "NIFTY"}));
  EXPECT_FALSE(builtin().monthly_for("FINNIFTY", 2025, 1).has_value());
  // Nothing past the trading calendar.
  EXPECT_FALSE(builtin().monthly_for("NIFTY", 2027, 1).has_value());
}

TEST(BuiltinCalendar, ExpiriesSortedByFinalThenWeeklyFirst) {
  auto list = builtin().expiries("NIFTY", d("2025-01-01"), d("2025-12-31"));
  ASSERT_FALSE(list.empty());
  for (size_t i = 1; i < list.size(); ++i) {
    EXPECT_LE(std::tie(list[i - 1].final, list[i - 1].kind), std::tie(list[i].final, list[i].kind));
  }
  // The last Thursday of January carries both listings, weekly first.
  auto jan30 = builtin().expiries("NIFTY", d("2025-01-30"), d("2025-01-30"));
  ASSERT_EQ(jan30.size(), 2u);
  EXPECT_EQ(jan30[0].kind, ExpiryKind::kWeekly);
  EXPECT_EQ(jan30[1].kind, ExpiryKind::kMonthly);
  // Every final date is a full trading day on or before the scheduled one, within a week.
  for (const Expiry& e : builtin().all()) {
    EXPECT_TRUE(TradingCalendar::nse().is_full_trading_day(e.final)) << e.final.to_string();
    EXPECT_LE(e.final, e.scheduled);
    EXPECT_LT(e.scheduled - e.final, 7);
  }
}

// The users' calendar agrees with the rules except for its known errors:
// - BANKNIFTY monthlies Jan-Aug 2025 on the last Wednesday, but exchange
//   circulars moved them to the last Thursday from January 2025;
// - the 2023-06-29 expiries (NIFTY and BANKNIFTY, weekly and monthly) are not
//   shifted, but the Bakri Id holiday was moved to 29 June by a late circular
//   and they really expired on the 28th.
TEST(ExpiryCalendarCompare, FixtureDisagreementsAreExactlyTheKnownErrors) {
  ExpiryCalendar fixture = ExpiryCalendar::from_csv(kFixture);
  EXPECT_EQ(fixture.all().size(), 835u);
  auto diffs = compare(fixture, builtin(), d("2019-01-01"), d("2025-12-31"), "fixture", "rules");
  std::vector<std::string> got;
  for (const auto& x : diffs) {
    got.push_back(fmt::format("{} {} {:04}-{:02} {} {}", x.underlying, to_string(x.kind), x.year, x.month,
                              x.left_final ? x.left_final->to_string() : "-",
                              x.right_final ? x.right_final->to_string() : "-"));
  }
  std::vector<std::string> expected = {
      "BANKNIFTY weekly 2023-06 2023-06-29 2023-06-28",  "BANKNIFTY monthly 2023-06 2023-06-29 2023-06-28",
      "BANKNIFTY monthly 2025-01 2025-01-29 2025-01-30", "BANKNIFTY monthly 2025-02 2025-02-25 2025-02-27",
      "BANKNIFTY monthly 2025-03 2025-03-26 2025-03-27", "BANKNIFTY monthly 2025-04 2025-04-30 2025-04-24",
      "BANKNIFTY monthly 2025-05 2025-05-28 2025-05-29", "BANKNIFTY monthly 2025-06 2025-06-25 2025-06-26",
      "BANKNIFTY monthly 2025-07 2025-07-30 2025-07-31", "BANKNIFTY monthly 2025-08 2025-08-26 2025-08-28",
      "NIFTY weekly 2023-06 2023-06-29 2023-06-28",      "NIFTY monthly 2023-06 2023-06-29 2023-06-28",
  };
  EXPECT_EQ(got, expected);
  ASSERT_FALSE(diffs.empty());
  EXPECT_EQ(diffs[2].description,
            "BANKNIFTY monthly 2025-01: fixture scheduled 2025-01-29 final 2025-01-29; "
            "rules scheduled 2025-01-30 final 2025-01-30");
  EXPECT_EQ(diffs[0].description, "BANKNIFTY weekly scheduled 2023-06-29: fixture final 2023-06-29; rules final 2023-06-28");
}

TEST(ExpiryCalendarCompare, MissingEntriesAndRange) {
  auto user = ExpiryCalendar::parse_csv("underlying,expiry,kind\nNIFTY,2025-11-25,monthly\n", "u.csv");
  auto diffs = compare(user, builtin(), d("2025-11-01"), d("2025-11-30"), "csv", "rules");
  // The simple file has only the NIFTY monthly: the BANKNIFTY monthly and the
  // four November NIFTY weeklies are missing from it.
  ASSERT_EQ(diffs.size(), 5u);
  EXPECT_EQ(diffs[0].description, "BANKNIFTY monthly 2025-11: only in rules (final 2025-11-25)");
  EXPECT_EQ(diffs[1].description, "NIFTY weekly scheduled 2025-11-04: only in rules (final 2025-11-04)");
  EXPECT_FALSE(diffs[1].left_final.has_value());
  EXPECT_EQ(diffs[1].right_final, d("2025-11-04"));
  auto reverse = compare(builtin(), user, d("2025-11-25"), d("2025-11-25"), "rules", "csv");
  ASSERT_EQ(reverse.size(), 2u);  // the BANKNIFTY monthly and the NIFTY weekly of that day
  EXPECT_EQ(reverse[1].description, "NIFTY weekly scheduled 2025-11-25: only in rules (final 2025-11-25)");
  EXPECT_TRUE(compare(builtin(), builtin(), d("2019-01-01"), d("2026-12-31")).empty());
}

TEST(ExpiryCalendarCsv, SimpleFormatAndOverlay) {
  // Correct the Jan 2025 BANKNIFTY monthly the other way round and add a weekly by its final date.
  auto user = ExpiryCalendar::parse_csv(
      "\xEF\xBB\xBFunderlying,expiry,kind\r\n"
      "banknifty,2025-01-29,Monthly\r\n"
      "# comment lines and blank lines are skipped\r\n\r\n"
      "NIFTY,2025-04-09,weekly\r\n",
      "u.csv");
  ASSERT_EQ(user.all().size(), 2u);
  EXPECT_FALSE(user.scheduled_known(user.all()[0]));
  auto merged = ExpiryCalendar::overlay(builtin(), user);
  EXPECT_EQ(merged.monthly_for("BANKNIFTY", 2025, 1)->final, d("2025-01-29"));
  EXPECT_EQ(merged.monthly_for("BANKNIFTY", 2025, 2)->final, d("2025-02-27"));  // untouched
  // The weekly matched the built-in one by its final date and replaced it.
  EXPECT_EQ(merged.all().size(), builtin().all().size());
  EXPECT_EQ(merged.expiries("NIFTY", d("2025-04-09"), d("2025-04-09")).size(), 1u);
  EXPECT_EQ(compare(merged, builtin(), d("2019-01-01"), d("2026-12-31")).size(), 1u);
}

TEST(ExpiryCalendarCsv, UserFormatOverridesRules) {
  auto user = ExpiryCalendar::parse_csv(
      std::string(kUserHeader) +
          "NIFTY,Weekly,2023-06,2023-06-29,Thursday,2023-06-29,Thursday,Thursday,No,0,False,NIFTY weekly (Thu)\n",
      "u.csv");
  auto merged = ExpiryCalendar::overlay(builtin(), user);
  EXPECT_EQ(merged.weekly_by_scheduled("NIFTY", d("2023-06-29"))->final, d("2023-06-29"));
  EXPECT_EQ(builtin().weekly_by_scheduled("NIFTY", d("2023-06-29"))->final, d("2023-06-28"));
  EXPECT_TRUE(merged.scheduled_known(*merged.weekly_by_scheduled("NIFTY", d("2023-06-29"))));
}

TEST(ExpiryCalendarCsv, MalformedFilesNameFileLineAndReason) {
  const std::string ok_row =
      "NIFTY,Weekly,2025-04,2025-04-10,Thursday,2025-04-09,Wednesday,x,Yes,1,True,r\n";
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"", "bad.csv: empty calendar file"},
      {"a,b,c\n", "bad.csv:1: unrecognised header; expected the 12 columns Instrument,Expiry_Type,Contract_Month,... "
                  "or underlying,expiry,kind"},
      {"underlying,expiry,kind\nNIFTY,2025-13-01,weekly\n", "bad.csv:2: expiry '2025-13-01' is not a YYYY-MM-DD date"},
      {"underlying,expiry,kind\nNIFTYX,2025-11-25,weekly\n", "bad.csv:2: unknown underlying 'NIFTYX'"},
      {"underlying,expiry,kind\nNIFTY,2025-11-25,daily\n",
       "bad.csv:2: expiry kind must be weekly or monthly, not 'daily'"},
      {"underlying,expiry,kind\nNIFTY,2025-11-25\n", "bad.csv:2: 2 fields, expected 3"},
      {"underlying,expiry,kind\nNIFTY,2025-11-25,monthly\nNIFTY,2025-11-26,monthly\n",
       "bad.csv:3: a second NIFTY monthly for 2025-11"},
      {"underlying,expiry,kind\n\"NIFTY,2025-11-25,monthly\n", "bad.csv:2: unterminated quoted field"},
      {kUserHeader + ok_row + ok_row, "bad.csv:3: a second NIFTY weekly scheduled 2025-04-10"},
      {kUserHeader + std::string("NIFTY,Weekly,2025-04,2025-04-10,Friday,2025-04-09,Wednesday,x,Yes,1,True,r\n"),
       "bad.csv:2: Scheduled_Day 'Friday' but 2025-04-10 is a Thursday"},
      {kUserHeader + std::string("NIFTY,Weekly,2025-04,2025-04-10,Thursday,2025-04-09,Thursday,x,Yes,1,True,r\n"),
       "bad.csv:2: Final_Day 'Thursday' but 2025-04-09 is a Wednesday"},
      {kUserHeader + std::string("NIFTY,Weekly,2025-04,2025-04-10,Thursday,2025-04-09,Wednesday,x,No,0,True,r\n"),
       "bad.csv:2: Shifted 'No' but the expiry was moved"},
      {kUserHeader + std::string("NIFTY,Weekly,2025-04,2025-04-10,Thursday,2025-04-09,Wednesday,x,Yes,0,True,r\n"),
       "bad.csv:2: Days_Moved_Back '0' does not fit Shifted 'Yes'"},
      {kUserHeader + std::string("NIFTY,Weekly,2025-04,2025-04-09,Wednesday,2025-04-10,Thursday,x,Yes,1,True,r\n"),
       "bad.csv:2: Final_Expiry 2025-04-10 is after Scheduled_Expiry 2025-04-09"},
      {kUserHeader + std::string("NIFTY,Monthly,2025-05,2025-04-24,Thursday,2025-04-24,Thursday,x,No,0,False,r\n"),
       "bad.csv:2: Contract_Month 2025-05 does not fit the expiry 2025-04-24"},
      {kUserHeader + std::string("NIFTY,Monthly,2025-4,2025-04-24,Thursday,2025-04-24,Thursday,x,No,0,False,r\n"),
       "bad.csv:2: Contract_Month '2025-4' is not YYYY-MM"},
      {kUserHeader + std::string("NIFTY,Monthly,2025-04,2025-04-24,Thursday,2025-04-24,Thursday,x,No,0,maybe,r\n"),
       "bad.csv:2: Holiday_on_Scheduled? must be True or False, not 'maybe'"},
  };
  for (const Case& c : cases) {
    try {
      ExpiryCalendar::parse_csv(c.text, "bad.csv");
      ADD_FAILURE() << "accepted " << c.text;
    } catch (const Error& e) {
      EXPECT_EQ(e.what(), c.message);
    }
  }
  EXPECT_THROW(ExpiryCalendar::from_csv("/nonexistent/calendar.csv"), Error);
}

TEST(ExpiryRules, MalformedRulesAreRejected) {
  const std::string header = "underlying,kind,first,last,weekday,note\n";
  const TradingCalendar& nse = TradingCalendar::nse();
  struct Case {
    std::string body;
    std::string message;
  };
  const Case cases[] = {
      {"NIFTY,weekly,2025-01-01,,Thu,x\n", "r.csv:2: weekday must be a day name like Thursday, not 'Thu'"},
      {"NIFTY,monthly,2025-01-01,,Thursday,x\n", "r.csv:2: a monthly rule's first and last are YYYY-MM months"},
      {"NIFTY,weekly,2025-02-01,2025-01-01,Thursday,x\n", "r.csv:2: last is before first"},
      {"NIFTY,weekly,2025-01-01,2025-06-30,Thursday,x\nNIFTY,weekly,2025-06-01,,Tuesday,x\n",
       "r.csv:3: overlaps the rule on line 2"},
      {"NIFTY,yearly,2025-01-01,,Thursday,x\n", "r.csv:2: expiry kind must be weekly or monthly, not 'yearly'"},
  };
  for (const Case& c : cases) {
    try {
      ExpiryCalendar::from_rules(header + c.body, "r.csv", nse);
      ADD_FAILURE() << "accepted " << c.body;
    } catch (const Error& e) {
      EXPECT_EQ(e.what(), c.message);
    }
  }
  // A new underlying's timeline is data: FINNIFTY monthlies on the last Tuesday.
  auto cal = ExpiryCalendar::from_rules(header + "FINNIFTY,monthly,2025-01,2025-12,Tuesday,x\n", "r.csv", nse);
  EXPECT_EQ(cal.monthly_for("FINNIFTY", 2025, 1)->final, d("2025-01-28"));
  EXPECT_EQ(cal.all().size(), 12u);
}

}  // namespace
}  // namespace tapelab::domain
