"""tapelab.distributed on 1 and 2 Dask workers (bench/dask.sh): the same
backtest of a full-scale week, each worker a process with one thread, each
task one day with one tapelab thread; parallel efficiency = T1 / (2 x T2)
(the bar: >= 80%). A local one-thread run is the baseline in the same run,
and every distributed result is checked byte for byte against it.

    dask_bench.py DATASET PRESETS [RUNS]
"""
import os
import sys
import time

from distributed import Client, LocalCluster

import tapelab
import tapelab.distributed


def best_wall(runs, body):
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = body()
        best = min(best, time.perf_counter() - started)
    return best, result


def main():
    dataset, presets, runs = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]) if len(sys.argv) > 3 else 2
    print(f"dataset {dataset}, presets {','.join(presets)}, best of {runs}; load average {os.getloadavg()}")
    local_s, local = best_wall(runs, lambda: tapelab.backtest(presets=presets, data=dataset, threads=1))
    print(f"local, 1 thread:         {local_s:8.2f} s")
    walls = {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            wall, result = best_wall(runs, lambda: tapelab.distributed.backtest(client, presets=presets, data=dataset))
            assert result.files == local.files, "the distributed run differs from the local one"
            walls[workers] = wall
            print(f"dask, {workers} worker(s) x 1 thread: {wall:8.2f} s  ({local_s / wall:.2f}x the local run)")
    efficiency = walls[1] / (2 * walls[2])
    print(f"parallel efficiency, 2 workers vs 1: {efficiency:.0%} (bar >= 80%: {'met' if efficiency >= 0.8 else 'not met'})")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
