// Hand-built cases that pin each rule of the EMA crossover benchmark and the
// contract scan's identity and file checks, with values worked out by hand.
#include <tbb/global_control.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dataset/layout.h"
#include "parquet/writer.h"
#include "scan/ema_crossover.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace tapelab::scan {
namespace {

namespace fs = std::filesystem;
using domain::Date;
using domain::OptionType;

// One contract's rows for ema_crossover(): a tight book (0.04 wide around the
// price, 0.0004 of 100) and traded volume unless a case changes them.
struct Series {
  std::vector<double> price, bid, ask;
  std::vector<std::int64_t> volume;

  explicit Series(std::vector<double> prices) : price(std::move(prices)) {
    for (double p : price) {
      bid.push_back(p - 0.02);
      ask.push_back(p + 0.02);
      volume.push_back(1000);
    }
  }
  EmaCrossover run() const { return ema_crossover(price, bid, ask, volume); }
};

TEST(EmaRules, TheFirstRowOnlyStartsTheAverages) {
  // Both EMAs start at 100, so a flat price never crosses. (Averages started
  // at 0 and fed the first row would read ema5 > ema21 at once and buy.)
  EXPECT_EQ(Series({100}).run().trades, 0u);
  EXPECT_EQ(Series({100, 100, 100}).run().trades, 0u);
}

TEST(EmaRules, BuysOnTheCrossAndSellsWhenItReverses) {
  // ema5/ema21 after each row: 101 -> 100.333/100.091 (buy at 101), 102, 101,
  // 100 still above, 99 -> 100.078/100.183: sell at 99. The last 99 stays flat.
  const EmaCrossover r = Series({100, 101, 102, 101, 100, 99, 99}).run();
  EXPECT_EQ(r.trades, 1u);
  EXPECT_DOUBLE_EQ(r.pnl, 99.0 - 101.0);
}

TEST(EmaRules, TheLastRowClosesAnOpenPosition) {
  const EmaCrossover r = Series({100, 101, 102}).run();  // buy at 101, still long at 102
  EXPECT_EQ(r.trades, 1u);
  EXPECT_DOUBLE_EQ(r.pnl, 1.0);
  // A buy on the last row is closed on it at the same price.
  const EmaCrossover same_row = Series({100, 101}).run();
  EXPECT_EQ(same_row.trades, 1u);
  EXPECT_DOUBLE_EQ(same_row.pnl, 0.0);
}

TEST(EmaRules, RowsWithoutAPriceAreSkippedAndNeverFilled) {
  // A zero price neither starts the averages (started at 0 they would buy at
  // 100 here) nor fills the last-row exit: it happens at 102, not at 0.
  EXPECT_EQ(Series({0, 100, 100}).run().trades, 0u);
  const EmaCrossover r = Series({100, 101, 0, 102, 0}).run();
  EXPECT_EQ(r.trades, 1u);
  EXPECT_DOUBLE_EQ(r.pnl, 1.0);
  EXPECT_EQ(Series({0, 0}).run().trades, 0u);
  EXPECT_EQ(Series({}).run().trades, 0u);
}

TEST(EmaRules, TheSpreadFilterBlocksEntriesNotExits) {
  Series wide({100, 101, 102, 103});
  wide.bid[1] = 100.9;  // (101.1 - 100.9) / 101 = 0.002 > 0.0005: no buy at 101
  wide.ask[1] = 101.1;
  wide.bid[3] = 0;  // an empty side does not stop the exit at 103
  EmaCrossover r = wide.run();
  EXPECT_EQ(r.trades, 1u);
  EXPECT_DOUBLE_EQ(r.pnl, 103.0 - 102.0);

  for (bool empty_bid : {true, false}) {
    Series one_side({100, 101, 102, 103});
    (empty_bid ? one_side.bid : one_side.ask)[1] = 0;
    r = one_side.run();
    EXPECT_EQ(r.trades, 1u);
    EXPECT_DOUBLE_EQ(r.pnl, 1.0) << "buy at 102, not 101";
  }
  // A crossed book has a negative spread and passes, as the formula says.
  Series crossed({100, 101, 102});
  crossed.bid[1] = 101.1;
  crossed.ask[1] = 100.9;
  r = crossed.run();
  EXPECT_EQ(r.trades, 1u);
  EXPECT_DOUBLE_EQ(r.pnl, 1.0);
}

TEST(EmaRules, AnEntryNeedsVolume) {
  Series quiet({100, 101, 102, 103});
  quiet.volume[1] = 0;  // a zero-volume read: no buy at 101
  const EmaCrossover r = quiet.run();
  EXPECT_EQ(r.trades, 1u);
  EXPECT_DOUBLE_EQ(r.pnl, 1.0);
}

// Hand-built day files: a minimal options partition with the columns the
// scan reads and the sort order ingest declares.
struct Tick {
  int expiry_day;  // of November 2025
  const char* type;
  std::int32_t strike;
  double price;
};

class HandBuiltDay : public ::testing::Test {
 protected:
  // Writes one day file, one row group per inner vector. Rows of a contract
  // get consecutive seconds.
  void write_day(Date date, const std::string& underlying, const std::vector<std::vector<Tick>>& row_groups,
                 bool declare_sort = true) {
    using parquet::Column;
    using parquet::ColumnData;
    using parquet::PhysicalType;
    parquet::Schema schema;
    schema.columns = {Column::timestamp("timestamp", parquet::TimeUnit::MICROS, false),
                      Column::date("expiry"),
                      Column::string("opt_type"),
                      Column::int32("strike"),
                      Column::float64("price", true),
                      Column::float64("bp0", true),
                      Column::float64("sp0", true),
                      Column::int64("volume", true)};
    parquet::WriterOptions options;
    if (declare_sort) {
      for (const char* name : {"expiry", "opt_type", "strike", "timestamp"}) {
        options.sorting_columns.push_back({schema.find(name), false, false});
      }
    }
    const fs::path path =
        dataset::partition_path(dir_.path(), {dataset::TableKind::kOptions, date, underlying});
    fs::create_directories(path.parent_path());
    parquet::FileWriter writer(path, schema, options);
    std::int64_t micros = 0;
    for (const auto& group : row_groups) {
      std::vector<ColumnData> c = {ColumnData(PhysicalType::INT64),  ColumnData(PhysicalType::INT32),
                                   ColumnData(PhysicalType::BYTE_ARRAY), ColumnData(PhysicalType::INT32),
                                   ColumnData(PhysicalType::DOUBLE), ColumnData(PhysicalType::DOUBLE),
                                   ColumnData(PhysicalType::DOUBLE), ColumnData(PhysicalType::INT64)};
      for (const Tick& t : group) {
        c[0].i64.push_back(micros += 1'000'000);
        c[1].i32.push_back(Date::from_ymd(2025, 11, static_cast<unsigned>(t.expiry_day)).days());
        c[2].push_string(t.type);
        c[3].i32.push_back(t.strike);
        c[4].f64.push_back(t.price);
        c[5].f64.push_back(t.price - 0.02);
        c[6].f64.push_back(t.price + 0.02);
        c[7].i64.push_back(1000);
      }
      writer.write_row_group(c);
    }
    writer.close();
  }

  ScanResults<EmaCrossover> scan(market::DaySelection days = {}) const {
    return scan_ema_crossover(dir_.path(), days);
  }

  tapelab::testing::TempDir dir_;
};

TEST_F(HandBuiltDay, TheSameStrikeInTwoExpiriesIsTwoContracts) {
  const Date day = Date::from_ymd(2025, 11, 17);
  // 25000 CE of the 18th rises (+1), 25000 PE of the 18th is flat, and 25000
  // CE of the 25th falls. Keyed by strike and type alone, the two CEs would
  // be one series 100, 101, 102, 60, 59, 58 (and one trade from 101 to 60).
  write_day(day, "NIFTY",
            {{{18, "CE", 25000, 100}, {18, "CE", 25000, 101}, {18, "CE", 25000, 102},
              {18, "PE", 25000, 80}, {18, "PE", 25000, 80},
              {25, "CE", 25000, 60}, {25, "CE", 25000, 59}, {25, "CE", 25000, 58}}});
  const auto results = scan();
  ASSERT_EQ(results.contracts.size(), 3u);
  const auto& a = results.contracts[0];
  EXPECT_EQ(a.id, (ContractId{day, "NIFTY", Date::from_ymd(2025, 11, 18), OptionType::kCall, 25000}));
  EXPECT_EQ(a.rows, 3u);
  EXPECT_EQ(a.value.trades, 1u);
  EXPECT_DOUBLE_EQ(a.value.pnl, 1.0);
  const auto& p = results.contracts[1];
  EXPECT_EQ(p.id, (ContractId{day, "NIFTY", Date::from_ymd(2025, 11, 18), OptionType::kPut, 25000}));
  EXPECT_EQ(p.rows, 2u);
  EXPECT_EQ(p.value.trades, 0u);
  const auto& b = results.contracts[2];
  EXPECT_EQ(b.id, (ContractId{day, "NIFTY", Date::from_ymd(2025, 11, 25), OptionType::kCall, 25000}));
  EXPECT_EQ(b.rows, 3u);
  EXPECT_EQ(b.value.trades, 0u);
  EXPECT_EQ(results.totals.rows, 8u);
  EXPECT_EQ(results.totals.contracts, 3u);
}

TEST_F(HandBuiltDay, ResultsComeInContractOrderWhateverTheThreads) {
  // Three days x two underlyings, contracts in several row groups each.
  std::vector<std::vector<Tick>> groups;
  for (int g = 0; g < 6; ++g) {
    std::vector<Tick> rows;
    for (int k = 0; k < 3; ++k) {
      const std::int32_t strike = 24000 + 50 * (3 * g + k);
      for (double p : {100.0, 100.5 + g, 101.0 + k, 99.0}) rows.push_back({18, "CE", strike, p});
    }
    groups.push_back(rows);
  }
  for (int d : {17, 18, 19}) {
    write_day(Date::from_ymd(2025, 11, static_cast<unsigned>(d)), "NIFTY", groups);
    write_day(Date::from_ymd(2025, 11, static_cast<unsigned>(d)), "BANKNIFTY", groups);
  }
  const auto all = scan();
  ASSERT_EQ(all.contracts.size(), 3u * 2u * 18u);
  EXPECT_EQ(all.totals.days, 6u);
  EXPECT_EQ(all.totals.row_groups, 36u);
  for (std::size_t i = 1; i < all.contracts.size(); ++i) EXPECT_LT(all.contracts[i - 1].id, all.contracts[i].id);
  EXPECT_EQ(all.contracts.front().id.underlying, "BANKNIFTY");  // 17th, BANKNIFTY before NIFTY

  tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  const auto serial = scan();
  ASSERT_EQ(serial.contracts.size(), all.contracts.size());
  for (std::size_t i = 0; i < all.contracts.size(); ++i) {
    EXPECT_EQ(serial.contracts[i].id, all.contracts[i].id);
    EXPECT_EQ(serial.contracts[i].value.trades, all.contracts[i].value.trades);
    EXPECT_EQ(serial.contracts[i].value.pnl, all.contracts[i].value.pnl);
  }

  const auto selected = scan({Date::from_ymd(2025, 11, 18), Date::from_ymd(2025, 11, 19), {"nifty"}});
  EXPECT_EQ(selected.contracts.size(), 2u * 18u);
  EXPECT_EQ(selected.contracts.front().id.date, Date::from_ymd(2025, 11, 18));
  EXPECT_EQ(selected.contracts.back().id.underlying, "NIFTY");
}

TEST_F(HandBuiltDay, AContractAcrossTwoRowGroupsIsRefused) {
  write_day(Date::from_ymd(2025, 11, 17), "NIFTY",
            {{{18, "CE", 25000, 100}, {18, "CE", 25000, 101}}, {{18, "CE", 25000, 102}, {18, "CE", 25050, 50}}});
  try {
    scan();
    FAIL() << "a split contract was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("continues across row groups"), std::string::npos) << e.what();
  }
}

TEST_F(HandBuiltDay, AFileWithoutTheSortOrderIsRefused) {
  write_day(Date::from_ymd(2025, 11, 17), "NIFTY", {{{18, "CE", 25000, 100}}}, false);
  try {
    scan();
    FAIL() << "an undeclared sort order was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("sort order"), std::string::npos) << e.what();
  }
}

TEST_F(HandBuiltDay, NoMatchingDayIsAnError) {
  write_day(Date::from_ymd(2025, 11, 17), "NIFTY", {{{18, "CE", 25000, 100}}});
  EXPECT_THROW(scan({Date::from_ymd(2025, 11, 18), std::nullopt, {}}), Error);
  EXPECT_THROW(scan({std::nullopt, std::nullopt, {"BANKNIFTY"}}), Error);
  EXPECT_THROW(scan_ema_crossover(dir_.path() / "missing", {}), Error);
}

}  // namespace
}  // namespace tapelab::scan
