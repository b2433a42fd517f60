"""Python strategies (tapelab.PyStrategy) run by the C++ engine: a twin of a C++ strategy trades exactly as it
does, errors surface as tapelab.Error, and the context gives nothing past its call."""
import re
import sys

import pytest

import tapelab
from conftest import SOURCE_DIR

sys.path.insert(0, str(SOURCE_DIR / "examples"))
from python_strategy import ShortStraddle, without_strategy  # noqa: E402

ENTRY = 9 * 3600 + 20 * 60  # 09:20:00, the first entry of the twins

# A straddle with a target and a stop tight enough that the generated days hit both, besides the time exit.
TIGHT = dict(entries=(33600, 36000, 38400, 40800, 43200, 45600, 48000, 50400, 52800), target=0.04, stop=0.04,
             max_hold=20 * 60)
TIGHT_CONFIG = """[[strategy]]
name = "tight"
structure = "straddle"
entries = ["09:20", "10:00", "10:40", "11:20", "12:00", "12:40", "13:20", "14:00", "14:40"]
target = 0.04
stop = 0.04
max_hold_minutes = 20
"""


def twin(**params):
    return type("TightTwin", (ShortStraddle,), params)


def rows(frame, strategy):
    return without_strategy(frame[frame["strategy"] == strategy])


@pytest.fixture(scope="module")
def tight_run(dataset_path):
    """The C++ config and its Python twin in one run."""
    return tapelab.backtest(configs=[TIGHT_CONFIG], strategies=[tapelab.PyStrategy(twin(**TIGHT), name="twin")],
                            data=dataset_path)


def test_a_python_twin_trades_as_its_cpp_strategy(tight_run):
    trades, orders = tight_run.trades, tight_run.orders
    assert set(trades["exit_reason"]) >= {"target", "stop", "time"}
    assert (orders["status"] == "note").any()  # skipped entries are logged with their reason
    for frame in (trades, orders, tight_run.daily):
        assert len(rows(frame, "tight")) > 0
        assert rows(frame, "tight").equals(rows(frame, "twin"))


def test_a_different_exit_second_shows(dataset_path, tight_run):
    late = tapelab.backtest(strategies=[tapelab.PyStrategy(twin(**{**TIGHT, "max_hold": 21 * 60}), name="twin")],
                            data=dataset_path)
    assert not rows(tight_run.trades, "tight").equals(rows(late.trades, "twin"))


def test_a_preset_is_unchanged_by_a_python_strategy_beside_it(dataset_path, tight_run):
    alone = tapelab.backtest(configs=[TIGHT_CONFIG], data=dataset_path)
    for name in ("trades", "orders", "daily", "intraday"):
        together = getattr(tight_run, name)
        assert getattr(alone, name).equals(together[together["strategy"] == "tight"].reset_index(drop=True)), name


def test_threads_give_the_same_bytes(dataset_path):
    runs = [tapelab.backtest(presets=["A3"], strategies=[tapelab.PyStrategy(twin(**TIGHT), name="twin")],
                             data=dataset_path, threads=threads) for threads in (1, 2)]
    assert runs[0].files == runs[1].files


class Raises:
    def on_second(self, ctx):
        if ctx.second == ENTRY:
            raise ValueError("no straddle today")


def test_an_exception_fails_the_run_naming_strategy_day_and_second(dataset_path):
    with pytest.raises(tapelab.Error) as error:
        tapelab.backtest(strategies=[tapelab.PyStrategy(Raises, name="raiser")], data=dataset_path, threads=1)
    message = str(error.value)
    assert re.search(r"^strategy raiser, (NIFTY|BANKNIFTY) 2025-11-17 09:20:00: on_second raised:", message)
    assert "Traceback (most recent call last)" in message and "ValueError: no straddle today" in message


class KeepsTheContext:
    def on_day_start(self, ctx):
        self.kept = ctx

    def on_second(self, ctx):
        self.kept.spot()


class KeepsASnapshot:
    def on_second(self, ctx):
        if ctx.second < ENTRY:
            return
        key = tapelab.OptionKey(ctx.expiry(), "CE", ctx.atm_strike(ctx.expiry(), "CE"))
        if ctx.second == ENTRY:
            self.first = ctx.option(key)
            self.first_time = self.first.time
        elif ctx.second > ENTRY and ctx.option(key).time > self.first_time:
            assert self.first.time == self.first_time  # a copy: later rows do not reach it
            raise RuntimeError("the snapshot stayed put")


def test_a_context_kept_past_its_call_raises(dataset_path):
    with pytest.raises(tapelab.Error, match="used after the call it was given to returned"):
        tapelab.backtest(strategies=[tapelab.PyStrategy(KeepsTheContext)], data=dataset_path, threads=1)
    with pytest.raises(tapelab.Error, match="the snapshot stayed put"):
        tapelab.backtest(strategies=[tapelab.PyStrategy(KeepsASnapshot)], data=dataset_path, threads=1)


class Looks:
    """Checks what the context shows against itself at one second, then stops the run with what it saw."""

    def on_second(self, ctx):
        if ctx.second != ENTRY:
            return
        expiry = ctx.expiry()
        assert expiry == ctx.expiries()[0] and ctx.dte(expiry) >= 0 and ctx.date <= expiry
        strike = ctx.atm_strike(expiry, "CE")
        assert strike in ctx.strikes(expiry, "CE") and strike % ctx.strike_step == 0
        assert abs(strike - ctx.spot()) <= ctx.strike_step and ctx.futures() > 0
        key = tapelab.OptionKey(expiry.isoformat(), "CE", strike)
        snap = ctx.option(key)
        assert snap.key == key and snap.time <= ctx.now and snap.age_seconds == (ctx.now - snap.time) // 10**9
        assert len(snap.bids) == 5 and snap.bids[0][0] == snap.bid
        assert snap.mid == ((snap.bid + snap.ask) / 2 if snap.bid > 0 and snap.ask > 0 else None)
        assert ctx.mark(key) == (None if snap.crossed else snap.mid)  # any age: max_quote_age is a day
        greeks = ctx.greeks(key)  # the ATM call of a quoted chain prices
        assert greeks.status == "ok" and greeks.premium == snap.mid and 0.3 < greeks.delta < 0.7 and greeks.iv > 0
        result = ctx.submit(key, "SELL", lots=2, note="look")
        if result.filled:
            (leg,) = ctx.open_legs
            assert (leg.key, leg.side, leg.lots, leg.structure_id) == (key, "SELL", 2, result.structure_id)
            ctx.close(leg, 1, reason="target")
            assert ctx.open_legs[0].lots == 1
        raise RuntimeError(f"looked: {ctx.underlying} {ctx.seconds_since_open} s after the open, {result.reason}")


def test_the_context_shows_the_as_of_market_and_trades(dataset_path):
    with pytest.raises(tapelab.Error, match=r"RuntimeError: looked: (NIFTY|BANKNIFTY) 300 s after the open"):
        tapelab.backtest(strategies=[tapelab.PyStrategy(Looks, execution={"max_quote_age": 86400})],
                         data=dataset_path, threads=1)


def test_settings_are_read_as_a_config_reads_them(dataset_path):
    strategy = tapelab.PyStrategy(twin(**TIGHT), name="twin", execution={"square_off": "14:00", "latency": 0},
                                  capital={"capital": 2e6, "margin_pct": {"NIFTY": 12}})
    result = tapelab.backtest(strategies=[strategy], data=dataset_path)
    (resolved,) = result.provenance["configuration"]["strategies"]
    assert resolved["type"] == "python" and "TightTwin" in resolved["parameters"]
    assert resolved["execution"]["square_off"] == "14:00:00" and resolved["capital"]["capital"] == 2e6
    assert result.trades["exit_time"].max() <= "14:00:00"
    with pytest.raises(tapelab.Error, match="settings of twin.*latenc"):
        tapelab.backtest(strategies=[tapelab.PyStrategy(twin(), name="twin", execution={"latenc": 1})],
                         data=dataset_path)


class NoOnSecond:
    def on_day_start(self, ctx):
        pass


class NotAMethod:
    on_second = 5


def test_bad_arguments_are_clear_errors(dataset_path):
    with pytest.raises(TypeError, match="has no on_second"):
        tapelab.PyStrategy(NoOnSecond)
    with pytest.raises(TypeError, match="has no on_second"):
        tapelab.PyStrategy(NotAMethod)
    with pytest.raises(TypeError, match="takes a strategy class"):
        tapelab.PyStrategy(Raises())
    with pytest.raises(ValueError, match="not both"):
        tapelab.PyStrategy(Raises, config="[execution]\nlatency = 1\n", execution={"latency": 1})
    with pytest.raises(TypeError, match="PyStrategy objects"):
        tapelab.backtest(strategies=[Raises], data=dataset_path)
    with pytest.raises(tapelab.Error, match='"A3" is used twice'):
        tapelab.backtest(presets=["A3"], strategies=[tapelab.PyStrategy(Raises, name="A3")], data=dataset_path)
