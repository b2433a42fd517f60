"""tapelab.distributed.ingest on a real cluster on loopback (a scheduler and
two workers, one thread each): the dataset and audit report of a local
`tapelab ingest` of the same inputs, byte for byte, in one batch or in
many; the same after a worker is killed mid-run; a run whose workers
cannot see the dataset fails at once, naming worker and path, and leaves the
dataset unlocked and as it was."""
import json
import os
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import tapelab
import tapelab.distributed
from dask_cluster import kill_a_busy_worker
from conftest import run_cli


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, recording_path):
    """What a user's ingest meets at once: two recordings sharing a day (the later recording's rows
    win), the users' expiry-packed Parquet history with the problem files of their census, and a dump
    cut short (skipped whole under --keep-going, its rows left out)."""
    root = tmp_path_factory.mktemp("ingest-inputs")
    run_cli("gen", "--out", str(root / "nov"), "--start", "2025-11-17", "--days", "2", "--seed", "5",
            "--overlap-days", "1")
    run_cli("gen", "--out", str(root / "history"), "--start", "2025-11-19", "--days", "1", "--seed", "7",
            "--layout", "expiry-packed")
    (root / "cut").mkdir()
    dump = (recording_path / "das_niftyopt_mod.sql.gz").read_bytes()
    (root / "cut" / "das_niftyopt_mod.sql.gz").write_bytes(dump[: len(dump) // 2])
    paths = [root / "nov", root / "nov-2", root / "history", root / "cut"]
    return [str(p) for p in paths], str(root / "nov" / "expiry_calendar.csv")


def local_ingest(paths, calendar, out: Path, batch_bytes: int) -> str:
    return run_cli("ingest", *paths, "--out", str(out), "--calendar", calendar, "--keep-going",
                   "--batch-size", str(batch_bytes))


def run_ids(dataset: Path) -> list[str]:
    return sorted(p.stem for p in (dataset / "audit").glob("*.json"))


def comparable(dataset: Path) -> dict:
    """Every file of the dataset by its path, with what no two runs share made equal: the manifest's
    updated_at, and the audit report's run id and dataset path."""
    ids = run_ids(dataset)
    files = {}
    for path in sorted(dataset.rglob("*")):
        if not path.is_file() or path.name == ".lock":
            continue
        text_or_bytes = path.read_bytes()
        name = str(path.relative_to(dataset))
        if name == "manifest.json":
            manifest = json.loads(text_or_bytes)
            assert manifest["updated_at"]
            manifest["updated_at"] = "..."
            text_or_bytes = manifest
        elif name.startswith("audit/"):
            text = text_or_bytes.decode()
            for i, run_id in enumerate(ids):
                text = text.replace(run_id, f"run-{i}")
                name = name.replace(run_id, f"run-{i}")
            text_or_bytes = text.replace(str(dataset), "DATASET")
        files[name] = text_or_bytes
    return files


def assert_same_dataset(distributed: Path, local: Path):
    expected = comparable(local)
    assert "manifest.json" in expected and any(name.startswith("options/") for name in expected)
    got = comparable(distributed)
    assert sorted(got) == sorted(expected)
    for name, data in expected.items():
        assert got[name] == data, name


def printed(text: str, dataset: Path) -> str:
    """What the CLI prints, but for the run id and the dataset path."""
    return re.sub(r"\d{8}T\d{6}Z-\d+", "RUN", text.replace(str(dataset), "DATASET"))


@pytest.mark.parametrize("batch_bytes, task_memory", [(1 << 40, 512 << 20), (1 << 20, 2 << 20)],
                         ids=["one-batch", "batches-of-1-MB-and-spills"])
def test_ingest_is_byte_identical_to_a_local_ingest(cluster, inputs, tmp_path, batch_bytes, task_memory):
    """Batches of 1 MB (a dump, or some 50 Parquet files, each) publish partitions that later batches
    merge with, and rebuild the options of a day whose spot comes later; 2 MB per task makes the tasks
    spill their rows to disk."""
    paths, calendar = inputs
    local_text = local_ingest(paths, calendar, tmp_path / "local", batch_bytes)
    text = tapelab.distributed.ingest(cluster.client, paths, tmp_path / "distributed", calendar=calendar,
                                      keep_going=True, batch_bytes=batch_bytes, task_memory=task_memory)
    assert printed(text, tmp_path / "distributed") == printed(local_text, tmp_path / "local")
    assert "skipped whole" in (tmp_path / "distributed" / "audit" / f"{run_ids(tmp_path / 'distributed')[0]}.txt").read_text()
    assert_same_dataset(tmp_path / "distributed", tmp_path / "local")
    assert not (tmp_path / "distributed" / ".staging").exists()


def test_ingest_into_a_dataset_merges_as_locally(cluster, inputs, recording_path, tmp_path):
    """Into a dataset that already holds the first recording: its partitions merge with the new rows."""
    paths, calendar = inputs
    for name in ("local", "distributed"):
        run_cli("ingest", str(recording_path), "--out", str(tmp_path / name), "--calendar", calendar)
    local_ingest(paths[:2], calendar, tmp_path / "local", 1 << 40)
    tapelab.distributed.ingest(cluster.client, paths[:2], tmp_path / "distributed", calendar=calendar,
                               keep_going=True)
    assert len(run_ids(tmp_path / "distributed")) == 2
    assert_same_dataset(tmp_path / "distributed", tmp_path / "local")


def test_ingest_with_a_killed_worker_is_still_identical(cluster, inputs, tmp_path):
    paths, calendar = inputs
    local_ingest(paths, calendar, tmp_path / "local", 1 << 40)
    client = cluster.client
    with ThreadPoolExecutor(1) as background:  # the run waits on its tasks; this thread kills a worker
        run = background.submit(tapelab.distributed.ingest, client, paths, tmp_path / "distributed",
                                calendar=calendar, keep_going=True)
        killed = kill_a_busy_worker(client)
        run.result(timeout=600)
    assert_same_dataset(tmp_path / "distributed", tmp_path / "local")
    client.wait_for_workers(2, timeout=120)  # its nanny started a new worker process
    assert killed not in client.run(os.getpid).values()


def test_ingest_fails_within_30_s_when_a_worker_cannot_see_the_dataset(cluster, inputs, tmp_path, monkeypatch):
    paths, calendar = inputs
    # Relative to this process's folder, not to the workers' (they run in their own).
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    with pytest.raises(tapelab.Error) as raised:
        tapelab.distributed.ingest(cluster.client, paths, "dataset", calendar=calendar, keep_going=True)
    elapsed = time.monotonic() - started
    message = str(raised.value)
    assert "worker tcp://127.0.0.1:" in message and "'dataset'" in message, message
    assert elapsed < 30, f"the run took {elapsed:.1f} s to fail"  # the bound: a failure, not a hang
    # Nothing published, staging gone, and the lock let go: a local ingest can take the dataset.
    assert sorted(p.name for p in (tmp_path / "dataset").iterdir()) == [".lock"]
    run_cli("ingest", paths[0], "--out", str(tmp_path / "dataset"), "--calendar", calendar)


def test_ingest_errors_name_the_input(cluster, inputs, tmp_path):
    paths, calendar = inputs
    with pytest.raises(tapelab.Error, match="no-such-folder"):
        tapelab.distributed.ingest(cluster.client, [str(tmp_path / "no-such-folder")], tmp_path / "dataset")
    # Without --keep-going the dump cut short fails its task, and the run, with the local run's message.
    with pytest.raises(tapelab.Error, match=re.escape(str(Path(paths[3]) / "das_niftyopt_mod.sql.gz"))):
        tapelab.distributed.ingest(cluster.client, [paths[3]], tmp_path / "dataset", calendar=calendar)
    assert not (tmp_path / "dataset" / "manifest.json").exists()
    shutil.rmtree(tmp_path / "dataset")
