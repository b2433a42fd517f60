"""Implied volatility and Greeks of a whole option chain in one call.

Takes the last quote before noon of every contract of the nearest expiry,
derives the forward from put-call parity at the ATM strike, and solves every
mid's IV. Noon, not the close: on an expiry day the chain's last quotes are
mostly options about to expire worthless, with no bid.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/price_chain.py demo-output/dataset
"""
import sys

import numpy as np

import tapelab

RATE = 0.065  # continuously compounded, as the engine's Greeks default (docs/engine-rules.md)

dataset = tapelab.Dataset(sys.argv[1] if len(sys.argv) > 1 else "demo-output/dataset")
date, underlying, _ = dataset.days()[-1]
frame = dataset.day(date, underlying, pandas=True,
                    columns=["timestamp", "expiry", "opt_type", "strike", "bp0", "sp0", "spot_price"])
frame = frame[frame["timestamp"] < np.datetime64(f"{date}T12:00:00")]
last = frame.groupby(["opt_type", "strike"]).tail(1).dropna(subset=["bp0", "sp0"])
last = last[(last["bp0"] > 0) & (last["sp0"] > 0)]
mids = last.assign(mid=(last["bp0"] + last["sp0"]) / 2).pivot(index="strike", columns="opt_type", values="mid").dropna()

# Years to expiry: calendar basis, to 15:30 IST of the expiry day.
now = frame["timestamp"].max()
expiry_close = frame["expiry"].iloc[0] + np.timedelta64(15 * 60 + 30, "m")
years = (expiry_close - now) / np.timedelta64(365 * 86400, "s")

spot = frame["spot_price"].dropna().iloc[-1]
atm = mids.index[np.abs(mids.index - spot).argmin()]
forward = atm + (mids.loc[atm, "CE"] - mids.loc[atm, "PE"]) * np.exp(RATE * years)
print(f"{date} {underlying} at {now}: spot {spot:.2f}, forward {forward:.2f} (parity at {atm}), {years * 365:.2f} days left")

strikes = mids.index.to_numpy(dtype=float)
for side in ("CE", "PE"):
    iv, status = tapelab.pricing.implied_vol(mids[side].to_numpy(), forward, strikes, years, side, rate=RATE,
                                             return_status=True)
    solved = status == "solved"
    greeks = tapelab.pricing.greeks(forward, strikes[solved], years, iv[solved], side, rate=RATE)
    print(f"{side}: {solved.sum()} of {len(strikes)} strikes solved; "
          f"IV at ATM {iv[strikes == atm][0]:.4f}; deltas {greeks['delta'].min():+.3f}..{greeks['delta'].max():+.3f}")
