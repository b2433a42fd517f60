// One-second spot returns of past days, for the intraday periodicity of the
// days after them (docs/market-truth.md#intraday-periodicity), each loaded
// once per build however many days' windows hold it: 20 days of a month
// share most of their 60-day windows.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "market/loader.h"
#include "truth/periodicity.h"

namespace tapelab::truth {

// Safe to share between threads: days built in parallel may both load a day;
// the first stored wins, and both are the same.
class PastReturns {
 public:
  explicit PastReturns(std::filesystem::path dataset) : dataset_(std::move(dataset)) {}

  // nullptr when the dataset has no spot partition for the day; the returns
  // live as long as this.
  const DayReturns* of(const market::DayKey& day);

 private:
  std::filesystem::path dataset_;
  std::mutex mutex_;
  std::map<market::DayKey, std::unique_ptr<const DayReturns>> days_;
};

}  // namespace tapelab::truth
