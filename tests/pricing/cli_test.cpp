// `tapelab price` as a user types it: text, --json, implied volatility, and
// flags that do not make an option.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/command.h"

namespace {

using tapelab::testing::CommandResult;

CommandResult price(std::vector<std::string> args) {
  args.insert(args.begin(), {TAPELAB_BINARY, "price"});
  return tapelab::testing::run_command(args);
}

// Haug's Black-Scholes example: S = 60, K = 65, T = 0.25, r = 8%, vol = 30% -> 2.1334.
const std::vector<std::string> kHaugCall = {"--model", "bs",   "--type", "CE",   "--spot", "60",
                                            "--strike", "65",  "--expiry-years", "0.25", "--rate", "0.08"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(PriceCli, PrintsPriceAndGreeks) {
  const CommandResult r = price(with(kHaugCall, {"--vol", "0.3"}));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "model       bs\n"
            "type        CE\n"
            "spot        60\n"
            "strike      65\n"
            "years       0.25\n"
            "rate        0.08\n"
            "dividend    0\n"
            "vol         0.3\n"
            "price       2.1333684\n"
            "delta       0.3724828\n"
            "gamma       0.042042756\n"
            "theta/year  -8.4281744\n"
            "theta/day   -0.023090889\n"
            "vega/1.00   11.351544\n"
            "vega/point  0.11351544\n"
            "rho         5.0538999\n");
}

TEST(PriceCli, JsonGivesEveryUnitDecisionsAskFor) {
  const CommandResult r = price({"--model", "black76", "--type", "PE", "--forward", "19", "--strike", "19",
                                 "--expiry-years", "0.75", "--rate", "0.10", "--vol", "0.28", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["model"], "black76");
  EXPECT_EQ(json["type"], "PE");
  EXPECT_EQ(json["forward"], 19);
  EXPECT_FALSE(json.contains("dividend"));
  EXPECT_EQ(json["vol_source"], "input");
  EXPECT_NEAR(json["price"].get<double>(), 1.7011, 1e-4);  // Haug's Black-76 example
  EXPECT_DOUBLE_EQ(json["theta_per_day"].get<double>(), json["theta_per_year"].get<double>() / 365);
  EXPECT_DOUBLE_EQ(json["vega_per_point"].get<double>(), json["vega_per_unit"].get<double>() / 100);
  EXPECT_DOUBLE_EQ(json["rho"].get<double>(), -0.75 * json["price"].get<double>());
}

TEST(PriceCli, PriceSolvesTheImpliedVolatility) {
  const CommandResult r = price(with(kHaugCall, {"--price", "2.1333684", "--json"}));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["vol_source"], "implied");
  EXPECT_EQ(json["iv_status"], "solved");
  EXPECT_NEAR(json["vol"].get<double>(), 0.3, 1e-7);
  EXPECT_NEAR(json["price"].get<double>(), 2.1333684, 1e-6);

  const CommandResult text = price(with(kHaugCall, {"--price", "2.1333684"}));
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("\nimplied vol 0.3"), std::string::npos) << text.out;
}

TEST(PriceCli, NoImpliedVolatilityIsAnErrorWithTheReason) {
  const std::vector<std::string> itm_call = {"--model", "black76", "--type", "CE", "--forward", "110", "--strike",
                                             "100", "--expiry-years", "0.5", "--rate", "0"};
  const CommandResult r = price(with(itm_call, {"--price", "9.5"}));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "tapelab: error: no implied volatility for price 9.5: the price is at or below the discounted "
            "intrinsic value (intrinsic value 10)\n");

  const CommandResult json = price(with(itm_call, {"--price", "9.5", "--json"}));
  EXPECT_EQ(json.status, 1);
  const auto out = nlohmann::json::parse(json.out);
  EXPECT_EQ(out["iv_status"], "at_or_below_intrinsic");
  EXPECT_TRUE(out["vol"].is_null());
  EXPECT_NE(json.err.find("at or below the discounted intrinsic value"), std::string::npos);
}

TEST(PriceCli, WrongFlagsAreClearErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {with(kHaugCall, {"--vol", "0.3", "--price", "2"}),
       "give --vol (to price the option) or --price (to solve its volatility), not both"},
      {kHaugCall, "give --vol to price the option or --price to solve its implied volatility"},
      {{"--model", "bs", "--type", "CE", "--spot", "60", "--strike", "-65", "--expiry-years", "0.25", "--rate",
        "0.08", "--vol", "0.3"},
       "strike must be a positive number, got -65"},
      {with(kHaugCall, {"--vol", "-0.3"}), "volatility must be a number >= 0, got -0.3"},
      {with(kHaugCall, {"--vol", "0.3", "--forward", "61"}), "give --spot or --forward, not both"},
      {{"--model", "black76", "--type", "CE", "--spot", "60", "--strike", "65", "--expiry-years", "0.25", "--rate",
        "0.08", "--vol", "0.3"},
       "--model black76 prices on the forward: give --forward (or --model bs with --spot)"},
      {{"--model", "black76", "--type", "CE", "--forward", "60", "--strike", "65", "--expiry-years", "0.25",
        "--rate", "0.08", "--div", "0.01", "--vol", "0.3"},
       "--div applies to --model bs only (Black-76 has no dividend)"},
      {{"--model", "heston", "--type", "CE", "--spot", "60", "--strike", "65", "--expiry-years", "0.25", "--rate",
        "0.08", "--vol", "0.3"},
       "--model must be black76 or bs, got 'heston'"},
      {{"--model", "bs", "--type", "XX", "--spot", "60", "--strike", "65", "--expiry-years", "0.25", "--rate",
        "0.08", "--vol", "0.3"},
       "--type must be CE or PE, got 'XX'"},
      {{"--model", "bs", "--type", "CE", "--spot", "60", "--strike", "65", "--expiry-years", "0", "--rate", "0.08",
        "--vol", "0.3"},
       "Greeks need a time to expiry > 0 and a volatility > 0"},
  };
  for (const Case& c : cases) {
    const CommandResult r = price(c.args);
    EXPECT_EQ(r.status, 1) << c.message;
    EXPECT_EQ(r.out, "") << c.message;
    EXPECT_EQ(r.err, "tapelab: error: " + c.message + "\n");
  }
  // A missing required flag is CLI11's own error, also non-zero.
  const CommandResult missing = price({"--model", "bs", "--type", "CE", "--spot", "60", "--vol", "0.3"});
  EXPECT_NE(missing.status, 0);
  EXPECT_NE(missing.err.find("--strike is required"), std::string::npos) << missing.err;
}

}  // namespace
