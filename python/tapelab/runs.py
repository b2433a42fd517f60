"""Backtests and sweeps from Python: the CLI's jobs (``tapelab backtest``,
``tapelab sweep``), run by the same C++ code, with their output files in
memory and their tables as pandas DataFrames parsed from exactly those bytes.
"""
from __future__ import annotations

import io
import json
import os
from collections.abc import Sequence
from functools import cached_property

from . import _tapelab
from ._dates import iso
from .strategy import PyStrategy


def read_csv(data: bytes):
    """One of the CLI's CSV files as a DataFrame; reading the file it wrote gives an equal frame.

    Floats are parsed round-trip, so each value is the double the CLI printed.
    """
    import pandas as pd

    return pd.read_csv(io.BytesIO(data), float_precision="round_trip")


class OutputFiles:
    """Output files held in memory (name -> bytes, in the CLI's order), written like the CLI writes them."""

    def __init__(self, files: Sequence[tuple[str, bytes]]):
        self.files: dict[str, bytes] = dict(files)

    def write(self, out: str | os.PathLike) -> None:
        """Writes every file into ``out`` (created if needed), each atomically, byte for byte the CLI's."""
        _tapelab.write_files(list(self.files.items()), os.fspath(out))

    def _json(self, name: str) -> dict:
        return json.loads(self.files[name])

    @cached_property
    def provenance(self) -> dict:
        """provenance.json: the dataset (path as given, manifest hash) and the resolved configuration."""
        return self._json("provenance.json")


def _table_property(name: str, doc: str) -> cached_property:
    """A DataFrame of the CSV file `name`, parsed when first asked for."""
    def table(self):
        return self._table(name)

    table.__doc__ = doc
    return cached_property(table)


class BacktestResult(OutputFiles):
    """A backtest's records as DataFrames (``trades``, ``orders``, ``daily``, ``intraday``, ``equity``),
    ``summary`` (summary.json as a dict), ``text`` (the table the CLI prints) and ``write(dir)``.
    """

    def __init__(self, files: Sequence[tuple[str, bytes]], text: str):
        super().__init__(files)
        self.text = text

    def _table(self, name: str):
        return read_csv(self.files[name])

    trades = _table_property("trades.csv", "trades.csv: one row per leg round trip.")
    orders = _table_property("orders.csv", "orders.csv: every order and skipped entry with its outcome.")
    daily = _table_property("daily.csv", "daily.csv: one row per strategy and day.")
    intraday = _table_property("intraday.csv", "intraday.csv: each strategy's day minute by minute.")
    equity = _table_property("equity.csv", "equity.csv: each strategy's equity curve, day by day.")

    @cached_property
    def summary(self) -> dict:
        """summary.json: the metrics of every strategy."""
        return self._json("summary.json")

    def __repr__(self) -> str:
        return f"BacktestResult({len(self.summary.get('strategies', []))} strategies)\n{self.text}"


class SweepResult(OutputFiles):
    """A sweep's ``ranking`` (sweep.csv as a DataFrame), ``ranking_json``, ``walk_forward`` (a DataFrame,
    or None without walk-forward), ``backtest`` (every variant's report, with keep_trades; else None),
    ``text`` (what the CLI prints) and ``write(dir)``.
    """

    def __init__(self, files: Sequence[tuple[str, bytes]], text: str):
        super().__init__(files)
        self.text = text

    @cached_property
    def ranking(self):
        """sweep.csv: every variant with its figures, best first."""
        return read_csv(self.files["sweep.csv"])

    @cached_property
    def ranking_json(self) -> dict:
        """sweep.json."""
        return self._json("sweep.json")

    @cached_property
    def walk_forward(self):
        """walk-forward.csv, or None when the sweep had no --split or --walk-forward."""
        data = self.files.get("walk-forward.csv")
        return None if data is None else read_csv(data)

    @cached_property
    def backtest(self) -> BacktestResult | None:
        """Every variant's trades, orders, ... (the backtest/ folder), with keep_trades=True."""
        if "backtest/trades.csv" not in self.files:
            return None
        folder = "backtest/"
        return BacktestResult([(n[len(folder):], b) for n, b in self.files.items() if n.startswith(folder)], "")

    def __repr__(self) -> str:
        return f"SweepResult\n{self.text}"


def _config_request(request, configs) -> None:
    """Configs are TOML file paths, or TOML text (a str holding a newline)."""
    files = []
    for i, config in enumerate(configs):
        if isinstance(config, str) and "\n" in config:
            request.add_config_text(f"config text {i + 1}", config)
        else:
            files.append(os.fspath(config))
    request.config_files = files


def day_range(start, end, underlyings) -> tuple[str, str, list[str]]:
    """start, end and underlyings as the native requests take them ('' for no bound)."""
    names = [underlyings] if isinstance(underlyings, str) else list(underlyings or [])
    return ("" if start is None else iso(start)), ("" if end is None else iso(end)), names


def _days(request, start, end, underlyings) -> None:
    request.start, request.end, request.underlyings = day_range(start, end, underlyings)


def backtest_request(presets: Sequence[str] = (), configs: Sequence = (), *, data, start=None, end=None,
                     underlyings=None, threads: int = 0, truth=None, strategies: Sequence = ()):
    """The native request for backtest() (tapelab.distributed plans from it too)."""
    request = _tapelab.BacktestRequest()
    request.presets = [presets] if isinstance(presets, str) else list(presets)
    _config_request(request, configs)
    for strategy in strategies:
        if not isinstance(strategy, PyStrategy):
            raise TypeError(f"strategies takes tapelab.PyStrategy objects, not {strategy!r}")
        strategy.add_to(request)
    request.data = os.fspath(data)
    _days(request, start, end, underlyings)
    request.threads = threads
    request.truth = "" if truth is None else os.fspath(truth)
    return request


def backtest(presets: Sequence[str] = (), configs: Sequence = (), *, data, start=None, end=None,
             underlyings=None, threads: int = 0, truth=None, strategies: Sequence[PyStrategy] = ()) -> BacktestResult:
    """Runs strategies over a dataset, as ``tapelab backtest`` does.

    presets: built-in preset names (``tapelab strategies`` lists them); configs: strategy config TOML
    files, or TOML text. data: the dataset folder (provenance.json records it as given). start, end:
    the first and last day ('YYYY-MM-DD' or dates); underlyings: only these. threads: days run at once
    (0: all cores). truth: a market truth folder of the same dataset (``--truth``): adds by_regime.csv
    and lets configs filter entries with entry_regimes. strategies: tapelab.PyStrategy objects, Python strategy
    classes run by the same engine beside the presets and configs. The engine runs without the GIL (a Python
    strategy takes it for each of its calls). Raises tapelab.Error with the CLI's message.
    """
    run = _tapelab.backtest(backtest_request(presets, configs, data=data, start=start, end=end,
                                             underlyings=underlyings, threads=threads, truth=truth,
                                             strategies=strategies))
    return BacktestResult(run.files(), run.summary_text())


def sweep_request(sweep_file, *, data, start=None, end=None, underlyings=None, threads: int = 0,
                  keep_trades: bool = False, rank_by: str = "net", split=None, walk_forward=None, picks: int = 1,
                  top: int = 20):
    """The native request for sweep()."""
    request = _tapelab.SweepRequest()
    request.config = os.fspath(sweep_file)
    request.data = os.fspath(data)
    _days(request, start, end, underlyings)
    request.threads = threads
    request.keep_trades = keep_trades
    request.rank_by = rank_by
    request.split = "" if split is None else iso(split)
    request.walk_forward = list(walk_forward or [])
    request.picks = picks
    request.top = top
    return request


def sweep(sweep_file, *, data, start=None, end=None, underlyings=None, threads: int = 0, keep_trades: bool = False,
          rank_by: str = "net", split=None, walk_forward=None, picks: int = 1, top: int = 20) -> SweepResult:
    """Runs every variant of a sweep file, ranks them and walks forward, as ``tapelab sweep`` does.

    The options are the CLI's flags: rank_by (net, return_on_margin, max_drawdown, sharpe, win_rate,
    trades), split (a date) or walk_forward ((in, out) trading days), picks, keep_trades (also every
    variant's report files, in backtest/), top (rows of the printed ranking). Raises tapelab.Error.
    """
    run = _tapelab.sweep(sweep_request(sweep_file, data=data, start=start, end=end, underlyings=underlyings,
                                       threads=threads, keep_trades=keep_trades, rank_by=rank_by, split=split,
                                       walk_forward=walk_forward, picks=picks, top=top))
    return SweepResult(run.files(), run.text())
