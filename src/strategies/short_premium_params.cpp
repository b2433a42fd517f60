// The short-premium type's keys, checks and words, and its translation into
// the managed structure that runs it.
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "strategies/clock.h"
#include "strategies/config_keys.h"
#include "strategies/short_premium.h"
#include "strategies/toml_table.h"

namespace tapelab::strategies {
namespace {

constexpr std::array<std::string_view, 2> kStructures = {"straddle", "strangle"};
constexpr std::array<std::string_view, 2> kAtmConventions = {"nearest", "ce_up_pe_down"};

std::string lots_text(std::int32_t lots) { return fmt::format("{} lot{}", lots, lots == 1 ? "" : "s"); }

}  // namespace

void ShortPremiumParams::apply(TomlTable& table) {
  if (const auto i = table.choice("structure", kStructures)) structure = static_cast<Structure>(*i);
  if (const auto i = table.choice("atm", kAtmConventions)) atm = static_cast<engine::AtmConvention>(*i);
  if (const auto pct = table.number("otm_pct")) {
    if (!(*pct > 0 && *pct < 50)) table.fail_key("otm_pct", "must be a percent of spot in (0, 50)");
    otm_pct = *pct;
  }
  if (table.has("entries")) entries = entry_list(table);
  apply_lots(table, lots);
  apply_expiry(table, expiry);
  apply_target(table, target);
  apply_stop(table, stop);
  apply_max_hold(table, max_hold_seconds);
  apply_max_open(table, max_open_structures);
}

void ShortPremiumParams::validate(const TomlTable& table, const engine::ExecutionConfig& execution) const {
  if (entries.empty()) table.fail_key("entries", "is required: no entry times");
  if (structure == Structure::kStrangle && otm_pct <= 0) table.fail_key("otm_pct", "is required for a strangle");
  if (entries.back() >= execution.square_off_seconds) {
    table.fail_key("entries", fmt::format("entry {} is at or after the square-off {}", format_clock(entries.back()),
                                          format_clock(execution.square_off_seconds)));
  }
}

std::string ShortPremiumParams::summary(const engine::ExecutionConfig& execution) const {
  std::vector<std::string> parts;
  if (structure == Structure::kStraddle) {
    parts.push_back(fmt::format("ATM straddle ({})", engine::to_string(atm)));
  } else {
    parts.push_back(fmt::format("strangle {:g}% OTM", otm_pct));
  }
  parts.push_back(fmt::format("entries {}", format_clock_list(entries)));
  parts.push_back(target ? fmt::format("target {:g}% of credit", *target * 100) : "no target");
  parts.push_back(stop ? fmt::format("stop {:g}x credit", *stop) : "no stop");
  if (max_hold_seconds) parts.push_back(fmt::format("max hold {} min", *max_hold_seconds / 60));
  parts.push_back(fmt::format("square-off {}", format_clock(execution.square_off_seconds)));
  parts.push_back(lots_text(lots));
  parts.push_back(describe_expiry(expiry));
  if (max_open_structures != 1) parts.push_back(fmt::format("up to {} open", max_open_structures));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string ShortPremiumParams::rules(const engine::ExecutionConfig& execution) const {
  std::string out;
  const std::string legs =
      structure == Structure::kStraddle
          ? fmt::format("the ATM call and the ATM put (ATM by the `{}` convention: {})", engine::to_string(atm),
                        atm == engine::AtmConvention::kNearest
                            ? "spot rounded to the strike step"
                            : "the CE at the first strike at or above spot, the PE at the first at or below")
          : fmt::format("the call at the listed strike nearest spot x (1 + {0:g}%) and the put nearest spot x "
                        "(1 - {0:g}%) (ties to the lower strike)",
                        otm_pct);
  out += fmt::format("- **Entry.** At each of {}, sell {} lots of {}, on the {}. The call is sold first; if it does "
                     "not fill the put is not sent, and if the put does not fill the call is bought back at once "
                     "(exit reason `no-quote`).\n",
                     format_clock_list(entries), lots, legs, describe_expiry(expiry));
  out += fmt::format("- **One at a time.** An entry is skipped, with a line in the orders log, while {} structure{} "
                     "of this strategy {} open, or when there is no spot, expiry or strike.\n",
                     max_open_structures, max_open_structures == 1 ? "" : "s",
                     max_open_structures == 1 ? "is" : "are");
  out += "- **Credit and marks.** Credit = the sum of the legs' entry fill prices; cost to close = the sum of their "
         "marks under the execution's mark model (`" +
         std::string(engine::to_string(execution.mark_model)) +
         "`). Without a mark for every leg, targets and stops wait for the next second.\n";
  out += target ? fmt::format("- **Target.** Close both legs when credit - cost to close >= {:g}% of credit "
                              "(exit reason `target`).\n",
                              *target * 100)
                : std::string("- **Target.** None.\n");
  out += stop ? fmt::format("- **Stop.** Close both legs when cost to close - credit >= {0:g} x credit (the premium "
                            "reaches {1:g}x what was sold; exit reason `stop`). A stop and a target in the same "
                            "second: the stop wins.\n",
                            *stop, *stop + 1)
              : std::string("- **Stop.** None.\n");
  if (max_hold_seconds) {
    out += fmt::format("- **Max hold.** A structure open for {} minutes closes (exit reason `time`); a price trigger "
                       "in the same second wins.\n",
                       *max_hold_seconds / 60);
  }
  out += fmt::format("- **Square-off.** Whatever is open at {} is closed by the engine (exit reason `end-of-day`).\n",
                     format_clock(execution.square_off_seconds));
  out += "- **Unfilled exits.** A closing order that does not fill is retried with its reason once the leg shows a "
         "new quote.\n";
  return out;
}

ManagedStructureParams ShortPremiumParams::managed() const {
  ManagedStructureParams m;
  if (structure == Structure::kStraddle) {
    m.shape = ManagedStructureParams::Shape::kStraddle;
    m.strikes.kind = StrikeRule::Kind::kAtm;
    m.strikes.atm = atm;
  } else {
    m.shape = ManagedStructureParams::Shape::kStrangle;
    m.strikes.kind = StrikeRule::Kind::kPercent;
    m.strikes.value = otm_pct;
  }
  m.entries = entries;
  m.lots = lots;
  m.expiry = expiry;
  m.max_open_structures = max_open_structures;
  m.target = target;
  m.stop = stop;
  m.max_hold_seconds = max_hold_seconds;
  return m;
}

std::unique_ptr<engine::Strategy> ShortPremiumParams::make(const std::string& name,
                                                           const engine::ExecutionConfig& execution) const {
  return managed().make(name, execution);
}

}  // namespace tapelab::strategies
