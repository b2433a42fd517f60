// Fast text formatting for dump rows.
//
// A full-scale day is ~10 million rows of 46 columns; general-purpose
// formatting (printf, fmt with format strings) would make the generator the
// bottleneck of every benchmark. Money is kept as integer paise and formatted
// digit by digit; datetimes reuse the formatted date of the day.
#pragma once

#include <charconv>
#include <cstring>
#include <memory>
#include <cstdint>
#include <string>
#include <string_view>

namespace tapelab::gen {

class TextBuffer {
 public:
  TextBuffer() = default;
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;

  std::string_view view() const { return {data_.get(), size_}; }
  size_t size() const { return size_; }

  // Writes go straight into the buffer: no per-field call into the string
  // library, which at tens of millions of fields a second is what costs.
  void append(std::string_view s) {
    reserve(s.size());
    std::memcpy(data_.get() + size_, s.data(), s.size());
    size_ += s.size();
  }
  void append(char c) {
    reserve(1);
    data_[size_++] = c;
  }

  void append_int(int64_t value) {
    reserve(24);
    size_ = static_cast<size_t>(std::to_chars(data_.get() + size_, data_.get() + size_ + 24, value).ptr - data_.get());
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
  void reserve(size_t more) {
    if (size_ + more > capacity_) grow(size_ + more);
  }
  void grow(size_t needed);

  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
  int64_t cached_day_ = INT64_MIN;
  char cached_date_[11] = {};  // "YYYY-MM-DD"
};

}  // namespace tapelab::gen
