// The records' binary form gives back every field of every record, and
// damaged bytes are an error, not made-up records.
#include <string>

#include <gtest/gtest.h>

#include "jobs/backtest_job.h"
#include "jobs/records_codec.h"
#include "support/generated_dataset.h"
#include "util/error.h"

namespace tapelab::jobs {
namespace {

engine::RunRecords sample_run() {
  BacktestRequest request;
  request.presets = {"S1", "B2", "T1"};
  request.data = tapelab::testing::generated_dataset().string();
  return run_backtest(request).records;
}

TEST(RecordsCodec, DecodesToTheSameRecords) {
  const engine::RunRecords records = sample_run();
  ASSERT_FALSE(records.trades.empty());
  ASSERT_FALSE(records.intraday.empty());
  const engine::RunRecords back = decode_records(encode_records(records));
  EXPECT_EQ(back.trades, records.trades);
  EXPECT_EQ(back.orders, records.orders);
  EXPECT_EQ(back.days, records.days);
  EXPECT_EQ(back.intraday, records.intraday);
  EXPECT_TRUE(back.strategies.empty());  // the merging side knows them
}

TEST(RecordsCodec, AnEmptyRunRoundTrips) {
  const engine::RunRecords back = decode_records(encode_records({}));
  EXPECT_TRUE(back.trades.empty() && back.orders.empty() && back.days.empty() && back.intraday.empty());
}

TEST(RecordsCodec, DamagedBytesAreAnError) {
  const std::string bytes = encode_records(sample_run());
  EXPECT_THROW(decode_records(bytes.substr(0, bytes.size() / 2)), Error);
  EXPECT_THROW(decode_records("not records"), Error);
  try {
    decode_records(bytes.substr(0, 10));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tapelab::jobs
