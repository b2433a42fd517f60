"""Type stubs of the tapelab package: its names, each typed in its own module."""
from ._tapelab import (Error as Error, OpenLeg as OpenLeg, OptionGreeks as OptionGreeks, OptionKey as OptionKey,
                       OptionSnapshot as OptionSnapshot, OrderResult as OrderResult, StrategyContext as StrategyContext)
from .dataset import Dataset as Dataset, Day as Day, ingest as ingest
from .runs import BacktestResult as BacktestResult, SweepResult as SweepResult, backtest as backtest, sweep as sweep
from .strategy import PyStrategy as PyStrategy
from . import pricing as pricing, truth as truth

__all__ = ["BacktestResult", "Dataset", "Day", "Error", "OpenLeg", "OptionGreeks", "OptionKey", "OptionSnapshot",
           "OrderResult", "PyStrategy", "StrategyContext", "SweepResult", "backtest", "ingest", "pricing", "sweep", "truth"]
