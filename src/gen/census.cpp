#include "gen/census.h"

#include <algorithm>
#include <cmath>

namespace tapelab::gen {

std::string_view to_string(CensusKind kind) {
  switch (kind) {
    case CensusKind::kEmpty: return "empty";
    case CensusKind::kNullTimestamp: return "null_timestamp";
    case CensusKind::kRows1970: return "rows_1970";
    case CensusKind::kTiny: return "tiny";
    case CensusKind::kNoTimestamp: return "no_timestamp";
    case CensusKind::kShortFile: return "short_file";
    case CensusKind::kNoFooter: return "no_footer";
  }
  return "?";
}

double census_rate(CensusKind kind) {
  constexpr double kCensusFiles = 85278;
  switch (kind) {
    case CensusKind::kEmpty: return 6914 / kCensusFiles;
    case CensusKind::kNullTimestamp: return 1945 / kCensusFiles;
    case CensusKind::kRows1970: return 7743 / kCensusFiles;
    case CensusKind::kTiny: return 463 / kCensusFiles;
    case CensusKind::kNoTimestamp: return 4 / kCensusFiles;
    case CensusKind::kShortFile:
    case CensusKind::kNoFooter: return 1 / kCensusFiles;  // two non-Parquet files, one of each way
  }
  return 0;
}

std::size_t census_files(CensusKind kind, std::size_t real_files) {
  const auto files = std::llround(census_rate(kind) * static_cast<double>(real_files));
  return std::max<std::size_t>(1, static_cast<std::size_t>(files));
}

}  // namespace tapelab::gen
