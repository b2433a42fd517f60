"""Build the market truth and run a backtest on a Dask cluster, and check both against local runs.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/truth_on_dask.py demo-output/dataset [SCHEDULER]

Without SCHEDULER (tcp://host:8786) it starts a cluster in this process: two workers, one thread
each. On a real cluster the dataset must be at the same path on every worker (docs/python.md).
"""
import os
import sys
import tempfile
from pathlib import Path

from distributed import Client, LocalCluster

import tapelab
import tapelab.distributed

data = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "demo-output/dataset")
scheduler = sys.argv[2] if len(sys.argv) > 2 else None
day = tapelab.Dataset(data).days(underlying="NIFTY")[0][0]  # the first NIFTY day, to keep it short


def files(root: Path) -> dict:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


with (Client(scheduler) if scheduler else
      Client(LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None))) as client, \
        tempfile.TemporaryDirectory() as work:
    truth, local = Path(work) / "truth", Path(work) / "local"
    print(tapelab.distributed.truth_build(client, data, truth, day, day, ["NIFTY"]), end="")
    tapelab.truth.build(data, local, day, day, ["NIFTY"])
    if files(truth) != files(local):
        sys.exit("the distributed truth differs from the local build's")
    print("the distributed truth is the local build's, byte for byte")

    options = dict(presets=["S1", "B2"], data=data, start=day, end=day, underlyings=["NIFTY"])
    result = tapelab.distributed.backtest(client, **options)
    print(result.text, end="")
    local_result = tapelab.backtest(**options)
    if result.files != local_result.files:
        sys.exit("the distributed backtest differs from the local run's")
    print("the distributed backtest is the local run's, byte for byte")
