"""tapelab.distributed on 1 and 2 Dask workers (bench/dask.sh): the same
backtest, truth build or ingest of a full-scale week, each worker a process
with one thread, each task one day (an ingest's: one file, or one partition)
with one tapelab thread; parallel efficiency = T1 / (2 x T2) (the bar:
>= 80%). A local one-thread run is the baseline in the same run, and every
distributed result is checked byte for byte against it (a truth build or an
ingest goes to a new folder each time, so that it builds everything).

    dask_bench.py DATASET PRESETS [RUNS]     a backtest of PRESETS (comma-separated)
    dask_bench.py DATASET truth [RUNS]       tapelab.distributed.truth_build
    dask_bench.py RECORDINGS ingest [RUNS]   tapelab.distributed.ingest of the folders in RECORDINGS
"""
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from distributed import Client, LocalCluster

import tapelab
import tapelab.distributed


def best_wall(runs, body):
    """The best wall time of body() over runs; body returns (result, check), and only the run is timed:
    check(result) is what is compared, computed afterwards (reading an ingest's 1.5 GB back is not its time)."""
    best, checked = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result, check = body()
        best = min(best, time.perf_counter() - started)
        checked = check(result)
    return best, checked


def unchecked(result):
    return result


def backtest_job(dataset, presets):
    """(local run, distributed run): each gives the result's files."""
    return (lambda: (tapelab.backtest(presets=presets, data=dataset, threads=1).files, unchecked),
            lambda client: (tapelab.distributed.backtest(client, presets=presets, data=dataset).files, unchecked))


def truth_job(dataset, work: Path):
    def files(out: Path) -> dict:
        return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    def new_folder() -> Path:
        return Path(tempfile.mkdtemp(dir=work)) / "truth"

    def local():
        out = new_folder()
        tapelab.truth.build(dataset, out, threads=1)
        return out, files

    def distributed(client):
        out = new_folder()
        tapelab.distributed.truth_build(client, dataset, out)
        return out, files

    return local, distributed


def ingest_job(recordings: Path, work: Path):
    """Ingests every folder of RECORDINGS, with the calendar of the first, into a new dataset each time
    (removed once compared); the files compared are the partitions and the manifest without its time."""
    folders = sorted(str(p) for p in recordings.iterdir() if p.is_dir())
    calendar = str(Path(folders[0]) / "expiry_calendar.csv")

    def files(out: Path) -> dict:
        found = {}
        for path in sorted(out.rglob("*.parquet")):
            found[path.relative_to(out)] = path.read_bytes()
        manifest = json.loads((out / "manifest.json").read_text())
        manifest.pop("updated_at")
        found["manifest.json"] = manifest
        shutil.rmtree(out)
        return found

    def local():
        out = Path(tempfile.mkdtemp(dir=work)) / "dataset"
        tapelab.ingest(folders, out, calendar=calendar, jobs=1)
        return out, files

    def distributed(client):
        out = Path(tempfile.mkdtemp(dir=work)) / "dataset"
        tapelab.distributed.ingest(client, folders, out, calendar=calendar)
        return out, files

    return local, distributed


def main():
    dataset, what, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 2
    print(f"dataset {dataset}, {what}, best of {runs}; load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory(dir=Path(dataset).parent) as work:
        if what == "truth":
            local_run, distributed_run = truth_job(dataset, Path(work))
        elif what == "ingest":
            local_run, distributed_run = ingest_job(Path(dataset), Path(work))
        else:
            local_run, distributed_run = backtest_job(dataset, what.split(","))
        local_s, local = best_wall(runs, local_run)
        print(f"local, 1 thread:         {local_s:8.2f} s")
        walls = {}
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                wall, result = best_wall(runs, lambda: distributed_run(client))
                assert result == local, "the distributed run differs from the local one"
                walls[workers] = wall
                print(f"dask, {workers} worker(s) x 1 thread: {wall:8.2f} s  ({local_s / wall:.2f}x the local run)")
    efficiency = walls[1] / (2 * walls[2])
    print(f"parallel efficiency, 2 workers vs 1: {efficiency:.0%} (bar >= 80%: {'met' if efficiency >= 0.8 else 'not met'})")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
