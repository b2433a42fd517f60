#include "ingest/memory_plan.h"

#include <algorithm>

#include "dataset/partition_builder.h"

namespace tapelab::ingest {

namespace {

// One reading thread: a decoded Parquet row group (128k rows of 52 columns
// is about 55 MB as values) and its rows as TickRows, or a dump reader's
// inflate and statement windows (a few MB). Reading and writing partitions
// are separate phases of a batch, so the two reserves do not add up.
constexpr std::size_t kReaderWorkingSet = std::size_t{96} << 20;
// Below this, buffered rows spill so often that the run is mostly spill I/O.
constexpr std::size_t kMinRowBudget = std::size_t{64} << 20;

}  // namespace

MemoryPlan plan_memory(std::size_t budget, int readers, int cores) {
  MemoryPlan plan;
  plan.budget = budget;
  // Options partitions are the widest: their writer sets the reserve.
  const std::size_t writer = dataset::finish_working_set(dataset::TableKind::kOptions, dataset::BuildOptions{});
  // Readers and writers each get at most half the budget; the rest is worth
  // more as rows (fewer spills) than as files or partitions side by side.
  auto fitting = [&](std::size_t each, int wanted) {
    return static_cast<int>(std::clamp<std::size_t>(budget / 2 / each, 1, static_cast<std::size_t>(std::max(wanted, 1))));
  };
  plan.readers = fitting(kReaderWorkingSet, readers);
  plan.writers = fitting(writer, cores);
  plan.working_set = std::max(static_cast<std::size_t>(plan.readers) * kReaderWorkingSet,
                              static_cast<std::size_t>(plan.writers) * writer);
  if (budget >= plan.working_set + kMinRowBudget) {
    plan.row_budget = budget - plan.working_set;
  } else {
    plan.below_working_set = true;
    plan.row_budget = budget / 4;
  }
  return plan;
}

}  // namespace tapelab::ingest
