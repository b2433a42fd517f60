// NSE trading days, from data/calendar/<year>.csv (2019-2026): holidays and
// special sessions are data, one file per year, so a new circular is a one-line
// edit. Weekends are closed unless a file lists a special session on them.
//
// Outside the covered years the calendar knows no holidays and treats every
// weekday as a regular session; callers that must not guess (contract names)
// check covers() first.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.h"

namespace tapelab::domain {

enum class SessionKind { kClosed, kRegular, kSpecialFull, kSpecialShort, kMuhurat };
std::string_view to_string(SessionKind);  // "closed", "regular", "special_full", ...

// One stretch of continuous trading, in seconds after midnight IST.
struct SessionWindow {
  int32_t open_seconds;
  int32_t close_seconds;
  bool operator==(const SessionWindow&) const = default;
};

class TradingCalendar {
 public:
  static const TradingCalendar& nse();  // built-in, from the embedded data files

  // Builds a calendar from {file name, contents} pairs named "<year>.csv", one
  // per year with no gaps; throws Error naming file and line on bad input.
  static TradingCalendar from_files(
      const std::vector<std::pair<std::string_view, std::string_view>>& files);

  SessionKind session(Date d) const;       // weekends closed unless special
  bool is_trading_day(Date d) const;       // any session kind except kClosed
  bool is_full_trading_day(Date d) const;  // regular or special full session
  // The day's trading windows (empty when closed): 09:15-15:30 on regular days,
  // the listed hours on special days (a short session can have two windows).
  std::vector<SessionWindow> session_windows(Date d) const;
  // The file's description of a holiday or special day ("" for ordinary days).
  std::string_view description(Date d) const;

  Date previous_trading_day(Date d) const;  // strictly before d (full trading days)
  Date next_trading_day(Date d) const;      // strictly after d (full trading days)
  Date on_or_before(Date d) const;          // d itself if a full trading day, else previous
  std::vector<Date> trading_days(Date from, Date to) const;  // full trading days, inclusive
  // Number of full trading days in (from, to]; negative when to < from.
  int32_t count_full_trading_days(Date from, Date to) const;

  Date first_covered() const { return first_; }  // 1 January of the first year
  Date last_covered() const { return last_; }    // 31 December of the last year
  bool covers(Date d) const { return d >= first_ && d <= last_; }

 private:
  struct Special {
    SessionKind kind;
    std::vector<SessionWindow> windows;
    std::string description;
  };
  TradingCalendar() = default;
  const Special* special(Date d) const;

  Date first_;
  Date last_;
  std::map<Date, Special> specials_;       // holidays and special sessions
  std::vector<int32_t> full_days_before_;  // full trading days in [first_, first_ + i)
};

}  // namespace tapelab::domain
