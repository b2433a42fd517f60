// No look-ahead, by construction (docs/market-truth.md#window-rules): a
// generated day's tape cut at random instants t gives, for every second up to
// t, exactly the features, atm_options and regimes rows of the whole day, and
// exactly its events known by t (known_at <= t), bit for bit.
#include <cstring>
#include <random>

#include <gtest/gtest.h>

#include "domain/expiry_calendar.h"
#include "domain/trading_calendar.h"
#include "market/loader.h"
#include "support/generated_dataset.h"
#include "truth/day_tables.h"

namespace tapelab::truth {
namespace {

const market::DayKey kDay{domain::Date::from_ymd(2025, 11, 18), "NIFTY"};

// The rows of the tape stamped at or before `cut`.
market::DayTape cut_at(const market::DayTape& full, domain::WallNanos cut) {
  market::DayTape t;
  t.date = full.date;
  t.underlying = full.underlying;
  const auto cut_series = [cut](const market::SeriesColumns& s) {
    market::SeriesColumns out;
    for (std::size_t r = 0; r < s.size() && s.time[r] <= cut; ++r) {
      out.time.push_back(s.time[r]);
      out.price.push_back(s.price[r]);
      if (!s.volume.empty()) out.volume.push_back(s.volume[r]);
    }
    return out;
  };
  t.spot = cut_series(full.spot);
  t.futures = cut_series(full.futures);
  const market::OptionColumns& o = full.options;
  // Book rows [begin, end) of `from` stamped <= cut, appended to `to`.
  const auto cut_book = [cut](const market::OptionColumns& from, std::size_t begin, std::size_t end,
                              market::OptionColumns& to) {
    for (std::size_t r = begin; r < end && from.time[r] <= cut; ++r) {
      to.time.push_back(from.time[r]);
      if (!from.vol_delta.empty()) to.vol_delta.push_back(from.vol_delta[r]);
      if (!from.volume.empty()) to.volume.push_back(from.volume[r]);
      for (int m = 0; m < market::kBookLevels; ++m) {
        to.bid_price[m].push_back(from.bid_price[m][r]);
        to.ask_price[m].push_back(from.ask_price[m][r]);
        to.bid_qty[m].push_back(from.bid_qty[m][r]);
        to.ask_qty[m].push_back(from.ask_qty[m][r]);
      }
    }
  };
  for (const market::ContractSlice& c : full.contracts) {
    market::ContractSlice slice = c;
    slice.begin = t.options.size();
    cut_book(o, c.begin, c.end, t.options);
    slice.end = t.options.size();
    t.contracts.push_back(slice);
  }
  cut_book(full.futures_book, 0, full.futures_book.size(), t.futures_book);
  return t;
}

// Row r of a column, as the bytes a file would hold (null or the value's bits).
std::string cell(const parquet::ColumnData& c, std::size_t r) {
  if (!c.is_valid(r)) return "null";
  switch (c.type) {
    case parquet::PhysicalType::DOUBLE: {
      std::uint64_t bits;
      std::memcpy(&bits, &c.f64[r], sizeof bits);
      return std::to_string(bits);
    }
    case parquet::PhysicalType::INT32: return std::to_string(c.i32[r]);
    case parquet::PhysicalType::INT64: return std::to_string(c.i64[r]);
    case parquet::PhysicalType::BOOLEAN: return std::to_string(c.bools[r]);
    default: return std::string(c.string_at(r));
  }
}

// Every row of `cut` stamped <= t equals the same row of `full`, and `cut` has all of them.
void expect_prefix_equal(const Table& full, const Table& cut, domain::WallNanos t, const char* table) {
  ASSERT_EQ(full.schema, cut.schema);
  const std::int64_t t_micros = t / 1000;
  const auto& time = full.column("time").i64;
  std::size_t rows = 0;
  while (rows < full.rows() && time[rows] <= t_micros) ++rows;
  ASSERT_GE(cut.rows(), rows) << table;
  for (std::size_t c = 0; c < full.columns.size(); ++c) {
    for (std::size_t r = 0; r < rows; ++r) {
      ASSERT_EQ(cell(full.columns[c], r), cell(cut.columns[c], r))
          << table << "." << full.schema.columns[c].name << " row " << r << " cut at " << domain::format_wall_time(t);
    }
  }
}

// The events known by t: the same rows, in the same order, in both (events
// are sorted by known_at, so they are each table's first rows).
std::size_t expect_known_equal(const Table& full, const Table& cut, domain::WallNanos t) {
  EXPECT_EQ(full.schema, cut.schema);
  const std::int64_t t_micros = t / 1000;
  const auto known = [&](const Table& events) {
    std::size_t rows = 0;
    while (rows < events.rows() && events.column("known_at").i64[rows] <= t_micros) ++rows;
    return rows;
  };
  const std::size_t rows = known(full);
  EXPECT_EQ(known(cut), rows) << "events known by " << domain::format_wall_time(t);
  for (std::size_t c = 0; c < full.columns.size(); ++c) {
    for (std::size_t r = 0; r < rows && r < cut.rows(); ++r) {
      EXPECT_EQ(cell(full.columns[c], r), cell(cut.columns[c], r))
          << "events." << full.schema.columns[c].name << " row " << r << " cut at " << domain::format_wall_time(t);
    }
  }
  return rows;
}

TEST(TruthLookAhead, CutInputsGiveTheSameRowsUpToTheCut) {
  market::LoadOptions load;
  load.option_fields = market::kTrade | market::kFullBook;
  std::string why;
  const std::optional<DayContext> context = day_context(kDay.date, kDay.underlying, domain::TradingCalendar::nse(),
                                                        domain::ExpiryCalendar::builtin(), why);
  ASSERT_TRUE(context) << why;
  load.min_expiry = load.max_expiry = context->expiry;
  load.futures_book = true;
  const market::DayTape tape = market::load_day(tapelab::testing::generated_dataset(), kDay, load);
  ASSERT_FALSE(tape.contracts.empty());
  ASSERT_FALSE(tape.futures_book.time.empty());
  const DayTables full = day_tables(tape, *context, TruthParams{});
  std::mt19937_64 rng(17);
  const domain::WallNanos open = context->grid.seconds.front();
  const domain::WallNanos close = context->grid.seconds.back();
  std::uniform_int_distribution<domain::WallNanos> instant(open, close);
  std::size_t events_compared = 0;
  for (int trial = 0; trial < 4; ++trial) {
    const domain::WallNanos t = instant(rng);
    const DayTables cut = day_tables(cut_at(tape, t), *context, TruthParams{});
    expect_prefix_equal(full.features, cut.features, t, "features");
    expect_prefix_equal(full.atm_options, cut.atm_options, t, "atm_options");
    expect_prefix_equal(full.regimes, cut.regimes, t, "regimes");
    events_compared += expect_known_equal(full.events, cut.events, t);
  }
  EXPECT_GT(events_compared, 0U);  // the cuts fall after some events, so the check compared rows
}

}  // namespace
}  // namespace tapelab::truth
