// The day loader against a generated and ingested dataset: contract slices
// cover the file in its sort order, projection and expiry pruning keep the
// same rows.
#include <gtest/gtest.h>

#include "dataset/layout.h"
#include "market/loader.h"
#include "parquet/reader.h"
#include "support/generated_dataset.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace tapelab::market {
namespace {

namespace fs = std::filesystem;
using domain::Date;
using tapelab::testing::TempDir;

class LoaderTest : public ::testing::Test {
 protected:
  static const fs::path& dataset() { return tapelab::testing::generated_dataset(); }
};

TEST_F(LoaderTest, SelectsDaysByRangeAndUnderlying) {
  const auto all = select_days(dataset(), {});
  ASSERT_EQ(all.size(), 4u);  // 2 days x NIFTY, BANKNIFTY
  EXPECT_EQ(all[0].date, Date::from_ymd(2025, 11, 17));
  EXPECT_EQ(all[0].underlying, "BANKNIFTY");
  const auto nifty = select_days(dataset(), {Date::from_ymd(2025, 11, 18), std::nullopt, {"nifty"}});
  ASSERT_EQ(nifty.size(), 1u);
  EXPECT_EQ(nifty[0].underlying, "NIFTY");
  EXPECT_EQ(nifty[0].date, Date::from_ymd(2025, 11, 18));
  TempDir empty;
  EXPECT_THROW(select_days(empty.path(), {}), Error);
}

TEST_F(LoaderTest, ContractSlicesCoverTheFileInSortOrder) {
  const DayKey day{Date::from_ymd(2025, 11, 18), "NIFTY"};
  const DayTape tape = load_day(dataset(), day);
  const fs::path file = dataset::partition_path(
      dataset(), dataset::PartitionKey{dataset::TableKind::kOptions, day.date, day.underlying});
  ASSERT_EQ(static_cast<std::int64_t>(tape.options.size()), parquet::FileReader(file).num_rows());
  ASSERT_GT(tape.contracts.size(), 10u);
  EXPECT_EQ(tape.options.price.size(), tape.options.size());
  EXPECT_EQ(tape.options.ask_qty[4].size(), tape.options.size());
  std::size_t next = 0;
  for (std::size_t i = 0; i < tape.contracts.size(); ++i) {
    const ContractSlice& c = tape.contracts[i];
    EXPECT_EQ(c.begin, next);
    EXPECT_LT(c.begin, c.end);
    next = c.end;
    EXPECT_GT(c.lot_size, 0) << c.symbol;
    if (i > 0) {
      const ContractSlice& p = tape.contracts[i - 1];
      EXPECT_LT(std::tie(p.expiry, p.type, p.strike), std::tie(c.expiry, c.type, c.strike));
    }
    for (std::size_t row = c.begin + 1; row < c.end; ++row) {
      ASSERT_LT(tape.options.time[row - 1], tape.options.time[row]) << c.symbol;
    }
  }
  EXPECT_EQ(next, tape.options.size());
  EXPECT_GE(tape.expiries().size(), 2u);
  EXPECT_GT(tape.spot.size(), 1000u);
  EXPECT_GT(tape.futures.size(), 1000u);
  EXPECT_EQ(tape.futures.expiry.size(), tape.futures.size());
}

TEST_F(LoaderTest, ExpiryPruningAndProjectionKeepTheSameRows) {
  const DayKey day{Date::from_ymd(2025, 11, 17), "NIFTY"};
  const DayTape full = load_day(dataset(), day);
  const Date nearest = full.expiries().front();
  LoadOptions only_nearest;
  only_nearest.option_fields = kTopOfBook;
  only_nearest.max_expiry = nearest;
  only_nearest.futures = false;
  const DayTape near = load_day(dataset(), day, only_nearest);
  EXPECT_TRUE(near.options.price.empty());
  EXPECT_TRUE(near.options.bid_price[1].empty());
  EXPECT_TRUE(near.futures.time.empty());
  ASSERT_FALSE(near.contracts.empty());
  std::size_t k = 0;
  for (const ContractSlice& c : full.contracts) {
    if (c.expiry != nearest) continue;
    ASSERT_LT(k, near.contracts.size());
    const ContractSlice& n = near.contracts[k++];
    EXPECT_EQ(n.symbol, c.symbol);
    ASSERT_EQ(n.rows(), c.rows());
    for (std::size_t i = 0; i < c.rows(); ++i) {
      ASSERT_EQ(near.options.time[n.begin + i], full.options.time[c.begin + i]);
      ASSERT_EQ(near.options.bid_price[0][n.begin + i], full.options.bid_price[0][c.begin + i]);
    }
  }
  EXPECT_EQ(k, near.contracts.size());
}

}  // namespace
}  // namespace tapelab::market
