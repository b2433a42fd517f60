"""Every script in examples/ runs to the end on a generated dataset."""
import os
import subprocess
import sys

import pytest

from conftest import SOURCE_DIR

EXAMPLES = sorted((SOURCE_DIR / "examples").glob("*.py"))


def test_there_are_examples():
    expected = {"load_day.py", "price_chain.py", "run_presets.py", "market_truth.py", "truth_on_dask.py",
                "python_strategy.py", "ingest_on_dask.py"}
    assert expected <= {p.name for p in EXAMPLES}


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(script, dataset_path):
    done = subprocess.run([sys.executable, str(script), str(dataset_path)], capture_output=True, text=True,
                          env=os.environ.copy())
    assert done.returncode == 0, f"{script.name} failed:\n{done.stdout}\n{done.stderr}"
    assert done.stdout.strip(), f"{script.name} printed nothing"
