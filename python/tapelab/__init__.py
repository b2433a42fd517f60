"""tapelab from Python: the dataset as numpy arrays or pandas, and vectorised
option pricing, with the speed of the C++ library underneath.

    import tapelab
    ds = tapelab.Dataset("demo-output/dataset")
    day = ds.day("2025-11-20", "NIFTY", columns=["timestamp", "strike", "bp0", "sp0"])
    iv = tapelab.pricing.implied_vol(premium, forward, strike, years, "CE")

docs/python.md describes every function.
"""
from ._tapelab import Error
from .dataset import Dataset, Day
from . import pricing

__all__ = ["Dataset", "Day", "Error", "pricing"]
