"""Ingest recordings on a Dask cluster, and check the dataset against a local ingest of the same files.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/ingest_on_dask.py demo-output/dataset [SCHEDULER]

It ingests again the files DATASET was built from (its manifest names them; run it from where that
ingest ran, as paths may be relative), with the expiry calendar beside them if there is one: once on
the cluster, once in this process. Without SCHEDULER (tcp://host:8786) it starts a cluster in this
process: two workers, one thread each. On a real cluster the inputs and the new dataset must be at the
same paths on every worker (docs/python.md#ingest-on-dask).
"""
import json
import os
import sys
import tempfile
from pathlib import Path

from distributed import Client, LocalCluster

import tapelab
import tapelab.distributed

data = Path(sys.argv[1] if len(sys.argv) > 1 else "demo-output/dataset")
scheduler = sys.argv[2] if len(sys.argv) > 2 else None
inputs = [source["path"] for source in json.loads((data / "manifest.json").read_text())["sources"]]
missing = [path for path in inputs if not os.path.exists(path)]
if missing:
    sys.exit(f"{missing[0]}: not found from {os.getcwd()} (run this where {data} was ingested)")
calendar = Path(inputs[0]).parent / "expiry_calendar.csv"
calendar = str(calendar) if calendar.exists() else None


def comparable(root: Path) -> dict:
    """The dataset's files by path; the manifest without its time stamp, no audit (its run id differs)."""
    out = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if not path.is_file() or name.startswith("audit/") or path.name == ".lock":
            continue
        out[name] = path.read_bytes()
        if name == "manifest.json":
            manifest = json.loads(out[name])
            manifest.pop("updated_at")
            out[name] = manifest
    return out


with (Client(scheduler) if scheduler else
      Client(LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None))) as client, \
        tempfile.TemporaryDirectory() as work:
    distributed, local = Path(work) / "distributed", Path(work) / "local"
    print(tapelab.distributed.ingest(client, inputs, distributed, calendar=calendar), end="")
    tapelab.ingest(inputs, local, calendar=calendar)
    got, expected = comparable(distributed), comparable(local)
    if got != expected:
        sys.exit("the distributed dataset differs from the local ingest's")
    partitions = sum(1 for name in got if name.endswith(".parquet"))
    print(f"the distributed dataset is the local ingest's, byte for byte ({partitions} partitions)")
