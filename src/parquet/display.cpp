#include "parquet/display.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "util/error.h"

namespace tapelab::parquet {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t per_second(TimeUnit u) {
  return u == TimeUnit::MILLIS ? 1000 : u == TimeUnit::MICROS ? 1000000 : 1000000000;
}

int fraction_digits(TimeUnit u) { return u == TimeUnit::MILLIS ? 3 : u == TimeUnit::MICROS ? 6 : 9; }

std::string format_timestamp(std::int64_t v, TimeUnit unit) {
  const std::int64_t ps = per_second(unit);
  std::int64_t secs = floor_div(v, ps);
  std::int64_t frac = v - secs * ps;
  std::int64_t days = floor_div(secs, 86400);
  std::int64_t sod = secs - days * 86400;
  std::string out = fmt::format("{} {:02}:{:02}:{:02}", civil_from_days(days), sod / 3600, sod / 60 % 60, sod % 60);
  if (frac != 0) out += fmt::format(".{:0{}}", frac, fraction_digits(unit));
  return out;
}

std::string format_decimal(std::int64_t v, int scale) {
  if (scale == 0) return std::to_string(v);
  if (scale < 0 || scale > 18) return fmt::format("{}e-{}", v, scale);  // outside INT64 decimals
  std::uint64_t pow10 = 1;
  for (int i = 0; i < scale; ++i) pow10 *= 10;
  // Through unsigned so INT64_MIN negates without overflow.
  std::uint64_t mag = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  return fmt::format("{}{}.{:0{}}", v < 0 ? "-" : "", mag / pow10, mag % pow10, scale);
}

std::int64_t integer_of(const ColumnData& d, std::size_t row) {
  return d.type == PhysicalType::INT32 ? d.i32[row] : d.i64[row];
}

std::string unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    return std::string(s.substr(1, s.size() - 2));
  }
  return std::string(s);
}

std::int64_t parse_int(std::string_view s, std::string_view what) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) fail("{}: '{}' is not an integer", what, s);
  return v;
}

// Parses 'YYYY-MM-DD[ HH:MM:SS[.fraction]]' (also with a 'T').
std::int64_t parse_timestamp(std::string_view s, TimeUnit unit, const std::string& what) {
  auto bad = [&] { fail("{}: '{}' is not YYYY-MM-DD[ HH:MM:SS[.fff]]", what, s); };
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') bad();
  std::int64_t days = days_from_civil(parse_int(s.substr(0, 4), what), static_cast<unsigned>(parse_int(s.substr(5, 2), what)),
                                      static_cast<unsigned>(parse_int(s.substr(8, 2), what)));
  std::int64_t secs = days * 86400;
  std::int64_t frac = 0;
  if (s.size() > 10) {
    if ((s[10] != ' ' && s[10] != 'T') || s.size() < 19 || s[13] != ':' || s[16] != ':') bad();
    secs += parse_int(s.substr(11, 2), what) * 3600 + parse_int(s.substr(14, 2), what) * 60 + parse_int(s.substr(17, 2), what);
    if (s.size() > 19) {
      if (s[19] != '.' || s.size() == 20) bad();
      std::string digits(s.substr(20));
      const int want = fraction_digits(unit);
      if (static_cast<int>(digits.size()) > want) bad();
      digits.append(static_cast<std::size_t>(want) - digits.size(), '0');
      frac = parse_int(digits, what);
    }
  }
  return secs * per_second(unit) + frac;
}

}  // namespace

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  if (m < 1 || m > 12 || d < 1 || d > 31) fail("invalid date {}-{}-{}", y, m, d);
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::string format_value(const Column& c, const ColumnData& d, std::size_t row) {
  if (!d.is_valid(row)) return "";
  const LogicalType& t = c.logical;
  switch (c.type) {
    case PhysicalType::BOOLEAN: return d.bools[row] ? "true" : "false";
    case PhysicalType::INT32:
    case PhysicalType::INT64: {
      std::int64_t v = integer_of(d, row);
      switch (t.kind) {
        case LogicalType::Kind::TIMESTAMP: return format_timestamp(v, t.unit);
        case LogicalType::Kind::DATE: return civil_from_days(v);
        case LogicalType::Kind::DECIMAL: return format_decimal(v, t.scale);
        case LogicalType::Kind::INT:
          if (!t.is_signed) {
            return c.type == PhysicalType::INT32 ? std::to_string(static_cast<std::uint32_t>(d.i32[row]))
                                                 : std::to_string(static_cast<std::uint64_t>(v));
          }
          return std::to_string(v);
        default: return std::to_string(v);
      }
    }
    case PhysicalType::FLOAT: return fmt::format("{}", d.f32[row]);
    case PhysicalType::DOUBLE: return fmt::format("{}", d.f64[row]);
    case PhysicalType::BYTE_ARRAY: return std::string(d.string_at(row));
    default: return "?";
  }
}

Value parse_literal(const Column& c, std::string_view raw) {
  const std::string text = unquote(raw);
  const std::string what = "value for column " + c.name;
  const LogicalType& t = c.logical;
  switch (c.type) {
    case PhysicalType::BOOLEAN:
      if (text == "true" || text == "1") return std::int64_t{1};
      if (text == "false" || text == "0") return std::int64_t{0};
      fail("{}: '{}' is not true/false", what, text);
    case PhysicalType::INT32:
    case PhysicalType::INT64:
      if (t.kind == LogicalType::Kind::TIMESTAMP) return parse_timestamp(text, t.unit, what);
      if (t.kind == LogicalType::Kind::DATE) {
        if (text.size() != 10) fail("{}: '{}' is not YYYY-MM-DD", what, text);
        return parse_timestamp(text, TimeUnit::MILLIS, what) / 86'400'000;
      }
      if (t.kind == LogicalType::Kind::DECIMAL) {
        double v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || p != text.data() + text.size()) fail("{}: '{}' is not a number", what, text);
        double scaled = v * std::pow(10.0, t.scale);
        // Whole and inside int64: an exact bound. Beyond int64 the double
        // itself is the bound (converting it would be undefined).
        if (scaled == std::nearbyint(scaled) && std::fabs(scaled) < 0x1p63) return static_cast<std::int64_t>(scaled);
        return scaled;  // between two representable decimals: a fractional bound
      }
      if (text.find_first_of(".eE") != std::string::npos) {
        double v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || p != text.data() + text.size()) fail("{}: '{}' is not a number", what, text);
        return v;
      }
      return parse_int(text, what);
    case PhysicalType::FLOAT:
    case PhysicalType::DOUBLE: {
      double v = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || p != text.data() + text.size()) fail("{}: '{}' is not a number", what, text);
      return v;
    }
    case PhysicalType::BYTE_ARRAY: return text;
    default: fail("{}: {} columns cannot be compared", what, to_string(c.type));
  }
}

namespace {

std::vector<std::string> tokenize(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char ch = s[i];
    if (ch == ' ' || ch == '\t') {
      ++i;
    } else if (ch == '\'' || ch == '"') {
      std::size_t end = s.find(ch, i + 1);
      if (end == std::string_view::npos) fail("--where: unterminated quote in '{}'", s);
      out.emplace_back(s.substr(i, end - i + 1));
      i = end + 1;
    } else if (ch == '<' || ch == '>' || ch == '=') {
      std::size_t len = (i + 1 < s.size() && s[i + 1] == '=') ? 2 : 1;
      out.emplace_back(s.substr(i, len));
      i += len;
    } else {
      std::size_t end = s.find_first_of(" \t<>='\"", i);
      if (end == std::string_view::npos) end = s.size();
      out.emplace_back(s.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// The next value after v in the column's domain, for strict comparisons.
Value step(const Value& v, int dir, const Column& c) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    std::int64_t next = 0;
    if (!__builtin_add_overflow(*i, dir, &next)) return next;
    // "> INT64_MAX" or "< INT64_MIN": a bound that no value reaches.
    return dir > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  }
  if (const auto* d = std::get_if<double>(&v)) {
    if (c.type == PhysicalType::INT32 || c.type == PhysicalType::INT64) {
      return dir > 0 ? std::floor(*d) + 1 : std::ceil(*d) - 1;
    }
    return std::nextafter(*d, dir > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity());
  }
  fail("--where: strict comparison on string column {}; use >= or <=", c.name);
}

}  // namespace

Predicate parse_where(const Schema& schema, std::string_view text) {
  std::vector<std::string> tok = tokenize(text);
  Predicate p;
  std::size_t i = 0;
  auto need = [&](std::string_view what) -> const std::string& {
    if (i >= tok.size()) fail("--where: expected {} at the end of '{}'", what, text);
    return tok[i++];
  };
  while (true) {
    const std::string& name = need("a column name");
    int idx = schema.find(name);
    if (idx < 0) fail("--where: no column named '{}'", name);
    const Column& col = schema.columns[static_cast<std::size_t>(idx)];
    const std::string op = lower(need("an operator"));
    ColumnRange r{name, std::nullopt, std::nullopt};
    if (op == "between") {
      r.min = parse_literal(col, need("a value"));
      if (lower(need("AND")) != "and") fail("--where: expected AND in BETWEEN");
      r.max = parse_literal(col, need("a value"));
    } else {
      Value v = parse_literal(col, need("a value"));
      if (op == ">=") {
        r.min = v;
      } else if (op == ">") {
        r.min = step(v, +1, col);
      } else if (op == "<=") {
        r.max = v;
      } else if (op == "<") {
        r.max = step(v, -1, col);
      } else if (op == "=" || op == "==") {
        r.min = v;
        r.max = v;
      } else {
        fail("--where: unknown operator '{}' (use BETWEEN, >=, >, <=, <, =)", op);
      }
    }
    p.ranges.push_back(std::move(r));
    if (i == tok.size()) break;
    if (lower(tok[i++]) != "and") fail("--where: expected AND between conditions, got '{}'", tok[i - 1]);
  }
  return p;
}

}  // namespace tapelab::parquet
