#include "engine/regimes.h"

#include <algorithm>

#include <fmt/format.h>

namespace tapelab::engine {

std::optional<std::uint8_t> regime_index(std::string_view name) {
  const auto it = std::find(kRegimeNames.begin(), kRegimeNames.end(), name);
  if (it == kRegimeNames.end()) return std::nullopt;
  return static_cast<std::uint8_t>(it - kRegimeNames.begin());
}

std::optional<std::string_view> DayRegimes::at(domain::WallNanos t) const {
  const auto after = std::upper_bound(seconds.begin(), seconds.end(), t);
  if (after == seconds.begin()) return std::nullopt;
  return kRegimeNames.at(regime[static_cast<std::size_t>(after - seconds.begin() - 1)]);
}

std::optional<std::string> RegimeFilter::blocks(const DayRegimes& regimes, domain::WallNanos t) const {
  const std::optional<std::string_view> now = regimes.at(t);
  if (!now) return std::string("regime-filter: no regime yet");
  if (std::find(entry_regimes.begin(), entry_regimes.end(), *now) != entry_regimes.end()) return std::nullopt;
  return fmt::format("regime-filter: {}", *now);
}

}  // namespace tapelab::engine
