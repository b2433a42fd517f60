// Underlyings and lot sizes: the reference tables compiled into the binary.
#include <gtest/gtest.h>

#include "domain/lot_size.h"
#include "domain/underlying.h"
#include "util/error.h"

namespace tapelab::domain {
namespace {

Date d(std::string_view iso) { return *Date::parse(iso); }

TEST(Underlyings, RealStepsAndSessions) {
  const Underlying* nifty = find_underlying("nifty");
  const Underlying* bank = find_underlying("BankNifty");
  ASSERT_NE(nifty, nullptr);
  ASSERT_NE(bank, nullptr);
  EXPECT_EQ(nifty->name, "NIFTY");
  EXPECT_EQ(nifty->strike_step, 50);
  EXPECT_EQ(bank->strike_step, 100);
  EXPECT_DOUBLE_EQ(nifty->tick_size, 0.05);
  EXPECT_EQ(nifty->session_open_seconds, 33300);
  EXPECT_EQ(nifty->session_close_seconds, 55800);
  EXPECT_EQ(nifty->spot_table, "NIFTY");
  EXPECT_EQ(nifty->spot_table_aliases, std::vector<std::string>{"Nifty 50"});
  EXPECT_EQ(bank->spot_table_aliases, std::vector<std::string>{"Nifty Bank"});
  EXPECT_EQ(bank->futures_table, "BANKNIFTYFUT");
  for (const char* name : {"FINNIFTY", "MIDCPNIFTY", "SENSEX"}) EXPECT_NE(find_underlying(name), nullptr) << name;
  EXPECT_EQ(find_underlying("NIFTYX"), nullptr);
  EXPECT_EQ(find_underlying(""), nullptr);
}

TEST(Underlyings, LongestNameFirst) {
  const auto& all = all_underlyings();
  ASSERT_EQ(all.size(), 5u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GE(all[i - 1].name.size(), all[i].name.size());
  EXPECT_EQ(all.front().name, "MIDCPNIFTY");
}

TEST(Underlyings, NewUnderlyingIsOneRow) {
  auto parsed = parse_underlyings(
      "name,strike_step,tick_size,session_open,session_close,spot_table,spot_table_aliases,futures_table\n"
      "NIFTY,50,0.05,09:15,15:30,NIFTY,Nifty 50,NIFTYFUT\n"
      "NIFTYNXT50,100,0.05,09:15,15:30,NIFTYNXT50,Nifty Next 50;NIFTY NEXT 50,NIFTYNXT50FUT\n",
      "test.csv");
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].name, "NIFTYNXT50");  // longest first, whatever the file order
  EXPECT_EQ(parsed[0].strike_step, 100);
  EXPECT_EQ(parsed[0].spot_table_aliases, (std::vector<std::string>{"Nifty Next 50", "NIFTY NEXT 50"}));
}

TEST(Underlyings, MalformedTablesNameTheLine) {
  const std::string header =
      "name,strike_step,tick_size,session_open,session_close,spot_table,spot_table_aliases,futures_table\n";
  struct Case {
    std::string body;
    std::string message;
  };
  const Case cases[] = {
      {"NIFTY,0,0.05,09:15,15:30,NIFTY,,NIFTYFUT\n", "t.csv:2: bad strike_step '0'"},
      {"NIFTY,50,abc,09:15,15:30,NIFTY,,NIFTYFUT\n", "t.csv:2: bad tick_size 'abc'"},
      {"NIFTY,50,0.05,15:30,09:15,NIFTY,,NIFTYFUT\n", "t.csv:2: bad session hours '15:30'-'09:15'"},
      {"NIFTY,50,0.05,09:15,15:30,NIFTY,,NIFTYFUT\nnifty,50,0.05,09:15,15:30,NIFTY,,NIFTYFUT\n",
       "t.csv:3: duplicate underlying NIFTY"},
      {"NIFTY,50,0.05,09:15,15:30,NIFTY\n", "t.csv:2: 6 fields, expected 8"},
      {"50NIFTY,50,0.05,09:15,15:30,NIFTY,,NIFTYFUT\n",
       "t.csv:2: underlying name '50NIFTY' must be a letter followed by letters and digits"},
  };
  for (const Case& c : cases) {
    try {
      parse_underlyings(header + c.body, "t.csv");
      ADD_FAILURE() << "accepted " << c.body;
    } catch (const Error& e) {
      EXPECT_EQ(e.what(), c.message);
    }
  }
  EXPECT_THROW(parse_underlyings("name,step\n", "t.csv"), Error);
}

struct LotCase {
  const char* underlying;
  const char* date;
  ExpiryKind kind;
  int32_t lot;
};

TEST(LotSize, EveryBoundaryOfTheHistory) {
  constexpr auto W = ExpiryKind::kWeekly;
  constexpr auto M = ExpiryKind::kMonthly;
  const LotCase cases[] = {
      // NIFTY 75 -> 50: the 22 Jul 2021 weekly was the last at 75.
      {"NIFTY", "2021-06-24", M, 75}, {"NIFTY", "2021-07-22", W, 75}, {"NIFTY", "2021-07-29", M, 50},
      {"NIFTY", "2021-07-29", W, 50}, {"NIFTY", "2021-08-05", W, 50},
      // 50 -> 25: from the 2 May 2024 weekly; the 25 Apr 2024 monthly was still 50.
      {"NIFTY", "2024-04-25", W, 50}, {"NIFTY", "2024-04-25", M, 50}, {"NIFTY", "2024-05-02", W, 25},
      {"NIFTY", "2024-05-30", M, 25},
      // 25 -> 75: the 2 Jan 2025 weekly and the 27 Feb 2025 monthly; 30 Jan 2025 monthly still 25.
      {"NIFTY", "2024-12-26", W, 25}, {"NIFTY", "2025-01-02", W, 75}, {"NIFTY", "2025-01-30", M, 25},
      {"NIFTY", "2025-02-27", M, 75},
      // 75 -> 65 with January 2026 expiries.
      {"NIFTY", "2025-12-30", M, 75}, {"NIFTY", "2025-12-30", W, 75}, {"NIFTY", "2026-01-06", W, 65},
      {"NIFTY", "2026-01-27", M, 65},
      // BANKNIFTY 20 -> 25 for contracts expiring from 30 Jul 2020.
      {"BANKNIFTY", "2019-01-03", W, 20}, {"BANKNIFTY", "2020-07-23", W, 20}, {"BANKNIFTY", "2020-07-30", W, 25},
      {"BANKNIFTY", "2020-07-30", M, 25}, {"BANKNIFTY", "2020-06-25", M, 20},
      // 25 -> 15: Aug 2023 weeklies and the 27 Jul 2023 monthly; July weeklies still 25.
      {"BANKNIFTY", "2023-07-27", W, 25}, {"BANKNIFTY", "2023-07-27", M, 15}, {"BANKNIFTY", "2023-08-03", W, 15},
      {"BANKNIFTY", "2023-06-28", M, 25},
      // 15 -> 30 from the Feb 2025 monthly, whichever weekday a calendar gives it.
      {"BANKNIFTY", "2025-01-29", M, 15}, {"BANKNIFTY", "2025-01-30", M, 15}, {"BANKNIFTY", "2025-02-25", M, 30},
      {"BANKNIFTY", "2025-02-27", M, 30},
      // 30 -> 35 from the July 2025 monthly.
      {"BANKNIFTY", "2025-06-26", M, 30}, {"BANKNIFTY", "2025-07-31", M, 35}, {"BANKNIFTY", "2025-12-30", M, 35},
      // 35 -> 30 with January 2026 expiries.
      {"BANKNIFTY", "2026-01-27", M, 30},
  };
  for (const LotCase& c : cases) {
    EXPECT_EQ(lot_size(c.underlying, d(c.date), c.kind), c.lot) << c.underlying << " " << c.date << " "
                                                                 << to_string(c.kind);
  }
}

TEST(LotSize, NoEntryMeansNoAnswer) {
  EXPECT_EQ(lot_size("NIFTY", d("2018-12-27"), ExpiryKind::kMonthly), std::nullopt);
  EXPECT_EQ(lot_size("BANKNIFTY", d("2018-09-27"), ExpiryKind::kMonthly), std::nullopt);
  EXPECT_EQ(lot_size("FINNIFTY", d("2025-01-28"), ExpiryKind::kMonthly), std::nullopt);
  EXPECT_EQ(lot_size("UNKNOWN", d("2025-01-28"), ExpiryKind::kMonthly), std::nullopt);
  EXPECT_EQ(lot_size("nifty", d("2025-11-25"), ExpiryKind::kMonthly), 75);  // any case
}

TEST(ExpiryKindText, RoundTrips) {
  EXPECT_EQ(to_string(ExpiryKind::kWeekly), "weekly");
  EXPECT_EQ(to_string(ExpiryKind::kMonthly), "monthly");
  EXPECT_EQ(parse_expiry_kind("Weekly"), ExpiryKind::kWeekly);
  EXPECT_EQ(parse_expiry_kind("MONTHLY"), ExpiryKind::kMonthly);
  EXPECT_EQ(parse_expiry_kind("week"), std::nullopt);
}

}  // namespace
}  // namespace tapelab::domain
