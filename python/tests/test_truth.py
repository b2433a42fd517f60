"""tapelab.truth against the CLI: the same build, the same files and printed
text; the same tables in every format."""
import pytest

import tapelab
from conftest import run_cli


@pytest.fixture(scope="module")
def truths(dataset_path, tmp_path_factory):
    root = tmp_path_factory.mktemp("truth")
    cli_text = run_cli("truth", "build", str(dataset_path), "--out", str(root / "cli"), "--underlying", "NIFTY")
    python_text = tapelab.truth.build(dataset_path, root / "python", underlyings=["NIFTY"], threads=1)
    return root, cli_text, python_text


def test_build_prints_and_writes_what_the_cli_does(truths):
    root, cli_text, python_text = truths
    assert python_text.replace(str(root / "python"), str(root / "cli")) == cli_text
    assert "2 days built" in python_text
    cli_files = sorted(p.relative_to(root / "cli") for p in (root / "cli").rglob("*") if p.is_file())
    python_files = sorted(p.relative_to(root / "python") for p in (root / "python").rglob("*") if p.is_file())
    assert python_files == cli_files and len(cli_files) > 4
    for name in cli_files:
        assert (root / "python" / name).read_bytes() == (root / "cli" / name).read_bytes(), name


@pytest.mark.parametrize("fmt", tapelab.truth.FORMATS)
def test_tables_equal_the_cli_output(truths, fmt):
    root, _, _ = truths
    expected = run_cli("truth", "tables", str(root / "cli"), "--format", fmt, "--from", "2025-11-17")
    assert tapelab.truth.tables(root / "cli", start="2025-11-17", format=fmt) == expected


def test_tables_frame(truths):
    root, _, _ = truths
    frame = tapelab.truth.tables_frame(root / "cli")
    assert list(frame.columns) == ["table", "underlying", "dte_bucket", "time_of_day", "regime", "statistic", "value"]
    assert set(frame["underlying"]) == {"NIFTY"} and len(frame) > 100


def test_errors_carry_the_cli_message(truths, tmp_path):
    root, _, _ = truths
    with pytest.raises(tapelab.Error, match="--underlying"):
        tapelab.truth.tables(root / "cli", underlyings=["NOPE"])
    with pytest.raises(tapelab.Error, match="unknown format"):
        tapelab.truth.tables(root / "cli", format="pdf")


def test_backtest_with_the_truth_writes_what_the_cli_does(truths, dataset_path, tmp_path):
    """backtest(truth=...) is `tapelab backtest --truth`: by_regime.csv and the filter included."""
    root, _, _ = truths
    config = '[[strategy]]\npreset = "B5"\nname = "B5calm"\nentry_regimes = ["calm"]\n'
    config_file = tmp_path / "calm.toml"
    config_file.write_text(config)
    cli_out = tmp_path / "cli"
    run_cli("backtest", str(config_file), "--preset", "S1", "--data", str(dataset_path), "--out", str(cli_out),
            "--underlying", "NIFTY", "--truth", str(root / "cli"))
    result = tapelab.backtest(presets=["S1"], configs=[config_file], data=str(dataset_path), underlyings=["NIFTY"],
                              truth=root / "cli")
    assert "by_regime.csv" in result.files
    result.write(tmp_path / "python")
    for name in result.files:
        assert (tmp_path / "python" / name).read_bytes() == (cli_out / name).read_bytes(), name
    regimes = {line.split(",")[3] for line in result.files["by_regime.csv"].decode().splitlines()[1:]
               if line.startswith("B5calm,")}
    assert regimes <= {"calm"}
    with pytest.raises(tapelab.Error, match="entry_regimes needs the market truth"):
        tapelab.backtest(configs=[config_file], data=str(dataset_path), underlyings=["NIFTY"])
