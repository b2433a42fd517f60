// The day-range options shared by commands that run over a dataset
// (--from, --to, --underlying; Python's start, end, underlyings): parsed and
// checked in one place, with the CLI's messages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "market/loader.h"

namespace tapelab::jobs {

// `command` prefixes error messages ("backtest: --from 'x' is not a date").
market::DaySelection day_selection(std::string_view command, const std::string& from, const std::string& to,
                                   const std::vector<std::string>& underlyings);

}  // namespace tapelab::jobs
