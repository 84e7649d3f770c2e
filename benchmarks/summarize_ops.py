#!/usr/bin/env python3
"""Summarises repeated `threeways-bench ops --json FILE` runs as a Markdown table: per
operator, the range (min-max over the runs) of our time, our rate as a share of OpenBLAS
sgemm on the same matrix products (convolutions), PyTorch's time and PyTorch time / ours.

    python3 benchmarks/summarize_ops.py run1.json run2.json run3.json
"""
import json
import sys


def rng(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    lo, hi = fmt.format(min(values)), fmt.format(max(values))
    return lo if lo == hi else lo + "-" + hi


runs = [json.load(open(p)) for p in sys.argv[1:]]
names = [r["row"]["name"] for r in runs[0]["rows"]]
print("| operator | shape | ours ms | % of sgemm | PyTorch ms | PyTorch/ours |")
print("|---|---|---|---|---|---|")
for name in names:
    rows = [r for run in runs for r in run["rows"] if r["row"]["name"] == name]
    first = rows[0]["row"]
    print(f"| {name} | {first['shape']} | {rng([1000 * r['row']['seconds'] for r in rows], '{:.2f}')} | "
          f"{rng([100 * r['fractionOfSgemm'] if r.get('fractionOfSgemm') is not None else None for r in rows], '{:.0f}')} | "
          f"{rng([1000 * r['row']['torchSeconds'] if r['row'].get('torchSeconds') else None for r in rows], '{:.2f}')} | "
          f"{rng([r.get('speedupOverTorch') for r in rows], '{:.2f}')} |")
