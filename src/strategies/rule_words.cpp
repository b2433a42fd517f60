#include "strategies/rule_words.h"

#include <fmt/format.h>

#include "strategies/clock.h"

namespace tapelab::strategies {

std::string_view plural(std::int64_t count) { return count == 1 ? "" : "s"; }

std::string lots_text(std::int32_t lots) { return fmt::format("{} lot{}", lots, plural(lots)); }

std::string square_off_summary(const engine::ExecutionConfig& execution) {
  return fmt::format("square-off {}", format_clock(execution.square_off_seconds));
}

std::string square_off_rule(const engine::ExecutionConfig& execution) {
  return fmt::format("- **Square-off.** Whatever is open at {} is closed by the engine (exit reason `end-of-day`).\n",
                     format_clock(execution.square_off_seconds));
}

std::string unfilled_exits_rule(std::string_view holder) {
  return fmt::format(
      "- **Unfilled exits.** A closing order that does not fill is retried with its reason once the {} shows a new "
      "quote.\n",
      holder);
}

}  // namespace tapelab::strategies
