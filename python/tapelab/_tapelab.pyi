"""Type stubs of the native module (python/src/); the tapelab package wraps it."""
import datetime
import os
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

Float64Array = npt.NDArray[np.float64]
Int8Array = npt.NDArray[np.int8]

class Error(RuntimeError):
    """A tapelab error, with the CLI's message."""

# Dataset (dataset_bindings.cpp)
def dataset_days(root: str | os.PathLike[str]) -> list[tuple[str, str, list[str]]]: ...
def dataset_info(root: str | os.PathLike[str]) -> dict[str, object]: ...
def dataset_day(root: str | os.PathLike[str], date: str, underlying: str, kind: str, columns: list[str],
                expiries: str) -> dict[str, object]: ...

# Pricing (vector_pricing.cpp)
def iv_statuses() -> list[str]: ...
def price(model: str, underlying: Float64Array, strike: Float64Array, years: Float64Array, vol: Float64Array,
          rate: Float64Array, dividend: Float64Array, is_put: Int8Array) -> Float64Array: ...
def greeks(model: str, underlying: Float64Array, strike: Float64Array, years: Float64Array, vol: Float64Array,
           rate: Float64Array, dividend: Float64Array, is_put: Int8Array) -> dict[str, Float64Array]: ...
def implied_vol(model: str, premium: Float64Array, underlying: Float64Array, strike: Float64Array,
                years: Float64Array, rate: Float64Array, dividend: Float64Array,
                is_put: Int8Array) -> tuple[Float64Array, Int8Array]: ...

# Jobs (job_bindings.cpp)
def write_files(files: list[tuple[str, bytes]], out_dir: str) -> None: ...

class BacktestRequest:
    config_files: list[str]
    presets: list[str]
    data: str
    start: str
    end: str
    underlyings: list[str]
    threads: int
    truth: str
    def __init__(self) -> None: ...
    def add_config_text(self, source: str, text: str) -> None: ...
    def add_python_strategy(self, cls: Callable[[], object], name: str, description: str, settings_source: str,
                            settings_text: str, underlyings: list[str], expiries: int, max_dte: int | None,
                            strike_steps: float | None) -> None: ...

class BacktestRun:
    def files(self) -> list[tuple[str, bytes]]: ...
    def summary_text(self) -> str: ...

def backtest(request: BacktestRequest) -> BacktestRun: ...

class SweepRequest:
    config: str
    data: str
    start: str
    end: str
    underlyings: list[str]
    threads: int
    keep_trades: bool
    rank_by: str
    split: str
    walk_forward: list[int]
    picks: int
    top: int
    def __init__(self) -> None: ...

class SweepRun:
    def files(self) -> list[tuple[str, bytes]]: ...
    def text(self) -> str: ...

def sweep(request: SweepRequest) -> SweepRun: ...

class TruthBuildRequest:
    dataset: str
    out: str
    start: str
    end: str
    underlyings: list[str]
    threads: int
    params: str
    def __init__(self) -> None: ...

def truth_build(request: TruthBuildRequest) -> str: ...
def truth_tables(truth: str, start: str, end: str, underlyings: list[str], format: str) -> str: ...

# Runs split into parts (distributed_bindings.cpp, for tapelab.distributed)
def manifest_hash(data: str) -> str | None: ...
def backtest_days(request: BacktestRequest) -> list[tuple[str, str]]: ...
def sweep_days(request: SweepRequest) -> tuple[list[tuple[str, str]], int]: ...
def backtest_part(request: BacktestRequest, date: str, underlying: str) -> bytes: ...
def sweep_part(request: SweepRequest, date: str, underlying: str, first: int, count: int) -> bytes: ...
def merge_backtest(request: BacktestRequest, manifest_hash: str | None, parts: list[bytes]) -> BacktestRun: ...
def merge_sweep(request: SweepRequest, manifest_hash: str | None, parts: list[bytes]) -> SweepRun: ...

# A truth build split into days (truth_part_bindings.cpp, for tapelab.distributed)
class TruthBuildJob:
    def __init__(self, request: TruthBuildRequest) -> None: ...
    def tasks(self) -> list[tuple[str, str, bytes]]: ...
    def add_part(self, index: int, part: bytes) -> None: ...
    def finish(self) -> str: ...
    def close(self) -> None: ...

def truth_day_part(task: bytes) -> bytes: ...

# Python strategies (strategy_context.cpp): what on_day_start and on_second see
class OptionKey:
    expiry: datetime.date
    type: str
    strike: int
    def __init__(self, expiry: datetime.date | str, type: str, strike: int) -> None: ...

class OptionSnapshot:
    key: OptionKey
    lot_size: int
    time: int
    age_seconds: int
    ltp: float
    trade_age_seconds: int | None
    bids: list[tuple[float, int]]
    asks: list[tuple[float, int]]
    bid: float
    ask: float
    volume: int
    volume_last_second: int
    oi: int
    mid: float | None
    crossed: bool

class OptionGreeks:
    status: str
    premium: float
    underlying: float
    years: float
    iv: float
    delta: float
    gamma: float
    theta: float
    vega: float

class OpenLeg:
    structure_id: int
    key: OptionKey
    side: str
    lots: int
    quantity: int
    entry_price: float
    entry_time: int

class OrderResult:
    id: int
    filled: bool
    reason: str
    price: float
    quantity: int
    quote_age_seconds: int
    time: int
    resting: bool
    pending: bool
    structure_id: int

class StrategyContext:
    now: int
    date: datetime.date
    second: int
    seconds_since_open: int
    underlying: str
    strike_step: int
    open_legs: list[OpenLeg]
    def spot(self) -> float | None: ...
    def futures(self) -> float | None: ...
    def expiries(self) -> list[datetime.date]: ...
    def expiry(self, choice: str | tuple[int, int] = "nearest") -> datetime.date | None: ...
    def dte(self, expiry: datetime.date | str) -> int: ...
    def strikes(self, expiry: datetime.date | str, type: str) -> list[int]: ...
    def atm_strike(self, expiry: datetime.date | str, type: str, convention: str = "nearest") -> int | None: ...
    def nearest_strike(self, expiry: datetime.date | str, type: str, target: float) -> int | None: ...
    def option(self, key: OptionKey) -> OptionSnapshot | None: ...
    def greeks(self, key: OptionKey) -> OptionGreeks: ...
    def submit(self, key: OptionKey, side: str, lots: int = 1, limit: float | None = None, structure_id: int = 0,
               note: str = "", exit_reason: str | None = None) -> OrderResult: ...
    def cancel(self, order_id: int) -> None: ...
    def close(self, leg: OpenLeg, lots: int | None = None, reason: str = "signal") -> None: ...
    def log(self, message: str) -> None: ...
    def mark(self, key: OptionKey, model: str | None = None) -> float | None: ...
