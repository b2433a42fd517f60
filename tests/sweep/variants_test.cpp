// Sweep files into variants: grid and list counts, order, names and value
// columns, nested keys, layering on presets and file-wide defaults, and the
// errors a bad file gets (file, line, key) before anything runs.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "strategies/config_keys.h"
#include "strategies/short_premium.h"
#include "sweep/variants.h"
#include "util/error.h"

namespace tapelab::sweep {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using strategies::ShortPremiumParams;

std::vector<std::string> names(const SweepPlan& plan) {
  std::vector<std::string> out;
  for (const Variant& v : plan.variants) out.push_back(v.config.name);
  return out;
}

const ShortPremiumParams& params(const Variant& v) { return v.config.params.as<ShortPremiumParams>(); }

std::string error_of(const std::string& text) {
  try {
    parse_sweep(text, "sweep.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SweepVariants, GridIsEveryCombinationInFileOrderLastKeyFastest) {
  const SweepPlan plan = parse_sweep(R"([[strategy]]
preset = "A1"
[strategy.grid]
target = [0.3, 0.5]
stop = [1.5, 2.0, 3]
)",
                                     "sweep.toml");
  EXPECT_THAT(plan.columns, ElementsAre("target", "stop"));
  EXPECT_THAT(names(plan), ElementsAre("A1 target=0.3 stop=1.5", "A1 target=0.3 stop=2", "A1 target=0.3 stop=3",
                                       "A1 target=0.5 stop=1.5", "A1 target=0.5 stop=2", "A1 target=0.5 stop=3"));
  ASSERT_EQ(plan.variants.size(), 6u);
  EXPECT_THAT(plan.variants[4].values, ElementsAre("0.5", "2"));
  EXPECT_EQ(params(plan.variants[4]).target, 0.5);
  EXPECT_EQ(params(plan.variants[4]).stop, 2.0);
  EXPECT_EQ(params(plan.variants[2]).stop, 3.0);
  // The rest is the preset's.
  for (const Variant& v : plan.variants) {
    EXPECT_EQ(params(v).max_hold_seconds, 90 * 60);
    EXPECT_EQ(strategies::format_clock_list(params(v).entries), "09:20 13:00");
  }
}

TEST(SweepVariants, OrderOfKeysIsTheFilesNotTheAlphabets) {
  const SweepPlan plan = parse_sweep("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nstop = [1, 2]\nmax_hold_minutes "
                                     "= [30]\n",
                                     "sweep.toml");
  EXPECT_THAT(plan.columns, ElementsAre("stop", "max_hold_minutes"));
  EXPECT_THAT(names(plan), ElementsAre("A1 stop=1 max_hold_minutes=30", "A1 stop=2 max_hold_minutes=30"));
}

TEST(SweepVariants, NestedKeysLayerOverFileDefaultsAndTheBaseTable) {
  const SweepPlan plan = parse_sweep(R"([execution]
square_off = "15:00"
costs = "statutory"

[[strategy]]
preset = "A1"
name = "mine"
max_hold_minutes = 45
[strategy.execution]
fill_model = "mid"
[strategy.grid]
execution.mark_model = ["mid", "ltp"]
execution.latency = [0, 2]
)",
                                     "sweep.toml");
  EXPECT_THAT(plan.columns, ElementsAre("execution.mark_model", "execution.latency"));
  ASSERT_EQ(plan.variants.size(), 4u);
  EXPECT_EQ(plan.variants[3].config.name, "mine execution.mark_model=ltp execution.latency=2");
  const engine::ExecutionConfig& e = plan.variants[3].config.execution;
  EXPECT_EQ(e.mark_model, engine::MarkModel::kLtp);
  EXPECT_EQ(e.latency_seconds, 2);
  EXPECT_EQ(e.fill_model, engine::FillModel::kMid);                    // the base table's
  EXPECT_EQ(e.square_off_seconds, 15 * 3600);                          // the file's
  EXPECT_EQ(e.costs.model, engine::CostConfig::Model::kStatutory);
  EXPECT_EQ(params(plan.variants[3]).max_hold_seconds, 45 * 60);       // the base over the preset
  EXPECT_EQ(plan.variants[0].config.execution.mark_model, engine::MarkModel::kMid);
}

TEST(SweepVariants, ListEntriesCombineWithTheGridAndMayNameThemselves) {
  const SweepPlan plan = parse_sweep(R"([[strategy]]
preset = "A2"
[[strategy.list]]
entries = ["09:20"]
[[strategy.list]]
name = "A2-late"
entries = ["13:00", "14:00"]
max_hold_minutes = 60
[strategy.grid]
lots = [1, 2]
)",
                                     "sweep.toml");
  EXPECT_THAT(plan.columns, ElementsAre("entries", "max_hold_minutes", "lots"));
  EXPECT_THAT(names(plan), ElementsAre("A2 entries=[09:20] lots=1", "A2 entries=[09:20] lots=2", "A2-late lots=1",
                                       "A2-late lots=2"));
  EXPECT_THAT(plan.variants[0].values, ElementsAre("[09:20]", "", "1"));
  EXPECT_THAT(plan.variants[3].values, ElementsAre("[13:00,14:00]", "60", "2"));
  EXPECT_EQ(params(plan.variants[3]).lots, 2);
  EXPECT_EQ(params(plan.variants[3]).max_hold_seconds, 60 * 60);
  EXPECT_EQ(strategies::format_clock_list(params(plan.variants[2]).entries), "13:00 14:00");
  EXPECT_EQ(params(plan.variants[0]).max_hold_seconds, 30 * 60);  // A2's own
}

TEST(SweepVariants, WholeValuesListsAndTablesAreSweptAsValues) {
  const SweepPlan plan = parse_sweep(R"([[strategy]]
name = "base"
entries = ["09:30"]
[strategy.grid]
entries = [["09:20"], ["09:20", "13:00"], { every_minutes = 60, from = "10:00", to = "12:00" }]
expiry = ["nearest", { min_dte = 0, max_dte = 3 }]
)",
                                     "sweep.toml");
  ASSERT_EQ(plan.variants.size(), 6u);
  EXPECT_EQ(plan.variants[3].config.name, "base entries=[09:20,13:00] expiry={max_dte=3,min_dte=0}");
  EXPECT_EQ(plan.variants[4].config.name, "base entries={every_minutes=60,from=10:00,to=12:00} expiry=nearest");
  EXPECT_EQ(strategies::format_clock_list(params(plan.variants[4]).entries), "10:00 11:00 12:00");
  EXPECT_EQ(params(plan.variants[3]).expiry.kind, engine::ExpiryChoice::Kind::kDteRange);
  EXPECT_EQ(params(plan.variants[3]).expiry.max_dte, 3);
}

TEST(SweepVariants, InAListEntryAnInlineTableIsAValueAndASubTableAPath) {
  const SweepPlan plan = parse_sweep(R"([[strategy]]
preset = "A2"
[strategy.execution]
latency = 1
[[strategy.list]]
entries = { every_minutes = 60, from = "09:30", to = "11:30" }
[strategy.list.execution]
mark_model = "ltp"
)",
                                     "sweep.toml");
  EXPECT_THAT(plan.columns, ElementsAre("entries", "execution.mark_model"));
  ASSERT_EQ(plan.variants.size(), 1u);
  EXPECT_EQ(plan.variants[0].config.name,
            "A2 entries={every_minutes=60,from=09:30,to=11:30} execution.mark_model=ltp");
  EXPECT_EQ(strategies::format_clock_list(params(plan.variants[0]).entries), "09:30 10:30 11:30");
  EXPECT_EQ(plan.variants[0].config.execution.mark_model, engine::MarkModel::kLtp);
  EXPECT_EQ(plan.variants[0].config.execution.latency_seconds, 1);  // the base table's, kept
}

TEST(SweepVariants, SeveralStrategiesAndAPlainOneShareTheColumns) {
  const SweepPlan plan = parse_sweep(R"([[strategy]]
preset = "S1"
[[strategy]]
preset = "A1"
[strategy.grid]
stop = [1, 2]
[[strategy]]
preset = "A2"
[strategy.grid]
target = [0.2]
stop = [3]
)",
                                     "sweep.toml");
  EXPECT_THAT(plan.columns, ElementsAre("stop", "target"));
  EXPECT_THAT(names(plan), ElementsAre("S1", "A1 stop=1", "A1 stop=2", "A2 target=0.2 stop=3"));
  EXPECT_THAT(plan.variants[0].values, ElementsAre("", ""));
  EXPECT_THAT(plan.variants[3].values, ElementsAre("3", "0.2"));
}

TEST(SweepVariants, TheExampleFileParses) {
  const SweepPlan plan = load_sweep(TAPELAB_SOURCE_DIR "/strategies/sweep-example.toml");
  EXPECT_GE(plan.variants.size(), 2u);
}

TEST(SweepVariants, BadValuesAndKeysNameTheFileLineAndKey) {
  // The line is the swept value's, the message parse_config's.
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\ntarget = [0.5, 2.0]\n"),
            "sweep.toml:4: strategy[1].target: is the fraction of credit kept, in (0, 1] (in the variant with "
            "target=2)");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nstop = [1]\ntargt = [0.5]\n"),
            "sweep.toml:5: strategy[1].targt: unknown key (in the variant with stop=1 targt=0.5)");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nexecution.mark_model = [\"mid\", \"last\"]\n"),
            "sweep.toml:4: strategy[1].execution.mark_model: unknown value \"last\" (expected one of: mid, ltp, "
            "touch) (in the variant with execution.mark_model=last)");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[[strategy.list]]\nlots = \"two\"\n"),
            "sweep.toml:4: strategy[1].lots: expected a whole number (in the variant with lots=two)");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nstop = []\n"),
            "sweep.toml:4: strategy[1].grid.stop: an empty list of values leaves nothing to run");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nstop = 2.0\n"),
            "sweep.toml:4: strategy[1].grid.stop: expected a list of values to sweep, e.g. [0.3, 0.5]");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nname = [\"a\", \"b\"]\n"),
            "sweep.toml:4: strategy[1].grid.name: variants are named by their values; `name` cannot be swept");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nexpiry = { max_dte = [1, 2] }\n"),
            "sweep.toml:4: strategy[1].grid.expiry: expected a list of values to sweep, e.g. [0.3, 0.5]");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\ngrid = 3\n"),
            "sweep.toml:3: strategy[1].grid: expected a table of key = [values]");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\nlist = [1]\n"),
            "sweep.toml:3: strategy[1].list: expected one or more [[strategy.list]] tables");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nstop = [1, 2, 1.0]\n"),
            "sweep.toml: two variants are named \"A1 stop=1\": a value listed twice, or two list entries alike");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nstop = [1]\n[[strategy.list]]\nstop = 2\n"),
            "sweep.toml:6: strategy[1].list[1].stop: also swept by strategy[1].grid.stop; set a key in the grid or "
            "the list, not both");
  EXPECT_EQ(error_of("[[strategy]]\npreset = \"A1\"\n[[strategy]]\npreset = \"A1\"\n"),
            "sweep.toml: two variants are named \"A1\": a value listed twice, or two list entries alike");
  EXPECT_EQ(error_of("[execution]\nfill_model = \"best\"\n[[strategy]]\npreset = \"A1\"\n"),
            "sweep.toml:2: execution.fill_model: unknown value \"best\" (expected one of: bid_ask, ltp, mid)");
  EXPECT_EQ(error_of("[sweep]\n[[strategy]]\npreset = \"A1\"\n"), "sweep.toml:1: sweep: unknown key");
  EXPECT_EQ(error_of("[greeks]\nmodel = \"bs\"\n[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nstop = [1]\n"),
            "no error");
  EXPECT_EQ(error_of("[execution]\n"), "sweep.toml: no strategy: define one or more [[strategy]] tables");
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A1\"\n[strategy.grid]\nstop = [1,\n"), HasSubstr("sweep.toml:"));
  EXPECT_THAT(error_of("[[strategy]]\npreset = \"A11\"\n"), HasSubstr("sweep.toml:2: strategy[1].preset: unknown preset"));
}

TEST(SweepVariants, AMissingFileIsAnErrorNamingIt) {
  try {
    load_sweep("/nonexistent/sweep.toml");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/sweep.toml"));
  }
}

}  // namespace
}  // namespace tapelab::sweep
