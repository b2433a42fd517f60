#include "interop/canon.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace tapelab::interop {

using parquet::Column;
using parquet::ColumnData;
using parquet::LogicalType;
using parquet::PhysicalType;

std::string logical_text(const LogicalType& t) {
  switch (t.kind) {
    case LogicalType::Kind::NONE: return "NONE";
    case LogicalType::Kind::STRING: return "STRING";
    case LogicalType::Kind::DATE: return "DATE";
    case LogicalType::Kind::TIMESTAMP:
      return fmt::format("TIMESTAMP({},{})", parquet::to_string(t.unit), t.adjusted_to_utc);
    case LogicalType::Kind::DECIMAL: return fmt::format("DECIMAL({},{})", t.precision, t.scale);
    case LogicalType::Kind::INT: return fmt::format("INT({},{})", t.bit_width, t.is_signed);
    case LogicalType::Kind::OTHER: return "OTHER";
  }
  return "?";
}

namespace {

bool is_unsigned(const Column& c) {
  return c.logical.kind == LogicalType::Kind::INT && !c.logical.is_signed;
}

std::string float_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);
}

std::string hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

// Parses the canonical float text (also the JS forms "NaN", "Infinity").
double parse_float(const std::string& s) {
  if (s == "nan" || s == "NaN") return NAN;
  if (s == "inf" || s == "Infinity") return INFINITY;
  if (s == "-inf" || s == "-Infinity") return -INFINITY;
  return std::strtod(s.c_str(), nullptr);
}

bool same_double(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

}  // namespace

std::string canonical_value(const Column& column, const ColumnData& data, std::size_t row) {
  switch (column.type) {
    case PhysicalType::BOOLEAN: return data.bools[row] ? "true" : "false";
    case PhysicalType::INT32:
      return is_unsigned(column) ? fmt::format("{}", static_cast<std::uint32_t>(data.i32[row]))
                                 : fmt::format("{}", data.i32[row]);
    case PhysicalType::INT64:
      return is_unsigned(column) ? fmt::format("{}", static_cast<std::uint64_t>(data.i64[row]))
                                 : fmt::format("{}", data.i64[row]);
    case PhysicalType::FLOAT: return float_text(static_cast<double>(data.f32[row]));
    case PhysicalType::DOUBLE: return float_text(data.f64[row]);
    case PhysicalType::BYTE_ARRAY:
      return column.logical.kind == LogicalType::Kind::STRING ? std::string(data.string_at(row))
                                                              : hex(data.string_at(row));
    default: return fmt::format("<unsupported type {}>", parquet::to_string(column.type));
  }
}

nlohmann::json manifest_column(const Column& column, const ColumnData& data) {
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t row = 0; row < data.size(); ++row) {
    if (data.is_valid(row)) {
      values.push_back(canonical_value(column, data, row));
    } else {
      values.push_back(nullptr);
    }
  }
  return {{"name", column.name},
          {"physical", std::string(parquet::to_string(column.type))},
          {"logical", logical_text(column.logical)},
          {"nullable", column.nullable},
          {"values", std::move(values)}};
}

std::vector<std::string> diff_column(const Column& column, const ColumnData& data,
                                     const nlohmann::json& expected, std::size_t max_diffs) {
  std::vector<std::string> diffs;
  const std::string ours = fmt::format("{} {}{}", parquet::to_string(column.type),
                                       logical_text(column.logical),
                                       column.nullable ? " nullable" : "");
  const std::string theirs = fmt::format(
      "{} {}{}", expected.at("physical").get<std::string>(), expected.at("logical").get<std::string>(),
      expected.at("nullable").get<bool>() ? " nullable" : "");
  if (ours != theirs) diffs.push_back(fmt::format("type {}, expected {}", ours, theirs));
  const auto& values = expected.at("values");
  if (data.size() != values.size()) {
    diffs.push_back(fmt::format("{} rows, expected {}", data.size(), values.size()));
    return diffs;
  }
  const bool floating = column.type == PhysicalType::FLOAT || column.type == PhysicalType::DOUBLE;
  std::size_t differing = 0;
  for (std::size_t row = 0; row < data.size(); ++row) {
    const auto& want = values[row];
    std::string got = data.is_valid(row) ? canonical_value(column, data, row) : "null";
    bool equal;
    if (want.is_null() || !data.is_valid(row)) {
      equal = want.is_null() && !data.is_valid(row);
    } else if (floating) {
      equal = same_double(parse_float(got), parse_float(want.get<std::string>()));
    } else {
      equal = got == want.get<std::string>();
    }
    if (equal) continue;
    if (++differing <= max_diffs) diffs.push_back(fmt::format("row {}: got {}, expected {}", row, got, want.dump()));
  }
  if (differing > max_diffs) diffs.push_back(fmt::format("... {} differing rows in all", differing));
  return diffs;
}

}  // namespace tapelab::interop
