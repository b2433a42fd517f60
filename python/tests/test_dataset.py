"""tapelab.Dataset: what it lists and the arrays it returns, checked against
the manifest and against DuckDB reading the same partition files."""
import datetime
import json

import numpy as np
import pandas as pd
import pytest

import tapelab
from conftest import duckdb_stats


def partition_file(dataset_path, kind, date, underlying):
    return dataset_path / kind / f"date={date}" / f"underlying={underlying}" / "part-0.parquet"


def stats_of(day: tapelab.Day, name: str):
    """(non-null count, sum) of a column, as column_stats.mjs computes them."""
    values, mask = day[name], day.mask(name)
    if values.dtype == object:
        present = [v for v in values if v is not None]
        return len(present), float(sum(len(v) for v in present))
    if values.dtype.kind == "f":
        valid = ~np.isnan(values)
        return int(valid.sum()), float(values[valid].sum())
    valid = mask if mask is not None else np.ones(len(values), dtype=bool)
    numbers = values[valid]
    if values.dtype.kind == "M":
        unit = "D" if values.dtype == np.dtype("datetime64[D]") else "us"
        numbers = numbers.astype(f"datetime64[{unit}]").astype(np.int64)
    return int(valid.sum()), float(numbers.astype(np.float64).sum())


def assert_equals_duckdb(day: tapelab.Day, expected: dict):
    assert day.rows == expected["rows"]
    assert list(day) == list(expected["columns"])
    for name, want in expected["columns"].items():
        count, total = stats_of(day, name)
        assert count == want["count"], name
        if want["sum"] is not None:
            assert total == pytest.approx(float(want["sum"]), rel=1e-9), name


def test_days_and_info_describe_the_manifest(dataset_path):
    ds = tapelab.Dataset(dataset_path)
    manifest = json.loads((dataset_path / "manifest.json").read_text())
    days = ds.days()
    assert days == sorted(days)
    listed = {(d.isoformat(), u, k) for d, u, kinds in days for k in kinds}
    in_manifest = {(p["date"], p["underlying"], p["kind"]) for p in manifest["partitions"]}
    assert listed == in_manifest
    info = ds.info()
    assert info["rows"]["options"] == sum(p["rows"] for p in manifest["partitions"] if p["kind"] == "options")
    assert info["partitions"]["spot"] == sum(1 for p in manifest["partitions"] if p["kind"] == "spot")
    assert ds.days(underlying="NIFTY", kind="spot") == [d for d in days if d[1] == "NIFTY" and "spot" in d[2]]


@pytest.mark.parametrize("underlying", ["NIFTY", "BANKNIFTY"])
def test_the_nearest_expiry_equals_duckdbs_reading_column_by_column(dataset_path, underlying):
    date, _, _ = tapelab.Dataset(dataset_path).days(underlying=underlying)[0]
    day = tapelab.Dataset(dataset_path).day(date, underlying)
    file = partition_file(dataset_path, "options", date, underlying)
    expected = duckdb_stats(file, f"expiry = (SELECT min(expiry) FROM read_parquet('{file}'))")
    assert_equals_duckdb(day, expected)
    assert len(np.unique(day["expiry"])) == 1


def test_every_expiry_and_the_spot_equal_duckdbs_reading(dataset_path):
    ds = tapelab.Dataset(dataset_path)
    date, underlying, _ = ds.days(underlying="NIFTY")[-1]
    every = ds.day(date, underlying, expiries="all")
    assert_equals_duckdb(every, duckdb_stats(partition_file(dataset_path, "options", date, underlying)))
    assert len(np.unique(every["expiry"])) > 1
    one = every["expiry"].max()
    only = ds.day(date, underlying, expiries=one)
    assert only.rows == int((every["expiry"] == one).sum())
    spot = ds.day(date, underlying, kind="spot")
    assert_equals_duckdb(spot, duckdb_stats(partition_file(dataset_path, "spot", date, underlying)))


def test_columns_come_typed_in_the_order_asked(dataset_path):
    ds = tapelab.Dataset(dataset_path)
    date, underlying, _ = ds.days()[0]
    day = ds.day(date, underlying, columns=["strike", "timestamp", "bp0", "oi", "opt_type", "expiry", "is_weekly"])
    assert list(day) == ["strike", "timestamp", "bp0", "oi", "opt_type", "expiry", "is_weekly"]
    assert day["strike"].dtype == np.int32
    assert day["timestamp"].dtype == np.dtype("datetime64[us]")
    assert day["bp0"].dtype == np.float64
    assert day["oi"].dtype == np.int64 and day.mask("oi").dtype == bool
    assert day["expiry"].dtype == np.dtype("datetime64[D]")
    assert set(day["opt_type"]) == {"CE", "PE"}
    assert day.mask("bp0") is None  # floats carry NaN instead
    # The dataset's sort order survives: strike by strike, each in time order.
    order = np.lexsort((day["timestamp"], day["strike"], day["opt_type"]))
    assert np.array_equal(order, np.arange(day.rows))
    # Timestamps are the IST wall clock of the session, not UTC.
    first = day["timestamp"].min().astype(datetime.datetime)
    assert first.date() == date and datetime.time(9, 15) <= first.time() < datetime.time(9, 20)


def test_pandas_gets_nullable_integers_and_the_same_values(dataset_path):
    ds = tapelab.Dataset(dataset_path)
    date, underlying, _ = ds.days()[0]
    frame = ds.day(date, underlying, columns=["timestamp", "oi", "lot_size", "bp0", "opt_type"], pandas=True)
    arrays = ds.day(date, underlying, columns=["timestamp", "oi", "lot_size", "bp0", "opt_type"])
    assert isinstance(frame, pd.DataFrame) and len(frame) == arrays.rows
    assert str(frame["oi"].dtype) == "Int64" and str(frame["lot_size"].dtype) == "Int32"
    assert frame["oi"].isna().sum() == (~arrays.mask("oi")).sum()
    assert np.array_equal(frame["oi"].dropna().to_numpy(np.int64), arrays["oi"][arrays.mask("oi")])
    assert np.array_equal(frame["bp0"].to_numpy(), arrays["bp0"], equal_nan=True)


def test_iter_days_walks_a_range_in_order(dataset_path):
    ds = tapelab.Dataset(dataset_path)
    days = ds.days(underlying="BANKNIFTY")
    start = days[-1][0]
    seen = [(d, u, day.rows) for d, u, day in ds.iter_days(start=start, underlying="BANKNIFTY", columns=["strike"])]
    assert [(d, u) for d, u, _ in seen] == [(d, u) for d, u, _ in days if d >= start]
    assert all(rows > 0 for _, _, rows in seen)


def test_bad_requests_raise_errors_that_name_what_is_wrong(dataset_path):
    ds = tapelab.Dataset(dataset_path)
    date, underlying, _ = ds.days()[0]
    with pytest.raises(tapelab.Error, match="no options partition for 2001-01-01 NIFTY"):
        ds.day("2001-01-01", "NIFTY")
    with pytest.raises(tapelab.Error, match="no_such_column"):
        ds.day(date, underlying, columns=["no_such_column"])
    with pytest.raises(tapelab.Error, match="unknown kind 'bonds'"):
        ds.day(date, underlying, kind="bonds")
    with pytest.raises(tapelab.Error, match="'2025-13-45' is not a date"):
        ds.day("2025-13-45", underlying)
    with pytest.raises(tapelab.Error, match="no such dataset folder"):
        tapelab.Dataset(dataset_path / "missing")


def test_ingest_writes_the_clis_dataset(recording_path, dataset_path, tmp_path):
    out = tmp_path / "dataset"
    text = tapelab.ingest(recording_path, out, calendar=recording_path / "expiry_calendar.csv", jobs=1)
    assert text.startswith("ingest ") and str(out / "audit") in text
    parts = sorted(p.relative_to(dataset_path) for p in dataset_path.rglob("*.parquet"))
    assert len(parts) == 2 * 2 * 3  # 2 days x 2 underlyings x options, spot, futures
    assert sorted(p.relative_to(out) for p in out.rglob("*.parquet")) == parts
    for part in parts:
        assert (out / part).read_bytes() == (dataset_path / part).read_bytes(), part
    with pytest.raises(tapelab.Error, match="no-such-folder"):
        tapelab.ingest(tmp_path / "no-such-folder", tmp_path / "other")
    with pytest.raises(tapelab.Error, match="another expiry calendar"):
        tapelab.ingest(recording_path, out)  # the built-in rules, over a dataset built with the file's
