// The day-range flags shared by commands that run over a dataset
// (--from, --to, --underlying): parsed and checked in one place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "market/loader.h"

namespace tapelab::cli {

// `command` prefixes error messages ("backtest: --from 'x' is not a date").
market::DaySelection day_selection(std::string_view command, const std::string& from, const std::string& to,
                                   const std::vector<std::string>& underlyings);

}  // namespace tapelab::cli
