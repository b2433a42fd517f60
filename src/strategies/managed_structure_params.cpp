// The managed-structure type's keys, checks and words (the strategy itself is
// in managed_structure.cpp).
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "market/loader.h"
#include "strategies/clock.h"
#include "strategies/config_keys.h"
#include "strategies/managed_structure.h"
#include "strategies/rule_words.h"
#include "strategies/toml_table.h"

namespace tapelab::strategies {
namespace {

using Shape = ManagedStructureParams::Shape;
using Action = ManagedStructureParams::Adjustment::Action;

constexpr auto kShapeNames = enum_names<Shape>({{Shape::kStraddle, "straddle"},
                                              {Shape::kStrangle, "strangle"},
                                              {Shape::kIronFly, "iron_fly"},
                                              {Shape::kIronCondor, "iron_condor"}});
constexpr auto kActionNames = enum_names<Action>({{Action::kCloseLoser, "close_loser"},
                                                {Action::kCloseWinner, "close_winner"},
                                                {Action::kRollWinner, "roll_winner"},
                                                {Action::kRebalanceDelta, "rebalance_delta"},
                                                {Action::kDeltaImbalance, "delta_imbalance"}});
constexpr std::array<std::string_view, 2> kTrailStarts = {"entry", "adjustment"};

bool shorts_at_atm(Shape shape) { return shape == Shape::kStraddle || shape == Shape::kIronFly; }

std::string_view shape_text(Shape shape) {
  switch (shape) {
    case Shape::kStraddle:
      return "straddle";
    case Shape::kStrangle:
      return "strangle";
    case Shape::kIronFly:
      return "iron fly";
    case Shape::kIronCondor:
      return "iron condor";
  }
  return {};
}

std::string_view action_text(Action action) {
  switch (action) {
    case Action::kCloseLoser:
      return "close the dearer leg (the loser) and keep the cheaper one";
    case Action::kCloseWinner:
      return "close the cheaper leg (the winner) and keep the dearer one";
    case Action::kRollWinner:
      return "close the cheaper leg (the winner) and, once it is closed, sell a new one of its type at the ATM strike "
             "(same lots, same structure)";
    case Action::kRebalanceDelta:  // described on their own
    case Action::kDeltaImbalance:
      return "";
  }
  return {};
}

void apply_trail(TomlTable& table, ManagedStructureParams& p) {
  auto trail = table.table("trail");
  if (!trail) return;
  ManagedStructureParams::Trail t;
  const auto rise = trail->number("rise");
  if (!rise || !(*rise > 0))
    trail->fail_key("rise", "is required: the fraction the cost to close may rise above its low, > 0");
  t.rise = *rise;
  if (const auto i = trail->choice("from", kTrailStarts)) t.after_adjustment = *i == 1;
  trail->reject_unknown();
  p.trail = t;
}

void apply_partial(TomlTable& table, ManagedStructureParams& p) {
  auto partial = table.table("partial");
  if (!partial) return;
  ManagedStructureParams::Partial part;
  const auto at = partial->number("at");
  const auto fraction = partial->number("fraction");
  partial->reject_unknown();
  if (!at || !fraction) table.fail_key("partial", "needs at (fraction of credit kept) and fraction (of the lots)");
  if (!(*at > 0 && *at <= 1)) partial->fail_key("at", "is the fraction of credit kept, in (0, 1]");
  if (!(*fraction > 0 && *fraction < 1)) partial->fail_key("fraction", "is the fraction of the lots booked, in (0, 1)");
  part.at = *at;
  part.fraction = *fraction;
  p.partial = part;
}

// The delta-imbalance re-hedge: at a fraction of the peak P&L kept (the
// default), or on the loser's premium rise (the first reading of DIS).
void apply_rehedge(TomlTable& adjust, ManagedStructureParams::Adjustment& a) {
  const auto kept = adjust.number("rehedge_profit_kept");
  const auto rise = adjust.number("rehedge_rise");
  if (kept && rise) adjust.fail_key("rehedge_rise", "and rehedge_profit_kept are two re-hedge rules: give one");
  if (kept && !(*kept >= 0 && *kept < 1)) adjust.fail_key("rehedge_profit_kept", "is a fraction of the peak P&L, in [0, 1)");
  if (rise && !(*rise > 0)) adjust.fail_key("rehedge_rise", "must be > 0");
  if (kept) a.rehedge_profit_kept = *kept;
  if (rise) a.rehedge_rise = *rise;
  if (const auto n = adjust.integer("max_rehedges")) {
    if (*n < 1 || *n > 100) adjust.fail_key("max_rehedges", "must be between 1 and 100");
    a.max_rehedges = static_cast<std::int32_t>(*n);
  }
}

std::string describe_rehedge(const ManagedStructureParams::Adjustment& a) {
  const std::string when =
      a.rehedge_rise
          ? fmt::format("the remaining leg's premium rises {:g}% above its mark when the winner closed",
                        *a.rehedge_rise * 100)
          : fmt::format("the structure's P&L (the closed winners at their marks when closed, the open legs at "
                        "their marks now; per unit, weighted by lots) falls to {:g}% or less of its peak since the "
                        "cycle began, the peak being a profit (\"the open P&L decays toward breakeven\")",
                        a.rehedge_profit_kept * 100);
  return fmt::format(
      "- **Re-hedge.** If instead {}, a new leg of the winner's type is sold at the ATM strike. That starts a "
      "new cycle (empirical deltas, imbalance, mean reversion to spot at the re-hedge, re-hedge), up to {} "
      "re-hedge{} per structure; after the last one the legs run to the square-off.\n",
      when, a.max_rehedges, plural(a.max_rehedges));
}

void apply_adjustment(TomlTable& table, ManagedStructureParams& p) {
  auto adjust = table.table("adjust");
  if (!adjust) return;
  ManagedStructureParams::Adjustment a;
  const auto action = adjust->choice("action", kActionNames);
  if (!action) table.fail_key("adjust", fmt::format("needs action ({})", fmt::join(kActionNames.names(), ", ")));
  a.action = *action;
  if (a.action == Action::kDeltaImbalance) {
    const auto positive = [&](std::string_view key, double& value) {
      if (const auto v = adjust->number(key)) {
        if (!(*v > 0)) adjust->fail_key(key, "must be > 0");
        value = *v;
      }
    };
    if (const auto minutes = adjust->integer("window_minutes")) {
      if (*minutes < 1 || *minutes > 375) adjust->fail_key("window_minutes", "must be between 1 and 375");
      a.window_seconds = static_cast<std::int32_t>(*minutes * 60);
    }
    positive("dominance", a.dominance);
    positive("min_spot_move", a.min_spot_move);
    positive("revert_points", a.revert_points);
    apply_rehedge(*adjust, a);
    if (a.dominance <= 1) adjust->fail_key("dominance", "must be > 1");
    if (a.revert_points >= a.min_spot_move) adjust->fail_key("revert_points", "must be below min_spot_move");
  } else if (a.action == Action::kRebalanceDelta) {
    const auto net = adjust->number("max_net_delta");
    if (!net || !(*net > 0 && *net < 2))
      adjust->fail_key("max_net_delta", "is required: the net |delta| per lot, in (0, 2)");
    a.max_net_delta = *net;
    if (const auto minutes = adjust->integer("every_minutes")) {
      if (*minutes < 1 || *minutes > 375) adjust->fail_key("every_minutes", "must be between 1 and 375");
      a.every_seconds = static_cast<std::int32_t>(*minutes * 60);
    }
  } else {
    const auto ratio = adjust->number("ratio");
    const auto skew = adjust->number("skew");
    if (ratio.has_value() == skew.has_value()) table.fail_key("adjust", "needs one of ratio or skew");
    if (ratio && !(*ratio > 1)) adjust->fail_key("ratio", "is the dearer leg's premium over the cheaper one's, > 1");
    if (skew && !(*skew > 0 && *skew < 1)) adjust->fail_key("skew", "is |CE - PE| / (CE + PE), in (0, 1)");
    // A skew s is the ratio (1 + s) / (1 - s) of the dearer premium to the cheaper one.
    a.ratio = ratio ? *ratio : (1 + *skew) / (1 - *skew);
  }
  if (const auto max = adjust->integer("max")) {
    if (*max < 1 || *max > 100) adjust->fail_key("max", "must be between 1 and 100");
    a.max_count = static_cast<std::int32_t>(*max);
  }
  adjust->reject_unknown();
  p.adjustment = a;
}

}  // namespace

void ManagedStructureParams::apply(TomlTable& table) {
  if (const auto chosen = table.choice("structure", kShapeNames)) shape = *chosen;
  apply_strike_rule(table, "strikes", strikes);
  if (const auto points = table.number("wing_points")) {
    if (!(*points > 0)) table.fail_key("wing_points", "must be > 0 points");
    wing_points = *points;
  }
  if (table.has("entries")) entries = entry_list(table);
  if (const auto window = read_window(table)) {
    window_from = window->from;
    window_to = window->to;
  }
  filters.apply(table);
  apply_lots(table, lots);
  if (const auto fraction = table.number("lots_fraction")) {
    if (!(*fraction > 0 && *fraction <= 1))
      table.fail_key("lots_fraction", "is the fraction of lots traded, in (0, 1]");
    lots_fraction = *fraction;
  }
  apply_expiry(table, expiry);
  apply_max_open(table, max_open_structures);
  apply_target(table, target);
  apply_stop(table, stop);
  if (const auto multiple = table.number("premium_stop")) {
    if (!(*multiple > 0)) table.fail_key("premium_stop", "is a multiple of the first credit, > 0");
    premium_stop = *multiple;
  }
  if (const auto multiple = table.number("leg_stop")) {
    if (!(*multiple > 0)) table.fail_key("leg_stop", "is a multiple of the leg's premium lost, > 0");
    leg_stop = *multiple;
  }
  if (const auto breach = table.boolean("exit_on_strike_breach")) exit_on_strike_breach = *breach;
  apply_trail(table, *this);
  if (const auto t = table.time_of_day("exit_time")) exit_time = *t;
  apply_max_hold(table, max_hold_seconds);
  apply_partial(table, *this);
  apply_adjustment(table, *this);
}

void ManagedStructureParams::validate(const TomlTable& table, const engine::ExecutionConfig& execution) const {
  if (entries.empty() == !window_from.has_value()) {
    table.fail_key(entries.empty() ? "window" : "entries", "give either entries (listed times) or a window");
  }
  const std::int32_t last = entries.empty() ? *window_to : entries.back();
  if (last >= execution.square_off_seconds) {
    table.fail_key(entries.empty() ? "window" : "entries",
                   fmt::format("entry {} is at or after the square-off {}", format_clock(last),
                               format_clock(execution.square_off_seconds)));
  }
  if (shorts_at_atm(shape) && strikes.kind != StrikeRule::Kind::kAtm) {
    table.fail_key("strikes",
                   fmt::format("a {} sells the ATM strike; use a strangle or an iron condor", shape_text(shape)));
  }
  if (!shorts_at_atm(shape) && strikes.kind == StrikeRule::Kind::kAtm) {
    table.fail_key("strikes", fmt::format("is required for a {} (e.g. {{ percent = 1 }})", shape_text(shape)));
  }
  if (has_wings() != (wing_points > 0)) {
    table.fail_key("wing_points",
                   has_wings() ? "is required for an iron fly or condor" : "is only for an iron fly or condor");
  }
  if (adjustment && has_wings()) table.fail_key("adjust", "is for a straddle or strangle (no wings)");
  if (partial && static_cast<std::int32_t>(traded_lots() * partial->fraction) < 1) {
    table.fail_key("partial",
                   fmt::format("books {} x {:g} = less than one lot: raise lots", traded_lots(), partial->fraction));
  }
  if (trail && trail->after_adjustment && !adjustment)
    table.fail_key("trail", "from = \"adjustment\" needs an adjust rule");
  if (exit_time && *exit_time > execution.square_off_seconds) {
    table.fail_key("exit_time", fmt::format("is after the square-off {}", format_clock(execution.square_off_seconds)));
  }
}

std::string ManagedStructureParams::summary(const engine::ExecutionConfig& execution) const {
  std::vector<std::string> parts;
  std::string what = fmt::format("{}", shape_text(shape));
  if (shape == Shape::kStraddle || shape == Shape::kIronFly) {
    what = fmt::format("ATM {} ({})", shape_text(shape), engine::to_string(strikes.atm));
  } else if (strikes.kind == StrikeRule::Kind::kPercent) {
    what += fmt::format(" {:g}% OTM", strikes.value);
  } else if (strikes.kind == StrikeRule::Kind::kPoints) {
    what += fmt::format(" {:g} points OTM", strikes.value);
  } else if (strikes.kind == StrikeRule::Kind::kSteps) {
    what += fmt::format(" {:g} steps OTM", strikes.value);
  } else if (strikes.kind == StrikeRule::Kind::kPremium) {
    what += fmt::format(" at premium {:g}", strikes.value);
  } else if (strikes.kind == StrikeRule::Kind::kMaxOi) {
    what += " at max OI";
  } else if (strikes.kind == StrikeRule::Kind::kDelta) {
    what += fmt::format(" at |delta| {:g}", strikes.value);
    if (strikes.within > 0) what += fmt::format(" +- {:g}", strikes.within);
  }
  if (has_wings()) what += fmt::format(", wings {:g}", wing_points);
  parts.push_back(what);
  parts.push_back(window_from ? fmt::format("window {}-{}", format_clock(*window_from), format_clock(*window_to))
                              : fmt::format("entries {}", format_clock_list(entries)));
  for (std::string& filter : filters.summary()) parts.push_back(std::move(filter));
  if (partial) parts.push_back(fmt::format("book {:g}% at {:g}%", partial->fraction * 100, partial->at * 100));
  if (target) parts.push_back(fmt::format("target {:g}%", *target * 100));
  if (stop) parts.push_back(fmt::format("stop {:g}x", *stop));
  if (premium_stop) parts.push_back(fmt::format("out at premium {:g}x first credit", *premium_stop));
  if (leg_stop) parts.push_back(fmt::format("leg stop {:g}x", *leg_stop));
  if (exit_on_strike_breach) parts.push_back("leg out on strike breach");
  if (adjustment && adjustment->action == Action::kDeltaImbalance) {
    const auto& a = *adjustment;
    parts.push_back(fmt::format(
        "close the winner on a {}x empirical delta imbalance over {} min, the loser on a {:g}-point reversion, "
        "re-hedge {} (max {})",
        a.dominance, a.window_seconds / 60, a.revert_points,
        a.rehedge_rise ? fmt::format("at +{:g}%", *a.rehedge_rise * 100)
                       : fmt::format("at {:g}% of peak P&L", a.rehedge_profit_kept * 100),
        a.max_rehedges));
  } else if (adjustment && adjustment->action == Action::kRebalanceDelta) {
    parts.push_back(fmt::format("rebalance net delta beyond {:g} every {} min (max {})", adjustment->max_net_delta,
                                adjustment->every_seconds / 60, adjustment->max_count));
  } else if (adjustment) {
    parts.push_back(fmt::format("{} at ratio {:.2f} (max {})", kActionNames.name(adjustment->action),
                                adjustment->ratio, adjustment->max_count));
  }
  if (trail) parts.push_back(fmt::format("trail {:g}%", trail->rise * 100));
  if (exit_time) parts.push_back(fmt::format("exit {}", format_clock(*exit_time)));
  if (max_hold_seconds) parts.push_back(fmt::format("max hold {} min", *max_hold_seconds / 60));
  parts.push_back(square_off_summary(execution));
  parts.push_back(lots_text(traded_lots()));
  parts.push_back(describe_expiry(expiry));
  if (max_open_structures != 1) parts.push_back(fmt::format("up to {} open", max_open_structures));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string ManagedStructureParams::rules(const engine::ExecutionConfig& execution) const {
  std::string out;
  const std::string shorts = fmt::format("the call and the put at {}", describe_strike_rule(strikes));
  const std::string wings =
      has_wings() ? fmt::format(
                        ", and buy the wings: the call at the listed strike nearest the short call + {0:g} "
                        "points and the put nearest the short put - {0:g} (bought first, so the structure is "
                        "never naked; its margin is its maximum loss)",
                        wing_points)
                  : std::string();
  const std::string when =
      window_from ? fmt::format(
                        "At the first second from {} to {} where the filters pass (at most one entry per "
                        "window; the orders log says why a window passed without one)",
                        format_clock(*window_from), format_clock(*window_to))
                  : fmt::format(
                        "At each of {} (an entry whose filters fail is skipped, with the reason in the orders "
                        "log)",
                        format_clock_list(entries));
  const std::string size =
      lots_fraction < 1 ? fmt::format(" ({:g} x {} configured, rounded down, at least 1)", lots_fraction, lots) : "";
  out += fmt::format(
      "- **Entry.** {}, sell {}{} of {} on the {}{}. A leg that does not fill stops the entry and "
      "closes the legs that filled at once (exit reason `no-quote`).\n",
      when, lots_text(traded_lots()), size, shorts, describe_expiry(expiry), wings);
  const std::string filter_list = filters.rules();
  if (!filter_list.empty()) out += "- **Filters.** An entry opens only when\n" + filter_list;
  out += fmt::format("- **One at a time.** At most {} structure{} of this strategy open at once.\n",
                     max_open_structures, plural(max_open_structures));
  out +=
      "- **Credit and marks.** Over the open legs, per unit and weighted by lots: credit = the sold legs' entry "
      "prices - the bought legs'; cost to close = the same over their marks (`" +
      std::string(engine::to_string(execution.mark_model)) +
      "`). A leg closed earlier (a leg exit, an adjustment, a partial booking) is booked in the trade log; the "
      "rules below measure what is still open. Without a mark for every open leg they wait a second.\n";
  if (stop) {
    out += fmt::format(
        "- **Stop.** Close everything when cost to close - credit >= {0:g} x credit (the premium reaches "
        "{1:g}x what was sold; exit reason `stop`). It wins over every other rule in the same second.\n",
        *stop, *stop + 1);
  }
  if (premium_stop) {
    out += fmt::format(
        "- **Premium stop.** Close everything when the open legs' cost to close reaches {:g}x the "
        "credit of the legs first sold (after rolls too; exit reason `stop`).\n",
        *premium_stop);
  }
  if (target) {
    out += fmt::format(
        "- **Target.** Close everything when credit - cost to close >= {:g}% of credit (exit reason "
        "`target`).\n",
        *target * 100);
  }
  if (partial) {
    out += fmt::format(
        "- **Partial exit.** Once credit - cost to close >= {:g}% of credit, book {:g}% of every leg's "
        "lots (rounded down; exit reason `target`); the rest stays under the other rules.\n",
        partial->at * 100, partial->fraction * 100);
  }
  if (leg_stop) {
    out += fmt::format(
        "- **Leg stop.** A short leg whose mark - entry >= {0:g} x its entry price (its premium reaches "
        "{1:g}x) closes alone (exit reason `stop`); the other leg stays.\n",
        *leg_stop, *leg_stop + 1);
  }
  if (exit_on_strike_breach) {
    out +=
        "- **Strike breach.** A short call closes alone when spot rises above its strike, a short put when spot "
        "falls below its strike (exit reason `signal`).\n";
  }
  if ((leg_stop || exit_on_strike_breach) && has_wings()) out += "  A leg exit takes the wing of its side with it.\n";
  if (adjustment && adjustment->action == Action::kDeltaImbalance) {
    const auto& a = *adjustment;
    out += fmt::format(
        "- **Empirical deltas.** Every second, each leg's empirical delta = (its mark now - its mark {0} "
        "minutes ago) / (spot now - spot then), counted only when spot has moved at least {1:g} points "
        "over those {0} minutes (and the structure has been open that long).\n",
        a.window_seconds / 60, a.min_spot_move);
    out += fmt::format(
        "- **Imbalance.** When one leg's |delta| is at least {:g}x the other's, the other leg (the "
        "winner: its premium fell) is bought back and its profit taken (exit reason `adjustment`).\n",
        a.dominance);
    out += fmt::format(
        "- **Mean reversion.** Then, when spot comes back within {:g} points of its value at the entry "
        "(after a re-hedge: at the re-hedge), the remaining legs are closed (exit reason `signal`).\n",
        a.revert_points);
    out += describe_rehedge(a);
  } else if (adjustment && adjustment->action == Action::kRebalanceDelta) {
    out += fmt::format(
        "- **Delta rebalancing.** Every {} minutes after the entry, the structure's net delta per lot "
        "(each leg's delta from its mid under the strategy's [greeks] settings, signed by its side; engine/greeks.h) "
        "is checked; "
        "beyond +-{:g}, the tested leg (the put when the net is long, the call when short) is closed "
        "(exit reason `adjustment`) and, once it is, a new one of its type is sold at {} from spot now. "
        "At most {} rebalance{} per structure; without every leg's delta the check waits for the next "
        "one.\n",
        adjustment->every_seconds / 60, adjustment->max_net_delta, describe_strike_rule(strikes), adjustment->max_count,
        plural(adjustment->max_count));
  } else if (adjustment) {
    out += fmt::format(
        "- **Adjustment.** When the dearer short leg's mark is at least {:.4g}x the cheaper one's "
        "(premium skew |CE - PE| / (CE + PE) >= {:.4g}), {} (exit reason `adjustment`). At most {} "
        "adjustment{} per structure.\n",
        adjustment->ratio, (adjustment->ratio - 1) / (adjustment->ratio + 1), action_text(adjustment->action),
        adjustment->max_count, plural(adjustment->max_count));
  }
  if (trail) {
    out += fmt::format(
        "- **Trailing stop.** {}, track the lowest cost to close; close everything when it rises {:g}% "
        "above that low (exit reason `trail`).\n",
        trail->after_adjustment ? "Once an adjustment has closed a leg" : "From the entry", trail->rise * 100);
  }
  if (exit_time)
    out += fmt::format("- **Exit time.** Close everything at {} (exit reason `time`).\n", format_clock(*exit_time));
  if (max_hold_seconds) {
    out += fmt::format("- **Max hold.** Close everything {} minutes after the entry (exit reason `time`).\n",
                       *max_hold_seconds / 60);
  }
  if (exit_time || max_hold_seconds) out += "  A price rule in the same second wins over a time exit.\n";
  out += square_off_rule(execution) + unfilled_exits_rule("leg");
  return out;
}

engine::DataNeeds ManagedStructureParams::needs() const {
  const bool rebalances = adjustment && adjustment->action == Action::kRebalanceDelta;
  const bool reads_greeks = rebalances || filters.iv_spike.has_value();
  engine::DataNeeds needs;
  needs.option_fields = strikes.needed_fields() | (reads_greeks ? market::kTopOfBook : 0u);  // Greeks from mids
  needs.expiries = expiry.expiries_needed();
  needs.max_dte = expiry.max_dte_needed();
  // Short legs by the rule (a straddle's and a fly's, and a roll's, at the
  // ATM strike), wings beyond them; a rebalance or an IV filter reads Greeks.
  if (!reads_greeks) {
    needs.strike_reach = strikes.reach();
    if (needs.strike_reach) needs.strike_reach->points += wing_points;
  }
  return needs;
}

std::unique_ptr<engine::Strategy> ManagedStructureParams::make(const engine::ExecutionConfig& execution) const {
  return std::make_unique<ManagedStructureStrategy>(*this, execution);
}

}  // namespace tapelab::strategies
