"""A tapelab dataset (docs/dataset.md) read into numpy arrays or pandas, and written by ingest()."""
from __future__ import annotations

import datetime
import os
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from . import _tapelab
from ._dates import iso, to_date


class Day(Mapping):
    """One partition's columns, in file order, as numpy arrays.

    Floats hold NaN for null. Integer, boolean, date and timestamp columns
    that may hold nulls have a validity mask (``mask(name)``, True = valid);
    their null slots hold 0. Strings are Python objects (None for null).
    Timestamps are IST wall-clock times, as the dataset stores them.
    """

    def __init__(self, date: datetime.date, underlying: str, kind: str, native: dict):
        self.date = date
        self.underlying = underlying
        self.kind = kind
        self.rows: int = native["rows"]
        self._columns: dict[str, np.ndarray] = native["columns"]
        self._masks: dict[str, np.ndarray] = native["masks"]

    def __getitem__(self, name: str) -> np.ndarray:
        return self._columns[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        return f"Day({self.date}, {self.underlying}, {self.kind}: {self.rows} rows x {len(self)} columns)"

    def mask(self, name: str) -> np.ndarray | None:
        """The validity mask of a column (True = valid), or None where nulls show as NaN or None."""
        if name not in self._columns:
            raise KeyError(name)
        return self._masks.get(name)

    def to_pandas(self):
        """A DataFrame: nullable integer and boolean dtypes where a column has a mask, NaT for null times."""
        import pandas as pd

        data = {}
        for name, values in self._columns.items():
            mask = self._masks.get(name)
            if mask is None:
                data[name] = values
            elif values.dtype.kind in "iu":
                data[name] = pd.arrays.IntegerArray(values, ~mask)
            elif values.dtype.kind == "b":
                data[name] = pd.arrays.BooleanArray(values, ~mask)
            else:  # dates and timestamps
                with_nat = values.copy()
                with_nat[~mask] = np.datetime64("NaT")
                data[name] = with_nat
        return pd.DataFrame(data, copy=False)


class Dataset:
    """A dataset folder that ``tapelab ingest`` wrote."""

    def __init__(self, path: str | os.PathLike):
        self.path = os.fspath(path)
        if not os.path.isdir(self.path):
            raise _tapelab.Error(f"{self.path}: no such dataset folder")

    def __repr__(self) -> str:
        return f"Dataset({self.path!r})"

    def days(self, underlying: str | None = None, kind: str | None = None) -> list[tuple[datetime.date, str, tuple[str, ...]]]:
        """(date, underlying, kinds present) for every published day, in order."""
        out = []
        for date, name, kinds in _tapelab.dataset_days(self.path):
            if underlying is not None and name != underlying:
                continue
            if kind is not None and kind not in kinds:
                continue
            out.append((to_date(date), name, tuple(kinds)))
        return out

    def info(self) -> dict:
        """The manifest in numbers: version, sources, and partitions, rows and bytes per kind."""
        return _tapelab.dataset_info(self.path)

    def day(self, date, underlying: str, kind: str = "options", columns: Sequence[str] | None = None,
            expiries="nearest", pandas: bool = False):
        """One day's partition as a Day of numpy arrays (or a pandas DataFrame).

        expiries (options only): "nearest" (the default), "all", or one expiry date.
        An unknown day, column or expiry raises tapelab.Error naming it.
        """
        expiry_text = expiries if expiries in ("nearest", "all") else iso(expiries)
        native = _tapelab.dataset_day(self.path, iso(date), underlying, kind, list(columns or []), expiry_text)
        day = Day(to_date(iso(date)), underlying, kind, native)
        return day.to_pandas() if pandas else day

    def iter_days(self, start=None, end=None, underlying: str | None = None, kind: str = "options",
                  columns: Sequence[str] | None = None, expiries="nearest", pandas: bool = False):
        """Yields (date, underlying, day) for every published day in [start, end], one day in memory at a time."""
        first = to_date(iso(start)) if start is not None else datetime.date.min
        last = to_date(iso(end)) if end is not None else datetime.date.max
        for date, name, _ in self.days(underlying, kind):
            if first <= date <= last:
                yield date, name, self.day(date, name, kind, columns, expiries, pandas)


def _input_paths(inputs) -> list[str]:
    """An ingest's inputs, one path or a list of them, as strings."""
    if isinstance(inputs, (str, os.PathLike)):
        return [os.fspath(inputs)]
    return [os.fspath(p) for p in inputs]


def ingest(inputs, dataset, *, calendar=None, keep_going: bool = False, gap_seconds: int = 60,
           batch_bytes: int = 8 << 30, memory_budget: int = 2 << 30, jobs: int = 0) -> str:
    """``tapelab ingest INPUTS --out DATASET`` in this process, with the CLI's flags (``--calendar``,
    ``--keep-going``, ``--gap-seconds``, ``--batch-size``, ``--memory-budget`` and ``--jobs``, sizes in
    bytes); returns what it prints. ``inputs``: dump files, recording folders, Parquet files or trees (a
    path or a list). Raises tapelab.Error with the CLI's message. tapelab.distributed.ingest runs the same
    on a Dask cluster."""
    return _tapelab.ingest(_input_paths(inputs), os.fspath(dataset), None if calendar is None else os.fspath(calendar),
                           keep_going, gap_seconds, batch_bytes, memory_budget, jobs)
