#include "dump/value.h"

#include <cstdlib>
#include <random>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace tapelab::dump {
namespace {

TEST(ParseDouble, TwoDecimalPricesAreTheNearestDouble) {
  EXPECT_EQ(*parse_double("1507.10"), 1507.1);
  EXPECT_EQ(*parse_double("0.05"), 0.05);
  EXPECT_EQ(*parse_double("-2.5571396243"), -2.5571396243);
  std::mt19937_64 rng(42);
  for (int i = 0; i < 200000; ++i) {
    const std::string text = fmt::format("{}{}.{:02}", rng() % 3 == 0 ? "-" : "", rng() % 10000000, rng() % 100);
    const double expected = std::strtod(text.c_str(), nullptr);
    ASSERT_EQ(*parse_double(text), expected) << text;
  }
}

TEST(ParseDouble, LongMantissasAndExponentsMatchStrtod) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 50000; ++i) {
    const std::string text = fmt::format("{}.{}e{}", rng() % 100000, rng(), static_cast<int>(rng() % 40) - 20);
    ASSERT_EQ(*parse_double(text), std::strtod(text.c_str(), nullptr)) << text;
  }
  for (const char* text : {"12345678901234567890", "0.1234567890123456789", "1e22", "1E-7", "-1E+20", ".5", "5.",
                           "+3.25", "0.000000000000000000000001"}) {
    ASSERT_TRUE(parse_double(text).has_value()) << text;
    EXPECT_EQ(*parse_double(text), std::strtod(text, nullptr)) << text;
  }
}

TEST(ParseDouble, RejectsNonNumbers) {
  for (const char* text : {"", "-", "+", ".", "abc", "1.2.3", "12x", "inf", "nan", "--1", "1e", " 1"}) {
    EXPECT_FALSE(parse_double(text).has_value()) << text;
  }
}

TEST(ParseInt, RangeAndSyntax) {
  EXPECT_EQ(*parse_int64("35"), 35);
  EXPECT_EQ(*parse_int64("-24010"), -24010);
  EXPECT_EQ(*parse_int64("+7"), 7);
  EXPECT_EQ(*parse_int64("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(parse_int64("9223372036854775808").has_value());
  for (const char* text : {"", "-", "1.0", "1e3", "0x10", "12 ", "++1"}) EXPECT_FALSE(parse_int64(text)) << text;
}

TEST(ParseDateTime, WallClockAsUtc) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2024, 2, 29), 19782);
  // 2025-11-18 10:00:47 = 1763460047 seconds after the epoch read as UTC.
  DateTimeResult r = parse_datetime("2025-11-18 10:00:47");
  ASSERT_EQ(r.status, DateTimeResult::kOk);
  EXPECT_EQ(r.nanos, 1763460047LL * kNanosPerSecond);
  r = parse_datetime("1970-01-01 05:30:00");
  ASSERT_EQ(r.status, DateTimeResult::kOk);
  EXPECT_EQ(r.nanos, 19800LL * kNanosPerSecond);  // a 1970 row is recognisable: before one day
  r = parse_datetime("2025-11-18 10:00:47.5");
  EXPECT_EQ(r.nanos, 1763460047LL * kNanosPerSecond + 500000000);
  r = parse_datetime("2025-11-18");
  EXPECT_EQ(r.nanos, 1763424000LL * kNanosPerSecond);
  EXPECT_EQ(parse_datetime("0000-00-00 00:00:00").status, DateTimeResult::kZero);
  EXPECT_EQ(parse_datetime("0000-00-00").status, DateTimeResult::kZero);
  for (const char* bad : {"", "2025-11-18 10:00", "2025-02-29 10:00:00", "2025-13-01 00:00:00", "2025-11-18 24:00:00",
                          "2025-11-18T10:00:47", "2025/11/18 10:00:47", "2025-11-18 10:00:47.", "abcd-ef-gh"}) {
    EXPECT_EQ(parse_datetime(bad).status, DateTimeResult::kInvalid) << bad;
  }
}

// Beyond what int64 nanoseconds hold, a date-time is invalid rather than
// wrapped into another one (a fuzzer finding: year 4050 overflowed).
TEST(ParseDateTime, OutsideInt64NanosecondsIsInvalid) {
  EXPECT_EQ(parse_datetime("2262-04-11 23:47:16").nanos, 9223372036LL * kNanosPerSecond);
  EXPECT_EQ(parse_datetime("1677-09-21 00:12:44").nanos, -9223372036LL * kNanosPerSecond);
  for (const char* far : {"2262-04-11 23:47:17", "2262-04-12", "4050-01-01 00:00:00", "9999-12-31 23:59:59",
                          "1677-09-21 00:12:43", "1000-01-01", "0001-01-01 00:00:00"}) {
    EXPECT_EQ(parse_datetime(far).status, DateTimeResult::kInvalid) << far;
  }
}

TEST(ParseDateTime, AgreesWithTimegmOverManyDays) {
  for (std::int64_t day = -800; day < 30000; day += 7) {
    const std::time_t t = static_cast<std::time_t>(day * 86400 + 3723);
    std::tm tm{};
    gmtime_r(&t, &tm);
    const std::string text = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                                         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    ASSERT_EQ(parse_datetime(text).nanos, static_cast<std::int64_t>(t) * kNanosPerSecond) << text;
  }
}

TEST(Unescape, MysqlEscapes) {
  std::string out;
  unescape_into(R"(a\'b\"c\\d\ne\tf\0g\Zh\%i''j\_k\yl)", out);
  // \% and \_ keep their backslash, as MariaDB stores them (the fuzz
  // corpus's differential test found that we dropped it); \y is y.
  EXPECT_EQ(out, std::string("a'b\"c\\d\ne\tf\0g\x1ah\\%i'j\\_kyl", 25));
  Value plain{"plain", ValueKind::kString, false};
  std::string scratch;
  EXPECT_EQ(plain.unescaped(scratch).data(), plain.text.data());  // no copy when nothing is escaped
}

TEST(DecodeHex, Bytes) {
  std::string out;
  EXPECT_TRUE(decode_hex("00ff10Ab", out));
  EXPECT_EQ(out, std::string("\x00\xff\x10\xab", 4));
  EXPECT_FALSE(decode_hex("abc", out));
  EXPECT_FALSE(decode_hex("zz", out));
}

}  // namespace
}  // namespace tapelab::dump
