"""A strategy written in Python, run by the C++ engine beside its C++ twin.

ShortStraddle is the short-premium preset family (strategies/presets/A*.toml, the
managed structure of src/strategies/managed_structure.cpp with only its
straddle, target, stop and max-hold rules) written again over the context API;
A3Twin takes preset A3's parameters. The engine gives both the same fills, costs
and records, so their trades and orders agree row for row (only the strategy's
name differs). python/tests/test_python_strategy.py checks it.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/python_strategy.py demo-output/dataset
"""
import sys

import tapelab

NANOS = 1_000_000_000


def clock(second: int) -> str:
    """Seconds after midnight as the orders log writes them: 09:20, or 09:20:05."""
    hours, minutes, seconds = second // 3600, second // 60 % 60, second % 60
    return f"{hours:02}:{minutes:02}" + (f":{seconds:02}" if seconds else "")


class Structure:
    """One straddle the strategy opened."""

    def __init__(self, opened_at: int):
        self.id = 0
        self.opened_at = opened_at
        self.closing = None    # the exit reason once it is being closed
        self.checked = False   # whether both legs were seen open


class ShortStraddle:
    """Sell the ATM straddle of the nearest expiry at each entry time; close it on a target (a fraction of
    the credit kept), a stop (a multiple of the credit lost), after max_hold seconds, or at the square-off."""

    entries = (9 * 3600 + 20 * 60,)   # seconds after midnight
    target = 0.5
    stop = 2.0
    max_hold = 90 * 60
    lots = 1
    max_open = 1
    square_off = 15 * 3600 + 15 * 60  # the default [execution] square_off, 15:15

    def on_day_start(self, ctx):
        self.next_entry = 0
        self.open: list[Structure] = []

    def on_second(self, ctx):
        # Exits first, so a structure closed this second frees its slot for an entry now.
        for structure in self.open:
            self.manage(ctx, structure)
        self.open = [s for s in self.open if self.legs(ctx, s)]
        while self.next_entry < len(self.entries) and self.entries[self.next_entry] <= ctx.second:
            due = self.entries[self.next_entry]
            self.next_entry += 1
            why = self.enter(ctx, clock(due)) if due == ctx.second else "before the session clock started"
            if why:
                ctx.log(f"entry {clock(due)} skipped: {why}")

    @staticmethod
    def legs(ctx, structure):
        return [leg for leg in ctx.open_legs if leg.structure_id == structure.id]

    def enter(self, ctx, when: str) -> str:
        """Opens a straddle; returns why it did not (empty when it did)."""
        if len(self.open) >= self.max_open:
            return f"{len(self.open)} structure(s) open, max_open_structures = {self.max_open}"
        if ctx.second >= self.square_off:
            return "at or after the square-off time"
        expiry = ctx.expiry("nearest")
        if expiry is None:
            return "no expiry matches the expiry choice"
        strikes = [ctx.atm_strike(expiry, "CE"), ctx.atm_strike(expiry, "PE")]
        if None in strikes:
            return "no spot or no listed strike on the chosen expiry"
        structure = Structure(ctx.now)
        for i, (type, strike) in enumerate(zip(("CE", "PE"), strikes)):
            key = tapelab.OptionKey(expiry, type, strike)
            result = ctx.submit(key, "SELL", lots=self.lots, structure_id=structure.id, note=f"entry {when}")
            structure.id = structure.id or result.structure_id
            if result.reason == "none":
                continue
            why = f"{strike} {type} did not fill ({result.reason})"
            if i == 0:
                return why
            ctx.log(f"entry {when}: {why}; closing the legs that filled at once")
            structure.checked = True
            self.open.append(structure)
            self.close_all(ctx, structure, "no-quote")
            return ""
        self.open.append(structure)
        return ""

    def manage(self, ctx, structure: Structure) -> None:
        legs = self.legs(ctx, structure)
        if not legs or structure.closing:
            return
        if not structure.checked:
            structure.checked = True
            if len(legs) < 2:
                ctx.log(f"structure {structure.id}: {len(legs)} of 2 legs filled; closing them at once")
                return self.close_all(ctx, structure, "no-quote")
        credit, cost, marked = 0.0, 0.0, True
        for leg in legs:
            mark = ctx.mark(leg.key)  # the strategy's mark_model (mid)
            if mark is None:
                marked = False
                break
            sign = 1 if leg.side == "BUY" else -1
            credit -= sign * leg.entry_price * leg.lots
            cost -= sign * mark * leg.lots
        if marked and credit > 0:
            if cost - credit >= self.stop * credit:
                return self.close_all(ctx, structure, "stop")
            if credit - cost >= self.target * credit:
                return self.close_all(ctx, structure, "target")
        if ctx.now - structure.opened_at >= self.max_hold * NANOS:
            self.close_all(ctx, structure, "time")

    def close_all(self, ctx, structure: Structure, reason: str) -> None:
        structure.closing = reason
        for leg in self.legs(ctx, structure):
            ctx.close(leg, leg.lots, reason)


class A3Twin(ShortStraddle):
    """Preset A3: entries 09:20, 10:30, 12:00, 13:30; target 25% of credit, stop 1.5x credit, 15 minutes."""

    entries = (9 * 3600 + 20 * 60, 10 * 3600 + 30 * 60, 12 * 3600, 13 * 3600 + 30 * 60)
    target = 0.25
    stop = 1.5
    max_hold = 15 * 60


def without_strategy(frame):
    return frame.drop(columns="strategy").reset_index(drop=True)


if __name__ == "__main__":
    data = sys.argv[1] if len(sys.argv) > 1 else "demo-output/dataset"
    result = tapelab.backtest(presets=["A3"], strategies=[tapelab.PyStrategy(A3Twin, name="A3-python")], data=data)
    print(result.text)
    trades, orders = result.trades, result.orders
    for name, frame in (("trades", trades), ("orders", orders)):
        cpp, python = (without_strategy(frame[frame["strategy"] == s]) for s in ("A3", "A3-python"))
        same = cpp.equals(python)
        print(f"{name}: {len(cpp)} rows from C++, {len(python)} from Python, {'equal' if same else 'DIFFERENT'}")
        if not same:
            sys.exit(1)
