// The player (web/) as its user sees it, in Debian's Chromium driven by
// playwright-core (tools/browser/check_player.mjs) against a real `tapelab
// serve` on port 0 over the served dataset, truth and S1 run: several
// playheads, 30 s of tape at 60x from each; at each, nothing after the
// playhead is drawn, the readouts equal the API, the markers equal the events
// file and trades.csv; clicking a trade moves the playhead. Screenshots stay
// in the build folder's artifacts/player/.
#include <filesystem>

#include <gtest/gtest.h>

#include "server/served_data.h"
#include "support/command.h"

namespace tapelab::server::testing {
namespace {

namespace fs = std::filesystem;

TEST(PlayerInBrowser, PlaysTheTapeWithoutLookAheadAndShowsWhatTheFilesHold) {
  const ServedData& d = served_data();
  const fs::path artifacts = fs::path(TAPELAB_TEST_ARTIFACTS) / "player";
  fs::create_directories(artifacts);
  const tapelab::testing::CommandResult check = tapelab::testing::run_command(
      {"/usr/bin/env", "node", TAPELAB_SOURCE_DIR "/tools/browser/check_player.mjs", TAPELAB_BINARY, d.dataset.string(),
       d.truth.string(), d.run.string(), TAPELAB_SOURCE_DIR "/tools/interop", artifacts.string()});
  EXPECT_EQ(check.status, 0) << check.out << check.err
                             << "(node and the npm packages of tools/browser, tools/interop and web/ come from "
                                "scripts/setup.sh; the player is built next to tapelab by the tapelab_web target)";
  EXPECT_NE(check.out.find("\"failures\":0"), std::string::npos) << check.out;
  EXPECT_TRUE(fs::exists(artifacts / "player_whole_day.png"));
}

}  // namespace
}  // namespace tapelab::server::testing
