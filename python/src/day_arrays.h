// A partition's columns as numpy arrays: the native half of tapelab.Dataset.day.
//
// numpy allocates every array first; the Parquet reader's workers then copy
// each decoded row group into its slot while the values are still in cache,
// with the GIL released. One pass over the data and no concatenation, so a
// day costs about what the C++ reader alone costs (BENCHMARKS.md, Python).
#pragma once

#include <pybind11/pybind11.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dataset/layout.h"
#include "domain/date.h"

namespace tapelab::python {

// Which expiries of an options partition to return.
struct ExpirySelection {
  enum class Kind { kAll, kNearest, kOne };
  Kind kind = Kind::kNearest;
  domain::Date expiry;  // kOne
};

// {"columns": {name: array}, "masks": {name: bool array}, "rows": n}.
// Floats carry NaN for null; integer, boolean, date and timestamp columns that
// may hold nulls come with a validity mask (True = valid). Strings are Python
// str objects (None for null). Throws tapelab::Error for an unknown day,
// column or expiry, naming it.
pybind11::dict read_day(const std::filesystem::path& root, const dataset::PartitionKey& key,
                        const std::vector<std::string>& columns, const ExpirySelection& expiries);

}  // namespace tapelab::python
