"""tapelab from Python: the dataset as numpy arrays or pandas, vectorised
option pricing, backtests, sweeps and market truth, with the speed of the C++
library underneath.

    import tapelab
    tapelab.ingest("demo-output/recording", "my-dataset")      # dumps and Parquet history -> a dataset
    ds = tapelab.Dataset("demo-output/dataset")
    day = ds.day("2025-11-25", "NIFTY", columns=["timestamp", "strike", "bp0", "sp0"])
    iv = tapelab.pricing.implied_vol(premium, forward, strike, years, "CE")
    result = tapelab.backtest(presets=["A1"], data="demo-output/dataset")
    result.trades, result.summary, result.write("out")
    tapelab.backtest(strategies=[tapelab.PyStrategy(MyStrategy)], data=...)   # a Python strategy

docs/python.md describes every function.
"""
from ._tapelab import Error, OpenLeg, OptionGreeks, OptionKey, OptionSnapshot, OrderResult, StrategyContext
from .dataset import Dataset, Day, ingest
from .runs import BacktestResult, SweepResult, backtest, sweep
from .strategy import PyStrategy
from . import pricing, truth

__all__ = ["BacktestResult", "Dataset", "Day", "Error", "OpenLeg", "OptionGreeks", "OptionKey", "OptionSnapshot",
           "OrderResult", "PyStrategy", "StrategyContext", "SweepResult", "backtest", "ingest", "pricing", "sweep", "truth"]
