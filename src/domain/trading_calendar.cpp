#include "domain/trading_calendar.h"

#include <algorithm>
#include <string>

#include "domain/csv.h"
#include "domain/embedded.h"

namespace tapelab::domain {
namespace {

// The NSE equity-derivatives session; special days list their own hours.
constexpr SessionWindow kRegularSession{9 * 3600 + 15 * 60, 15 * 3600 + 30 * 60};

bool is_weekend(Date d) { return d.weekday() >= 5; }

std::optional<SessionKind> parse_session_kind(std::string_view text) {
  for (SessionKind kind : {SessionKind::kSpecialFull, SessionKind::kSpecialShort, SessionKind::kMuhurat}) {
    if (text == to_string(kind)) return kind;
  }
  if (text == "holiday") return SessionKind::kClosed;
  return std::nullopt;
}

// "09:15-10:00;11:30-12:30": ordered, non-overlapping windows.
std::vector<SessionWindow> parse_windows(std::string_view text, std::string_view source, size_t line) {
  std::vector<SessionWindow> windows;
  while (!text.empty()) {
    size_t cut = text.find(';');
    std::string_view part = text.substr(0, cut);
    text = cut == std::string_view::npos ? std::string_view{} : text.substr(cut + 1);
    const bool shaped = part.size() == 11 && part[5] == '-';
    const std::optional<int> open = shaped ? parse_clock(part.substr(0, 5)) : std::nullopt;
    const std::optional<int> close = shaped ? parse_clock(part.substr(6, 5)) : std::nullopt;
    if (!open.has_value() || !close.has_value() || open.value() >= close.value()) {
      fail_at(source, line, "bad hours '{}', expected HH:MM-HH:MM[;HH:MM-HH:MM]", part);
    }
    if (!windows.empty() && windows.back().close_seconds > *open) {
      fail_at(source, line, "session windows overlap or are out of order");
    }
    windows.push_back({*open, *close});
  }
  return windows;
}

}  // namespace

std::string_view to_string(SessionKind kind) {
  switch (kind) {
    case SessionKind::kClosed: return "closed";
    case SessionKind::kRegular: return "regular";
    case SessionKind::kSpecialFull: return "special_full";
    case SessionKind::kSpecialShort: return "special_short";
    case SessionKind::kMuhurat: return "muhurat";
  }
  return "?";
}

const TradingCalendar& TradingCalendar::nse() {
  static const TradingCalendar calendar = from_files(embedded::domain_calendar());
  return calendar;
}

TradingCalendar TradingCalendar::from_files(
    const std::vector<std::pair<std::string_view, std::string_view>>& files) {
  if (files.empty()) fail("trading calendar: no year files");
  std::vector<std::pair<int, std::pair<std::string_view, std::string_view>>> years;
  for (const auto& file : files) {
    std::string_view name = file.first;
    auto year = name.size() == 8 && name.substr(4) == ".csv" ? parse_integer(name.substr(0, 4)) : std::nullopt;
    if (!year || *year < 1900) fail("trading calendar: file name '{}' is not <year>.csv", name);
    years.push_back({static_cast<int>(*year), file});
  }
  std::sort(years.begin(), years.end());
  for (size_t i = 1; i < years.size(); ++i) {
    if (years[i].first != years[i - 1].first + 1) {
      fail("trading calendar: years must be consecutive, {} is followed by {}", years[i - 1].first,
           years[i].first);
    }
  }

  TradingCalendar cal;
  cal.first_ = Date::from_ymd(years.front().first, 1, 1);
  cal.last_ = Date::from_ymd(years.back().first, 12, 31);
  for (const auto& [year, file] : years) {
    std::string source = "data/calendar/" + std::string(file.first);
    auto lines = parse_csv(file.second, source);
    check_table_shape(lines, {"date", "kind", "hours", "description"}, source);
    for (size_t i = 1; i < lines.size(); ++i) {
      const auto& f = lines[i].fields;
      size_t line = lines[i].number;
      auto date = Date::parse(f[0]);
      if (!date) fail_at(source, line, "bad date '{}'", f[0]);
      if (date->year() != year) fail_at(source, line, "{} does not belong in {}", f[0], file.first);
      auto kind = parse_session_kind(f[1]);
      if (!kind) {
        fail_at(source, line, "kind must be holiday, special_full, special_short or muhurat, not '{}'", f[1]);
      }
      Special special{*kind, {}, f[3]};
      if (*kind == SessionKind::kClosed) {
        // A weekend "holiday" changes nothing and usually means a typo in the date.
        if (is_weekend(*date)) fail_at(source, line, "holiday {} falls on a weekend", f[0]);
        if (!f[2].empty()) fail_at(source, line, "a holiday has no hours");
      } else {
        special.windows = parse_windows(f[2], source, line);
        if (special.windows.empty()) fail_at(source, line, "a {} session needs its hours", f[1]);
      }
      if (!cal.specials_.emplace(*date, std::move(special)).second) {
        fail_at(source, line, "{} is listed twice", f[0]);
      }
    }
  }

  int32_t span = cal.last_ - cal.first_ + 1;
  cal.full_days_before_.resize(static_cast<size_t>(span) + 1);
  for (int32_t i = 0; i < span; ++i) {
    cal.full_days_before_[static_cast<size_t>(i) + 1] =
        cal.full_days_before_[static_cast<size_t>(i)] + (cal.is_full_trading_day(cal.first_ + i) ? 1 : 0);
  }
  return cal;
}

const TradingCalendar::Special* TradingCalendar::special(Date d) const {
  auto it = specials_.find(d);
  return it == specials_.end() ? nullptr : &it->second;
}

SessionKind TradingCalendar::session(Date d) const {
  if (const Special* s = special(d)) return s->kind;
  return is_weekend(d) ? SessionKind::kClosed : SessionKind::kRegular;
}

bool TradingCalendar::is_trading_day(Date d) const { return session(d) != SessionKind::kClosed; }

bool TradingCalendar::is_full_trading_day(Date d) const {
  SessionKind kind = session(d);
  return kind == SessionKind::kRegular || kind == SessionKind::kSpecialFull;
}

std::vector<SessionWindow> TradingCalendar::session_windows(Date d) const {
  if (const Special* s = special(d)) return s->windows;
  if (is_weekend(d)) return {};
  return {kRegularSession};
}

std::string_view TradingCalendar::description(Date d) const {
  const Special* s = special(d);
  return s ? std::string_view(s->description) : std::string_view{};
}

Date TradingCalendar::previous_trading_day(Date d) const {
  // Terminates: at most a handful of consecutive closed days exist, and
  // outside the covered years every weekday counts.
  do {
    d = d - 1;
  } while (!is_full_trading_day(d));
  return d;
}

Date TradingCalendar::next_trading_day(Date d) const {
  do {
    d = d + 1;
  } while (!is_full_trading_day(d));
  return d;
}

Date TradingCalendar::on_or_before(Date d) const {
  return is_full_trading_day(d) ? d : previous_trading_day(d);
}

std::vector<Date> TradingCalendar::trading_days(Date from, Date to) const {
  std::vector<Date> days;
  for (Date d = from; d <= to; d = d + 1) {
    if (is_full_trading_day(d)) days.push_back(d);
  }
  return days;
}

int32_t TradingCalendar::count_full_trading_days(Date from, Date to) const {
  if (to < from) return -count_full_trading_days(to, from);
  if (from >= first_ && to <= last_) {
    // Prefix sums make this O(1): the engine asks it for every snapshot.
    return full_days_before_[static_cast<size_t>(to - first_) + 1] -
           full_days_before_[static_cast<size_t>(from - first_) + 1];
  }
  int32_t count = 0;
  for (Date d = from + 1; d <= to; d = d + 1) count += is_full_trading_day(d) ? 1 : 0;
  return count;
}

}  // namespace tapelab::domain
