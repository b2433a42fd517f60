// The partition builder's row store: rows come back as stored across block
// boundaries, and the memory never passes the limit it was given.
#include "dataset/row_buffer.h"

#include <gtest/gtest.h>

namespace tapelab::dataset {
namespace {

TickRow numbered(std::size_t i) {
  TickRow row;
  row.timestamp = static_cast<std::int64_t>(i) * 1000;
  row.price = static_cast<double>(i) / 4;
  row.instrument = static_cast<std::uint32_t>(i % 7);
  row.asks[4].orders = static_cast<std::int32_t>(i);
  row.null_mask = i;
  return row;
}

TEST(RowBuffer, RowsComeBackAcrossBlocks) {
  // Past the small first block and two full blocks, into a third.
  const std::size_t n = RowBuffer::kFirstBlockRows + 2 * RowBuffer::kBlockRows + 17;
  RowBuffer buffer(n + 1000);
  for (std::size_t i = 0; i < n; ++i) {
    TickRow& stored = buffer.push_back(numbered(i));
    EXPECT_EQ(stored.timestamp, static_cast<std::int64_t>(i) * 1000);
  }
  ASSERT_EQ(buffer.size(), n);
  EXPECT_FALSE(buffer.full());
  for (std::size_t i = 0; i < n; i += 97) {
    EXPECT_EQ(buffer[i].timestamp, numbered(i).timestamp) << i;
    EXPECT_EQ(buffer[i].price, numbered(i).price) << i;
    EXPECT_EQ(buffer[i].instrument, numbered(i).instrument) << i;
    EXPECT_EQ(buffer[i].asks[4].orders, numbered(i).asks[4].orders) << i;
    EXPECT_EQ(buffer[i].null_mask, numbered(i).null_mask) << i;
  }
  EXPECT_EQ(buffer[n - 1].timestamp, numbered(n - 1).timestamp);
}

TEST(RowBuffer, CapacityStopsAtTheLimitAndClearKeepsOrFreesIt) {
  const std::size_t limit = RowBuffer::kFirstBlockRows + RowBuffer::kBlockRows / 3;
  RowBuffer buffer(limit);
  for (std::size_t i = 0; i < limit; ++i) buffer.push_back(numbered(i));
  EXPECT_TRUE(buffer.full());
  EXPECT_EQ(buffer.capacity_bytes(), limit * sizeof(TickRow));  // the last block is cut to fit
  buffer.clear(false);
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(buffer.capacity_bytes(), limit * sizeof(TickRow));  // kept for the next fill
  buffer.push_back(numbered(5));
  EXPECT_EQ(buffer[0].timestamp, numbered(5).timestamp);
  buffer.clear(true);
  EXPECT_EQ(buffer.capacity_bytes(), 0U);
  // A tiny limit holds exactly that many rows.
  RowBuffer tiny(3);
  for (std::size_t i = 0; i < 3; ++i) tiny.push_back(numbered(i));
  EXPECT_TRUE(tiny.full());
  EXPECT_EQ(tiny.capacity_bytes(), 3 * sizeof(TickRow));
}

}  // namespace
}  // namespace tapelab::dataset
