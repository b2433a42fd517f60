// Ranking by each key on hand-made metrics: the direction of each figure,
// absent figures last, ties to the higher net and then the earlier variant.
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sweep/ranking.h"
#include "util/error.h"

namespace tapelab::sweep {
namespace {

using ::testing::ElementsAre;

report::Metrics metrics(double net, std::optional<double> sharpe, std::optional<double> win_rate,
                        std::int64_t trades, double drawdown, std::optional<double> rom) {
  report::Metrics m;
  m.net = net;
  m.sharpe = sharpe;
  m.win_rate = win_rate;
  m.trades = trades;
  m.max_drawdown = drawdown;
  m.return_on_margin_total = rom;
  return m;
}

const std::vector<report::Metrics> kMetrics = {
    metrics(100, std::nullopt, 0.5, 4, 50, 0.01),
    metrics(200, 1.0, 0.5, 2, 80, 0.02),
    metrics(200, 2.0, std::nullopt, 0, 10, std::nullopt),
    metrics(50, 1.0, 0.75, 4, 50, 0.03),
};

TEST(SweepRanking, EachKeyRanksItsWayWithDeterministicTies) {
  EXPECT_THAT(rank(kMetrics, RankKey::kNet), ElementsAre(1u, 2u, 0u, 3u));
  EXPECT_THAT(rank(kMetrics, RankKey::kSharpe), ElementsAre(2u, 1u, 3u, 0u));
  EXPECT_THAT(rank(kMetrics, RankKey::kMaxDrawdown), ElementsAre(2u, 0u, 3u, 1u));
  EXPECT_THAT(rank(kMetrics, RankKey::kWinRate), ElementsAre(3u, 1u, 0u, 2u));
  EXPECT_THAT(rank(kMetrics, RankKey::kTrades), ElementsAre(0u, 3u, 1u, 2u));
  EXPECT_THAT(rank(kMetrics, RankKey::kReturnOnMargin), ElementsAre(3u, 1u, 0u, 2u));
}

TEST(SweepRanking, KeysByName) {
  for (const RankKey key : {RankKey::kNet, RankKey::kReturnOnMargin, RankKey::kMaxDrawdown, RankKey::kSharpe,
                            RankKey::kWinRate, RankKey::kTrades}) {
    EXPECT_EQ(parse_rank_key(to_string(key)), key);
  }
  EXPECT_THROW(
      {
        try {
          parse_rank_key("profit");
        } catch (const Error& e) {
          EXPECT_STREQ(e.what(), "unknown ranking key \"profit\" (expected one of: net, return_on_margin, "
                                 "max_drawdown, sharpe, win_rate, trades)");
          throw;
        }
      },
      Error);
}

}  // namespace
}  // namespace tapelab::sweep
