#include "server/columnar.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/date.h"
#include "util/error.h"

namespace tapelab::server {
namespace {

static_assert(std::endian::native == std::endian::little, "the wire arrays are the host's little-endian bytes");

using parquet::LogicalType;
using parquet::PhysicalType;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kExactInDouble = std::int64_t{1} << 53;

double seconds_per_unit(parquet::TimeUnit unit) {
  switch (unit) {
    case parquet::TimeUnit::MILLIS: return 1e-3;
    case parquet::TimeUnit::MICROS: return 1e-6;
    case parquet::TimeUnit::NANOS: return 1e-9;
  }
  return 1e-6;
}

bool is_timestamp(const parquet::Column& c) { return c.logical.kind == LogicalType::Kind::TIMESTAMP; }
bool is_date(const parquet::Column& c) { return c.logical.kind == LogicalType::Kind::DATE; }

std::string_view wire_type(const parquet::Column& c) {
  switch (c.type) {
    case PhysicalType::DOUBLE: return "f64";
    case PhysicalType::FLOAT: return "f32";
    case PhysicalType::INT32: return is_date(c) ? "date" : "i32";
    case PhysicalType::INT64: return is_timestamp(c) ? "time" : "f64";
    case PhysicalType::BOOLEAN: return "u8";
    case PhysicalType::BYTE_ARRAY: return "str";
    default: fail("server: column '{}' has a type the wire format does not carry ({})", c.name, to_string(c.type));
  }
}

// A value of an INT64 or TIMESTAMP column as the f64 the wire carries.
double as_f64(const SeriesColumn& col, std::size_t row) {
  const std::int64_t v = col.data->i64[row];
  if (is_timestamp(col.meta)) return static_cast<double>(v) * seconds_per_unit(col.meta.logical.unit);
  if (v >= kExactInDouble || v <= -kExactInDouble) {
    fail("server: column '{}' holds {}, which a double cannot carry exactly", col.meta.name, v);
  }
  return static_cast<double>(v);
}

class BodyWriter {
 public:
  // Appends `bytes` at the next multiple of 8; returns [offset, bytes].
  nlohmann::json append(const void* data, std::size_t bytes) {
    body_.resize((body_.size() + 7) / 8 * 8, '\0');
    const std::size_t offset = body_.size();
    body_.append(static_cast<const char*>(data), bytes);
    return nlohmann::json::array({offset, bytes});
  }
  template <typename T>
  nlohmann::json append(const std::vector<T>& values) {
    return append(values.data(), values.size() * sizeof(T));
  }
  std::string take() { return std::move(body_); }

 private:
  std::string body_;
};

template <typename T, typename Get>
std::vector<T> gather(const Series& s, Get get) {
  std::vector<T> out;
  out.reserve(s.rows());
  for (std::size_t row = s.begin; row < s.end; ++row) out.push_back(get(row));
  return out;
}

nlohmann::json append_values(const Series& s, const SeriesColumn& col, BodyWriter& body, nlohmann::json& entry) {
  const parquet::ColumnData& d = *col.data;
  switch (col.meta.type) {
    case PhysicalType::DOUBLE:
      return body.append(gather<double>(s, [&](std::size_t r) { return d.is_valid(r) ? d.f64[r] : kNaN; }));
    case PhysicalType::FLOAT:
      return body.append(gather<float>(s, [&](std::size_t r) { return d.is_valid(r) ? d.f32[r] : std::nanf(""); }));
    case PhysicalType::INT32:
      return body.append(gather<std::int32_t>(s, [&](std::size_t r) { return d.i32[r]; }));
    case PhysicalType::INT64:
      return body.append(gather<double>(s, [&](std::size_t r) { return d.is_valid(r) ? as_f64(col, r) : kNaN; }));
    case PhysicalType::BOOLEAN:
      return body.append(gather<std::uint8_t>(s, [&](std::size_t r) { return d.bools[r]; }));
    default: {
      std::vector<std::uint32_t> offsets{0};
      std::string bytes;
      for (std::size_t row = s.begin; row < s.end; ++row) {
        bytes.append(d.string_at(row));
        if (bytes.size() > std::numeric_limits<std::uint32_t>::max()) fail("server: string column over 4 GiB");
        offsets.push_back(static_cast<std::uint32_t>(bytes.size()));
      }
      entry["offsets"] = body.append(offsets);
      return body.append(bytes.data(), bytes.size());
    }
  }
}

bool carries_validity(const parquet::Column& c) {
  return c.type == PhysicalType::INT32 || c.type == PhysicalType::BOOLEAN || c.type == PhysicalType::BYTE_ARRAY;
}

nlohmann::ordered_json json_value(const SeriesColumn& col, std::size_t row) {
  const parquet::ColumnData& d = *col.data;
  if (!d.is_valid(row)) return nullptr;
  switch (col.meta.type) {
    case PhysicalType::DOUBLE: return std::isfinite(d.f64[row]) ? nlohmann::ordered_json(d.f64[row]) : nlohmann::ordered_json();
    case PhysicalType::FLOAT: return std::isfinite(d.f32[row]) ? nlohmann::ordered_json(d.f32[row]) : nlohmann::ordered_json();
    case PhysicalType::INT32:
      if (is_date(col.meta)) return domain::Date::from_days(d.i32[row]).to_string();
      return d.i32[row];
    case PhysicalType::INT64:
      if (is_timestamp(col.meta)) return as_f64(col, row);
      return d.i64[row];
    case PhysicalType::BOOLEAN: return d.bools[row] != 0;
    default: return std::string(d.string_at(row));
  }
}

}  // namespace

std::string encode_columns(const Series& series) {
  BodyWriter body;
  nlohmann::json columns = nlohmann::json::array();
  for (const SeriesColumn& col : series.columns) {
    nlohmann::json entry = {{"name", col.meta.name}, {"type", wire_type(col.meta)}};
    entry["data"] = append_values(series, col, body, entry);
    const bool nulls = !col.data->valid.empty() && carries_validity(col.meta);
    entry["valid"] = nulls ? body.append(col.data->valid.data() + series.begin, series.rows()) : nlohmann::json();
    columns.push_back(std::move(entry));
  }
  std::string header = nlohmann::json{{"rows", series.rows()}, {"columns", std::move(columns)}}.dump();
  header.resize((header.size() + 7) / 8 * 8, ' ');
  const auto header_bytes = static_cast<std::uint32_t>(header.size());
  std::string out = "TLCOLS01";
  out.append(reinterpret_cast<const char*>(&header_bytes), 4);
  out.append(4, '\0');
  out += header;
  out += body.take();
  return out;
}

std::string encode_columns_json(const Series& series) {
  nlohmann::ordered_json columns = nlohmann::ordered_json::object();
  for (const SeriesColumn& col : series.columns) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (std::size_t row = series.begin; row < series.end; ++row) values.push_back(json_value(col, row));
    columns[col.meta.name] = std::move(values);
  }
  return nlohmann::ordered_json{{"rows", series.rows()}, {"columns", std::move(columns)}}.dump();
}

}  // namespace tapelab::server
