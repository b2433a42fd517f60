// The problems of the users' real Parquet files, at the rates their census
// found over 85,278 files (docs/source-data.md#census-problems-in-generated-files), which the
// generator reproduces in its Parquet layouts.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace tapelab::gen {

enum class CensusKind {
  kEmpty,            // a valid Parquet file with no rows
  kNullTimestamp,    // rows whose timestamp column is entirely null
  kRows1970,         // real rows with the logger's 1970-01-01 pre-open rows mixed in
  kTiny,             // 1 to 10 rows (all of them pre-open rows: a contract never polled in session)
  kNoTimestamp,      // no timestamp column at all
  kShortFile,        // not Parquet: shorter than 12 bytes
  kNoFooter,         // not Parquet: a file cut before its footer
};
inline constexpr std::array<CensusKind, 7> kCensusKinds = {
    CensusKind::kEmpty,       CensusKind::kNullTimestamp, CensusKind::kRows1970, CensusKind::kTiny,
    CensusKind::kNoTimestamp, CensusKind::kShortFile,     CensusKind::kNoFooter};

std::string_view to_string(CensusKind kind);  // "empty", "null_timestamp", ...

// Files of the kind per file of the users' history.
double census_rate(CensusKind kind);

// How many extra files of a kind go with `real_files` files of the market:
// the rate, and at least one so a small market covers every kind.
std::size_t census_files(CensusKind kind, std::size_t real_files);

}  // namespace tapelab::gen
