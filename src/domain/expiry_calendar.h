// Which expiries exist and when they finally expire.
//
// The built-in calendar applies the exchange's expiry-weekday timeline
// (data/expiry_rules.csv) to the NSE trading calendar: an expiry scheduled on a
// non-trading day moves to the previous full trading day. Users' calendar files
// override it entry by entry, and compare() lists every disagreement so a wrong
// file (or a wrong rule) is visible instead of silently winning.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "domain/date.h"
#include "domain/lot_size.h"
#include "domain/trading_calendar.h"

namespace tapelab::domain {

struct Expiry {
  std::string underlying;
  ExpiryKind kind;
  Date scheduled;        // the date the rule (or a weekly contract name) gives
  Date final;            // after holiday shift (or as the user calendar says)
  int contract_year;
  unsigned contract_month;  // monthlies: the month named; weeklies: the month of `final`
  bool operator==(const Expiry&) const = default;
};

class ExpiryCalendar {
 public:
  ExpiryCalendar() = default;  // empty

  // Exchange rules + NSE holidays, built once and returned as a copy: callers
  // decoding many names should keep one rather than call this per name.
  static ExpiryCalendar builtin();
  // The users' 12-column format or the simple `underlying,expiry,kind` one,
  // told apart by the header. Throws Error with file:line and reason.
  static ExpiryCalendar from_csv(const std::filesystem::path& path);
  // Same, from text in memory; `source` names it in error messages.
  static ExpiryCalendar parse_csv(std::string_view text, std::string_view source);
  // The rules of an expiry_rules.csv table applied to `trading`; throws Error
  // naming `source` and the line on a malformed or overlapping rule.
  static ExpiryCalendar from_rules(std::string_view rules_csv, std::string_view source,
                                   const TradingCalendar& trading);

  // User entries override the built-in rules; this returns the built-in rules
  // overlaid with `user`. A user monthly replaces the built-in monthly of the
  // same contract month; a user weekly replaces the built-in weekly with the
  // same scheduled date or, failing that, the same final date (the simple
  // format only knows final dates).
  static ExpiryCalendar overlay(const ExpiryCalendar& builtin, const ExpiryCalendar& user);

  // All expiries of an underlying whose FINAL date lies in [from, to], sorted
  // by final date then kind (weekly first).
  std::vector<Expiry> expiries(std::string_view underlying, Date from, Date to) const;
  std::optional<Expiry> weekly_by_scheduled(std::string_view underlying, Date scheduled) const;
  std::optional<Expiry> monthly_for(std::string_view underlying, int year, unsigned month) const;

  // Every entry, sorted by underlying, final date, kind, scheduled date.
  const std::vector<Expiry>& all() const { return entries_; }
  // Underlyings with at least one entry, sorted by name.
  std::vector<std::string> underlyings() const;
  // False for entries from the simple format, whose scheduled date is only a
  // stand-in for the unknown one (it equals the final date).
  bool scheduled_known(const Expiry& entry) const;

 private:
  void add(Expiry expiry, bool scheduled_known, std::string_view where);
  void finish();  // sorts and indexes

  std::vector<Expiry> entries_;
  std::vector<bool> scheduled_known_;  // parallel to entries_
  std::map<std::tuple<std::string, int32_t>, size_t> weekly_by_scheduled_;
  std::map<std::tuple<std::string, int, unsigned>, size_t> monthly_by_month_;
};

// One disagreement between two calendars (e.g. the fixture vs the rules).
struct CalendarDisagreement {
  std::string underlying;
  ExpiryKind kind;
  int year;
  unsigned month;
  std::optional<Date> scheduled;  // of the left entry if any, else the right one
  std::optional<Date> left_final, right_final;  // nullopt: the side has no such expiry
  std::string description;
};
// Pairs entries the way overlay() matches them and reports every pair whose
// final (or known scheduled) dates differ and every entry without a partner,
// for entries whose final date lies in [from, to]. Sorted by underlying, date, kind.
// The names appear in the descriptions ("fixture says final 2025-01-29, rules say ...").
std::vector<CalendarDisagreement> compare(const ExpiryCalendar& left, const ExpiryCalendar& right,
                                          Date from, Date to, std::string_view left_name = "left",
                                          std::string_view right_name = "right");

}  // namespace tapelab::domain
