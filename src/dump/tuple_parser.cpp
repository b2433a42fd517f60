#include "dump/tuple_parser.h"

#include <array>
#include <bit>

#include <fmt/format.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dump/lexer.h"

namespace tapelab::dump {

namespace {

constexpr std::array<bool, 256> make_number_bytes() {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[static_cast<std::size_t>(c)] = is_number_byte(static_cast<char>(c));
  return table;
}
constexpr std::array<bool, 256> kNumberByte = make_number_bytes();

// The end of the run of number bytes from p. Numbers are most of a dump's
// bytes and their lengths vary, so a byte loop mispredicts its exit on every
// value; 16 bytes are classified at once where SSE2 is there.
const char* skip_number_bytes(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i offset = _mm_sub_epi8(v, zero);
    const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(offset, nine), offset);  // unsigned offset <= 9
    const __m128i sign_or_point = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))),
        _mm_cmpeq_epi8(v, _mm_set1_epi8('+')));
    const __m128i exponent = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('e')), _mm_cmpeq_epi8(v, _mm_set1_epi8('E')));
    const unsigned other =
        ~static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(digit, _mm_or_si128(sign_or_point, exponent)))) & 0xFFFFU;
    if (other != 0) return p + std::countr_zero(other);
    p += 16;
  }
#endif
  while (p < end && kNumberByte[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

inline bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

TupleParser::Status TupleParser::parse(const char*& row, const char* end, bool eof, std::vector<Value>& out) {
  const char* p = row + 1;
  error_at_ = nullptr;
  for (;;) {
    while (p < end && is_space(*p)) ++p;
    if (p == end) return Status::kNeedMore;
    Value value;
    const char c = *p;
    if (c == '\'' || c == '"') {
      const char* open = p;
      if (!read_string(p, end, eof, value)) {
        error_at_ = open;
        return Status::kNeedMore;
      }
    } else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
      if (c == '0' && end - p < 2 && !eof) return Status::kNeedMore;
      if (c == '0' && end - p >= 2 && (p[1] == 'x' || p[1] == 'X')) {
        const char* digits = p + 2;
        p = digits;
        while (p < end && is_hex_digit(*p)) ++p;
        value.kind = ValueKind::kHex;
        value.text = std::string_view(digits, static_cast<std::size_t>(p - digits));
      } else {
        const char* begin = p++;
        p = skip_number_bytes(p, end);
        value.kind = ValueKind::kNumber;
        value.text = std::string_view(begin, static_cast<std::size_t>(p - begin));
      }
    } else if (c == 'N' || c == 'n') {
      if (end - p < 5) return Status::kNeedMore;
      if (!equals_ignore_case(std::string_view(p, 4), "NULL") || is_word_byte(static_cast<unsigned char>(p[4]))) {
        return reject(p, "unexpected word in a row");
      }
      p += 4;
    } else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && end - p < 2 && !eof) {
      return Status::kNeedMore;  // X'..' or b'..' cut after the letter
    } else if ((c == 'x' || c == 'X' || c == 'b' || c == 'B') && end - p >= 2 && p[1] == '\'') {
      const char* open = ++p;
      if (!read_string(p, end, eof, value)) {
        error_at_ = open;
        return Status::kNeedMore;
      }
      const bool hex = c == 'x' || c == 'X';
      value.kind = hex ? ValueKind::kHex : ValueKind::kBits;
      for (char digit : value.text) {
        if (hex ? !is_hex_digit(digit) : digit != '0' && digit != '1') return reject(open, "bad digit in a literal");
      }
    } else if (c == '_') {
      // A character set introducer (_binary 'abc'): the value is the string.
      const char* q = p + 1;
      while (q < end && is_word_byte(static_cast<unsigned char>(*q))) ++q;
      while (q < end && is_space(*q)) ++q;
      if (q == end) return Status::kNeedMore;
      if (*q != '\'' && *q != '"') return reject(p, "unexpected word in a row");
      p = q;
      continue;
    } else {
      return reject(p, fmt::format("unexpected '{}' in a row", excerpt(p, end)));
    }
    out.push_back(value);
    while (p < end && is_space(*p)) ++p;
    if (p == end) return Status::kNeedMore;
    if (*p == ',') {
      ++p;
      continue;
    }
    if (*p == ')') {
      row = p + 1;
      return Status::kOk;
    }
    return reject(p, fmt::format("expected ',' or ')' after a value, found '{}'", excerpt(p, end)));
  }
}

bool TupleParser::read_string(const char*& p, const char* end, bool eof, Value& value) {
  const char quote = *p++;
  const char* body = p;
  bool escaped = false;
  for (;;) {
    while (p < end && *p != quote && *p != '\\') ++p;
    if (p >= end) return false;
    if (*p == '\\') {
      if (end - p < 2) return false;
      escaped = true;
      p += 2;
      continue;
    }
    if (end - p < 2 && !eof) return false;  // might be a doubled quote
    if (end - p >= 2 && p[1] == quote) {
      escaped = true;
      p += 2;
      continue;
    }
    break;
  }
  value.kind = ValueKind::kString;
  value.text = std::string_view(body, static_cast<std::size_t>(p - body));
  value.escaped = escaped;
  ++p;
  return true;
}

TupleParser::Status TupleParser::reject(const char* at, std::string reason) {
  error_at_ = at;
  error_ = std::move(reason);
  return Status::kError;
}

const char* TupleParser::skip(const char* p, const char* end, char delimiter) {
  int depth = 0;
  while (p < end) {
    const char c = *p;
    if (c == '\'' || c == '"' || c == '`') {
      ++p;
      while (p < end && *p != c) p += (*p == '\\' && c != '`') ? 2 : 1;
      if (p >= end) return nullptr;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return p + 1;
    } else if (depth == 0 && c == delimiter) {
      return p;  // the statement ends inside the row
    }
    ++p;
  }
  return nullptr;
}

}  // namespace tapelab::dump
