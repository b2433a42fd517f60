"""Vectorised option pricing: Black-76 (on a forward) and Black-Scholes (on a
spot), prices, Greeks and implied volatility over numpy arrays.

Every element is computed by the same functions as ``tapelab price``, so the
results are bit-equal to it. Arguments broadcast like numpy's; the work runs
without the GIL, split over all cores. Units are those of ``tapelab price``:
years to expiry, continuously compounded rates, vol per 1.00 (0.2 = 20%),
theta per year, vega per 1.00 of vol.
"""
from __future__ import annotations

import numpy as np

from . import _tapelab

MODELS = ("black76", "bs")
_CALLS = {"CE", "C", "CALL"}
_PUTS = {"PE", "P", "PUT"}
IV_STATUSES: tuple[str, ...] = tuple(_tapelab.iv_statuses())


def _is_put(option_type) -> np.ndarray:
    """'CE'/'PE' (or 'call'/'put', any case), scalar or array, as 0/1."""
    names = np.char.upper(np.asarray(option_type, dtype=str))
    calls, puts = np.isin(names, list(_CALLS)), np.isin(names, list(_PUTS))
    if not np.all(calls | puts):
        bad = names[~(calls | puts)].ravel()[0]
        raise ValueError(f"unknown option type '{bad}' (CE or PE)")
    return puts.astype(np.int8)


def _broadcast(*arrays):
    """Inputs broadcast to one shape, flattened to contiguous 1-d arrays, and that shape."""
    arrays = np.broadcast_arrays(*arrays)
    shape = arrays[0].shape
    return [np.ascontiguousarray(a).reshape(-1) for a in arrays], shape


def _shaped(values: np.ndarray, shape):
    return values.reshape(shape) if shape else values.reshape(()).item()


def _check_model(model: str) -> str:
    if model not in MODELS:
        raise ValueError(f"unknown model '{model}' (black76 or bs)")
    return model


def price(underlying, strike, years, vol, option_type, *, model: str = "black76", rate=0.0, dividend=0.0):
    """Premiums. underlying is the forward (black76) or the spot (bs)."""
    floats = [np.asarray(x, dtype=np.float64) for x in (underlying, strike, years, vol, rate, dividend)]
    (u, k, t, v, r, q, p), shape = _broadcast(*floats, _is_put(option_type))
    return _shaped(_tapelab.price(_check_model(model), u, k, t, v, r, q, p), shape)


def greeks(underlying, strike, years, vol, option_type, *, model: str = "black76", rate=0.0, dividend=0.0) -> dict:
    """{'price', 'delta', 'gamma', 'theta', 'vega', 'rho'}: each an array (theta per year, vega per 1.00 of vol)."""
    floats = [np.asarray(x, dtype=np.float64) for x in (underlying, strike, years, vol, rate, dividend)]
    (u, k, t, v, r, q, p), shape = _broadcast(*floats, _is_put(option_type))
    out = _tapelab.greeks(_check_model(model), u, k, t, v, r, q, p)
    return {name: _shaped(values, shape) for name, values in out.items()}


def implied_vol(premium, underlying, strike, years, option_type, *, model: str = "black76", rate=0.0, dividend=0.0,
                return_status: bool = False):
    """Implied vols, NaN where no vol explains the premium.

    With return_status, also an array of status names (IV_STATUSES): 'solved',
    'expired', 'at_or_below_intrinsic', 'at_or_above_upper_bound', ...
    """
    floats = [np.asarray(x, dtype=np.float64) for x in (premium, underlying, strike, years, rate, dividend)]
    (c, u, k, t, r, q, p), shape = _broadcast(*floats, _is_put(option_type))
    vols, codes = _tapelab.implied_vol(_check_model(model), c, u, k, t, r, q, p)
    if not return_status:
        return _shaped(vols, shape)
    names = np.asarray(IV_STATUSES, dtype=object)[codes]
    return _shaped(vols, shape), _shaped(names, shape)
