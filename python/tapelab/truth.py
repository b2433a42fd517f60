"""Market truth from Python: ``tapelab truth build`` and ``tapelab truth tables``
(docs/market-truth.md), run by the same C++ code as the CLI.
"""
from __future__ import annotations

import os

from . import _tapelab
from .runs import _days, day_range, read_csv

FORMATS = ("text", "md", "csv", "json", "html")


def build_request(data, out, start=None, end=None, underlyings=None, threads: int = 0, params=None):
    """The request of ``tapelab truth build DATA --out OUT`` with these options (build()'s)."""
    request = _tapelab.TruthBuildRequest()
    request.dataset = os.fspath(data)
    request.out = os.fspath(out)
    _days(request, start, end, underlyings)
    request.threads = threads
    request.params = "" if params is None else os.fspath(params)
    return request


def build(data, out, start=None, end=None, underlyings=None, threads: int = 0, params=None) -> str:
    """Builds the truth tables of a dataset's days into ``out`` (incremental, atomic), as
    ``tapelab truth build`` does; returns the text it prints. params: a JSON file overriding
    default parameters. Runs without the GIL; raises tapelab.Error with the CLI's message.
    """
    return _tapelab.truth_build(build_request(data, out, start, end, underlyings, threads, params))


def tables(truth, start=None, end=None, underlyings=None, format: str = "text") -> str:
    """The statistics tables of a truth folder, as ``tapelab truth tables --format FORMAT`` prints
    them (text, md, csv, json or html)."""
    return _tapelab.truth_tables(os.fspath(truth), *day_range(start, end, underlyings), format)


def tables_frame(truth, start=None, end=None, underlyings=None):
    """The statistics tables as one long DataFrame (table, underlying, dte_bucket, time_of_day,
    regime, statistic, value), parsed from the CSV form; NaN where a statistic has no value."""
    return read_csv(tables(truth, start, end, underlyings, format="csv").encode())
