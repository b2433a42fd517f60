// The columnar wire format, decoded here byte by byte as a browser would
// view it (docs/server.md#columnar-format).
#include <cmath>
#include <cstdint>
#include <cstring>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/columnar.h"

namespace tapelab::server {
namespace {

using parquet::Column;
using parquet::ColumnData;
using parquet::PhysicalType;

template <typename T>
std::vector<T> array_at(const std::string& bytes, std::size_t body, const nlohmann::json& where, std::size_t rows) {
  const std::size_t offset = where[0].get<std::size_t>();
  EXPECT_EQ(offset % 8, 0U);
  EXPECT_EQ(where[1].get<std::size_t>(), rows * sizeof(T));
  std::vector<T> out(rows);
  std::memcpy(out.data(), bytes.data() + body + offset, rows * sizeof(T));
  return out;
}

TEST(Columns, HeaderAndAlignedLittleEndianArrays) {
  ColumnData time(PhysicalType::INT64);
  time.i64 = {36'000'000'000LL, 36'001'000'000LL, 36'002'000'000LL};  // µs
  ColumnData spot(PhysicalType::DOUBLE);
  spot.f64 = {100.5, 0, 101.25};
  spot.valid = {1, 0, 1};
  ColumnData strike(PhysicalType::INT32);
  strike.i32 = {24000, 0, 24050};
  strike.valid = {1, 0, 1};
  ColumnData label(PhysicalType::BYTE_ARRAY);
  for (const char* s : {"calm", "", "burst"}) label.push_string(s);
  Series series;
  series.columns = {{Column::timestamp("time", parquet::TimeUnit::MICROS, false), &time},
                    {Column::float64("spot", true), &spot},
                    {Column::int32("atm_strike", true), &strike},
                    {Column::string("label"), &label}};
  series.begin = 0;
  series.end = 3;
  const std::string bytes = encode_columns(series);
  ASSERT_EQ(bytes.substr(0, 8), "TLCOLS01");
  std::uint32_t header_bytes = 0;
  std::memcpy(&header_bytes, bytes.data() + 8, 4);
  ASSERT_EQ(header_bytes % 8, 0U);
  const nlohmann::json header = nlohmann::json::parse(bytes.substr(16, header_bytes));
  const std::size_t body = 16 + header_bytes;
  ASSERT_EQ(header["rows"], 3);
  const auto& cols = header["columns"];
  EXPECT_EQ(cols[0]["type"], "time");
  EXPECT_EQ(array_at<double>(bytes, body, cols[0]["data"], 3), (std::vector<double>{36000, 36001, 36002}));
  const auto spots = array_at<double>(bytes, body, cols[1]["data"], 3);
  EXPECT_EQ(spots[0], 100.5);
  EXPECT_TRUE(std::isnan(spots[1]));  // a null double is NaN, no validity array
  EXPECT_TRUE(cols[1]["valid"].is_null());
  EXPECT_EQ(array_at<std::int32_t>(bytes, body, cols[2]["data"], 3)[2], 24050);
  EXPECT_EQ(array_at<std::uint8_t>(bytes, body, cols[2]["valid"], 3), (std::vector<std::uint8_t>{1, 0, 1}));
  const auto offsets = array_at<std::uint32_t>(bytes, body, cols[3]["offsets"], 4);
  EXPECT_EQ(offsets, (std::vector<std::uint32_t>{0, 4, 4, 9}));
  EXPECT_EQ(bytes.substr(body + cols[3]["data"][0].get<std::size_t>(), 9), "calmburst");

  series.begin = 1;  // a window is a slice of the same columns
  const std::string json = encode_columns_json(series);
  EXPECT_EQ(nlohmann::json::parse(json)["columns"]["spot"], nlohmann::json::parse("[null, 101.25]"));
}

}  // namespace
}  // namespace tapelab::server
