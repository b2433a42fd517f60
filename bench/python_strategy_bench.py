"""A Python strategy against its C++ twin, on the same days (bench/python_strategy.sh).

Runs, each the best of RUNS, one thread unless said:
  cpp      preset A3 alone
  cpp x41  A3 and 40 copies of it (a strategy's own cost is a few ms a day, far
           below the noise of one run, so it is measured on forty)
  both     A3 and its Python twin (examples/python_strategy.py) in one run
  idle     A3 and a Python strategy whose on_second returns at once
Both Python strategies load what A3 loads (strike_steps=0: the ATM window)
plus every option column a snapshot shows. The engine loads a day once for all
its strategies, so a strategy's own cost is what it adds to a run: C++ =
(cpp x41 - cpp) / 40, Python = both - cpp, and of that, idle - cpp is the
engine calling into Python every second. Costs are CPU seconds of the
process (one thread: its CPU time is its work, less disturbed than wall time
on a busy machine); `both` on 2 threads compares wall times, to show what
threads do while Python holds the GIL.

    python_strategy_bench.py DATASET [RUNS]
"""
import os
import sys
import time
from pathlib import Path

import tapelab

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
from python_strategy import A3Twin  # noqa: E402


class Idle:
    def on_second(self, ctx):
        pass


def timed(runs, **kwargs):
    """The best wall and the best CPU seconds of `runs` backtests."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(runs):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        tapelab.backtest(**kwargs)
        wall, cpu = min(wall, time.perf_counter() - wall0), min(cpu, time.process_time() - cpu0)
    return wall, cpu


def main():
    data, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    day_files = len(tapelab.Dataset(data).days())
    print(f"{day_files} day files in {data}, best of {runs}, load average before: {os.getloadavg()[0]:.2f}")
    twin = tapelab.PyStrategy(A3Twin, name="A3-python", strike_steps=0)
    idle = tapelab.PyStrategy(Idle, name="idle", strike_steps=0)
    copies = "".join(f'[[strategy]]\npreset = "A3"\nname = "A3-{i}"\n' for i in range(40))
    t = {
        "cpp": timed(runs, presets=["A3"], data=data, threads=1),
        "cpp x41": timed(runs, presets=["A3"], configs=[copies], data=data, threads=1),
        "both": timed(runs, presets=["A3"], strategies=[twin], data=data, threads=1),
        "idle": timed(runs, presets=["A3"], strategies=[idle], data=data, threads=1),
        "cpp, 2 threads": timed(runs, presets=["A3"], data=data, threads=2),
        "both, 2 threads": timed(runs, presets=["A3"], strategies=[twin], data=data, threads=2),
    }
    for name, (wall, cpu) in t.items():
        print(f"run {name:<16} {wall:7.3f} s wall, {cpu:7.3f} s CPU, {cpu / day_files * 1000:8.1f} CPU-ms per day file")
    cpu = {name: seconds[1] for name, seconds in t.items()}
    cpp_cost = (cpu["cpp x41"] - cpu["cpp"]) / 40 / day_files * 1000
    python_cost = (cpu["both"] - cpu["cpp"]) / day_files * 1000
    calls = (cpu["idle"] - cpu["cpp"]) / day_files * 1000
    print(f"A3 in C++:    {cpp_cost:8.1f} ms per strategy-day")
    print(f"A3 in Python: {python_cost:8.1f} ms per strategy-day, {python_cost / cpp_cost:.0f}x C++ "
          f"({calls:.1f} ms of it calling a no-op on_second every second)")
    print(f"2 threads against 1, wall: A3 alone {t['cpp'][0] / t['cpp, 2 threads'][0]:.2f}x, "
          f"A3 + twin {t['both'][0] / t['both, 2 threads'][0]:.2f}x as fast")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
