#include "parquet/schema_convert.h"

#include "util/error.h"

namespace tapelab::parquet {

namespace {

// parquet.thrift ConvertedType values.
enum Converted : std::int32_t {
  UTF8 = 0,
  DECIMAL = 5,
  DATE = 6,
  TIMESTAMP_MILLIS = 9,
  TIMESTAMP_MICROS = 10,
  UINT_8 = 11,
  INT_8 = 15,
};

std::optional<std::int32_t> converted_for(const LogicalType& t) {
  switch (t.kind) {
    case LogicalType::Kind::STRING: return UTF8;
    case LogicalType::Kind::DATE: return DATE;
    case LogicalType::Kind::DECIMAL: return DECIMAL;
    case LogicalType::Kind::TIMESTAMP:
      // The legacy TIMESTAMP_* types mean UTC-adjusted instants; a local
      // (wall-clock) timestamp must not carry them or old readers shift it.
      if (!t.adjusted_to_utc || t.unit == TimeUnit::NANOS) return std::nullopt;
      return t.unit == TimeUnit::MILLIS ? TIMESTAMP_MILLIS : TIMESTAMP_MICROS;
    case LogicalType::Kind::INT: {
      int step = t.bit_width == 8 ? 0 : t.bit_width == 16 ? 1 : t.bit_width == 32 ? 2 : 3;
      return (t.is_signed ? INT_8 : UINT_8) + step;
    }
    default: return std::nullopt;
  }
}

// Logical type implied by a legacy converted type (files from old writers).
LogicalType from_converted(std::int32_t c, const SchemaElement& e) {
  LogicalType t;
  switch (c) {
    case UTF8: t.kind = LogicalType::Kind::STRING; break;
    case DATE: t.kind = LogicalType::Kind::DATE; break;
    case DECIMAL:
      t.kind = LogicalType::Kind::DECIMAL;
      t.precision = e.precision.value_or(0);
      t.scale = e.scale.value_or(0);
      break;
    case TIMESTAMP_MILLIS:
    case TIMESTAMP_MICROS:
      t.kind = LogicalType::Kind::TIMESTAMP;
      t.adjusted_to_utc = true;
      t.unit = c == TIMESTAMP_MILLIS ? TimeUnit::MILLIS : TimeUnit::MICROS;
      break;
    default:
      if (c >= UINT_8 && c <= INT_8 + 3) {
        t.kind = LogicalType::Kind::INT;
        t.is_signed = c >= INT_8;
        t.bit_width = 8 << (c - (t.is_signed ? INT_8 : UINT_8));
      } else {
        t.kind = LogicalType::Kind::OTHER;
      }
  }
  return t;
}

}  // namespace

std::vector<SchemaElement> to_schema_elements(const Schema& schema) {
  std::vector<SchemaElement> out;
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<std::int32_t>(schema.columns.size());
  out.push_back(root);
  for (const Column& c : schema.columns) {
    SchemaElement e;
    e.type = c.type;
    e.repetition_type = c.nullable ? 1 : 0;
    e.name = c.name;
    e.converted_type = converted_for(c.logical);
    if (c.logical.kind == LogicalType::Kind::DECIMAL) {
      e.scale = c.logical.scale;
      e.precision = c.logical.precision;
    }
    if (c.logical.kind != LogicalType::Kind::NONE) e.logical_type = LogicalTypeThrift{c.logical, 0};
    out.push_back(e);
  }
  return out;
}

FlatSchema from_schema_elements(const std::vector<SchemaElement>& elements, std::string_view what) {
  if (elements.empty()) fail("{}: empty schema", what);
  FlatSchema flat;
  // Walk the tree depth-first; `remaining` counts children still owed per level.
  struct Level {
    std::int64_t remaining;
    bool nested;
    std::string prefix;  // dotted path of the group, for nested leaf names
  };
  std::vector<Level> stack;
  stack.push_back({elements[0].num_children.value_or(0), false, ""});
  if (stack.back().remaining < 0) fail("{}: schema root has a negative child count", what);
  std::size_t i = 1;
  while (!stack.empty()) {
    if (stack.back().remaining == 0) {
      stack.pop_back();
      continue;
    }
    if (i >= elements.size()) fail("{}: schema tree is truncated at element {}", what, i);
    const SchemaElement& e = elements[i++];
    --stack.back().remaining;
    bool repeated = e.repetition_type.value_or(0) == 2;
    bool nested = stack.back().nested || stack.size() > 1 || repeated;
    std::int32_t children = e.num_children.value_or(0);
    if (children > 0 || !e.type) {
      if (children <= 0) fail("{}: schema element {} '{}' is a group without children", what, i - 1, e.name);
      if (static_cast<std::size_t>(children) > elements.size() - i) {
        fail("{}: schema element '{}' claims {} children beyond the schema", what, e.name, children);
      }
      stack.push_back({children, true, stack.back().prefix + e.name + "."});
      continue;
    }
    Column c;
    c.name = stack.back().prefix + e.name;
    c.type = *e.type;
    c.nullable = e.repetition_type.value_or(0) != 0;
    if (c.type == PhysicalType::INT96) c.type_length = 12;
    if (c.type == PhysicalType::FIXED_LEN_BYTE_ARRAY) {
      c.type_length = e.type_length.value_or(0);
      if (c.type_length <= 0) fail("{}: FIXED_LEN_BYTE_ARRAY column '{}' has type length {}", what, c.name, c.type_length);
    }
    if (e.logical_type) {
      c.logical = e.logical_type->type;
    } else if (e.converted_type) {
      c.logical = from_converted(*e.converted_type, e);
    }
    flat.schema.columns.push_back(c);
    flat.nested.push_back(nested);
  }
  if (i != elements.size()) fail("{}: schema has {} elements outside the tree", what, elements.size() - i);
  return flat;
}

}  // namespace tapelab::parquet
