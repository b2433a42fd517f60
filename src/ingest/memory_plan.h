// How ingest spends --memory-budget (docs/dataset.md#memory). The budget is
// for the whole run, not only for buffered rows: reading threads and
// partition writers hold working sets of their own (a writer about 0.4 GB:
// dataset::finish_working_set), and on 24 cores those alone would pass a
// 2 GB budget. So the plan first limits how many
// partitions are written at once, then gives buffered rows what is left.
#pragma once

#include <cstddef>

namespace tapelab::ingest {

struct MemoryPlan {
  std::size_t budget = 0;      // what the user gave
  std::size_t row_budget = 0;  // buffered rows across all partitions (Router spills beyond)
  int readers = 1;             // files read at once (at most the --jobs asked for)
  int writers = 1;             // partitions finished at once
  // The budget cannot hold one reader's or one writer's working set plus a
  // minimal row buffer: the run goes on with a quarter of the budget for
  // rows, and its memory passes the budget by about that working set.
  bool below_working_set = false;
  std::size_t working_set = 0;  // the larger of the readers' and the writers' reserve
};

// `readers`: the files asked to be read at once (--jobs); `cores`: the most
// partitions worth writing at once.
MemoryPlan plan_memory(std::size_t budget, int readers, int cores);

}  // namespace tapelab::ingest
