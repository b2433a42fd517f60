"""tapelab.distributed on a real cluster on loopback (a scheduler and two
workers, one thread each): the same results as a local run, byte for byte;
a worker killed mid-run is replaced and the result is still the same; a
dataset the workers cannot see fails the run at once, naming worker and path.
The same for the truth build, whose client publishes what the workers built."""
import os
import shutil
import time
from pathlib import Path

import pytest

import tapelab
import tapelab.distributed
from tapelab import _tapelab
from dask_cluster import kill_a_busy_worker
from conftest import SOURCE_DIR, run_cli

EXAMPLE_CONFIG = SOURCE_DIR / "strategies" / "example.toml"
SWEEP_CONFIG = SOURCE_DIR / "strategies" / "sweep-example.toml"
PRESETS = ["S1", "B2", "T1", "DIS"]


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
    run = tapelab.distributed.submit_backtest(client, presets=PRESETS, configs=[EXAMPLE_CONFIG],
                                              data=str(dataset_path))
    killed = kill_a_busy_worker(client)
    result = run.result()
    assert result.files == local_backtest.files
    client.wait_for_workers(2, timeout=120)  # its nanny started a new worker process
    assert killed not in client.run(os.getpid).values()


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


# The truth build: the days are tasks, the client publishes. Nothing in a truth folder is
# run-specific (no time stamps, no run ids): provenance.json names the dataset path as given, so
# both builds are given the same path, and then every file, manifest.json included, is the same.

def folder_bytes(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_truth(distributed, local):
    expected = folder_bytes(local)
    assert Path("manifest.json") in expected and Path("provenance.json") in expected
    assert folder_bytes(distributed) == expected


@pytest.fixture(scope="module")
def local_truth(dataset_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("truth") / "local"
    text = run_cli("truth", "build", str(dataset_path), "--out", str(out), "--underlying", "NIFTY")
    return out, text


def test_truth_build_is_byte_identical_to_a_local_build(cluster, dataset_path, local_truth, tmp_path):
    local, local_text = local_truth
    out = tmp_path / "truth"
    text = tapelab.distributed.truth_build(cluster.client, str(dataset_path), out, underlyings=["NIFTY"])
    assert text.replace(str(out), str(local)) == local_text
    assert "2 days built, 0 unchanged, 0 skipped" in text
    assert len(list(out.rglob("*.parquet"))) == 2 * 4  # two days' four tables
    assert_same_truth(out, local)

    # A second run over the unchanged truth builds nothing: no task, no file rewritten.
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    run = tapelab.distributed.submit_truth_build(cluster.client, str(dataset_path), out, underlyings=["NIFTY"])
    assert run.futures == []
    assert "0 days built, 2 unchanged, 0 skipped" in run.result()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == written
    assert_same_truth(out, local)


def test_truth_build_with_a_killed_worker_is_still_identical(cluster, dataset_path, local_truth, tmp_path):
    client = cluster.client
    out = tmp_path / "truth"
    run = tapelab.distributed.submit_truth_build(client, str(dataset_path), out, underlyings=["NIFTY"])
    assert len(run.futures) == 2
    kill_a_busy_worker(client)
    run.result()
    assert_same_truth(out, local_truth[0])
    client.wait_for_workers(2, timeout=120)


def test_truth_build_fails_within_30_s_when_a_worker_cannot_see_the_dataset(cluster, dataset_path, monkeypatch,
                                                                           tmp_path):
    monkeypatch.chdir(dataset_path.parent)
    relative = dataset_path.name
    out = tmp_path / "truth"
    started = time.monotonic()
    with pytest.raises(tapelab.Error) as raised:
        tapelab.distributed.truth_build(cluster.client, relative, out)
    elapsed = time.monotonic() - started
    message = str(raised.value)
    assert "worker tcp://127.0.0.1:" in message and f"'{relative}'" in message, message
    assert elapsed < 30, f"the run took {elapsed:.1f} s to fail"
    assert sorted(p.name for p in out.iterdir()) == [".lock"]  # nothing published, staging gone
    # The failed run let go of the folder's lock: another build can take it.
    _tapelab.TruthBuildJob(tapelab.truth.build_request(relative, out)).close()


def test_truth_build_skips_a_day_as_locally(cluster, dataset_path, tmp_path):
    """A day without its spot partition is skipped when planned, one whose options file is damaged
    when a worker loads it; both with the local build's reasons."""
    data = tmp_path / "dataset"
    shutil.copytree(dataset_path, data)
    (data / "spot" / "date=2025-11-18" / "underlying=BANKNIFTY" / "part-0.parquet").unlink()
    options = data / "options" / "date=2025-11-18" / "underlying=NIFTY" / "part-0.parquet"
    options.write_bytes(options.read_bytes()[:1000])
    local_text = run_cli("truth", "build", str(data), "--out", str(tmp_path / "local"), "--from", "2025-11-18")
    text = tapelab.distributed.truth_build(cluster.client, str(data), tmp_path / "truth", start="2025-11-18")
    assert text.replace(str(tmp_path / "truth"), str(tmp_path / "local")) == local_text
    assert "skipped 2025-11-18 BANKNIFTY: no spot partition" in text
    assert f"skipped 2025-11-18 NIFTY: {options}" in text and "0 days built, 0 unchanged, 2 skipped" in text
    assert_same_truth(tmp_path / "truth", tmp_path / "local")
