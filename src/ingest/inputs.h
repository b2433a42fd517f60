// What `tapelab ingest` is given: dump files, recording folders, Parquet
// files and Parquet trees, in any mix (docs/source-data.md#parquet-history).
//
// A file's format comes from its content, not its name: Parquet starts and
// ends with the magic `PAR1`, a dump is gzip (magic 1f 8b) or SQL text.
// Folders are walked recursively. A Parquet file's layout (raw per-contract,
// expiry-packed, date-packed) comes from where it sits in its tree, and so
// does its source key: the path components the layout defines, so that two
// `strike=100.parquet` of different expiries are two sources, and the key
// does not depend on where the tree was copied.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tapelab::ingest {

enum class InputFormat { kDump, kParquet };
enum class ParquetLayout { kRaw, kExpiryPacked, kDatePacked };
std::string_view to_string(ParquetLayout layout);  // "raw", "expiry-packed", "date-packed"

struct InputFile {
  std::filesystem::path path;
  InputFormat format = InputFormat::kDump;
  ParquetLayout layout = ParquetLayout::kRaw;  // kParquet only
  std::string source_key;
  // kParquet: why the bytes cannot be Parquet (a name ending .parquet
  // without the magic, a file shorter than 12 bytes, no footer); empty when
  // the magic is at both ends.
  std::string not_parquet;
};

struct Inputs {
  std::vector<InputFile> files;
  // Files found in folders that are neither dumps nor Parquet (a README,
  // Spark's _SUCCESS and .crc files): listed in the audit, not read.
  std::vector<std::string> ignored;
};

// The files an input list names: files as given, folders walked (sorted by
// path). Throws Error for a missing path, an input without any dump or
// Parquet file, or two files with the same source key.
Inputs find_inputs(const std::vector<std::filesystem::path>& inputs);

}  // namespace tapelab::ingest
