"""tapelab.pricing: vectorised results equal `tapelab price`, element by element."""
import json

import numpy as np
import pytest

import tapelab
from conftest import run_cli

# (model, type, underlying, strike, years, rate, dividend, vol): calls and puts,
# in and out of the money, short and long dated, both models.
CASES = [
    ("black76", "CE", 22000.0, 22100.0, 0.02, 0.065, 0.0, 0.15),
    ("black76", "PE", 22000.0, 21500.0, 0.002, 0.065, 0.0, 0.32),
    ("black76", "CE", 48000.0, 46000.0, 0.25, 0.07, 0.0, 0.18),
    ("bs", "PE", 22000.0, 22100.0, 0.02, 0.065, 0.01, 0.12),
    ("bs", "CE", 51000.0, 52500.0, 0.08, 0.065, 0.013, 0.21),
    ("bs", "PE", 19000.0, 17000.0, 0.5, 0.06, 0.0, 0.4),
]


def cli_price(model, option_type, underlying, strike, years, rate, dividend, *, vol=None, premium=None):
    args = ["price", "--model", model, "--type", option_type, "--strike", repr(strike),
            "--expiry-years", repr(years), "--rate", repr(rate), "--json"]
    args += ["--forward", repr(underlying)] if model == "black76" else ["--spot", repr(underlying), "--div", repr(dividend)]
    args += ["--vol", repr(vol)] if vol is not None else ["--price", repr(premium)]
    return json.loads(run_cli(*args))


def vector_inputs(model):
    rows = [c for c in CASES if c[0] == model]
    columns = list(zip(*rows))
    return rows, [np.array(c) for c in columns[1:]]


@pytest.mark.parametrize("model", ["black76", "bs"])
def test_prices_and_greeks_equal_the_cli_bit_for_bit(model):
    rows, (types, underlying, strike, years, rate, dividend, vol) = vector_inputs(model)
    greeks = tapelab.pricing.greeks(underlying, strike, years, vol, types, model=model, rate=rate, dividend=dividend)
    prices = tapelab.pricing.price(underlying, strike, years, vol, types, model=model, rate=rate, dividend=dividend)
    for i, (_, t, u, k, y, r, q, v) in enumerate(rows):
        cli = cli_price(model, t, u, k, y, r, q, vol=v)
        assert prices[i] == cli["price"]
        assert greeks["price"][i] == cli["price"]
        assert greeks["delta"][i] == cli["delta"]
        assert greeks["gamma"][i] == cli["gamma"]
        assert greeks["theta"][i] == cli["theta_per_year"]
        assert greeks["vega"][i] == cli["vega_per_unit"]
        assert greeks["rho"][i] == cli["rho"]


@pytest.mark.parametrize("model", ["black76", "bs"])
def test_implied_vols_equal_the_cli_bit_for_bit(model):
    rows, (types, underlying, strike, years, rate, dividend, vol) = vector_inputs(model)
    premiums = tapelab.pricing.price(underlying, strike, years, vol, types, model=model, rate=rate, dividend=dividend)
    vols = tapelab.pricing.implied_vol(premiums, underlying, strike, years, types, model=model, rate=rate,
                                       dividend=dividend)
    for i, (_, t, u, k, y, r, q, _) in enumerate(rows):
        cli = cli_price(model, t, u, k, y, r, q, premium=float(premiums[i]))
        assert cli["iv_status"] == "solved"
        assert vols[i] == cli["vol"]
    np.testing.assert_allclose(vols, vol, rtol=1e-7)


def test_arguments_broadcast_and_scalars_give_floats():
    strikes = np.arange(21000.0, 23001.0, 50.0)
    chain = tapelab.pricing.price(22000.0, strikes[:, None], 0.02, 0.15, np.array(["CE", "PE"]), rate=0.065)
    assert chain.shape == (len(strikes), 2)
    one = tapelab.pricing.price(22000.0, 22100.0, 0.02, 0.15, "call", rate=0.065)
    assert isinstance(one, float)
    assert one == chain[list(strikes).index(22100.0), 0]
    # Put-call parity on the forward: C - P = e^{-rT} (F - K).
    parity = np.exp(-0.065 * 0.02) * (22000.0 - strikes)
    np.testing.assert_allclose(chain[:, 0] - chain[:, 1], parity, rtol=0, atol=1e-9)


def test_a_million_elements_on_all_cores_equal_the_same_elements_one_by_one():
    rng = np.random.default_rng(7)
    n = 1_000_000
    forward = rng.uniform(20000, 24000, n)
    strike = np.round(rng.uniform(19000, 25000, n) / 50) * 50
    years = rng.uniform(0.001, 0.2, n)
    vol = rng.uniform(0.05, 0.6, n)
    types = np.where(rng.random(n) < 0.5, "CE", "PE")
    premium = tapelab.pricing.price(forward, strike, years, vol, types, rate=0.065)
    vols, status = tapelab.pricing.implied_vol(premium, forward, strike, years, types, rate=0.065, return_status=True)
    sample = rng.choice(n, 200, replace=False)
    for i in sample:
        alone = tapelab.pricing.implied_vol(premium[i], forward[i], strike[i], years[i], types[i], rate=0.065)
        assert (np.isnan(alone) and np.isnan(vols[i])) or alone == vols[i]
    solved = status == "solved"
    assert solved.mean() > 0.5
    assert np.all(np.isnan(vols[~solved]))
    assert set(np.unique(status)) <= set(tapelab.pricing.IV_STATUSES)


def test_unsolvable_premiums_are_nan_with_their_reason():
    vols, status = tapelab.pricing.implied_vol([1.0, 30000.0, 120.0], 22000.0, 21000.0, [0.02, 0.02, 0.0], "CE",
                                               return_status=True)
    assert np.isnan(vols).all()
    assert list(status) == ["at_or_below_intrinsic", "at_or_above_upper_bound", "expired"]


def test_inputs_that_describe_no_option_raise_the_libraries_message_with_the_element():
    with pytest.raises(tapelab.Error, match=r"element 2: .*strike"):
        tapelab.pricing.price(22000.0, [22000.0, 22100.0, -5.0], 0.02, 0.15, "CE")
    with pytest.raises(ValueError, match="unknown option type 'XX'"):
        tapelab.pricing.price(22000.0, 22000.0, 0.02, 0.15, ["CE", "XX"])
    with pytest.raises(ValueError, match="unknown model"):
        tapelab.pricing.price(22000.0, 22000.0, 0.02, 0.15, "CE", model="heston")
