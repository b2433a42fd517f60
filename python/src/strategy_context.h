// What a Python strategy's on_day_start and on_second are handed: the
// engine's StrategyContext for the length of one call (docs/python.md#python-strategies).
// Everything it returns is a copy (a snapshot, the open legs, an order's
// result), and once the call returns the context refuses every use, so a
// strategy cannot keep a door to a later state of the day.
#pragma once

#include <pybind11/pybind11.h>

#include "engine/records.h"
#include "engine/strategy.h"

namespace tapelab::python {

class CallContext {
 public:
  CallContext(engine::StrategyContext& ctx, const engine::StrategyInfo& info) : ctx_(&ctx), info_(&info) {}

  // The engine's context; throws Error once the call it was made for returned.
  engine::StrategyContext& get() const;
  const engine::StrategyInfo& info() const { return *info_; }
  // Called when the strategy's method returns (or raises).
  void end() { ctx_ = nullptr; }

 private:
  engine::StrategyContext* ctx_;
  const engine::StrategyInfo* info_;
};

}  // namespace tapelab::python
