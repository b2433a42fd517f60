// PartitionBuilder: order on disk, row groups, duplicates, merging, derived
// columns, determinism and bounded memory.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <random>
#include <tuple>

#include <gtest/gtest.h>

#include "dataset/partition_builder.h"
#include "dataset/schema.h"
#include "domain/contract.h"
#include "domain/time.h"
#include "domain/trading_calendar.h"
#include "parquet/reader.h"
#include "test_util.h"
#include "util/error.h"

namespace tapelab::dataset {
namespace {

using domain::Date;
using domain::OptionType;
using testing::at;
using testing::kDay;
using testing::make_option;
using testing::make_row;
using testing::make_source;
using testing::read_table;
using testing::TempDir;

const Date kExpiry1 = Date::from_ymd(2025, 11, 25);
const Date kExpiry2 = Date::from_ymd(2025, 12, 2);
const PartitionKey kOptionsKey{TableKind::kOptions, kDay, "NIFTY"};

const domain::TradingCalendar& nse() { return domain::TradingCalendar::nse(); }

struct Sources {
  SourceTable table;
  Sources() {
    table.add(make_source("early/a.sql.gz", at(15, 30, 0)));  // 0
    table.add(make_source("late/b.sql.gz", at(15, 30, 0) + domain::kNanosPerDay));  // 1: wins
    table.finalize();
  }
};

// A builder with instruments registered in the given order; returns the
// instrument index of each contract in `contracts` order.
std::vector<std::uint32_t> register_all(PartitionBuilder& b, const std::vector<Instrument>& contracts,
                                        bool reversed) {
  std::vector<std::uint32_t> index(contracts.size());
  for (std::size_t k = 0; k < contracts.size(); ++k) {
    const std::size_t i = reversed ? contracts.size() - 1 - k : k;
    index[i] = b.add_instrument(contracts[i]);
  }
  return index;
}

std::vector<Instrument> six_contracts() {
  return {make_option(kExpiry2, OptionType::kPut, 26000), make_option(kExpiry1, OptionType::kCall, 26100),
          make_option(kExpiry1, OptionType::kPut, 25900), make_option(kExpiry1, OptionType::kCall, 25900),
          make_option(kExpiry2, OptionType::kCall, 26000), make_option(kExpiry1, OptionType::kPut, 26100)};
}

// Rows first..first+n-1 of contract c (by position in six_contracts()), 3 s
// apart, from source `source`; the price encodes (contract, row).
std::vector<TickRow> contract_rows(std::size_t c, int first, int n, std::uint16_t source, double price_offset = 0) {
  std::vector<TickRow> rows;
  for (int i = first; i < first + n; ++i) {
    TickRow r = make_row(at(9, 15, 0) + std::int64_t{i} * 3 * domain::kNanosPerSecond,
                         100.0 * static_cast<double>(c + 1) + i * 0.05 + price_offset, 75 * (i + 1), 99, 101, source);
    rows.push_back(r);
  }
  return rows;
}

struct BuildInput {
  std::vector<std::pair<std::size_t, TickRow>> rows;  // (contract position, row)
};

// Builds one options partition from `input`, adding rows in the given order
// in chunks of `chunk`, with `budget` bytes of buffer.
PartitionAudit build(const std::filesystem::path& out, const Sources& sources, const BuildInput& input,
                     std::size_t budget, std::size_t chunk, bool reversed_instruments,
                     const std::filesystem::path& spill_dir, std::size_t target_rows = 200'000,
                     const SpotSeries* spot = nullptr, const std::optional<std::filesystem::path>& existing = {}) {
  BuildOptions o;
  o.spill_dir = spill_dir;
  o.memory_budget = budget;
  o.row_group_target_rows = target_rows;
  PartitionBuilder b(kOptionsKey, sources.table, o);
  const std::vector<std::uint32_t> index = register_all(b, six_contracts(), reversed_instruments);
  std::vector<TickRow> pending;
  for (const auto& [c, row] : input.rows) {
    TickRow r = row;
    r.instrument = index[c];
    pending.push_back(r);
    if (pending.size() == chunk) {
      b.add(pending);
      pending.clear();
    }
  }
  b.add(pending);
  return b.finish(existing, spot, nse(), out);
}

BuildInput shuffled_input(std::uint32_t seed, bool with_duplicates) {
  BuildInput in;
  for (std::size_t c = 0; c < 6; ++c) {
    for (const TickRow& r : contract_rows(c, 0, 40 + static_cast<int>(c) * 7, 0)) in.rows.emplace_back(c, r);
    if (with_duplicates) {
      // The later source recorded rows 0..9 of each contract identically and
      // rows 10..19 with another price.
      const auto again = contract_rows(c, 10, 10, 1, 0.5);
      const auto same = contract_rows(c, 0, 10, 1);
      for (const TickRow& r : again) in.rows.emplace_back(c, r);
      for (const TickRow& r : same) in.rows.emplace_back(c, r);
    }
  }
  std::mt19937 rng(seed);
  std::shuffle(in.rows.begin(), in.rows.end(), rng);
  return in;
}

TEST(PartitionBuilder, SortIsTrueOnDiskAndDeclared) {
  TempDir dir;
  Sources sources;
  const auto out = dir.path() / "p.parquet";
  build(out, sources, shuffled_input(1, false), 1 << 30, 17, false, dir.path() / "spill");
  const testing::Table t = read_table(out);
  const auto& expiry = t.column("expiry");
  const auto& type = t.column("opt_type");
  const auto& strike = t.column("strike");
  const auto& ts = t.column("timestamp");
  ASSERT_EQ(t.rows(), std::size_t{40 + 47 + 54 + 61 + 68 + 75});
  for (std::size_t i = 1; i < t.rows(); ++i) {
    const auto prev = std::make_tuple(expiry.i32[i - 1], type.string_at(i - 1), strike.i32[i - 1], ts.i64[i - 1]);
    const auto cur = std::make_tuple(expiry.i32[i], type.string_at(i), strike.i32[i], ts.i64[i]);
    ASSERT_LT(prev, cur) << "row " << i;
  }
  // First contract: the nearest expiry's lowest CE strike.
  EXPECT_EQ(Date::from_days(expiry.i32[0]), kExpiry1);
  EXPECT_EQ(type.string_at(0), "CE");
  EXPECT_EQ(strike.i32[0], 25900);

  const parquet::FileReader reader(out);
  const parquet::Schema schema = partition_schema(TableKind::kOptions);
  for (const parquet::RowGroup& rg : reader.metadata().row_groups) {
    ASSERT_EQ(rg.sorting_columns.size(), 4U);
    EXPECT_EQ(rg.sorting_columns[0].column_idx, schema.find("expiry"));
    EXPECT_EQ(rg.sorting_columns[1].column_idx, schema.find("opt_type"));
    EXPECT_EQ(rg.sorting_columns[2].column_idx, schema.find("strike"));
    EXPECT_EQ(rg.sorting_columns[3].column_idx, schema.find("timestamp"));
  }
  bool has_partition_key = false;
  for (const auto& kv : reader.metadata().key_value_metadata) {
    if (kv.key == "tapelab.partition") has_partition_key = kv.value == kOptionsKey.to_string();
  }
  EXPECT_TRUE(has_partition_key);
}

TEST(PartitionBuilder, RowGroupsHoldWholeContracts) {
  TempDir dir;
  Sources sources;
  const auto out = dir.path() / "p.parquet";
  const std::size_t target = 50;
  build(out, sources, shuffled_input(2, false), 1 << 30, 1000, false, dir.path() / "spill", target);
  const testing::Table t = read_table(out);
  ASSERT_GT(t.row_group_rows.size(), 2U);
  const auto& symbol = t.column("symbol");
  std::map<std::string, std::set<std::size_t>> groups_of;
  std::size_t row = 0;
  for (std::size_t g = 0; g < t.row_group_rows.size(); ++g) {
    if (g + 1 < t.row_group_rows.size()) {
      EXPECT_GE(t.row_group_rows[g], static_cast<std::int64_t>(target));
    }
    for (std::int64_t i = 0; i < t.row_group_rows[g]; ++i, ++row) {
      groups_of[std::string(symbol.string_at(row))].insert(g);
    }
  }
  ASSERT_EQ(groups_of.size(), 6U);
  for (const auto& [name, groups] : groups_of) EXPECT_EQ(groups.size(), 1U) << name << " spans row groups";
}

TEST(PartitionBuilder, DuplicatesResolvedByRankWhateverTheOrderAndSpills) {
  TempDir dir;
  Sources sources;
  const auto base = dir.path() / "base.parquet";
  const PartitionAudit a = build(base, sources, shuffled_input(3, true), 1 << 30, 1000, false, dir.path() / "s0");
  EXPECT_EQ(a.duplicates_replaced, 6 * 10);
  EXPECT_EQ(a.exact_duplicates, 6 * 10);
  EXPECT_EQ(a.rows_in, static_cast<std::int64_t>(40 + 47 + 54 + 61 + 68 + 75 + 6 * 20));
  EXPECT_EQ(a.rows_written, 40 + 47 + 54 + 61 + 68 + 75);
  const std::string expected = testing::file_bytes(base);

  // Another arrival order, instrument registration order, chunking and a
  // budget that forces a spill every few rows: the same bytes.
  int variant = 0;
  for (const std::size_t budget : {std::size_t{1} << 30, sizeof(TickRow) * 7, sizeof(TickRow) * 64}) {
    for (const std::uint32_t seed : {4U, 5U}) {
      ++variant;
      const auto out = dir.path() / ("v" + std::to_string(variant) + ".parquet");
      build(out, sources, shuffled_input(seed, true), budget, 13, variant % 2 == 1,
            dir.path() / ("s" + std::to_string(variant)));
      EXPECT_EQ(testing::file_bytes(out), expected) << "budget " << budget << " seed " << seed;
    }
  }

  // Rows 0..19 of every contract come from the later source, 10..19 with its price.
  const testing::Table t = read_table(base);
  const auto& source = t.column("source");
  const auto& price = t.column("price");
  const auto& ts = t.column("timestamp");
  const auto& strike = t.column("strike");
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const std::int64_t k = (ts.i64[i] * kNanosPerStoredUnit - at(9, 15, 0)) / (3 * domain::kNanosPerSecond);
    const double fraction = price.f64[i] - std::floor(price.f64[i] / 100) * 100;
    if (k < 20) {
      EXPECT_EQ(source.string_at(i), "late/b.sql.gz");
      EXPECT_NEAR(fraction, static_cast<double>(k) * 0.05 + (k >= 10 ? 0.5 : 0), 1e-9) << strike.i32[i];
    } else {
      EXPECT_EQ(source.string_at(i), "early/a.sql.gz");
    }
  }
}

TEST(PartitionBuilder, SourceTiesGoToTheGreaterKeyWhateverTheInsertionOrder) {
  for (const bool reversed : {false, true}) {
    SourceTable table;
    const Source x = make_source("folder/x.sql.gz", at(15, 30, 0));
    const Source y = make_source("folder/y.sql.gz", at(15, 30, 0));
    const Source older = make_source("zzz/old.sql.gz", at(15, 0, 0));
    const std::vector<Source> order = reversed ? std::vector{older, y, x} : std::vector{x, y, older};
    for (const Source& s : order) table.add(s);
    table.finalize();
    EXPECT_GT(table.rank(table.find("folder/y.sql.gz")), table.rank(table.find("folder/x.sql.gz")));
    EXPECT_GT(table.rank(table.find("folder/x.sql.gz")), table.rank(table.find("zzz/old.sql.gz")));
  }
}

TEST(PartitionBuilder, ManySpillsGiveTheSameFileAndCleanUp) {
  TempDir dir;
  Sources sources;
  BuildInput big;
  for (std::size_t c = 0; c < 6; ++c) {
    for (const TickRow& r : contract_rows(c, 0, 900, static_cast<std::uint16_t>(c % 2))) big.rows.emplace_back(c, r);
  }
  std::mt19937 rng(9);
  std::shuffle(big.rows.begin(), big.rows.end(), rng);
  const auto whole = dir.path() / "whole.parquet";
  const auto spilled = dir.path() / "spilled.parquet";
  build(whole, sources, big, 1 << 30, 5000, false, dir.path() / "s1");
  // 5 rows per run: over a thousand runs, so the merge goes through
  // intermediate passes and never holds more than its fan-in of blocks.
  build(spilled, sources, big, sizeof(TickRow) * 5, 100, true, dir.path() / "s2");
  EXPECT_EQ(testing::file_bytes(whole), testing::file_bytes(spilled));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() / "s2"));
  EXPECT_EQ(read_table(spilled).rows(), 5400U);
}

TEST(PartitionBuilder, MergesIntoAnExistingPartitionLikeOneBuild) {
  TempDir dir;
  Sources sources;
  BuildInput first, second, together;
  for (std::size_t c = 0; c < 6; ++c) {
    for (const TickRow& r : contract_rows(c, 0, 30, 0)) {
      first.rows.emplace_back(c, r);
      together.rows.emplace_back(c, r);
    }
    // The later recording overlaps rows 20..29 with other prices and adds 30..49.
    for (const TickRow& r : contract_rows(c, 20, 30, 1, 0.25)) {
      second.rows.emplace_back(c, r);
      together.rows.emplace_back(c, r);
    }
  }
  TickRow sparse = make_row(at(9, 15, 1), 1, 0);
  set_null(sparse, static_cast<int>(DumpColumn::kLastTradeTime));
  set_null(sparse, static_cast<int>(DumpColumn::kOi));
  sparse.last_trade_time = 0;
  sparse.oi = 0;
  first.rows.emplace_back(0, sparse);
  together.rows.emplace_back(0, sparse);

  const auto old_file = dir.path() / "old.parquet";
  build(old_file, sources, first, 1 << 30, 100, false, dir.path() / "s0");
  const auto merged = dir.path() / "merged.parquet";
  const PartitionAudit audit =
      build(merged, sources, second, sizeof(TickRow) * 16, 7, true, dir.path() / "s1", 200'000, nullptr, old_file);
  EXPECT_EQ(audit.duplicates_replaced, 6 * 10);
  const auto all_at_once = dir.path() / "together.parquet";
  build(all_at_once, sources, together, 1 << 30, 1000, false, dir.path() / "s2");
  EXPECT_EQ(testing::file_bytes(merged), testing::file_bytes(all_at_once));

  const testing::Table t = read_table(merged);
  EXPECT_EQ(t.rows(), 6U * 50 + 1);
  const auto& ltt = t.column("lastTradeTime");
  const auto& oi = t.column("oi");
  std::size_t nulls = 0;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    EXPECT_EQ(ltt.is_valid(i), oi.is_valid(i));
    nulls += ltt.is_valid(i) ? 0 : 1;
  }
  EXPECT_EQ(nulls, 1U);
}

TEST(PartitionBuilder, VolDeltaPerContractNeverNegative) {
  TempDir dir;
  Sources sources;
  BuildInput in;
  const std::vector<std::int64_t> volumes_a = {100, 150, 0, 150, 140, 200, 200, 260};
  const std::vector<std::int64_t> volumes_b = {5000, 5100, 7000, 0, 7050};
  // Interleaved in time: the bug this guards against computed deltas across
  // rows of two contracts and produced -x/+x pairs.
  for (std::size_t i = 0; i < volumes_a.size(); ++i) {
    in.rows.emplace_back(3, make_row(at(10, 0, static_cast<int>(2 * i)), 10, volumes_a[i]));
  }
  for (std::size_t i = 0; i < volumes_b.size(); ++i) {
    in.rows.emplace_back(1, make_row(at(10, 0, static_cast<int>(2 * i + 1)), 10, volumes_b[i]));
  }
  const auto out = dir.path() / "p.parquet";
  const PartitionAudit audit = build(out, sources, in, 1 << 30, 3, false, dir.path() / "s");
  const testing::Table t = read_table(out);
  const auto& delta = t.column("vol_delta");
  // Contract 3 (25900 CE) sorts before contract 1 (26100 CE).
  const std::vector<std::int64_t> expected = {100, 50, 0, 0, 0, 50, 0, 60, 5000, 100, 1900, 0, 50};
  EXPECT_EQ(delta.i64, expected);
  EXPECT_EQ(audit.volume_resets, 3);  // 0 and 140 in A, 0 in B
}

TEST(PartitionBuilder, DerivedColumnsAndSpotNeverFromTheFuture) {
  TempDir dir;
  Sources sources;
  SpotSeries spot;
  spot.timestamps = {at(10, 0, 0), at(10, 0, 5)};
  spot.prices = {26000, 26010};
  BuildInput in;
  // 25900 CE (position 3) and 25900 PE (position 2).
  in.rows.emplace_back(3, make_row(at(9, 59, 59), 150, 10, 149.9, 150.1));
  in.rows.emplace_back(3, make_row(at(10, 0, 0), 150, 10, 149.9, 150.1));
  in.rows.emplace_back(3, make_row(at(10, 0, 4), 150, 10, 0, 150.1));
  in.rows.emplace_back(3, make_row(at(10, 0, 5), 150, 10, 149.9, 150.1));
  TickRow pe = make_row(at(10, 0, 6), 40, 10, 39.9, 40.3);
  pe.changeper = -2.5571396243;
  in.rows.emplace_back(2, pe);
  const auto out = dir.path() / "p.parquet";
  build(out, sources, in, 1 << 30, 100, false, dir.path() / "s", 200'000, &spot);
  const testing::Table t = read_table(out);
  ASSERT_EQ(t.rows(), 5U);
  const auto& s = t.column("spot_price");
  EXPECT_FALSE(s.is_valid(0));  // 09:59:59 is before the first spot value
  EXPECT_EQ(s.f64[1], 26000);   // at exactly 10:00:00
  EXPECT_EQ(s.f64[2], 26000);   // 10:00:04 must not see 10:00:05's value
  EXPECT_EQ(s.f64[3], 26010);
  EXPECT_EQ(s.f64[4], 26010);
  const auto& mid = t.column("mid_price");
  const auto& spread = t.column("spread");
  EXPECT_DOUBLE_EQ(mid.f64[1], 150.0);
  EXPECT_NEAR(spread.f64[1], 0.2, 1e-9);
  EXPECT_FALSE(mid.is_valid(2));  // empty bid side
  EXPECT_FALSE(spread.is_valid(2));
  const auto& dist = t.column("distance_from_spot");
  const auto& money = t.column("moneyness_pct");
  const auto& intrinsic = t.column("intrinsic_value");
  const auto& time_value = t.column("time_value");
  EXPECT_FALSE(dist.is_valid(0));
  EXPECT_FALSE(time_value.is_valid(0));
  EXPECT_DOUBLE_EQ(dist.f64[1], -100);
  EXPECT_NEAR(money.f64[1], 100.0 / 25900 * 100, 1e-12);  // CE in the money
  EXPECT_DOUBLE_EQ(intrinsic.f64[1], 100);
  EXPECT_DOUBLE_EQ(time_value.f64[1], 50);
  // The PE row, 25900 with spot 26010: out of the money.
  EXPECT_NEAR(money.f64[4], -110.0 / 25900 * 100, 1e-12);
  EXPECT_DOUBLE_EQ(intrinsic.f64[4], 0);
  EXPECT_DOUBLE_EQ(time_value.f64[4], 40);
  EXPECT_DOUBLE_EQ(t.column("changeper").f64[4], -2.56);
  // 2025-11-18 -> 2025-11-25: the 19th, 20th, 21st, 24th and 25th.
  EXPECT_EQ(t.column("dte").i32[0], 5);
  EXPECT_EQ(t.column("lot_size").i32[0], 75);
  EXPECT_EQ(t.column("expiry_type").string_at(0), "weekly");
  EXPECT_EQ(t.column("is_weekly").bools[0], 1);
  EXPECT_EQ(t.column("is_monthly").bools[0], 0);
  EXPECT_EQ(t.column("underlying").string_at(0), "NIFTY");
  EXPECT_EQ(Date::from_days(t.column("date").i32[0]), kDay);
}

TEST(SpotSeries, AsOfWalksForwardAndSearchesWhenTimeGoesBack) {
  SpotSeries spot;
  spot.timestamps = {10, 20, 30};
  spot.prices = {1, 2, 3};
  std::size_t next = 0;
  EXPECT_EQ(spot.as_of(5, next), std::nullopt);
  EXPECT_EQ(spot.as_of(10, next), 1.0);
  EXPECT_EQ(spot.as_of(25, next), 2.0);
  EXPECT_EQ(spot.as_of(30, next), 3.0);
  EXPECT_EQ(spot.as_of(100, next), 3.0);
  EXPECT_EQ(spot.as_of(15, next), 1.0);  // earlier than the last lookup
  EXPECT_EQ(spot.as_of(9, next), std::nullopt);
  EXPECT_EQ(spot.as_of(20, next), 2.0);
  std::size_t fresh = 0;
  EXPECT_EQ(SpotSeries{}.as_of(10, fresh), std::nullopt);
}

TEST(PartitionBuilder, RowBufferNeverHoldsMoreThanTheBudget) {
  TempDir dir;
  Sources sources;
  // Not a power of two in rows: a vector doubling on its own would pass it.
  const std::size_t budget = 100 * sizeof(TickRow) + 7;
  PartitionBuilder b(kOptionsKey, sources.table, BuildOptions{dir.path() / "s", budget, 200'000, 60});
  const std::uint32_t c = b.add_instrument(make_option(kExpiry1, OptionType::kCall, 26000));
  std::size_t peak = 0;
  for (int i = 0; i < 1000; ++i) {
    const TickRow row = make_row(at(10, 0, 0) + i * domain::kNanosPerSecond / 10, 100, i, 99, 101, 0, c);
    b.add(std::span(&row, 1));
    peak = std::max(peak, b.buffered_bytes());
  }
  EXPECT_LE(peak, budget);
  EXPECT_GE(peak, 100 * sizeof(TickRow));  // it does fill the budget before spilling
  const PartitionAudit audit = b.finish(std::nullopt, nullptr, nse(), dir.path() / "p.parquet");
  EXPECT_EQ(audit.rows_written, 1000);
  EXPECT_EQ(b.buffered_bytes(), 0U);
}

TEST(PartitionBuilder, TwoSymbolsOfOneContractAreSortedTogether) {
  // Two tables of one contract (its name spelled two ways), each in time
  // order on its own, their times interleaved: the contract's rows are still
  // written in time order (each symbol alone would look sorted already).
  TempDir dir;
  Sources sources;
  PartitionBuilder b(kOptionsKey, sources.table, BuildOptions{dir.path() / "s", std::size_t{1} << 30, 200'000, 60});
  Instrument upper = make_option(kExpiry1, OptionType::kCall, 26000);
  Instrument lower = upper;
  lower.symbol += "-lower";
  const std::uint32_t first = b.add_instrument(upper);
  const std::uint32_t second = b.add_instrument(lower);
  ASSERT_NE(first, second);
  for (const auto& [instrument, offset] : {std::pair{first, 0}, std::pair{second, 1}}) {
    for (int i = 0; i < 20; ++i) {
      const TickRow row = make_row(at(10, 0, 0) + (2 * i + offset) * domain::kNanosPerSecond, 100, i, 99, 101, 0,
                                   instrument);
      b.add(std::span(&row, 1));
    }
  }
  b.finish(std::nullopt, nullptr, nse(), dir.path() / "p.parquet");
  const testing::Table t = read_table(dir.path() / "p.parquet");
  const auto& ts = t.column("timestamp");
  ASSERT_EQ(t.rows(), 40U);
  for (std::size_t i = 1; i < t.rows(); ++i) EXPECT_LT(ts.i64[i - 1], ts.i64[i]) << "row " << i;
}

TEST(PartitionBuilder, LotInferredFromTheDataWhereTheTableHasNone) {
  TempDir dir;
  Sources sources;
  PartitionBuilder b(kOptionsKey, sources.table, BuildOptions{dir.path() / "s", 1 << 20, 200'000, 60});
  const std::uint32_t known = b.add_instrument(make_option(kExpiry1, OptionType::kCall, 25900, 75));
  const std::uint32_t unknown = b.add_instrument(make_option(kExpiry1, OptionType::kCall, 26000, 0));
  const std::uint32_t no_quantities = b.add_instrument(make_option(kExpiry1, OptionType::kCall, 26100, 0));
  std::vector<TickRow> rows;
  // The table's lot stays even where the data's GCD (75) would say the same.
  for (int i = 0; i < 3; ++i) rows.push_back(make_row(at(10, 0, i), 100, 10, 99, 101, 0, known));
  // Quantities 130, 65, 195 and 260: the data says 65.
  for (int i = 0; i < 2; ++i) {
    TickRow r = make_row(at(10, 0, i), 50, 10, 49, 51, 0, unknown);
    r.qty = 130 * (i + 1);
    r.bids[0].qty = 65;
    r.asks[0].qty = 195;
    rows.push_back(r);
  }
  // No quantity at all: nothing to infer, the lot stays null.
  TickRow quiet = make_row(at(10, 0, 0), 5, 0, 0, 0, 0, no_quantities);
  quiet.qty = 0;
  rows.push_back(quiet);
  b.add(rows);
  const auto out = dir.path() / "p.parquet";
  b.finish(std::nullopt, nullptr, nse(), out);
  const testing::Table t = read_table(out);
  ASSERT_EQ(t.rows(), 6U);
  const auto& lot = t.column("lot_size");
  for (std::size_t r = 0; r < 3; ++r) EXPECT_EQ(lot.i32[r], 75) << r;
  for (std::size_t r = 3; r < 5; ++r) {
    EXPECT_TRUE(lot.is_valid(r)) << r;
    EXPECT_EQ(lot.i32[r], 65) << r;
  }
  EXPECT_FALSE(lot.is_valid(5));
}

TEST(PartitionBuilder, GapsAreReportedOnlyForSeriesThatOtherwiseQuoteEverySecond) {
  TempDir dir;
  Sources sources;
  const PartitionKey key{TableKind::kSpot, kDay, "NIFTY"};
  PartitionBuilder b(key, sources.table, BuildOptions{dir.path(), 1 << 20, 200'000, 60});
  // Quotes every 30 s with one 5-minute hole: an illiquid series, no gap.
  std::vector<TickRow> rows;
  for (int i = 0; i < 10; ++i) rows.push_back(make_row(at(10, 0, 0) + i * 30 * domain::kNanosPerSecond, 26000, 0));
  rows.push_back(make_row(at(10, 10, 0), 26000, 0));
  b.add(rows);
  const PartitionAudit audit = b.finish(std::nullopt, nullptr, nse(), dir.path() / "spot.parquet");
  EXPECT_EQ(audit.rows_written, 11);
  EXPECT_TRUE(audit.gaps.empty());
}

TEST(PartitionBuilder, SpotPartitionRoundTripsAsASeries) {
  TempDir dir;
  Sources sources;
  const PartitionKey key{TableKind::kSpot, kDay, "NIFTY"};
  PartitionBuilder b(key, sources.table, BuildOptions{dir.path(), 1 << 20, 200'000, 60});
  std::vector<TickRow> rows = {make_row(at(10, 0, 2), 26010, 0), make_row(at(10, 0, 0), 26000, 0),
                               make_row(at(10, 0, 1), 0, 0), make_row(at(11, 0, 0), 26020, 0)};
  b.add(rows);
  const auto out = dir.path() / "spot.parquet";
  const PartitionAudit audit = b.finish(std::nullopt, nullptr, nse(), out);
  EXPECT_EQ(audit.rows_written, 4);
  EXPECT_EQ(audit.zero_prices, 1);
  ASSERT_EQ(audit.gaps.size(), 1U);  // 10:00:02 -> 11:00:00 inside the session
  EXPECT_EQ(audit.gaps[0].from, at(10, 0, 2));
  const SpotSeries s = read_spot_series(out);
  EXPECT_EQ(s.timestamps, (std::vector<std::int64_t>{at(10, 0, 0), at(10, 0, 2), at(11, 0, 0)}));
  EXPECT_EQ(s.prices, (std::vector<double>{26000, 26010, 26020}));
  const testing::Table t = read_table(out);
  EXPECT_EQ(t.schema.columns.size(), std::size_t{kDumpColumnCount} + 3);
}

TEST(PartitionBuilder, RejectsRowsOfAnotherDayAndUnfinalizedSources) {
  TempDir dir;
  Sources sources;
  PartitionBuilder b(kOptionsKey, sources.table, BuildOptions{dir.path(), 1 << 20, 200'000, 60});
  const std::uint32_t i = b.add_instrument(make_option(kExpiry1, OptionType::kCall, 25900));
  EXPECT_EQ(b.add_instrument(make_option(kExpiry1, OptionType::kCall, 25900)), i);
  const TickRow other_day = make_row(at(10, 0, 0, kDay + 1), 1, 1, 0, 0, 0, i);
  EXPECT_THROW(b.add(std::span(&other_day, 1)), Error);
  const TickRow bad_instrument = make_row(at(10, 0, 0), 1, 1, 0, 0, 0, 7);
  EXPECT_THROW(b.add(std::span(&bad_instrument, 1)), Error);

  SourceTable open;
  open.add(make_source("x/y.sql.gz", 1));
  PartitionBuilder c(kOptionsKey, open, BuildOptions{dir.path(), 1 << 20, 200'000, 60});
  EXPECT_THROW(c.finish(std::nullopt, nullptr, nse(), dir.path() / "x.parquet"), Error);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "x.parquet"));
}

}  // namespace
}  // namespace tapelab::dataset
