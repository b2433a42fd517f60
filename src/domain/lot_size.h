// Lot size per contract, by underlying, FINAL expiry date and kind, from
// data/lot_sizes.csv (docs/contracts-and-calendar.md#lot-sizes). A lot belongs
// to the contract, not to the trading day: old and new lots trade side by side
// while a change rolls through the expiries.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/date.h"

namespace tapelab::domain {

enum class ExpiryKind { kWeekly, kMonthly };
std::string_view to_string(ExpiryKind);  // "weekly" / "monthly"
// "weekly"/"monthly", case-insensitive; nullopt otherwise.
std::optional<ExpiryKind> parse_expiry_kind(std::string_view text);

// nullopt: no table entry, the data decides (docs/contracts-and-calendar.md#lot-size-checked-against-the-data).
std::optional<int32_t> lot_size(std::string_view underlying, Date final_expiry, ExpiryKind kind);

}  // namespace tapelab::domain
