#include "truth/planted_day.h"

#include <algorithm>

namespace tapelab::truth::testing {

using domain::OptionType;

domain::WallNanos open_plus(domain::Date day, int s) { return at(day, "09:15:00") + s * domain::kNanosPerSecond; }

void spot_path(MicroDay& day, domain::Date date, int from, int to, const std::function<double(int)>& price) {
  for (int s = from; s <= to; ++s) day.spot_at(open_plus(date, s), price(s));
}

// Spot (ATM 25000 until the jump):
//   s 0..117      25000 + (s % 2)                       quiet: every return is +-a
//   s 118..121    25005, 25009, 25013, 25017            burst A, up, 4-point steps
//   s 122..130    25017 flat;  s >= 131: 25016 + (s % 2)
//   s 600..603    25013, 25009, 25005, 25001            burst B, down (from 25016/25017)
//   s 604..612    25001 flat;  s >= 613: 25000 + (s % 2)
//   s 6300 (11:00:00)  25031 and flat after             a 30-point jump: burst D, ATM 25050
// plus a 1970 spot row and a 1970 option row, which must change nothing.
// Options (5 levels, each level's size as given; depth = 5 x size):
//   CE 25000   110/111 x50; 09:17:03 115/116; 09:24:00 110/111; 09:25:04 120/121;
//              09:25:05 140/141 (20 traded); 09:25:30 130/131; 09:26:00 120/121;
//              10:00:01..10:00:09 ask 121.5, 121, 121.5, 121, 121.5 (odd seconds)
//   PE 25000   100/101 x50; 09:25:04 110/111; 09:25:05 130/131 (30 traded); 09:25:30 120/121; 09:26:00 110/111
//   PE 25050   60/61 x100; 09:40:00 bid 59.5 x50 (a pull, nothing traded); 09:40:20 bid 60 x90
//   PE 24950   40/41 x100; 09:45:00 ask 41.5 x40 with 20 traded (a pull with volume)
//   PE 24900   20/21 x100; 10:00:00, :04, :08 bid 19.5 x40 (pulls); :02, :06, :10 bid 20 x100 (replenishes)
//   CE 25050   never listed: the second of the jump has no CE row at the new ATM.
MicroDay planted_day() {
  MicroDay day(kMonday);
  day.spot_at(domain::wall_time(domain::Date::from_ymd(1970, 1, 1), 9, 15, 0), 99);
  spot_path(day, kMonday, 0, 117, [](int s) { return 25000 + s % 2; });
  spot_path(day, kMonday, 118, 130, [](int s) { return std::min(25017, 25001 + 4 * (s - 117)); });
  spot_path(day, kMonday, 131, 599, [](int s) { return 25016 + s % 2; });
  spot_path(day, kMonday, 600, 612, [](int s) { return std::max(25001, 25017 - 4 * (s - 599)); });
  spot_path(day, kMonday, 613, 6299, [](int s) { return 25000 + s % 2; });
  day.spot("11:00:00", 25031);
  const auto ce = [&](const std::string& hms, double bid, double ask, std::int64_t traded = 0) {
    day.option(OptionType::kCall, 25000, hms, {bid, ask, 50, 50, traded});
  };
  const auto pe = [&](const std::string& hms, double bid, double ask, std::int64_t traded = 0) {
    day.option(OptionType::kPut, 25000, hms, {bid, ask, 50, 50, traded});
  };
  day.option_at(OptionType::kPut, 25000, domain::wall_time(domain::Date::from_ymd(1970, 1, 1), 0, 0, 0),
                {1, 500, 1, 1, 900});
  ce("09:15:00", 110, 111);
  pe("09:15:00", 100, 101);
  ce("09:17:03", 115, 116);
  ce("09:24:00", 110, 111);
  ce("09:25:04", 120, 121);
  pe("09:25:04", 110, 111);
  ce("09:25:05", 140, 141, 20);
  pe("09:25:05", 130, 131, 30);
  ce("09:25:30", 130, 131);
  pe("09:25:30", 120, 121);
  ce("09:26:00", 120, 121);
  pe("09:26:00", 110, 111);
  for (int k = 1; k <= 9; k += 2) {
    day.option_at(OptionType::kCall, 25000, open_plus(kMonday, 2700 + k), {120, k % 4 == 1 ? 121.5 : 121, 50, 50, 0});
  }
  day.option(OptionType::kPut, 25050, "09:15:00", {60, 61, 100, 100, 0});
  day.option(OptionType::kPut, 25050, "09:40:00", {59.5, 61, 50, 100, 0});
  day.option(OptionType::kPut, 25050, "09:40:20", {60, 61, 90, 100, 0});
  day.option(OptionType::kPut, 24950, "09:15:00", {40, 41, 100, 100, 0});
  day.option(OptionType::kPut, 24950, "09:45:00", {40, 41.5, 100, 40, 20});
  day.option(OptionType::kPut, 24900, "09:15:00", {20, 21, 100, 100, 0});
  for (int k = 0; k <= 10; k += 2) {
    const bool pull = k % 4 == 0;
    day.option_at(OptionType::kPut, 24900, open_plus(kMonday, 2700 + k), {pull ? 19.5 : 20, 21, pull ? 40 : 100, 100, 0});
  }
  return day;
}

// Spot 25000 + (s % 2) for s = 0..400; the futures print every second at
// 25050 with cumulative volume 5000 (nothing traded), bid 25049.5 x100 and
// ask 25050.5 x100 a level, except s = 100..104: bid 25049 x40.
MicroDay futures_day() {
  MicroDay day(kMonday);
  spot_path(day, kMonday, 0, 400, [](int s) { return 25000 + s % 2; });
  for (int s = 0; s <= 400; ++s) {
    const bool pulled = s >= 100 && s < 105;
    const Quote quote{.bid = pulled ? 25049 : 25049.5, .ask = 25050.5, .bid_qty = pulled ? 40 : 100, .ask_qty = 100};
    day.futures_at(open_plus(kMonday, s), 25050, 5000, quote);
  }
  return day;
}

}  // namespace tapelab::truth::testing
