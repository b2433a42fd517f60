"""Type stubs of the native module (python/src/); the tapelab package wraps it."""
import os

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
