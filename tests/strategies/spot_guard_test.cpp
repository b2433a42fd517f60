// Spot rows at 0 (a recorder's "no value") never reach a strategy as a price:
// strategies read spot through MarketView::spot_price(), which skips them and
// keeps the last spot above 0.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/runner.h"
#include "market/loader.h"
#include "strategies/config.h"
#include "strategies/presets.h"
#include "strategies/scenario.h"
#include "support/generated_dataset.h"

namespace tapelab::strategies {
namespace {

using engine::ExitReason;
using namespace testing;

// A short straddle at 26000 that exits a leg when spot crosses its strike.
// Spot sits on the strike (neither leg breached: CE needs spot > 26000, PE
// spot < 26000) but reads 0 from 10:00:00 to 10:00:09 (two rows, 5 s apart).
// Taken as a price, 0 < 26000 would breach the PE at 10:00; the guard keeps
// spot at 26000, so both legs stay open to the 15:15 square-off.
TEST(SpotGuard, AStrikeBreachIgnoresSpotRowsAtZero) {
  MicroDay day;
  day.spot(0, 26000).spot(at(10, 0), 0).spot(at(10, 0, 10), 26000);
  day.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 100, 101);
  const engine::RunRecords r =
      run_managed("structure = \"straddle\"\nentries = [\"09:20\"]\nexit_on_strike_breach = true\n", day);
  ASSERT_EQ(r.trades.size(), 2u);
  for (const engine::TradeRecord& t : r.trades) {
    EXPECT_EQ(t.exit_reason, ExitReason::kEndOfDay) << domain::to_string(t.key.type);
    EXPECT_EQ(second_of(t.exit_time), at(15, 15));
  }

  // The same day with spot really crossing the PE strike does exit it.
  MicroDay crossed;
  crossed.spot(0, 26000).spot(at(10, 0), 25990);
  crossed.quote(kCE, 26000, 0, 100, 101).quote(kPE, 26000, 0, 100, 101);
  const engine::RunRecords c =
      run_managed("structure = \"straddle\"\nentries = [\"09:20\"]\nexit_on_strike_breach = true\n", crossed);
  EXPECT_EQ(leg(c, 1, kPE, 26000).exit_reason, ExitReason::kSignal);
  EXPECT_EQ(second_of(leg(c, 1, kPE, 26000).exit_time), at(10, 0));
}

// Every preset on a generated day gives the same records when spot rows at 0
// are interleaved with the real ones (after every 7th row, at its second, so
// the 0 is the newest row of that second).
TEST(SpotGuard, EveryPresetIgnoresInterleavedZeroSpotRows) {
  const market::DayKey key{domain::Date::from_ymd(2025, 11, 17), "NIFTY"};
  const market::DayTape tape = market::load_day(tapelab::testing::generated_dataset(), key);
  ASSERT_GT(tape.spot.size(), 1000u);
  market::DayTape zeroed = tape;
  zeroed.spot.time.clear();
  zeroed.spot.price.clear();
  std::size_t zeros = 0;
  for (std::size_t row = 0; row < tape.spot.size(); ++row) {
    zeroed.spot.time.push_back(tape.spot.time[row]);
    zeroed.spot.price.push_back(tape.spot.price[row]);
    if (row % 7 == 6) {
      zeroed.spot.time.push_back(tape.spot.time[row]);
      zeroed.spot.price.push_back(0);
      ++zeros;
    }
  }
  ASSERT_GT(zeros, 100u);

  std::vector<engine::StrategySpec> specs;
  for (const std::string& name : preset_names()) {
    StrategyConfig config = preset(name);
    // `small` generated days quote an option every 1-2 minutes.
    config.execution.max_quote_age_seconds = 180;
    specs.push_back(make_spec(config));
  }
  const engine::RunRecords clean = engine::run_day(specs, tape);
  const engine::RunRecords with_zeros = engine::run_day(specs, zeroed);
  EXPECT_GT(clean.trades.size(), 20u);
  EXPECT_EQ(with_zeros.trades, clean.trades);
  EXPECT_EQ(with_zeros.orders, clean.orders);
  EXPECT_EQ(with_zeros.days, clean.days);
}

}  // namespace
}  // namespace tapelab::strategies
