"""Dates as the native module takes them: 'YYYY-MM-DD' text."""
import datetime

import numpy as np


def iso(value) -> str:
    """'YYYY-MM-DD' from a date, a datetime, a numpy datetime64 or such text."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return str(value.astype("datetime64[D]"))
    raise TypeError(f"not a date: {value!r} (give 'YYYY-MM-DD', a datetime.date or a numpy datetime64)")


def to_date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
