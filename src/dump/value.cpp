#include "dump/value.h"

#include <charconv>

namespace tapelab::dump {

std::string_view Value::unescaped(std::string& scratch) const {
  if (!escaped) return text;
  scratch.clear();
  unescape_into(text, scratch);
  return scratch;
}

void unescape_into(std::string_view text, std::string& out) {
  out.reserve(out.size() + text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      char e = text[++i];
      switch (e) {
        case '0': c = '\0'; break;
        case 'b': c = '\b'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'Z': c = '\x1a'; break;
        // \% and \_ escape LIKE patterns only: in a value they stay as
        // written, backslash included (MariaDB agrees, docs/fuzzing.md).
        case '%':
        case '_': out.push_back('\\'); c = e; break;
        default: c = e; break;  // \\ \' \" and MySQL's "any other char is itself"
      }
    } else if ((c == '\'' || c == '"') && i + 1 < text.size() && text[i + 1] == c) {
      ++i;  // a doubled quote stands for one
    }
    out.push_back(c);
  }
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool decode_hex(std::string_view digits, std::string& out) {
  if (digits.size() % 2 != 0) return false;
  out.reserve(out.size() + digits.size() / 2);
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    int hi = hex_digit(digits[i]);
    int lo = hex_digit(digits[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parse_double(std::string_view text) {
  double value = 0;
  if (parse_plain_decimal(text, value)) return value;
  // Exponents, long mantissas and malformed text: the general parser decides.
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p < end && *p == '-';
  if (p < end && (*p == '-' || *p == '+')) ++p;
  // from_chars would also take "inf" and "nan", which are not SQL numbers.
  if (p == end || !(is_digit(*p) || *p == '.')) return std::nullopt;
  auto [stop, ec] = std::from_chars(p, end, value);
  if (ec == std::errc::result_out_of_range) return std::nullopt;
  if (ec != std::errc() || stop != end) return std::nullopt;
  return negative ? -value : value;
}

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) {
  // Count in 400-year eras starting on March 1st, so the leap day is the last
  // day of its year and month lengths follow a fixed 153-day pattern.
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;                            // [0, 399]
  const unsigned shifted_month = month > 2 ? month - 3 : month + 9;              // March = 0
  const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;     // [0, 365]
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

namespace {

// Reads exactly n digits at text[pos]; -1 if any is not a digit.
int fixed_digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

}  // namespace

DateTimeResult parse_datetime(std::string_view text) {
  DateTimeResult result;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return result;
  const int year = fixed_digits(text, 0, 4);
  const int month = fixed_digits(text, 5, 2);
  const int day = fixed_digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return result;
  int hour = 0, minute = 0, second = 0;
  std::int64_t fraction_nanos = 0;
  if (text.size() > 10) {
    if (text.size() < 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':') return result;
    hour = fixed_digits(text, 11, 2);
    minute = fixed_digits(text, 14, 2);
    second = fixed_digits(text, 17, 2);
    if (hour < 0 || minute < 0 || second < 0 || hour > 23 || minute > 59 || second > 59) return result;
    if (text.size() > 19) {
      const std::size_t digits = text.size() - 20;
      if (text[19] != '.' || digits == 0 || digits > 9) return result;
      const int fraction = fixed_digits(text, 20, digits);
      if (fraction < 0) return result;
      fraction_nanos = fraction;
      for (std::size_t i = digits; i < 9; ++i) fraction_nanos *= 10;
    }
  }
  if (year == 0 || month == 0 || day == 0) {
    result.status = DateTimeResult::kZero;
    return result;
  }
  if (month > 12 || static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) return result;
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t seconds = days * 86'400 + hour * 3600LL + minute * 60LL + second;
  // int64 nanoseconds reach from 1677-09-21 00:12:44 to 2262-04-11 23:47:16;
  // a time outside cannot be held, and wrapping around would make it another.
  if (__builtin_mul_overflow(seconds, kNanosPerSecond, &result.nanos) ||
      __builtin_add_overflow(result.nanos, fraction_nanos, &result.nanos)) {
    result.nanos = 0;
    return result;
  }
  result.status = DateTimeResult::kOk;
  return result;
}

}  // namespace tapelab::dump
