// Reads named columns of one truth table file whole (every row group).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "parquet/types.h"

namespace tapelab::truth {

// One ColumnData per name, in the order asked; Error when a column is missing.
std::vector<parquet::ColumnData> read_columns(const std::filesystem::path& file, const std::vector<std::string>& names);

}  // namespace tapelab::truth
