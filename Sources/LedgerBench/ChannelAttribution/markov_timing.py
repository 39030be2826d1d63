"""Times ChannelAttribution.markov_model on each path/count table given (CSV with columns
path, total_conversions, total_null; paths written "a > b > c"), as its documentation runs it:
first order, the package's default simulation settings. Reading the CSV is not timed.
Prints one JSON object per table: file, paths, journeys, seconds, removal effects."""

import json
import sys
import time

import pandas as pd
import ChannelAttribution as ca

for table in sys.argv[1:]:
    frame = pd.read_csv(table, keep_default_na=False)
    started = time.perf_counter()
    result = ca.markov_model(frame, var_path="path", var_conv="total_conversions", var_null="total_null",
                             order=1, out_more=True, verbose=0, flg_pro=False)
    seconds = time.perf_counter() - started
    effects = result["removal_effects"]
    print(json.dumps({
        "file": table,
        "paths": int(len(frame)),
        "journeys": int(frame["total_conversions"].sum() + frame["total_null"].sum()),
        "seconds": seconds,
        "removal_effects": {str(row.channel_name): float(row.removal_effect) for row in effects.itertuples()},
    }), flush=True)
