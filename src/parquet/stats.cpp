#include "parquet/stats.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "util/error.h"

namespace tapelab::parquet {

namespace {

enum class Order { SIGNED, UNSIGNED, FLOAT, BYTES };

Order order_of(const Column& c) {
  switch (c.type) {
    case PhysicalType::BYTE_ARRAY: return Order::BYTES;
    case PhysicalType::FLOAT:
    case PhysicalType::DOUBLE: return Order::FLOAT;
    case PhysicalType::BOOLEAN: return Order::UNSIGNED;
    default:
      return c.logical.kind == LogicalType::Kind::INT && !c.logical.is_signed ? Order::UNSIGNED : Order::SIGNED;
  }
}

template <typename T>
std::string to_bytes(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

// Min/max over the valid rows of a fixed-width vector, compared as key(x)
// (the column's sort order). Written without a branch per value, so that the
// compiler vectorizes it (or, for doubles, uses the min/max instructions):
// a page's statistics cost one pass over its values.
template <typename T, typename Key>
void minmax(const std::vector<T>& v, const std::vector<std::uint8_t>& valid, std::size_t begin, std::size_t end,
            Key key, Statistics& s) {
  using K = decltype(key(T{}));
  using Limits = std::numeric_limits<K>;
  bool any = false;
  K lo{}, hi{};
  if constexpr (std::is_floating_point_v<T>) {
    // x < lo ? x : lo never takes a NaN (it compares false). Four running
    // pairs keep four comparisons in flight. Nothing was taken only if every
    // value was NaN or null: an infinity moves one of the ends.
    constexpr K kNaN = Limits::quiet_NaN();
    std::array<K, 4> low, high;
    low.fill(Limits::infinity());
    high.fill(-Limits::infinity());
    auto take = [&](std::size_t lane, K x) {
      low[lane] = x < low[lane] ? x : low[lane];
      high[lane] = high[lane] < x ? x : high[lane];
    };
    auto value = [&](std::size_t i) { return valid.empty() || valid[i] != 0 ? key(v[i]) : kNaN; };
    std::size_t i = begin;
    for (; i + 4 <= end; i += 4) {
      for (std::size_t lane = 0; lane < 4; ++lane) take(lane, value(i + lane));
    }
    for (; i < end; ++i) take(0, value(i));
    lo = std::min({low[0], low[1], low[2], low[3]});
    hi = std::max({high[0], high[1], high[2], high[3]});
    any = !(lo == Limits::infinity() && hi == -Limits::infinity());
  } else {
    lo = Limits::max();
    hi = Limits::lowest();
    auto scan = [&](auto present) {
      for (std::size_t i = begin; i < end; ++i) {
        const K x = key(v[i]);
        const bool take = present(i);
        lo = take && x < lo ? x : lo;
        hi = take && hi < x ? x : hi;
        any |= take;
      }
    };
    if (valid.empty()) {
      scan([](std::size_t) { return true; });
    } else {
      scan([&](std::size_t i) { return valid[i] != 0; });
    }
  }
  if (!any) return;
  auto out_lo = static_cast<T>(lo);
  auto out_hi = static_cast<T>(hi);
  if constexpr (std::is_floating_point_v<T>) {
    // Spec: a zero minimum is written as -0.0 and a zero maximum as +0.0, so
    // readers never prune a page holding the other zero.
    if (out_lo == 0) out_lo = -T{0};
    if (out_hi == 0) out_hi = T{0};
  }
  s.min_value = to_bytes(out_lo);
  s.max_value = to_bytes(out_hi);
}

// Min and max (bytewise, unsigned) of the strings `each(take)` passes to take.
template <typename Each>
void string_bounds(Each each, Statistics& s) {
  bool any = false;
  std::string_view lo, hi;
  each([&](std::string_view x) {
    if (!any) {
      lo = hi = x;
      any = true;
    } else {
      if (x < lo) lo = x;
      if (hi < x) hi = x;
    }
  });
  if (any) {
    s.min_value = std::string(lo);
    s.max_value = std::string(hi);
  }
}

std::int64_t null_count(const ColumnData& d, std::size_t begin, std::size_t end) {
  std::int64_t nulls = 0;
  if (!d.valid.empty()) {
    for (std::size_t i = begin; i < end; ++i) nulls += d.valid[i] == 0;
  }
  return nulls;
}

std::optional<std::int64_t> as_int(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  return std::nullopt;
}

double as_double(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::get<double>(v);
}

}  // namespace

// Values are built in place: GCC 12 warns (falsely) about moving a variant
// holding a string into an optional.
std::optional<Value> decode_value(const Column& column, std::string_view b) {
  std::optional<Value> out;
  auto load = [&](auto zero) {
    if (b.size() != sizeof(zero)) return false;
    std::memcpy(&zero, b.data(), sizeof(zero));
    if constexpr (std::is_floating_point_v<decltype(zero)>) {
      out.emplace(std::in_place_type<double>, static_cast<double>(zero));
    } else if constexpr (std::is_same_v<decltype(zero), std::uint32_t>) {
      out.emplace(std::in_place_type<std::int64_t>, std::int64_t{zero});
    } else {
      out.emplace(std::in_place_type<std::int64_t>, static_cast<std::int64_t>(zero));
    }
    return true;
  };
  switch (column.type) {
    case PhysicalType::BOOLEAN: load(std::uint8_t{}); break;
    case PhysicalType::INT32:
      if (order_of(column) == Order::UNSIGNED) {
        load(std::uint32_t{});
      } else {
        load(std::int32_t{});
      }
      break;
    case PhysicalType::INT64: load(std::int64_t{}); break;
    case PhysicalType::FLOAT: load(float{}); break;
    case PhysicalType::DOUBLE: load(double{}); break;
    case PhysicalType::BYTE_ARRAY: out.emplace(std::in_place_type<std::string>, b); break;
    default: break;
  }
  return out;
}

Statistics make_dictionary_statistics(const ColumnData& d, std::size_t begin, std::size_t end,
                                      std::span<const std::string_view> dictionary,
                                      std::span<const std::uint32_t> indices) {
  Statistics s;
  s.null_count = null_count(d, begin, end);
  string_bounds(
      [&](auto take) {
        for (std::size_t k = 0; k < indices.size(); ++k) {
          if (k == 0 || indices[k] != indices[k - 1]) take(dictionary[indices[k]]);
        }
      },
      s);
  return s;  // BYTE_ARRAY has no legacy min/max (see make_statistics)
}

Statistics make_statistics(const Column& column, const ColumnData& d, std::size_t begin, std::size_t end) {
  Statistics s;
  s.null_count = null_count(d, begin, end);
  auto same = [](auto x) { return x; };
  const Order order = order_of(column);
  switch (column.type) {
    case PhysicalType::BOOLEAN: minmax(d.bools, d.valid, begin, end, same, s); break;
    case PhysicalType::INT32:
      if (order == Order::UNSIGNED) {
        minmax(d.i32, d.valid, begin, end, [](std::int32_t x) { return static_cast<std::uint32_t>(x); }, s);
      } else {
        minmax(d.i32, d.valid, begin, end, same, s);
      }
      break;
    case PhysicalType::INT64:
      if (order == Order::UNSIGNED) {
        minmax(d.i64, d.valid, begin, end, [](std::int64_t x) { return static_cast<std::uint64_t>(x); }, s);
      } else {
        minmax(d.i64, d.valid, begin, end, same, s);
      }
      break;
    case PhysicalType::FLOAT: minmax(d.f32, d.valid, begin, end, same, s); break;
    case PhysicalType::DOUBLE: minmax(d.f64, d.valid, begin, end, same, s); break;
    case PhysicalType::BYTE_ARRAY:
      string_bounds(
          [&](auto take) {
            for (std::size_t i = begin; i < end; ++i) {
              if (d.is_valid(i)) take(d.string_at(i));
            }
          },
          s);
      break;
    default: break;
  }
  // Legacy min/max are read by old readers with signed comparison; they are
  // only correct for signed orders.
  if (order == Order::SIGNED || order == Order::FLOAT) {
    s.min = s.min_value;
    s.max = s.max_value;
  }
  return s;
}

void merge_statistics(const Column& column, Statistics& into, const Statistics& page) {
  into.null_count = into.null_count.value_or(0) + page.null_count.value_or(0);
  if (page.min_value && page.max_value) {
    auto pmin = decode_value(column, *page.min_value);
    auto pmax = decode_value(column, *page.max_value);
    if (!into.min_value || compare_values(column, *pmin, *decode_value(column, *into.min_value)) < 0) {
      into.min_value = page.min_value;
    }
    if (!into.max_value || compare_values(column, *pmax, *decode_value(column, *into.max_value)) > 0) {
      into.max_value = page.max_value;
    }
    if (page.min) {
      into.min = into.min_value;
      into.max = into.max_value;
    }
  }
}

int compare_values(const Column& column, const Value& a, const Value& b) {
  if (column.type == PhysicalType::BYTE_ARRAY) {
    const std::string& x = std::get<std::string>(a);
    const std::string& y = std::get<std::string>(b);
    int c = x.compare(y);  // char_traits<char>::compare is memcmp: unsigned bytes
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  auto ia = as_int(a), ib = as_int(b);
  if (ia && ib) {
    if (order_of(column) == Order::UNSIGNED) {
      auto x = static_cast<std::uint64_t>(*ia), y = static_cast<std::uint64_t>(*ib);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return *ia < *ib ? -1 : *ia > *ib ? 1 : 0;
  }
  double x = as_double(a), y = as_double(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

void check_range(const Column& column, const ColumnRange& range) {
  for (const std::optional<Value>* bound : {&range.min, &range.max}) {
    if (!*bound) continue;
    bool is_string = std::holds_alternative<std::string>(**bound);
    bool want_string = column.type == PhysicalType::BYTE_ARRAY;
    if (is_string != want_string) {
      fail("predicate on column {}: a {} bound for a {} column", column.name, is_string ? "string" : "numeric",
           to_string(column.type));
    }
    if (column.type != PhysicalType::BOOLEAN && column.type != PhysicalType::INT32 &&
        column.type != PhysicalType::INT64 && column.type != PhysicalType::FLOAT &&
        column.type != PhysicalType::DOUBLE && !want_string) {
      fail("predicate on column {}: {} columns cannot be filtered", column.name, to_string(column.type));
    }
  }
}

bool stats_may_match(const Column& column, const std::optional<std::string>& min,
                     const std::optional<std::string>& max, const ColumnRange& range) {
  if (range.max && min) {
    auto lo = decode_value(column, *min);
    if (lo && compare_values(column, *lo, *range.max) > 0) return false;
  }
  if (range.min && max) {
    auto hi = decode_value(column, *max);
    if (hi && compare_values(column, *hi, *range.min) < 0) return false;
  }
  return true;
}

namespace {

// Converts the bounds to the column's comparison key once, so the row loop
// compares native values.
template <typename T, typename Key>
void keep_in(const std::vector<T>& v, const ColumnData& d, const std::optional<Value>& lo_v,
             const std::optional<Value>& hi_v, Key key, std::vector<std::uint8_t>& keep) {
  using K = decltype(key(T{}));
  auto native = [&](const Value& b, bool is_min) -> K {
    if constexpr (std::is_integral_v<K>) {
      if (auto i = as_int(b)) return static_cast<K>(*i);
      // A fractional bound on an integer column: 100.5 <= x means 101 <= x.
      double x = is_min ? std::ceil(std::get<double>(b)) : std::floor(std::get<double>(b));
      if (x <= static_cast<double>(std::numeric_limits<K>::min())) return std::numeric_limits<K>::min();
      if (x >= static_cast<double>(std::numeric_limits<K>::max())) return std::numeric_limits<K>::max();
      return static_cast<K>(x);
    } else {
      return static_cast<K>(as_double(b));
    }
  };
  const bool has_lo = lo_v.has_value(), has_hi = hi_v.has_value();
  const K lo = has_lo ? native(*lo_v, true) : K{};
  const K hi = has_hi ? native(*hi_v, false) : K{};
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!d.is_valid(i)) {
      keep[i] = 0;
      continue;
    }
    K x = key(v[i]);
    if constexpr (std::is_floating_point_v<K>) {
      if (std::isnan(x)) {
        keep[i] = 0;
        continue;
      }
    }
    if ((has_lo && x < lo) || (has_hi && x > hi)) keep[i] = 0;
  }
}

}  // namespace

void apply_range(const Column& column, const ColumnData& d, const ColumnRange& range, std::vector<std::uint8_t>& keep) {
  const bool is_unsigned = order_of(column) == Order::UNSIGNED;
  switch (column.type) {
    case PhysicalType::BOOLEAN:
      keep_in(d.bools, d, range.min, range.max, [](std::uint8_t x) { return std::int64_t{x}; }, keep);
      break;
    case PhysicalType::INT32:
      if (is_unsigned) {
        keep_in(d.i32, d, range.min, range.max,
                [](std::int32_t x) { return std::uint64_t{static_cast<std::uint32_t>(x)}; }, keep);
      } else {
        keep_in(d.i32, d, range.min, range.max, [](std::int32_t x) { return std::int64_t{x}; }, keep);
      }
      break;
    case PhysicalType::INT64:
      if (is_unsigned) {
        keep_in(d.i64, d, range.min, range.max, [](std::int64_t x) { return static_cast<std::uint64_t>(x); },
                keep);
      } else {
        keep_in(d.i64, d, range.min, range.max, [](std::int64_t x) { return x; }, keep);
      }
      break;
    case PhysicalType::FLOAT:
      keep_in(d.f32, d, range.min, range.max, [](float x) { return static_cast<double>(x); }, keep);
      break;
    case PhysicalType::DOUBLE:
      keep_in(d.f64, d, range.min, range.max, [](double x) { return x; }, keep);
      break;
    case PhysicalType::BYTE_ARRAY: {
      const std::string* lo = range.min ? &std::get<std::string>(*range.min) : nullptr;
      const std::string* hi = range.max ? &std::get<std::string>(*range.max) : nullptr;
      for (std::size_t i = 0; i < d.size(); ++i) {
        if (!d.is_valid(i)) {
          keep[i] = 0;
          continue;
        }
        std::string_view x = d.string_at(i);
        if ((lo && x < *lo) || (hi && x > *hi)) keep[i] = 0;
      }
      break;
    }
    default:
      fail("predicate on column {}: {} columns cannot be filtered", column.name, to_string(column.type));
  }
}

}  // namespace tapelab::parquet
