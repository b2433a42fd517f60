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
#include "strategies/presets.h"
#include "strategies/toml_table.h"
#include "util/error.h"

namespace tapelab::strategies {
namespace {

constexpr std::array<std::string_view, 3> kFillModels = {"bid_ask", "ltp", "mid"};
constexpr std::array<std::string_view, 3> kMarkModels = {"mid", "ltp", "touch"};
constexpr std::array<std::string_view, 2> kCostModels = {"flat", "statutory"};
constexpr std::array<std::string_view, 2> kStructures = {"straddle", "strangle"};
constexpr std::array<std::string_view, 2> kAtmConventions = {"nearest", "ce_up_pe_down"};
constexpr std::array<std::string_view, 2> kExpiryKinds = {"nearest", "next"};
constexpr std::array<std::string_view, 1> kTypes = {"short_premium"};

std::string underlying_name(TomlTable& table, std::string_view key, std::string_view value) {
  const domain::Underlying* underlying = domain::find_underlying(value);
  if (!underlying) table.fail_key(key, fmt::format("unknown underlying \"{}\"", value));
  return underlying->name;
}

void apply_execution(TomlTable table, engine::ExecutionConfig& execution) {
  if (const auto i = table.choice("fill_model", kFillModels)) execution.fill_model = static_cast<engine::FillModel>(*i);
  if (const auto i = table.choice("mark_model", kMarkModels)) execution.mark_model = static_cast<engine::MarkModel>(*i);
  if (const auto age = table.integer("max_quote_age")) {
    if (*age < 0) table.fail_key("max_quote_age", "must be >= 0 seconds");
    execution.max_quote_age_seconds = *age;
  }
  if (const auto latency = table.integer("latency")) {
    if (*latency < 0) table.fail_key("latency", "must be >= 0 seconds");
    execution.latency_seconds = *latency;
  }
  if (const auto square_off = table.time_of_day("square_off")) execution.square_off_seconds = *square_off;
  if (const auto i = table.choice("costs", kCostModels)) {
    execution.costs.model = static_cast<engine::CostConfig::Model>(*i);
  }
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

void apply_capital(TomlTable table, engine::CapitalConfig& capital) {
  if (const auto amount = table.number("capital")) {
    if (*amount <= 0) table.fail_key("capital", "must be > 0 rupees");
    capital.capital = *amount;
  }
  if (auto margins = table.table("margin_per_lot")) {
    for (const std::string& key : margins->keys()) {
      const std::string name = underlying_name(*margins, key, key);
      const auto margin = margins->number(key);
      if (*margin <= 0) margins->fail_key(key, "must be > 0 rupees per lot");
      capital.margin_per_lot[name] = *margin;
    }
  }
  if (const auto days = table.number("annualization_days")) {
    if (*days <= 0) table.fail_key("annualization_days", "must be > 0");
    capital.annualization_days = *days;
  }
  if (const auto rate = table.number("risk_free_rate")) capital.risk_free_rate = *rate;
  table.reject_unknown();
}

std::vector<std::int32_t> entry_list(TomlTable& table) {
  const toml::node* node = table.node("entries");
  if (!node) return {};
  std::vector<std::int32_t> times;
  if (const toml::array* list = node->as_array()) {
    for (const toml::node& element : *list) {
      const auto t = TomlTable::parse_time(element);
      if (!t) table.fail_node(element, "entries", "expected times of day \"HH:MM\" or \"HH:MM:SS\"");
      times.push_back(*t);
    }
  } else if (const toml::table* every = node->as_table()) {
    TomlTable window(*every, table.source(), table.key_path("entries"));
    const auto minutes = window.integer("every_minutes");
    const auto from = window.time_of_day("from");
    const auto to = window.time_of_day("to");
    window.reject_unknown();
    if (!minutes || !from || !to) table.fail_key("entries", "a window needs every_minutes, from and to");
    if (*minutes <= 0) window.fail_key("every_minutes", "must be > 0");
    if (*to < *from) window.fail_key("to", "is before `from`");
    times = entry_times_every(*from, *to, static_cast<std::int32_t>(*minutes * 60));
  } else {
    table.fail_node(*node, "entries", "expected a list of times or {every_minutes, from, to}");
  }
  std::sort(times.begin(), times.end());
  if (std::adjacent_find(times.begin(), times.end()) != times.end()) {
    table.fail_key("entries", "a time is listed twice");
  }
  return times;
}

void apply_expiry(TomlTable& table, engine::ExpiryChoice& expiry) {
  const toml::node* node = table.node("expiry");
  if (!node) return;
  if (node->is_string()) {
    const std::string_view kind = node->as_string()->get();
    const auto it = std::find(kExpiryKinds.begin(), kExpiryKinds.end(), kind);
    if (it == kExpiryKinds.end()) {
      table.fail_node(*node, "expiry", fmt::format("unknown value \"{}\" (expected nearest, next or {{min_dte, max_dte}})", kind));
    }
    expiry = {};
    expiry.kind = it == kExpiryKinds.begin() ? engine::ExpiryChoice::Kind::kNearest : engine::ExpiryChoice::Kind::kNext;
    return;
  }
  const toml::table* range = node->as_table();
  if (!range) table.fail_node(*node, "expiry", "expected \"nearest\", \"next\" or {min_dte, max_dte}");
  TomlTable dte(*range, table.source(), table.key_path("expiry"));
  const auto min_dte = dte.integer("min_dte");
  const auto max_dte = dte.integer("max_dte");
  dte.reject_unknown();
  if (!min_dte || !max_dte) table.fail_key("expiry", "a DTE range needs min_dte and max_dte");
  if (*min_dte < 0 || *max_dte < *min_dte) table.fail_key("expiry", "needs 0 <= min_dte <= max_dte");
  expiry.kind = engine::ExpiryChoice::Kind::kDteRange;
  expiry.min_dte = static_cast<std::int32_t>(*min_dte);
  expiry.max_dte = static_cast<std::int32_t>(*max_dte);
}

void apply_strategy(TomlTable& table, StrategyConfig& config) {
  if (const auto name = table.string("name")) {
    if (name->empty()) table.fail_key("name", "must not be empty");
    config.name = *name;
  }
  if (const auto description = table.string("description")) config.description = *description;
  table.choice("type", kTypes);  // the only type so far; named so configs stay valid when more come
  ShortPremiumParams& p = config.params;
  if (const auto i = table.choice("structure", kStructures)) p.structure = static_cast<ShortPremiumParams::Structure>(*i);
  if (const auto i = table.choice("atm", kAtmConventions)) p.atm = static_cast<engine::AtmConvention>(*i);
  if (const auto pct = table.number("otm_pct")) {
    if (!(*pct > 0 && *pct < 50)) table.fail_key("otm_pct", "must be a percent of spot in (0, 50)");
    p.otm_pct = *pct;
  }
  if (table.has("entries")) p.entries = entry_list(table);
  if (const auto lots = table.integer("lots")) {
    if (*lots < 1 || *lots > 10'000) table.fail_key("lots", "must be between 1 and 10000");
    p.lots = static_cast<std::int32_t>(*lots);
  }
  apply_expiry(table, p.expiry);
  if (const auto target = table.number("target")) {
    if (!(*target > 0 && *target <= 1)) table.fail_key("target", "is the fraction of credit kept, in (0, 1]");
    p.target = *target;
  }
  if (const auto stop = table.number("stop")) {
    if (!(*stop > 0)) table.fail_key("stop", "is a multiple of credit lost, > 0");
    p.stop = *stop;
  }
  if (const auto minutes = table.integer("max_hold_minutes")) {
    if (*minutes <= 0 || *minutes > 24 * 60) table.fail_key("max_hold_minutes", "must be between 1 and 1440");
    p.max_hold_seconds = static_cast<std::int32_t>(*minutes * 60);
  }
  if (const auto open = table.integer("max_open_structures")) {
    if (*open < 1 || *open > 1000) table.fail_key("max_open_structures", "must be between 1 and 1000");
    p.max_open_structures = static_cast<std::int32_t>(*open);
  }
  if (const toml::array* list = table.array("underlyings")) {
    config.underlyings.clear();
    for (const toml::node& element : *list) {
      if (!element.is_string()) table.fail_node(element, "underlyings", "expected underlying names");
      config.underlyings.push_back(underlying_name(table, "underlyings", element.as_string()->get()));
    }
  }
  if (auto execution = table.table("execution")) apply_execution(*execution, config.execution);
  if (auto capital = table.table("capital")) apply_capital(*capital, config.capital);
  table.reject_unknown();
}

void validate(const TomlTable& table, const StrategyConfig& config) {
  if (config.name.empty()) table.fail_key("name", "is required (or a preset to take it from)");
  if (config.params.entries.empty()) table.fail_key("entries", "is required: no entry times");
  if (config.params.structure == ShortPremiumParams::Structure::kStrangle && config.params.otm_pct <= 0) {
    table.fail_key("otm_pct", "is required for a strangle");
  }
  if (config.params.entries.back() >= config.execution.square_off_seconds) {
    table.fail_key("entries", fmt::format("entry {} is at or after the square-off {}",
                                          format_clock(config.params.entries.back()),
                                          format_clock(config.execution.square_off_seconds)));
  }
}

}  // namespace

std::vector<StrategyConfig> parse_config(std::string_view text, std::string_view source) {
  toml::table document;
  try {
    document = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    fail("{}:{}: {}", source, e.source().begin.line, e.description());
  }
  TomlTable top(document, std::string(source), "");
  // File-wide defaults: checked here once (a file may hold no strategy that
  // reads them), then applied to each strategy after its preset.
  const auto file_execution = top.table("execution");
  const auto file_capital = top.table("capital");
  if (file_execution) {
    engine::ExecutionConfig scratch;
    apply_execution(*file_execution, scratch);
  }
  if (file_capital) {
    engine::CapitalConfig scratch;
    apply_capital(*file_capital, scratch);
  }
  const toml::array* strategies = top.array("strategy");
  top.reject_unknown();
  if (!strategies || strategies->empty()) fail("{}: no strategy: define one or more [[strategy]] tables", source);

  std::vector<StrategyConfig> configs;
  for (std::size_t i = 0; i < strategies->size(); ++i) {
    const toml::node& node = *strategies->get(i);
    if (!node.is_table()) top.fail_node(node, "strategy", "expected [[strategy]] tables");
    TomlTable table(*node.as_table(), std::string(source), fmt::format("strategy[{}]", i + 1));
    StrategyConfig config;
    if (const auto name = table.string("preset")) {
      try {
        config = preset(*name);
      } catch (const Error& e) {
        table.fail_key("preset", e.what());
      }
    }
    if (file_execution) apply_execution(*file_execution, config.execution);
    if (file_capital) apply_capital(*file_capital, config.capital);
    apply_strategy(table, config);
    validate(table, config);
    configs.push_back(std::move(config));
  }
  return configs;
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
  const ShortPremiumParams& p = config.params;
  std::vector<std::string> parts;
  if (p.structure == ShortPremiumParams::Structure::kStraddle) {
    parts.push_back(fmt::format("ATM straddle ({})", engine::to_string(p.atm)));
  } else {
    parts.push_back(fmt::format("strangle {:g}% OTM", p.otm_pct));
  }
  std::vector<std::string> times;
  for (const std::int32_t t : p.entries) times.push_back(format_clock(t));
  parts.push_back(fmt::format("entries {}", fmt::join(times, " ")));
  parts.push_back(p.target ? fmt::format("target {:g}% of credit", *p.target * 100) : "no target");
  parts.push_back(p.stop ? fmt::format("stop {:g}x credit", *p.stop) : "no stop");
  if (p.max_hold_seconds) parts.push_back(fmt::format("max hold {} min", *p.max_hold_seconds / 60));
  parts.push_back(fmt::format("square-off {}", format_clock(config.execution.square_off_seconds)));
  parts.push_back(fmt::format("{} lot{}", p.lots, p.lots == 1 ? "" : "s"));
  switch (p.expiry.kind) {
    case engine::ExpiryChoice::Kind::kNearest: parts.push_back("nearest expiry"); break;
    case engine::ExpiryChoice::Kind::kNext: parts.push_back("next expiry"); break;
    case engine::ExpiryChoice::Kind::kDteRange:
      parts.push_back(fmt::format("expiry with DTE {}-{}", p.expiry.min_dte, p.expiry.max_dte));
      break;
  }
  if (p.max_open_structures != 1) parts.push_back(fmt::format("up to {} open", p.max_open_structures));
  return fmt::format("{}", fmt::join(parts, ", "));
}

engine::StrategySpec make_spec(const StrategyConfig& config) {
  engine::StrategySpec spec;
  spec.info.name = config.name;
  spec.info.description = config.description.empty() ? describe(config) : config.description;
  spec.info.execution = config.execution;
  spec.info.capital = config.capital;
  spec.underlyings = config.underlyings;
  spec.make = [name = config.name, params = config.params, execution = config.execution] {
    return std::make_unique<ShortPremiumStrategy>(name, params, execution);
  };
  return spec;
}

}  // namespace tapelab::strategies
