// The short-premium type's keys, checks and words, and its translation into
// the managed structure that runs it.
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "strategies/clock.h"
#include "strategies/config_keys.h"
#include "strategies/rule_words.h"
#include "strategies/short_premium.h"
#include "strategies/toml_table.h"

namespace tapelab::strategies {
namespace {

using Structure = ShortPremiumParams::Structure;

constexpr auto kStructureNames =
    enum_names<Structure>({{Structure::kStraddle, "straddle"}, {Structure::kStrangle, "strangle"}});

}  // namespace

void ShortPremiumParams::apply(TomlTable& table) {
  if (const auto chosen = table.choice("structure", kStructureNames)) structure = *chosen;
  if (const auto convention = table.choice("atm", engine::kAtmConventionNames)) atm = *convention;
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
  parts.push_back(square_off_summary(execution));
  parts.push_back(lots_text(lots));
  parts.push_back(describe_expiry(expiry));
  if (max_open_structures != 1) parts.push_back(fmt::format("up to {} open", max_open_structures));
  return fmt::format("{}", fmt::join(parts, ", "));
}

// The managed structure runs it, so its rules are that structure's.
std::string ShortPremiumParams::rules(const engine::ExecutionConfig& execution) const {
  return managed().rules(execution);
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

engine::DataNeeds ShortPremiumParams::needs() const { return managed().needs(); }

std::unique_ptr<engine::Strategy> ShortPremiumParams::make(const engine::ExecutionConfig& execution) const {
  return managed().make(execution);
}

}  // namespace tapelab::strategies
