// The trend-pause type's keys, checks and words (the strategy itself is in
// trend_pause.cpp).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "strategies/clock.h"
#include "strategies/rule_words.h"
#include "strategies/toml_table.h"
#include "strategies/trend_pause.h"

namespace tapelab::strategies {
namespace {

std::int32_t whole(TomlTable& table, std::string_view key, std::int32_t low, std::int32_t high, std::int32_t value) {
  const auto n = table.integer(key);
  if (!n) return value;
  if (*n < low || *n > high) table.fail_key(key, fmt::format("must be between {} and {}", low, high));
  return static_cast<std::int32_t>(*n);
}

double points(TomlTable& table, std::string_view key, double value) {
  const auto p = table.number(key);
  if (!p) return value;
  if (!(*p > 0)) table.fail_key(key, "must be > 0 points");
  return *p;
}

}  // namespace

std::string TrendPauseParams::warm_up_words() const {
  const std::string cold = format_clock(9 * 3600 + 15 * 60 + min_bars * bar_minutes * 60);
  if (!warm_up) {
    return fmt::format("They start afresh each day (`warm_up = false`), so on a normal day the first "
                       "trusted close is seen at {}.", cold);
  }
  return fmt::format(
      "When the dataset has the previous trading day's spot, the EMAs first run over that day's bars "
      "(its session open to its close; its last bar is seen at today's first second) and today's bars "
      "continue them, so they are trusted from the open. Without that day (the dataset's first day, a "
      "gap) they start with today's first close, and on a normal day the first trusted close is seen "
      "at {}.", cold);
}

void TrendPauseParams::apply(TomlTable& table) {
  bar_minutes = whole(table, "bar_minutes", 1, 60, bar_minutes);
  fast = whole(table, "fast", 1, 500, fast);
  slow = whole(table, "slow", 2, 500, slow);
  min_bars = whole(table, "min_bars", 1, 500, min_bars);
  if (const auto w = table.boolean("warm_up")) warm_up = *w;
  otm_points = points(table, "otm_points", otm_points);
  roll_points = points(table, "roll_points", roll_points);
  max_rolls = whole(table, "max_rolls", 0, 100, max_rolls);
  if (const auto w = read_window(table)) window = *w;
  apply_target(table, target);
  apply_stop(table, stop);
  apply_lots(table, lots);
  apply_expiry(table, expiry);
}

void TrendPauseParams::validate(const TomlTable& table, const engine::ExecutionConfig& execution) const {
  if (fast >= slow) table.fail_key("fast", fmt::format("must be shorter than slow ({})", slow));
  if (window.to >= execution.square_off_seconds) {
    table.fail_key("window",
                   fmt::format("ends at or after the square-off {}", format_clock(execution.square_off_seconds)));
  }
}

std::string TrendPauseParams::summary(const engine::ExecutionConfig& execution) const {
  std::vector<std::string> parts;
  parts.push_back(
      fmt::format("{}-min spot EMA{}/EMA{} pause, sell {:g} points OTM", bar_minutes, fast, slow, otm_points));
  if (warm_up) parts.push_back("EMAs warmed up on the previous day's bars when the data has them");
  parts.push_back(fmt::format("window {}-{}", format_clock(window.from), format_clock(window.to)));
  parts.push_back(fmt::format("roll {:g} points with the trend (max {})", roll_points, max_rolls));
  parts.push_back(target ? fmt::format("target {:g}%", *target * 100) : "no target");
  parts.push_back(stop ? fmt::format("stop {:g}x", *stop) : "no stop");
  parts.push_back(fmt::format("out on a close through EMA{}", slow));
  parts.push_back(square_off_summary(execution));
  parts.push_back(lots_text(lots));
  parts.push_back(describe_expiry(expiry));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string TrendPauseParams::rules(const engine::ExecutionConfig& execution) const {
  std::string out;
  out += fmt::format(
      "- **Trend.** Spot is cut into {0}-minute bars (09:15 starts one); a bar is seen once the first "
      "second of the next has come. EMA{1} and EMA{2} (alpha = 2 / (n + 1), seeded by the first close) "
      "move at each close and are trusted after {3} closes. Up trend: EMA{1} > EMA{2}; down trend: "
      "EMA{1} < EMA{2}. {4}\n",
      bar_minutes, fast, slow, min_bars, warm_up_words());
  out += fmt::format(
      "- **Entry.** From {} to {}, while nothing is open, at the first second where spot pauses: in "
      "an up trend spot is at or below EMA{} but above EMA{}: sell {} of the put at the listed "
      "strike nearest spot - {:g}; in a down trend (spot at or above EMA{} but below EMA{}) the call "
      "nearest spot + {:g}. On the {}; a sale that does not fill waits for the next pause, and after an exit a "
      "new entry waits for the next bar close.\n",
      format_clock(window.from), format_clock(window.to), fast, slow, lots_text(lots), otm_points, fast,
      slow, otm_points, describe_expiry(expiry));
  out += fmt::format(
      "- **Roll with the trend.** When spot has moved {:g} points beyond its value at the leg's sale "
      "(up for a put, down for a call), the leg is bought back (exit reason `adjustment`) and a new one "
      "sold {:g} points from spot then; at most {} roll{} per position.\n",
      roll_points, otm_points, max_rolls, plural(max_rolls));
  if (stop) {
    out += fmt::format(
        "- **Stop.** Out when the leg's mark - its sale price >= {:g} x the sale price (the premium "
        "reaches {:g}x; exit reason `stop`), on the `{}` mark.\n",
        *stop, *stop + 1, engine::to_string(execution.mark_model));
  }
  if (target) {
    out += fmt::format(
        "- **Target.** Out when the sale price - mark >= {:g}% of the sale price (exit reason "
        "`target`).\n",
        *target * 100);
  }
  out += fmt::format(
      "- **Trend break.** Out at a bar close below EMA{0} for a put, above EMA{0} for a call (exit "
      "reason `signal`). The stop wins, then the target, the trend break, and a roll.\n",
      slow);
  out += square_off_rule(execution);
  return out;
}

engine::DataNeeds TrendPauseParams::needs() const {
  engine::DataNeeds needs;
  needs.previous_spot = warm_up;
  needs.expiries = expiry.expiries_needed();
  needs.max_dte = expiry.max_dte_needed();
  return needs;
}

std::unique_ptr<engine::Strategy> TrendPauseParams::make(const engine::ExecutionConfig& execution) const {
  return std::make_unique<TrendPauseStrategy>(*this, execution);
}

}  // namespace tapelab::strategies
