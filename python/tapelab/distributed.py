"""tapelab on a Dask distributed cluster: a backtest's days, a sweep's days
times chunks of variants, a truth build's days, or an ingest's files and
partitions, run as tasks on the workers, and merged (or published) into the
result a local run gives, byte for byte.

    from distributed import Client
    import tapelab.distributed
    client = Client("tcp://scheduler:8786")
    result = tapelab.distributed.backtest(client, presets=["S1", "B2"], data="/shared/dataset")

Workers read the dataset (and a sweep's file) from the path given, so it must
be on storage they all see, under the same path; a worker that does not see
it fails the run at once with an error naming the worker and the path. Each
task runs with one tapelab thread: run workers with ``--nthreads 1`` per core
(docs/python.md#dask-distributed). A task whose worker dies is rescheduled by
Dask (at most ``distributed.scheduler.allowed-failures`` times, 3 by default);
a task that fails is not retried.
"""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Sequence
from pathlib import Path

from . import _tapelab
from .dataset import _input_paths
from .runs import BacktestResult, SweepResult, backtest_request, sweep_request
from .truth import build_request


def _where() -> str:
    """This worker's address (or host name outside a worker), for error messages."""
    try:
        from distributed import get_worker

        return f"worker {get_worker().address}"
    except (ImportError, ValueError):
        return f"host {socket.gethostname()}"


def _check_path(path: str, what: str) -> None:
    if not os.path.exists(path):
        raise _tapelab.Error(f"{_where()} cannot see the {what} '{path}' (working directory {os.getcwd()}): "
                             "workers need it on shared storage under the same path")


def _start_task(data: str) -> None:
    """The start of every task: the dataset is there, and the worker's allocator keeps large blocks."""
    _check_path(data, "dataset")
    _tapelab.keep_large_blocks_in_heap()


def _backtest_part(fields: dict, date: str, underlying: str) -> bytes:
    _start_task(fields["data"])
    return _tapelab.backtest_part(backtest_request(**fields), date, underlying)


def _sweep_part(fields: dict, date: str, underlying: str, first: int, count: int) -> bytes:
    _start_task(fields["data"])
    return _tapelab.sweep_part(sweep_request(**fields), date, underlying, first, count)


def _truth_day(data: str, task: bytes) -> bytes:
    _start_task(data)
    return _tapelab.truth_day_part(task)


def _ingest_file(dataset: str, path: str, task: bytes) -> bytes:
    _start_task(dataset)
    _check_path(path, "input file")
    return _tapelab.ingest_file_part(task)


def _ingest_partition(dataset: str, task: bytes, spot_part: bytes | None) -> bytes:
    """Builds a partition; an options partition is given the part of its day's spot task of the same batch
    (Dask runs that one first), whose file its spot_price reads."""
    _start_task(dataset)
    return _tapelab.ingest_partition_part(task, spot_part)


class DistributedRun:
    """A run whose tasks are on the cluster: ``futures`` (one per part, in merge order) and ``result()``."""

    def __init__(self, client, futures: list, finish):
        self.client = client
        self.futures = futures
        self._finish = finish

    def result(self):
        """Waits for every part and merges them; a failed part raises its error (the others are cancelled)."""
        try:
            parts = self.client.gather(self.futures)
        except BaseException:
            self.client.cancel(self.futures)
            raise
        return self._finish(parts)


def _keys(kind: str, labels: list[str]) -> list[str]:
    run = uuid.uuid4().hex[:8]
    return [f"tapelab-{kind}-{run}-{label}" for label in labels]


def submit_backtest(client, presets: Sequence[str] = (), configs: Sequence = (), *, data, start=None, end=None,
                    underlyings=None, truth=None) -> DistributedRun:
    """backtest(), returning at once with the tasks submitted."""
    texts = [c if isinstance(c, str) and "\n" in c else Path(c).read_text() for c in configs]
    truth = None if truth is None else os.fspath(truth)
    fields = dict(presets=presets, configs=texts, data=os.fspath(data), start=start, end=end,
                  underlyings=underlyings, threads=1, truth=truth)
    request = backtest_request(presets, configs, data=data, start=start, end=end, underlyings=underlyings,
                               truth=truth)
    manifest = _tapelab.manifest_hash(request.data)
    days = _tapelab.backtest_days(request)  # the CLI's errors, raised here before any task
    futures = client.map(_backtest_part, [fields] * len(days), *zip(*days), key=_keys("day", [f"{d}-{u}" for d, u in days]),
                         retries=0)

    def finish(parts):
        run = _tapelab.merge_backtest(request, manifest, parts)
        return BacktestResult(run.files(), run.summary_text())

    return DistributedRun(client, futures, finish)


def backtest(client, presets: Sequence[str] = (), configs: Sequence = (), *, data, start=None, end=None,
             underlyings=None, truth=None) -> BacktestResult:
    """tapelab.backtest() with each day a task on the cluster; the result is byte-identical to a local run's.

    Config files are read here and sent to the workers as text; the dataset must be at ``data`` on every
    worker. Raises tapelab.Error with the CLI's message (or the worker's, naming it and the path).
    """
    return submit_backtest(client, presets, configs, data=data, start=start, end=end,
                           underlyings=underlyings, truth=truth).result()


def submit_sweep(client, sweep_file, *, data, variants_per_task: int | None = None, **options) -> DistributedRun:
    """sweep(), returning at once with the tasks submitted."""
    fields = dict(sweep_file=os.fspath(sweep_file), data=os.fspath(data), threads=1, **options)
    request = sweep_request(**fields)
    manifest = _tapelab.manifest_hash(request.data)
    days, variants = _tapelab.sweep_days(request)
    chunk = variants if variants_per_task is None else max(1, variants_per_task)
    parts = [(d, u, first, chunk) for d, u in days for first in range(0, variants, chunk)]
    futures = client.map(_sweep_part, [fields] * len(parts), *zip(*parts),
                         key=_keys("sweep", [f"{d}-{u}-{first}" for d, u, first, _ in parts]), retries=0)

    def finish(encoded):
        run = _tapelab.merge_sweep(request, manifest, encoded)
        return SweepResult(run.files(), run.text())

    return DistributedRun(client, futures, finish)


def sweep(client, sweep_file, *, data, variants_per_task: int | None = None, **options) -> SweepResult:
    """tapelab.sweep() with each day (times each chunk of ``variants_per_task`` variants; default: all
    in one) a task on the cluster; the result is byte-identical to a local run's. ``options`` are
    tapelab.sweep()'s (start, end, underlyings, keep_trades, rank_by, split, walk_forward, picks, top).
    The sweep file and the dataset must be at the same paths on every worker.
    """
    return submit_sweep(client, sweep_file, data=data, variants_per_task=variants_per_task, **options).result()


class TruthBuildRun:
    """A truth build whose days are tasks on the cluster: ``futures`` (one per day to build, in the
    build's order) and ``result()``. Holds the truth folder's lock until result() returns or fails."""

    def __init__(self, client, job, futures: list):
        self.client = client
        self.futures = futures
        self._job = job

    def result(self) -> str:
        """Stages each day as it arrives, then publishes them all at once; returns the text
        ``tapelab truth build`` prints. A failed day raises its error: the other tasks are
        cancelled and nothing is published."""
        from distributed import as_completed

        index = {future.key: i for i, future in enumerate(self.futures)}
        try:
            for future in as_completed(self.futures):
                self._job.add_part(index[future.key], future.result())
                future.release()  # the client keeps one day's files at a time
            return self._job.finish()
        except BaseException:
            self.client.cancel(self.futures)
            raise
        finally:
            self._job.close()


def submit_truth_build(client, data, out, start=None, end=None, underlyings=None, params=None) -> TruthBuildRun:
    """truth_build(), returning once the days to build are tasks on the cluster."""
    request = build_request(data, out, start, end, underlyings, threads=1, params=params)
    job = _tapelab.TruthBuildJob(request)  # the CLI's errors, raised here before any task
    tasks = job.tasks()
    try:
        futures = client.map(_truth_day, [request.dataset] * len(tasks), [task for _, _, task in tasks],
                             key=_keys("truth", [f"{d}-{u}" for d, u, _ in tasks]), retries=0) if tasks else []
    except BaseException:
        job.close()
        raise
    return TruthBuildRun(client, job, futures)


def truth_build(client, data, out, start=None, end=None, underlyings=None, params=None) -> str:
    """tapelab.truth.build() with each day to build a task on the cluster; ``out`` ends up
    byte-identical to what ``tapelab truth build`` writes, and the returned text is what it prints.

    This process plans the build (the days whose key changed; the others stay as they are), holds
    ``out``'s lock, and publishes: each worker builds its day with one thread from the dataset at
    ``data`` (the same path on every worker) and sends the day's table files back, so only this
    process writes ``out``. The parameters file is read here. A day that cannot be built is skipped
    with its reason, as locally; a failed task (a worker that cannot see the dataset) fails the run
    and publishes nothing.
    """
    return submit_truth_build(client, data, out, start, end, underlyings, params).result()


def _take_parts(futures: list, take) -> None:
    """Hands each part to ``take(index, part)`` as it arrives; the client holds one part at a time."""
    from distributed import as_completed

    index = {future.key: i for i, future in enumerate(futures)}
    for future in as_completed(futures):
        take(index[future.key], future.result())
        future.release()


def ingest(client, inputs, dataset, *, calendar=None, keep_going: bool = False, gap_seconds: int = 60,
           batch_bytes: int = 8 << 30, task_memory: int = 512 << 20) -> str:
    """``tapelab ingest INPUTS --out DATASET`` with each input file read, and each partition built, as a task
    on the cluster; the dataset ends up as a local ingest leaves it, byte for byte (the manifest's
    ``updated_at`` and the audit report's run id aside), and the returned text is what the CLI prints.

    ``inputs`` are dump files, recording folders, Parquet files or trees (a path or a list), listed here;
    ``calendar`` the expiry calendar CSV. Inputs, calendar and dataset must be at the same paths on every
    worker. This process plans the run, holds the dataset's lock and publishes each batch (``batch_bytes`` of
    input) in one commit: a batch's files are read by tasks into sorted runs under the dataset's staging
    folder, then its partitions (spot first) are built from them by tasks, then it is published.
    ``task_memory`` bounds each task's buffered rows (beyond it, they spill to disk). A failed task fails
    the run: the batch in progress is not published, the batches before it are (as a killed local run
    leaves them), and the lock is released.
    """
    paths = _input_paths(inputs)
    data = os.fspath(dataset)
    job = _tapelab.IngestJob(paths, data, None if calendar is None else os.fspath(calendar), keep_going,
                             gap_seconds, batch_bytes, task_memory)  # the CLI's errors, raised before any task
    futures: list = []
    try:
        for batch in range(job.batches()):
            # Largest first (Dask runs higher priorities first): a large task started last would
            # leave the other workers idle while it runs.
            tasks = job.file_tasks(batch)
            keys = _keys("ingest-file", [f"{batch}-{i}" for i in range(len(tasks))])
            futures = [client.submit(_ingest_file, data, path, task, key=key, priority=weight, retries=0)
                       for key, (path, task, _, weight) in zip(keys, tasks)]
            _take_parts(futures, job.add_file_part)
            tasks = job.partition_tasks()
            keys = _keys("ingest-partition", [f"{batch}-{label.replace('/', '-')}" for label, _, _, _ in tasks])
            futures = []
            for key, (_, task, after, weight) in zip(keys, tasks):
                spot = None if after is None else futures[after]
                futures.append(client.submit(_ingest_partition, data, task, spot, key=key, priority=weight,
                                             retries=0))
            _take_parts(futures, job.add_partition_part)
            job.commit_batch()
        return job.finish()
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        job.close()
