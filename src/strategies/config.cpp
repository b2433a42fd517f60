#include "strategies/config.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include "domain/csv.h"
#include "domain/underlying.h"
#include "strategies/clock.h"
#include "strategies/config_document.h"
#include "strategies/presets.h"
#include "strategies/toml_table.h"
#include "util/error.h"

namespace tapelab::strategies {
namespace {

std::string underlying_name(TomlTable& table, std::string_view key, std::string_view value) {
  const domain::Underlying* underlying = domain::find_underlying(value);
  if (!underlying) table.fail_key(key, fmt::format("unknown underlying \"{}\"", value));
  return underlying->name;
}

// The margin rule in words, for a preset's page.
std::string describe_margin(const engine::CapitalConfig& capital) {
  std::vector<std::string> figures;
  if (capital.margin_basis == engine::CapitalConfig::MarginBasis::kPerLot) {
    for (const auto& [underlying, margin] : capital.margin_per_lot) {
      figures.push_back(fmt::format("{} Rs {:.0f}", underlying, margin));
    }
    return fmt::format("margin per naked short lot: {}", fmt::join(figures, ", "));
  }
  for (const auto& [underlying, pct] : capital.margin_pct) figures.push_back(fmt::format("{} {:g}%", underlying, pct));
  return fmt::format("margin of a naked short leg: {}, others {:g}% of its notional (spot at entry x quantity); a "
                     "short straddle or strangle one side's margin plus the other side's premium",
                     fmt::join(figures, ", "), capital.default_margin_pct);
}

// `entry_regimes`: a non-empty list of distinct regime names, kept in the
// truth's order of precedence so that the same set always reads the same.
void apply_entry_regimes(TomlTable& table, std::vector<std::string>& regimes) {
  const toml::array* list = table.array("entry_regimes");
  if (!list) return;
  const std::string known = fmt::format("{}", fmt::join(engine::kRegimeNames, ", "));
  if (list->empty()) table.fail_key("entry_regimes", fmt::format("lists no regime (known: {})", known));
  std::set<std::uint8_t> chosen;
  for (const toml::node& element : *list) {
    const auto index = element.is_string() ? engine::regime_index(element.as_string()->get()) : std::nullopt;
    if (!index) table.fail_node(element, "entry_regimes", fmt::format("expected regime names ({})", known));
    if (!chosen.insert(*index).second) table.fail_node(element, "entry_regimes", "a regime is listed twice");
  }
  regimes.clear();
  for (const std::uint8_t index : chosen) regimes.emplace_back(engine::kRegimeNames[index]);
}

void apply_execution(TomlTable table, engine::ExecutionConfig& execution) {
  if (const auto model = table.choice("fill_model", engine::kFillModelNames)) execution.fill_model = *model;
  if (const auto model = table.choice("mark_model", engine::kMarkModelNames)) execution.mark_model = *model;
  if (const auto age = table.integer("max_quote_age")) {
    if (*age < 0) table.fail_key("max_quote_age", "must be >= 0 seconds");
    execution.max_quote_age_seconds = *age;
  }
  if (const auto latency = table.integer("latency")) {
    if (*latency < 0) table.fail_key("latency", "must be >= 0 seconds");
    execution.latency_seconds = *latency;
  }
  if (const auto square_off = table.time_of_day("square_off")) execution.square_off_seconds = *square_off;
  if (const auto penalty = table.number("depth_penalty_pct")) {
    if (*penalty < 0 || *penalty >= 100) table.fail_key("depth_penalty_pct", "must be in [0, 100) percent");
    execution.depth_penalty_pct = *penalty;
  }
  if (const auto crossed = table.boolean("use_crossed_books")) execution.use_crossed_books = *crossed;
  if (const auto model = table.choice("costs", engine::CostConfig::kModelNames)) execution.costs.model = *model;
  if (const auto flat = table.number("flat_per_order")) {
    if (*flat < 0) table.fail_key("flat_per_order", "must be >= 0 rupees");
    execution.costs.flat_per_order = *flat;
  }
  if (const auto brokerage = table.number("brokerage_per_order")) {
    if (*brokerage < 0) table.fail_key("brokerage_per_order", "must be >= 0 rupees");
    execution.costs.brokerage_per_order = *brokerage;
  }
  table.reject_unknown();
}

// A table of positive figures by underlying (`margin_pct`, `margin_per_lot`).
void apply_margins(TomlTable& table, std::string_view key, std::string_view rule, std::map<std::string, double>& out) {
  auto margins = table.table(key);
  if (!margins) return;
  for (const std::string& name_key : margins->keys()) {
    const std::string name = underlying_name(*margins, name_key, name_key);
    const auto margin = margins->number(name_key);
    if (*margin <= 0) margins->fail_key(name_key, std::string(rule));
    out[name] = *margin;
  }
}

void apply_capital(TomlTable table, engine::CapitalConfig& capital) {
  if (const auto amount = table.number("capital")) {
    if (*amount <= 0) table.fail_key("capital", "must be > 0 rupees");
    capital.capital = *amount;
  }
  if (const auto basis = table.choice("margin", engine::CapitalConfig::kMarginBasisNames)) capital.margin_basis = *basis;
  apply_margins(table, "margin_pct", "must be > 0 percent of notional", capital.margin_pct);
  if (const auto pct = table.number("default_margin_pct")) {
    if (*pct <= 0) table.fail_key("default_margin_pct", "must be > 0 percent of notional");
    capital.default_margin_pct = *pct;
  }
  apply_margins(table, "margin_per_lot", "must be > 0 rupees per lot", capital.margin_per_lot);
  if (const auto days = table.number("annualization_days")) {
    if (*days <= 0) table.fail_key("annualization_days", "must be > 0");
    capital.annualization_days = *days;
  }
  if (const auto rate = table.number("risk_free_rate")) capital.risk_free_rate = *rate;
  table.reject_unknown();
}

void apply_greeks(TomlTable table, engine::GreeksConfig& greeks) {
  if (const auto model = table.choice("model", pricing::kModelNames)) greeks.model = *model;
  if (const auto forward = table.choice("forward", engine::kForwardSourceNames)) greeks.forward = *forward;
  if (const auto basis = table.choice("time_basis", pricing::kTimeBasisNames)) greeks.time_basis = *basis;
  if (const auto rate = table.number("rate")) {
    if (!std::isfinite(*rate)) table.fail_key("rate", "must be a finite number");
    greeks.rate = *rate;
  }
  if (const auto dividend = table.number("dividend")) {
    if (!std::isfinite(*dividend)) table.fail_key("dividend", "must be a finite number");
    greeks.dividend = *dividend;
  }
  const bool black76 = greeks.model == pricing::Model::kBlack76;
  if (!black76 && table.has("forward")) table.fail_key("forward", "applies to model = \"black76\" only");
  if (black76 && greeks.dividend != 0) {
    table.fail_key(table.has("dividend") ? "dividend" : "model",
                   "a dividend yield applies to model = \"bs\" only (Black-76 prices on the forward)");
  }
  table.reject_unknown();
}

// A preset fixes the type; a config without one names it (or takes the default).
void apply_type(TomlTable& table, StrategyConfig& config, bool from_preset) {
  const auto name = table.string("type");
  if (!name) return;
  const StrategyType* type = find_strategy_type(*name);
  if (!type) {
    std::vector<std::string_view> known;
    for (const StrategyType& t : strategy_types()) known.push_back(t.name);
    table.fail_key("type", fmt::format("unknown strategy type \"{}\" (known: {})", *name, fmt::join(known, ", ")));
  }
  if (type->name == config.params->type()) return;
  if (from_preset) {
    table.fail_key("type", fmt::format("the preset is a {} strategy; its type cannot change", config.params->type()));
  }
  config.params = AnyParams(type->defaults());
}

void apply_strategy(TomlTable& table, StrategyConfig& config, bool from_preset) {
  if (const auto name = table.string("name")) {
    if (name->empty()) table.fail_key("name", "must not be empty");
    config.name = *name;
  }
  if (const auto description = table.string("description")) config.description = *description;
  apply_type(table, config, from_preset);
  config.params->apply(table);
  if (const toml::array* list = table.array("underlyings")) {
    config.underlyings.clear();
    for (const toml::node& element : *list) {
      if (!element.is_string()) table.fail_node(element, "underlyings", "expected underlying names");
      config.underlyings.push_back(underlying_name(table, "underlyings", element.as_string()->get()));
    }
  }
  apply_entry_regimes(table, config.entry_regimes);
  if (auto execution = table.table("execution")) apply_execution(*execution, config.execution);
  if (auto capital = table.table("capital")) apply_capital(*capital, config.capital);
  if (auto greeks = table.table("greeks")) apply_greeks(*greeks, config.greeks);
  table.reject_unknown();
}

void validate(const TomlTable& table, const StrategyConfig& config) {
  if (config.name.empty()) table.fail_key("name", "is required (or a preset to take it from)");
  config.params->validate(table, config.execution);
}

toml::table parse_document(std::string_view text, std::string_view source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    fail("{}:{}: {}", source, e.source().begin.line, e.description());
  }
}

}  // namespace

std::vector<StrategyConfig> parse_config(std::string_view text, std::string_view source) {
  const toml::table document = parse_document(text, source);
  const toml::array& strategies = strategy_tables(document, source);
  std::vector<StrategyConfig> configs;
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    const toml::table& table = *strategies.get(i)->as_table();
    configs.push_back(parse_strategy(document, table, source, fmt::format("strategy[{}]", i + 1)));
  }
  return configs;
}

const toml::array& strategy_tables(const toml::table& document, std::string_view source) {
  TomlTable top(document, std::string(source), "");
  // File-wide defaults: checked here once (a file may hold no strategy that
  // reads them), then applied to each strategy after its preset.
  const auto file_execution = top.table("execution");
  const auto file_capital = top.table("capital");
  const auto file_greeks = top.table("greeks");
  if (file_execution) {
    engine::ExecutionConfig scratch;
    apply_execution(*file_execution, scratch);
  }
  if (file_capital) {
    engine::CapitalConfig scratch;
    apply_capital(*file_capital, scratch);
  }
  if (file_greeks) {
    engine::GreeksConfig scratch;
    apply_greeks(*file_greeks, scratch);
  }
  const toml::array* strategies = top.array("strategy");
  top.reject_unknown();
  if (!strategies || strategies->empty()) fail("{}: no strategy: define one or more [[strategy]] tables", source);
  for (const toml::node& node : *strategies) {
    if (!node.is_table()) top.fail_node(node, "strategy", "expected [[strategy]] tables");
  }
  return *strategies;
}

StrategyConfig parse_strategy(const toml::table& document, const toml::table& strategy, std::string_view source,
                              std::string_view path) {
  TomlTable top(document, std::string(source), "");
  const auto file_execution = top.table("execution");
  const auto file_capital = top.table("capital");
  const auto file_greeks = top.table("greeks");
  TomlTable table(strategy, std::string(source), std::string(path));
  StrategyConfig config;
  const auto preset_name = table.string("preset");
  if (preset_name) {
    try {
      config = preset(*preset_name);
    } catch (const Error& e) {
      table.fail_key("preset", e.what());
    }
  }
  if (file_execution) apply_execution(*file_execution, config.execution);
  if (file_capital) apply_capital(*file_capital, config.capital);
  if (file_greeks) apply_greeks(*file_greeks, config.greeks);
  apply_strategy(table, config, preset_name.has_value());
  validate(table, config);
  return config;
}

StrategySettings parse_settings(std::string_view text, std::string_view source) {
  const toml::table document = parse_document(text, source);
  TomlTable top(document, std::string(source), "");
  StrategySettings settings;
  if (auto execution = top.table("execution")) apply_execution(*execution, settings.execution);
  if (auto capital = top.table("capital")) apply_capital(*capital, settings.capital);
  if (auto greeks = top.table("greeks")) apply_greeks(*greeks, settings.greeks);
  top.reject_unknown();
  return settings;
}

std::vector<StrategyConfig> load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail("{}: cannot open the strategy config", file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), file.string());
}

void check_unique_names(std::span<const StrategyConfig> configs) {
  std::set<std::string, std::less<>> seen;
  for (const StrategyConfig& config : configs) {
    if (!seen.insert(config.name).second) {
      fail("strategy name \"{}\" is used twice in this run; give one a different `name`", config.name);
    }
  }
}

std::string describe(const StrategyConfig& config) {
  std::string line = config.params->summary(config.execution);
  if (!config.entry_regimes.empty()) {
    line += fmt::format(", entries in regimes {}", fmt::join(config.entry_regimes, "/"));
  }
  return line;
}

std::string describe_page(const StrategyConfig& config, std::string_view toml) {
  const engine::ExecutionConfig& e = config.execution;
  std::string page = fmt::format("# {}\n\n", config.name);
  if (!config.description.empty()) page += config.description + "\n\n";
  const StrategyType* type = find_strategy_type(config.params->type());
  page += fmt::format("Type `{}` ({}). In one line: {}.\n\n", config.params->type(), type->summary, describe(config));
  page += "## Rules\n\n" + config.params->rules(e) + "\n";
  page += "## Execution\n\n";
  page += fmt::format("- Fills: `{}` (a sell at the bid, a buy at the ask walking the 5 levels, unless the model says "
                      "otherwise); targets and stops on the `{}` mark.\n",
                      engine::to_string(e.fill_model), engine::to_string(e.mark_model));
  page += fmt::format("- A quote older than {} s does not fill; latency {} s; square-off {}; at square-off, units "
                      "beyond the visible depth fill {:g}% worse than the worst level.\n",
                      e.max_quote_age_seconds, e.latency_seconds, format_clock(e.square_off_seconds),
                      e.depth_penalty_pct);
  if (e.use_crossed_books) page += "- Crossed or locked books fill and mark (not the default).\n";
  page += e.costs.model == engine::CostConfig::Model::kFlat
              ? fmt::format("- Costs: Rs {:g} per filled order.\n", e.costs.flat_per_order)
              : fmt::format("- Costs: the statutory model at the rates of the trade date, brokerage Rs {:g} per "
                            "order.\n",
                            e.costs.brokerage_per_order);
  page += fmt::format("- Capital Rs {:.0f}; {}.\n", config.capital.capital, describe_margin(config.capital));
  const engine::GreeksConfig& g = config.greeks;
  if (g != engine::GreeksConfig{}) {  // the defaults go without saying on every page
    page += g.model == pricing::Model::kBlack76
                ? fmt::format("- Greeks: Black-76 on the {} forward", engine::to_string(g.forward))
                : fmt::format("- Greeks: Black-Scholes on spot, dividend yield {:g}", g.dividend);
    page += fmt::format(", {} time, rate {:g}.\n", pricing::to_string(g.time_basis), g.rate);
  }
  if (!config.underlyings.empty()) page += fmt::format("- Underlyings: {}.\n", fmt::join(config.underlyings, ", "));
  if (!config.entry_regimes.empty()) {
    page += fmt::format("- Opens positions only while the market truth's regime at the clock is {} (exits any "
                        "time; the backtest needs `--truth`).\n",
                        fmt::join(config.entry_regimes, ", "));
  }
  page += fmt::format("\n## Config\n\n```toml\n{}```\n", toml);
  return page;
}

engine::StrategySpec make_spec(const StrategyConfig& config) {
  engine::StrategySpec spec;
  spec.info.name = config.name;
  spec.info.description = config.description.empty() ? describe(config) : config.description;
  spec.info.execution = config.execution;
  spec.info.capital = config.capital;
  spec.info.greeks = config.greeks;
  spec.underlyings = config.underlyings;
  spec.regime_filter.entry_regimes = config.entry_regimes;
  spec.needs = config.params->needs();
  spec.make = [params = config.params, execution = config.execution] { return params->make(execution); };
  return spec;
}

}  // namespace tapelab::strategies
