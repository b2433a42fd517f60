// libFuzzer target: the Parquet reader on arbitrary bytes.
//
// The reader's contract is that any input either reads or throws
// tapelab::Error. Anything else is a finding: a sanitizer report, another
// exception type (std::length_error, std::bad_alloc from a size taken on
// trust), or an allocation above libFuzzer's -malloc_limit_mb.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parquet/reader.h"
#include "util/error.h"

using namespace tapelab::parquet;

namespace {

// A range predicate on `column` in its own value domain, so pruning code
// (statistics, page index, value decoding) runs too.
Predicate predicate_on(const Column& column, std::uint8_t selector) {
  ColumnRange range{column.name, std::nullopt, std::nullopt};
  switch (column.type) {
    case PhysicalType::FLOAT:
    case PhysicalType::DOUBLE: range.min = static_cast<double>(selector) - 100.0; break;
    case PhysicalType::BYTE_ARRAY: range.max = std::string(1, static_cast<char>(selector)); break;
    default: range.min = static_cast<std::int64_t>(selector) - 100; break;
  }
  return Predicate{{range}};
}

void exercise(std::string_view bytes) {
  const FileReader reader(bytes, "fuzz-input");
  const Schema& schema = reader.schema();
  std::vector<std::size_t> flat;
  for (std::size_t k = 0; k < schema.columns.size(); ++k) {
    if (!reader.is_nested(k)) flat.push_back(k);
  }
  ReadOptions all;
  all.parallel = false;  // deterministic, and findings reproduce on one thread
  for (auto k : flat) all.columns.push_back(schema.columns[k].name);
  reader.read(all);
  if (flat.empty()) return;
  ReadOptions pruned = all;
  const std::uint8_t selector = bytes.empty() ? 0 : static_cast<std::uint8_t>(bytes[bytes.size() / 2]);
  pruned.predicate = predicate_on(schema.columns[flat[selector % flat.size()]], selector);
  for (std::size_t rg : reader.select_row_groups(pruned.predicate)) reader.select_rows(rg, pruned.predicate);
  reader.read(pruned);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    exercise(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const tapelab::Error&) {
    // Malformed input, reported as it should be.
  }
  return 0;
}
