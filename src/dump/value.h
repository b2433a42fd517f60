// Values of a mysqldump INSERT, as zero-copy views into the reader's buffer,
// and the typed parsers that turn them into numbers and times.
//
// The reader only classifies a value (number, string, NULL, hex, bits) and
// remembers where its text is; converting is left to the handler, which knows
// which columns it needs. A skipped column costs nothing beyond finding its end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tapelab::dump {

enum class ValueKind : std::uint8_t {
  kNull,    // NULL
  kNumber,  // 12, -2.5571396243, 1.5e-7: text is the literal
  kString,  // 'text': text is between the quotes, still escaped
  kHex,     // 0xABCD or X'ABCD' (--hex-blob): text is the hex digits
  kBits,    // b'0101': text is the binary digits
};

struct Value {
  std::string_view text;
  ValueKind kind = ValueKind::kNull;
  // Strings only: the text holds backslash escapes or doubled quotes, so it
  // differs from the string's value. Most strings (datetimes) have none.
  bool escaped = false;

  bool is_null() const { return kind == ValueKind::kNull; }

  // The string's value. Returns text itself when nothing is escaped, else
  // unescapes into scratch and returns a view of it.
  std::string_view unescaped(std::string& scratch) const;
};

// Unescapes a MySQL string body (the text between the quotes): \0 \' \" \b \n
// \r \t \Z \\ and doubled quotes; \% and \_ stay as written (they escape LIKE
// patterns only); a backslash before any other character stands for that
// character, as in MySQL.
void unescape_into(std::string_view text, std::string& out);

// Decodes hex digits (an even count) into bytes; false on a bad digit or an
// odd count.
bool decode_hex(std::string_view digits, std::string& out);

// Integer literal ("-12", "+7"), no spaces. nullopt when not an integer or out
// of range.
std::optional<std::int64_t> parse_int64(std::string_view text);

// Decimal or exponent literal to the nearest double, as a correctly rounding
// parser would give ("1507.10" == 1507.1). Plain decimals take
// parse_plain_decimal; the rest go through std::from_chars. nullopt when the
// text is not a number.
std::optional<double> parse_double(std::string_view text);

// Powers of ten that doubles hold exactly (10^0 .. 10^22).
inline constexpr double kExactPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// parse_double's exact fast path, inline for loops that convert millions of
// values: a plain decimal ("-1507.10", ".5", "+7") of at most 15 significant
// digits and 22 decimals. Then mantissa and power of ten are exact doubles and
// one IEEE division rounds correctly (Clinger). False for anything else,
// which parse_double still reads.
inline bool parse_plain_decimal(std::string_view text, double& out) {
  const char* p = text.data();
  const char* const end = p + text.size();
  bool negative = false;
  if (p < end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  std::uint64_t mantissa = 0;
  int significant = 0;  // digits from the first non-zero one
  int digits = 0;
  int scale = 0;  // digits after the point
  bool point = false;
  for (; p < end; ++p) {
    const auto digit = static_cast<unsigned>(*p - '0');
    if (digit <= 9) {
      if (mantissa != 0 || digit != 0) ++significant;
      if (significant > 15) return false;
      mantissa = mantissa * 10 + digit;
      ++digits;
      scale += point ? 1 : 0;
    } else if (*p == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  if (digits == 0 || scale > 22) return false;
  const double value = static_cast<double>(mantissa) / kExactPowersOfTen[scale];
  out = negative ? -value : value;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

// A DATETIME / TIMESTAMP text "YYYY-MM-DD HH:MM:SS[.ffffff]" (or a DATE
// "YYYY-MM-DD") read as a wall clock: nanoseconds since 1970-01-01 00:00:00 as
// if it were UTC. No time zone is applied; the caller knows the zone.
struct DateTimeResult {
  enum Status : std::uint8_t { kOk, kZero, kInvalid } status = kInvalid;
  std::int64_t nanos = 0;  // kOk only
};
// "0000-00-00 00:00:00" (and any date with a zero year, month or day, which
// MySQL stores for "no date") gives kZero; a malformed text, an impossible
// date (Feb 30, hour 24) or a time outside what int64 nanoseconds hold
// (1677-09-21 00:12:44 .. 2262-04-11 23:47:16) gives kInvalid.
DateTimeResult parse_datetime(std::string_view text);

inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr std::int64_t kNanosPerDay = 86'400 * kNanosPerSecond;

}  // namespace tapelab::dump
