"""Shared fixtures: the CLI the build made, and a small dataset it generated and ingested."""
import json
import os
import subprocess
from pathlib import Path

import pytest

BINARY = os.environ.get("TAPELAB_BINARY", "")
SOURCE_DIR = Path(os.environ.get("TAPELAB_SOURCE_DIR", Path(__file__).resolve().parents[2]))


def run_cli(*args: str) -> str:
    """Runs the tapelab CLI; a failure fails the test with its output."""
    done = subprocess.run([BINARY, *args], capture_output=True, text=True)
    assert done.returncode == 0, f"tapelab {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def duckdb_stats(parquet_file: Path, where: str | None = None) -> dict:
    """Counts and sums per column, by DuckDB alone (tools/interop/column_stats.mjs)."""
    script = SOURCE_DIR / "tools" / "interop" / "column_stats.mjs"
    args = ["/usr/bin/env", "node", str(script), str(parquet_file)] + ([where] if where else [])
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, f"DuckDB stats failed (run scripts/setup.sh?):\n{done.stderr}"
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def recording_path(tmp_path_factory) -> Path:
    """A recording folder: two small generated days of NIFTY and BANKNIFTY (three dumps)."""
    assert BINARY, "TAPELAB_BINARY is not set: run the tests through ctest"
    recording = tmp_path_factory.mktemp("python-recording") / "recording"
    run_cli("gen", "--out", str(recording), "--start", "2025-11-17", "--days", "2", "--seed", "3")
    return recording


@pytest.fixture(scope="session")
def dataset_path(recording_path, tmp_path_factory) -> Path:
    """The recording, ingested."""
    dataset = tmp_path_factory.mktemp("python-dataset") / "dataset"
    run_cli("ingest", str(recording_path), "--out", str(dataset), "--calendar",
            str(recording_path / "expiry_calendar.csv"))
    return dataset


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    """A Dask scheduler and two single-threaded workers on loopback (dask_cluster.py)."""
    from dask_cluster import Cluster

    cluster = Cluster(tmp_path_factory.mktemp("dask"), workers=2)
    yield cluster
    cluster.close()


def pytest_sessionfinish(session, exitstatus):
    """A skipped test proves nothing: the run fails (as the C++ suites do)."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped"):
        session.exitstatus = 1
