// libFuzzer target: the Parquet reader on arbitrary bytes, with the pruning
// predicates users write (`tapelab parquet --where`) and the engine's
// parallel scan.
//
// An input is WHERE PARQUET: everything before the first "PAR1" is a --where
// text, in which $0, $1, ... stand for the file's flat columns (so a mutated
// text still names columns of a mutated file); the rest is the file. Without
// a text, a range predicate on one column is made from the bytes.
//
// The reader's contract is that any input either reads or throws
// tapelab::Error. Anything else is a finding: a sanitizer report, another
// exception type (std::length_error, std::bad_alloc from a size taken on
// trust), an allocation above libFuzzer's -malloc_limit_mb, or scan_parallel
// disagreeing with read() about the rows of each row group.
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "parquet/display.h"
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

// $N -> the name of flat column N (modulo their count).
std::string with_column_names(std::string_view where, const Schema& schema, const std::vector<std::size_t>& flat) {
  std::string out;
  for (std::size_t i = 0; i < where.size(); ++i) {
    if (where[i] == '$' && i + 1 < where.size() && where[i + 1] >= '0' && where[i + 1] <= '9') {
      out += schema.columns[flat[static_cast<std::size_t>(where[++i] - '0') % flat.size()]].name;
    } else {
      out += where[i];
    }
  }
  return out;
}

// Rows per row group (those with any), as read() returns them, or as
// scan_parallel() hands them over (then nullopt when it threw).
using RowCounts = std::map<std::size_t, std::size_t>;

RowCounts counts_of(const std::vector<Batch>& batches) {
  RowCounts counts;
  for (const Batch& batch : batches) {
    if (batch.num_rows() > 0) counts[batch.row_group] += batch.num_rows();
  }
  return counts;
}

std::optional<RowCounts> scan_counts(const FileReader& reader, const ReadOptions& options) {
  RowCounts counts;
  std::mutex mutex;
  try {
    reader.scan_parallel(options, [&](const Batch& batch) {
      const std::lock_guard lock(mutex);
      if (batch.num_rows() > 0) counts[batch.row_group] += batch.num_rows();
    });
  } catch (const tapelab::Error&) {
    return std::nullopt;
  }
  return counts;
}

void exercise(std::string_view where, std::string_view bytes) {
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
  if (!where.empty()) {
    try {
      pruned.predicate = parse_where(schema, with_column_names(where, schema, flat));
    } catch (const tapelab::Error&) {
      // A bad --where is the user's error, reported; the file still reads.
    }
  }
  for (std::size_t rg : reader.select_row_groups(pruned.predicate)) reader.select_rows(rg, pruned.predicate);
  const std::optional<RowCounts> scanned = scan_counts(reader, pruned);
  const RowCounts read = counts_of(reader.read(pruned));
  FUZZ_CHECK(scanned.has_value());  // read() took the same row groups without an error
  FUZZ_CHECK(*scanned == read);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t magic = input.find("PAR1");
  const std::string_view where = magic == std::string_view::npos ? std::string_view{} : input.substr(0, magic);
  try {
    exercise(where, input.substr(where.size()));
  } catch (const tapelab::Error&) {
    // Malformed input, reported as it should be.
  }
  return 0;
}
