#include "gen/text.h"

#include <algorithm>
#include <cmath>

namespace tapelab::gen {
namespace {

// Civil date from days since 1970-01-01 (proleptic Gregorian), by eras of
// 400 years, so no table or time-zone library is needed.
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

void two_digits(char* out, unsigned v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

void TextBuffer::grow(size_t needed) {
  const size_t capacity = std::max<size_t>({needed, 2 * capacity_, 4096});
  auto data = std::make_unique_for_overwrite<char[]>(capacity);
  if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
  data_ = std::move(data);
  capacity_ = capacity;
}

void TextBuffer::append_paise(int64_t paise) {
  if (paise < 0) {
    append('-');
    paise = -paise;
  }
  append_int(paise / 100);
  reserve(3);
  data_[size_] = '.';
  two_digits(data_.get() + size_ + 1, static_cast<unsigned>(paise % 100));
  size_ += 3;
}

void TextBuffer::append_fixed(double value, int decimals) {
  static constexpr int64_t kPow10[] = {1,         10,         100,         1000,         10000,
                                       100000,    1000000,    10000000,    100000000,    1000000000,
                                       10000000000, 100000000000, 1000000000000};
  const int64_t scale = kPow10[decimals];
  const auto scaled = static_cast<int64_t>(std::llround(std::fabs(value) * static_cast<double>(scale)));
  if (value < 0 && scaled != 0) append('-');
  append_int(scaled / scale);
  if (decimals == 0) return;
  char frac[16];
  frac[0] = '.';
  int64_t rest = scaled % scale;
  for (int i = decimals; i >= 1; --i) {
    frac[i] = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
  append(std::string_view(frac, static_cast<size_t>(decimals) + 1));
}

void TextBuffer::append_quoted_datetime(int64_t wall_seconds) {
  const int64_t day = wall_seconds >= 0 ? wall_seconds / 86400 : (wall_seconds - 86399) / 86400;
  const auto second_of_day = static_cast<unsigned>(wall_seconds - day * 86400);
  if (day != cached_day_) {
    int64_t y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    const auto year = static_cast<unsigned>(y);
    two_digits(cached_date_, year / 100);
    two_digits(cached_date_ + 2, year % 100);
    cached_date_[4] = '-';
    two_digits(cached_date_ + 5, m);
    cached_date_[7] = '-';
    two_digits(cached_date_ + 8, d);
    cached_day_ = day;
  }
  reserve(21);
  char* out = data_.get() + size_;
  out[0] = '\'';
  std::copy(cached_date_, cached_date_ + 10, out + 1);
  out[11] = ' ';
  two_digits(out + 12, second_of_day / 3600);
  out[14] = ':';
  two_digits(out + 15, second_of_day / 60 % 60);
  out[17] = ':';
  two_digits(out + 18, second_of_day % 60);
  out[20] = '\'';
  size_ += 21;
}

}  // namespace tapelab::gen
