#include "day.h"

#include <cmath>
#include <cstdint>

namespace tapelab::bench {

using parquet::Column;
using parquet::ColumnData;

namespace {

constexpr int kStrikesPerExpiry = 50;
constexpr int kExpiries = 2;
constexpr std::int64_t kLot = 75;
constexpr std::int64_t kSessionSeconds = 22500;               // 09:15 -> 15:30
constexpr std::int64_t kOpenMicros = 1'763'437'500'000'000;  // 2025-11-18 09:15 wall clock
constexpr std::int32_t kDay = 20410;                         // 2025-11-18 in days

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    return s;
  }
};

}  // namespace

Day make_day(std::size_t rows) {
  Day day;
  day.schema.columns = {
      Column::date("expiry"),
      Column::string("opt_type"),
      Column::int32("strike"),
      Column::timestamp("timestamp", parquet::TimeUnit::MICROS, false),
      Column::float64("ltp"),
      Column::float64("bid"),
      Column::float64("ask"),
      Column::int64("bid_qty"),
      Column::int64("ask_qty"),
      Column::int64("volume"),
      Column::int64("oi"),
  };
  for (const auto& c : day.schema.columns) day.columns.emplace_back(c.type);
  auto& c = day.columns;
  auto &expiry = c[0], &opt_type = c[1], &strike = c[2], &ts = c[3], &ltp = c[4], &bid = c[5],
       &ask = c[6], &bid_qty = c[7], &ask_qty = c[8], &volume = c[9], &oi = c[10];
  const int contracts = kExpiries * 2 * kStrikesPerExpiry;
  const std::size_t per_contract = std::max<std::size_t>(1, rows / contracts);
  Rng rng{0x2545f4914f6cdd1dULL};
  for (int e = 0; e < kExpiries; ++e) {
    for (const char* type : {"CE", "PE"}) {
      for (int k = 0; k < kStrikesPerExpiry; ++k) {
        const std::int32_t s = 24000 + 50 * (k - kStrikesPerExpiry / 2);
        // Out-of-the-money options are cheap, deep in-the-money ones dear.
        const double moneyness = (type[0] == 'C' ? 1 : -1) * (26000.0 - s) / 50.0;
        std::int64_t price = std::max<std::int64_t>(1, static_cast<std::int64_t>(
                                 20 * (60 + 25 * moneyness + 40 * std::exp(-std::abs(moneyness) / 8))));
        std::int64_t vol = 0, open_interest = static_cast<std::int64_t>(rng.next() % 20000) * kLot;
        for (std::size_t r = 0; r < per_contract; ++r) {
          expiry.i32.push_back(kDay + 7 * e + 2);
          opt_type.push_string(type);
          strike.i32.push_back(s);
          const std::int64_t second = static_cast<std::int64_t>(r) * kSessionSeconds / static_cast<std::int64_t>(per_contract);
          ts.i64.push_back(kOpenMicros + second * 1'000'000 + static_cast<std::int64_t>(rng.next() % 1000) * 1000);
          const std::uint64_t x = rng.next();
          price = std::max<std::int64_t>(1, price + static_cast<std::int64_t>(x % 5) - 2);  // ticks of 0.05
          const std::int64_t spread = 1 + static_cast<std::int64_t>((x >> 8) % 3);
          ltp.f64.push_back(static_cast<double>(price) / 20.0);
          bid.f64.push_back(static_cast<double>(price - spread / 2) / 20.0);
          ask.f64.push_back(static_cast<double>(price + (spread + 1) / 2) / 20.0);
          bid_qty.i64.push_back(kLot * static_cast<std::int64_t>(1 + (x >> 16) % 40));
          ask_qty.i64.push_back(kLot * static_cast<std::int64_t>(1 + (x >> 24) % 40));
          if ((x >> 32) % 3 == 0) vol += kLot * static_cast<std::int64_t>(1 + (x >> 40) % 10);
          volume.i64.push_back(vol);
          if ((x >> 48) % 50 == 0) open_interest += kLot * (static_cast<std::int64_t>((x >> 56) % 21) - 10);
          oi.i64.push_back(open_interest);
        }
        day.contract_rows.push_back(per_contract);
      }
    }
  }
  return day;
}

}  // namespace tapelab::bench
