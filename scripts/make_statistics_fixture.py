#!/usr/bin/env python3
"""Writes Tests/ReportsTests/Fixtures/scipy_t.json: Student-t quantiles and CDFs, non-central t
CDFs and the paired-test sample sizes computed with SciPy, for the Reports statistics tests.

    python3 scripts/make_statistics_fixture.py   # needs scipy (pip install scipy)
"""
import json
import math
import os

import scipy
from scipy import stats

ALPHA, POWER = 0.05, 0.8


def paired_power(n, effect, sd):
    df = n - 1
    c = stats.t.ppf(1 - ALPHA / 2, df)
    nc = effect / sd * math.sqrt(n)
    return stats.nct.sf(c, df, nc) + stats.nct.cdf(-c, df, nc)


def seeds_needed(effect, sd):
    n = 2
    while paired_power(n, effect, sd) < POWER:
        n += 1
    return n


quantiles = [
    {"p": p, "df": df, "t": float(stats.t.ppf(p, df))}
    for df in [1, 2, 3, 4, 5, 7, 10, 29, 100]
    for p in [0.6, 0.9, 0.95, 0.975, 0.995, 0.025, 0.2]
]
cdfs = [
    {"t": t, "df": df, "p": float(stats.t.cdf(t, df))}
    for df in [1, 2, 3.5, 9, 40]
    for t in [-6.0, -1.3, -0.2, 0.0, 0.7, 2.1, 12.0]
]
noncentral = [
    {"t": t, "df": df, "nc": nc, "p": float(stats.nct.cdf(t, df, nc))}
    for df in [1, 2, 4, 9, 30]
    for nc in [-2.0, 0.0, 0.5, 1.7, 4.0, 9.0]
    for t in [-3.0, -0.5, 0.0, 1.0, 2.776, 8.0]
]
# SciPy's nct.cdf returns NaN far in the lower tail (e.g. t = -3 at nc = 9): left out.
noncentral = [row for row in noncentral if not math.isnan(row["p"])]
sample_sizes = [
    {"effect": e, "sd": sd, "seeds": seeds_needed(e, sd), "power_at_seeds": float(paired_power(seeds_needed(e, sd), e, sd))}
    for (e, sd) in [(1.0, 1.0), (0.5, 1.0), (1.66, 0.41), (0.98, 0.66), (5.62, 2.0), (2.34, 1.61), (1.0, 0.2), (2.0, 0.8), (0.2, 1.0)]
]

out = {
    "source": f"scipy {scipy.__version__}, scripts/make_statistics_fixture.py",
    "alpha": ALPHA,
    "power": POWER,
    "quantiles": quantiles,
    "cdfs": cdfs,
    "noncentral": noncentral,
    "sample_sizes": sample_sizes,
}
path = os.path.join(os.path.dirname(__file__), "..", "Tests", "ReportsTests", "Fixtures", "scipy_t.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {os.path.normpath(path)}")
