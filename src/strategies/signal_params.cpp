// The signal type's keys, checks and words (the strategy itself is in
// signal.cpp, the setups in signal_setups.cpp).
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "strategies/clock.h"
#include "strategies/config_keys.h"
#include "strategies/rule_words.h"
#include "strategies/signal.h"
#include "strategies/toml_table.h"

namespace tapelab::strategies {
namespace {

constexpr auto kEntryNames =
    enum_names<SignalParams::Entry>({{SignalParams::Entry::kMarket, "market"}, {SignalParams::Entry::kLimit, "limit"}});

// An exit threshold: > 0 sets it, 0 turns it off (to drop a preset's exit).
void read_exit(TomlTable& table, std::string_view key, std::optional<double>& value, double max) {
  const auto v = table.number(key);
  if (!v) return;
  if (!(*v >= 0 && *v <= max)) table.fail_key(key, fmt::format("must be between 0 (off) and {:g}", max));
  value = *v > 0 ? v : std::nullopt;
}

void read_seconds(TomlTable& table, std::string_view key, std::optional<std::int32_t>& value, std::int64_t scale) {
  const auto v = table.number(key);
  if (!v) return;
  const double seconds = *v * static_cast<double>(scale);
  if (!(seconds >= 0 && seconds <= 86'400) || seconds != static_cast<double>(static_cast<std::int32_t>(seconds))) {
    table.fail_key(key, "must be between 0 (off) and a day, in whole seconds");
  }
  value = seconds > 0 ? std::optional<std::int32_t>(static_cast<std::int32_t>(seconds)) : std::nullopt;
}

void apply_exits(TomlTable table, SignalExits& e) {
  read_exit(table, "stop_pct", e.stop_pct, 100);
  read_exit(table, "spot_stop_points", e.spot_stop_points, 1e6);
  read_exit(table, "breakeven_at_pct", e.breakeven_at_pct, 1e4);
  if (const auto v = table.number("breakeven_offset")) e.breakeven_offset = *v;
  read_exit(table, "trail_pct", e.trail_pct, 100);
  if (const auto v = table.number("trail_from_pct")) {
    if (!(*v >= 0)) table.fail_key("trail_from_pct", "must be >= 0");
    e.trail_from_pct = *v;
  }
  read_exit(table, "target_pct", e.target_pct, 1e4);
  read_exit(table, "target_points", e.target_points, 1e6);
  read_exit(table, "partial_at_pct", e.partial_at_pct, 1e4);
  if (const auto v = table.number("partial_fraction")) {
    if (!(*v > 0 && *v < 1)) table.fail_key("partial_fraction", "is the fraction of the lots sold, in (0, 1)");
    e.partial_fraction = *v;
  }
  if (const auto v = table.boolean("signal")) e.signal = *v;
  read_seconds(table, "no_progress_seconds", e.no_progress_seconds, 1);
  read_seconds(table, "max_hold_minutes", e.max_hold_seconds, 60);
  table.reject_unknown();
}

std::string pct(double v) { return fmt::format("{:g}%", v); }

std::string duration(std::int32_t seconds) {
  return seconds % 60 == 0 ? fmt::format("{} min", seconds / 60) : fmt::format("{} s", seconds);
}

}  // namespace

void SignalParams::apply(TomlTable& table) {
  if (auto setup_table = table.table("setup")) {
    if (setup_table->has("name")) setup_chosen = true;
    apply_setup(*setup_table, setup);
  }
  if (auto exit_table = table.table("exit")) apply_exits(*exit_table, exits);
  if (const auto window = read_window(table)) {
    window_from = window->from;
    window_to = window->to;
  }
  if (const auto convention = table.choice("atm", engine::kAtmConventionNames)) atm = *convention;
  if (const auto n = table.integer("watch_steps")) {
    if (*n < 0 || *n > 50) table.fail_key("watch_steps", "must be between 0 and 50 strikes");
    watch_steps = static_cast<std::int32_t>(*n);
  }
  if (const auto chosen = table.choice("entry", kEntryNames)) entry = *chosen;
  if (const auto n = table.integer("limit_wait_seconds")) {
    if (*n < 1 || *n > 3600) table.fail_key("limit_wait_seconds", "must be between 1 and 3600");
    limit_wait_seconds = static_cast<std::int32_t>(*n);
  }
  apply_lots(table, lots);
  apply_expiry(table, expiry);
}

void SignalParams::validate(const TomlTable& table, const engine::ExecutionConfig& execution) const {
  if (!setup_chosen) {
    table.fail_key("setup", fmt::format("is required: a [strategy.setup] table with name = one of {}",
                                        fmt::join(kSetupNames.names(), ", ")));
  }
  if (window_from >= execution.square_off_seconds) {
    table.fail_key("window", fmt::format("starts at {}, at or after the square-off {}", format_clock(window_from),
                                         format_clock(execution.square_off_seconds)));
  }
  if (exits.partial_at_pct && static_cast<std::int32_t>(lots * exits.partial_fraction) < 1) {
    table.fail_key("exit", fmt::format("a partial exit of {:g} of {} sells no whole lot: raise `lots`",
                                       exits.partial_fraction, lots_text(lots)));
  }
}

std::string SignalParams::summary(const engine::ExecutionConfig& execution) const {
  std::vector<std::string> parts;
  parts.push_back(fmt::format("{} {}", setup_side(setup.setup) == engine::Side::kBuy ? "buy" : "sell",
                              setup_summary(setup)));
  parts.push_back(fmt::format("{}-{}", format_clock(window_from), format_clock(window_to)));
  if (entry == Entry::kLimit) parts.push_back("limit entry");
  const SignalExits& e = exits;
  if (e.stop_pct) parts.push_back("stop " + pct(*e.stop_pct));
  if (e.spot_stop_points) parts.push_back(fmt::format("spot stop {:g} pts", *e.spot_stop_points));
  if (e.breakeven_at_pct) parts.push_back(fmt::format("breakeven {:+g} at +{}", e.breakeven_offset, pct(*e.breakeven_at_pct)));
  if (e.partial_at_pct) parts.push_back(fmt::format("sell {:g} at +{}", e.partial_fraction, pct(*e.partial_at_pct)));
  if (e.trail_pct) parts.push_back("trail " + pct(*e.trail_pct));
  if (e.target_pct) parts.push_back("target " + pct(*e.target_pct));
  if (e.target_points) parts.push_back(fmt::format("target {:g} pts", *e.target_points));
  if (e.signal && has_exit_signal(setup.setup)) parts.push_back("signal exit");
  if (e.no_progress_seconds) parts.push_back(fmt::format("no progress {}", duration(*e.no_progress_seconds)));
  if (e.max_hold_seconds) parts.push_back(fmt::format("max hold {}", duration(*e.max_hold_seconds)));
  parts.push_back(square_off_summary(execution));
  parts.push_back(lots_text(lots));
  parts.push_back(describe_expiry(expiry));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string SignalParams::rules(const engine::ExecutionConfig& execution) const {
  const bool buy = setup_side(setup.setup) == engine::Side::kBuy;
  std::string out;
  const std::string atm_text =
      atm == engine::AtmConvention::kCeUpPeDown
          ? "`ce_up_pe_down`: the CE at the first listed strike at or above spot, the PE at the first at or below"
          : "`nearest`: spot rounded to the strike step";
  out += fmt::format(
      "- **Candidates.** On the {}, {} (ATM by {}). Indicators run on every contract within {} strike(s) of them, "
      "from the first second it comes that near, fed each second with its last row as of the clock; a contract "
      "near the opening spot is watched from the open (09:15:00 on a normal day).\n",
      describe_expiry(expiry),
      setup.setup == Setup::kGammaBurst ? "the strikes off ATM below" : "the ATM call and the ATM put", atm_text,
      watch_steps);
  out += describe_setup(setup);
  if (!spot_driven(setup.setup)) {
    out += "- **Side.** Buy the option that shows the setup, the call first when both do.\n";
  }
  out += fmt::format("- **Window.** Entries from {} to {} (inclusive) and before the square-off.\n",
                     format_clock(window_from), format_clock(window_to));
  out += entry == Entry::kMarket
             ? fmt::format("- **Entry order.** {} {} at market ({}).\n", buy ? "Buy" : "Sell", lots_text(lots),
                           buy ? "at the ask" : "at the bid")
             : fmt::format("- **Entry order.** {} {} with a limit at the {} visible at the decision; cancelled "
                           "if unfilled after {} s.\n",
                           buy ? "Buy" : "Sell", lots_text(lots), buy ? "ask" : "bid", limit_wait_seconds);
  out += "- **One at a time.** No entry while a position is open or an entry order is working; after an exit the "
         "next entry can come the second after. A rejected entry is logged and tried again the next second.\n";
  const SignalExits& e = exits;
  const std::string mark = fmt::format("mark (`{}`)", engine::to_string(execution.mark_model));
  out += fmt::format("- **Exits**, checked each second on the {} in this order (gains are per unit{}):\n", mark,
                     buy ? "" : "; a sale gains when the mark falls and its best mark is the lowest");
  if (e.stop_pct) out += fmt::format("  - stop: the mark is {} or more {} the entry price (`stop`);\n", pct(*e.stop_pct), buy ? "below" : "above");
  if (e.spot_stop_points) {
    out += fmt::format("  - spot stop: spot has moved {:g} points or more against the position from its value at the "
                       "entry decision (`stop`);\n",
                       *e.spot_stop_points);
  }
  if (e.breakeven_at_pct) {
    out += fmt::format("  - breakeven: once the gain has reached {}, the stop moves to entry {:+g} points; the mark "
                       "back there exits (`stop`);\n",
                       pct(*e.breakeven_at_pct), buy ? e.breakeven_offset : -e.breakeven_offset);
  }
  if (e.trail_pct) {
    out += fmt::format("  - trail: the mark {} {} or more from the best mark since entry, once that best is {} or more "
                       "beyond the entry price (`trail`);\n",
                       buy ? "falls" : "rises", pct(*e.trail_pct), pct(e.trail_from_pct));
  }
  if (e.target_pct) out += fmt::format("  - target: a gain of {} of the entry price (`target`);\n", pct(*e.target_pct));
  if (e.target_points) out += fmt::format("  - target: a gain of {:g} points (`target`);\n", *e.target_points);
  if (e.signal && has_exit_signal(setup.setup)) out += "  - signal: " + describe_exit_signal(setup) + " (`signal`);\n";
  if (e.no_progress_seconds) {
    out += fmt::format("  - no progress: no new best mark for {} (`time`);\n", duration(*e.no_progress_seconds));
  }
  if (e.max_hold_seconds) out += fmt::format("  - max hold: {} after the entry fill (`time`);\n", duration(*e.max_hold_seconds));
  if (e.partial_at_pct) {
    out += fmt::format("  - partial: once, at a gain of {}, {} {:g} of the lots (rounded down; `target`); the rest "
                       "runs on the exits above;\n",
                       pct(*e.partial_at_pct), buy ? "sell" : "buy back", e.partial_fraction);
  }
  out += fmt::format("  - square-off: the engine closes what is open at {} (`end-of-day`).\n",
                     format_clock(execution.square_off_seconds));
  out += unfilled_exits_rule("contract");
  return out;
}

}  // namespace tapelab::strategies
