#include "dump/record_plan.h"

#include <cstring>
#include <string_view>

#include "dump/lexer.h"
#include "dump/value.h"

namespace tapelab::dump {
namespace {

inline unsigned digit_of(char c) { return static_cast<unsigned>(c - '0'); }

template <typename T>
inline void store(std::byte* record, std::size_t offset, T value) {
  std::memcpy(record + offset, &value, sizeof(T));
}

// Two digits at p, or -1.
inline int two_digits(const char* p) {
  const unsigned high = digit_of(p[0]);
  const unsigned low = digit_of(p[1]);
  return high <= 9 && low <= 9 ? static_cast<int>(high * 10 + low) : -1;
}

}  // namespace

RecordPlan::RecordPlan(const std::vector<std::byte>& blank, std::size_t null_mask_offset)
    : blank_(blank), output_size_(blank.size()), null_mask_offset_(null_mask_offset) {}

void RecordPlan::add_column(Kind kind, std::size_t offset, int null_bit) {
  Field field;
  field.kind = kind;
  field.offset = static_cast<std::uint16_t>(offset);
  field.null_bit = static_cast<std::int8_t>(null_bit);
  if (kind == Kind::kDouble) {
    field.scale_offset = static_cast<std::uint16_t>(blank_.size());
    blank_.push_back(std::byte{0});  // 0 / 10^0: a NULL stays 0.0
    decimals_.push_back(fields_.size());
  }
  fields_.push_back(field);
}

void RecordPlan::finish(const std::byte* record, std::byte* out) const {
  std::memcpy(out, record, output_size_);
  for (const std::size_t i : decimals_) {
    const Field& field = fields_[i];
    std::uint64_t mantissa = 0;
    std::memcpy(&mantissa, record + field.offset, sizeof mantissa);
    const auto scale = static_cast<std::uint8_t>(record[field.scale_offset]);
    // Exact operands (mantissa < 10^15), one rounding: parse_plain_decimal's result.
    const double value = static_cast<double>(mantissa) / kExactPowersOfTen[scale & ~kNegativeScale];
    store(out, field.offset, (scale & kNegativeScale) != 0 ? -value : value);
  }
}

bool RecordParser::datetime(const char* text, std::size_t size, std::int64_t& nanos, bool& zero) {
  zero = false;
  // Same day as the last one: only the time of day is new. The checks are
  // parse_datetime's for "YYYY-MM-DD HH:MM:SS", so the result is the same.
  if (size == 19 && has_date_ && std::memcmp(text, date_, 10) == 0 && text[10] == ' ' && text[13] == ':' &&
      text[16] == ':') {
    const int hour = two_digits(text + 11);
    const int minute = two_digits(text + 14);
    const int second = two_digits(text + 17);
    // (On the last day int64 nanoseconds reach, a late time overflows:
    // parse_datetime below says kInvalid for it.)
    if (hour >= 0 && minute >= 0 && second >= 0 && hour <= 23 && minute <= 59 && second <= 59 &&
        !__builtin_add_overflow(date_nanos_, (hour * 3600LL + minute * 60LL + second) * kNanosPerSecond, &nanos)) {
      return true;
    }
  }
  const DateTimeResult result = parse_datetime(std::string_view(text, size));
  if (result.status == DateTimeResult::kZero) {
    zero = true;
    return true;
  }
  if (result.status != DateTimeResult::kOk) return false;
  nanos = result.nanos;
  if (size == 19) {
    std::memcpy(date_, text, 10);
    const std::int64_t days = nanos / kNanosPerDay - (nanos % kNanosPerDay < 0 ? 1 : 0);
    // The midnight of the first day int64 nanoseconds reach is not itself in
    // reach: no shortcut for that day.
    has_date_ = !__builtin_mul_overflow(days, kNanosPerDay, &date_nanos_);
  }
  return true;
}

const char* RecordParser::parse(const char* p, const char* end, const RecordPlan& plan, std::byte* record) {
  const std::vector<RecordPlan::Field>& fields = plan.fields();
  const std::size_t width = fields.size();
  if (width == 0) return nullptr;  // "()" is not a row
  std::memcpy(record, plan.blank().data(), plan.record_size());
  std::uint64_t nulls = 0;
  ++p;  // '('
  for (std::size_t j = 0; j < width; ++j) {
    const RecordPlan::Field& field = fields[j];
    while (p < end && is_space(*p)) ++p;
    if (p == end) return nullptr;
    const char c = *p;
    if (digit_of(c) <= 9 || c == '-' || c == '+' || c == '.') {
      switch (field.kind) {
        case RecordPlan::Kind::kInt32:
        case RecordPlan::Kind::kInt64: {
          // RowMapper's plain integer: '-'? and 1..18 digits.
          const bool negative = c == '-';
          const char* digits = p + (negative ? 1 : 0);
          const char* q = digits;
          std::uint64_t value = 0;
          while (q < end && digit_of(*q) <= 9) value = value * 10 + digit_of(*q++);
          const auto count = q - digits;
          if (count == 0 || count > 18) return nullptr;
          const auto signed_value = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
          if (field.kind == RecordPlan::Kind::kInt64) {
            store(record, field.offset, signed_value);
          } else {
            if (signed_value < INT32_MIN || signed_value > INT32_MAX) return nullptr;
            store(record, field.offset, static_cast<std::int32_t>(signed_value));
          }
          p = q;
          break;
        }
        case RecordPlan::Kind::kDouble: {
          // parse_plain_decimal, in the same pass that finds the end: a sign,
          // digits with at most one point; exact when the mantissa has at most
          // 15 significant digits (then it is below 10^15; 19 digits in all
          // cannot overflow while counting).
          const bool negative = c == '-';
          const char* q = p + (c == '-' || c == '+' ? 1 : 0);
          const char* const digits = q;
          std::uint64_t mantissa = 0;
          while (q < end && digit_of(*q) <= 9) mantissa = mantissa * 10 + digit_of(*q++);
          auto count = q - digits;
          long scale = 0;
          if (q < end && *q == '.') {
            const char* fraction = ++q;
            while (q < end && digit_of(*q) <= 9) mantissa = mantissa * 10 + digit_of(*q++);
            scale = q - fraction;
            count += scale;
          }
          if (count == 0 || count > 19 || mantissa >= 1'000'000'000'000'000ULL) return nullptr;
          store(record, field.offset, mantissa);
          record[field.scale_offset] = static_cast<std::byte>(scale | (negative ? kNegativeScale : 0));
          p = q;
          break;
        }
        case RecordPlan::Kind::kIgnore: {
          ++p;
          while (p < end && is_number_byte(*p)) ++p;
          break;
        }
        case RecordPlan::Kind::kDateTime: return nullptr;
      }
    } else if (c == '\'') {
      // A string without escapes: its text is its value.
      const char* body = p + 1;
      const char* q = body;
      while (q < end && *q != '\'' && *q != '\\') ++q;
      if (q == end || *q == '\\') return nullptr;
      if (field.kind == RecordPlan::Kind::kDateTime) {
        std::int64_t nanos = 0;
        bool zero = false;
        if (!datetime(body, static_cast<std::size_t>(q - body), nanos, zero)) return nullptr;
        if (zero) {
          if (field.null_bit < 0) return nullptr;
          nulls |= std::uint64_t{1} << field.null_bit;
        } else {
          store(record, field.offset, nanos);
        }
      } else if (field.kind != RecordPlan::Kind::kIgnore) {
        return nullptr;  // a quoted number: the general path reads it
      }
      p = q + 1;  // a doubled quote next fails the separator test below
    } else if (c == 'N') {
      if (end - p < 4 || std::memcmp(p, "NULL", 4) != 0) return nullptr;
      if (field.kind != RecordPlan::Kind::kIgnore) {
        if (field.null_bit < 0) return nullptr;
        nulls |= std::uint64_t{1} << field.null_bit;
      }
      p += 4;
    } else {
      return nullptr;
    }
    // The value must end here, followed by the separator this position needs.
    while (p < end && is_space(*p)) ++p;
    if (p == end || *p != (j + 1 == width ? ')' : ',')) return nullptr;
    ++p;
  }
  std::uint64_t mask = 0;
  std::memcpy(&mask, record + plan.null_mask_offset(), sizeof mask);
  mask |= nulls;
  std::memcpy(record + plan.null_mask_offset(), &mask, sizeof mask);
  return p;
}

}  // namespace tapelab::dump
