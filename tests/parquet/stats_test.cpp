// Page statistics against a plain reference definition: the minimum and
// maximum valid, non-NaN value by the column's order, with zeros written as
// -0.0 (minimum) and +0.0 (maximum). The writer computes them without a
// branch per value; these are the values where that could go wrong.
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>

#include <gtest/gtest.h>

#include "parquet/stats.h"

namespace tapelab::parquet {
namespace {

template <typename T>
std::optional<std::string> bytes_of(std::optional<T> v) {
  if (!v) return std::nullopt;
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &*v, sizeof(T));
  return s;
}

// The reference: a loop that says what it means.
template <typename T, typename Less>
std::pair<std::optional<T>, std::optional<T>> reference(const std::vector<T>& v, const std::vector<std::uint8_t>& valid,
                                                        std::size_t b, std::size_t e, Less less) {
  std::optional<T> lo, hi;
  for (std::size_t i = b; i < e; ++i) {
    if (!valid.empty() && valid[i] == 0) continue;
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v[i])) continue;
    }
    if (!lo || less(v[i], *lo)) lo = v[i];
    if (!hi || less(*hi, v[i])) hi = v[i];
  }
  if constexpr (std::is_floating_point_v<T>) {
    if (lo && *lo == 0) lo = -T{0};
    if (hi && *hi == 0) hi = T{0};
  }
  return {lo, hi};
}

TEST(PageStatistics, DoublesIgnoreNaNAndNullsAndKeepInfinitiesAndSignedZeros) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> pool = {nan, inf, -inf, 0.0, -0.0, 1.5, -2.25, 1e300, -1e300, 5e-324};
  std::mt19937 rng(7);
  const Column column = Column::float64("x", true);
  for (int trial = 0; trial < 3000; ++trial) {
    ColumnData d(PhysicalType::DOUBLE);
    const std::size_t n = rng() % 13;
    const bool nullable = trial % 2 == 0;
    for (std::size_t i = 0; i < n; ++i) {
      d.f64.push_back(pool[rng() % pool.size()]);
      if (nullable) d.valid.push_back(rng() % 3 == 0 ? 0 : 1);
    }
    const std::size_t b = n == 0 ? 0 : rng() % n;
    const auto [lo, hi] = reference(d.f64, d.valid, b, n, [](double x, double y) { return x < y; });
    const Statistics s = make_statistics(column, d, b, n);
    ASSERT_EQ(s.min_value, bytes_of(lo)) << "trial " << trial;
    ASSERT_EQ(s.max_value, bytes_of(hi)) << "trial " << trial;
  }
}

TEST(PageStatistics, IntegersBySignedAndUnsignedOrder) {
  std::mt19937 rng(11);
  const std::vector<std::int64_t> pool = {0, 1, -1, INT64_MIN, INT64_MAX, 42, -42, INT32_MIN, INT32_MAX};
  for (int trial = 0; trial < 2000; ++trial) {
    const std::size_t n = rng() % 11;
    ColumnData d64(PhysicalType::INT64);
    ColumnData d32(PhysicalType::INT32);
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t x = pool[rng() % pool.size()];
      d64.i64.push_back(x);
      d32.i32.push_back(static_cast<std::int32_t>(x));
      if (trial % 2 == 0) {
        const std::uint8_t ok = rng() % 3 == 0 ? 0 : 1;
        d64.valid.push_back(ok);
        d32.valid.push_back(ok);
      }
    }
    const auto [lo64, hi64] = reference(d64.i64, d64.valid, 0, n, std::less<>());
    const Statistics s64 = make_statistics(Column::int64("a", true), d64, 0, n);
    ASSERT_EQ(s64.min_value, bytes_of(lo64)) << "trial " << trial;
    ASSERT_EQ(s64.max_value, bytes_of(hi64)) << "trial " << trial;

    const Column u32 = Column::integer("u", 32, false, true);
    const auto [ulo, uhi] = reference(d32.i32, d32.valid, 0, n, [](std::int32_t x, std::int32_t y) {
      return static_cast<std::uint32_t>(x) < static_cast<std::uint32_t>(y);
    });
    const Statistics su = make_statistics(u32, d32, 0, n);
    ASSERT_EQ(su.min_value, bytes_of(ulo)) << "trial " << trial;
    ASSERT_EQ(su.max_value, bytes_of(uhi)) << "trial " << trial;
  }
}

}  // namespace
}  // namespace tapelab::parquet
