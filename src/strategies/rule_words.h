// The wording the strategy types share in their one-line summaries and
// their rule pages (docs/strategies/), written once so every preset page says
// the same thing the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/config.h"

namespace tapelab::strategies {

// "" for one, "s" for any other count: "1 structure", "2 structures".
std::string_view plural(std::int64_t count);
// "1 lot", "3 lots".
std::string lots_text(std::int32_t lots);
// The summary's part: "square-off 15:15".
std::string square_off_summary(const engine::ExecutionConfig& execution);
// The rule page's bullet: whatever is open at the square-off is closed by the engine.
std::string square_off_rule(const engine::ExecutionConfig& execution);
// The rule page's bullet on a closing order that does not fill; `holder` is
// what shows the new quote ("leg", "contract").
std::string unfilled_exits_rule(std::string_view holder);

}  // namespace tapelab::strategies
