// `tapelab price`: one option's price and Greeks, or its implied volatility
// from a premium, by hand (Black-76 on a forward, Black-Scholes on a spot).
#include <cctype>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "pricing/black.h"
#include "pricing/implied_vol.h"
#include "util/error.h"

namespace tapelab::cli {
namespace {

using pricing::Model;
using pricing::OptionType;

struct PriceFlags {
  std::string model;
  std::string type;
  std::optional<double> spot;
  std::optional<double> forward;
  double strike = 0;
  double years = 0;
  double rate = 0;
  std::optional<double> dividend;
  std::optional<double> vol;
  std::optional<double> premium;
  bool json = false;
};

Model parse_model(const std::string& text) {
  if (const auto model = pricing::kModelNames.parse(text)) return *model;
  fail("--model must be {}, got '{}'", fmt::join(pricing::kModelNames.names(), " or "), text);
}

OptionType parse_type(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (const auto type = domain::kOptionTypeNames.parse(text)) return *type;
  fail("--type must be CE or PE, got '{}'", text);
}

// The flags that must go together, checked before any number is used.
pricing::OptionInputs option_from(const PriceFlags& flags) {
  const Model model = parse_model(flags.model);
  if (flags.spot && flags.forward) fail("give --spot or --forward, not both");
  if (model == Model::kBlack76 && !flags.forward) {
    fail("--model black76 prices on the forward: give --forward (or --model bs with --spot)");
  }
  if (model == Model::kBlackScholes && !flags.spot) {
    fail("--model bs prices on the spot: give --spot (or --model black76 with --forward)");
  }
  if (model == Model::kBlack76 && flags.dividend) fail("--div applies to --model bs only (Black-76 has no dividend)");
  if (flags.vol && flags.premium) fail("give --vol (to price the option) or --price (to solve its volatility), not both");
  if (!flags.vol && !flags.premium) fail("give --vol to price the option or --price to solve its implied volatility");
  return {model,       parse_type(flags.type), model == Model::kBlack76 ? *flags.forward : *flags.spot,
          flags.strike, flags.years,           flags.rate,
          flags.dividend.value_or(0)};
}

std::string bound_note(const pricing::OptionInputs& option, pricing::IvStatus status) {
  if (status == pricing::IvStatus::kAtOrBelowIntrinsic) {
    return fmt::format(" (intrinsic value {:.8g})", pricing::lower_bound(option));
  }
  if (status == pricing::IvStatus::kAtOrAboveUpperBound) {
    return fmt::format(" (upper bound {:.8g})", pricing::upper_bound(option));
  }
  return "";
}

nlohmann::ordered_json inputs_json(const pricing::OptionInputs& o) {
  nlohmann::ordered_json json = {{"model", pricing::to_string(o.model)}, {"type", domain::to_string(o.type)}};
  json[o.model == Model::kBlack76 ? "forward" : "spot"] = o.underlying;
  json["strike"] = o.strike;
  json["years"] = o.years;
  json["rate"] = o.rate;
  if (o.model == Model::kBlackScholes) json["dividend"] = o.dividend;
  return json;
}

void run(const PriceFlags& flags) {
  const pricing::OptionInputs option = option_from(flags);
  nlohmann::ordered_json json = inputs_json(option);
  double vol = 0;
  if (flags.vol) {
    vol = *flags.vol;
  } else {
    const pricing::ImpliedVol iv = pricing::implied_vol(option, *flags.premium);
    json["iv_status"] = pricing::to_string(iv.status);
    if (!iv.solved()) {
      if (flags.json) {
        json["price"] = *flags.premium;
        json["vol"] = nullptr;
        json["iv_reason"] = pricing::describe(iv.status);
        fmt::print("{}\n", json.dump(2));
      }
      fail("no implied volatility for price {}: {}{}", *flags.premium, pricing::describe(iv.status),
           bound_note(option, iv.status));
    }
    vol = iv.vol;
  }
  const pricing::Greeks g = pricing::greeks(option, vol);
  // docs/engine-rules.md#units: theta per year and per calendar day, vega per 1.00 and per vol point.
  const double theta_per_day = g.theta / 365;
  const double vega_per_point = g.vega / 100;

  if (flags.json) {
    json["vol"] = vol;
    json["vol_source"] = flags.vol ? "input" : "implied";
    json["price"] = g.price;
    json["delta"] = g.delta;
    json["gamma"] = g.gamma;
    json["theta_per_year"] = g.theta;
    json["theta_per_day"] = theta_per_day;
    json["vega_per_unit"] = g.vega;
    json["vega_per_point"] = vega_per_point;
    json["rho"] = g.rho;
    fmt::print("{}\n", json.dump(2));
    return;
  }
  const auto line = [](std::string_view label, double value) { fmt::print("{:<12}{:.8g}\n", label, value); };
  fmt::print("{:<12}{}\n", "model", pricing::to_string(option.model));
  fmt::print("{:<12}{}\n", "type", domain::to_string(option.type));
  line(option.model == Model::kBlack76 ? "forward" : "spot", option.underlying);
  line("strike", option.strike);
  line("years", option.years);
  line("rate", option.rate);
  if (option.model == Model::kBlackScholes) line("dividend", option.dividend);
  line(flags.vol ? "vol" : "implied vol", vol);
  line("price", g.price);
  line("delta", g.delta);
  line("gamma", g.gamma);
  line("theta/year", g.theta);
  line("theta/day", theta_per_day);
  line("vega/1.00", g.vega);
  line("vega/point", vega_per_point);
  line("rho", g.rho);
}

}  // namespace

void add_price_command(CLI::App& app) {
  auto flags = std::make_shared<PriceFlags>();
  CLI::App* cmd = app.add_subcommand("price", "Price an option and its Greeks, or solve its implied volatility");
  cmd->add_option("--model", flags->model, "black76 (on the forward) or bs (Black-Scholes on the spot)")->required();
  cmd->add_option("--type", flags->type, "CE or PE")->required();
  cmd->add_option("--spot", flags->spot, "Spot price (--model bs)");
  cmd->add_option("--forward", flags->forward, "Forward price (--model black76)");
  cmd->add_option("--strike", flags->strike, "Strike price")->required();
  cmd->add_option("--expiry-years", flags->years, "Time to expiry in years")->required();
  cmd->add_option("--rate", flags->rate, "Risk-free rate, continuously compounded (0.065 = 6.5%)")->required();
  cmd->add_option("--div", flags->dividend, "Dividend yield, continuous (--model bs only)");
  cmd->add_option("--vol", flags->vol, "Volatility per 1.00 (0.2 = 20%): print price and Greeks");
  cmd->add_option("--price", flags->premium, "Option price: solve the implied volatility, print Greeks there");
  cmd->add_flag("--json", flags->json, "Machine-readable output");
  cmd->callback([flags] { run(*flags); });
}

}  // namespace tapelab::cli
