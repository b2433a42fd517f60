#include "domain/contract.h"

#include <gtest/gtest.h>

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
      ExpiryCalendar::from_csv(TAPELAB_SOURCE_DIR "/../shared/fixtures/expiry_calendar.csv"));
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

}  // namespace
}  // namespace tapelab::domain
