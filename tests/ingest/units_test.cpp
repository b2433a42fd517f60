// Table classification, mapping values by column name, and the expiry and
// lot-size checks, on hand-made inputs.
#include <gtest/gtest.h>

#include <bit>

#include "domain/expiry_calendar.h"
#include "dump/value.h"
#include "ingest/checks.h"
#include "ingest/classify.h"
#include "ingest/row_mapper.h"

namespace tapelab::ingest {
namespace {

using domain::Date;

const domain::ExpiryCalendar& calendar() {
  static const auto c = domain::ExpiryCalendar::builtin();
  return c;
}

TEST(Classify, OptionsSpotFuturesAndTheRest) {
  const auto monthly = classify_table("BANKNIFTY25DEC58300CE", calendar());
  EXPECT_EQ(monthly.role, TableRole::kOptions);
  EXPECT_EQ(monthly.underlying, "BANKNIFTY");
  EXPECT_EQ(monthly.instrument.strike, 58300);
  EXPECT_EQ(monthly.instrument.expiry, Date::from_ymd(2025, 12, 30));
  EXPECT_TRUE(monthly.instrument.is_monthly);
  EXPECT_EQ(monthly.instrument.lot_size, 35);

  const auto weekly = classify_table("nifty25n1825900pe", calendar());
  EXPECT_EQ(weekly.role, TableRole::kOptions);
  EXPECT_EQ(weekly.underlying, "NIFTY");
  EXPECT_EQ(weekly.instrument.opt_type, domain::OptionType::kPut);
  EXPECT_FALSE(weekly.instrument.is_monthly);
  EXPECT_EQ(weekly.instrument.symbol, "nifty25n1825900pe");  // as the dump wrote it

  EXPECT_EQ(classify_table("NIFTY", calendar()).role, TableRole::kSpot);
  const auto alias = classify_table("Nifty Bank", calendar());
  EXPECT_EQ(alias.role, TableRole::kSpot);
  EXPECT_EQ(alias.underlying, "BANKNIFTY");
  EXPECT_EQ(classify_table("nifty 50", calendar()).underlying, "NIFTY");
  const auto fut = classify_table("bankniftyfut", calendar());
  EXPECT_EQ(fut.role, TableRole::kFutures);
  EXPECT_EQ(fut.underlying, "BANKNIFTY");

  EXPECT_EQ(classify_table("RELIANCE", calendar()).role, TableRole::kSkip);
  EXPECT_EQ(classify_table("NIFTYBEES", calendar()).role, TableRole::kSkip);
}

TEST(Classify, OptionLookingNamesThatDoNotDecodeAreReported) {
  const auto bad = classify_table("NIFTY25XYZ25900CE", calendar());
  EXPECT_EQ(bad.role, TableRole::kBadOption);
  EXPECT_EQ(bad.underlying, "NIFTY");
  EXPECT_FALSE(bad.reason.empty());
  EXPECT_EQ(classify_table("BANKNIFTY25DECCE", calendar()).role, TableRole::kBadOption);
}

dump::ColumnLayout layout(std::vector<std::string> names) {
  dump::ColumnLayout l;
  l.names = std::move(names);
  l.schema_index.assign(l.names.size(), -1);
  return l;
}

dump::Value num(std::string_view text) { return {text, dump::ValueKind::kNumber, false}; }
dump::Value str(std::string_view text) { return {text, dump::ValueKind::kString, false}; }
dump::Value null() { return {{}, dump::ValueKind::kNull, false}; }

TEST(RowMapper, MapsByNameInAnyOrderAndCase) {
  const RowMapper mapper(layout({"VOLUME", "Price", "timestamp", "bp0", "so4", "lastTradeTime", "color"}));
  EXPECT_EQ(mapper.extra_columns(), std::vector<std::string>{"color"});
  EXPECT_EQ(mapper.missing_columns().size(), 46u - 6u);
  const std::vector<dump::Value> values = {num("2905"), num("1507.10"),  str("2025-11-18 10:00:47"), num("1486.00"),
                                           num("3"),    str("0000-00-00 00:00:00"), str("red")};
  dataset::TickRow row;
  std::string error;
  ASSERT_TRUE(mapper.convert(values, row, error)) << error;
  EXPECT_EQ(row.volume, 2905);
  EXPECT_DOUBLE_EQ(row.price, 1507.1);
  EXPECT_EQ(row.timestamp, (Date::from_ymd(2025, 11, 18).days() * 86400LL + 36047) * 1'000'000'000LL);
  EXPECT_DOUBLE_EQ(row.bids[0].price, 1486.0);
  EXPECT_EQ(row.asks[4].orders, 3);
  EXPECT_TRUE(dataset::is_null(row, static_cast<int>(dataset::DumpColumn::kLastTradeTime)));  // zero date
  EXPECT_TRUE(dataset::is_null(row, static_cast<int>(dataset::DumpColumn::kQty)));            // missing
  EXPECT_FALSE(dataset::is_null(row, static_cast<int>(dataset::DumpColumn::kPrice)));
  EXPECT_EQ(row.qty, 0);
}

TEST(RowMapper, NullValuesSetTheNullBit) {
  const RowMapper mapper(layout({"timestamp", "price", "oi"}));
  dataset::TickRow row;
  std::string error;
  ASSERT_TRUE(mapper.convert(std::vector{str("2025-11-18 10:00:47"), null(), num("-7")}, row, error));
  EXPECT_TRUE(dataset::is_null(row, 1));
  EXPECT_EQ(row.oi, -7);
}

TEST(RowMapper, BadValuesNameTheColumn) {
  const RowMapper mapper(layout({"timestamp", "price", "qty"}));
  dataset::TickRow row;
  std::string error;
  EXPECT_FALSE(mapper.convert(std::vector{str("2025-11-18 10:00:47"), str("abc"), num("35")}, row, error));
  EXPECT_EQ(error, "column 'price': 'abc' is not a number");
  EXPECT_FALSE(mapper.convert(std::vector{str("2025-11-18 10:00:47"), num("1.5"), num("35.5")}, row, error));
  EXPECT_EQ(error, "column 'qty': 35.5 is not an integer quantity");
  EXPECT_FALSE(mapper.convert(std::vector{str("2025-02-30 10:00:00"), num("1"), num("1")}, row, error));
  EXPECT_EQ(error, "column 'timestamp': '2025-02-30 10:00:00' is not a datetime");
  EXPECT_FALSE(mapper.convert(std::vector{null(), num("1"), num("1")}, row, error));
  EXPECT_EQ(error, "column 'timestamp': NULL snapshot time");
  // A quantity written as a decimal with no fraction is still a quantity.
  EXPECT_TRUE(mapper.convert(std::vector{str("2025-11-18 10:00:47"), num("1"), num("35.00")}, row, error));
  EXPECT_EQ(row.qty, 35);
}

TEST(RowMapper, NumbersConvertExactlyAsTheGeneralParser) {
  // Plain decimals take a fast path; every form must give the same double,
  // bit for bit, as dump::parse_double (and the same integers and errors).
  const RowMapper mapper(layout({"timestamp", "price", "qty", "volume"}));
  for (const char* text : {"1880.80", "1.", ".5", "-0.00", "0", "007.50", "-2.4484571180", "123456789012345",
                           "1234567890123456", "0.000000000012345", "99999999999999.9", "+5", "1e3", "-1E+20",
                           "2.5e-3", "0.1", "1507.1", "1.7976931348623157e308"}) {
    dataset::TickRow row;
    std::string error;
    ASSERT_TRUE(mapper.convert(std::vector{str("2025-11-18 10:00:47"), num(text), num("1"), num("1")}, row, error))
        << text << ": " << error;
    const std::optional<double> expected = dump::parse_double(text);
    ASSERT_TRUE(expected) << text;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(row.price), std::bit_cast<std::uint64_t>(*expected)) << text;
  }
  dataset::TickRow row;
  std::string error;
  ASSERT_TRUE(mapper.convert(std::vector{str("2025-11-18 10:00:47"), num("1"), num("2147483647"),
                                         num("-999999999999999999")},
                             row, error));
  EXPECT_EQ(row.qty, 2147483647);
  EXPECT_EQ(row.volume, -999999999999999999LL);
  EXPECT_FALSE(mapper.convert(std::vector{str("2025-11-18 10:00:47"), num("1"), num("2147483648"), num("1")}, row,
                              error));
  EXPECT_EQ(error, "column 'qty': 2147483648 is not an integer quantity");
  EXPECT_FALSE(mapper.convert(std::vector{str("2025-11-18 10:00:47"), num("1.2.3"), num("1"), num("1")}, row, error));
  EXPECT_EQ(error, "column 'price': 1.2.3 is not a number");
  EXPECT_FALSE(mapper.convert(std::vector{str("2025-11-18 10:00:47"), num("-"), num("1"), num("1")}, row, error));
  EXPECT_EQ(error, "column 'price': - is not a number");
}

TEST(RowMapper, TableWithoutTimestampIsABadValue) {
  const RowMapper mapper(layout({"price"}));
  dataset::TickRow row;
  std::string error;
  EXPECT_FALSE(mapper.convert(std::vector{num("1")}, row, error));
  EXPECT_EQ(error, "column 'timestamp': missing from the table");
}

Date d(int y, unsigned m, unsigned day) { return Date::from_ymd(y, m, day); }

TEST(Checks, ExpiryContradictions) {
  const std::map<std::string, std::set<Date>> days = {
      {"BANKNIFTY", {d(2025, 1, 27), d(2025, 1, 28), d(2025, 1, 29), d(2025, 1, 30), d(2025, 1, 31)}}};
  const Date expiry = d(2025, 1, 29);  // what a wrong calendar says
  // The chain trades on the 30th: after its expiry.
  std::vector<ContractDays> contracts = {
      {"BANKNIFTY", "BANKNIFTY25JAN50000CE", expiry, d(2025, 1, 27), d(2025, 1, 30)},
      {"BANKNIFTY", "BANKNIFTY25JAN60000CE", expiry, d(2025, 1, 27), d(2025, 1, 28)},  // a quiet far strike
  };
  auto found = find_expiry_contradictions(contracts, days);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].symbol, "BANKNIFTY25JAN50000CE");
  EXPECT_TRUE(found[0].trades_after);
  EXPECT_EQ(found[0].implied, d(2025, 1, 30));

  // The whole chain stops on the 28th while the underlying has data on the
  // 29th: the data implies the 28th. Every contract of the chain is listed.
  contracts = {{"BANKNIFTY", "A", expiry, d(2025, 1, 27), d(2025, 1, 28)},
               {"BANKNIFTY", "B", expiry, d(2025, 1, 27), d(2025, 1, 27)}};
  found = find_expiry_contradictions(contracts, days);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_FALSE(found[0].trades_after);
  EXPECT_EQ(found[0].implied, d(2025, 1, 28));
  EXPECT_EQ(found[1].last_trading_day, d(2025, 1, 27));

  // Without later data nothing can be said.
  EXPECT_TRUE(find_expiry_contradictions(contracts, {{"BANKNIFTY", {d(2025, 1, 27), d(2025, 1, 28)}}}).empty());
  // A chain that trades up to its expiry agrees.
  contracts[0].last_day = expiry;
  EXPECT_TRUE(find_expiry_contradictions(contracts, days).empty());
}

TEST(Checks, LotSizes) {
  EXPECT_FALSE(check_lot("NIFTY", "X", 75, 150));
  EXPECT_FALSE(check_lot("NIFTY", "X", 75, 0));  // no quantities: nothing to say
  const auto wrong = check_lot("NIFTY", "X", 75, 25);
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->quantity_gcd, 25);
  const auto unknown = check_lot("NIFTY", "X", 0, 65);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->table_lot, 0);
}

}  // namespace
}  // namespace tapelab::ingest
