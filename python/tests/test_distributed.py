"""tapelab.distributed on a real cluster on loopback (a scheduler and two
workers, one thread each): the same results as a local run, byte for byte;
a worker killed mid-run is replaced and the result is still the same; a
dataset the workers cannot see fails the run at once, naming worker and path."""
import os
import signal
import time

import pytest

import tapelab
import tapelab.distributed
from dask_cluster import Cluster
from conftest import SOURCE_DIR

EXAMPLE_CONFIG = SOURCE_DIR / "strategies" / "example.toml"
SWEEP_CONFIG = SOURCE_DIR / "strategies" / "sweep-example.toml"
PRESETS = ["S1", "B2", "T1", "DIS"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("dask"), workers=2)
    yield cluster
    cluster.close()


@pytest.fixture(scope="module")
def local_backtest(dataset_path):
    return tapelab.backtest(presets=PRESETS, configs=[EXAMPLE_CONFIG], data=str(dataset_path))


def test_backtest_is_byte_identical_to_a_local_run(cluster, dataset_path, local_backtest):
    result = tapelab.distributed.backtest(cluster.client, presets=PRESETS, configs=[EXAMPLE_CONFIG],
                                          data=str(dataset_path))
    assert list(result.files) == list(local_backtest.files)
    for name, data in local_backtest.files.items():
        assert result.files[name] == data, name
    assert len(result.trades) > 0


def test_sweep_is_byte_identical_to_a_local_run(cluster, dataset_path):
    options = dict(split="2025-11-18", keep_trades=True, top=5)
    local = tapelab.sweep(SWEEP_CONFIG, data=str(dataset_path), **options)
    run = tapelab.distributed.submit_sweep(cluster.client, SWEEP_CONFIG, data=str(dataset_path),
                                           variants_per_task=10, **options)
    assert len(run.futures) == 4 * 3  # 2 days x 2 underlyings, 29 variants in chunks of 10
    result = run.result()
    assert list(result.files) == list(local.files)
    for name, data in local.files.items():
        assert result.files[name] == data, name
    assert result.text == local.text


def test_a_killed_worker_is_replaced_and_the_result_is_the_same(cluster, dataset_path, local_backtest):
    client = cluster.client
    pids = client.run(os.getpid)  # the worker processes, not their nannies
    run = tapelab.distributed.submit_backtest(client, presets=PRESETS, configs=[EXAMPLE_CONFIG],
                                              data=str(dataset_path))
    victim = None
    deadline = time.monotonic() + 60
    while victim is None:
        assert time.monotonic() < deadline, "no task started"
        busy = [address for address, tasks in client.processing().items() if tasks]
        victim = busy[0] if busy else None
        time.sleep(0.01)
    os.kill(pids[victim], signal.SIGKILL)
    result = run.result()
    assert result.files == local_backtest.files
    client.wait_for_workers(2, timeout=120)  # its nanny started a new worker process
    assert pids[victim] not in client.run(os.getpid).values()


def test_a_worker_that_cannot_see_the_dataset_fails_the_run_within_30_s(cluster, dataset_path, monkeypatch):
    # Relative to this process's folder, not to the workers' (they run in their own).
    monkeypatch.chdir(dataset_path.parent)
    relative = dataset_path.name
    assert os.path.isdir(relative) and not (cluster.worker_dir / relative).exists()
    started = time.monotonic()
    with pytest.raises(tapelab.Error) as raised:
        tapelab.distributed.backtest(cluster.client, presets=["S1"], data=relative)
    elapsed = time.monotonic() - started
    message = str(raised.value)
    assert "worker tcp://127.0.0.1:" in message and f"'{relative}'" in message, message
    assert elapsed < 30, f"the run took {elapsed:.1f} s to fail"  # the bound: a failure, not a hang


def test_plan_errors_come_before_any_task(cluster, dataset_path):
    with pytest.raises(tapelab.Error, match="unknown preset"):
        tapelab.distributed.backtest(cluster.client, presets=["NO-SUCH"], data=str(dataset_path))
    with pytest.raises(tapelab.Error, match="no days"):
        tapelab.distributed.backtest(cluster.client, presets=["S1"], data=str(dataset_path), start="2030-01-01")
