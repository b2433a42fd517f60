"""Strategies written in Python, run by the C++ engine beside the presets (docs/python.md#python-strategies).

    class Straddle:
        def on_day_start(self, ctx): ...          # optional
        def on_second(self, ctx):
            if ctx.second == 33600:                # 09:20:00
                expiry = ctx.expiry()
                for type in ("CE", "PE"):
                    key = tapelab.OptionKey(expiry, type, ctx.atm_strike(expiry, type))
                    ctx.submit(key, "SELL", lots=1)

    tapelab.backtest(presets=["A1"], strategies=[tapelab.PyStrategy(Straddle, execution={"square_off": "15:20"})],
                     data="demo-output/dataset")
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping

_SETTINGS_TABLES = ("execution", "capital", "greeks")


def _toml_value(value) -> str:
    """One value in TOML: what a settings keyword holds (text, numbers, booleans, a table of them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"a strategy setting must be text, a number, a boolean or a table of them, not {value!r}")


def _settings_text(tables: Mapping[str, Mapping | None]) -> str:
    """[execution]/[capital]/[greeks] keywords as the TOML the engine's config reader takes."""
    lines = []
    for table, keys in tables.items():
        if keys:
            lines.append(f"[{table}]")
            lines += [f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in keys.items()]
    return "".join(line + "\n" for line in lines)


class PyStrategy:
    """A Python strategy class for tapelab.backtest(strategies=[...]).

    cls: a class whose instances have ``on_second(ctx)`` and optionally ``on_day_start(ctx)``; the engine makes
    a fresh instance for every day (called with no arguments) and hands each call a tapelab.StrategyContext.
    name: the strategy's name in the records (default: the class's name). Settings, read by the same rules as a
    strategy config's file-wide tables: config, a TOML file or TOML text (a str holding a newline) of
    ``[execution]``, ``[capital]`` and ``[greeks]`` tables; or the keyword dicts execution, capital and greeks
    (e.g. ``execution={"square_off": "15:25", "latency": 1}``), not both. underlyings: only these (default: all).
    What a day loads: expiries, the nearest expiries it can trade (1: the nearest; 0: any, bounded by max_dte);
    strike_steps, strikes within this many strike steps of the day's spot range (default: every strike).
    """

    def __init__(self, cls, *, name: str | None = None, config: str | os.PathLike | None = None,
                 execution: Mapping | None = None, capital: Mapping | None = None, greeks: Mapping | None = None,
                 underlyings=None, expiries: int = 1, max_dte: int | None = None,
                 strike_steps: float | None = None):
        if not callable(cls):
            raise TypeError(f"PyStrategy takes a strategy class, not {cls!r}")
        if not callable(getattr(cls, "on_second", None)):
            raise TypeError(f"{getattr(cls, '__qualname__', cls)!r} has no on_second(ctx) method")
        day_start = getattr(cls, "on_day_start", None)
        if day_start is not None and not callable(day_start):
            raise TypeError(f"{cls.__qualname__}.on_day_start is not a method")
        self.cls = cls
        self.name = name or cls.__name__
        self.settings_source, self.settings_text = self._settings(config, execution, capital, greeks)
        self.underlyings = [underlyings] if isinstance(underlyings, str) else list(underlyings or [])
        if expiries < 0:
            raise ValueError(f"expiries must be >= 0 (0: any), not {expiries}")
        self.expiries, self.max_dte, self.strike_steps = expiries, max_dte, strike_steps

    def _settings(self, config, execution, capital, greeks) -> tuple[str, str]:
        keywords = {"execution": execution, "capital": capital, "greeks": greeks}
        if config is None:
            return f"settings of {self.name}", _settings_text(keywords)
        if any(keywords.values()):
            raise ValueError("give the settings as config or as execution/capital/greeks keywords, not both")
        if isinstance(config, str) and "\n" in config:
            return f"settings of {self.name}", config
        with open(config, encoding="utf-8") as file:
            return os.fspath(config), file.read()

    def add_to(self, request) -> None:
        """Adds this strategy to a native BacktestRequest."""
        description = f"Python class {self.cls.__module__}.{self.cls.__qualname__}"
        request.add_python_strategy(self.cls, self.name, description, self.settings_source, self.settings_text,
                                    self.underlyings, self.expiries, self.max_dte, self.strike_steps)

    def __repr__(self) -> str:
        return f"PyStrategy({self.cls.__qualname__}, name={self.name!r})"
