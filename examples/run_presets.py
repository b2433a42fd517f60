"""Run presets over a dataset, look at the trades in pandas, then sweep a grid
of variants and walk forward.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/run_presets.py demo-output/dataset
"""
import sys
import tempfile
from pathlib import Path

import tapelab

data = sys.argv[1] if len(sys.argv) > 1 else "demo-output/dataset"
days = tapelab.Dataset(data).days()

# Two presets (`tapelab strategies` lists them all), every day of the dataset.
result = tapelab.backtest(presets=["S1", "B2"], data=data)
print(result.text)
trades = result.trades
print(f"{len(trades)} leg round trips; net by strategy and exit reason:")
print(trades.groupby(["strategy", "exit_reason"])["net"].agg(["count", "sum"]).round(2).to_string())
print(f"best day: {result.daily.loc[result.daily['net'].idxmax(), ['strategy', 'date', 'net']].to_dict()}")

with tempfile.TemporaryDirectory() as out:
    result.write(out)  # the files `tapelab backtest --out` writes, byte for byte
    print(f"wrote {', '.join(sorted(p.name for p in Path(out).iterdir()))}")

# A sweep: every variant of strategies/sweep-example.toml, ranked by net; the
# last day is kept out of sample.
sweep_file = Path(__file__).resolve().parents[1] / "strategies" / "sweep-example.toml"
sweep = tapelab.sweep(sweep_file, data=data, split=days[-1][0], top=5)
print(sweep.text)
print(sweep.ranking[["variant", "net", "trades"]].head(3).to_string(index=False))
