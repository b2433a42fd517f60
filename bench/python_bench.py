"""The Python package against the C++ underneath it, in one run (bench/python.sh).

  - a full-scale day's options columns (nearest expiry) into numpy through
    tapelab.Dataset.day, against bench/read_day decoding the same columns of
    the same file with the C++ reader (the bar: <= 1.2x);
  - vectorised implied volatility over 1M options: the rate on one core
    (the process pinned to CPU 0, so oneTBB runs one thread) and on all.

    python_bench.py BUILD_DIR DATASET [RUNS]
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

import tapelab

COLUMNS = ["timestamp", "expiry", "opt_type", "strike", "price", "volume", "oi", "bp0", "bq0", "sp0", "sq0",
           "bp1", "sp1", "bp2", "sp2", "bp3", "sp3", "bp4", "sp4", "bq1", "sq1", "bq2", "sq2", "bq3", "sq3",
           "bq4", "sq4", "vol_delta", "spot_price"]


def best_of(runs, body):
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(runs):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        body()
        best_wall = min(best_wall, time.perf_counter() - wall0)
        best_cpu = min(best_cpu, time.process_time() - cpu0)
    return best_wall, best_cpu


def day_into_numpy(build, dataset_path, runs):
    ds = tapelab.Dataset(dataset_path)
    with open(os.path.join(dataset_path, "manifest.json")) as manifest:
        partitions = json.load(manifest)["partitions"]
    largest = max((p for p in partitions if p["kind"] == "options" and p["underlying"] == "NIFTY"),
                  key=lambda p: p["rows"])
    date, underlying = largest["date"], "NIFTY"
    day = ds.day(date, underlying, columns=COLUMNS)
    expiry_days = int(day["expiry"][0].astype(np.int64))
    wall, cpu = best_of(runs, lambda: ds.day(date, underlying, columns=COLUMNS))
    file = os.path.join(dataset_path, "options", f"date={date}", f"underlying={underlying}", "part-0.parquet")
    cpp = json.loads(subprocess.run([os.path.join(build, "bench", "read_day"), file, str(expiry_days), str(runs),
                                     *COLUMNS], check=True, capture_output=True, text=True).stdout)
    assert cpp["rows"] == day.rows, (cpp["rows"], day.rows)
    print(f"day into numpy: the largest NIFTY day, {date}, {day.rows:,} rows x {len(COLUMNS)} columns (nearest expiry)")
    print(f"  tapelab.Dataset.day  {wall:.3f} s wall  {cpu:.3f} s CPU")
    print(f"  C++ reader alone     {cpp['wall']:.3f} s wall  {cpp['cpu']:.3f} s CPU")
    print(f"  ratio                {wall / cpp['wall']:.2f}x wall  {cpu / cpp['cpu']:.2f}x CPU   (bar: <= 1.2x)")


def iv_rate(runs):
    rng = np.random.default_rng(1)
    n = 1_000_000
    forward = rng.uniform(20000, 24000, n)
    strike = np.round(rng.uniform(19000, 25000, n) / 50) * 50
    years = rng.uniform(0.001, 0.2, n)
    types = np.where(rng.random(n) < 0.5, "CE", "PE")
    premium = tapelab.pricing.price(forward, strike, years, rng.uniform(0.05, 0.6, n), types, rate=0.065)
    wall, cpu = best_of(runs, lambda: tapelab.pricing.implied_vol(premium, forward, strike, years, types, rate=0.065))
    return n, wall, cpu


def main():
    build, dataset_path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    if os.environ.get("TAPELAB_BENCH_IV_ONLY"):
        n, wall, _ = iv_rate(runs)
        print(json.dumps({"rate": n / wall}))
        return
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    day_into_numpy(build, dataset_path, runs)
    one = json.loads(subprocess.run(["taskset", "-c", "0", sys.executable, __file__, build, dataset_path, str(runs)],
                                    env={**os.environ, "TAPELAB_BENCH_IV_ONLY": "1"}, check=True,
                                    capture_output=True, text=True).stdout)
    n, wall, cpu = iv_rate(runs)
    print(f"implied vol over {n:,} options (Black-76, calls and puts, inputs broadcast already)")
    print(f"  one core   {one['rate'] / 1e6:.2f}M/s   (floor 1M/s, aim 5M/s)")
    print(f"  all cores  {n / wall / 1e6:.2f}M/s wall, {n / cpu / 1e6:.2f}M/s per CPU second")


if __name__ == "__main__":
    main()
