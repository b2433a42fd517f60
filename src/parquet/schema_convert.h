// Conversion between the flat Schema and parquet.thrift's SchemaElement list
// (logical and legacy converted types). Internal.
#pragma once

#include <vector>

#include "parquet/metadata.h"
#include "parquet/types.h"

namespace tapelab::parquet {

// The root element followed by one leaf per column.
std::vector<SchemaElement> to_schema_elements(const Schema& schema);

// Leaves of a (possibly nested) schema, flattened in column order. A leaf
// under a group, or a REPEATED leaf, is marked nested (index in `nested`).
// Throws Error (prefixed with `what`) on a malformed tree.
struct FlatSchema {
  Schema schema;
  std::vector<bool> nested;
};
FlatSchema from_schema_elements(const std::vector<SchemaElement>& elements, std::string_view what);

}  // namespace tapelab::parquet
