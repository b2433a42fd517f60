// Writes a truth table as a Parquet file with our codec, its provenance in
// the key-value metadata under "tapelab.truth" (docs/market-truth.md#layout).
#pragma once

#include <filesystem>
#include <string>

#include "truth/table.h"

namespace tapelab::truth {

inline constexpr const char* kProvenanceKey = "tapelab.truth";

void write_table(const Table& table, const std::filesystem::path& path, const std::string& provenance_json);

}  // namespace tapelab::truth
