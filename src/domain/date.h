// A calendar date without a time zone: the unit of every exchange rule
// (holidays, expiries, lot-size changes). Stored as days since 1970-01-01 so
// arithmetic and comparison are integer operations.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tapelab::domain {

class Date {
 public:
  constexpr Date() = default;  // 1970-01-01
  static constexpr Date from_days(int32_t days) {
    Date d;
    d.days_ = days;
    return d;
  }
  // Throws Error naming the fields when they do not form a real date.
  static Date from_ymd(int year, unsigned month, unsigned day);
  // The same for input that may be wrong (a contract name): nullopt if invalid.
  static std::optional<Date> try_from_ymd(int year, unsigned month, unsigned day);
  // Strict "YYYY-MM-DD"; nullopt for anything else, including 0000-00-00.
  static std::optional<Date> parse(std::string_view iso);

  int32_t days() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;
  unsigned weekday() const;  // 0 = Monday ... 6 = Sunday
  std::string to_string() const;  // "YYYY-MM-DD"

  Date operator+(int32_t n) const { return from_days(days_ + n); }
  Date operator-(int32_t n) const { return from_days(days_ - n); }
  int32_t operator-(Date other) const { return days_ - other.days_; }
  auto operator<=>(const Date&) const = default;

 private:
  int32_t days_ = 0;
};

Date last_day_of_month(int year, unsigned month);

// "Monday" ... "Sunday" for weekday() values; the inverse returns nullopt for
// anything that is not a full English day name (case-insensitive).
std::string_view weekday_name(unsigned weekday);
std::optional<unsigned> parse_weekday_name(std::string_view name);

}  // namespace tapelab::domain
