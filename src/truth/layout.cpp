#include "truth/layout.h"

#include <fmt/format.h>

#include "util/error.h"

namespace tapelab::truth {

std::string_view table_name(TruthTable table) {
  switch (table) {
    case TruthTable::kFeatures: return "features";
    case TruthTable::kAtmOptions: return "atm_options";
    case TruthTable::kEvents: return "events";
    case TruthTable::kRegimes: return "regimes";
  }
  return "?";
}

std::filesystem::path table_file(TruthTable table, domain::Date date, std::string_view underlying) {
  if (underlying.empty() || underlying.find_first_of("/\\=") != std::string_view::npos) {
    fail("truth: '{}' cannot name an underlying's folder", underlying);
  }
  const std::string day = date.to_string();
  return std::filesystem::path(std::string(table_name(table))) / ("date=" + day) /
         fmt::format("underlying={}", underlying) / fmt::format("{}-{}-{}.parquet", table_name(table), underlying, day);
}

}  // namespace tapelab::truth
