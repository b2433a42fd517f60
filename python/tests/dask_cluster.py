"""A real Dask cluster on loopback for the tests: `dask scheduler` on an
ephemeral port (its address read from a scheduler file) and `dask worker`
processes with one thread each, started in a folder of their own, so a
relative dataset path the tests resolve does not resolve for them."""
import os
import signal
import subprocess
import time
from pathlib import Path

DASK = "/usr/bin/dask"  # Debian's python3-distributed


class Cluster:
    def __init__(self, root: Path, workers: int):
        self.root = root
        self.scheduler_file = root / "scheduler.json"
        self.worker_dir = root / "workers"
        self.worker_dir.mkdir()
        env = os.environ.copy()
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)
        env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = "3"  # a task's worker may die 3 times, no more
        self.env = env
        self.processes = []
        self._start([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                     "--scheduler-file", str(self.scheduler_file)], "scheduler")
        deadline = time.monotonic() + 60
        while not self.scheduler_file.exists():
            assert time.monotonic() < deadline, f"the scheduler did not start:\n{self.log('scheduler')}"
            time.sleep(0.1)
        for i in range(workers):
            self._start([DASK, "worker", "--scheduler-file", str(self.scheduler_file), "--nthreads", "1",
                         "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1",
                         "--local-directory", str(self.worker_dir / f"space{i}")], f"worker{i}")
        from distributed import Client

        self.client = Client(scheduler_file=str(self.scheduler_file), timeout=60)
        self.client.wait_for_workers(workers, timeout=120)

    def _start(self, args, name):
        log = open(self.root / f"{name}.log", "wb")
        self.processes.append(subprocess.Popen(args, cwd=self.worker_dir, env=self.env, stdout=log,
                                               stderr=subprocess.STDOUT))

    def log(self, name) -> str:
        return (self.root / f"{name}.log").read_text(errors="replace")

    def close(self):
        self.client.close()
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def kill_a_busy_worker(client) -> int:
    """SIGKILLs the process (not its nanny) of the first worker seen running a task; returns its pid."""
    pids = client.run(os.getpid)
    victim = None
    deadline = time.monotonic() + 60
    while victim is None:
        assert time.monotonic() < deadline, "no task started"
        busy = [address for address, tasks in client.processing().items() if tasks]
        victim = busy[0] if busy else None
        time.sleep(0.01)
    os.kill(pids[victim], signal.SIGKILL)
    return pids[victim]
