#include "sweep/ranking.h"

#include <algorithm>
#include <array>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "util/error.h"

namespace tapelab::sweep {
namespace {

constexpr std::array<std::string_view, 6> kNames = {"net",     "return_on_margin", "max_drawdown",
                                                    "sharpe",  "win_rate",         "trades"};

}  // namespace

std::string_view to_string(RankKey key) { return kNames[static_cast<std::size_t>(key)]; }

RankKey parse_rank_key(std::string_view text) {
  const auto it = std::find(kNames.begin(), kNames.end(), text);
  if (it == kNames.end()) fail("unknown ranking key \"{}\" (expected one of: {})", text, fmt::join(kNames, ", "));
  return static_cast<RankKey>(it - kNames.begin());
}

std::optional<double> rank_figure(const report::Metrics& m, RankKey key) {
  switch (key) {
    case RankKey::kNet: return m.net;
    case RankKey::kReturnOnMargin: return m.return_on_margin_total;
    case RankKey::kMaxDrawdown: return m.max_drawdown;
    case RankKey::kSharpe: return m.sharpe;
    case RankKey::kWinRate: return m.win_rate;
    case RankKey::kTrades: return static_cast<double>(m.trades);
  }
  return std::nullopt;
}

std::vector<std::size_t> rank(std::span<const report::Metrics> metrics, RankKey key) {
  const double direction = key == RankKey::kMaxDrawdown ? -1 : 1;
  std::vector<std::size_t> order(metrics.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const std::optional<double> x = rank_figure(metrics[a], key);
    const std::optional<double> y = rank_figure(metrics[b], key);
    if (x.has_value() != y.has_value()) return x.has_value();
    if (x && *x != *y) return direction * *x > direction * *y;
    return metrics[a].net > metrics[b].net;
  });
  return order;
}

}  // namespace tapelab::sweep
