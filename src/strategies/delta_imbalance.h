// Empirical deltas of a straddle's two legs for the user's Delta-Imbalance
// Straddle (docs/strategies/DIS.md): each leg's premium move over the spot move
// in the last W seconds, from per-second samples of the past only.
#pragma once

#include <cstdint>
#include <optional>

#include "domain/contract.h"
#include "indicators/sample_queue.h"

namespace tapelab::strategies {

class EmpiricalDeltas {
 public:
  // `window_seconds` >= 1; a delta needs |spot move| >= min_spot_move.
  EmpiricalDeltas(std::int64_t window_seconds, double min_spot_move);

  // The second's spot and the CE's and PE's marks; seconds ascending.
  void update(std::int64_t second, double spot, double call_mark, double put_mark);
  // (mark now - mark W seconds ago) / (spot now - spot W seconds ago) of a
  // leg; nullopt before W seconds of samples or under the minimum spot move.
  std::optional<double> delta(domain::OptionType type) const;
  // The type whose |delta| is at least `dominance` x the other's, if any.
  std::optional<domain::OptionType> dominant(double dominance) const;

 private:
  struct Sample {
    std::int64_t second;
    double spot;
    double call;
    double put;
  };
  std::int64_t window_;
  double min_spot_move_;
  indicators::SampleQueue<Sample> samples_;  // the last W seconds and the one before them
};

}  // namespace tapelab::strategies
