// Truth parameters from a JSON file (`truth build --params`,
// docs/market-truth.md#parameters): overrides over the defaults, errors that
// name the file, and an override that changes what a day holds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "truth/day_tables.h"
#include "truth/params.h"
#include "truth/planted_day.h"
#include "util/error.h"

namespace tapelab::truth {
namespace {

using ::testing::HasSubstr;

TEST(TruthParams, DefaultsRoundTripAndOverridesApply) {
  const TruthParams defaults;
  EXPECT_EQ(params_json(params_from_json(params_json(defaults), "p.json")), params_json(defaults));
  const TruthParams p =
      params_from_json(R"({"burst_k1": 2, "recovery_horizon_s": 60, "burst": {"NIFTY/0": {"start_points": 12}}})", "p.json");
  EXPECT_EQ(p.burst_k1, 2);
  EXPECT_EQ(p.recovery_horizon_s, 60);
  EXPECT_EQ(p.burst_k2, defaults.burst_k2);
  // A bucket's entry starts from its underlying's thresholds (10 / 3 / 3).
  const BurstThresholds* zero_dte = p.burst_thresholds("NIFTY", "0");
  ASSERT_NE(zero_dte, nullptr);
  EXPECT_EQ(zero_dte->start_points, 12);
  EXPECT_EQ(zero_dte->step_points, 3);
  EXPECT_EQ(p.burst_thresholds("NIFTY", "1-2")->start_points, 10);
  EXPECT_EQ(p.burst_thresholds("FINNIFTY", "0"), nullptr);
}

TEST(TruthParams, BadFilesAreErrorsNamingTheFile) {
  EXPECT_THAT([] { params_from_json(R"({"burst_k3": 1})", "p.json"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("p.json: unknown truth parameter 'burst_k3'")));
  EXPECT_THAT([] { params_from_json(R"({"burst_k1": "high"})", "p.json"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("'burst_k1' must be a number")));
  EXPECT_THAT([] { params_from_json("[1]", "p.json"); }, ::testing::ThrowsMessage<Error>(HasSubstr("one JSON object")));
  EXPECT_THAT([] { params_from_json(R"({"burst": {"NIFTY": {"size": 1}}})", "p.json"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("unknown burst threshold 'size'")));
  EXPECT_THAT([] { params_from_json(R"({"periodicity_jumps": 1})", "p.json"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("'periodicity_jumps' must be true or false")));
  EXPECT_THAT([] { params_from_json(R"({"periodicity_bursts": 0.5})", "p.json"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("'periodicity_bursts' must be true or false")));
  EXPECT_THAT([] { params_from_json(R"({"periodicity_bin_s": 0})", "p.json"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("p.json: periodicity_bin_s")));
  EXPECT_FALSE(params_from_json(R"({"periodicity_jumps": false})", "p.json").periodicity_jumps);
}

TEST(TruthParams, AnOverrideChangesTheEvents) {
  // The planted day's bursts move at most 31 points in 10 s: with start_points
  // 50 there are none, while the jump (a test of its own) stays.
  const testing::MicroDay day = testing::planted_day();
  const DayContext c = day.context();
  const TruthParams p = params_from_json(R"({"burst": {"NIFTY": {"start_points": 50}}})", "p.json");
  const Table events = day_tables(day.tape(c.expiry), c, p).events;
  int bursts = 0, jumps = 0;
  for (std::size_t r = 0; r < events.rows(); ++r) {
    bursts += events.column("kind").string_at(r) == "burst";
    jumps += events.column("kind").string_at(r) == "jump";
  }
  EXPECT_EQ(bursts, 0);
  EXPECT_EQ(jumps, 1);
}

}  // namespace
}  // namespace tapelab::truth
