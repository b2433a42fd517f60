"""Type stubs of the tapelab package: its names, each typed in its own module."""
from ._tapelab import Error as Error
from .dataset import Dataset as Dataset, Day as Day
from .runs import BacktestResult as BacktestResult, SweepResult as SweepResult, backtest as backtest, sweep as sweep
from . import pricing as pricing, truth as truth

__all__ = ["BacktestResult", "Dataset", "Day", "Error", "SweepResult", "backtest", "pricing", "sweep", "truth"]
