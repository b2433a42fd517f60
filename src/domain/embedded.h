// The reference data compiled into the library by tapelab_embed_files
// (cmake/EmbedFiles.cmake): {file name, contents} pairs.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace tapelab::embedded {

// data/calendar/<year>.csv
const std::vector<std::pair<std::string_view, std::string_view>>& domain_calendar();
// data/underlyings.csv, data/lot_sizes.csv, data/expiry_rules.csv
const std::vector<std::pair<std::string_view, std::string_view>>& domain_reference();

}  // namespace tapelab::embedded

namespace tapelab::domain {

// The contents of one embedded reference file; throws Error if it is missing.
std::string_view reference_file(std::string_view name);

}  // namespace tapelab::domain
