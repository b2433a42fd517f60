"""tapelab.backtest and tapelab.sweep against the CLI: the same run through
both writes the same files, byte for byte, and the DataFrames equal what
pandas reads from the CLI's files."""
import json
import subprocess

import pytest

import tapelab
from conftest import BINARY, SOURCE_DIR, run_cli
from tapelab.runs import read_csv

EXAMPLE_CONFIG = SOURCE_DIR / "strategies" / "example.toml"
SWEEP_CONFIG = SOURCE_DIR / "strategies" / "sweep-example.toml"
PRESETS = ["S1", "B2"]


def assert_same_folders(cli_dir, python_dir, names):
    for name in names:
        assert (python_dir / name).read_bytes() == (cli_dir / name).read_bytes(), f"{name} differs from the CLI's"
    cli_files = sorted(p.relative_to(cli_dir) for p in cli_dir.rglob("*") if p.is_file())
    python_files = sorted(p.relative_to(python_dir) for p in python_dir.rglob("*") if p.is_file())
    assert python_files == cli_files


@pytest.fixture(scope="module")
def cli_backtest(dataset_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli-backtest")
    stdout = run_cli("backtest", str(EXAMPLE_CONFIG), "--preset", ",".join(PRESETS), "--data", str(dataset_path),
                     "--out", str(out), "--from", "2025-11-17", "--underlying", "NIFTY")
    return out, stdout


@pytest.fixture(scope="module")
def python_backtest(dataset_path):
    return tapelab.backtest(presets=PRESETS, configs=[EXAMPLE_CONFIG], data=str(dataset_path), start="2025-11-17",
                            underlyings=["NIFTY"])


def test_backtest_writes_the_cli_files_byte_for_byte(cli_backtest, python_backtest, tmp_path):
    cli_dir, _ = cli_backtest
    python_backtest.write(tmp_path / "out")
    names = ["trades.csv", "orders.csv", "daily.csv", "intraday.csv", "equity.csv", "summary.json", "report.html",
             "provenance.json"]
    assert list(python_backtest.files) == names
    assert_same_folders(cli_dir, tmp_path / "out", names)


def test_backtest_frames_equal_the_cli_files_read_by_pandas(cli_backtest, python_backtest):
    cli_dir, _ = cli_backtest
    assert len(python_backtest.trades) > 0 and len(python_backtest.intraday) > 0
    for name in ["trades", "orders", "daily", "intraday", "equity"]:
        frame = getattr(python_backtest, name)
        assert frame.equals(read_csv((cli_dir / f"{name}.csv").read_bytes())), name
    assert python_backtest.summary == json.loads((cli_dir / "summary.json").read_text())
    assert python_backtest.trades["net"].sum() == pytest.approx(python_backtest.daily["net"].sum(), abs=1e-6)


def test_backtest_text_is_what_the_cli_prints(cli_backtest, python_backtest):
    _, stdout = cli_backtest
    assert stdout.startswith(python_backtest.text)
    assert "A1" in python_backtest.text and "B2" in python_backtest.text


def test_provenance_records_the_dataset_as_given(dataset_path, python_backtest):
    # provenance.json holds what was given, not the run's time or machine: the
    # dataset path as spelled, the config paths as spelled, the selection. A
    # second spelling of the same dataset changes only dataset.path.
    respelled = tapelab.backtest(presets=PRESETS, configs=[EXAMPLE_CONFIG], data=f"{dataset_path}/.",
                                 start="2025-11-17", underlyings="NIFTY")
    first, second = python_backtest.provenance, respelled.provenance
    assert first["dataset"]["path"] == str(dataset_path)
    assert second["dataset"]["path"] == f"{dataset_path}/."
    second["dataset"]["path"] = first["dataset"]["path"]
    assert first == second
    assert first["configuration"]["documents"][0]["source"] == str(EXAMPLE_CONFIG)
    assert {f: respelled.files[f] for f in respelled.files if f != "provenance.json"} == \
        {f: python_backtest.files[f] for f in python_backtest.files if f != "provenance.json"}


def test_configs_may_be_toml_text(dataset_path):
    text = '[[strategy]]\npreset = "A1"\nname = "A1-text"\n'
    result = tapelab.backtest(configs=[text], data=dataset_path, end="2025-11-17")
    assert list(result.daily["strategy"].unique()) == ["A1-text"]
    assert result.provenance["configuration"]["documents"] == [{"source": "config text 1", "text": text}]


def cli_error(*args):
    done = subprocess.run([BINARY, *args], capture_output=True, text=True)
    assert done.returncode != 0
    return done.stderr.strip()


@pytest.mark.parametrize("case", ["bad preset", "missing dataset", "empty selection", "bad date"])
def test_backtest_errors_carry_the_cli_message(case, dataset_path, tmp_path):
    data, presets, start = str(dataset_path), ["A1"], None
    if case == "bad preset":
        presets = ["NO-SUCH"]
    elif case == "missing dataset":
        data = str(tmp_path / "nowhere")
    elif case == "empty selection":
        start = "2030-01-01"
    else:
        start = "2025-13-01"
    with pytest.raises(tapelab.Error) as raised:
        tapelab.backtest(presets=presets, data=data, start=start)
    flags = ["--from", start] if start else []
    message = cli_error("backtest", "--preset", presets[0], "--data", data, "--out", str(tmp_path / "out"), *flags)
    assert str(raised.value) and str(raised.value) in message


def test_backtest_releases_the_gil(dataset_path):
    import threading

    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.001)

    ticker = threading.Thread(target=tick)
    ticker.start()
    before = len(ticks)
    try:
        tapelab.backtest(presets=["B2"], data=dataset_path, threads=1)
    finally:
        stop.set()
        ticker.join()
    assert len(ticks) - before > 5, "another Python thread did not run while the engine ran"


@pytest.mark.parametrize("keep_trades", [False, True], ids=["ranking", "keep-trades"])
def test_sweep_writes_the_cli_files_byte_for_byte(dataset_path, tmp_path, keep_trades):
    cli_dir = tmp_path / "cli"
    flags = ["--keep-trades"] if keep_trades else []
    stdout = run_cli("sweep", str(SWEEP_CONFIG), "--data", str(dataset_path), "--out", str(cli_dir), "--split",
                     "2025-11-18", "--top", "5", *flags)
    result = tapelab.sweep(SWEEP_CONFIG, data=str(dataset_path), split="2025-11-18", top=5, keep_trades=keep_trades)
    result.write(tmp_path / "python")
    assert_same_folders(cli_dir, tmp_path / "python", list(result.files))
    assert stdout.startswith(result.text)
    assert result.ranking.equals(read_csv((cli_dir / "sweep.csv").read_bytes()))
    assert result.walk_forward.equals(read_csv((cli_dir / "walk-forward.csv").read_bytes()))
    assert len(result.ranking) == 29
    if keep_trades:
        assert result.backtest.trades.equals(read_csv((cli_dir / "backtest" / "trades.csv").read_bytes()))
    else:
        assert result.backtest is None


def test_sweep_errors_carry_the_cli_message(dataset_path, tmp_path):
    with pytest.raises(tapelab.Error, match="--picks needs --split or --walk-forward"):
        tapelab.sweep(SWEEP_CONFIG, data=dataset_path, picks=2)
    with pytest.raises(tapelab.Error, match="rank"):
        tapelab.sweep(SWEEP_CONFIG, data=dataset_path, rank_by="luck")
