#include "domain/contract.h"

#include <gtest/gtest.h>

#include "domain/underlying.h"
#include "util/error.h"

namespace tapelab::domain {
namespace {

Date d(std::string_view iso) { return *Date::parse(iso); }

const ExpiryCalendar& builtin() {
  static const ExpiryCalendar cal = ExpiryCalendar::builtin();
  return cal;
}

const ExpiryCalendar& fixture_calendar() {
  static const ExpiryCalendar cal = ExpiryCalendar::overlay(
      ExpiryCalendar::builtin(),
      ExpiryCalendar::from_csv(TAPELAB_SOURCE_DIR "/tests/fixtures/expiry_calendar.csv"));
  return cal;
}

Contract decode(std::string_view name, const ExpiryCalendar& cal = builtin()) {
  ContractOrError r = parse_contract(name, cal);
  EXPECT_TRUE(r.contract.has_value()) << name << ": " << r.error;
  EXPECT_EQ(r.error, "");
  return r.contract.value_or(Contract{});
}

struct Expected {
  std::string_view name;
  std::string_view underlying;
  ExpiryKind kind;
  std::string_view scheduled;
  std::string_view final;
  int32_t strike;
  OptionType type;
};

TEST(ParseContract, IssueExamplesDecode) {
  const Expected cases[] = {
      {"BANKNIFTY25DEC58300CE", "BANKNIFTY", ExpiryKind::kMonthly, "2025-12-30", "2025-12-30", 58300, OptionType::kCall},
      // Dec 2024 BANKNIFTY monthly: last Wednesday the 25th, a holiday.
      {"banknifty24dec49000pe", "BANKNIFTY", ExpiryKind::kMonthly, "2024-12-25", "2024-12-24", 49000, OptionType::kPut},
      {"nifty2520623950ce", "NIFTY", ExpiryKind::kWeekly, "2025-02-06", "2025-02-06", 23950, OptionType::kCall},
      {"banknifty1941128500ce", "BANKNIFTY", ExpiryKind::kWeekly, "2019-04-11", "2019-04-11", 28500, OptionType::kCall},
      {"banknifty19d0530100ce", "BANKNIFTY", ExpiryKind::kWeekly, "2019-12-05", "2019-12-05", 30100, OptionType::kCall},
      {"banknifty21n0436300ce", "BANKNIFTY", ExpiryKind::kWeekly, "2021-11-04", "2021-11-03", 36300, OptionType::kCall},
      {"NIFTY25N1825900CE", "NIFTY", ExpiryKind::kWeekly, "2025-11-18", "2025-11-18", 25900, OptionType::kCall},
  };
  for (const ExpiryCalendar* cal : {&fixture_calendar(), &builtin()}) {
    for (const Expected& e : cases) {
      SCOPED_TRACE(e.name);
      Contract c = decode(e.name, *cal);
      EXPECT_EQ(c.symbol, e.name);
      EXPECT_EQ(c.underlying, e.underlying);
      EXPECT_EQ(c.kind, e.kind);
      EXPECT_EQ(c.scheduled_expiry, d(e.scheduled));
      EXPECT_EQ(c.expiry, d(e.final));
      EXPECT_EQ(c.strike, e.strike);
      EXPECT_EQ(c.type, e.type);
    }
  }
}

TEST(ParseContract, GarbageNamesGiveReasons) {
  struct Case {
    std::string_view name;
    std::string_view error;
  };
  const Case cases[] = {
      {"", "does not start with a known underlying"},
      {"RELIANCE25DEC1500CE", "does not start with a known underlying"},
      {"NIFTY", "does not end in CE or PE"},
      {"NIFTY25DEC25000XX", "does not end in CE or PE"},
      {"NIFTY25DEC25000", "does not end in CE or PE"},
      {"NIFTY25DECCE", "'25DEC' after NIFTY is too short for a 5-character expiry code and a strike"},
      {"NIFTY25DE2500CE", "day 'E2' in weekly expiry code '25DE2' is not two digits"},
      {"NIFTY25ABC25000CE", "unknown month 'ABC' in expiry code '25ABC'"},
      {"NIFTYX5DEC25000CE", "expiry code 'X5DEC' does not start with a two-digit year"},
      {"NIFTY25A1825900CE", "bad month character 'A' in weekly expiry code '25A18' (1-9, O, N or D)"},
      {"NIFTY25018259CE", "bad month character '0' in weekly expiry code '25018' (1-9, O, N or D)"},
      {"NIFTY25N1X25900CE", "day '1X' in weekly expiry code '25N1X' is not two digits"},
      {"NIFTY2523025900CE", "expiry code '25230' names no real date"},
      {"NIFTY25DEC25.5CE", "strike '25.5' is not a whole number"},
      {"NIFTY25DECABCCE", "strike 'ABC' is not a whole number"},
      {"NIFTY25DEC0CE", "strike is zero"},
      {"NIFTY25DEC025000CE", "strike '025000' has a leading zero"},
      {"NIFTY25DEC-25000CE", "strike '-25000' is not a whole number"},
      {"NIFTY25DEC1234567890CE", "strike '1234567890' is out of range"},
      {" NIFTY25DEC25000CE", "does not start with a known underlying"},
      // Well-formed, but the calendar has no such monthly (no FINNIFTY rules,
      // or past the covered years): an error, not a guessed date.
      {"FINNIFTY25DEC25000CE", "the calendar has no FINNIFTY monthly expiry for 2025-12"},
      {"NIFTY27DEC25000CE", "the calendar has no NIFTY monthly expiry for 2027-12"},
      {"NIFTY2710725000CE", "scheduled expiry 2027-01-07 is outside the trading calendar (2019-2026)"},
  };
  for (const Case& c : cases) {
    ContractOrError r = parse_contract(c.name, builtin());
    EXPECT_FALSE(r.contract.has_value()) << c.name;
    EXPECT_EQ(r.error, c.error) << c.name;
  }
}

TEST(ParseContract, LongestUnderlyingWins) {
  Contract c = decode("MIDCPNIFTY25D3112000PE");  // not NIFTY: MIDCPNIFTY is longer and matches
  EXPECT_EQ(c.underlying, "MIDCPNIFTY");
  EXPECT_EQ(c.scheduled_expiry, d("2025-12-31"));
  EXPECT_EQ(c.strike, 12000);
  EXPECT_EQ(c.type, OptionType::kPut);
  EXPECT_EQ(decode("FinNifty25N1826000ce").underlying, "FINNIFTY");
}

TEST(ParseContract, UnlistedWeeklyUsesTheHolidayShift) {
  // BANKNIFTY weeklies ended in Nov 2024; an old-style name for a date the
  // calendar does not list still gets the exchange's holiday rule.
  Contract c = decode("BANKNIFTY24D2553000CE");
  EXPECT_EQ(c.scheduled_expiry, d("2024-12-25"));
  EXPECT_EQ(c.expiry, d("2024-12-24"));
  EXPECT_EQ(decode("FINNIFTY2541526000CE").expiry, d("2025-04-15"));
  // The user calendar decides where it has the date: the fixture misses the June 2023 shift.
  EXPECT_EQ(decode("NIFTY2362918000CE", fixture_calendar()).expiry, d("2023-06-29"));
  EXPECT_EQ(decode("NIFTY2362918000CE").expiry, d("2023-06-28"));
}

TEST(ContractSymbol, CanonicalNames) {
  EXPECT_EQ(contract_symbol("banknifty", ExpiryKind::kMonthly, d("2025-12-30"), 58300, OptionType::kCall),
            "BANKNIFTY25DEC58300CE");
  EXPECT_EQ(contract_symbol("NIFTY", ExpiryKind::kWeekly, d("2025-11-18"), 25900, OptionType::kCall),
            "NIFTY25N1825900CE");
  EXPECT_EQ(contract_symbol("NIFTY", ExpiryKind::kWeekly, d("2025-02-06"), 23950, OptionType::kPut),
            "NIFTY2520623950PE");
  EXPECT_EQ(contract_symbol("NIFTY", ExpiryKind::kWeekly, d("2025-10-07"), 25000, OptionType::kPut),
            "NIFTY25O0725000PE");
  EXPECT_THROW(contract_symbol("NIFTY", ExpiryKind::kWeekly, d("2025-10-07"), 0, OptionType::kPut), Error);
  EXPECT_THROW(contract_symbol("NIFTY", ExpiryKind::kWeekly, d("2100-01-05"), 100, OptionType::kPut), Error);
}

// Every expiry the built-in calendar knows, 2019-2026, survives name -> parse.
TEST(ContractSymbol, RoundTripsThroughParseForEveryExpiry) {
  size_t checked = 0;
  for (const Expiry& e : builtin().all()) {
    const Underlying* u = find_underlying(e.underlying);
    ASSERT_NE(u, nullptr);
    for (OptionType type : {OptionType::kCall, OptionType::kPut}) {
      int32_t strike = u->strike_step * 500 + (type == OptionType::kPut ? u->strike_step : 0);
      std::string name = contract_symbol(e.underlying, e.kind, e.scheduled, strike, type);
      ContractOrError r = parse_contract(name, builtin());
      ASSERT_TRUE(r.contract.has_value()) << name << ": " << r.error;
      EXPECT_EQ(r.contract->symbol, name);
      EXPECT_EQ(r.contract->underlying, e.underlying);
      EXPECT_EQ(r.contract->kind, e.kind);
      EXPECT_EQ(r.contract->scheduled_expiry, e.scheduled) << name;
      EXPECT_EQ(r.contract->expiry, e.final) << name;
      EXPECT_EQ(r.contract->strike, strike);
      EXPECT_EQ(r.contract->type, type);
      ++checked;
    }
  }
  // NIFTY weeklies and monthlies 2019-2026, BANKNIFTY weeklies to Nov 2024 and monthlies.
  EXPECT_EQ(checked, 2 * builtin().all().size());
  EXPECT_GT(builtin().all().size(), 900u);
  EXPECT_EQ(builtin().all().front().scheduled.year(), 2019);
  EXPECT_EQ(builtin().all().back().final.year(), 2026);
}

TEST(OptionTypeText, CeAndPe) {
  EXPECT_EQ(to_string(OptionType::kCall), "CE");
  EXPECT_EQ(to_string(OptionType::kPut), "PE");
}

}  // namespace
}  // namespace tapelab::domain
