"""Build the market truth tables of a dataset and read their statistics.

    PYTHONPATH=build/release/python /usr/bin/python3 examples/market_truth.py demo-output/dataset
"""
import sys
import tempfile

import tapelab

data = sys.argv[1] if len(sys.argv) > 1 else "demo-output/dataset"
with tempfile.TemporaryDirectory() as truth:
    print(tapelab.truth.build(data, truth), end="")
    stats = tapelab.truth.tables_frame(truth)
    bursts = stats[(stats["table"] == "bursts") & (stats["statistic"] == "bursts") & (stats["regime"] != "all")
                   & (stats["dte_bucket"] != "all") & (stats["time_of_day"] != "all")]
    print("bursts by underlying and time of day, over every DTE bucket and regime:")
    print(bursts.groupby(["underlying", "time_of_day"])["value"].sum().to_string())
    print(tapelab.truth.tables(truth, format="md")[:600])
