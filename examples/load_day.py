"""Load a day of the dataset into pandas and look at its nearest expiry.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/load_day.py demo-output/dataset
"""
import sys

import tapelab

dataset = tapelab.Dataset(sys.argv[1] if len(sys.argv) > 1 else "demo-output/dataset")
date, underlying, kinds = dataset.days()[-1]
print(f"{dataset}: {len(dataset.days())} day-underlyings; the last is {date} {underlying} with {', '.join(kinds)}")

frame = dataset.day(date, underlying, pandas=True,
                    columns=["timestamp", "expiry", "opt_type", "strike", "bp0", "sp0", "oi", "spot_price"])
print(f"nearest expiry {frame['expiry'].iloc[0].date()}: {len(frame):,} rows, {frame['strike'].nunique()} strikes")

# The last quote of each contract, and the strike nearest the last spot.
last = frame.groupby(["opt_type", "strike"]).tail(1)
spot = frame["spot_price"].dropna().iloc[-1]
atm = last.loc[(last["strike"] - spot).abs().idxmin(), "strike"]
print(f"last spot {spot:.2f}, ATM strike {atm}")
print(last[last["strike"] == atm][["opt_type", "strike", "timestamp", "bp0", "sp0", "oi"]].to_string(index=False))
