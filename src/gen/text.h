// Fast text formatting for dump rows.
//
// A full-scale day is ~10 million rows of 46 columns; general-purpose
// formatting (printf, fmt with format strings) would make the generator the
// bottleneck of every benchmark. Money is kept as integer paise and formatted
// digit by digit; datetimes reuse the formatted date of the day.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace tapelab::gen {

class TextBuffer {
 public:
  std::string& str() { return text_; }
  const std::string& str() const { return text_; }
  size_t size() const { return text_.size(); }

  void append(std::string_view s) { text_.append(s); }
  void append(char c) { text_.push_back(c); }

  void append_int(int64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    text_.append(digits, end);
  }

  // Paise as rupees with two decimals: 150710 -> "1507.10".
  void append_paise(int64_t paise);

  // A decimal with exactly `decimals` (<= 12) fraction digits, rounded half
  // away from zero: append_fixed(-2.55713962431, 10) -> "-2.5571396243".
  void append_fixed(double value, int decimals);

  // 'YYYY-MM-DD HH:MM:SS' (quoted) for seconds since 1970-01-01 00:00:00 on
  // the wall clock.
  void append_quoted_datetime(int64_t wall_seconds);

 private:
  std::string text_;
  int64_t cached_day_ = INT64_MIN;
  char cached_date_[11] = {};  // "YYYY-MM-DD "
};

}  // namespace tapelab::gen
