// Where a truth folder keeps its tables (docs/market-truth.md#layout):
// Hive-style folders, and the underlying in every folder and file name.
//
//   <truth>/features/date=2025-11-18/underlying=NIFTY/features-NIFTY-2025-11-18.parquet
//   <truth>/atm_options/date=2025-11-18/underlying=NIFTY/atm_options-NIFTY-2025-11-18.parquet
//   and the same for events and regimes
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "domain/date.h"

namespace tapelab::truth {

enum class TruthTable { kFeatures, kAtmOptions, kEvents, kRegimes };
inline constexpr std::array<TruthTable, 4> kTruthTables = {TruthTable::kFeatures, TruthTable::kAtmOptions,
                                                           TruthTable::kEvents, TruthTable::kRegimes};

std::string_view table_name(TruthTable table);  // "features", "atm_options", "events", "regimes"

// Relative to the truth root; throws Error on an underlying that cannot be a folder name.
std::filesystem::path table_file(TruthTable table, domain::Date date, std::string_view underlying);

}  // namespace tapelab::truth
