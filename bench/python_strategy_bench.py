"""A Python strategy against its C++ twin, on the same days (bench/python_strategy.sh).

Runs, each the best of RUNS, one thread unless said:
  cpp      preset A3 alone
  cpp x11  A3 and 10 copies of it (a strategy's own cost is a few ms a day, far
           below the noise of one run, so it is measured on ten)
  both     A3 and its Python twin (examples/python_strategy.py) in one run
  idle     A3 and a Python strategy whose on_second returns at once
Both Python strategies load what A3 loads (strike_steps=0: the ATM window)
plus every option column a snapshot shows. The engine loads a day once for all
its strategies, so a strategy's own cost is what it adds to a run: C++ =
(cpp x11 - cpp) / 10, Python = both - cpp, and of that, idle - cpp is the
engine calling into Python every second. `both` on 2 threads shows what
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
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        tapelab.backtest(**kwargs)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    data, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    day_files = len(tapelab.Dataset(data).days())
    print(f"{day_files} day files in {data}, best of {runs}, load average before: {os.getloadavg()[0]:.2f}")
    twin = tapelab.PyStrategy(A3Twin, name="A3-python", strike_steps=0)
    idle = tapelab.PyStrategy(Idle, name="idle", strike_steps=0)
    copies = "".join(f'[[strategy]]\npreset = "A3"\nname = "A3-{i}"\n' for i in range(10))
    t = {
        "cpp": timed(runs, presets=["A3"], data=data, threads=1),
        "cpp x11": timed(runs, presets=["A3"], configs=[copies], data=data, threads=1),
        "both": timed(runs, presets=["A3"], strategies=[twin], data=data, threads=1),
        "idle": timed(runs, presets=["A3"], strategies=[idle], data=data, threads=1),
        "cpp, 2 threads": timed(runs, presets=["A3"], data=data, threads=2),
        "both, 2 threads": timed(runs, presets=["A3"], strategies=[twin], data=data, threads=2),
    }
    for name, seconds in t.items():
        print(f"run {name:<16} {seconds:7.3f} s, {seconds / day_files * 1000:8.1f} ms per day file")
    cpp_cost = (t["cpp x11"] - t["cpp"]) / 10 / day_files * 1000
    python_cost = (t["both"] - t["cpp"]) / day_files * 1000
    calls = (t["idle"] - t["cpp"]) / day_files * 1000
    print(f"A3 in C++:    {cpp_cost:8.1f} ms per strategy-day")
    print(f"A3 in Python: {python_cost:8.1f} ms per strategy-day, {python_cost / cpp_cost:.0f}x C++ "
          f"({calls:.1f} ms of it calling a no-op on_second every second)")
    print(f"2 threads against 1: A3 alone {t['cpp'] / t['cpp, 2 threads']:.2f}x, "
          f"A3 + twin {t['both'] / t['both, 2 threads']:.2f}x as fast")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
